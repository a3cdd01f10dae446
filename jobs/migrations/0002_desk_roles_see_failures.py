"""编辑 and 主编 see the failed background tasks on the desk."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = ["编辑", "主编"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("jobs")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.get(content_type__app_label="jobs", codename="view_taskfailure")
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.add(view)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.filter(content_type__app_label="jobs", codename="view_taskfailure")
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.remove(*view)


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0001_initial"),
        ("articles", "0004_editorial_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
