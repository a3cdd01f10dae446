"""Threat: a script typed into a text field (by an editor, a correspondent, an imported
file or a reader's search) and run in someone else's browser (stored and reflected XSS).

Every text field of a published article, its sections, byline, photo, tags, column,
series, page, organisation and person holds a payload; every reader page, feed, JSON-LD
block, API answer and desk screen that shows them is fetched, and the payload must only
ever appear as text: escaped in HTML, a JSON string in JSON(-LD), character data in XML.
"""

import datetime
import json
import re
import xml.etree.ElementTree as ET

import feedparser
import pytest
import reversion
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from articles.models import Article, Column, ColumnRun, Credit, Issue, Page, Section, Series
from organizations.models import Organization, Person
from photos.models import Photo

pytestmark = pytest.mark.django_db

LONG = '<script>alert(1)</script>"><img src=x onerror=alert(1)>javascript:alert(1)</script>'
SHORT = "</script><img src=x onerror=alert(1)>"  # fits the 40-character names
# Markup that must never reach a page unescaped, in any case or spacing.
ACTIVE = re.compile(
    r"<script>alert|<img src=x|</script><img|href=[\"']?\s*javascript:|src=[\"']?\s*javascript:",
    re.IGNORECASE,
)
JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def safe_html(response):
    assert response.status_code == 200, response.status_code
    text = response.content.decode()
    found = ACTIVE.search(text)
    assert found is None, text[max(0, found.start() - 200) : found.end() + 100]
    for block in JSONLD.findall(text):
        json.loads(block)  # the payload's </script> did not end the block early
    return text


