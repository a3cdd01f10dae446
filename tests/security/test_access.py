"""Threat: a 通讯员 reaching another correspondent's draft through a desk URL, a preview
link or the API; tampered and expired preview links.

Every way in is tried with the other's draft: its title, body and return comment must
never appear, and nothing about it may change.
"""

import datetime
import re
import time

import pytest
import reversion
from django.contrib.auth.models import Group, User
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.desk import preview
from articles.models import Article, ArticleTransition, Issue, Page
from photos.models import Photo

pytestmark = pytest.mark.django_db
S = Article.Status

SECRET_TITLE = "别人的未刊稿标题甲乙丙"
SECRET_BODY = "别人的未刊稿正文丁戊己。"
SECRET_COMMENT = "退回意见庚辛壬"
SECRET_CAPTION = "别人的图片说明癸子丑"
SECRETS = (SECRET_TITLE, SECRET_BODY, SECRET_COMMENT, SECRET_CAPTION)


@pytest.fixture
def desk(people, clean_cache):
    """Two correspondents; the other's returned draft (with a revision, a return comment
    and a photo slot); our correspondent's own draft; a client logged in as ours."""
    other = User.objects.create_user("tongxun2", is_staff=True)
    other.groups.add(Group.objects.get(name="通讯员"))
    issue = Issue.objects.create(number=3109, date=timezone.localdate() + datetime.timedelta(7))
    page = Page.objects.create(issue=issue, number=1, name="要闻")
    with reversion.create_revision():
        theirs = Article.objects.create(
            title=SECRET_TITLE, body=SECRET_BODY, page=page, position=1, author=other
        )
    Article.objects.filter(pk=theirs.pk).update(status=S.RETURNED)
    theirs.refresh_from_db()
    ArticleTransition.objects.create(
        article=theirs,
        user=people["编辑"],
        from_status=S.SUBMITTED,
        to_status=S.RETURNED,
        comment=SECRET_COMMENT,
    )
    photo = Photo.objects.create(article=theirs, order=1, caption=SECRET_CAPTION)
    ours = Article.objects.create(
        title="我的稿件", body="我的正文。", page=page, position=2, author=people["通讯员"]
    )
    client = Client()
    client.force_login(people["通讯员"])
    version = reversion.models.Version.objects.get_for_object(theirs).first()
    return {
        "client": client,
        "theirs": theirs,
        "ours": ours,
        "photo": photo,
        "version": version,
        "other": other,
    }


def unchanged(desk):
    article = Article.objects.get(pk=desk["theirs"].pk)
    assert (article.title, article.body, article.status, article.version) == (
        SECRET_TITLE,
        SECRET_BODY,
        S.RETURNED,
        desk["theirs"].version,
    )
    photo = Photo.objects.filter(pk=desk["photo"].pk).first()
    assert photo is not None and photo.caption == SECRET_CAPTION
    assert photo.article_id == article.pk


def shows_nothing(response):
    text = response.content.decode("utf-8", "replace")
    for secret in SECRETS:
        assert secret not in text, (response.request["PATH_INFO"], secret)


def urls(desk):
    pk, photo = desk["theirs"].pk, desk["photo"].pk
    version = desk["version"].pk
    return {
        "change form": f"/admin/articles/article/{pk}/change/",
        "history": f"/admin/articles/article/{pk}/history/",
        "revision compare": f"/admin/articles/article/{pk}/history/{version}/",
        "delete": f"/admin/articles/article/{pk}/delete/",
        "transition submit": f"/admin/articles/article/{pk}/transition/submit/",
        "transition approve": f"/admin/articles/article/{pk}/transition/approve/",
        "suggestions": f"/admin/articles/article/{pk}/suggestions/",
        "changelist": "/admin/articles/article/",
        "changelist search": "/admin/articles/article/?q=未刊稿",
        "desk dashboard": "/admin/articles/article/desk/",
        "recover list": "/admin/articles/article/recover/",
        "transitions log": "/admin/articles/articletransition/",
        "transitions search": "/admin/articles/articletransition/?q=退回意见",
        "photo list": "/admin/photos/photo/",
        "photo change": f"/admin/photos/photo/{photo}/change/",
        "photo delete": f"/admin/photos/photo/{photo}/delete/",
        "photo article autocomplete": "/admin/autocomplete/?app_label=photos&model_name=photo"
        f"&field_name=article&term={SECRET_TITLE[:4]}",
        "reader page": f"/articles/{pk}/",
        "api article": f"/api/articles/{pk}",
        "api search": f"/api/search?q={SECRET_TITLE[:6]}",
        "search page": f"/search/?q={SECRET_TITLE[:6]}",
    }


