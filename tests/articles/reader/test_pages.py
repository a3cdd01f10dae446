"""A reader reads this week's issue, its pages and articles, and looks back through the archive."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from articles.models import Article
from tests.articles.conftest import add_published_articles

pytestmark = pytest.mark.django_db


def html(response):
    return response.content.decode()


def test_the_home_page_shows_the_latest_issue_with_its_pages_and_headlines(client, reader_paper):
    response = client.get("/")
    assert response.status_code == 200
    text = html(response)
    assert '<html lang="zh-CN">' in text
    assert "第3109期 2022年11月18日" in text
    assert "第1版:要闻" in text and "第3版:科协之窗" in text
    assert (
        text.index("全省科协系统认真学习")
        < text.index("省科协召开定点帮扶")
        < text.index("名山区科协")
    )
    assert reverse("articles:column", args=["地方科协"]) in text
    assert reverse("articles:archive") in text
    assert text.count("<h1") == 1
    assert 'action="/search/"' in text and 'name="q"' in text


def test_an_issue_lists_its_pages_in_order_and_links_to_the_previous_issue(client, reader_paper):
    text = html(client.get("/issues/3109/"))
    assert "<h1>第3109期 2022年11月18日</h1>" in text
    assert text.index("第1版:要闻") < text.index("第3版:科协之窗")
    assert "凝心聚力" in text and "各地科协掀起学习热潮" in text
    assert 'href="/issues/3108/"' in text and "上一期" in text
    assert "下一期:" not in text, "the next issue is a draft, so there is no next issue yet"


def test_a_page_has_its_articles_in_printed_order_sponsors_and_previous_next_pages(
    client, reader_paper
):
    text = html(client.get("/issues/3109/pages/3/"))
    assert "<h1>第3版:科协之窗</h1>" in text
    assert text.index("调研邛崃市") < text.index("开展科技志愿服务")
    assert "本版协办单位" in text and "排名不分先后" in text and "泸州市科协" in text
    assert "上一版:第1版:要闻" in text
    assert "下一版:" not in text


def test_an_article_shows_banner_kicker_title_byline_sections_captions_tags_and_neighbours(
    client, reader_paper
):
    p = reader_paper
    text = html(client.get(p.lead.get_absolute_url()))
    assert text.count("<h1") == 1
    for expected in [
        "认真学习宣传贯彻党的二十大精神",  # banner (series)
        "凝心聚力",  # kicker
        "<h1>全省科协系统认真学习贯彻党的二十大精神</h1>",
        "各地科协掀起学习热潮",  # subtitle
        "本报记者",
        f'href="{p.reporter.get_absolute_url()}">张跃鸣</a>',
        f'href="{p.luzhou.get_absolute_url()}">泸州市科协</a>',
        "<h2>第1地科协</h2>",
        "调研现场。",
        f'href="{p.front.get_absolute_url()}">第1版:要闻</a>',
        'href="/issues/3109/">第3109期 2022年11月18日</a>',
        "文中提及的组织",
        "下一篇:省科协召开定点帮扶乡城县工作对接会",
        "相关报道",
        "上一期:省科协部署科普月活动",  # related through shared tags
    ]:
        assert expected in text, expected
    assert "上一篇:" not in text


def test_drafts_submitted_and_withdrawn_articles_are_404_and_never_listed(client, reader_paper):
    p = reader_paper
    hidden = p.hidden_articles + p.unpublished_issue_articles
    for article in hidden:
        assert client.get(article.get_absolute_url()).status_code == 404, article.title
    for issue in p.hidden_issues.values():
        assert client.get(f"/issues/{issue.number}/").status_code == 404
        assert client.get(f"/issues/{issue.number}/pages/1/").status_code == 404
    listings = [
        "/",
        "/issues/3109/",
        "/issues/3109/pages/1/",
        p.lead.get_absolute_url(),
        p.old.get_absolute_url(),
        p.column.get_absolute_url(),
        "/tags/科普/",
        "/tags/二十大/",
        p.series.get_absolute_url(),
        p.chengdu.get_absolute_url(),
        p.reporter.get_absolute_url(),
        "/archive/2022/12/",
    ]
    for url in listings:
        text = html(client.get(url))
        for article in hidden:
            assert article.title not in text, (url, article.title)
            assert article.get_absolute_url() + '"' not in text, (url, article.title)
    assert "第3200期" not in html(client.get("/archive/2022/12/"))


def test_the_organisation_page_shows_what_it_reported_and_sponsored(client, reader_paper):
    p = reader_paper
    text = html(client.get(p.chengdu.get_absolute_url()))
    assert "<h1>成都市科学技术协会</h1>" in text
    assert "调研邛崃市特色科普广场项目" in text  # credited
    assert "全省科协系统认真学习" in text  # mentioned
    assert "协办的版面" in text and "第3109期 第3版:科协之窗" in text
    assert 'name="organization" value="成都市科协"' in text
    reported = html(client.get(p.chengdu.get_absolute_url(), {"relation": "reported"}))
    assert "调研邛崃市" in reported and "全省科协系统认真学习" not in reported
    province = html(client.get(p.province.get_absolute_url()))
    assert "下属组织" in province and "泸州市科协" in province
    assert "协办的栏目" in province and "地方科协" in province


def test_a_reporters_page_lists_the_articles_they_wrote(client, reader_paper):
    text = html(client.get(reader_paper.reporter.get_absolute_url()))
    assert "<h1>张跃鸣</h1>" in text and "本报记者" in text
    assert "全省科协系统认真学习" in text and "上一期:省科协部署科普月活动" in text
    assert "调研邛崃市" not in text


def test_a_column_can_be_narrowed_by_year_month_organisation_and_tag(client, reader_paper):
    url = reader_paper.column.get_absolute_url()
    text = html(client.get(url))
    assert "<h1>地方科协</h1>" in text and "共 2 篇" in text
    assert 'name="column" value="地方科协"' in text and "在本栏目中搜索" in text
    assert "共 1 篇" in html(client.get(url, {"tag": "志愿服务"}))
    assert "共 1 篇" in html(client.get(url, {"organization": "成都市科协"}))
    assert "共 2 篇" in html(client.get(url, {"year": "2022", "month": "11"}))
    assert "没有符合条件的文章" in html(client.get(url, {"year": "2021"}))


def test_a_tag_listing_counts_each_article_once_even_with_many_matching_rows(client, reader_paper):
    # 科普 articles credit and mention 成都市科协 more than once: without distinct() they repeat.
    text = html(client.get("/tags/科普/", {"organization": "成都市科协"}))
    assert text.count("调研邛崃市特色科普广场项目</a>") == 1
    assert "共 3 篇" in text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"year": "二〇二二"}, "年份应为四位数字"),
        ({"year": "1800"}, "年份不能早于 1950 年"),
        ({"month": "13"}, "月份应为 1 到 12 之间的数字"),
        ({"organization": "不存在的协会"}, "没有这个组织"),
        ({"page": "abc"}, "页码应为正整数"),
    ],
)
def test_a_wrong_filter_value_gets_a_clear_chinese_message_not_a_server_error(
    client, reader_paper, query, message
):
    response = client.get(reader_paper.column.get_absolute_url(), query)
    assert response.status_code == 400
    assert message in html(response)


def test_asking_for_a_page_of_results_that_does_not_exist_says_how_many_there_are(
    client, reader_paper
):
    response = client.get("/tags/科普/", {"page": "9"})
    assert response.status_code == 404
    assert "没有第 9 页:这里共有 1 页" in html(response)


def test_the_archive_has_a_calendar_and_finds_an_issue_by_date(client, reader_paper):
    text = html(client.get("/archive/"))
    assert "<h1>往期回顾</h1>" in text and "2022年" in text
    assert 'href="/issues/3109/" aria-label="第3109期 2022年11月18日">18</a>' in text
    assert client.get("/archive/", {"date": "2022-11-11"})["Location"] == "/issues/3108/"
    missing = client.get("/archive/", {"date": "2022-11-12"})
    assert missing.status_code == 404 and "2022年11月12日没有出版报纸" in html(missing)
    wrong = client.get("/archive/", {"date": "11/12/2022"})
    assert wrong.status_code == 400 and "日期格式应为 年-月-日" in html(wrong)
    assert client.get("/archive/2022/13/").status_code == 404


def test_robots_txt_points_to_the_sitemaps(client):
    text = html(client.get("/robots.txt"))
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


# Query counts: each page type costs the same whatever it shows. The second
# measurement adds articles with tags, credits, sections and mentions.

PAGE_QUERIES = {
    "home": ("/", 5),
    "issue": ("/issues/3109/", 5),
    "page": ("/issues/3109/pages/1/", 5),
    "article": (None, 8),  # 8: the photos (photos.reader)
    "column": ("/columns/地方科协/", 5),
    "tag": ("/tags/科普/", 6),
    "series": ("/series/认真学习宣传贯彻党的二十大精神/", 6),
    "organization": ("/organizations/成都市科协/", 9),  # 9: contributions per year (reports)
    "person": (None, 6),
    "archive": ("/archive/", 2),
}


@pytest.mark.parametrize("kind", list(PAGE_QUERIES))
def test_every_page_type_makes_a_fixed_number_of_queries(
    client, reader_paper, django_assert_num_queries, kind
):
    url, expected = PAGE_QUERIES[kind]
    if kind == "article":
        url = reader_paper.lead.get_absolute_url()
    if kind == "person":
        url = reader_paper.reporter.get_absolute_url()
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    more = add_published_articles(reader_paper.front, 6, start=10, paper=reader_paper)
    for a in more:
        a.series = reader_paper.series
        a.column_run = reader_paper.run
        a.save()
    cache.clear()
    with django_assert_num_queries(expected):
        response = client.get(url)
        assert response.status_code == 200
    if kind not in ("archive", "person", "article"):
        assert "增补报道10" in html(response)


def test_a_cached_page_costs_no_query_and_answers_conditional_requests(
    client, reader_paper, django_assert_num_queries
):
    first = client.get("/issues/3109/")
    assert first["ETag"] and first["Last-Modified"]
    with django_assert_num_queries(0):
        again = client.get("/issues/3109/")
        assert again.content == first.content
        not_modified = client.get("/issues/3109/", HTTP_IF_NONE_MATCH=first["ETag"])
        assert not_modified.status_code == 304


def test_a_cached_page_is_answered_before_the_session_with_the_same_headers(client, reader_paper):
    first = client.get("/issues/3109/")  # rendered by the view, stored
    assert hasattr(first.wsgi_request, "session")
    again = client.get("/issues/3109/")
    # Answered by the cache middleware: the session middleware never saw the request.
    assert not hasattr(again.wsgi_request, "session")
    assert again.status_code == 200 and again.content == first.content
    for header in ("ETag", "Last-Modified", "Cache-Control", "Content-Type", "Vary"):
        assert again[header] == first[header], header
    assert again["X-Frame-Options"] == first["X-Frame-Options"] == "DENY"
    assert "Cookie" in again["Vary"]
    head = client.head("/issues/3109/")
    assert head.status_code == 200 and head["ETag"] == first["ETag"]
    assert client.get("/issues/3109/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    # A page never stored (the admin) is not answered from the cache, whatever the ETag.
    admin = client.get("/admin/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert admin.status_code == 302


def test_editing_an_article_refreshes_the_cached_pages_that_show_it(client, reader_paper):
    before = client.get("/issues/3109/")
    lead = Article.objects.get(pk=reader_paper.lead.pk)
    lead.title = "全省科协系统掀起学习热潮(更正)"
    lead.save()
    after = client.get("/issues/3109/", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert "(更正)" in html(after)
    reader_paper.lead.tags.add("新标签")
    assert "新标签" in html(client.get(reader_paper.lead.get_absolute_url()))


def test_withdrawing_an_issue_takes_its_cached_pages_down(client, reader_paper):
    assert client.get("/issues/3108/").status_code == 200
    reader_paper.earlier.status = "withdrawn"
    reader_paper.earlier.save()
    assert client.get("/issues/3108/").status_code == 404
    assert client.get(reader_paper.old.get_absolute_url()).status_code == 404


def test_logged_in_editors_bypass_the_cache(client, reader_paper, django_user_model):
    client.get("/issues/3109/")
    editor = django_user_model.objects.create_user("editor", password="x")
    client.force_login(editor)
    assert "ETag" not in client.get("/issues/3109/")


def test_a_preview_of_a_draft_is_marked_and_never_indexed_or_cached(rf, reader_paper):
    from django.contrib.auth.models import AnonymousUser

    from articles.reader.views import render_article

    request = rf.get("/preview/")
    request.user = AnonymousUser()
    draft = reader_paper.hidden_articles[0]
    response = render_article(request, draft, preview=True)
    text = html(response)
    assert response.status_code == 200
    assert "预览" in text and '<meta name="robots" content="noindex">' in text
    assert "no-cache" in response["Cache-Control"]
    assert draft.title in text
