from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = "统计与台账"

    def ready(self):
        from django.db.models.signals import pre_delete

        from articles.changes import follow_articles
        from articles.models import Article

        from . import checks, derive  # noqa: F401  (registers the system check)

        follow_articles(derive.refresh)
        pre_delete.connect(
            derive.article_deleting, sender=Article, dispatch_uid="reports-article-deleting"
        )
