"""Hostile input on every public URL and query parameter: never a 500, always Chinese.

Product rule: bad input gets a clear error (what was wrong, what to do, in
Simplified Chinese) and loses nothing. These run on PostgreSQL and on SQLite:
PostgreSQL refuses NUL characters in text and out-of-range integers, SQLite
refuses integers beyond 64 bits, and either used to surface as a 500.
"""

import datetime
import re
import time
from urllib.parse import quote

import pytest
from django.core.cache import cache

from articles.desk.preview import make_token
from articles.models import Article, Column, Credit, Issue, Page, Series
from organizations.models import Organization, Person

pytestmark = pytest.mark.django_db

HAN = re.compile(r"[\u4e00-\u9fff]")
ENGLISH_DEFAULTS = ("Not Found", "Bad Request", "Server Error", "requested resource")

# Path segments, written as they arrive on the wire (already percent-encoded).
HUGE = "99999999999999999999"  # beyond bigint
INT32_PLUS_ONE = "2147483648"  # beyond PostgreSQL integer
BIGINT_PLUS_ONE = "9223372036854775808"
BAD_INTS = [HUGE, INT32_PLUS_ONE, BIGINT_PLUS_ONE, "0", "9" * 5000]
BAD_SLUGS = [
    "%00",
    "a%00b",
    "%ED%A0%80",  # a lone surrogate, UTF-8-encoded
    "%E2%80%8F",  # right-to-left mark
    "%E2%80%AE%E7%A7%91%E6%99%AE",  # right-to-left override + 科普
    "x" * 5000,
    "%E7%A7%91" * 2000,  # 科 × 2000
    "%01%1F",
    "%F0%9F%98%80",
]


@pytest.fixture(autouse=True)
def empty_page_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def paper(db):
    org = Organization.objects.create(name="泸州市科学技术协会", short_name="泸州市科协")
    person = Person.objects.create(name="张跃鸣", is_staff_reporter=True)
    column = Column.objects.create(name="地方科协")
    series = Series.objects.create(name="学习二十大")
    issue = Issue.objects.create(
        number=3109, date=datetime.date(2022, 11, 18), status=Issue.Status.PUBLISHED
    )
    page = Page.objects.create(issue=issue, number=1, name="要闻")
    article = Article.objects.create(
        page=page,
        position=1,
        title="泸州市科协开展科普活动",
        body="本报讯 泸州市科协开展科普活动。",
        status=Article.Status.PUBLISHED,
        series=series,
    )
    article.tags.add("科普")
    article.organizations.add(org)
    Credit.objects.create(article=article, person=person, role="本报记者")
    return {
        "org": org,
        "person": person,
        "column": column,
        "series": series,
        "issue": issue,
        "page": page,
        "article": article,
        "tag": article.tags.get(),
    }


def assert_clear_refusal(response, statuses=(400, 404)):
    """A 4xx whose body (HTML or JSON) says what is wrong in Chinese; never a 500."""
    assert response.status_code in statuses, response.status_code
    body = response.content.decode("utf-8", "replace")
    assert HAN.search(body), body[:300]
    for english in ENGLISH_DEFAULTS:
        assert english not in body, body[:300]


# ------------------------------------------------------------- path converters

INT_URLS = [
    "/issues/{}/",
    "/issues/3109/pages/{}/",
    "/issues/{}/pages/1/",
    "/articles/{}/",
    "/organizations/people/{}/",
    "/archive/{}/11/",
    "/archive/2022/{}/",
    "/api/articles/{}",
    "/api/issues/{}",
]
SLUG_URLS = [
    "/columns/{}/",
    "/columns/{}/rss/",
    "/columns/{}/atom/",
    "/tags/{}/",
    "/series/{}/",
    "/organizations/{}/",
    "/organizations/{}/rss/",
    "/organizations/{}/atom/",
    "/preview/{}/",
]


@pytest.mark.parametrize("value", BAD_INTS)
@pytest.mark.parametrize("pattern", INT_URLS)
def test_integers_out_of_range_or_zero_in_the_path_are_a_chinese_404(client, paper, pattern, value):
    response = client.get(pattern.format(value))
    assert_clear_refusal(response, statuses=(404,))


@pytest.mark.parametrize("value", BAD_SLUGS)
@pytest.mark.parametrize("pattern", SLUG_URLS)
def test_hostile_slugs_and_tokens_in_the_path_are_a_chinese_404(client, paper, pattern, value):
    response = client.get(pattern.format(value))
    assert_clear_refusal(response, statuses=(404,))


