from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = "账号与安全"

    def ready(self):
        from . import audit, middleware  # noqa: F401  (connect their signal receivers)

        name_third_party_models_in_chinese()


# django-axes and django-otp ship no Simplified Chinese catalogue: their apps and models
# would show in English on the desk's index and sidebar. Their names, as the desk shows them.
CHINESE_NAMES = {
    "axes": (
        "登录锁定",
        {
            "accessattempt": "登录失败记录",
            "accesslog": "登录记录",
            "accessfailurelog": "登录失败日志",
        },
    ),
    "otp_totp": ("动态口令", {"totpdevice": "动态口令设备"}),
    "otp_static": ("恢复码", {"staticdevice": "恢复码组", "statictoken": "恢复码"}),
}


def name_third_party_models_in_chinese():
    from django.apps import apps

    for label, (app_name, models) in CHINESE_NAMES.items():
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        config.verbose_name = app_name
        for model_name, name in models.items():
            try:
                meta = config.get_model(model_name)._meta
            except LookupError:
                continue
            meta.verbose_name = meta.verbose_name_plural = name


class DeskAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the desk's site: a password alone never opens it for editors."""

    default = False  # named in INSTALLED_APPS in place of django.contrib.admin
    default_site = "accounts.admin_site.DeskAdminSite"
