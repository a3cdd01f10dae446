"""The admin's page import screen under bad input: a clear Chinese error, and nothing written.

Every refused case checks that no issue, page, article, import record, organisation
or person appeared; the good cases check that confirming writes the drafts once.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.desk.views import IMPORT_SESSION_KEY
from articles.models import Article, ColumnRun, Credit, Issue, Page, PageImport
from organizations.models import Organization, Person

pytestmark = pytest.mark.django_db

URL = "/admin/articles/pageimport/import/"
SEED = sorted(Path(settings.BASE_DIR).glob("seeds/pages/*.txt"))[0]
TEXT = SEED.read_text(encoding="utf-8")
OTHER_TEXT = SEED.read_text(encoding="utf-8").replace("乡城县", "稻城县")
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
HAN = re.compile(r"[\u4e00-\u9fff]")
COUNTED = (Issue, Page, Article, PageImport, ColumnRun, Credit, Organization, Person)


def counts():
    return {m.__name__: m.objects.count() for m in COUNTED}


@pytest.fixture
def editor(client, staff):
    assert reverse("admin:articles_pageimport_import") == URL
    client.force_login(staff["编辑"])
    return client


def form_data(**overrides):
    data = {"issue_number": "3109", "page_number": "3", "page_name": "科协之窗", "date": ""}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def upload(content, name="page.txt"):
    return SimpleUploadedFile(name, content, content_type="text/plain")


def errors_of(response):
    """All the form's errors, as one string; fails if the form was accepted."""
    assert response.status_code == 200
    assert "form" in response.context, "the form should have been shown again"
    form = response.context["form"]
    assert not form.is_valid()
    text = " ".join(str(e) for errs in form.errors.values() for e in errs)
    assert HAN.search(text), text
    return text


def preview(client, **data):
    response = client.post(URL, data)
    assert response.status_code == 200
    assert response.templates[0].name == "admin/articles/pageimport/preview.html", (
        response.context.get("form") and response.context["form"].errors
    )
    return response


def follow_messages(response):
    return " ".join(str(m) for m in response.context["messages"])


# -------------------------------------------------------------- refused input


def test_both_a_file_and_pasted_text_is_refused(editor, issue):
    before = counts()
    response = editor.post(URL, form_data(text=TEXT, file=upload(TEXT.encode())))
    assert "请只选一种方式" in errors_of(response)
    assert counts() == before
    assert IMPORT_SESSION_KEY not in editor.session


def test_neither_a_file_nor_text_is_refused(editor, issue):
    before = counts()
    assert "请上传版面文件" in errors_of(editor.post(URL, form_data(text="  \n\u3000 ")))
    assert counts() == before


def test_an_empty_file_is_refused(editor, issue):
    before = counts()
    text = errors_of(editor.post(URL, form_data(file=upload(b""))))
    assert "空" in text
    assert counts() == before


def test_a_binary_file_is_refused_with_its_name(editor, issue):
    before = counts()
    text = errors_of(editor.post(URL, form_data(file=upload(PNG, "照片.png"))))
    assert "照片.png" in text and "纯文本" in text
    assert counts() == before


def test_a_file_over_the_size_limit_is_refused(editor, issue, settings):
    settings.LEGACY_IMPORT_MAX_BYTES = 4096
    before = counts()
    text = errors_of(editor.post(URL, form_data(file=upload(TEXT.encode()))))
    assert "文件太大" in text and "上限" in text
    assert counts() == before


def test_pasted_text_over_the_size_limit_is_refused(editor, issue, settings):
    settings.LEGACY_IMPORT_MAX_BYTES = 4096
    before = counts()
    text = errors_of(editor.post(URL, form_data(text=TEXT)))
    assert "太长" in text and "上限" in text
    assert counts() == before


def test_pasted_text_with_a_nul_character_is_refused(editor, issue):
    before = counts()
    errors_of(editor.post(URL, form_data(text="标题\n\n本报讯\x00正文。")))
    assert counts() == before


def test_a_new_issue_without_a_date_is_refused(editor, issue):
    before = counts()
    text = errors_of(editor.post(URL, form_data(issue_number="4000", text=TEXT)))
    assert "第4000期还不存在" in text and "出版日期" in text
    assert counts() == before


@pytest.mark.parametrize("date", ["2024-13-45", "明天", "2024-02-30", "2024-11-22\x00", "9" * 5000])
def test_a_bad_date_is_refused(editor, issue, date):
    before = counts()
    text = errors_of(editor.post(URL, form_data(issue_number="4000", date=date, text=TEXT)))
    assert "日期" in text
    assert counts() == before


@pytest.mark.parametrize(
    "field,value",
    [
        ("page_number", "0"),
        ("page_number", "-1"),
        ("page_number", "65"),
        ("page_number", "99999999999999999999"),
        ("page_number", "abc"),
        ("page_number", "²"),
        ("issue_number", "0"),
        ("issue_number", "-3109"),
        ("issue_number", "2147483648"),
        ("issue_number", "99999999999999999999"),
        ("issue_number", "9" * 5000),
    ],
)
def test_a_page_or_issue_number_out_of_range_is_refused(editor, issue, field, value):
    before = counts()
    data = form_data(text=TEXT, date="2024-11-22", **{field: value})
    text = errors_of(editor.post(URL, data))
    assert ("版次" if field == "page_number" else "期号") in text
    assert counts() == before


