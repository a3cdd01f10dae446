"""The desk's three roles as groups: 通讯员 (correspondent), 编辑 (editor), 主编 (chief editor)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEW_DESK = [
    "articles.view_issue",
    "articles.view_page",
    "articles.view_column",
    "articles.view_columnrun",
    "articles.view_series",
    "articles.view_tag",
    "articles.view_articletransition",
    "organizations.view_organization",
    "organizations.view_person",
]

CORRESPONDENT = VIEW_DESK + [
    "articles.view_article",
    "articles.add_article",
    "articles.change_article",
    "articles.submit_article",
    "articles.add_section",
    "articles.change_section",
    "articles.delete_section",
    "articles.view_section",
    "articles.add_credit",
    "articles.change_credit",
    "articles.delete_credit",
    "articles.view_credit",
    "articles.add_pageimport",
    "articles.view_pageimport",
    "organizations.add_person",
]


def crud(label, *models):
    return [f"{label}.{verb}_{m}" for m in models for verb in ("add", "change", "view")]


EDITOR = sorted(
    set(
        CORRESPONDENT
        + crud(
            "articles",
            "article",
            "issue",
            "page",
            "pagesponsor",
            "column",
            "columnrun",
            "columnrunsponsor",
            "columncredit",
            "series",
            "tag",
            "section",
            "credit",
            "suggestiondismissal",
        )
        + crud("organizations", "organization", "person")
        + [
            "articles.review_article",
            "articles.arrange_issue",
            "articles.delete_pagesponsor",
            "articles.delete_columnrunsponsor",
            "articles.delete_columncredit",
            "articles.delete_columnrun",
        ]
    )
)

CHIEF = sorted(
    set(EDITOR + ["articles.publish_issue", "articles.delete_article", "articles.delete_page"])
)

ROLES = {"通讯员": CORRESPONDENT, "编辑": EDITOR, "主编": CHIEF}


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = [tuple(code.split(".")) for code in codes]
        perms = [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in wanted
        ]
        group.permissions.set(perms)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_suggestion_dismissal"),
        ("organizations", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