def test_the_real_pages_still_resolve(client, paper):
    """The converters must not refuse what the site itself links to."""
    urls = [
        "/issues/3109/",
        "/issues/3109/pages/1/",
        paper["article"].get_absolute_url(),
        paper["column"].get_absolute_url(),
        f"/columns/{quote(paper['column'].slug)}/rss/",
        paper["tag"].get_absolute_url(),
        paper["series"].get_absolute_url(),
        paper["org"].get_absolute_url(),
        f"/organizations/{quote(paper['org'].slug)}/atom/",
        paper["person"].get_absolute_url(),
        "/archive/2022/11/",
        f"/api/articles/{paper['article'].pk}",
        "/api/issues/3109",
        f"/preview/{make_token(paper['article'])}/",
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_a_forged_or_truncated_preview_token_is_a_chinese_404(client, paper):
    token = make_token(paper["article"])
    for bad in (token[:-3], token + "x", "1:abc:def", ":" * 50):
        response = client.get(f"/preview/{bad}/")
        assert_clear_refusal(response, statuses=(404,))
        assert "预览链接无效" in response.content.decode()
    assert_clear_refusal(client.get(f"/preview/%00{token}/"), statuses=(404,))


def test_an_admin_url_with_a_huge_id_is_a_404_not_a_500(admin_client, paper):
    for url in (
        f"/admin/articles/issue/{HUGE}/compose/",
        f"/admin/articles/article/{HUGE}/transition/submit/",
        f"/admin/articles/article/{HUGE}/change/",
        "/admin/articles/article/%00/change/",
    ):
        response = admin_client.get(url)
        assert response.status_code in (302, 404), (url, response.status_code)


# ------------------------------------------------------------ query parameters

BAD_VALUES = [
    "abc",
    "-1",
    "0",
    HUGE,
    "9" * 10_000,
    "²",  # str.isdigit() says yes, int() says no
    "2022.5",
    "NaN",
    " ",
    "a\x00b",
    "\u200f2022",  # right-to-left mark
    "科" * 10_000,
]
RAW_VALUES = ["2022%ED%A0%80", "%ff%fe%00"]
PARAMS = [
    "page",
    "page_size",
    "year",
    "month",
    "column",
    "organization",
    "tag",
    "issue",
    "sort",
    "date",
    "q",
    "relation",
]
LISTINGS = [
    "/columns/{column}/",
    "/tags/{tag}/",
    "/series/{series}/",
    "/organizations/{org}/",
    "/organizations/people/{person}/",
    "/archive/",
    "/archive/2022/11/",
    "/search/",
    "/api/search",
]


def listing_urls(paper):
    slugs = {
        "column": quote(paper["column"].slug),
        "tag": quote(paper["tag"].slug),
        "series": quote(paper["series"].slug),
        "org": quote(paper["org"].slug),
        "person": paper["person"].pk,
    }
    return [u.format(**slugs) for u in LISTINGS]


def assert_answered(response):
    """200 (the page, perhaps with a message) or a 4xx saying what was wrong, in Chinese."""
    assert response.status_code in (200, 400, 404), response.status_code
    if response.status_code != 200:
        assert_clear_refusal(response)


def timed_get(client, url, data=None):
    started = time.monotonic()
    response = client.get(url, data)
    elapsed = time.monotonic() - started
    # A generous bound: this catches a listing that scans or loops, not a slow machine.
    assert elapsed < 10, (url[:120], elapsed)
    return response


@pytest.mark.parametrize("param", PARAMS)
def test_garbage_in_every_query_parameter_of_every_listing_is_answered(client, paper, param):
    for url in listing_urls(paper):
        for value in BAD_VALUES:
            assert_answered(timed_get(client, url, {param: value}))
        for raw in RAW_VALUES:
            assert_answered(timed_get(client, f"{url}?{param}={raw}"))
        # The same parameter twice, once good and once bad, in both orders.
        assert_answered(timed_get(client, f"{url}?{param}=1&{param}=%00"))
        assert_answered(timed_get(client, f"{url}?{param}=%00&{param}=1"))


@pytest.mark.parametrize(
    "value", ["abc", "-1", "0", "²", HUGE, "9" * 10_000, "1.5", "\x00", "%ED%A0%80"]
)
def test_a_page_number_that_is_not_a_page_is_a_chinese_400_or_404(client, paper, value):
    url = paper["column"].get_absolute_url()
    if value.startswith("%"):
        response = client.get(f"{url}?page={value}")
    else:
        response = client.get(url, {"page": value})
    assert_clear_refusal(response)
    assert "页" in response.content.decode()


@pytest.mark.parametrize(
    "param,value,message",
    [
        ("year", "abc", "年份"),
        ("year", HUGE, "年份"),
        ("year", "2022.5", "年份"),
        ("month", "13", "月份"),
        ("organization", "\x00", "组织"),
        ("organization", "x" * 10_000, "组织"),
        ("column", "\x00", "栏目"),
        ("tag", "\x00", "标签"),
        ("tag", "科" * 10_000, "标签"),
    ],
)
def test_bad_listing_filters_are_a_400_naming_the_filter(client, paper, param, value, message):
    url = paper["series"].get_absolute_url()
    response = client.get(url, {param: value})
    assert response.status_code == 400
    alert = re.search(r'role="alert">([^<]*)<', response.content.decode())
    assert alert and message in alert.group(1), alert


def test_a_good_filter_still_filters(client, paper):
    url = paper["series"].get_absolute_url()
    response = client.get(url, {"year": "2022", "month": "11", "tag": "科普"})
    assert response.status_code == 200
    assert "泸州市科协开展科普活动" in response.content.decode()
    response = client.get(url, {"organization": paper["org"].slug})
    assert response.status_code == 200
    assert "泸州市科协开展科普活动" in response.content.decode()


@pytest.mark.parametrize(
    "value", ["9999-12-31", "0001-01-01", "2022-02-30", "2022-11-18\x00", "x" * 10_000]
)
def test_a_bad_archive_date_is_answered_in_chinese(client, paper, value):
    response = client.get("/archive/", {"date": value})
    assert_clear_refusal(response)


def test_an_archive_date_in_full_width_digits_finds_the_issue(client, paper):
    response = client.get("/archive/", {"date": "２０２２-11-18"})
    assert response.status_code == 302 and response["Location"] == "/issues/3109/"


def test_an_api_error_is_json_in_chinese(client, paper):
    for params in ({"page": "²"}, {"page_size": HUGE}, {"year": "abc"}, {"issue": "-1"}):
        response = client.get("/api/search", {"q": "科协", **params})
        assert response.status_code == 400
        assert HAN.search(response.json()["error"])
    response = client.get(f"/api/articles/{HUGE}")
    assert response.status_code == 404


# ------------------------------------------------------------------ admin forms


def admin_form_data(response):
    """What the browser posts back from an admin add/change form, unchanged."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    for f in forms:
        for name in f.fields:
            value = f[name].value()
            if value is None or value is False:
                continue
            if name == "tags" and not isinstance(value, str):
                value = ", ".join(t.name for t in value)
            data[f.add_prefix(name)] = value
    return data


def refused_form(response):
    """The admin showed the form again with errors, in Chinese; returns them as text."""
    assert response.status_code == 200, response.status_code
    form = response.context["adminform"].form
    texts = [str(e) for errs in form.errors.values() for e in errs]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        texts += [str(e) for e in formset.non_form_errors()]
        texts += [str(e) for f in formset.forms for errs in f.errors.values() for e in errs]
    text = " ".join(texts)
    assert text and HAN.search(text), text
    for english in ("Constraint", "violated", "This field", "already exists"):
        assert english not in text, text
    return text


def test_an_article_without_a_title_is_refused_and_unchanged(admin_client, paper):
    article = paper["article"]
    url = f"/admin/articles/article/{article.pk}/change/"
    data = admin_form_data(admin_client.get(url))
    data["title"] = ""
    text = refused_form(admin_client.post(url, data))
    assert "必填" in text or "标题" in text
    article.refresh_from_db()
    assert article.title == "泸州市科协开展科普活动"


@pytest.mark.parametrize("tags", [",,、 ,", "、", " , ,", ",,、 ,科普、,"])
def test_a_tag_string_of_only_separators_saves_no_empty_tag(admin_client, paper, tags):
    article = paper["article"]
    url = f"/admin/articles/article/{article.pk}/change/"
    data = admin_form_data(admin_client.get(url))
    data["tags"] = tags
    response = admin_client.post(url, data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        refused_form(response)
    names = set(article.tags.values_list("name", flat=True))
    assert all(n.strip(",、 ") for n in names), names
    from articles.models import Tag

    assert not Tag.objects.filter(slug="").exists()


@pytest.mark.parametrize("number", ["0", "-1", "-3109", "2147483648", HUGE])
def test_an_issue_number_that_is_not_positive_is_a_form_error(admin_client, db, number):
    before = Issue.objects.count()
    url = "/admin/articles/issue/add/"
    data = admin_form_data(admin_client.get(url))
    data.update({"number": number, "date": "2024-11-22"})
    text = refused_form(admin_client.post(url, data))
    assert "期号" in text
    assert Issue.objects.count() == before


def test_a_duplicate_issue_number_is_a_form_error(admin_client, paper):
    url = "/admin/articles/issue/add/"
    data = admin_form_data(admin_client.get(url))
    data.update({"number": "3109", "date": "2024-11-22"})
    assert "第3109期已经存在" in refused_form(admin_client.post(url, data))
    assert Issue.objects.filter(number=3109).count() == 1


@pytest.mark.parametrize("number", ["1", "0", "40000"])
def test_a_duplicate_or_impossible_page_number_is_a_form_error(admin_client, paper, number):
    before = Page.objects.count()
    url = "/admin/articles/page/add/"
    data = admin_form_data(admin_client.get(url))
    data.update({"issue": str(paper["issue"].pk), "number": number, "name": "要闻"})
    text = refused_form(admin_client.post(url, data))
    assert "版次" in text
    assert Page.objects.count() == before


def test_a_duplicate_page_in_the_issues_inline_is_a_form_error(admin_client, paper):
    issue = paper["issue"]
    url = f"/admin/articles/issue/{issue.pk}/change/"
    data = admin_form_data(admin_client.get(url))
    data["pages-TOTAL_FORMS"] = "2"
    data.update({"pages-1-number": "1", "pages-1-name": "重复的一版", "pages-1-issue": issue.pk})
    refused_form(admin_client.post(url, data))
    assert issue.pages.count() == 1


def test_a_credit_naming_both_a_person_and_an_organisation_is_a_form_error(admin_client, paper):
    article = paper["article"]
    url = f"/admin/articles/article/{article.pk}/change/"
    data = admin_form_data(admin_client.get(url))
    data["credits-0-organization"] = str(paper["org"].pk)
    text = refused_form(admin_client.post(url, data))
    assert "署名必须且只能指向一位人员或一个组织" in text
    credit = Credit.objects.get(article=article)
    assert credit.person_id and not credit.organization_id


def test_a_credit_naming_neither_is_a_form_error(admin_client, paper):
    article = paper["article"]
    url = f"/admin/articles/article/{article.pk}/change/"
    data = admin_form_data(admin_client.get(url))
    data["credits-TOTAL_FORMS"] = "2"
    data.update(
        {"credits-1-role": "通讯员", "credits-1-printed_name": "某某", "credits-1-order": "1"}
    )
    text = refused_form(admin_client.post(url, data))
    assert "署名必须且只能指向一位人员或一个组织" in text
    assert Credit.objects.filter(article=article).count() == 1


# ------------------------------------------------- the desk's small admin forms


@pytest.mark.parametrize("value", ["abc", "²", "9" * 5000, HUGE, "-1", ""])
def test_the_composition_screen_refuses_a_bad_article_id_in_chinese(admin_client, paper, value):
    url = f"/admin/articles/issue/{paper['issue'].pk}/compose/"
    response = admin_client.post(url, {"op": "up", "article": value}, follow=True)
    assert response.status_code == 200
    messages = " ".join(str(m) for m in response.context["messages"])
    assert "找不到这篇文章" in messages


@pytest.mark.parametrize("position", ["0", "40000", HUGE, "abc"])
def test_moving_an_article_to_an_impossible_position_is_refused(admin_client, paper, position):
    article, page = paper["article"], paper["page"]
    url = f"/admin/articles/issue/{paper['issue'].pk}/compose/"
    data = {"op": "move", "article": article.pk, "target": f"page:{page.pk}", "position": position}
    response = admin_client.post(url, data, follow=True)
    messages = " ".join(str(m) for m in response.context["messages"])
    assert "第几篇应为" in messages or "整数" in messages, messages
    article.refresh_from_db()
    assert article.position == 1


@pytest.mark.parametrize(
    "kind,value",
    [
        ("organization", "²"),
        ("organization", "9" * 5000),
        ("organization", HUGE),
        ("organization", "123456789"),
        ("tag", "科" * 5000),
        ("tag", "科\x00普"),
    ],
)
@pytest.mark.parametrize("op", ["accept", "dismiss"])
def test_a_forged_suggestion_is_refused_in_chinese(admin_client, paper, kind, value, op):
    from articles.models import SuggestionDismissal

    article = paper["article"]
    url = f"/admin/articles/article/{article.pk}/suggestions/"
    response = admin_client.post(url, {"kind": kind, "value": value, "op": op}, follow=True)
    assert response.status_code == 200
    messages = " ".join(str(m) for m in response.context["messages"])
    assert "请刷新页面后重试" in messages, messages
    assert not SuggestionDismissal.objects.exists()
    assert list(article.tags.values_list("name", flat=True)) == ["科普"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/api/articles/00000000000000000001", "/api/issues/0", "/api/articles/99999999999999999999"],
)
def test_the_json_api_uses_the_shared_id_converter(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.json()["error"]
