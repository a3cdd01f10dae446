"""导入版面PDF: one page PDF gives the page its text (through the legacy parser), its
facsimile and proposed areas; the preview is a dry run, and bad input writes nothing."""

import os
import time

import pypdfium2 as pdfium
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.desk import pending
from articles.desk.views import IMPORT_SESSION_KEY
from articles.models import Article, Issue, Page, PageImport
from photos.models import ArticleArea, Facsimile
from tests.articles.desk.conftest import make_user
from tests.photos.conftest import empty_pdf, media_files, page_pdf

pytestmark = pytest.mark.django_db

URL = "/admin/articles/pageimport/import/"
STORIES = [
    (
        "泸州市科协启动星辰计划",
        [
            "本报讯 近日,泸州市科协启动星辰计划,面向全市中小学生开展天文科普活动,"
            "组织天文台开放日和流动天文馆进校园。",
            "活动将持续到年底,预计覆盖三万名学生。",
            "(泸州市科协)",
        ],
    ),
    (
        "省科协召开学会工作会议",
        [
            "本报讯 省科协召开学会工作会议,部署下半年学会服务创新驱动发展的重点任务,"
            "各学会负责人参加。",
            "(本报记者 张跃明)",
        ],
    ),
    (
        "成都市科协调研科普广场",
        [
            "本报讯 成都市科协调研邛崃市特色科普广场项目建设情况,听取项目进展汇报。",
            "调研组要求把科普广场建成群众家门口的科学课堂。",
            "(成都市科协)",
        ],
    ),
]
COUNTED = (Issue, Page, Article, PageImport, Facsimile, ArticleArea)


@pytest.fixture(autouse=True)
def pending_root(settings, tmp_path):
    settings.IMPORT_PENDING_ROOT = tmp_path / "pending"
    return settings.IMPORT_PENDING_ROOT


@pytest.fixture
def editor(client, seed_paper):
    client.force_login(make_user("wangbj", "编辑"))
    return client


def counts():
    return {m.__name__: m.objects.count() for m in COUNTED}


def pending_files(root):
    return sorted(p.name for p in root.glob("*")) if root.exists() else []


def post_pdf(client, data, name="第1版.pdf", **fields):
    form = {"issue_number": "3109", "page_number": "1", "page_name": "要闻", "date": "2024-11-22"}
    form.update(fields)
    form["file"] = SimpleUploadedFile(name, data, content_type="application/pdf")
    return client.post(URL, form)


def form_error(response):
    assert response.status_code == 200
    form = response.context["form"]
    return " ".join(str(e) for errs in form.errors.values() for e in errs)


def test_the_preview_is_a_dry_run_that_shows_what_the_pdf_gives(editor, media, pending_root):
    before = counts()
    response = post_pdf(editor, page_pdf(STORIES))
    assert response.templates[0].name == "admin/articles/pageimport/preview.html"
    parsed = response.context["parsed"]
    assert [a.title for a in parsed.articles] == [title for title, _ in STORIES]
    assert parsed.articles[1].paragraphs == [STORIES[1][1][0]]
    assert response.context["located"] == {0, 1, 2}
    html = response.content.decode()
    assert "导入版面PDF" in html and "在 PDF 里找到 3 / 3 篇" in html
    # nothing written: no row, no media file; only the PDF waiting for the confirmation
    assert counts() == before
    assert media_files(media) == []
    assert len(pending_files(pending_root)) == 1


def test_confirming_gives_the_page_its_text_facsimile_and_proposed_areas(
    editor, media, pending_root, django_capture_on_commit_callbacks
):
    post_pdf(editor, page_pdf(STORIES))
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(URL, {"op": "confirm"})
    page = Page.objects.get(issue__number=3109, number=1)
    assert response.status_code == 302
    assert response.url == f"/admin/articles/page/{page.pk}/change/"
    articles = list(page.articles.order_by("position"))
    assert [a.title for a in articles] == [title for title, _ in STORIES]
    assert articles[1].credits.get().name == "张跃明"
    facsimile = Facsimile.objects.get(page=page)
    assert facsimile.source == Facsimile.Source.PDF and facsimile.pdf
    assert "泸州市科协启动星辰计划" in facsimile.text_layer
    areas = {a.article_id: a for a in ArticleArea.objects.filter(page=page)}
    assert set(areas) == {a.pk for a in articles}
    for column, article in enumerate(articles):
        area = areas[article.pk]
        assert area.proposed
        assert int((area.x + area.w / 2) * 3) == column  # in the column it was set in
    assert PageImport.objects.get(page=page).encoding == "PDF 文字层"
    # the PDF is served for download, the waiting copy is gone
    assert facsimile.pdf.name in media_files(media)
    assert pending_files(pending_root) == []
    assert IMPORT_SESSION_KEY not in editor.session