@pytest.fixture
def hostile(db, clean_cache):
    org = Organization.objects.create(
        name=f"成都{SHORT}",
        short_name="成都市科协",
        aliases=SHORT,
        slug="chengdu",
        description=LONG,
        level="city",
    )
    person = Person.objects.create(name=f"张{SHORT}", organization=org)
    column = Column.objects.create(name=SHORT, pinyin="X", slug="lanmu")
    series = Series.objects.create(name=LONG, slug="zhuanti", description=LONG)
    issue = Issue.objects.create(
        number=3109,
        date=datetime.date(2024, 11, 22),
        status=Issue.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    page = Page.objects.create(issue=issue, number=1, name=SHORT)
    run = ColumnRun.objects.create(page=page, column=column)
    with reversion.create_revision():
        article = Article.objects.create(
            page=page,
            column_run=run,
            series=series,
            position=1,
            status=Article.Status.PUBLISHED,
            published_at=timezone.now(),
            kicker=LONG,
            title=LONG,
            subtitle=LONG,
            body=f"本报讯 {LONG}\n\n第二段 {LONG}",
            captions=LONG,
        )
    Section.objects.create(article=article, heading=LONG, body=LONG, order=1)
    Credit.objects.create(article=article, person=person, role=SHORT[:20], order=0)
    Credit.objects.create(article=article, organization=org, printed_name=LONG[:60], order=1)
    article.organizations.add(org)
    article.tags.add(LONG[:100])
    Photo.objects.create(article=article, order=1, caption=LONG, alt=LONG[:80])
    return {"article": article, "org": org, "person": person, "issue": issue, "page": page}


def reader_urls(h):
    a = h["article"]
    return [
        "/",
        a.get_absolute_url(),
        h["issue"].get_absolute_url(),
        h["page"].get_absolute_url(),
        "/columns/",
        "/columns/lanmu/",
        "/series/zhuanti/",
        a.tags.first().get_absolute_url(),
        h["org"].get_absolute_url(),
        h["person"].get_absolute_url(),
        "/archive/",
        "/archive/2024/11/",
        "/search/?q=" + LONG,
        "/search/?q=科协&org=" + LONG,
        "/sitemap.xml",
        "/sitemap-news.xml",
    ]


def test_reader_pages_show_the_payloads_only_as_text(hostile):
    client = Client()
    shown = ""
    for url in reader_urls(hostile):
        shown += safe_html(client.get(url))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown  # the fields were rendered


def test_the_article_page_shows_every_field_escaped(hostile):
    text = safe_html(Client().get(hostile["article"].get_absolute_url()))
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
    assert text.count(escaped) >= 5  # kicker, title, subtitle, body, section
    assert "张&lt;/script&gt;&lt;img" in text  # the person in the byline


def test_json_ld_keeps_the_payload_inside_its_script_element(hostile):
    text = safe_html(Client().get(hostile["article"].get_absolute_url()))
    blocks = [json.loads(b) for b in JSONLD.findall(text)]
    assert blocks
    dumped = json.dumps(blocks, ensure_ascii=False)
    assert json.dumps(LONG, ensure_ascii=False)[1:-1] in dumped  # the headline, as data
    for block in JSONLD.findall(text):
        assert "<" not in block and ">" not in block


@pytest.mark.parametrize(
    "url",
    [
        *("/feeds/rss/", "/feeds/atom/", "/columns/lanmu/rss/", "/columns/lanmu/atom/"),
        *("/organizations/chengdu/rss/", "/organizations/chengdu/atom/"),
    ],
)
def test_feeds_carry_the_payload_as_escaped_text(hostile, url):
    response = Client().get(url)
    assert response.status_code == 200
    raw = response.content
    ET.fromstring(raw)  # well-formed: nothing broke out of its element
    assert not ACTIVE.search(raw.decode())
    feed = feedparser.parse(raw)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.entries
    entry = feed.entries[0]
    assert LONG in entry.title  # the headline is text, the payload kept whole
    summary = entry.get("summary", "")
    assert "<script" not in summary and "<img" not in summary
    assert "&lt;script&gt;" in summary or not summary


def test_the_api_returns_the_payload_as_json_strings(hostile):
    client = Client()
    for url in (f"/api/articles/{hostile['article'].pk}", "/api/issues/3109", "/api/search?q=x"):
        response = client.get(url, {"q": LONG} if "search" in url else {})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/json")
        assert response["X-Content-Type-Options"] == "nosniff"
        json.loads(response.content)
    article = client.get(f"/api/articles/{hostile['article'].pk}").json()
    assert article["title"] == LONG


@pytest.fixture
def chief(hostile, people):
    client = Client()
    client.force_login(people["主编"])
    return client


def desk_urls(h):
    a, org, person = h["article"], h["org"], h["person"]
    version = reversion.models.Version.objects.get_for_object(a).first()
    photo = a.photos.first()
    return [
        "/admin/",
        "/admin/articles/article/",
        f"/admin/articles/article/?q={LONG}",
        f"/admin/articles/article/{a.pk}/change/",
        f"/admin/articles/article/{a.pk}/history/",
        f"/admin/articles/article/{a.pk}/history/{version.pk}/",
        f"/admin/articles/article/{a.pk}/delete/",
        f"/admin/articles/article/{a.pk}/transition/withdraw/",
        "/admin/articles/article/desk/",
        f"/admin/articles/issue/{h['issue'].pk}/compose/",
        f"/admin/articles/page/{h['page'].pk}/change/",
        "/admin/articles/tag/",
        "/admin/articles/column/",
        "/admin/articles/series/",
        "/admin/organizations/organization/",
        f"/admin/organizations/organization/{org.pk}/change/",
        "/admin/organizations/person/",
        f"/admin/organizations/person/{person.pk}/change/",
        "/admin/photos/photo/",
        f"/admin/photos/photo/{photo.pk}/change/",
        "/admin/statistics/?period=2024",
        "/admin/sponsors/?period=2024",
        f"/admin/sponsors/{org.pk}/statement/?period=2024",
        "/admin/accounts/auditevent/",
        "/admin/autocomplete/?app_label=articles&model_name=article"
        "&field_name=organizations&term=成都",
    ]


def test_desk_screens_show_the_payloads_only_as_text(chief, hostile):
    shown = ""
    for url in desk_urls(hostile):
        response = chief.get(url)
        if url.startswith("/admin/autocomplete/"):
            assert response.status_code in (200, 403)
            continue
        shown += safe_html(response)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown


def test_messages_quoting_a_title_are_escaped(chief, hostile):
    a = hostile["article"]
    response = chief.post(
        f"/admin/articles/article/{a.pk}/transition/withdraw/", {"comment": LONG}, follow=True
    )
    safe_html(response)
    history = chief.get(f"/admin/articles/article/{a.pk}/change/")
    safe_html(history)


def test_an_import_file_name_is_shown_as_text(chief, hostile, settings):
    name = '"><img src=x onerror=alert(1)>.txt'
    text = "科协动态\n\n本报讯 近日,泸州市科协开展科普活动。\n\n活动吸引了众多群众。\n"
    upload = SimpleUploadedFile(name, text.encode(), content_type="text/plain")
    preview = chief.post(
        "/admin/articles/pageimport/import/",
        {"file": upload, "issue_number": "3110", "page_number": "2", "date": "2024-11-29"},
    )
    safe_html(preview)
    done = chief.post("/admin/articles/pageimport/import/", {"op": "confirm"}, follow=True)
    safe_html(done)
    from articles.models import PageImport

    imported = PageImport.objects.get()
    assert "onerror" in imported.source_name  # kept as the editor's file was named
    safe_html(chief.get("/admin/articles/pageimport/"))
    safe_html(chief.get(f"/admin/articles/pageimport/{imported.pk}/change/"))
    safe_html(chief.get("/admin/accounts/auditevent/"))
