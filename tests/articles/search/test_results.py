"""What a search result shows is loaded in one query, field for field."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article, Column, ColumnRun, Issue, Page
from articles.search.results import load_results

pytestmark = pytest.mark.django_db


def test_a_result_carries_each_field_in_its_place(django_assert_num_queries):
    issue = Issue.objects.create(
        number=3109, date=datetime.date(2024, 8, 9), status="published", published_at=timezone.now()
    )
    page = Page.objects.create(issue=issue, number=3, name="科协之窗")
    run = ColumnRun.objects.create(page=page, column=Column.objects.create(name="地方科协"))
    article = Article.objects.create(
        page=page,
        column_run=run,
        position=1,
        kicker="成都市科协",
        title="调研邛崃市特色科普广场项目",
        subtitle="——推动科普阵地建设",
        body="本报讯 近日,成都市科协赴邛崃调研。",
        status=Article.Status.PUBLISHED,
    )
    with django_assert_num_queries(1):
        found = load_results([article.pk])[article.pk]
        shown = (
            found.kicker,
            found.title,
            found.subtitle,
            found.body,
            found.page.number,
            found.page.name,
            found.page.issue.number,
            found.page.issue.date,
            found.column_run.column.name,
        )
    assert shown == (
        "成都市科协",
        "调研邛崃市特色科普广场项目",
        "——推动科普阵地建设",
        "本报讯 近日,成都市科协赴邛崃调研。",
        3,
        "科协之窗",
        3109,
        datetime.date(2024, 8, 9),
        "地方科协",
    )
