"""A reader sees the photos and the printed page; the API carries them; an editor cannot
approve an article whose photo has no alt text; an imported caption waits for its picture."""

import json
import re

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from articles import workflow
from articles.importer.load import import_page
from articles.models import Article, Credit, Issue, Page
from organizations.models import Organization, Person
from photos import store
from photos.models import Photo
from tests.photos.conftest import jpeg, page_pdf

pytestmark = pytest.mark.django_db

P = Article.Status.PUBLISHED


@pytest.fixture
def paper():
    issue = Issue.objects.create(
        number=3109, date="2022-11-18", status=Issue.Status.PUBLISHED, published_at=timezone.now()
    )
    front = Page.objects.create(issue=issue, number=1, name="要闻")
    second = Page.objects.create(issue=issue, number=2, name="地方科协")
    lead = Article.objects.create(
        page=front, position=1, status=P, title="泸州市科协启动星辰计划",
        body="本报讯 近日,泸州市科协启动星辰计划。\n\n活动取得良好效果。",
        captions="图为活动现场。\n会议现场",
    )  # fmt: skip
    other = Article.objects.create(
        page=front, position=2, status=P, title="省科协召开学会工作会议", body="本报讯 会议召开。"
    )
    reporter = Person.objects.create(name="张跃鸣")
    luzhou = Organization.objects.create(name="泸州市科学技术协会", short_name="泸州市科协")
    Credit.objects.create(article=lead, person=reporter, role="本报记者")
    lead.tags.add("科普日")
    lead.organizations.add(luzhou)
    first = store.add_photo(
        lead, jpeg(2000, 1200), "现场.jpg", caption="图为活动现场。", alt="学生们用望远镜观察月亮",
        person=reporter, role=Photo.Role.PHOTOGRAPHER,
    )  # fmt: skip
    second_photo = store.add_photo(
        lead, jpeg(800, 600, color=(0, 90, 0)), "合影.jpg", caption="参会人员合影。",
        alt="二十余人在科技馆前合影", organization=luzhou, role=Photo.Role.PROVIDER,
    )  # fmt: skip
    return type("Paper", (), locals())


def test_an_article_shows_its_photos_as_figures_with_sizes_lazy_loading_and_credits(client, paper):
    html = client.get(paper.lead.get_absolute_url()).content.decode()
    figures = re.findall(r"<figure class=\"story-photo\">.*?</figure>", html, re.S)
    assert len(figures) == 2
    first, second = figures
    assert 'type="image/webp"' in first and 'sizes="(min-width: 48rem) 42rem, 100vw"' in first
    assert re.search(r'srcset="[^"]+/320\.jpg 320w, [^"]+/640\.jpg 640w', first)
    assert 'alt="学生们用望远镜观察月亮"' in first and 'width="2000" height="1200"' in first
    assert 'loading="lazy"' not in first, "the first photo is seen at once: not lazy"
    assert 'loading="lazy"' in second
    assert "图为活动现场。" in first and "张跃鸣</a> 摄影" in first
    assert "泸州市科协</a> 供图" in second
    # the caption shown under the photo is not repeated; the one without a photo is
    captions = html.split('class="captions"')[1]
    assert "会议现场" in captions and "图为活动现场。" not in captions
    og = re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)
    assert og.startswith("http://testserver/media/photos/") and og.endswith("/1600.jpg")
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    assert data["image"][0] == og and len(data["image"]) == 2
    assert (data["printEdition"], data["printPage"], data["printSection"]) == (
        "第3109期",
        "1",
        "要闻",
    )


def test_an_article_offers_a_font_size_switch_and_a_local_qr_code(client, paper):
    html = client.get(paper.lead.get_absolute_url()).content.decode()
    assert 'class="font-size-switch"' in html and 'data-font-size="large"' in html
    svg = re.search(r"<svg[^>]*class=\"qr-code\".*?</svg>", html, re.S).group(0)
    assert "<title>用微信扫码在手机上阅读《泸州市科协启动星辰计划》</title>" in svg
    assert "style=" not in html.split("<main")[1], "no inline style: the CSP forbids it"
    assert "<script>" not in html and "<style" not in html


def test_the_article_api_carries_photos_credits_sections_captions_tags_and_organisations(
    client, paper
):
    data = client.get(f"/api/articles/{paper.lead.pk}").json()
    first, second = data["photos"]
    assert first["caption"] == "图为活动现场。" and first["alt"] == "学生们用望远镜观察月亮"
    assert first["credit"] == {"name": "张跃鸣", "role": "摄影", "kind": "person"}
    assert second["credit"] == {"name": "泸州市科协", "role": "供图", "kind": "organization"}
    assert (first["width"], first["height"]) == (2000, 1200)
    assert {(r["width"], r["format"]) for r in first["renditions"]} == {
        (w, f) for w in (320, 640, 1024, 1600) for f in ("jpg", "webp")
    }
    assert all(r["url"].startswith("/media/photos/") for r in first["renditions"])
    assert data["credits"][0]["name"] == "张跃鸣" and data["credits"][0]["role"] == "本报记者"
    assert data["captions"] == ["图为活动现场。", "会议现场"]
    assert data["tags"] == ["科普日"]
    assert data["organizations"][0]["name"] == "泸州市科协"
    assert data["sections"] == []


