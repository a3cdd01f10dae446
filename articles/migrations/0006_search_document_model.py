"""Tell Django about the PostgreSQL search table created by raw SQL in 0005.

State only: the table already exists on PostgreSQL and does not exist on SQLite.
Knowing it lets test flushes truncate it together with articles_article.
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_search_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SearchDocument",
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
                        ("title_vector", django.contrib.postgres.search.SearchVectorField()),
                        ("vector", django.contrib.postgres.search.SearchVectorField()),
                    ],
                    options={
                        "verbose_name": "搜索索引",
                        "verbose_name_plural": "搜索索引",
                        "db_table": "articles_search_document",
                        "default_permissions": (),
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
