"""编辑 and 主编 plan pages (slots) and set page capacities; 主编 may read what was sent."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CRUD = ["add", "change", "delete", "view"]
ROLES = {
    "编辑": {"slot": CRUD, "pagecapacity": CRUD},
    "主编": {"slot": CRUD, "pagecapacity": CRUD, "notification": ["view"]},
}


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, models in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for model, actions in models.items():
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="planning",
                    codename__in=[f"{action}_{model}" for action in actions],
                )
            )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="planning"))


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0001_initial"),
        ("articles", "0004_editorial_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