def test_cancelling_deletes_the_waiting_pdf_and_writes_nothing(editor, media, pending_root):
    before = counts()
    post_pdf(editor, page_pdf(STORIES))
    editor.post(URL, {"op": "cancel"})
    assert counts() == before
    assert pending_files(pending_root) == [] and media_files(media) == []


def test_a_refused_confirmation_writes_nothing_and_keeps_the_preview(
    editor, media, pending_root, django_capture_on_commit_callbacks
):
    """The page already has other text: without 替换 the import is refused, all of it."""
    issue = Issue.objects.create(number=3109, date="2024-11-22")
    page = Page.objects.create(issue=issue, number=1, name="要闻")
    post_pdf(editor, page_pdf(STORIES[:1]), name="旧.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        editor.post(URL, {"op": "confirm"})
    before, files = counts(), media_files(media)
    assert len(files) == 3  # page image, thumbnail, PDF
    post_pdf(editor, page_pdf(STORIES))
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(URL, {"op": "confirm"})
    assert response.status_code == 200
    assert "替换" in " ".join(str(m) for m in response.context["messages"])
    assert counts() == before and media_files(media) == files
    assert len(pending_files(pending_root)) == 1  # kept: 替换 can still be chosen
    response = editor.post(URL, {"op": "confirm", "replace": "1"})
    assert response.status_code == 302
    assert page.articles.filter(title="成都市科协调研科普广场").exists()
    assert ArticleArea.objects.filter(page=page, article__title="成都市科协调研科普广场").exists()


def test_a_waiting_pdf_that_is_gone_is_a_clear_message_and_nothing_written(editor, pending_root):
    before = counts()
    post_pdf(editor, page_pdf(STORIES))
    for path in pending_root.glob("*.pdf"):
        path.unlink()
    response = editor.post(URL, {"op": "confirm"}, follow=True)
    text = " ".join(str(m) for m in response.context["messages"])
    assert "已过期" in text and "重新上传" in text
    assert counts() == before


@pytest.mark.parametrize(
    "data, name, expected",
    [
        (lambda: page_pdf(STORIES, encrypt="secret"), "加密.pdf", "加密"),
        (empty_pdf, "空白.pdf", "没有任何页面"),
        (lambda: b"%PDF-1.7\n" + os.urandom(4000), "坏文件.pdf", "不是能打开的 PDF"),
        (lambda: no_text_layer_pdf(), "扫描件.pdf", "没有文字层"),
    ],
    ids=["encrypted", "zero-page", "corrupt", "scanned"],
)
def test_a_bad_pdf_is_refused_by_name_and_nothing_kept(
    editor, media, pending_root, data, name, expected
):
    before = counts()
    error = form_error(post_pdf(editor, data(), name=name))
    assert name in error and expected in error
    assert counts() == before
    assert media_files(media) == [] and pending_files(pending_root) == []


def test_a_pdf_over_the_limit_is_refused_before_it_is_read(editor, settings, pending_root):
    settings.FACSIMILE_MAX_BYTES = 10_000
    error = form_error(post_pdf(editor, page_pdf(STORIES)))
    assert "太大" in error and "上限" in error
    assert pending_files(pending_root) == []


def test_a_multi_page_pdf_imports_its_first_page_and_says_so(editor):
    response = post_pdf(editor, page_pdf(STORIES, pages=2))
    assert "有 2 页,只导入了第 1 页" in response.content.decode()
    assert len(response.context["parsed"].articles) == 3


def test_abandoned_waiting_files_are_swept_after_a_day(pending_root, settings):
    old = pending.keep(b"%PDF old")
    path = pending_root / f"{old['token']}.pdf"
    day_ago = time.time() - pending.MAX_AGE - 60
    os.utime(path, (day_ago, day_ago))
    fresh = pending.keep(b"%PDF fresh")
    assert pending.take(old) is None
    assert pending.take(fresh) == b"%PDF fresh"


def test_a_forged_reference_reads_no_file(pending_root):
    kept = pending.keep(b"%PDF")
    assert pending.take({"token": "../../etc/passwd", "sha256": kept["sha256"]}) is None
    assert pending.take({"token": kept["token"], "sha256": "0" * 64}) is None


def no_text_layer_pdf():
    import io

    document = pdfium.PdfDocument.new()
    document.new_page(842, 1191)
    buffer = io.BytesIO()
    document.save(buffer)
    document.close()
    return buffer.getvalue()
