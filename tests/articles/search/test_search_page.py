"""Readers search the archive from the search page and the JSON API."""

import json

import pytest
from django.db import connection

from articles.models import Column, ColumnRun
from articles.search import dictionary, query
from newsroom.segment import get_segmenter
from organizations.models import Organization

pytestmark = pytest.mark.django_db


def test_an_organisation_saved_in_the_admin_is_segmented_whole_at_once(db):
    assert "川南科普联盟" not in get_segmenter().query_words("川南科普联盟开展活动")
    Organization.objects.create(name="川南科普联盟", short_name="川南科盟")
    assert "川南科普联盟" in get_segmenter().query_words("川南科普联盟开展活动")
    assert [t.text for t in query.parse("川南科普联盟").terms] == ["川南科普联盟"]


def test_a_title_hit_outranks_a_body_hit(publish):
    body_hit = publish("全省科协工作会议召开", "会议提到天府科技云平台建设。" * 3)
    title_hit = publish("天府科技云平台上线", "平台正式上线。")
    _, ids = query.matching_ids(query.parse("天府科技云"))
    assert ids == [title_hit.pk, body_hit.pk]


def test_several_words_must_all_match_and_a_quoted_phrase_stays_whole(publish):
    both = publish("科普示范县创建", "乡村振兴与科普结合。")
    apart = publish("科普进乡村", "示范县建设推进。")
    assert query.all_matching_ids(query.parse("科普 乡村振兴")) == {both.pk}
    assert query.all_matching_ids(query.parse("科普 示范县")) == {both.pk, apart.pk}
    assert query.all_matching_ids(query.parse('"科普示范县"')) == {both.pk}


def test_a_query_in_traditional_characters_finds_the_simplified_text(publish):
    article = publish("泸州市科协开展科普活动", "科学技术协会组织专家下乡。")
    assert query.all_matching_ids(query.parse("瀘州市科協")) == {article.pk}
    assert query.all_matching_ids(query.parse("科學技術協會")) == {article.pk}


def test_filters_narrow_by_column_organisation_year_and_issue(publish, page, client):
    column = Column.objects.create(name="地方科协", slug="地方科协")
    run = ColumnRun.objects.create(page=page, column=column)
    org = Organization.objects.create(
        name="泸州市科学技术协会", short_name="泸州市科协", slug="泸州市科协"
    )
    in_column = publish("科普大篷车进校园", column_run=run)
    mentioning = publish("科普讲座走进社区")
    mentioning.organizations.add(org)
    other = publish("科普日活动启动")

    def found(**f):
        return {h["id"] for h in client.get("/api/search", {"q": "科普", **f}).json()["results"]}

    assert found() == {in_column.pk, mentioning.pk, other.pk}
    assert found(column="地方科协") == {in_column.pk}
    assert found(organization="泸州市科协") == {mentioning.pk}
    assert found(year="2024", issue="3200") == {in_column.pk, mentioning.pk, other.pk}
    assert found(year="2023") == set()
    response = client.get("/api/search", {"q": "科普", "column": "没有的栏目"})
    assert response.status_code == 400 and "没有这个栏目" in response.json()["error"]


