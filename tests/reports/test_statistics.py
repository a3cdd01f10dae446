"""信息报送统计: the editor's story — a year's table, roll-up of counties into cities, the
ranking of the city associations, 环比/同比, exports, and refusals of bad requests."""

import datetime
import io
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.reports.conftest import counts_for, transition

URL = reverse("reports:statistics")


def rows_by_name(response):
    return {row.organization.name: row for row in response.context["report"].rows}


def test_a_year_counts_each_unit_as_the_paper_printed_it(client, users, paper):
    client.force_login(users.editor)
    response = client.get(URL, {"period": "2024"})
    assert response.status_code == 200
    rows = rows_by_name(response)
    start, end = datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)
    checked = 0
    for city in paper.cities:
        expected = counts_for(paper, city.pk, start, end)
        row = rows[city.name]
        assert row.published == expected, city.name
        assert row.mentioned == counts_for(paper, city.pk, start, end, kind="mentioned")
        checked += expected
    assert checked > 10  # the paper is not empty: the test can fail
    # Counties fold into their city; the city's own figure is smaller than its total.
    assert not any(c.name in rows for c in paper.counties)
    assert rows[paper.chengdu.name].published > counts_for(
        paper, paper.chengdu.pk, start, end, rollup=False
    )
    page = response.content.decode()
    assert "成都市科学技术协会" in page and "ranking-chart" in page and "echarts.min.js" in page


def test_the_switch_shows_counties_apart_with_their_own_figures(client, users, paper):
    client.force_login(users.chief)
    response = client.get(URL, {"period": "2024", "rollup": "0"})
    rows = rows_by_name(response)
    start, end = datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)
    for unit in [*paper.counties, paper.chengdu, paper.luzhou]:
        expected = counts_for(paper, unit.pk, start, end, rollup=False)
        assert rows.get(unit.name) is not None or expected == 0
        if unit.name in rows:
            assert rows[unit.name].published == expected, unit.name


def test_the_ranking_orders_the_21_city_associations(client, users, paper):
    client.force_login(users.editor)
    response = client.get(URL, {"period": "2024"})
    ranking = response.context["report"].ranking
    assert len(ranking) == 21
    start, end = datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)
    expected = sorted((counts_for(paper, c.pk, start, end) for c in paper.cities), reverse=True)
    assert [r.published for r in ranking] == expected
    assert ranking[0].rank == 1
    for before, after in itertools.pairwise(ranking):
        assert after.rank == (before.rank if after.published == before.published else after.rank)
        assert after.rank >= before.rank


@pytest.mark.parametrize(
    ("period", "current", "previous", "last_year"),
    [
        (
            "2024-03",
            (datetime.date(2024, 3, 1), datetime.date(2024, 3, 31)),
            (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29)),
            (datetime.date(2023, 3, 1), datetime.date(2023, 3, 31)),
        ),
        (
            "2024Q1",
            (datetime.date(2024, 1, 1), datetime.date(2024, 3, 31)),
            (datetime.date(2023, 10, 1), datetime.date(2023, 12, 31)),
            (datetime.date(2023, 1, 1), datetime.date(2023, 3, 31)),
        ),
        (
            "2025",
            (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)),
            (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)),
            (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)),
        ),
    ],
)
def test_month_on_month_and_year_on_year(
    client, users, paper, period, current, previous, last_year
):
    client.force_login(users.editor)
    rows = rows_by_name(client.get(URL, {"period": period}))
    for city in (paper.chengdu, paper.luzhou):
        row = rows[city.name]
        now = counts_for(paper, city.pk, *current)
        before = counts_for(paper, city.pk, *previous)
        year_ago = counts_for(paper, city.pk, *last_year)
        assert (row.published, row.previous, row.last_year) == (now, before, year_ago)
        expected = None if not before else round((now - before) * 100 / before, 1)
        assert row.month_on_month == expected


def test_a_range_compares_with_as_many_days_before(client, users, paper):
    client.force_login(users.editor)
    rows = rows_by_name(client.get(URL, {"start": "2024-02-10", "end": "2024-05-19"}))
    row = rows[paper.chengdu.name]
    days = (datetime.date(2024, 5, 19) - datetime.date(2024, 2, 10)).days
    before_end = datetime.date(2024, 2, 9)
    assert row.previous == counts_for(
        paper, paper.chengdu.pk, before_end - datetime.timedelta(days=days), before_end
    )
    assert row.last_year == counts_for(
        paper, paper.chengdu.pk, datetime.date(2023, 2, 10), datetime.date(2023, 5, 19)
    )


