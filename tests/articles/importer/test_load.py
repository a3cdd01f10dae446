"""The loader: a parsed legacy page becomes draft articles on an issue's page."""

import datetime
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.importer.load import ImportRefused, import_page
from articles.models import Article, ColumnRun, Issue, Page, PageImport
from organizations.models import Organization, Person

SEEDS = Path(__file__).resolve().parents[3] / "seeds" / "pages"
PAGE_004 = (SEEDS / "004_94daeb47120638e2.txt").read_text(encoding="utf-8")
PAGE_000 = (SEEDS / "000_84a5d6706068d560.txt").read_text(encoding="utf-8")
PAGE_002 = (SEEDS / "002_09cbbc799debb5d4.txt").read_text(encoding="utf-8")
DATE = datetime.date(2023, 11, 17)

pytestmark = pytest.mark.django_db


def load(text, **kwargs):
    defaults = {"source_name": "page.txt", "issue_number": 3109, "page_number": 3, "date": DATE}
    return import_page(text, **{**defaults, **kwargs})


def test_a_seed_page_becomes_draft_articles_in_printed_order(seed_paper):
    result = load(PAGE_004, page_name="科协之窗")
    titles = [a.title for a in result.page.articles.order_by("position")]
    assert titles[0] == "省科协领导赴攀枝花市调研企业院士(专家)工作站建设情况"
    assert titles[-1] == "资阳市科协全面落实“四下基层”制度"
    assert len(titles) == 7
    assert set(Article.objects.values_list("status", flat=True)) == {Article.Status.DRAFT}
    assert result.page.name == "科协之窗"
    assert result.page.issue.date == DATE


def test_each_article_keeps_the_slice_of_text_it_came_from_and_the_page_keeps_the_whole(seed_paper):
    result = load(PAGE_004)
    article = result.page.articles.get(title="内江市科协持续改善农村面貌")
    assert "内江市科协持续改善农村面貌" in article.source_text
    assert article.source_text in PAGE_004.replace("\r\n", "\n") or article.source_text.strip()
    assert PageImport.objects.get(page=result.page).text == PAGE_004


def test_bylines_resolve_to_existing_organisations_by_short_name(seed_paper):
    result = load(PAGE_004)
    article = result.page.articles.get(title__startswith="省科协领导赴攀枝花市")
    credit = article.credits.get()
    assert credit.organization == Organization.objects.get(name="攀枝花市科学技术协会")
    assert credit.printed_name == "攀枝花市科协"


def test_a_homophone_of_a_known_reporter_is_flagged_not_duplicated(seed_paper):
    known = Person.objects.create(name="张跃明", is_staff_reporter=True)
    result = load(PAGE_004)
    article = result.page.articles.get(title="内江市科协持续改善农村面貌")
    names = {c.printed_name: c for c in article.credits.all()}
    assert names["张跃鸣"].person == known
    assert names["张跃鸣"].role == "本报记者"
    assert Person.objects.filter(name="张跃鸣").count() == 0
    assert any("张跃鸣" in w and "张跃明" in w for w in result.warnings)


def test_new_people_and_staff_reporters_are_created_once(seed_paper):
    load(PAGE_004)
    assert Person.objects.filter(name="苏文保").count() == 1
    assert Person.objects.get(name="苏文保").is_staff_reporter


def test_reimporting_the_same_text_changes_nothing_and_says_so(seed_paper):
    first = load(PAGE_004)
    count = Article.objects.count()
    again = load(PAGE_004)
    assert again.unchanged and not again.created
    assert "未做任何改动" in again.summary
    assert Article.objects.count() == count
    assert PageImport.objects.count() == 1
    assert again.page == first.page


def test_different_text_needs_an_explicit_replace_and_the_old_articles_stay_recoverable(seed_paper):
    first = load(PAGE_004)
    old_ids = {a.pk for a in first.articles}
    with pytest.raises(ImportRefused, match="替换"):
        load(PAGE_000)
    assert set(first.page.articles.values_list("pk", flat=True)) == old_ids
    second = load(PAGE_000, replace=True)
    assert second.replaced == len(old_ids)
    assert not first.page.articles.filter(pk__in=old_ids).exists()
    kept = Article.objects.filter(pk__in=old_ids)
    assert kept.count() == len(old_ids)
    assert set(kept.values_list("status", flat=True)) == {Article.Status.WITHDRAWN}
    old_import = PageImport.objects.get(pk=first.page_import.pk)
    assert old_import.replaced_at is not None
    assert set(old_import.articles.values_list("pk", flat=True)) == old_ids


