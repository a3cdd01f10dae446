"""Threat: SQL, tsquery (PostgreSQL) and FTS5 (SQLite) syntax typed into the search box
or the API: always a 200 or a Chinese 400, never a 500, and never an unpublished article.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from articles.models import Article, Issue, Page
from articles.search import dictionary

pytestmark = pytest.mark.django_db
HAN = re.compile(r"[\u4e00-\u9fff]")
HIDDEN = "机密草稿泄漏测试"  # in every unpublished article, never in a published one

COMMON = [
    "'",
    "''",
    "科协'",
    "科协' OR '1'='1",
    "科协'; DROP TABLE articles_article; --",
    "1 UNION SELECT title, body FROM articles_article --",
    "科协 -- ",
    "/* 科协 */",
    "科协 & 科普",
    "科协 | 机密",
    "!科协",
    "!!!",
    "科协:*",
    ":*",
    "科:*A",
    "科协 <-> 机密",
    "科协 <2> 机密",
    "(科协",
    "科协))",
    "&|!():*<>",
    "\\",
    "科协\\",
    "\\'",
    "科协\x00机密",
    "\x00",
    "%",
    "_",
    "%科协%",
    "科协" * 500,
    "'" * 2000,
    "a" * 10_000,
    "\u202e科协",
    "NEAR(科协 机密)",
    "NEAR(",
    '"',
    '"科协',
    '科协"机密"',
    "*",
    "科协*",
    "* OR *",
    "科协 OR 机密",
    "科协 AND 机密",
    "NOT 科协",
    "科协 NOT",
    "title:机密",
    "{title body}: 机密",
    "^科协",
    "科协 + 机密",
    "-科协",
    "机密",
    "机密草稿",
]


@pytest.fixture
def archive(db, clean_cache):
    dictionary.ensure_current()
    published = Issue.objects.create(
        number=3109,
        date=datetime.date(2024, 11, 22),
        status=Issue.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    hidden = Issue.objects.create(number=3110, date=datetime.date(2024, 11, 29))
    page = Page.objects.create(issue=published, number=1, name="要闻")
    later = Page.objects.create(issue=hidden, number=1, name="要闻")
    Article.objects.create(
        page=page,
        position=1,
        title="省科协召开科普工作会议",
        body="本报讯 省科协召开科普工作会议,部署全年科普工作。",
        status=Article.Status.PUBLISHED,
    )
    for position, status in enumerate(["draft", "submitted", "approved", "withdrawn"], 2):
        Article.objects.create(
            page=page,
            position=position,
            title=f"{HIDDEN}{status}科协",
            body=f"本报讯 {HIDDEN} 科协 科普 机密。",
            status=status,
        )
    Article.objects.create(
        page=later,
        position=1,
        title=f"{HIDDEN}未发布期科协",
        body=f"{HIDDEN} 科协 科普",
        status=Article.Status.APPROVED,
    )


def answered(response):
    assert response.status_code in (200, 400), response.status_code
    text = response.content.decode()
    assert HIDDEN not in text
    if response.status_code == 400:
        assert HAN.search(text)
    return text


@pytest.mark.parametrize("q", COMMON, ids=lambda q: repr(q[:30]))
def test_the_search_page_answers_hostile_queries(archive, q):
    client = Client()
    answered(client.get("/search/", {"q": q}))
    answered(client.get("/search/", {"q": q, "sort": "date", "org": q, "column": q}))


@pytest.mark.parametrize("q", COMMON, ids=lambda q: repr(q[:30]))
def test_the_api_answers_hostile_queries(archive, q):
    response = Client().get("/api/search", {"q": q})
    answered(response)
    assert response["Content-Type"].startswith("application/json")


def test_a_plain_search_still_finds_the_published_article(archive):
    text = answered(Client().get("/search/", {"q": "科普工作会议"}))
    assert "省科协召开科普工作会议" in text
    data = Client().get("/api/search", {"q": "科协"}).json()
    assert [r["title"] for r in data["results"]] == ["省科协召开科普工作会议"]


def test_the_articles_table_survives(archive):
    Client().get("/search/", {"q": "'; DROP TABLE articles_article; --"})
    assert Article.objects.count() == 6
    assert connection.vendor in ("postgresql", "sqlite")