def test_the_search_page_highlights_matches_safely_and_pins_its_queries(
    publish, client, django_assert_num_queries
):
    publish("天府科技云<script>alert(1)</script>上线", "平台<b>天府科技云</b>正式上线。")
    dictionary.ensure_current()
    # SQLite: count, ids, articles, +2 of the page itself; PostgreSQL: the savepoint
    # pair, SET LOCAL and one statement answering count, ranked window and newest
    # matches, then the articles, +2 of the page itself.
    with django_assert_num_queries(7 if connection.vendor == "postgresql" else 5):
        response = client.get("/search/", {"q": "天府科技云"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "找到 1 篇文章" in html
    assert "&lt;b&gt;<mark>天府科技云</mark>&lt;/b&gt;" in html
    assert "<script>alert(1)" not in html


def test_nothing_found_shows_which_words_matched_and_near_organisations(
    publish, client, seed_paper
):
    publish("泸州市科协开展科普活动")
    html = client.get("/search/", {"q": "泸州科协 量子引力波"}).content.decode()
    assert "没有找到同时包含这些词的文章" in html
    assert "泸州市科学技术协会" in html


@pytest.mark.parametrize(
    "raw",
    [
        "科" * 10_000,
        "'&|!():*",
        "科协' & !(x | y):* <-> \\",
        "'; DROP TABLE articles_article; --",
        "科\x00协\x07",
        "%ED%A0%80",
        '"未闭合的引号',
        "a b c d e f g h i j k l m n",
    ],
)
def test_hostile_queries_answer_200_with_a_clear_message(publish, client, raw):
    publish("科协工作会议", "科协系统学习。")
    response = client.get(
        "/search/?q=" + (raw if raw.startswith("%") else ""),
        {} if raw.startswith("%") else {"q": raw},
    )
    assert response.status_code == 200
    api = client.get("/api/search", {"q": raw})
    assert api.status_code == 200
    data = api.json()
    assert isinstance(data["count"], int)
    if len(raw) > 100:
        assert "只按前 100 个字检索" in "".join(data["notices"])


def test_lone_surrogates_in_the_query_string_are_harmless(client):
    assert client.get("/api/search?q=%ED%A0%80%00%27%26").status_code == 200


@pytest.mark.parametrize(
    "params,message",
    [({"page_size": "500"}, "page_size"), ({"page": "x"}, "页码"), ({"page_size": "0"}, "每页")],
)
def test_bad_paging_is_a_400_with_a_chinese_message(client, params, message):
    response = client.get("/api/search", {"q": "科协", **params})
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_the_api_shows_only_published_articles_and_issues(publish, page, client):
    article = publish("科协工作会议")
    draft = publish("科协草稿", status="draft")
    assert client.get(f"/api/articles/{article.pk}").json()["title"] == "科协工作会议"
    assert client.get(f"/api/articles/{draft.pk}").status_code == 404
    issue = client.get(f"/api/issues/{page.issue.number}").json()
    assert [a["id"] for a in issue["articles"]] == [article.pk]
    page.issue.status = "draft"
    page.issue.save()
    assert client.get(f"/api/issues/{page.issue.number}").status_code == 404
    assert json.loads(client.get("/api/search", {"q": "科协"}).content)["count"] == 0


@pytest.mark.parametrize("param", ["year=2022.5", "issue=3109.5", "year=1e3"])
def test_search_filters_refuse_numbers_that_are_not_whole(client, param):
    # The search page answers 200 and says what was wrong instead of rounding silently.
    response = client.get(f"/search/?q=科协&{param}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "必须是四位数字" in page or "必须是正整数" in page


def test_pages_past_the_counted_results_say_so_and_read_no_further(publish, client, monkeypatch):
    monkeypatch.setattr(query, "COUNT_CAP", 3)
    for n in range(5):
        publish(f"科协工作会议第{n}次", "科协系统学习。")
    first = client.get("/api/search", {"q": "科协", "page_size": "2"}).json()
    assert first["count"] == 3 and first["count_is_capped"]
    assert len(first["results"]) == 2
    # Page 2 is the last listed page (results 3 and 4 of the counted 3 + 1).
    assert (
        len(
            client.get("/api/search", {"q": "科协", "page_size": "2", "page": "2"}).json()[
                "results"
            ]
        )
        == 2
    )
    far = client.get("/api/search", {"q": "科协", "page_size": "2", "page": "9999"}).json()
    assert far["results"] == [] and far["count"] == 3
    assert "没有第 9999 页:结果共 2 页(只列出前 3 篇" in "".join(far["notices"])
    html = client.get("/search/", {"q": "科协", "page": "9999"}).content.decode()
    assert "没有第 9999 页:结果共 1 页(只列出前 3 篇" in html
