"""The editors' week in headless Chromium: an editor plans next issue's pages and gives a
slot to a correspondent, who files it from a phone; the editor is told, drags the story
onto another page and sees both pages' fill change, returns it with a comment (the
correspondent is told); the correspondent closes the tab mid-edit and gets the text back;
the chief publishes once the checklist is green. Screenshots of each step at desktop and
phone width; axe finds no serious violation on the desk screens, the CSP none at all."""

import datetime
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.utils import timezone

from articles import workflow
from articles.models import Article, Column, ColumnRun, Issue, Page
from photos.models import ArticleArea, Facsimile
from planning.models import Notification, PageCapacity, Slot

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
playwright = pytest.importorskip("playwright.sync_api")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = Path(settings.BASE_DIR) / "screenshots" / "editors-week"
PASSWORD = "科协报-week-2024"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 800}
WATCH_CSP = (
    "window.__csp = []; document.addEventListener('securitypolicyviolation',"
    " e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile + ':' + e.lineNumber + ' ' + e.sample));"
)


def make(username, role, name, email):
    user = User.objects.create_user(
        username, password=PASSWORD, is_staff=True, first_name=name, email=email
    )
    user.groups.add(Group.objects.get(name=role))
    return user


def log_in(browser, live_server, username, viewport):
    context = browser.new_context(locale="zh-CN", viewport=viewport, is_mobile=viewport == PHONE)
    context.add_init_script(WATCH_CSP)
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    return page


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    # caret="initial": hiding the caret would inject a <style> the desk's CSP refuses.
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True, caret="initial")


def checked(page, name, *, width=None):
    """No CSP violation, axe (no serious or critical violation), no sideways scrolling."""
    # The page's own violations, before axe (some of its checks add <style> elements).
    assert page.evaluate("window.__csp") == [], f"{name}:内容安全策略拦下了页面的内容"
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")  # not a <script>: the CSP
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, f"{name}:{bad}"
    if width:
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{name} 在 {width}px 宽时出现横向滚动({scroll}px)"


def fill_text(page, number):
    return page.inner_text(f"#page-{number} .fill-text")