def test_a_date_that_contradicts_the_existing_issue_is_refused_on_confirm(editor, issue):
    before = counts()
    preview(editor, **form_data(text=TEXT, date="2001-01-01"))
    response = editor.post(URL, {"op": "confirm"}, follow=True)
    assert "出版日期是" in follow_messages(response)
    assert counts() == before


def test_text_that_holds_no_article_is_refused(editor, issue):
    before = counts()
    text = errors_of(editor.post(URL, form_data(text="。\n\n,,,\n\n——")))
    assert "没有解析出" in text
    assert counts() == before


# ---------------------------------------------------------------- good input


def test_a_gb18030_file_is_decoded_and_previewed_without_writing(editor, issue):
    before = counts()
    response = preview(editor, **form_data(file=upload(TEXT.encode("gb18030"), "第三版.txt")))
    page = response.content.decode()
    assert "第三版.txt(gb18030)" in page
    assert "省科协召开定点帮扶乡城县工作对接会" in page
    assert counts() == before
    assert editor.session[IMPORT_SESSION_KEY]["encoding"] == "gb18030"


def test_cancel_after_the_preview_writes_nothing(editor, issue):
    before = counts()
    preview(editor, **form_data(text=TEXT))
    response = editor.post(URL, {"op": "cancel"}, follow=True)
    assert "已取消导入,没有写入任何内容" in follow_messages(response)
    assert counts() == before
    assert IMPORT_SESSION_KEY not in editor.session
    # Confirming after cancelling finds nothing to confirm.
    response = editor.post(URL, {"op": "confirm"}, follow=True)
    assert "没有待确认的导入" in follow_messages(response)
    assert counts() == before


def test_confirm_writes_the_drafts_once_and_a_second_confirm_changes_nothing(editor, issue):
    before = counts()
    preview(editor, **form_data(file=upload(TEXT.encode("gb18030"))))
    pending = editor.session[IMPORT_SESSION_KEY]
    response = editor.post(URL, {"op": "confirm"}, follow=True)
    assert "导入" in follow_messages(response)
    after = counts()
    assert after["PageImport"] == before["PageImport"] + 1
    assert after["Page"] == before["Page"] + 1
    assert after["Article"] > before["Article"]
    page = Page.objects.get(issue=issue, number=3)
    assert set(page.articles.values_list("status", flat=True)) == {Article.Status.DRAFT}

    # The double-click: the second request still carries the pending import.
    session = editor.session
    session[IMPORT_SESSION_KEY] = pending
    session.save()
    response = editor.post(URL, {"op": "confirm"}, follow=True)
    assert "内容与上次导入完全相同,未做任何改动" in follow_messages(response)
    assert counts() == after
    # And a third, after the session was cleared, has nothing to confirm.
    response = editor.post(URL, {"op": "confirm"}, follow=True)
    assert "没有待确认的导入" in follow_messages(response)
    assert counts() == after


def test_reimporting_different_text_without_replace_is_refused_and_keeps_the_preview(editor, issue):
    preview(editor, **form_data(text=TEXT))
    editor.post(URL, {"op": "confirm"})
    before = counts()

    preview(editor, **form_data(text=OTHER_TEXT))
    response = editor.post(URL, {"op": "confirm"})
    assert "这次的文本不同" in response.content.decode()
    assert "替换" in response.content.decode()
    assert counts() == before
    assert IMPORT_SESSION_KEY in editor.session, "the pending import is kept for a replace"

    response = editor.post(URL, {"op": "confirm", "replace": "1"}, follow=True)
    assert "替换导入" in follow_messages(response)
    assert counts()["PageImport"] == before["PageImport"] + 1


def test_a_saved_e_paper_page_is_read_as_html_with_its_title_hierarchy(editor, issue):
    html = (
        "<html><head><title>泸州市科协 开展科技志愿服务 - 四川科协报</title></head><body>"
        '<div class="header">3109 期 / 第3版:科协之窗</div>'
        '<h3 class="yinti">泸州市科协</h3><h1 class="title">开展科技志愿服务</h1>'
        '<div class="content"><p>本报讯 近日,泸州市科协组织科技志愿者走进社区。</p>'
        "<p>活动发放资料200余份。(泸州市科协)</p></div></body></html>"
    )
    response = editor.post(
        URL, {**form_data(), "file": upload(html.encode("utf-8"), name="3109_03.html")}
    )
    assert response.status_code == 200
    parsed = response.context["parsed"]
    assert [(a.kicker, a.title) for a in parsed.articles] == [("泸州市科协", "开展科技志愿服务")]
    assert "<p>" not in response.context["pending"]["text"]
    assert editor.post(URL, {"op": "confirm"}).status_code == 302
    article = Article.objects.get(page__issue__number=3109, page__number=3)
    assert (article.kicker, article.title) == ("泸州市科协", "开展科技志愿服务")
    assert "<p>" not in article.body and "200余份" in article.body
