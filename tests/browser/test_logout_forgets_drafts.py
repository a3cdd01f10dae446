"""Logging out forgets the drafts this browser kept while the editor typed, so the next
person at a shared computer cannot read them; the reader's own settings stay."""

import pytest
from django.contrib.auth.models import Group, User

from articles.models import Article, Issue, Page
from tests.browser.test_facsimile import media, new_page  # noqa: F401 (fixtures)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "科协报-logout-2024"
DRAFT_KEYS = "Object.keys(localStorage).filter(k => k.startsWith('kexiebao:draft:'))"


def test_logging_out_forgets_the_drafts_kept_in_the_browser(
    live_server,
    browser,
    media,  # noqa: F811
):
    user = User.objects.create_user("bianji", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="编辑"))
    issue = Issue.objects.create(number=3109, date="2024-11-22")
    page = Page.objects.create(issue=issue, number=1, name="要闻")
    article = Article.objects.create(
        page=page, position=1, title="未保存的稿件", body="本报讯 原文。"
    )

    tab = new_page(browser, media)
    tab.goto(f"{live_server.url}/admin/login/")
    tab.fill("#id_username", "bianji")
    tab.fill("#id_password", PASSWORD)
    tab.click("input[type=submit]")
    tab.wait_for_url(f"{live_server.url}/admin/")
    tab.evaluate("localStorage.setItem('kexiebao-font-size', 'large')")

    tab.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    tab.fill("#id_body", "本报讯 原文。还没保存的一段新写的文字。")
    for _ in range(50):  # kept while typing, 0.4 s after the last key
        if tab.evaluate(DRAFT_KEYS):
            break
        tab.wait_for_timeout(100)
    assert len(tab.evaluate(DRAFT_KEYS)) == 1

    tab.click("#logout-form button")
    tab.wait_for_url(f"{live_server.url}/admin/logout/")
    assert "暂存的未保存稿件已清除" in tab.locator("#content").inner_text()
    assert tab.evaluate(DRAFT_KEYS) == []
    assert tab.evaluate("localStorage.getItem('kexiebao-font-size')") == "large"
    assert Article.objects.get(pk=article.pk).body == "本报讯 原文。"
