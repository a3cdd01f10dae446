"""导入版面PDF in headless Chromium: the editor uploads a page PDF on the import screen,
checks the dry run (the articles and where each was found on the page), confirms, and
lands on the page's form with its facsimile and the proposed areas drawn."""

import pytest
from django.contrib.auth.models import Group, User

from articles.models import Page
from photos.models import ArticleArea, Facsimile
from tests.browser.test_facsimile import (  # noqa: F401 (fixtures)
    LEAD,
    SECOND,
    media,
    new_page,
    no_serious_axe_violation,
    shot,
)
from tests.photos.conftest import page_pdf

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "科协报-pdf-import-2024"


def test_an_editor_imports_a_page_pdf_and_finds_its_areas_proposed(
    live_server,
    browser,
    media,  # noqa: F811
    tmp_path,
    settings,
):
    settings.IMPORT_PENDING_ROOT = tmp_path / "pending"
    editor_user = User.objects.create_user("bianji", password=PASSWORD, is_staff=True)
    editor_user.groups.add(Group.objects.get(name="编辑"))
    pdf = tmp_path / "第1版.pdf"
    pdf.write_bytes(page_pdf([LEAD, SECOND], columns=2))

    editor = new_page(browser, media)
    editor.goto(f"{live_server.url}/admin/login/")
    editor.fill("#id_username", "bianji")
    editor.fill("#id_password", PASSWORD)
    editor.click("input[type=submit]")
    editor.wait_for_url(f"{live_server.url}/admin/")

    editor.goto(f"{live_server.url}/admin/articles/pageimport/import/")
    editor.set_input_files("#id_file", str(pdf))
    editor.fill("#id_issue_number", "3109")
    editor.fill("#id_page_number", "1")
    editor.fill("#id_page_name", "要闻")
    editor.fill("#id_date", "2024-11-22")
    editor.click("input[type=submit][value='解析,先看结果']")
    editor.wait_for_selector(".pdf-import")
    assert "在 PDF 里找到 2 / 2 篇" in editor.locator(".pdf-import").inner_text()
    assert editor.locator(".area-note", has_text="已在版面 PDF 上找到位置").count() == 2
    assert not Page.objects.exists(), "核对页面只是预演,不应写入任何内容"
    shot(editor, "05-pdf-import-preview")
    no_serious_axe_violation(editor, "pdf-import-preview")

    editor.click("button[value=confirm]")
    editor.wait_for_selector(".facsimile-editor-image")
    page = Page.objects.get(issue__number=3109, number=1)
    assert editor.url.endswith(f"/admin/articles/page/{page.pk}/change/")
    assert "自动划出 2 篇文章的区域" in editor.locator(".messagelist").inner_text()
    assert Facsimile.objects.get(page=page).pdf
    assert ArticleArea.objects.filter(page=page, proposed=True).count() == 2
    assert editor.locator(".facsimile-editor-image").evaluate("img => img.naturalWidth") > 0
    # the proposals are drawn on the facsimile, dashed, and follow the numeric fields
    assert editor.locator(".area-box.is-proposed").count() == 2
    editor.locator("input[name='article_areas-1-w']").fill("0.2")
    style = editor.locator(".area-box").nth(1).get_attribute("style")
    assert "width: 20%" in style, style
    shot(editor, "06-pdf-import-areas")

    # Re-proposing from the PDF's text layer puts back an area the editor spoilt.
    lead_area = ArticleArea.objects.get(page=page, article__title=LEAD[0])
    editor.locator("input[name='article_areas-0-w']").fill("0.05")
    editor.click("button[name=_repropose]")
    editor.wait_for_selector(".messagelist")
    assert "重新定位 2 篇文章的区域" in editor.locator(".messagelist").inner_text()
    again = ArticleArea.objects.get(page=page, article__title=LEAD[0])
    assert again.proposed and abs(again.w - lead_area.w) < 1e-6

    # A polygon for the second article: corners clicked one by one, then 完成多边形.
    editor.locator("input[name='article_areas-1-x']").focus()
    editor.click(".area-tools button")
    editor.locator(".facsimile-editor-image").scroll_into_view_if_needed()
    image = editor.locator(".facsimile-editor-image").bounding_box()
    corners = [(0.52, 0.10), (0.95, 0.10), (0.95, 0.16), (0.60, 0.20)]
    for x, y in corners:
        editor.mouse.click(image["x"] + x * image["width"], image["y"] + y * image["height"])
    editor.click(".area-tools button")
    assert editor.locator(".area-shape polygon").count() == 1
    assert editor.locator("input[name='article_areas-1-x']").input_value() == "0.52"
    editor.click("input[name=_continue]")
    editor.wait_for_selector(".messagelist")
    drawn = ArticleArea.objects.get(page=page, article__title=SECOND[0])
    assert len(drawn.polygon) == 4 and not drawn.proposed
    assert abs(drawn.polygon[1][0] - 0.95) < 0.01 and abs(drawn.h - 0.10) < 0.01
    shot(editor, "07-polygon-drawn")
