from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = "报纸编排"

    def ready(self):
        from . import checks, signals  # noqa: F401  (registers the system check and the receivers)
