"""The digital edition's whole story in headless Chromium: an editor uploads two photos at
once and orders them, uploads the page's PDF and accepts the proposed areas, the chief
publishes; a reader opens the page, clicks an article's area on the printed page and
lands on the article. Screenshots at desktop and phone width; axe finds no serious
violation on the facsimile page."""

import mimetypes
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User

from articles import workflow
from articles.models import Article, Issue, Page
from photos.models import ArticleArea, Facsimile, Photo
from tests.photos.conftest import jpeg, page_pdf

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
playwright = pytest.importorskip("playwright.sync_api")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = Path(settings.BASE_DIR) / "screenshots" / "facsimile"
PASSWORD = "科协报-facsimile-2024"
LEAD = ("泸州市科协启动星辰计划", ["本报讯 近日,泸州市科协启动星辰计划,面向全市中小学生开展天文科普活动,组织天文台开放日和流动天文馆进校园。", "活动将持续到年底。"])  # fmt: skip
SECOND = ("省科协召开学会工作会议", ["本报讯 省科协召开学会工作会议,部署下半年学会服务创新驱动发展的重点任务。"])  # fmt: skip


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def new_page(browser, media, width=1280, height=1000):
    """A tab whose /media/ requests are answered from MEDIA_ROOT (Django serves media only
    with debug on; in production the front server does)."""
    page = browser.new_context(
        locale="zh-CN", viewport={"width": width, "height": height}
    ).new_page()

    def serve(route):
        path = media / route.request.url.split("/media/", 1)[1]
        if path.is_file():
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            route.fulfill(status=200, body=path.read_bytes(), content_type=kind)
        else:
            route.fulfill(status=404, body="")

    page.route("**/media/**", serve)
    page.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    return page


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def no_serious_axe_violation(page, name):
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")  # not a <script>: the CSP allows none
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, f"{name}:{bad}"
    assert page.evaluate("window.__csp") == [], f"{name}:内容安全策略拦下了页面的内容"


def test_an_editor_gives_the_page_photos_and_its_pdf_and_a_reader_reads_it_from_the_page(
    live_server, browser, media, tmp_path
):
    assert AXE.exists(), "缺少 axe-core:请先运行 bin/ensure-browser(它会执行 npm ci)。"
    chief = User.objects.create_user("zhubian", password=PASSWORD, is_staff=True, first_name="主编")
    chief.groups.add(Group.objects.get(name="主编"))
    issue = Issue.objects.create(number=3109, date="2022-11-18")
    front = Page.objects.create(issue=issue, number=1, name="要闻")
    lead, second = (
        Article.objects.create(
            page=front,
            position=i,
            title=title,
            body="\n\n".join(body),
            status=Article.Status.SUBMITTED,
        )
        for i, (title, body) in enumerate([LEAD, SECOND], start=1)
    )
    files = []
    for name, color in (("开幕式.jpg", (180, 40, 40)), ("合影.jpg", (40, 90, 160))):
        files.append(tmp_path / name)
        files[-1].write_bytes(jpeg(1600, 1000, color=color))
    pdf = tmp_path / "第1版.pdf"
    pdf.write_bytes(page_pdf([LEAD, SECOND], columns=2))

    editor = new_page(browser, media)
    editor.goto(f"{live_server.url}/admin/login/")
    editor.fill("#id_username", "zhubian")
    editor.fill("#id_password", PASSWORD)
    editor.click("input[type=submit]")
    editor.wait_for_url(f"{live_server.url}/admin/")

    # Two photos at once in the article's form.
    editor.goto(f"{live_server.url}/admin/articles/article/{lead.pk}/change/")
    editor.set_input_files("#photos-bulk", [str(f) for f in files])
    editor.click("input[name=_continue]")
    editor.wait_for_selector(".messagelist")
    first, then = Photo.objects.filter(article=lead).order_by("order")
    assert (first.order, then.order) == (1, 2) and first.width == 1600
    # Alt text for each, and the group photo moved up with the keyboard-friendly button.
    editor.fill("#id_photos-0-alt", "开幕式上,学生们用望远镜观察月亮")
    editor.fill("#id_photos-1-alt", "参加活动的师生在科技馆前合影")
    editor.locator("#photos-1 .photos-move", has_text="上移").click()
    assert editor.locator("#photos-1 input[name$='-order']").input_value() == "1"
    shot(editor, "01-photos-ordered")
    editor.click("input[name=_continue]")
    editor.wait_for_selector(".messagelist")
    assert list(
        Photo.objects.filter(article=lead).order_by("order").values_list("pk", flat=True)
    ) == [then.pk, first.pk]

    # The page's PDF: the facsimile, and the areas proposed from its text layer.
    editor.goto(f"{live_server.url}/admin/articles/page/{front.pk}/change/")
    editor.locator(".facsimile-inline .add-row a").click()
    editor.set_input_files("#id_facsimile-0-upload", str(pdf))
    editor.click("input[name=_continue]")
    editor.wait_for_selector(".messagelist")
    assert Facsimile.objects.get(page=front).pdf
    assert ArticleArea.objects.filter(page=front, proposed=True).count() == 2
    shot(editor, "02-areas-proposed")
    # Accepted as proposed: the editor nudges the lead's area and saves.
    width = editor.locator("input[name='article_areas-0-w']")
    width.fill(str(round(float(width.input_value()) + 0.001, 3)))
    editor.click("input[name=_continue]")
    editor.wait_for_selector(".messagelist")
    assert ArticleArea.objects.filter(page=front, proposed=False).count() == 1

    # Approved and published by the chief.
    for article in (lead, second):
        workflow.apply(Article.objects.get(pk=article.pk), "approve", chief)
    editor.goto(f"{live_server.url}/admin/articles/issue/{issue.pk}/compose/")
    editor.click("button[value=publish]")
    editor.wait_for_selector(".messagelist")
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.PUBLISHED

    # A reader opens the page, clicks the lead's area and lands on the article.
    for width_name, width, height in (("desktop", 1280, 900), ("phone", 375, 800)):
        reader = new_page(browser, media, width, height)
        reader.goto(f"{live_server.url}/issues/3109/pages/1/")
        assert reader.locator(".edition-image").evaluate("img => img.naturalWidth") == 2400
        area = reader.locator(f'a.edition-area[aria-label="{LEAD[0]}"]')
        area.focus()
        assert "is-highlighted" in reader.locator(f'[data-headline="{lead.pk}"]').get_attribute(
            "class"
        )
        shot(reader, f"03-page-{width_name}")
        no_serious_axe_violation(reader, f"page-{width_name}")
        scroll = reader.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"版面页在 {width}px 宽时出现横向滚动({scroll}px)"
        area.click()
        reader.wait_for_url(f"{live_server.url}/articles/{lead.pk}/")
        assert reader.locator("h1").inner_text() == LEAD[0]
        figures = reader.locator("figure.story-photo img")
        assert figures.count() == 2
        assert figures.first.get_attribute("alt") == "参加活动的师生在科技馆前合影"
        reader.locator("button[data-font-size=large]").click()
        shot(reader, f"04-article-{width_name}")
        no_serious_axe_violation(reader, f"article-{width_name}")
        reader.reload()
        assert reader.locator(".story").get_attribute("class").endswith("font-large"), (
            "字号应当记住"
        )
        reader.context.close()