URL_NAMES = [
    "change form",
    "history",
    "revision compare",
    "delete",
    "transition submit",
    "transition approve",
    "suggestions",
    "changelist",
    "changelist search",
    "desk dashboard",
    "recover list",
    "transitions log",
    "transitions search",
    "photo list",
    "photo change",
    "photo delete",
    "photo article autocomplete",
    "reader page",
    "api article",
    "api search",
    "search page",
]


def test_the_table_names_every_way_in(desk):
    assert sorted(urls(desk)) == sorted(URL_NAMES)


@pytest.mark.parametrize("name", URL_NAMES)
def test_a_correspondent_cannot_read_another_s_draft(desk, name):
    response = desk["client"].get(urls(desk)[name], follow=True)
    assert response.status_code in (200, 403, 404)
    shows_nothing(response)


POSTS = {
    "change form": lambda d: {
        "title": "改掉别人的标题",
        "body": "改掉",
        "expected_version": str(d["theirs"].version),
    },
    "revision compare": lambda d: {"expected_version": str(d["theirs"].version)},
    "delete": lambda d: {"post": "yes"},
    "transition submit": lambda d: {"comment": ""},
    "suggestions": lambda d: {"kind": "tag", "value": "科普", "op": "accept"},
    "changelist": lambda d: {
        "action": "submit_selected",
        "_selected_action": [str(d["theirs"].pk)],
    },
    "photo change": lambda d: {"caption": "改掉别人的图片说明", "order": "1", "alt": "x"},
    "photo delete": lambda d: {"post": "yes"},
}


@pytest.mark.parametrize("name", sorted(POSTS))
def test_a_correspondent_cannot_change_another_s_draft(desk, name):
    response = desk["client"].post(urls(desk)[name], POSTS[name](desk), follow=True)
    assert response.status_code in (200, 403, 404)
    shows_nothing(response)
    unchanged(desk)


def test_a_correspondent_cannot_add_a_photo_to_another_s_draft(desk):
    before = Photo.objects.count()
    response = desk["client"].post(
        "/admin/photos/photo/add/",
        {"article": str(desk["theirs"].pk), "order": "2", "caption": "塞进别人的稿件"},
        follow=True,
    )
    assert response.status_code in (200, 403)
    assert Photo.objects.count() == before
    unchanged(desk)


def test_a_correspondent_cannot_recover_another_s_deleted_draft(desk, people):
    theirs = desk["theirs"]
    with reversion.create_revision():
        reversion.add_to_revision(theirs)
    ArticleTransition.objects.filter(article=theirs).delete()
    theirs.delete()  # by the 主编, the only role that may
    assert not Article.objects.filter(pk=theirs.pk).exists()
    deleted = reversion.models.Version.objects.get_deleted(Article).first()
    client = desk["client"]
    shows_nothing(client.get("/admin/articles/article/recover/", follow=True))
    url = f"/admin/articles/article/recover/{deleted.pk}/"
    shows_nothing(client.get(url, follow=True))
    client.post(url, {"title": SECRET_TITLE, "body": SECRET_BODY}, follow=True)
    assert not Article.objects.filter(pk=theirs.pk).exists()


