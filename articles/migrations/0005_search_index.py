"""The search index: PostgreSQL tsvectors with GIN indexes, or an SQLite FTS5 table.

See articles/search/index.py for what goes in. Vendor-specific, so raw SQL. The
indexes and the FTS5 table are declared once, in the search backends, which
rebuild them too.
"""

from django.db import migrations

from articles.search.backends import postgres, sqlite

POSTGRES = [
    """
    CREATE TABLE articles_search_document (
        article_id bigint PRIMARY KEY
            REFERENCES articles_article (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
        issue_date date NOT NULL,
        title_vector tsvector NOT NULL,
        vector tsvector NOT NULL
    )
    """,
    *postgres.create_indexes("articles_search_document", postgres.DOCUMENT_INDEXES),
]
POSTGRES_DROP = ["DROP TABLE IF EXISTS articles_search_document"]

SQLITE = sqlite.CREATE_INDEX
SQLITE_DROP = sqlite.DROP_INDEX


def run(statements):
    def apply(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_editorial_roles"),
    ]

    operations = [
        migrations.RunPython(
            run({"postgresql": POSTGRES, "sqlite": SQLITE}),
            run({"postgresql": POSTGRES_DROP, "sqlite": SQLITE_DROP}),
        ),
    ]