def test_the_editors_week(live_server, browser):
    assert AXE.exists(), "缺少 axe-core:请先运行 bin/ensure-browser(它会执行 npm ci)。"
    corr = make("tongxun", "通讯员", "小通", "tongxun@example.cn")
    make("bianji", "编辑", "王编辑", "bianji@example.cn")
    chief = make("zhubian", "主编", "李主编", "zhubian@example.cn")
    issue = Issue.objects.create(number=3110, date=timezone.localdate() + datetime.timedelta(7))
    front = Page.objects.create(issue=issue, number=1, name="要闻")
    window = Page.objects.create(issue=issue, number=2, name="科协之窗")
    ColumnRun.objects.create(page=front, column=Column.objects.create(name="科协动态"), order=1)
    PageCapacity.objects.create(page_name="要闻", characters=400)
    PageCapacity.objects.create(page_name="科协之窗", characters=400)
    lead = Article.objects.create(
        page=front, position=1, title="省科协召开学会工作会议", status=Article.Status.APPROVED,
        body="本报讯 省科协召开学会工作会议,部署下半年学会服务创新驱动发展的重点任务。",
    )  # fmt: skip
    second = Article.objects.create(
        page=window, position=1, title="科普大篷车走进凉山", status=Article.Status.APPROVED,
        body="本报讯 科普大篷车走进凉山州的十所乡村学校。",
    )  # fmt: skip

    # Monday: the editor plans page 1 and gives a slot to the correspondent.
    editor = log_in(browser, live_server, "bianji", DESKTOP)
    editor.goto(f"{live_server.url}/admin/articles/article/desk/")
    editor.click(f"a[href='/admin/plan/{issue.pk}/']")
    editor.select_option("#id_page", str(front.pk))
    editor.fill("#id_working_title", "泸州市青少年科技创新大赛")
    editor.select_option("#id_assignee", str(corr.pk))
    editor.fill("#id_due_date", (timezone.localdate() + datetime.timedelta(2)).isoformat())
    editor.fill("#id_expected_length", "120")
    editor.fill("#id_note", "请写获奖项目和指导老师。")
    editor.click(".plan-add input[type=submit]")
    editor.wait_for_selector(".messagelist")
    slot = Slot.objects.get()
    assert slot.assignee == corr
    assert "写稿中" in editor.inner_text("#plan-page-1 .plan-slots")
    shot(editor, "01-plan-desktop")
    checked(editor, "版面规划")

    # The correspondent, on a phone: the assignment is in the inbox; they file the slot.
    phone = log_in(browser, live_server, "tongxun", PHONE)
    phone.goto(f"{live_server.url}/admin/articles/article/desk/")
    assert "泸州市青少年科技创新大赛" in phone.inner_text("#inbox")
    assert "泸州市青少年科技创新大赛" in phone.inner_text(".desk-slots")
    shot(phone, "02-desk-phone")
    checked(phone, "工作台(手机)", width=PHONE["width"])
    phone.click(".slot-mine a")
    phone.click(".slot-file-button")
    phone.wait_for_selector("#live-editor")
    story = Article.objects.get(title="泸州市青少年科技创新大赛")
    assert story.page == front and story.author == corr
    text = "本报讯 近日,泸州市青少年科技创新大赛落幕,三十个项目获奖。指导老师张明获优秀辅导员称号。"
    phone.fill("#id_body", text)
    preview = phone.inner_text("#live-preview")
    assert "三十个项目获奖" in preview and "泸州市青少年科技创新大赛" in preview
    assert "全文" in phone.inner_text("#char-count") and "稿位预计 120 字" in phone.inner_text(
        "#char-count"
    )
    shot(phone, "03-writing-phone")
    checked(phone, "写稿(手机)", width=PHONE["width"])
    phone.click("input[name=_continue]")
    phone.wait_for_selector(".messagelist")
    phone.click("a.transition-submit")
    phone.click("input[type=submit]")
    phone.wait_for_selector(".messagelist")
    assert Article.objects.get(pk=story.pk).status == Article.Status.SUBMITTED

    # The editor is told, and drags the story from page 1 onto page 2.
    editor.goto(f"{live_server.url}/admin/articles/article/desk/")
    assert "提交了《泸州市青少年科技创新大赛》" in editor.inner_text("#inbox")
    shot(editor, "04-desk-notified-desktop")
    checked(editor, "工作台")
    editor.goto(f"{live_server.url}/admin/articles/issue/{issue.pk}/compose/")
    editor.wait_for_selector("body.can-drag")  # SortableJS is set up
    front_before, window_before = fill_text(editor, 1), fill_text(editor, 2)
    checked(editor, "编排")
    handle = editor.locator(f"[data-article='{story.pk}'] .drag-handle")
    target = editor.locator(f"[data-article='{second.pk}']")
    box, goal = handle.bounding_box(), target.bounding_box()
    editor.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    editor.mouse.down()
    for step in range(1, 11):  # SortableJS follows the pointer
        editor.mouse.move(
            box["x"] + 5,
            box["y"] + (goal["y"] + goal["height"] * 0.8 - box["y"]) * step / 10,
        )
        editor.wait_for_timeout(30)
    editor.mouse.up()
    # compose.js marks the body while it saves the drop and reads the screen again.
    editor.wait_for_selector("body:not(.is-saving)")
    editor.wait_for_selector(f"#page-2 [data-article='{story.pk}']")
    moved = Article.objects.get(pk=story.pk)
    assert moved.page == window and moved.position == 2
    assert fill_text(editor, 2) != window_before and fill_text(editor, 1) != front_before
    shot(editor, "05-dragged-desktop")

    # Returned with a comment; the correspondent is told.
    editor.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    editor.click("a.transition-return")
    editor.fill("#id_comment", "请补上比赛日期。")
    editor.click("input[type=submit]")
    editor.wait_for_selector(".messagelist")
    phone.goto(f"{live_server.url}/admin/inbox/")
    assert "请补上比赛日期。" in phone.inner_text(".inbox-list")
    shot(phone, "06-inbox-phone")
    checked(phone, "收件箱(手机)", width=PHONE["width"])

    # The correspondent types, the tab is closed before saving; back, the text is offered.
    phone.click(".inbox-returned .inbox-open")
    phone.wait_for_selector("#live-editor")
    phone.fill("#id_body", text + "比赛于11月9日举行。")
    phone.wait_for_timeout(800)  # kept while typing (a short pause after the last key)
    context = phone.context
    phone.close()
    phone = context.new_page()
    phone.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    phone.wait_for_selector("#draft-offer:not([hidden])")
    shot(phone, "07-draft-offered-phone")
    phone.click(".draft-restore")
    assert phone.input_value("#id_body").endswith("比赛于11月9日举行。")
    phone.click("input[name=_continue]")
    phone.wait_for_selector(".messagelist")
    assert Article.objects.get(pk=story.pk).body.endswith("比赛于11月9日举行。")
    phone.click("a.transition-submit")
    phone.click("input[type=submit]")
    phone.wait_for_selector(".messagelist")

    # Approved; the page PDFs and their areas are in (the facsimile story tests uploading
    # them); the chief publishes once the checklist is green.
    workflow.apply(Article.objects.get(pk=story.pk), "approve", User.objects.get(username="bianji"))
    desk = log_in(browser, live_server, "zhubian", DESKTOP)
    desk.goto(f"{live_server.url}/admin/articles/issue/{issue.pk}/compose/")
    assert "每个版都有版面图" in desk.inner_text("#checklist .check-todo")
    shot(desk, "08-checklist-not-ready-desktop")
    for page in (front, window):
        Facsimile.objects.create(
            page=page, source="image", image="f.png", width=1000, height=1400,
            thumbnail="t.png", thumbnail_width=100, thumbnail_height=140,
        )  # fmt: skip
    for article in Article.objects.filter(page__issue=issue):
        ArticleArea.objects.create(page=article.page, article=article, x=0, y=0, w=0.5, h=0.5)
    desk.reload()
    desk.wait_for_selector("#checklist.is-ready")
    assert "全部通过" in desk.inner_text("#checklist h2")
    shot(desk, "09-checklist-green-desktop")
    checked(desk, "签发前检查")
    desk.click("button[value=publish]")
    desk.wait_for_selector(".messagelist")
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.PUBLISHED
    told = Notification.objects.filter(recipient=corr).values_list("kind", flat=True)
    assert list(told.order_by("id")) == ["assigned", "returned", "approved", "published"]
    assert lead.pk and chief.pk