def test_the_own_change_form_links_only_the_own_preview(desk):
    page = desk["client"].get(f"/admin/articles/article/{desk['ours'].pk}/change/")
    assert page.status_code == 200
    links = re.findall(r"/preview/([^/\"]+)/", page.content.decode())
    assert links
    for token in links:
        pk = signing.TimestampSigner(salt=preview.SALT).unsign(token, max_age=preview.MAX_AGE)
        assert pk == str(desk["ours"].pk)


# ---------------------------------------------------------------- preview links


def token_made_at(article, when):
    real = time.time
    try:
        signing.time.time = lambda: when
        return preview.make_token(article)
    finally:
        signing.time.time = real


def tampered(desk):
    token = preview.make_token(desk["ours"])
    value, stamp, signature = token.split(":")
    theirs = str(desk["theirs"].pk)
    flipped = signature[:-1] + ("A" if signature[-1] != "A" else "B")
    return {
        "other id, own signature": f"{theirs}:{stamp}:{signature}",
        "signature flipped": f"{value}:{stamp}:{flipped}",
        "timestamp moved": f"{value}:{signing.b62_encode(int(time.time()) + 1)}:{signature}",
        "no signature": f"{theirs}:{stamp}",
        "bare id": theirs,
        "other salt": signing.TimestampSigner(salt="other").sign(theirs),
        "plain signer": signing.Signer(salt=preview.SALT).sign(theirs),
        "empty parts": "::",
    }


TAMPERED = [
    "other id, own signature",
    "signature flipped",
    "timestamp moved",
    "no signature",
    "bare id",
    "other salt",
    "plain signer",
    "empty parts",
]


@pytest.mark.parametrize("how", TAMPERED)
def test_a_tampered_preview_link_is_refused_in_chinese(desk, how):
    assert sorted(tampered(desk)) == sorted(TAMPERED)
    response = Client().get(f"/preview/{tampered(desk)[how]}/")
    assert response.status_code == 404
    assert "预览链接无效" in response.content.decode()
    shows_nothing(response)


def test_an_expired_preview_link_is_refused_in_chinese(desk):
    old = time.time() - preview.MAX_AGE - 60
    response = Client().get(f"/preview/{token_made_at(desk['theirs'], old)}/")
    assert response.status_code == 404
    assert "预览链接已过期" in response.content.decode()
    shows_nothing(response)


def test_a_preview_link_stops_working_when_it_expires_even_after_it_was_seen(desk):
    token = preview.make_token(desk["theirs"])
    seen = Client().get(f"/preview/{token}/")
    assert seen.status_code == 200 and SECRET_TITLE in seen.content.decode()
    assert "no-store" in seen["Cache-Control"] or "private" in seen["Cache-Control"]
    real = time.time
    try:
        signing.time.time = lambda: real() + preview.MAX_AGE + 60
        later = Client().get(f"/preview/{token}/")
    finally:
        signing.time.time = real
    assert later.status_code == 404
    shows_nothing(later)


def test_a_preview_link_of_a_deleted_article_says_so(desk):
    token = preview.make_token(desk["theirs"])
    Article.objects.filter(pk=desk["theirs"].pk).delete()
    response = Client().get(f"/preview/{token}/")
    assert response.status_code == 404
    assert "已不存在" in response.content.decode()


def test_the_draft_is_what_the_correspondent_cannot_edit(desk, people):
    """The premise: the draft is editable by its author, not by our correspondent."""
    assert workflow.can_edit(desk["other"], desk["theirs"])
    assert not workflow.can_edit(people["通讯员"], desk["theirs"])


def test_the_url_table_uses_the_desk_s_names(desk):
    pk = desk["theirs"].pk
    assert urls(desk)["transition submit"] == reverse(
        "admin:articles_article_transition", args=[pk, "submit"]
    )
    assert urls(desk)["suggestions"] == reverse("admin:articles_article_suggestions", args=[pk])
