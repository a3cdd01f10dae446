"""A reader walks the digital edition in headless Chromium, on a desktop and on a phone.

home → issue → page → article → next/previous article → organisation → next page →
column → tag, with a screenshot of each page type under screenshots/reader/ and an
axe-core accessibility check that must find no serious or critical violation.
"""

import importlib.util
import os
from pathlib import Path

import pytest
from django.conf import settings

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = Path(settings.BASE_DIR) / "screenshots" / "reader"


def load_builder():
    path = Path(__file__).resolve().parent.parent / "articles" / "conftest.py"
    spec = importlib.util.spec_from_file_location("reader_paper_builder", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build_reader_paper


@pytest.fixture(autouse=True)
def _axe_installed():
    assert AXE.exists(), "缺少 axe-core:请先运行 bin/ensure-browser(它会执行 npm ci)。"


def check(page, name, width_name, width):
    """Screenshot, one h1, no sideways scrolling on a phone, and no serious axe violation."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{width_name}.png"), full_page=True)
    assert page.locator("h1").count() == 1, name
    for landmark in ("header", "nav", "main", "footer"):
        assert page.locator(landmark).count() >= 1, (name, landmark)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{name} 在 {width}px 宽时出现横向滚动({scroll_width}px)"
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, f"{name}({width_name}):{bad}"


@pytest.mark.parametrize(
    ("width_name", "width", "height"), [("desktop", 1280, 900), ("phone", 375, 800)]
)
def test_a_reader_walks_from_this_weeks_issue_to_a_tag_and_back(
    live_server, browser, width_name, width, height
):
    load_builder()()
    # bypass_csp: axe-core is injected inline, which the reader site's CSP rightly refuses
    # (tests/browser/test_csp.py walks the pages under the policy).
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="zh-CN", bypass_csp=True
    )
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.bounding_box()["y"] >= 0, "跳到正文的链接获得焦点时应当可见"
    check(page, "home", width_name, width)

    page.get_by_role("link", name="第3109期 2022年11月18日").first.click()
    assert page.locator("h1").inner_text() == "第3109期 2022年11月18日"
    check(page, "issue", width_name, width)

    page.locator(".page-index").get_by_role("link", name="第1版:要闻").click()
    assert page.locator("h1").inner_text() == "第1版:要闻"
    check(page, "page", width_name, width)

    page.get_by_role("link", name="全省科协系统认真学习贯彻党的二十大精神").click()
    assert page.locator("h1").inner_text() == "全省科协系统认真学习贯彻党的二十大精神"
    check(page, "article", width_name, width)
    page.get_by_role("link", name="下一篇:省科协召开定点帮扶乡城县工作对接会").click()
    assert page.locator("h1").inner_text() == "省科协召开定点帮扶乡城县工作对接会"
    page.get_by_role("link", name="上一篇:全省科协系统认真学习贯彻党的二十大精神").click()
    assert page.locator("h1").inner_text() == "全省科协系统认真学习贯彻党的二十大精神"

    page.locator(".byline").get_by_role("link", name="泸州市科协").click()
    assert page.locator("h1").inner_text() == "泸州市科学技术协会"
    check(page, "organization", width_name, width)

    page.get_by_role("link", name="第3109期 第3版:科协之窗").click()
    assert page.locator("h1").inner_text() == "第3版:科协之窗"
    page.get_by_role("link", name="上一版:第1版:要闻").click()
    assert page.locator("h1").inner_text() == "第1版:要闻"
    page.get_by_role("link", name="下一版:第3版:科协之窗").click()
    page.get_by_role("link", name="成都市科协 调研邛崃市特色科普广场项目").click()
    page.locator(".breadcrumbs").get_by_role("link", name="地方科协").click()
    assert page.locator("h1").inner_text() == "地方科协"
    check(page, "column", width_name, width)

    page.locator(".article-list").get_by_role("link", name="志愿服务", exact=True).click()
    assert page.locator("h1").inner_text() == "标签:志愿服务"
    check(page, "tag", width_name, width)

    page.goto(live_server.url + "/archive/")
    check(page, "archive", width_name, width)
    context.close()
