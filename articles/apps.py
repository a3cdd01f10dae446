from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = "报纸编排"

    def ready(self):
        from articles.caching import connect_signals

        connect_signals()
        import articles.search.signals  # noqa: F401  (search index and user dictionary)
