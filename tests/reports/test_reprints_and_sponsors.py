"""Reprint detection (相似稿件) and the sponsor ledger (协办台账), as the desk sees them."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.importer.load import import_page
from articles.models import Article, Column, ColumnRun, Issue, Page, PageSponsor
from organizations.models import Organization
from photos.models import Facsimile
from reports import derive, reprints
from reports.models import SimilarPair, SponsorshipAgreement

SEED = Path(settings.BASE_DIR) / "seeds" / "pages" / "002_09cbbc799debb5d4.txt"


def import_seed(issue_number, *, publish, date):
    return import_page(
        SEED.read_text(encoding="utf-8"),
        source_name=SEED.name,
        issue_number=issue_number,
        page_number=2,
        page_name="地方科协",
        date=date,
        publish=publish,
    )


@pytest.fixture
def twins(seed_paper):
    """A seed page printed in issue 3105, and imported again as drafts into issue 3110."""
    import_seed(3105, publish=True, date=datetime.date(2024, 7, 5))
    import_seed(3110, publish=False, date=timezone.localdate() + datetime.timedelta(days=5))
    printed = list(Article.objects.filter(page__issue__number=3105).order_by("position"))
    drafts = list(Article.objects.filter(page__issue__number=3110).order_by("position"))
    return printed, drafts


def test_a_page_imported_again_shows_its_twin_in_the_article_form(client, users, twins):
    printed, drafts = twins
    draft = next(d for d in drafts if len(reprints.shingles(d.body)) > 50)
    twin = next(p for p in printed if p.title == draft.title)
    client.force_login(users.editor)
    page = client.get(reverse("admin:articles_article_change", args=[draft.pk])).content.decode()
    section = page.split("similar-articles")[1]
    assert "相似稿件:第3105期" in section and f"《{twin.title}》</a> 100%" in section
    assert reverse("admin:articles_article_change", args=[twin.pk]) in section
    assert twin.get_absolute_url() in section  # the published article, for readers


def test_an_edited_article_keeps_its_twin_until_it_is_rewritten(twins):
    _printed, drafts = twins
    draft = next(d for d in drafts if len(reprints.shingles(d.body)) > 50)
    pairs = SimilarPair.objects.of(draft.pk)
    assert pairs.count() >= 1
    draft.body += "\n\n编辑补充了一句话。"
    draft.save()
    pair = SimilarPair.objects.of(draft.pk).get(article__page__issue__number=3105)
    assert reprints.THRESHOLD <= pair.similarity < 1
    draft.title = "完全不同的稿件"
    draft.body = (
        "这是一篇全新的稿件,讲述的是另一件事情:某县举办青少年机器人竞赛,共有八十支队伍参加。"
    )
    draft.save()
    assert not SimilarPair.objects.of(draft.pk).exists()


def test_a_withdrawn_article_is_nobodys_twin(twins):
    _printed, drafts = twins
    draft = next(d for d in drafts if len(reprints.shingles(d.body)) > 50)
    Article.objects.get(pk=draft.pk)
    draft.status = Article.Status.WITHDRAWN
    draft.save()
    assert not SimilarPair.objects.of(draft.pk).exists()


def test_rebuilding_finds_the_same_pairs_as_the_saves_did(twins):
    before = set(SimilarPair.objects.values_list("article_id", "similar_id"))
    assert before
    call_command("rebuild_reports", verbosity=0)
    assert set(SimilarPair.objects.values_list("article_id", "similar_id")) == before


def test_a_check_is_a_lookup_of_band_keys_not_a_scan(twins, django_assert_num_queries):
    _printed, drafts = twins
    draft = next(d for d in drafts if len(reprints.shingles(d.body)) > 50)
    sig = reprints.signature(reprints.article_text(draft.title, draft.body))
    with django_assert_num_queries(1):  # the signatures of the articles sharing a band key
        pairs = derive.similar_to({draft.pk: sig})
    assert any(b == draft.pk or a == draft.pk for a, b, _ in pairs)


def test_the_desk_and_the_report_list_reprints_across_issues(client, users, twins):
    _printed, _drafts = twins
    client.force_login(users.editor)
    desk = client.get(reverse("admin:articles_article_desk")).content.decode()
    assert "信息报送统计" in desk and "协办台账" in desk
    assert "相似稿件:第3105期<a" in desk and "%</td>" in desk
    report = client.get(reverse("reports:reprints")).content.decode()
    assert "第3105期" in report and "第3110期" in report


def test_similarity_estimates_jaccard():
    text = "四川省科协组织开展全国科技工作者日系列活动,走访慰问一线科技工作者" * 2
    a = reprints.signature(text)
    assert reprints.similarity(a, reprints.signature(text)) == 1
    other = reprints.signature("泸州市科协举办青少年科技创新大赛,全市中小学生踊跃参加展示作品")
    assert reprints.similarity(a, other) < 0.2
    assert reprints.signature("太短") is None


# ---------------------------------------------------------------- sponsor ledger


@pytest.fixture
def sponsored(seed_paper):
    chengdu = Organization.objects.get(short_name="成都市科协")
    column = Column.objects.get(name="地方科协")
    pages = []
    for n, day in enumerate([datetime.date(2024, 1, 5), datetime.date(2024, 2, 2)]):
        issue = Issue.objects.create(number=4000 + n, date=day, status="published")
        page = Page.objects.create(issue=issue, number=3, name="科协之窗")
        PageSponsor.objects.create(page=page, organization=chengdu)
        run = ColumnRun.objects.create(page=page, column=column)
        run.sponsors.add(chengdu)
        pages.append(page)
    hidden = Issue.objects.create(number=4100, date=datetime.date(2024, 3, 1))
    PageSponsor.objects.create(
        page=Page.objects.create(issue=hidden, number=3, name="科协之窗"), organization=chengdu
    )
    return chengdu, column, pages


def test_the_ledger_lists_page_sponsors_and_agreements(client, users, sponsored):
    chengdu, column, _pages = sponsored
    SponsorshipAgreement.objects.create(
        organization=chengdu,
        start=datetime.date(2024, 1, 1),
        end=datetime.date(2024, 12, 31),
        page_name="科协之窗",
        insertions=12,
    )
    SponsorshipAgreement.objects.create(
        organization=chengdu,
        start=datetime.date(2024, 1, 1),
        end=datetime.date(2024, 12, 31),
        column=column,
        insertions=2,
    )
    agreements = list(SponsorshipAgreement.objects.with_printed().order_by("insertions"))
    assert [a.printed for a in agreements] == [2, 2]  # the draft issue's page is not printed
    client.force_login(users.editor)
    response = client.get(reverse("reports:sponsors"), {"period": "2024"})
    page = response.content.decode()
    assert response.status_code == 200 and chengdu.name in page
    printed = response.context["printed"][0]
    assert (printed["pages"], printed["columns"]) == (2, 2)
    late = datetime.date(2024, 12, 31)
    assert agreements[1].is_behind(late) and not agreements[0].is_behind(late)


def test_a_running_agreement_behind_schedule_is_flagged_on_the_desk(
    client, users, sponsored, django_assert_num_queries
):
    chengdu, _column, _pages = sponsored
    today = timezone.localdate()
    SponsorshipAgreement.objects.create(
        organization=chengdu,
        start=today - datetime.timedelta(days=200),
        end=today + datetime.timedelta(days=165),
        insertions=52,
    )
    client.force_login(users.editor)
    desk = client.get(reverse("admin:articles_article_desk")).content.decode()
    assert "进度落后的协办协议(1)" in desk and "已刊出 0 / 约定 52" in desk


def test_the_statement_lists_each_printed_insertion(client, users, sponsored):
    chengdu, _column, _pages = sponsored
    client.force_login(users.chief)
    url = reverse("reports:statement", args=[chengdu.pk])
    page = client.get(url, {"start": "2024-01-01", "end": "2024-12-31"}).content.decode()
    assert "协办刊出证明" in page and "共 <strong>4</strong> 次" in page
    assert "第4000期" in page and "第4001期" in page and "第4100期" not in page
    assert client.get(url, {"start": "2024-12-01", "end": "2024-01-01"}).status_code == 400


def give_facsimile(page, *, illustrative=False):
    name = f"facsimiles/{page.issue.number}-{page.number}"
    return Facsimile.objects.create(
        page=page,
        source=Facsimile.Source.IMAGE,
        image=f"{name}.png",
        width=2480,
        height=3508,
        thumbnail=f"{name}-thumb.png",
        thumbnail_width=300,
        thumbnail_height=424,
        text_layer="版面文字" * 1000,
        illustrative=illustrative,
    )


def test_the_statement_shows_the_facsimile_thumbnail_of_each_page_that_has_one(
    client, users, sponsored
):
    chengdu, _column, (scanned, _unscanned) = sponsored
    facsimile = give_facsimile(scanned)
    client.force_login(users.chief)
    url = reverse("reports:statement", args=[chengdu.pk])
    page = client.get(url, {"period": "2024"}).content.decode()
    rows = page.split("<tbody>")[1].split("</tbody>")[0].split("</tr>")[:-1]
    assert len(rows) == 4  # each page's 本版协办 and its 栏目协办
    for row in rows:
        if "第4000期" in row:
            assert f'<img src="{facsimile.thumbnail.url}" width="300" height="424"' in row
            assert 'alt="第4000期第3版:科协之窗版面缩略图"' in row
            assert "无版面图" not in row and "示意版面" not in row
        else:
            assert "第4001期" in row and "<img" not in row and "无版面图" in row


def test_an_illustrative_facsimile_is_not_passed_off_as_the_printed_page(client, users, sponsored):
    chengdu, _column, (page, _other) = sponsored
    give_facsimile(page, illustrative=True)
    client.force_login(users.chief)
    url = reverse("reports:statement", args=[chengdu.pk])
    html = client.get(url, {"period": "2024"}).content.decode()
    assert 'alt="第4000期第3版:科协之窗版面缩略图"' in html and "示意版面,非印刷版面扫描" in html


def test_the_statement_costs_the_same_queries_with_or_without_facsimiles(
    client, users, sponsored, django_assert_num_queries
):
    chengdu, _column, pages = sponsored
    client.force_login(users.chief)
    url = reverse("reports:statement", args=[chengdu.pk])
    # session, user, the user's permissions, its groups', the unit, page insertions (with
    # their facsimiles), column insertions (with theirs)
    with django_assert_num_queries(7):
        client.get(url, {"period": "2024"})
    for page in pages:
        give_facsimile(page)
    with django_assert_num_queries(7) as captured:
        page = client.get(url, {"period": "2024"}).content.decode()
    assert page.count("版面缩略图") == 4
    insertions = [q["sql"] for q in captured.captured_queries if "sponsor" in q["sql"]]
    assert all("photos_facsimile" in sql and "text_layer" not in sql for sql in insertions)


def test_correspondents_may_not_see_the_ledger(client, users, sponsored):
    client.force_login(users.correspondent)
    assert client.get(reverse("reports:sponsors")).status_code == 403


# ---------------------------------------------------------------- public page


def test_the_organisation_page_shows_contributions_per_year_in_text(client, paper):
    from tests.reports.conftest import counts_for

    response = client.get(paper.chengdu.get_absolute_url())
    page = response.content.decode()
    assert "历年供稿" in page and "<svg" in page
    for year in (2023, 2024):
        n = counts_for(
            paper, paper.chengdu.pk, datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        )
        assert f"{year}年 {n} 篇" in page
