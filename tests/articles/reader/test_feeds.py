"""Feed readers, search engines and link previews get valid, published-only data."""

import json
import re
import xml.etree.ElementTree as ET

import feedparser
import pytest

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def feed_urls(p):
    return {
        "paper": ("/feeds/rss/", "/feeds/atom/"),
        "column": (f"/columns/{p.column.slug}/rss/", f"/columns/{p.column.slug}/atom/"),
        "organization": (
            f"/organizations/{p.chengdu.slug}/rss/",
            f"/organizations/{p.chengdu.slug}/atom/",
        ),
    }


def hidden_titles(p):
    return [a.title for a in p.hidden_articles + p.unpublished_issue_articles]


@pytest.mark.parametrize("scope", ["paper", "column", "organization"])
def test_each_rss_feed_is_valid_rss_2_with_only_published_articles(client, reader_paper, scope):
    rss_url, _ = feed_urls(reader_paper)[scope]
    response = client.get(rss_url)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for required in ("title", "link", "description"):
        assert channel.find(required) is not None and channel.find(required).text
    items = channel.findall("item")
    assert items
    for item in items:
        assert item.find("title").text and item.find("link").text
        assert item.find("pubDate").text and item.find("guid").text
    titles = [i.find("title").text for i in items]
    for hidden in hidden_titles(reader_paper):
        assert all(hidden not in t for t in titles)
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo and parsed.version == "rss20"


@pytest.mark.parametrize("scope", ["paper", "column", "organization"])
def test_each_atom_feed_is_valid_atom_with_only_published_articles(client, reader_paper, scope):
    _, atom_url = feed_urls(reader_paper)[scope]
    response = client.get(atom_url)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(ATOM + required).text
    entries = root.findall(ATOM + "entry")
    assert entries
    for entry in entries:
        for required in ("id", "title", "updated"):
            assert entry.find(ATOM + required).text
        assert entry.find(ATOM + "link").get("href")
    titles = " ".join(e.find(ATOM + "title").text for e in entries)
    for hidden in hidden_titles(reader_paper):
        assert hidden not in titles
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo and parsed.version == "atom10"


def test_the_paper_feed_lists_the_newest_issue_first_with_byline_and_tags(client, reader_paper):
    parsed = feedparser.parse(client.get("/feeds/rss/").content)
    first = parsed.entries[0]
    assert "全省科协系统认真学习贯彻党的二十大精神" in first.title
    assert "张跃鸣" in first.author
    assert {"二十大", "科普"} <= {t.term for t in first.tags}
    assert parsed.entries[-1].title == "上一期:省科协部署科普月活动"


def test_feeds_of_unknown_columns_and_organisations_are_404(client, reader_paper):
    assert client.get("/columns/没有这个栏目/rss/").status_code == 404
    assert client.get("/organizations/没有这个组织/atom/").status_code == 404


def test_the_feed_costs_a_fixed_number_of_queries(client, reader_paper, django_assert_num_queries):
    with django_assert_num_queries(3):
        client.get("/feeds/rss/")
    with django_assert_num_queries(4):
        client.get(f"/columns/{reader_paper.column.slug}/atom/")


def sitemap_locs(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return [
        e.text
        for e in ET.fromstring(response.content).iter(
            "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"
        )
    ]


def test_the_sitemap_is_an_index_of_its_sections(client, reader_paper):
    assert sitemap_locs(client, "/sitemap.xml") == [
        f"http://testserver/sitemap-{section}.xml"
        for section in ("issues", "articles", "columns", "organizations")
    ]


def test_the_articles_sitemap_is_paged_so_no_article_is_left_out(client, reader_paper, monkeypatch):
    from articles.models import Article
    from articles.reader.sitemaps import ArticleSitemap

    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    published = Article.objects.published().count()
    pages = -(-published // 2)
    assert pages >= 2
    index = sitemap_locs(client, "/sitemap.xml")
    assert "http://testserver/sitemap-articles.xml" in index
    assert f"http://testserver/sitemap-articles.xml?p={pages}" in index
    listed = []
    for page in range(1, pages + 1):
        listed += sitemap_locs(client, f"/sitemap-articles.xml?p={page}")
    assert len(listed) == len(set(listed)) == published
    assert client.get(f"/sitemap-articles.xml?p={pages + 1}").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_the_sitemap_lists_published_issues_and_articles_only(client, reader_paper):
    locs = sitemap_locs(client, "/sitemap-issues.xml") + sitemap_locs(
        client, "/sitemap-articles.xml"
    )
    assert "http://testserver/issues/3109/" in locs
    assert f"http://testserver{reader_paper.lead.get_absolute_url()}" in locs
    for issue in reader_paper.hidden_issues.values():
        assert f"http://testserver/issues/{issue.number}/" not in locs
    for article in reader_paper.hidden_articles + reader_paper.unpublished_issue_articles:
        assert f"http://testserver{article.get_absolute_url()}" not in locs


def test_the_news_sitemap_has_only_the_last_two_days(client, reader_paper):
    response = client.get("/sitemap-news.xml")
    root = ET.fromstring(response.content)
    ns = {
        "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
        "n": "http://www.google.com/schemas/sitemap-news/0.9",
    }
    titles = [e.text for e in root.findall("s:url/n:news/n:title", ns)]
    assert "全省科协系统认真学习贯彻党的二十大精神" in titles
    assert "上一期:省科协部署科普月活动" not in titles  # a week old
    for article in reader_paper.hidden_articles + reader_paper.unpublished_issue_articles:
        assert article.title not in titles
    assert root.find("s:url/n:news/n:publication/n:name", ns).text == "四川科协报"


def jsonld_of(text):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_an_article_carries_news_article_json_ld_and_open_graph(client, reader_paper):
    text = client.get(reader_paper.lead.get_absolute_url()).content.decode()
    data = jsonld_of(text)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "全省科协系统认真学习贯彻党的二十大精神"
    assert data["datePublished"] and data["dateModified"]
    assert data["author"][0] == {
        "@type": "Person",
        "name": "张跃鸣",
        "url": f"http://testserver{reader_paper.reporter.get_absolute_url()}",
    }
    assert all(a["name"] and a["url"] for a in data["author"])
    assert '<meta property="og:type" content="article">' in text
    assert (
        f'<link rel="canonical" href="http://testserver{reader_paper.lead.get_absolute_url()}">'
        in text
    )


def test_a_title_with_a_script_tag_cannot_break_out_of_the_json_ld(client, reader_paper):
    lead = reader_paper.lead
    lead.title = "</script><script>alert(1)</script>科普"
    lead.save()
    text = client.get(lead.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in text
    assert jsonld_of(text)["headline"] == "</script><script>alert(1)</script>科普"
