"""The search row's reduced text, so a term's GIN candidates are confirmed with strpos.

PostgreSQL only (the SQLite FTS5 table checks phrases itself): the column is added
by raw SQL like the table in 0005, and the model state of 0006 learns it. Existing
rows get an empty text until ``rebuild_search_index`` runs; until then terms of
three or more characters find nothing in them, so run it after migrating.
"""

from django.db import migrations, models

POSTGRES = [
    "ALTER TABLE articles_search_document ADD COLUMN text text NOT NULL DEFAULT ''",
]
POSTGRES_DROP = ["ALTER TABLE articles_search_document DROP COLUMN IF EXISTS text"]


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
