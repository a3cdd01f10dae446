"""The search index: PostgreSQL tsvectors with GIN indexes, or an SQLite FTS5 table.

See articles/search/index.py for what goes in. Vendor-specific, so raw SQL.
"""

from django.db import migrations

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
    "CREATE INDEX articles_search_vector_gin ON articles_search_document USING gin (vector)",
    "CREATE INDEX articles_search_title_gin ON articles_search_document USING gin (title_vector)",
    "CREATE INDEX articles_search_date ON articles_search_document (issue_date DESC, article_id DESC)",
]
POSTGRES_DROP = ["DROP TABLE IF EXISTS articles_search_document"]

SQLITE = [
    """
    CREATE VIRTUAL TABLE articles_search_fts USING fts5(
        issue_date UNINDEXED, title_grams, title_extra, body_grams, body_extra, meta,
        tokenize = "unicode61 remove_diacritics 0 tokenchars '_'"
    )
    """,
    # Deleting an article removes its entry, whatever path deleted it.
    """
    CREATE TRIGGER articles_search_fts_article_deleted AFTER DELETE ON articles_article
    BEGIN DELETE FROM articles_search_fts WHERE rowid = old.id; END
    """,
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS articles_search_fts_article_deleted",
    "DROP TABLE IF EXISTS articles_search_fts",
]


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
