"""A page PDF with a text layer proposes each article's area; the editor adjusts."""

import pytest

from articles.models import Article, Issue, Page
from photos import store
from photos.models import ArticleArea
from tests.photos.conftest import page_pdf

pytestmark = pytest.mark.django_db

STORIES = [
    (
        "泸州市科协启动星辰计划",
        [
            "本报讯 近日,泸州市科协启动星辰计划,面向全市中小学生开展天文科普活动,"
            "组织天文台开放日和流动天文馆进校园。",
            "活动将持续到年底,预计覆盖三万名学生。",
        ],
    ),
    (
        "省科协召开学会工作会议",
        [
            "本报讯 省科协召开学会工作会议,部署下半年学会服务创新驱动发展的重点任务,各学会负责人参加。"
        ],
    ),
    (
        "成都市科协调研科普广场",
        [
            "本报讯 成都市科协调研邛崃市特色科普广场项目建设情况,听取项目进展汇报。",
            "调研组要求把科普广场建成群众家门口的科学课堂。",
        ],
    ),
    (
        "绵阳市科协举办青少年科技创新大赛",
        ["本报讯 绵阳市科协举办第三十届青少年科技创新大赛,三百余件作品参赛,涵盖人工智能等领域。"],
    ),
]


@pytest.fixture
def page():
    issue = Issue.objects.create(number=3109, date="2022-11-18")
    page = Page.objects.create(issue=issue, number=1, name="要闻")
    for i, (title, paragraphs) in enumerate(STORIES, start=1):
        Article.objects.create(page=page, position=i, title=title, body="\n\n".join(paragraphs))
    Article.objects.create(
        page=page, position=9, title="不在版面上的稿件", body="本报讯 没有印出。"
    )
    return page


def column_of(box, columns=3):
    """Which of the three printed columns (left to right) the box's centre falls in."""
    x, _y, w, _h = box
    return int((x + w / 2) * columns)


def test_areas_are_proposed_where_each_article_is_printed(page):
    # three columns; the fourth story runs at the foot of the first column
    _facsimile, layer = store.attach_facsimile(page, page_pdf(STORIES, columns=3), "第1版.pdf")
    proposals, missing = store.propose_page_areas(page, layer)
    by_title = {a.title: box for a, box in proposals.items()}
    assert [a.title for a in missing] == ["不在版面上的稿件"]
    assert column_of(by_title["泸州市科协启动星辰计划"]) == 0
    assert column_of(by_title["省科协召开学会工作会议"]) == 1
    assert column_of(by_title["成都市科协调研科普广场"]) == 2
    assert column_of(by_title["绵阳市科协举办青少年科技创新大赛"]) == 0
    lead, foot = by_title["泸州市科协启动星辰计划"], by_title["绵阳市科协举办青少年科技创新大赛"]
    assert lead[1] + lead[3] < foot[1], "the story at the foot is below the lead"
    for box in proposals.values():
        x, y, w, h = box
        assert 0 <= x and 0 <= y and x + w <= 1 and y + h <= 1
        assert w < 1 / 3, "an area stays inside its column"
    # no two proposed areas overlap
    boxes = list(proposals.values())
    for i, (ax, ay, aw, ah) in enumerate(boxes):
        for bx, by, bw, bh in boxes[i + 1 :]:
            assert ax + aw <= bx or bx + bw <= ax or ay + ah <= by or by + bh <= ay


def test_the_proposals_are_saved_as_areas_marked_for_the_editor(
    page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the PDF is stored on commit
        _facsimile, layer = store.attach_facsimile(page, page_pdf(STORIES), "第1版.pdf")
    proposals, _ = store.propose_page_areas(page, layer)
    store.save_areas(page, proposals, proposed=True)
    assert ArticleArea.objects.filter(page=page, proposed=True).count() == 4
    # proposing again replaces, never duplicates
    store.save_areas(page, store.propose_page_areas(page)[0], proposed=True)
    assert ArticleArea.objects.filter(page=page).count() == 4


def test_an_image_facsimile_proposes_nothing(page):
    from tests.photos.conftest import jpeg

    _facsimile, layer = store.attach_facsimile(page, jpeg(1000, 1400), "第1版.jpg")
    assert layer is None
    assert store.propose_page_areas(page) == ({}, [])
