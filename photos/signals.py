"""Saves and deletes of photos, facsimiles and areas, announced to ``articles.changes``.

Only an adapter, like ``articles.signals``; deleting a row also deletes its files once
the delete is committed (files another row still names are kept).
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles import changes

from . import files
from .models import ArticleArea, Facsimile, Photo


@receiver(post_save, sender=Photo, dispatch_uid="photos-photo-saved")
def photo_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        changes.articles_changed([instance.article_id])


@receiver(post_delete, sender=Photo, dispatch_uid="photos-photo-deleted")
def photo_deleted(sender, instance, **kwargs):
    shared = instance.image and Photo.objects.filter(image=instance.image.name).exists()
    if not shared:
        files.delete_on_commit(instance.file_names())
    changes.articles_changed([instance.article_id])


@receiver(post_save, sender=Facsimile, dispatch_uid="photos-facsimile-saved")
def facsimile_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        changes.pages_changed([instance.page_id])


@receiver(post_delete, sender=Facsimile, dispatch_uid="photos-facsimile-deleted")
def facsimile_deleted(sender, instance, **kwargs):
    files.delete_on_commit(instance.file_names())
    changes.pages_changed([instance.page_id])


@receiver(post_save, sender=ArticleArea, dispatch_uid="photos-area-saved")
@receiver(post_delete, sender=ArticleArea, dispatch_uid="photos-area-deleted")
def area_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        changes.site_changed()
