"""Keep the search index and the user dictionary current on ordinary saves.

Bulk paths (importer, publishing, archive generator) call
``index.reindex_articles`` themselves; ``index.deferred()`` batches the work of
many saves into one pass.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from articles.models import (
    Article,
    Column,
    ColumnRun,
    Credit,
    Issue,
    Page,
    Section,
    Tag,
    TaggedArticle,
)
from organizations.models import Organization, Person

from . import dictionary, index


@receiver(post_save, sender=Article, dispatch_uid="search_article_saved")
def article_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index.reindex_articles([instance.pk])


@receiver(post_delete, sender=Article, dispatch_uid="search_article_deleted")
def article_deleted(sender, instance, **kwargs):
    index.remove_articles([instance.pk])


@receiver(post_save, sender=Section, dispatch_uid="search_section_saved")
@receiver(post_delete, sender=Section, dispatch_uid="search_section_deleted")
@receiver(post_save, sender=Credit, dispatch_uid="search_credit_saved")
@receiver(post_delete, sender=Credit, dispatch_uid="search_credit_deleted")
@receiver(post_save, sender=TaggedArticle, dispatch_uid="search_tag_saved")
@receiver(post_delete, sender=TaggedArticle, dispatch_uid="search_tag_deleted")
def part_changed(sender, instance, raw=False, **kwargs):
    article_id = getattr(instance, "article_id", None) or getattr(
        instance, "content_object_id", None
    )
    if not raw and article_id:
        index.reindex_articles([article_id])


@receiver(m2m_changed, sender=Article.organizations.through, dispatch_uid="search_orgs")
def organizations_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if reverse:
        index.reindex_articles(pk_set or [])
    else:
        index.reindex_articles([instance.pk])


@receiver(post_save, sender=Issue, dispatch_uid="search_issue_saved")
def issue_saved(sender, instance, created, raw=False, **kwargs):
    # Publishing or withdrawing an issue adds or removes all its articles.
    if not raw and not created:
        index.reindex_articles(
            Article.objects.filter(page__issue=instance).values_list("pk", flat=True)
        )


@receiver(post_save, sender=Page, dispatch_uid="search_page_saved")
def page_saved(sender, instance, created, raw=False, **kwargs):
    if not raw and not created:
        index.reindex_articles(instance.articles.values_list("pk", flat=True))


@receiver(post_save, sender=ColumnRun, dispatch_uid="search_column_run_saved")
def column_run_saved(sender, instance, created, raw=False, **kwargs):
    if not raw and not created:
        index.reindex_articles(instance.articles.values_list("pk", flat=True))


@receiver(post_save, sender=Organization, dispatch_uid="search_dictionary_organization")
def organization_saved(sender, instance, **kwargs):
    dictionary.add_words(instance.all_names())


@receiver(post_save, sender=Person, dispatch_uid="search_dictionary_person")
def person_saved(sender, instance, **kwargs):
    dictionary.add_words([instance.name, *(instance.aliases or [])])


@receiver(post_save, sender=Column, dispatch_uid="search_dictionary_column")
@receiver(post_save, sender=Tag, dispatch_uid="search_dictionary_tag")
def name_saved(sender, instance, **kwargs):
    dictionary.add_words([instance.name])