def test_a_page_with_a_facsimile_is_read_from_the_page_and_the_api_gives_its_areas(client, paper):
    store.attach_facsimile(paper.front, page_pdf([("泸州市科协启动星辰计划", ["本报讯"])]), "1.pdf")
    store.save_areas(
        paper.front, {paper.lead: (0.05, 0.1, 0.45, 0.4), paper.other: (0.5, 0.1, 0.45, 0.3)}
    )
    html = client.get("/issues/3109/pages/1/").content.decode()
    assert 'class="edition-image"' in html and "下载本版 PDF" in html
    links = re.findall(r'<a href="([^"]+)" class="edition-area"[^>]*aria-label="([^"]+)"', html)
    assert links == [
        (paper.lead.get_absolute_url(), "泸州市科协启动星辰计划"),
        (paper.other.get_absolute_url(), "省科协召开学会工作会议"),
    ]
    assert '<rect x="50.0" y="100.0" width="450.0" height="400.0"/>' in html
    assert "本版标题" in html  # the headline list beside the page

    issue_html = client.get("/issues/3109/").content.decode()
    assert "版面导航" in issue_html and "/thumbnail.jpg" in issue_html

    data = client.get("/api/issues/3109").json()
    front, second = data["pages"]
    assert (front["number"], front["name"]) == (1, "要闻")
    assert second == {"number": 2, "name": "地方科协", "facsimile": None}
    facsimile = front["facsimile"]
    assert facsimile["pdf"].endswith("/page.pdf") and facsimile["thumbnail"].endswith(".jpg")
    assert (facsimile["width"], facsimile["image"][:18]) == (2400, "/media/facsimiles/")
    assert facsimile["areas"] == [
        {"article": paper.lead.pk, "box": [0.05, 0.1, 0.45, 0.4]},
        {"article": paper.other.pk, "box": [0.5, 0.1, 0.45, 0.3]},
    ]


def test_a_page_without_a_facsimile_keeps_the_text_layout(client, paper):
    html = client.get("/issues/3109/pages/2/").content.decode()
    assert "edition-image" not in html and "本版暂无已发布的文章" in html
    assert "版面导航" not in client.get("/issues/3109/").content.decode()


def test_an_area_of_an_unpublished_article_is_no_link(client, paper):
    store.attach_facsimile(paper.front, jpeg(1000, 1400), "1.jpg")
    store.save_areas(paper.front, {paper.other: (0.5, 0.1, 0.45, 0.3)})
    Article.objects.filter(pk=paper.other.pk).update(status=Article.Status.WITHDRAWN)
    html = client.get("/issues/3109/pages/1/").content.decode()
    assert "省科协召开学会工作会议" not in html
    assert client.get("/api/issues/3109").json()["pages"][0]["facsimile"]["areas"] == []


def test_approval_is_refused_while_a_photo_has_no_alt_text(paper):
    editor = User.objects.create_user("wangbj", is_staff=True)
    editor.groups.add(Group.objects.get(name="编辑"))
    draft = Article.objects.create(title="新稿", status=Article.Status.SUBMITTED, page=paper.front)
    photo = store.add_photo(draft, jpeg(), "现场.jpg", caption="图为现场。")
    reason = workflow.refusal(draft, "approve", editor)
    assert reason and "替代文字" in reason
    Photo.objects.create(article=draft, order=9, caption="等待配图的说明")  # a slot needs none
    photo.alt = "志愿者在社区讲解防灾知识"
    photo.save()
    assert workflow.refusal(draft, "approve", editor) is None


def test_an_imported_caption_becomes_a_photo_slot_waiting_for_its_picture(client):
    result = import_page(
        "泸州市科协启动星辰计划\n本报讯 近日,泸州市科协启动星辰计划。\n图为活动现场。\n",
        source_name="p1.txt", issue_number=3200, page_number=1, date="2024-01-05",
    )  # fmt: skip
    (article,) = result.articles
    assert article.caption_list == ["图为活动现场。"]
    (slot,) = article.photos.all()
    assert (slot.caption, slot.image.name, slot.order) == ("图为活动现场。", "", 1)
    assert not Photo.objects.pictured().exists()
