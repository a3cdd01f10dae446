"""PostgreSQL's search: the ranked window, the index lookup of a query's rarest grams,
and the year buckets planned from the column statistics."""

import datetime
import time

import pytest

from articles.models import Issue, Page
from articles.search import query
from articles.search.backends import postgres

pytestmark = pytest.mark.django_db

# Holds every bigram of 天府科技云 (天府 府科 科技 技云), never the five characters in a row.
SCATTERED = "天府新区府科室,科技与技云。"
PHRASE = '"天府科技云"'  # quoted: one term (unquoted, jieba splits it into 天府 科技 云)


def test_paging_past_the_ranked_window_skips_false_candidates(publish, monkeypatch):
    monkeypatch.setattr(postgres, "TITLE_WINDOW", 1)
    monkeypatch.setattr(postgres, "BODY_WINDOW", 2)
    issue = Issue.objects.create(
        number=3300, date=datetime.date(2023, 5, 1), status=Issue.Status.PUBLISHED
    )
    old_page = Page.objects.create(issue=issue, number=1, name="要闻")
    real = [publish(f"第{n}篇", "天府科技云平台。") for n in range(3)]
    real += [publish(f"旧{n}篇", "天府科技云平台。", page=old_page) for n in range(3)]
    for n in range(4):
        publish(f"干扰{n}", SCATTERED)
        publish(f"旧干扰{n}", SCATTERED, page=old_page)
    parsed = query.parse(PHRASE)
    seen = []
    for offset in range(0, 6, 2):
        count, ids = query.matching_ids(parsed, offset=offset, limit=2)
        assert count == 6
        seen += ids
    assert sorted(seen) == sorted(a.pk for a in real)


@pytest.mark.postgres
def test_common_terms_left_out_of_the_index_lookup_are_confirmed(publish, monkeypatch):
    both = publish("科普示范县创建", "乡村振兴与科普结合。")
    apart = publish("科普进乡村", "示范县建设推进。")
    # Every gram counts as common: only the two rarest terms go to the index.
    words = "科普示范县乡村振兴"
    grams = set(words) | {words[i : i + 2] for i in range(len(words) - 1)}
    monkeypatch.setitem(postgres._stats, "frequencies", dict.fromkeys(grams, 0.5))
    monkeypatch.setitem(postgres._stats, "loaded", time.monotonic())
    parsed = query.parse("振兴 科普 示范 县")
    assert len(postgres._plan(parsed)[0]) == postgres.GIN_TERMS < len(parsed.terms)
    assert query.all_matching_ids(parsed) == {both.pk}
    assert query.matching_ids(parsed) == (1, [both.pk])
    assert query.all_matching_ids(query.parse("科普 示范 县")) == {both.pk, apart.pk}
    assert query.all_matching_ids(query.parse('"科普示范县"')) == {both.pk}


def test_a_common_query_plans_only_the_newest_year_buckets(monkeypatch):
    buckets = postgres._year_range()
    this_year = buckets[0][0] - 1
    frequencies = {"科": 0.9, "菊": 0.001, f"_y{this_year}": 0.02, "_c5": 0.5}
    monkeypatch.setitem(postgres._stats, "frequencies", frequencies)
    monkeypatch.setitem(postgres._stats, "documents", 200_000.0)
    # 科: 0.9 x 0.02 x 200,000 = 3,600 matches expected in this year alone.
    assert postgres._enough_buckets(buckets, query.parse("科"), 500) == buckets[:2]
    assert postgres._enough_buckets(buckets, query.parse("科"), 1001) == buckets
    # A filter token counts; a rare gram, a longer term or an unknown token keep them all.
    assert postgres._enough_buckets(buckets, query.parse("科"), 800) == buckets[:2]
    filtered = query.parse("科")
    filtered.column_id = 5
    assert postgres._enough_buckets(buckets, filtered, 800) == buckets
    for text in ("菊", "科学", "科协会议"):
        assert postgres._enough_buckets(buckets, query.parse(text), 10) == buckets


@pytest.mark.postgres
def test_a_wrong_estimate_still_finds_every_match_in_date_order(publish, page, monkeypatch):
    # Articles in 2024 and in 1990 only; the statistics claim 科 fills every year.
    old_issue = Issue.objects.create(
        number=1000, date=datetime.date(1990, 5, 1), status=Issue.Status.PUBLISHED
    )
    old_page = Page.objects.create(issue=old_issue, number=1, name="要闻")
    new = [publish(f"科协新闻{n}") for n in range(3)]
    old = [publish(f"科协旧闻{n}", page=old_page) for n in range(2)]
    frequencies = {"科": 0.9, **{f"_y{y}": 0.1 for y in range(1950, 2031)}}
    monkeypatch.setitem(postgres._stats, "frequencies", frequencies)
    monkeypatch.setitem(postgres._stats, "documents", 1_000_000.0)
    monkeypatch.setitem(postgres._stats, "loaded", time.monotonic())
    parsed = query.parse("科")
    sql, _ = postgres.answer_sql(parsed, query.COUNT_CAP + 1, 20)
    assert sql.count("UNION ALL") < len(postgres._year_range())  # buckets were left out
    parsed.sort = "date"
    count, ids = query.matching_ids(parsed)
    assert count == 5
    assert ids == [a.pk for a in reversed(new)] + [a.pk for a in reversed(old)]
