"""The search row's reduced text, so a term's GIN candidates are confirmed with strpos.

PostgreSQL only (the SQLite FTS5 table checks phrases itself): the column is added
by raw SQL like the table in 0005, and the model state of 0006 learns it. Existing
rows get an empty text (and title vectors without the filter tokens) until
``rebuild_search_index`` runs; until then they are not found, so run it after
migrating.
"""

from django.db import migrations, models

from articles.search.backends import postgres

POSTGRES = [
    "ALTER TABLE articles_search_document ADD COLUMN text text NOT NULL DEFAULT ''",
    # ANALYZE then keeps ~7,000 common lexemes with their frequencies (instead of
    # ~1,000): the search looks up a query's rare grams in the index, not its common ones.
    "ALTER TABLE articles_search_document ALTER COLUMN vector "
    f"SET STATISTICS {postgres.VECTOR_STATISTICS}",
]
POSTGRES_DROP = [
    "ALTER TABLE articles_search_document ALTER COLUMN vector SET STATISTICS -1",
    "ALTER TABLE articles_search_document DROP COLUMN IF EXISTS text",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_credit_reverse_names"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="searchdocument",
                    name="text",
                    field=models.TextField(default=""),
                ),
            ],
            database_operations=[
                migrations.RunPython(run(POSTGRES), run(POSTGRES_DROP)),
            ],
        ),
    ]
