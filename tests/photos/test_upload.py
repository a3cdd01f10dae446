"""An editor uploads photos and page files: good ones are cleaned and sized, bad ones are
refused with a Chinese reason naming the file, and nothing of them is stored."""

import io
import re
import struct
import zlib

import pytest
from django.db import transaction
from PIL import Image

from articles.models import Article, Issue, Page
from photos import store
from photos.forms import read_upload
from photos.images import ImageRefused
from photos.models import ArticleArea, Facsimile, Photo
from tests.photos.conftest import empty_pdf, jpeg, media_files, page_pdf, png

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    issue = Issue.objects.create(number=3109, date="2022-11-18")
    page = Page.objects.create(issue=issue, number=1, name="要闻")
    return Article.objects.create(title="泸州市科协启动星辰计划", page=page, body="本报讯 启动。")


def huge_png_header(width=50_000, height=50_000):
    """A tiny file that declares a 50,000 × 50,000 PNG: a decompression bomb."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 100))
        + chunk(b"IEND", b"")
    )


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script><rect width='10' height='10'/></svg>"
)

BAD_PHOTOS = [
    ("a non-image renamed .jpg", "会议现场.jpg", "本报讯 这不是图片,只是改了扩展名的文本。".encode(), "不是可识别的图片"),
    ("a truncated JPEG", "截断.jpg", jpeg(800, 600)[:4000], "已损坏或不完整"),
    ("a 50,000 × 50,000 PNG", "巨图.png", huge_png_header(), "解压炸弹"),
    ("an SVG with a script", "标志.svg.jpg", SVG_WITH_SCRIPT, "SVG"),
    ("a GIF", "动图.gif", b"GIF89a" + b"\x01\x00\x01\x00\x80\x00\x00" + b"\x00" * 40, "只接受"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "name", "data", "reason"), BAD_PHOTOS, ids=[b[0] for b in BAD_PHOTOS]
)
def test_a_bad_photo_is_refused_naming_the_file_and_nothing_is_stored(
    article, media, django_capture_on_commit_callbacks, case, name, data, reason
):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(ImageRefused) as refused:
            store.add_photo(article, data, name)
    assert f"“{name}”" in str(refused.value)
    assert reason in str(refused.value)
    assert not Photo.objects.exists()
    assert media_files(media) == []


def test_a_300_mb_file_is_refused_before_it_is_read(article):
    class Upload:
        name = "全景.jpg"
        size = 300 * 1024 * 1024

        def read(self):
            raise AssertionError("a file over the limit must not be read")

    with pytest.raises(ImageRefused, match=re.escape("“全景.jpg”太大(300.0 MB)")):
        read_upload(Upload())


def test_a_file_over_the_limit_is_refused_by_its_bytes_too(settings, article):
    settings.PHOTO_MAX_BYTES = 10_000
    with pytest.raises(ImageRefused, match=re.escape("“大.jpg”太大")):
        store.add_photo(article, jpeg(2000, 1500, color=(1, 2, 3)) + b"\x00" * 20_000, "大.jpg")


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("加密.pdf", "encrypted", "加密的 PDF"),
        ("空白.pdf", "empty", "没有任何页面"),
        ("坏.pdf", b"%PDF-1.4\nthis is not really a pdf", "不是能打开的 PDF"),
    ],
)
def test_a_bad_page_pdf_is_refused_and_the_page_keeps_no_facsimile(
    article, media, django_capture_on_commit_callbacks, name, data, reason
):
    if data == "encrypted":
        data = page_pdf([("标题", ["正文"])], encrypt="secret")
    elif data == "empty":
        data = empty_pdf()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(ImageRefused) as refused:
            store.attach_facsimile(article.page, data, name)
    assert f"“{name}”" in str(refused.value) and reason in str(refused.value)
    assert not Facsimile.objects.exists()
    assert media_files(media) == []


def test_an_area_outside_the_page_is_refused_naming_the_article(article):
    with pytest.raises(ImageRefused) as refused:
        store.save_areas(article.page, {article: (0.6, 0.1, 0.5, 0.2)})
    assert "《泸州市科协启动星辰计划》" in str(refused.value)
    assert "不能大于 1" in str(refused.value)
    assert not ArticleArea.objects.exists()


def test_the_database_refuses_an_area_outside_the_page_too(article):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleArea.objects.create(page=article.page, article=article, x=0.9, y=0, w=0.2, h=0.1)


# -- what is stored ------------------------------------------------------------------


def exif_of(data):
    with Image.open(io.BytesIO(data)) as image:
        return image.getexif(), image.info, image.size


def test_no_exif_and_no_position_survive_in_any_served_file(
    article, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        photo = store.add_photo(article, jpeg(2400, 1600), "现场.jpg")
    assert photo.renditions, "renditions are made at upload"
    for name in photo.file_names():
        data = (media / name).read_bytes()
        exif, info, _ = exif_of(data)
        assert 0x8825 not in exif, f"{name} still has a GPS block"
        assert not exif, f"{name} still has EXIF: {dict(exif)}"
        assert "exif" not in info and b"GPS" not in data and b"Camera Maker" not in data


def test_the_exif_orientation_is_applied_before_it_is_dropped(article):
    # A camera held upright: a 1200 × 800 sensor image with orientation 6 (rotate 90°)
    photo = store.add_photo(article, jpeg(1200, 800, orientation=6), "竖拍.jpg")
    assert (photo.width, photo.height) == (800, 1200)
    assert all(r["height"] > r["width"] for r in photo.renditions)


def test_renditions_are_several_widths_in_webp_and_jpeg(
    article, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        photo = store.add_photo(article, jpeg(2400, 1600), "现场.jpg")
    sizes = sorted((r["width"], r["height"], r["format"]) for r in photo.renditions)
    assert sizes == [
        (w, round(w * 1600 / 2400), fmt) for w in (320, 640, 1024, 1600) for fmt in ("jpg", "webp")
    ]
    for r in photo.renditions:
        with Image.open(media / r["name"]) as image:
            assert image.size == (r["width"], r["height"])
            assert image.format == {"jpg": "JPEG", "webp": "WEBP"}[r["format"]]


def test_a_small_photo_is_never_enlarged(article):
    photo = store.add_photo(article, png(500, 300), "小图.png")
    assert sorted({r["width"] for r in photo.renditions}) == [320, 500]


def test_a_transparent_png_gets_a_white_jpeg_fallback(
    article, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        photo = store.add_photo(article, png(400, 300, mode="RGBA"), "标志.png")
    jpg = next(r for r in photo.renditions if r["format"] == "jpg")
    with Image.open(media / jpg["name"]) as image:
        assert image.mode == "RGB"


# -- no orphan file ------------------------------------------------------------------


def test_a_rolled_back_upload_leaves_no_file(article, media, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            store.add_photo(article, jpeg(), "现场.jpg")
            store.attach_facsimile(article.page, page_pdf([("标题", ["正文"])]), "版面.pdf")
            raise RuntimeError("the editor's save failed after the upload")
    assert not Photo.objects.exists() and not Facsimile.objects.exists()
    assert media_files(media) == []


def test_deleting_a_photo_removes_its_renditions(
    article, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        photo = store.add_photo(article, jpeg(), "现场.jpg")
    assert len(media_files(media)) == 1 + len(photo.renditions)
    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
    assert media_files(media) == []


def test_a_new_facsimile_replaces_the_old_files(article, media, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        store.attach_facsimile(article.page, page_pdf([("旧标题", ["正文"])]), "旧.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        facsimile, _ = store.attach_facsimile(article.page, jpeg(1200, 1700), "新.jpg")
    assert sorted(media_files(media)) == sorted(facsimile.file_names())
    assert facsimile.source == Facsimile.Source.IMAGE and not facsimile.pdf


def test_a_page_pdf_gives_the_page_image_thumbnail_and_download(
    article, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        facsimile, _layer = store.attach_facsimile(
            article.page, page_pdf([("泸州市科协启动星辰计划", ["本报讯 启动。"])]), "第1版.pdf"
        )
    assert facsimile.source == Facsimile.Source.PDF
    assert (facsimile.width, facsimile.thumbnail_width) == (2400, 300)
    assert abs(facsimile.height / facsimile.width - 420 / 297) < 0.01  # A3 portrait
    assert (media / facsimile.pdf.name).read_bytes().startswith(b"%PDF")
    assert "泸州市科协启动星辰计划" in facsimile.text_layer