def test_submissions_and_returns_come_from_the_workflow_log(client, users, paper):
    record = next(r for r in paper.records if paper.chengdu.pk in r.credited)
    when = timezone.make_aware(datetime.datetime(2024, 6, 3, 10))
    transition(record.article, "submitted", when)
    transition(record.article, "returned", when + datetime.timedelta(hours=1))
    transition(record.article, "submitted", when + datetime.timedelta(days=1))
    transition(record.article, "submitted", when.replace(year=2023))  # outside the period
    client.force_login(users.editor)
    row = rows_by_name(client.get(URL, {"period": "2024-06"}))[paper.chengdu.name]
    assert (row.submitted, row.returned) == (1, 1)


def test_one_unit_shows_its_members_pages_and_columns(client, users, paper):
    client.force_login(users.editor)
    response = client.get(URL, {"period": "2024", "organization": paper.chengdu.slug})
    report = response.context["report"]
    names = {r.organization.name for r in report.rows}
    assert paper.chengdu.name in names
    assert names <= {paper.chengdu.name, *(c.name for c in paper.counties[:2])}
    total = counts_for(
        paper, paper.chengdu.pk, datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)
    )
    assert sum(r["n"] for r in report.by_page) == total
    assert sum(r["n"] for r in report.by_column) == total
    assert sum(p["value"] for p in report.trend) == total


def test_the_workbook_holds_the_same_numbers_as_the_table(client, users, paper):
    client.force_login(users.editor)
    table = client.get(URL, {"period": "2024"}).context["report"]
    header, rows = table.table()
    response = client.get(URL, {"period": "2024", "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert values[0] == header
    assert values[1:] == rows
    by_name = {r[1]: r for r in values[1:]}
    assert by_name[paper.chengdu.name][4] == counts_for(
        paper, paper.chengdu.pk, datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)
    )


def test_the_csv_holds_the_same_table(client, users, paper):
    client.force_login(users.editor)
    header, rows = client.get(URL, {"period": "2024"}).context["report"].table()
    text = client.get(URL, {"period": "2024", "format": "csv"}).content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[1].split(",") == header
    assert lines[2].split(",")[1] == rows[0][1]
    assert len(lines) == len(rows) + 2


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "2024-05-01", "end": "2024-01-01"}, "颠倒"),
        ({"start": "2024-05-01"}, "不完整"),
        ({"start": "2024-05-01", "end": ""}, "不完整"),
        ({"start": "1990-01-01", "end": "2020-01-01"}, "太长"),
        ({"period": "去年"}, "无法识别"),
        ({"period": "2024-13"}, "无法识别"),
        ({"start": "2024-02-30", "end": "2024-03-01"}, "不是日期"),
        ({"organization": "没有这个单位"}, "没有这个组织"),
        ({"format": "pdf"}, "不支持的导出格式"),
        ({"format": "xlsx", "period": "2024-00"}, "无法识别"),
        # the first and last years a date can hold: no comparison period before or after
        ({"start": "0001-01-01", "end": "0001-06-30"}, "超出范围"),
        ({"period": "0001"}, "超出范围"),
        ({"period": "0001Q1"}, "超出范围"),
        ({"period": "9999-12"}, "超出范围"),
    ],
)
def test_bad_requests_are_refused_in_chinese(client, users, seed_paper, params, message):
    client.force_login(users.editor)
    response = client.get(URL, params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_correspondents_may_not_see_the_statistics(client, users, seed_paper):
    client.force_login(users.correspondent)
    assert client.get(URL).status_code == 403
    client.logout()
    assert client.get(URL).status_code == 302  # to the login page


def test_the_whole_archive_has_no_comparison(client, users, paper):
    client.force_login(users.editor)
    response = client.get(URL, {"period": "all"})
    row = rows_by_name(response)[paper.chengdu.name]
    assert row.previous is None and row.month_on_month is None
    assert row.published == counts_for(
        paper, paper.chengdu.pk, datetime.date(1, 1, 1), datetime.date(9999, 12, 31)
    )


def test_the_statistics_page_costs_a_fixed_number_of_queries(
    client, users, paper, django_assert_num_queries
):
    client.force_login(users.editor)
    # session, user, the user's and its groups' permissions, organisations, the figures of
    # three periods, the workflow's submissions and returns, the trend
    with django_assert_num_queries(8):
        client.get(URL, {"period": "2024"})
    # one unit: + the unit, its pages, its columns
    with django_assert_num_queries(11):
        client.get(URL, {"period": "2024", "organization": paper.chengdu.slug})
