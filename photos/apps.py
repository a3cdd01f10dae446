from django.apps import AppConfig


class PhotosConfig(AppConfig):
    name = "photos"
    verbose_name = "图片与版面图"

    def ready(self):
        from . import signals  # noqa: F401
