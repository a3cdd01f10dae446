"""编辑 and 主编 keep the sponsorship agreements (the roles are made in articles 0004)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODES = ["add_sponsorshipagreement", "change_sponsorshipagreement", "view_sponsorshipagreement"]
ROLES = {"编辑": CODES, "主编": [*CODES, "delete_sponsorshipagreement"]}


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        if app_config.label in ("reports", "contenttypes", "auth"):
            app_config.models_module = True
            create_permissions(app_config, apps=apps, verbosity=0)
            app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in ROLES.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="reports", codename__in=codes)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("articles", "0004_editorial_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
