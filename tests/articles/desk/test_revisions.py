"""Two editors on one article; every save kept; an earlier revision restored exactly."""

import pytest
from django.urls import reverse
from reversion.models import Version

from articles.models import Article
from tests.conftest import change_form_data

pytestmark = pytest.mark.django_db


def open_form(client, article):
    return change_form_data(client.get(reverse("admin:articles_article_change", args=[article.pk])))


def save(client, article, data):
    return client.post(reverse("admin:articles_article_change", args=[article.pk]), data)


def test_the_second_of_two_editors_is_refused_and_keeps_their_text(client, staff, article):
    editor, chief = staff["编辑"], staff["主编"]
    client.force_login(editor)
    wang = open_form(client, article)
    client.force_login(chief)
    li = open_form(client, article)

    client.force_login(editor)
    wang["body"] = "王编辑改过的正文。"
    assert save(client, article, wang).status_code == 302

    client.force_login(chief)
    li["body"] = "李主编同时改的正文,不能丢。"
    response = save(client, article, li)
    assert response.status_code == 200
    page = response.content.decode()
    assert "保存被拒绝" in page and "王编辑(wangbj)" in page
    assert "李主编同时改的正文,不能丢。" in page
    article.refresh_from_db()
    assert article.body == "王编辑改过的正文。"

    # Having read the message, the chief saves again on purpose: the form now carries
    # the current version, so this save is accepted.
    li["expected_version"] = response.context["adminform"].form["expected_version"].value()
    assert save(client, article, li).status_code == 302
    article.refresh_from_db()
    assert article.body == "李主编同时改的正文,不能丢。"

    history = Version.objects.get_for_object(article).select_related("revision__user")
    assert [v.revision.user for v in reversed(history)] == [editor, chief]
    assert [v.field_dict["body"] for v in reversed(history)] == [
        "王编辑改过的正文。",
        "李主编同时改的正文,不能丢。",
    ]


def test_an_editor_restores_an_earlier_revision_exactly(client, staff, article):
    client.force_login(staff["编辑"])
    first = open_form(client, article)
    first["title"] = "第一稿标题"
    first["body"] = "第一稿:本报讯 近日,泸州市科协开展“科普进社区”活动。\n\n群众踊跃参加。"
    save(client, article, first)
    second = open_form(client, article)
    second["body"] = "第二稿:改坏了的正文。"
    save(client, article, second)
    Article.objects.filter(pk=article.pk).update(status=Article.Status.APPROVED)

    oldest = Version.objects.get_for_object(article).last()
    url = reverse("admin:articles_article_revision", args=[article.pk, oldest.pk])
    compare = client.get(url)
    assert "<del>第二稿:改坏了的正文。</del>" not in compare.content.decode()
    assert "第一稿" in compare.content.decode()

    article.refresh_from_db()
    response = client.post(url, {"expected_version": article.version})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "第一稿标题"
    assert article.body == first["body"].replace("\r\n", "\n")
    assert article.status == Article.Status.APPROVED  # restoring text does not undo review
    assert Version.objects.get_for_object(article).count() == 3


def test_a_restore_from_a_stale_page_is_refused(client, staff, article):
    client.force_login(staff["编辑"])
    data = open_form(client, article)
    data["body"] = "新正文"
    save(client, article, data)
    version = Version.objects.get_for_object(article).first()
    url = reverse("admin:articles_article_revision", args=[article.pk, version.pk])
    response = client.post(url, {"expected_version": 1}, follow=True)
    assert "保存被拒绝" in response.content.decode()
