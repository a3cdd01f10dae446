"""Threat: path traversal through an uploaded file's name (``../../etc/passwd.txt``, an
absolute path, a Windows path, a NUL byte, a very long name) on the desk's page import,
the photo form and the page facsimile: nothing is written outside MEDIA_ROOT, no stored
name follows the attacker's path, and a refused file is refused in Chinese.
"""

import datetime
import re
from pathlib import Path

import pytest
from django.test import Client

from articles.models import Article, Issue, Page, PageImport
from photos import store
from photos.images import ImageRefused
from photos.models import Photo
from tests.photos.conftest import jpeg, png

pytestmark = pytest.mark.django_db
HAN = re.compile(r"[\u4e00-\u9fff]")

NAMES = [
    "../../etc/passwd.txt",
    "../../../../../../tmp/kexiebao-evil.txt",
    "/etc/passwd.txt",
    "/tmp/kexiebao-evil.txt",
    "..\\..\\kexiebao-evil.txt",
    "C:\\Windows\\kexiebao-evil.txt",
    "kexiebao-evil\x00.txt",
    "kexiebao-evil.txt\x00.jpg",
    "..",
    "../",
    "%2e%2e%2fkexiebao-evil.txt",
    "&#46;&#46;&#47;kexiebao-evil.txt",
    "科协" * 200 + ".txt",  # past the multipart parser's header limit: a Chinese 400
    "k" * 5000 + ".txt",
    "科协" * 120 + ".txt",  # under it, but longer than PageImport.source_name
    "k" * 300 + ".txt",
]


def refused_in_chinese(response):
    """Django's multipart parser refuses a part header over its limit; our 400 page."""
    assert response.status_code == 400
    assert HAN.search(response.content.decode())


TEXT = "科协动态\n\n本报讯 近日,泸州市科协开展科普活动。\n\n活动吸引了众多群众。\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def stray_files(tmp_path, media):
    """Files written anywhere but MEDIA_ROOT (in this test's folder, /tmp, the project)."""
    outside = [p for p in tmp_path.rglob("*") if p.is_file() and media not in p.parents]
    outside += list(Path("/tmp").glob("kexiebao-evil*"))
    outside += list(Path(__file__).resolve().parents[2].rglob("kexiebao-evil*"))
    return outside


def safe_stored_name(name):
    assert name, name
    assert "\x00" not in name and "\\" not in name and ".." not in name.split("/"), name
    assert not name.startswith("/") and "evil" not in name and "passwd" not in name, name


BOUNDARY = "kexiebao-boundary-7MA4YWxk"


def post_file(client, url, fields, field, filename, content):
    """A multipart post with the file name exactly as given: Django's test client would
    send only its basename, a hostile browser or script sends anything."""
    lines = []
    for key, value in fields.items():
        lines += [f"--{BOUNDARY}", f'Content-Disposition: form-data; name="{key}"', "", value]
    head = "\r\n".join(
        [
            *lines,
            f"--{BOUNDARY}",
            f'Content-Disposition: form-data; name="{field}"; filename="{filename}"',
            "Content-Type: application/octet-stream",
            "",
            "",
        ]
    )
    body = head.encode("utf-8") + content + f"\r\n--{BOUNDARY}--\r\n".encode()
    return client.post(url, body, content_type=f"multipart/form-data; boundary={BOUNDARY}")


@pytest.fixture
def editor(people, media, clean_cache):
    client = Client()
    client.force_login(people["编辑"])
    return client


@pytest.mark.parametrize("name", NAMES, ids=lambda n: repr(n[:40]))
def test_an_import_file_name_cannot_lead_outside(editor, name, tmp_path, media):
    fields = {"issue_number": "3110", "page_number": "2", "date": "2024-11-29"}
    url = "/admin/articles/pageimport/import/"
    response = post_file(editor, url, fields, "file", name, TEXT.encode())
    form = response.context.get("form") if response.status_code == 200 else None
    if response.status_code == 400:
        refused_in_chinese(response)
        assert not PageImport.objects.exists()
    elif form is not None and form.errors:  # refused: in Chinese, nothing written
        assert all(HAN.search(str(e)) for errs in form.errors.values() for e in errs)
        assert not PageImport.objects.exists()
    else:
        done = editor.post("/admin/articles/pageimport/import/", {"op": "confirm"})
        assert done.status_code == 302
        stored = PageImport.objects.get().source_name
        assert len(stored) <= 255
        assert "\x00" not in stored and "/" not in stored and "\\" not in stored, stored
        assert stored not in ("", ".", "..")
    assert stray_files(tmp_path, media) == []
    assert list(media.rglob("*")) == []  # the import writes no file at all


@pytest.fixture
def article(db):
    issue = Issue.objects.create(number=3109, date=datetime.date(2024, 11, 22))
    page = Page.objects.create(issue=issue, number=1, name="要闻")
    return Article.objects.create(title="泸州市科协启动星辰计划", page=page, body="本报讯 启动。")


PICTURE_NAMES = [n.replace(".txt", ".jpg") for n in NAMES]


@pytest.mark.parametrize("name", PICTURE_NAMES, ids=lambda n: repr(n[:40]))
def test_a_photo_is_stored_under_its_digest_whatever_its_name(
    editor, article, name, tmp_path, media, django_capture_on_commit_callbacks
):
    fields = {"article": str(article.pk), "order": "1", "alt": "活动现场"}
    with django_capture_on_commit_callbacks(execute=True):
        response = post_file(
            editor, "/admin/photos/photo/add/", fields, "upload", name, jpeg(320, 200)
        )
    assert response.status_code in (200, 302, 400)
    photo = Photo.objects.filter(article=article).first()
    if response.status_code == 400:
        refused_in_chinese(response)
        assert photo is None
    elif response.status_code == 200:
        errors = " ".join(str(e) for e in response.context["adminform"].form.errors.values())
        assert photo is None and HAN.search(errors), errors
    elif name.strip("./") == "":
        # ".." is no file name at all: Django drops the file, the photo is a caption slot
        assert photo is not None and not photo.image
    else:
        assert photo is not None and photo.image
        for stored in photo.file_names():
            safe_stored_name(stored)
            assert stored.startswith("photos/") and (media / stored).is_file()
    assert stray_files(tmp_path, media) == []
    for path in media.rglob("*"):
        assert media in path.resolve().parents


@pytest.mark.parametrize("name", PICTURE_NAMES[:8], ids=lambda n: repr(n[:40]))
def test_a_refused_picture_names_the_file_harmlessly(article, name, media, tmp_path):
    with pytest.raises(ImageRefused) as refused:
        store.add_photo(article, b"not a picture", name)
    assert HAN.search(str(refused.value))
    assert list(media.rglob("*")) == [] and stray_files(tmp_path, media) == []


@pytest.mark.parametrize("name", PICTURE_NAMES[:8], ids=lambda n: repr(n[:40]))
def test_a_facsimile_is_stored_under_its_digest_whatever_its_name(
    article, name, media, tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        facsimile, _ = store.attach_facsimile(article.page, png(900, 1300), name)
    for stored in facsimile.file_names():
        safe_stored_name(stored)
        assert (media / stored).is_file()
    assert stray_files(tmp_path, media) == []
