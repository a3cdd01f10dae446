"""Each published article's tags and mentioned organisations as one indexed array.

PostgreSQL only, by raw SQL like the search table of 0005 (SQLite ranks related
articles from the link tables): ``articles.reader.related`` ranks related articles from
it, and ``articles.search.index`` writes it with the search index. Filled here
from the link tables for every article already in the search index (the published
ones), so no rebuild is needed.
"""

import django.contrib.postgres.fields
import django.db.models.deletion
from django.db import migrations, models

from articles.search.backends import postgres

POSTGRES = [
    "CREATE TABLE articles_related_keys ("
    " article_id bigint PRIMARY KEY,"
    " issue_date date NOT NULL,"
    " keys integer[] NOT NULL)",
    "INSERT INTO articles_related_keys (article_id, issue_date, keys) "
    "SELECT d.article_id, d.issue_date, ARRAY("
    " SELECT t.tag_id::integer FROM articles_taggedarticle t"
    " WHERE t.content_object_id = d.article_id"
    " UNION ALL"
    " SELECT -m.organization_id::integer FROM articles_article_organizations m"
    " WHERE m.article_id = d.article_id) "
    "FROM articles_search_document d",
    *postgres.create_indexes("articles_related_keys", postgres.KEYS_INDEXES),
    "ANALYZE articles_related_keys",
]
POSTGRES_DROP = ["DROP TABLE IF EXISTS articles_related_keys"]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_search_document_text"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="RelatedKeys",
                    fields=[
                        (
                            "article",
                            models.OneToOneField(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                primary_key=True,
                                related_name="+",
                                serialize=False,
                                to="articles.article",
                            ),
                        ),
                        ("issue_date", models.DateField()),
                        (
                            "keys",
                            django.contrib.postgres.fields.ArrayField(
                                base_field=models.IntegerField(), size=None
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "相关文章索引",
                        "verbose_name_plural": "相关文章索引",
                        "db_table": "articles_related_keys",
                        "default_permissions": (),
                    },
                ),
            ],
            database_operations=[
                migrations.RunPython(run(POSTGRES), run(POSTGRES_DROP)),
            ],
        ),
    ]
