from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = "账号与安全"

    def ready(self):
        from . import audit, middleware  # noqa: F401  (connect their signal receivers)


class DeskAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the desk's site: a password alone never opens it for editors."""

    default = False  # named in INSTALLED_APPS in place of django.contrib.admin
    default_site = "accounts.admin_site.DeskAdminSite"
