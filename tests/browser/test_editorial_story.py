"""The whole story of one page, in headless Chromium: a correspondent imports and submits,
an editor arranges and returns one article, the correspondent fixes and resubmits, the
editor approves, the chief publishes, and only then can a reader see it."""

import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User

from articles.models import Article, ArticleTransition, Issue

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
playwright = pytest.importorskip("playwright.sync_api")

SEED = Path(__file__).resolve().parents[2] / "seeds" / "pages" / "004_94daeb47120638e2.txt"
SHOTS = Path(__file__).resolve().parents[2] / "screenshots" / "admin"
PASSWORD = "科协报-story-2024"


def make(username, role, name):
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True, first_name=name)
    user.groups.add(Group.objects.get(name=role))
    return user


def log_in(browser, live_server, username):
    page = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 1000}).new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    return page


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def run_action(page, action):
    page.check("#action-toggle")
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_imported_page_goes_from_draft_to_the_reader(live_server, browser):
    make("tongxun", "通讯员", "小通")
    make("bianji", "编辑", "王编辑")
    make("zhubian", "主编", "李主编")
    reader = browser.new_context().new_page()

    # The correspondent imports page 4 of issue 3109 and checks the parse before confirming.
    corr = log_in(browser, live_server, "tongxun")
    corr.goto(f"{live_server.url}/admin/articles/pageimport/import/")
    corr.set_input_files("#id_file", str(SEED))
    corr.fill("#id_issue_number", "3109")
    corr.fill("#id_page_number", "4")
    corr.fill("#id_page_name", "科协之窗")
    corr.fill("#id_date", "2023-11-17")
    corr.click("input[type=submit]")
    corr.wait_for_selector(".parsed-article")
    shot(corr, "01-import-preview")
    assert not Article.objects.exists(), "nothing is written before confirming"
    corr.click("button[value=confirm]")
    corr.wait_for_selector("#result_list")
    articles = list(Article.objects.order_by("position"))
    assert len(articles) >= 3 and {a.status for a in articles} == {"draft"}
    run_action(corr, "submit_selected")
    corr.wait_for_selector(".messagelist")
    shot(corr, "02-submitted")
    assert set(Article.objects.values_list("status", flat=True)) == {"submitted"}

    first = articles[0]
    assert reader.goto(f"{live_server.url}/articles/{first.pk}/").status == 404

    # The editor moves the lead article down one place and returns another with a comment.
    editor = log_in(browser, live_server, "bianji")
    issue = Issue.objects.get(number=3109)
    editor.goto(f"{live_server.url}/admin/articles/issue/{issue.pk}/compose/")
    editor.click(f"[data-article='{first.pk}'] button[value=down]")
    editor.wait_for_selector(".compose-page")
    shot(editor, "03-reordered")
    assert Article.objects.get(pk=articles[1].pk).position == 1
    returned = articles[2]
    editor.goto(f"{live_server.url}/admin/articles/article/{returned.pk}/change/")
    editor.click("a.transition-return")
    editor.fill("#id_comment", "请补上活动日期。")
    editor.click("input[type=submit]")
    editor.wait_for_selector(".messagelist")
    shot(editor, "04-returned")
    assert Article.objects.get(pk=returned.pk).status == "returned"

    # The correspondent sees the comment, fixes the text and resubmits.
    corr.goto(f"{live_server.url}/admin/articles/article/{returned.pk}/change/")
    assert "请补上活动日期。" in corr.inner_text(".transition-comment")
    body = corr.input_value("#id_body")
    corr.fill("#id_body", body + "\n\n(活动于11月9日举行。)")
    corr.click("input[name=_continue]")
    corr.wait_for_selector(".messagelist")
    corr.click("a.transition-submit")
    corr.click("input[type=submit]")
    corr.wait_for_selector(".messagelist")
    shot(corr, "05-resubmitted")
    fixed = Article.objects.get(pk=returned.pk)
    assert fixed.status == "submitted" and fixed.body.endswith("(活动于11月9日举行。)")

    # The editor approves everything waiting.
    editor.goto(f"{live_server.url}/admin/articles/article/?status__exact=submitted")
    run_action(editor, "approve_selected")
    editor.wait_for_selector(".messagelist")
    shot(editor, "06-approved")
    assert set(Article.objects.values_list("status", flat=True)) == {"approved"}

    # The chief publishes the issue from its composition screen.
    chief = log_in(browser, live_server, "zhubian")
    chief.goto(f"{live_server.url}/admin/articles/issue/{issue.pk}/compose/")
    chief.click("button[value=publish]")
    chief.wait_for_selector(".messagelist")
    shot(chief, "07-published")
    assert Issue.objects.get(pk=issue.pk).status == "published"

    # Now the reader sees it.
    response = reader.goto(f"{live_server.url}/articles/{first.pk}/")
    assert response.status == 200
    assert first.title in reader.content()
    shot(reader, "08-reader")
    steps = list(
        ArticleTransition.objects.filter(article=fixed).values_list("to_status", flat=True)
    )
    assert steps[::-1] == ["submitted", "returned", "submitted", "approved", "published"]
