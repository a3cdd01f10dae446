"""Photo and facsimile write paths × the reader surfaces that show them.

The story of ``tests/articles/test_changes.py``: a reader has every surface in the page
cache, an editor uploads a photo, edits an area or uploads a page PDF (in the admin or
through ``photos.store``), and the reader's next request shows it.
"""

from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from photos import store
from photos.models import ArticleArea, Photo
from tests.articles.test_changes import build_world, editor_client
from tests.conftest import change_form_data
from tests.photos.conftest import jpeg, page_pdf

pytestmark = pytest.mark.django_db

ALT = "学生们用望远镜观察月亮"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


SURFACES = {
    "article": lambda w: w.target.get_absolute_url(),
    "api-article": lambda w: f"/api/articles/{w.target.pk}",
    "page": lambda w: reverse("articles:page", args=[w.issue.number, 1]),
    "issue": lambda w: w.issue.get_absolute_url(),
    "api-issue": lambda w: f"/api/issues/{w.issue.number}",
}


def upload_a_photo(w):
    store.add_photo(w.target, jpeg(), "现场.jpg", alt=ALT, caption="图为活动现场。")


def upload_photos_in_the_admin(w):
    client = editor_client(w.editor)
    url = reverse("admin:articles_article_change", args=[w.target.pk])
    data = change_form_data(client.get(url))
    one, two = jpeg(color=(1, 2, 3)), jpeg(color=(9, 9, 9))
    data["photos-bulk"] = [
        SimpleUploadedFile("一.jpg", one, "image/jpeg"),
        SimpleUploadedFile("二.jpg", two, "image/jpeg"),
    ]
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    photo = Photo.objects.filter(article=w.target).first()
    photo.alt = ALT
    photo.save()


def upload_a_page_pdf(w):
    store.attach_facsimile(w.front, page_pdf([(w.target.title, ["本报讯"])]), "1.pdf")


def draw_an_area(w):
    store.save_areas(w.front, {w.target: (0.1, 0.1, 0.4, 0.3)})


def edit_an_area_in_the_admin(w):
    client = editor_client(w.chief)
    url = reverse("admin:articles_page_change", args=[w.front.pk])
    data = change_form_data(client.get(url))
    field = next(k for k in data if k.endswith("-w") and k.startswith("article_areas"))
    data[field] = "0.25"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert ArticleArea.objects.get().w == 0.25


def with_facsimile(w):
    upload_a_page_pdf(w)


def with_area(w):
    upload_a_page_pdf(w)
    draw_an_area(w)


@dataclass(frozen=True)
class Row:
    name: str
    act: object
    surface: str
    marker: object  # world -> text the surface shows after the change, not before
    setup: object = None


ROWS = [
    Row("photo upload", upload_a_photo, "article", lambda w: ALT),
    Row("photo upload", upload_a_photo, "api-article", lambda w: ALT),
    Row("photos in the admin", upload_photos_in_the_admin, "article", lambda w: ALT),
    Row("photos in the admin", upload_photos_in_the_admin, "api-article", lambda w: ALT),
    Row("page PDF upload", upload_a_page_pdf, "page", lambda w: "下载本版 PDF"),
    Row("page PDF upload", upload_a_page_pdf, "issue", lambda w: "版面导航"),
    Row("page PDF upload", upload_a_page_pdf, "api-issue", lambda w: "page.pdf"),
    Row("area drawn", draw_an_area, "page", lambda w: 'class="edition-area"', with_facsimile),
    Row("area drawn", draw_an_area, "api-issue", lambda w: "[0.1, 0.1, 0.4, 0.3]", with_facsimile),
    Row("area edited in the admin", edit_an_area_in_the_admin, "page", lambda w: 'width="250.0"', with_area),
    Row("area edited in the admin", edit_an_area_in_the_admin, "api-issue", lambda w: "0.25", with_area),
]  # fmt: skip


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r.name} → {r.surface}")
def test_a_photo_or_facsimile_change_reaches_a_reader_with_a_warm_cache(
    row, django_capture_on_commit_callbacks
):
    world = build_world()
    if row.setup:
        row.setup(world)
    reader = Client()
    url = SURFACES[row.surface](world)
    marker = row.marker(world)

    def shows():
        response = reader.get(url)
        assert response.status_code == 200
        return marker in response.content.decode()

    assert not shows(), "before the change the surface already shows it: the test is not set up"
    assert not shows()  # the same, from the warm cache
    with django_capture_on_commit_callbacks(execute=True):
        row.act(world)
    assert shows(), f"after “{row.name}” a reader still sees the old {row.surface}"
