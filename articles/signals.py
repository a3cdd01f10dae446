"""Ordinary model saves and deletes, turned into announcements to ``articles.changes``.

Only an adapter: it decides which announcement a save is, never what it does.
Saves of raw fixture rows (``loaddata``, a revision's deserialised objects) are left
to whoever wrote them: ``load_demo`` and revision restore announce their own changes.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from organizations.models import Organization, Person

from . import changes
from .models import (
    Article,
    Column,
    ColumnCredit,
    ColumnRun,
    ColumnRunSponsor,
    Credit,
    Issue,
    Page,
    PageSponsor,
    Section,
    Series,
    Tag,
    TaggedArticle,
)


def _raw(kwargs):
    return kwargs.get("raw", False)


@receiver(post_save, sender=Article, dispatch_uid="changes-article-saved")
@receiver(post_delete, sender=Article, dispatch_uid="changes-article-deleted")
def article_changed(sender, instance, **kwargs):
    if not _raw(kwargs):
        changes.articles_changed([instance.pk])


@receiver(post_save, sender=Section, dispatch_uid="changes-section-saved")
@receiver(post_delete, sender=Section, dispatch_uid="changes-section-deleted")
@receiver(post_save, sender=Credit, dispatch_uid="changes-credit-saved")
@receiver(post_delete, sender=Credit, dispatch_uid="changes-credit-deleted")
@receiver(post_save, sender=TaggedArticle, dispatch_uid="changes-tagged-saved")
@receiver(post_delete, sender=TaggedArticle, dispatch_uid="changes-tagged-deleted")
def article_part_changed(sender, instance, **kwargs):
    if _raw(kwargs):
        return
    article_id = getattr(instance, "article_id", None) or getattr(
        instance, "content_object_id", None
    )
    changes.articles_changed([article_id])


@receiver(m2m_changed, sender=Article.organizations.through, dispatch_uid="changes-mentions")
@receiver(m2m_changed, sender=Article.tags.through, dispatch_uid="changes-tags")
def article_links_changed(sender, instance, action, reverse, pk_set, model, **kwargs):
    if not action.startswith("post_"):
        return
    if reverse or not isinstance(instance, Article):
        # organisation.articles.add(...) / tag side: pk_set holds article ids
        changes.articles_changed(pk_set or [])
        changes.site_changed()
    else:
        changes.articles_changed([instance.pk])


@receiver(post_save, sender=Issue, dispatch_uid="changes-issue-saved")
@receiver(post_delete, sender=Issue, dispatch_uid="changes-issue-deleted")
def issue_changed(sender, instance, **kwargs):
    if not _raw(kwargs):
        changes.issues_changed([instance.pk])


@receiver(post_save, sender=Page, dispatch_uid="changes-page-saved")
@receiver(post_delete, sender=Page, dispatch_uid="changes-page-deleted")
def page_changed(sender, instance, **kwargs):
    if not _raw(kwargs):
        changes.pages_changed([instance.pk])


@receiver(post_save, sender=ColumnRun, dispatch_uid="changes-column-run-saved")
@receiver(post_delete, sender=ColumnRun, dispatch_uid="changes-column-run-deleted")
def column_run_changed(sender, instance, **kwargs):
    if not _raw(kwargs):
        changes.column_runs_changed([instance.pk])


@receiver(m2m_changed, sender=Page.sponsors.through, dispatch_uid="changes-page-sponsors")
@receiver(m2m_changed, sender=ColumnRun.sponsors.through, dispatch_uid="changes-run-sponsors")
def sponsors_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        changes.site_changed()


@receiver(post_save, sender=PageSponsor, dispatch_uid="changes-page-sponsor-saved")
@receiver(post_delete, sender=PageSponsor, dispatch_uid="changes-page-sponsor-deleted")
@receiver(post_save, sender=ColumnRunSponsor, dispatch_uid="changes-run-sponsor-saved")
@receiver(post_delete, sender=ColumnRunSponsor, dispatch_uid="changes-run-sponsor-deleted")
@receiver(post_save, sender=ColumnCredit, dispatch_uid="changes-column-credit-saved")
@receiver(post_delete, sender=ColumnCredit, dispatch_uid="changes-column-credit-deleted")
@receiver(post_save, sender=Series, dispatch_uid="changes-series-saved")
@receiver(post_delete, sender=Series, dispatch_uid="changes-series-deleted")
@receiver(post_delete, sender=Column, dispatch_uid="changes-column-deleted")
@receiver(post_delete, sender=Tag, dispatch_uid="changes-tag-deleted")
def shown_changed(sender, instance, **kwargs):
    if not _raw(kwargs):
        changes.site_changed()


@receiver(post_save, sender=Column, dispatch_uid="changes-column-saved")
@receiver(post_save, sender=Tag, dispatch_uid="changes-tag-saved")
def name_changed(sender, instance, **kwargs):
    changes.words_added([instance.name])
    if not _raw(kwargs):
        changes.site_changed()


@receiver(pre_delete, sender=Organization, dispatch_uid="changes-organization-deleting")
def organization_deleting(sender, instance, **kwargs):
    # The links go with the organisation: remember whose index entries name it.
    instance._linked_article_ids = changes.articles_naming_organizations([instance.pk])


@receiver(post_save, sender=Organization, dispatch_uid="changes-organization-saved")
def organization_saved(sender, instance, created, **kwargs):
    changes.words_added(instance.all_names())
    if _raw(kwargs):
        return
    if created:
        changes.site_changed()
    else:
        changes.organizations_changed([instance.pk])


@receiver(post_delete, sender=Organization, dispatch_uid="changes-organization-deleted")
def organization_deleted(sender, instance, **kwargs):
    changes.articles_changed(getattr(instance, "_linked_article_ids", ()))
    changes.site_changed()


@receiver(post_save, sender=Person, dispatch_uid="changes-person-saved")
@receiver(post_delete, sender=Person, dispatch_uid="changes-person-deleted")
def person_changed(sender, instance, created=False, **kwargs):
    names = [instance.name, *(instance.aliases or [])]
    if _raw(kwargs):
        changes.words_added(names)
    elif created or kwargs.get("signal") is post_delete:
        changes.words_added(names)
        changes.site_changed()
    else:
        changes.people_changed([instance.pk], names=names)
