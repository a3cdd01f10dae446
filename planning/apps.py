from django.apps import AppConfig


class PlanningConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "planning"
    verbose_name = "版面规划与通知"

    def ready(self):
        from . import signals  # noqa: F401  (transitions and publishing -> notifications)
