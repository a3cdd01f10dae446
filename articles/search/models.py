"""The search tables' models: state only, so that Django (and test flushes) know them.

Imported by ``articles.models`` once ``Article`` is defined; see there.
"""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchVectorField
from django.db import models

from articles.models import Article


class SearchDocument(models.Model):
    """PostgreSQL's search row for a published article (tsvectors over segmented text).

    The table and its GIN indexes are created by raw SQL in migration 0005 on
    PostgreSQL only (SQLite uses an FTS5 table instead) and written by
    ``articles.search.index``. The model exists so that Django knows the table:
    test flushes truncate it together with the articles it references.
    """

    article = models.OneToOneField(
        Article,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    issue_date = models.DateField()
    title_vector = SearchVectorField()
    vector = SearchVectorField()
    # Every field reduced for matching, space-separated (see articles.search.index).
    text = models.TextField(default="")

    class Meta:
        app_label = "articles"
        db_table = "articles_search_document"
        verbose_name = "搜索索引"
        verbose_name_plural = "搜索索引"
        default_permissions = ()

    def __str__(self):
        return f"搜索索引 #{self.article_id}"


class RelatedKeys(models.Model):
    """PostgreSQL's row of a published article's tags and mentioned organisations.

    One integer array per article (tag ids positive, organisation ids negative)
    under a GIN index, with the issue date: the related-articles ranking reads it
    (see ``articles.reader.related``). Created by raw SQL in migration 0009 on PostgreSQL
    only and written with the search index (``articles.search.index``); the model
    lets test flushes truncate it.
    """

    article = models.OneToOneField(
        Article,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    issue_date = models.DateField()
    keys = ArrayField(models.IntegerField())

    class Meta:
        app_label = "articles"
        db_table = "articles_related_keys"
        verbose_name = "相关文章索引"
        verbose_name_plural = "相关文章索引"
        default_permissions = ()

    def __str__(self):
        return f"{self.article_id}: {self.keys}"
