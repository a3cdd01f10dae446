"""How full each page is, the checklist before publishing, and moves made by dragging."""

import pytest
from django.urls import reverse

from articles import compose
from articles.models import Article, Section
from photos.models import ArticleArea, Facsimile, Photo
from planning.fill import characters, plan_issue
from planning.models import PageCapacity, Slot

from .conftest import place

pytestmark = pytest.mark.django_db
S = Article.Status


def plan(issue):
    return plan_issue(issue, compose.issue_layout(issue))


def facsimile(page):
    return Facsimile.objects.create(
        page=page,
        source="image",
        image="f.png",
        width=1000,
        height=1400,
        thumbnail="t.png",
        thumbnail_width=100,
        thumbnail_height=140,
    )


def test_characters_count_what_prints_not_whitespace():
    assert characters("本报讯 近日,\n\n泸州市科协。") == 12
    assert characters("", None, "  \t") == 0


def test_a_pages_fill_counts_its_articles_sections_and_photos_against_its_name(issue):
    p1, p2 = issue.pages.order_by("number")
    PageCapacity.objects.create(page_name="要闻", characters=100, photo_characters=20)
    (lead,) = place(p1, "标题十个字的一篇稿子", body="正" * 40)  # 10 + 40
    Section.objects.create(article=lead, heading="小标题", body="节" * 7)  # 3 + 7
    Photo.objects.create(article=lead, image="a.jpg", alt="画面")
    Slot.objects.create(page=p1, working_title="还没写", expected_length=300)
    fills = plan(issue).pages
    one = fills[p1.pk]
    assert (one.text, one.photos, one.used, one.capacity, one.percent) == (60, 1, 80, 100, 80)
    assert one.state == "partial" and one.label == "未满"
    assert one.planned == 300 and one.planned_percent == 380
    # 科协之窗 has no capacity of its own: the default, and nothing on it yet.
    two = fills[p2.pk]
    assert two.capacity == 6000 and two.state == "empty" and two.label == "空版"
    # Another 30 characters make 要闻 overfull.
    place(p1, "超" * 30)
    assert plan(issue).pages[p1.pk].state == "over"


def test_the_checklist_names_each_problem_with_a_link_and_turns_green(issue, staff):
    p1, p2 = issue.pages.order_by("number")
    (draft,) = place(p1, "未审稿", status=S.SUBMITTED)
    (ready,) = place(p2, "已审稿")
    photo = Photo.objects.create(article=ready, image="a.jpg", alt="")
    slot = Slot.objects.create(page=p2, working_title="约而未交")
    items = {item.label: item for item in plan(issue).checklist}
    assert not plan(issue).ready
    (text, url) = items["版上的文章都已审定"].problems[0]
    assert text == "第1版:要闻《未审稿》(待审)"
    assert url == reverse("admin:articles_article_change", args=[draft.pk])
    assert items["图片都有替代文字"].problems == [
        (
            "《已审稿》有图片缺替代文字",
            reverse("admin:articles_article_change", args=[ready.pk]) + "#photos-group",
        )
    ]
    assert items["规划的稿位都已成稿(或已删去)"].problems[0][1] == reverse(
        "planning:slot", args=[slot.pk]
    )
    assert [t for t, _ in items["每个版都有版面图"].problems] == [
        "第1版:要闻还没有版面图",
        "第2版:科协之窗还没有版面图",
    ]
    assert items["每个版都有文章"].ok

    # Fixed one by one: approved, alt text, the slot dropped, facsimiles and areas.
    Article.objects.filter(pk=draft.pk).update(status=S.APPROVED)
    Photo.objects.filter(pk=photo.pk).update(alt="颁奖现场")
    slot.delete()
    for page in (p1, p2):
        facsimile(page)
    items = {item.label: item for item in plan(issue).checklist}
    assert [t for t, _ in items["文章都在版面图上画了区域"].problems] == [
        "第1版:要闻《未审稿》在版面图上没有区域",
        "第2版:科协之窗《已审稿》在版面图上没有区域",
    ]
    for article in (draft, ready):
        ArticleArea.objects.create(page=article.page, article=article, x=0, y=0, w=0.5, h=0.5)
    result = plan(issue)
    assert result.ready and result.todo == 0


def test_the_composition_screen_shows_fill_and_checklist(client, staff, issue):
    place(issue.pages.get(number=1), "头条", body="字" * 600)
    client.force_login(staff["编辑"])
    page = client.get(reverse("admin:articles_issue_compose", args=[issue.pk])).content.decode()
    assert "未满:602 / 6000 字(10%)" in page
    assert 'id="checklist"' in page and "每个版都有版面图" in page
    assert "vendor/sortablejs/Sortable.min.js" in page and "desk/compose.js" in page
    assert 'data-target="page:' in page and 'class="drag-handle"' in page


def test_sortablejs_is_served_by_the_site(client, staff):
    client.force_login(staff["编辑"])
    response = client.get("/static/vendor/sortablejs/Sortable.min.js")
    assert response.status_code == 200
    assert b"Sortable" in b"".join(response.streaming_content)


def test_a_drop_is_the_same_checked_move_through_the_change_seam(client, staff, issue, reindexed):
    """What compose.js posts after a drop: op=move, the list's target, the page position."""
    p1, p2 = issue.pages.order_by("number")
    run = p1.column_runs.get()
    a, b, c = place(p1, "甲", "乙", "丙")
    client.force_login(staff["编辑"])
    url = reverse("admin:articles_issue_compose", args=[issue.pk])
    # 丙 dragged into the column run's block, first on the page.
    client.post(url, {"op": "move", "article": c.pk, "target": f"run:{run.pk}", "position": "1"})
    assert list(p1.articles.order_by("position").values_list("title", "column_run")) == [
        ("丙", run.pk),
        ("甲", None),
        ("乙", None),
    ]
    assert c.pk in reindexed[-1]
    # 甲 dropped on page 2's zone: last there; the page's fill moves with it.
    before = plan(issue).pages[p2.pk].used
    client.post(url, {"op": "move", "article": a.pk, "target": f"page:{p2.pk}", "position": ""})
    assert Article.objects.get(pk=a.pk).page == p2
    assert plan(issue).pages[p2.pk].used == before + characters("甲")
    # A correspondent's drop is refused by the same check as the buttons.
    client.force_login(staff["通讯员"])
    response = client.post(
        url, {"op": "move", "article": b.pk, "target": f"page:{p2.pk}"}, follow=True
    )
    assert "您没有编排版面的权限" in response.content.decode()
    assert Article.objects.get(pk=b.pk).page == p1
