"""Reader pages stay exact when they stop counting early and rank related articles in bounds."""

import datetime
import re

import pytest
from django.core.cache import cache

from articles.models import Article, Issue, Page, RelatedKeys
from articles.reader import listing, related
from tests.articles.conftest import enrich, make_article

pytestmark = pytest.mark.django_db

TAG_POOL = ["科普", "二十大", "乡村振兴", "防汛减灾", "志愿服务"]


def add_weekly_issues(paper, weeks):
    """Older published issues, each with articles sharing tags and mentions in varied ways."""
    orgs = [paper.province, paper.chengdu, paper.luzhou]
    for w in range(weeks):
        issue = Issue.objects.create(
            number=3000 + w,
            date=datetime.date(2022, 11, 4) - datetime.timedelta(weeks=w),
            status="published",
        )
        page = Page.objects.create(issue=issue, number=1, name="要闻")
        for position in range(4):
            k = w * 4 + position
            a = make_article(page, position, f"往期报道{k}")
            tags = [TAG_POOL[(k + j) % len(TAG_POOL)] for j in range(k % 3)]
            mentions = [orgs[(k + j) % len(orgs)] for j in range((k // 3) % 3)]
            enrich(a, tags=tags, mentions=mentions)
    # Two issues on one date: the window of recent issues must not split a date.
    twin = Issue.objects.create(number=2990, date=datetime.date(2022, 11, 4), status="published")
    page = Page.objects.create(issue=twin, number=1, name="要闻")
    enrich(make_article(page, 1, "同日另一期的报道"), tags=["科普"], mentions=[paper.chengdu])


def ranked_by_hand(article, limit=6):
    tags = set(article.tags.values_list("pk", flat=True))
    orgs = set(article.organizations.values_list("pk", flat=True))
    scored = []
    for other in Article.objects.published().select_related("page__issue"):
        if other.pk == article.pk:
            continue
        st = len(tags & set(other.tags.values_list("pk", flat=True)))
        so = len(orgs & set(other.organizations.values_list("pk", flat=True)))
        if st or so:
            scored.append((-st, -so, -other.page.issue.date.toordinal(), other.pk))
    return [pk for *_, pk in sorted(scored)[:limit]]


@pytest.mark.parametrize(
    ("max_keys", "window", "prefix"),
    # max_keys 0: every article is ranked from the link tables (SQLite always is);
    # 8: PostgreSQL ranks from the keys table.
    [(0, 1, 6), (0, 3, 64), (0, 40, 6), (0, 40, 64), (8, 50, 64)],
)
def test_related_articles_are_the_full_ranking_whatever_the_path(
    reader_paper, monkeypatch, max_keys, window, prefix
):
    # prefix 6: drafts and articles of unpublished issues share the lead's tags, so the
    # six best scores are not all published and the full sort is needed.
    add_weekly_issues(reader_paper, 12)
    monkeypatch.setattr(related, "MAX_KEYS", max_keys)
    monkeypatch.setattr(related, "RELATED_WINDOW", window)
    monkeypatch.setattr(related, "RELATED_PREFIX", prefix)
    checked = 0
    for article in Article.objects.published():
        tag_ids = list(article.tags.values_list("pk", flat=True))
        org_ids = list(article.organizations.values_list("pk", flat=True))
        got = [a.pk for a in related.related_articles(article, tag_ids, org_ids)]
        assert got == ranked_by_hand(article), article.title
        checked += len(tag_ids) + len(org_ids) >= 2
    assert checked >= 10  # many articles share two keys or more with others


@pytest.mark.postgres
def test_the_keys_table_follows_tags_mentions_and_withdrawal(reader_paper):
    lead = reader_paper.lead
    tag_ids = list(lead.tags.values_list("pk", flat=True))
    org_ids = list(lead.organizations.values_list("pk", flat=True))
    before = [a.pk for a in related.related_articles(lead, tag_ids, org_ids)]
    assert before == ranked_by_hand(lead)
    first = Article.objects.get(pk=before[0])
    first.tags.clear()
    first.organizations.clear()
    after = [a.pk for a in related.related_articles(lead, tag_ids, org_ids)]
    assert first.pk not in after and after == ranked_by_hand(lead)
    second = Article.objects.get(pk=after[0])
    second.status = Article.Status.WITHDRAWN
    second.save()
    withdrawn = [a.pk for a in related.related_articles(lead, tag_ids, org_ids)]
    assert second.pk not in withdrawn and withdrawn == ranked_by_hand(lead)
    assert RelatedKeys.objects.filter(pk=second.pk).count() == 0


def test_related_articles_carry_their_page_and_issue_for_the_template(client, reader_paper):
    text = client.get(reader_paper.lead.get_absolute_url()).content.decode()
    related = re.search(r'<aside class="related".*?</aside>', text, re.S).group(0)
    assert "上一期:省科协部署科普月活动" in related
    assert "第3108期 第1版:要闻" in related
    assert "草稿" not in related and "未发布的一期" not in related


def test_a_long_listing_stops_counting_but_still_pages_through_every_article(
    client, reader_paper, monkeypatch
):
    monkeypatch.setattr(listing, "PER_PAGE", 2)
    monkeypatch.setattr(listing, "COUNT_CAP", 2)
    # 科普: lead, second, local1, local2 and old are published (five articles).
    first = client.get("/tags/科普/").content.decode()
    assert "超过 2 篇,第 1 页" in first and "共 5 篇" not in first
    assert 'rel="next"' in first
    seen = []
    for number in (1, 2, 3):
        text = client.get("/tags/科普/", {"page": number}).content.decode()
        seen += re.findall(r'<h3 class="headline"><a href="(/articles/\d+/)">', text)
    last = client.get("/tags/科普/", {"page": 3}).content.decode()
    assert "共 5 篇,第 3 / 3 页" in last and 'rel="next"' not in last
    assert len(seen) == len(set(seen)) == 5
    missing = client.get("/tags/科普/", {"page": 4})
    assert missing.status_code == 404
    assert "没有第 4 页:这里共有 3 页" in missing.content.decode()


def test_a_long_organisation_listing_walks_the_archive_and_shows_the_same_articles(
    client, reader_paper, monkeypatch
):
    add_weekly_issues(reader_paper, 6)
    org = reader_paper.chengdu
    expected = set(org.credits.values_list("article_id", flat=True)) | set(
        Article.objects.filter(organizations=org).values_list("pk", flat=True)
    )
    ordered = [
        a.pk
        for a in Article.objects.published()
        .filter(pk__in=expected)
        .order_by(*listing.LISTING_ORDER)
    ]
    pages = []
    for cap in (1000, 2):  # exact count (set of ids), then the dense walk
        monkeypatch.setattr(listing, "PER_PAGE", 3)
        monkeypatch.setattr(listing, "COUNT_CAP", cap)
        cache.clear()  # the same URLs again: render them, not the cached first round
        shown = []
        for number in range(1, len(ordered) // 3 + 2):
            text = client.get(org.get_absolute_url(), {"page": number}).content.decode()
            if cap == 1000 and number == 1:
                assert f"共 {len(ordered)} 篇" in text
            if cap == 2 and number == 1:
                assert "超过 3 篇,第 1 页" in text
            shown += [
                int(pk)
                for pk in re.findall(r'<h3 class="headline"><a href="/articles/(\d+)/">', text)
            ]
        pages.append(shown)
    assert pages[0] == pages[1] == ordered


def test_an_organisation_page_costs_the_same_queries_whatever_its_number_of_members(
    client, reader_paper, django_assert_num_queries
):
    from organizations.models import Organization

    url = reader_paper.province.get_absolute_url()
    # + 1: contributions per year (reports)
    with django_assert_num_queries(9):  # two members (成都, 泸州)
        assert client.get(url).status_code == 200
    for i in range(5):
        Organization.objects.create(
            name=f"第{i}市科学技术协会", slug=f"member-{i}", parent=reader_paper.province
        )
    cache.clear()
    with django_assert_num_queries(9):
        text = client.get(url).content.decode()
    assert "第4市科学技术协会" in text