def test_a_failed_import_writes_nothing(seed_paper, monkeypatch):
    from articles.importer import load as loader

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(loader, "write_articles", explode)
    with pytest.raises(RuntimeError):
        load(PAGE_004)
    assert Issue.objects.count() == 0
    assert Page.objects.count() == 0
    assert PageImport.objects.count() == 0
    assert Person.objects.count() == 0


def test_column_runs_carry_their_compilers_and_articles(seed_paper):
    result = load(PAGE_002)
    runs = ColumnRun.objects.filter(page=result.page)
    column_run = runs.get(column__name="地方科协")
    assert {a.title for a in column_run.articles.all()} == {
        "名山区科协 以科普为抓手 打好防汛减灾“主动仗”",
        "汶川县科协 共叙军民“鱼水情”",
    }
    compilers = {c.printed_name for run in runs for c in run.credits.all()}
    assert compilers == {"卢奇", "唐婷", "张跃明", "杨永忠"}


def test_page_sponsors_are_linked_in_printed_order(seed_paper):
    result = load(PAGE_000)
    sponsors = [s.organization.name for s in result.page.sponsorships.order_by("order")]
    assert sponsors[0] == "凉山州科学技术协会"
    assert sponsors[-1] == "成都市科学技术协会"
    assert len(sponsors) == 20
    assert result.page.sponsors_unordered


def test_archive_pages_are_published_under_their_issue_date(seed_paper):
    result = load(PAGE_004, publish=True)
    issue = result.page.issue
    assert issue.status == Issue.Status.PUBLISHED
    assert Article.objects.published().count() == len(result.articles)
    article = result.articles[0]
    assert article.published_at.date() == DATE
    assert article.transitions.get().to_status == Article.Status.PUBLISHED


def test_a_new_issue_needs_a_date():
    with pytest.raises(ImportRefused, match="--date"):
        load(PAGE_004, date=None)


def test_dry_run_json_follows_the_contract_and_writes_nothing(tmp_path):
    out = StringIO()
    call_command(
        "import_legacy", str(SEEDS / "004_94daeb47120638e2.txt"), "--dry-run", "--json", stdout=out
    )
    data = json.loads(out.getvalue())
    page = data["pages"][0]
    assert page["encoding"] == "utf-8"
    assert {"sponsors", "column_runs", "banners", "articles", "unplaced", "warnings"} <= set(page)
    first = page["articles"][0]
    assert {
        "title",
        "kicker",
        "subtitle",
        "column",
        "body",
        "sections",
        "credits",
        "captions",
    } <= set(first)
    assert Article.objects.count() == 0


def test_the_command_imports_a_gbk_file_and_reports_a_summary(seed_paper, tmp_path):
    path = tmp_path / "3110-2.txt"
    path.write_bytes(PAGE_004.encode("gb18030"))
    out = StringIO()
    call_command("import_legacy", str(path), "--date", "2023-11-24", stdout=out)
    assert "完成:文件 1 个" in out.getvalue()
    page = Page.objects.get(issue__number=3110, number=2)
    assert page.imports.get().encoding in {"gb18030", "gbk"}
    assert page.articles.count() == 7


def test_one_bad_file_fails_the_command_but_the_others_are_imported(seed_paper, tmp_path):
    good = tmp_path / "a.txt"
    good.write_text(PAGE_004, encoding="utf-8")
    empty = tmp_path / "b.txt"
    empty.write_bytes(b"")
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="1 个文件导入失败"):
        call_command(
            "import_legacy",
            str(good),
            str(empty),
            "--issue",
            "3111",
            "--page",
            "1",
            "--date",
            "2023-12-01",
            stdout=out,
            stderr=err,
        )
    assert "b.txt" in err.getvalue()
    assert Page.objects.get(issue__number=3111, number=1).articles.count() == 7
    assert not Page.objects.filter(issue__number=3111, number=2).exists()


def test_bad_arguments_get_a_clear_message(tmp_path):
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("import_legacy", str(tmp_path / "missing.txt"), "--dry-run")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("import_legacy", str(tmp_path), "--date", "2024/8/9")


def test_the_demo_paper_loads_once_and_a_second_run_changes_nothing():
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "演示报纸已就绪" in out.getvalue()
    demo = Issue.objects.get(number=3109)
    assert demo.status == Issue.Status.PUBLISHED
    assert list(demo.pages.values_list("number", "name")) == [
        (1, "要闻"),
        (2, "地方科协"),
        (3, "科协之窗"),
    ]
    assert Article.objects.published().count() == 13
    assert Article.objects.filter(status=Article.Status.SUBMITTED).count() == 1
    before = (Article.objects.count(), Person.objects.count(), Organization.objects.count())
    again = StringIO()
    call_command("load_demo", stdout=again)
    assert again.getvalue().count("未做任何改动") == 3
    assert (Article.objects.count(), Person.objects.count(), Organization.objects.count()) == before
