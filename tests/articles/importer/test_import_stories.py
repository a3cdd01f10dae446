"""Migrating the old e-paper (issue 12): one story a file, gathered into its page in
printed order, idempotently; file names that place nothing are refused."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.urls import reverse

from articles import workflow
from articles.importer.load import ImportRefused, import_stories
from articles.importer.parse import parse_page
from articles.models import Article, Credit, Page, PageImport
from tests.conftest import change_form_data

pytestmark = pytest.mark.django_db

LAST = "李展指出,要把特色科普广场建设成为全市科普工作一张靓丽名片。"


def story(title, org, header="3109 期 / 第3版:科协之窗"):
    lead = f"本报讯 近日,{org}组织开展了“{title}”主题科普活动,受到广大群众欢迎。"
    return f"{header}\n{title}\n\n{lead}\n\n{LAST}({org})\n"


def run(*paths, **flags):
    out, err = StringIO(), StringIO()
    args = [str(p) for p in paths]
    for k, v in flags.items():
        args += [f"--{k.replace('_', '-')}"] + ([] if v is True else [str(v)])
    call_command("import_legacy", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def titles(issue=3109, page=3):
    page = Page.objects.get(issue__number=issue, number=page)
    return list(page.articles.order_by("position").values_list("title", flat=True))


def test_story_files_are_gathered_into_their_page_and_a_rerun_changes_nothing(seed_paper, tmp_path):
    one = tmp_path / "a8f3.txt"
    one.write_text(story("青少年科技创新大赛", "锦江区科协"), encoding="utf-8")
    two = tmp_path / "0c1d.txt"
    two.write_text(story("科普进社区", "青羊区科协"), encoding="utf-8")
    out, _ = run(one, two, date="2024-08-09")
    assert titles() == ["青少年科技创新大赛", "科普进社区"]
    page = Page.objects.get(issue__number=3109, number=3)
    assert page.name == "科协之窗"
    assert page.imports.count() == 2
    # each file's text is its article's source
    first = page.articles.order_by("position").first()
    assert first.source_text == one.read_text(encoding="utf-8")
    assert [c.printed_name for c in Credit.objects.filter(article=first)] == ["锦江区科协"]

    before = (Article.objects.count(), PageImport.objects.count())
    out, _ = run(one, two)
    assert out.count("未做任何改动") == 2
    assert (Article.objects.count(), PageImport.objects.count()) == before

    three = tmp_path / "77aa.txt"
    three.write_text(story("院士专家进校园", "武侯区科协"), encoding="utf-8")
    out, _ = run(one, two, three)
    assert out.count("未做任何改动") == 2
    assert titles() == ["青少年科技创新大赛", "科普进社区", "院士专家进校园"]
    assert Article.objects.count() == before[0] + 1


def test_sequence_numbers_in_the_names_give_the_printed_order(seed_paper, tmp_path):
    second = tmp_path / "3109-3-2.txt"
    second.write_text(story("科普进社区", "青羊区科协", header=""), encoding="utf-8")
    first = tmp_path / "3109-3-1.txt"
    first.write_text(story("青少年科技创新大赛", "锦江区科协", header=""), encoding="utf-8")
    run(second, first, date="2024-08-09")
    assert titles() == ["青少年科技创新大赛", "科普进社区"]


def test_a_refused_story_leaves_its_page_as_it_was(seed_paper, tmp_path):
    one = tmp_path / "a.txt"
    one.write_text(story("青少年科技创新大赛", "锦江区科协"), encoding="utf-8")
    run(one, date="2024-08-09")
    one.write_text(story("青少年科技创新大赛(更正)", "锦江区科协"), encoding="utf-8")
    two = tmp_path / "b.txt"
    two.write_text(story("科普进社区", "青羊区科协"), encoding="utf-8")
    with pytest.raises(CommandError, match="2 个文件导入失败"):
        run(one, two)
    assert titles() == ["青少年科技创新大赛"]
    run(one, two, replace=True)
    assert titles() == ["青少年科技创新大赛(更正)", "科普进社区"]
    assert Article.objects.filter(status=Article.Status.WITHDRAWN).count() == 1


def test_import_stories_is_one_transaction(seed_paper):
    """The issue is missing and no date is given: nothing of either story is written."""
    texts = [story("青少年科技创新大赛", "锦江区科协"), story("科普进社区", "青羊区科协")]
    stories = [(t, f"{k}.txt", "utf-8", parse_page(t)) for k, t in enumerate(texts)]
    with pytest.raises(ImportRefused, match="还不存在"):
        import_stories(stories, issue_number=3109, page_number=3)
    assert not Page.objects.exists() and not Article.objects.exists()


def test_the_header_places_a_file_and_a_contradicting_flag_wins_with_a_warning(
    seed_paper, tmp_path
):
    path = tmp_path / "cbcd4f61e3a24d09ab8dda2d8b61af4e.txt"
    path.write_text(story("科普进社区", "青羊区科协"), encoding="utf-8")
    out, _ = run(path, page=4, date="2024-08-09")
    assert "与 --page 4 不一致" in out
    assert titles(page=4) == ["科普进社区"]


def test_a_saved_html_page_is_imported_like_its_text(seed_paper, tmp_path):
    path = tmp_path / "3109_03.html"
    path.write_text(
        "<html><head><title>科普进社区</title></head><body>"
        "<div class='info'>3109 期 / 第3版:科协之窗</div>"
        "<h3>青羊区科协</h3><h1>科普进社区</h1><h2>志愿者走进十个社区</h2>"
        "<div id='ozoom'><p>本报讯 近日,青羊区科协组织志愿者走进社区开展科普活动。</p>"
        f"<p>{LAST}(青羊区科协)</p></div></body></html>",
        encoding="utf-8",
    )
    run(path, date="2024-08-09")
    a = Article.objects.get()
    assert (a.kicker, a.title, a.subtitle) == ("青羊区科协", "科普进社区", "志愿者走进十个社区")
    assert a.body.endswith(LAST)
    assert "<" not in a.body


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("cd31daccfe604061989a3340545971b3.txt", "请用 --issue 和 --page 指定"),
        ("第3109期.txt", "请用 --issue 和 --page 指定"),
        ("2024-08-09 要闻.txt", "请用 --issue 和 --page 指定"),
        ("3340545971-3.txt", "期号 3340545971 超出合理范围"),
        ("3109-65.txt", "版次 65 超出合理范围"),
    ],
)
def test_file_names_that_do_not_clearly_state_issue_and_page_are_refused(
    seed_paper, tmp_path, name, message
):
    path = tmp_path / name
    path.write_text(story("科普进社区", "青羊区科协", header=""), encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="1 个文件导入失败"):
        call_command(
            "import_legacy", str(path), "--date", "2024-08-09", stdout=StringIO(), stderr=err
        )
    assert message in err.getvalue()
    assert not Article.objects.exists()


def test_refusals_say_what_to_add(seed_paper, tmp_path):
    path = tmp_path / "cd31daccfe604061989a3340545971b3.txt"
    path.write_text(story("科普进社区", "青羊区科协", header=""), encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_legacy", str(path), stdout=StringIO(), stderr=err)
    assert "文件名也没有写明期号和版次" in err.getvalue()
    assert "3109-3.txt" in err.getvalue()


@pytest.mark.parametrize(
    ("name", "placed"),
    [("3109-3.txt", (3109, 3)), ("3109_03.html", (3109, 3)), ("第3109期第3版.txt", (3109, 3))],
)
def test_names_that_state_issue_and_page_place_the_file(name, placed):
    from articles.management.commands.import_legacy import placement_from_name

    p = placement_from_name(name)
    assert (p.issue, p.page) == placed


def test_a_header_beyond_bounds_is_refused(seed_paper, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(story("科普进社区", "青羊区科协", header="200000 期 / 第3版:科协之窗"))
    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_legacy", str(path), "--date", "2024-08-09", stdout=StringIO(), stderr=err
        )
    assert "期号 200000 超出合理范围" in err.getvalue()


def test_flags_beyond_bounds_are_refused(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(CommandError, match="超出合理范围"):
        call_command("import_legacy", str(path), "--issue", "100001", "--page", "1")
    with pytest.raises(CommandError, match="超出合理范围"):
        call_command("import_legacy", str(path), "--issue", "3109", "--page", "65")


def test_a_copy_without_headline_is_a_draft_that_cannot_be_approved_until_titled(
    seed_paper, tmp_path, client
):
    first = "本报讯 1月9日,2025年“情暖盐都”自贡市文化科技卫生“三下乡”集中示范活动在贡井区举行。"
    path = tmp_path / "3109-3.txt"
    path.write_text(f"{first}\n\n{LAST}(自贡市科协供稿)\n", encoding="utf-8")
    run(path, date="2024-08-09")
    article = Article.objects.get()
    assert article.title_pending and article.title.startswith("2025年“情暖盐都”")
    assert article.status == Article.Status.DRAFT

    editor = User.objects.create_user("wangbj", is_staff=True)
    editor.groups.add(Group.objects.get(name="编辑"))
    Article.objects.filter(pk=article.pk).update(status=Article.Status.SUBMITTED)
    article.refresh_from_db()
    with pytest.raises(workflow.TransitionRefused, match="标题待补"):
        workflow.apply(article, "approve", editor)

    client.force_login(editor)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = change_form_data(client.get(url))
    data["title"] = "自贡市举办文化科技卫生“三下乡”集中示范活动"
    assert client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert not article.title_pending
    workflow.apply(article, "approve", editor)


def test_the_portal_lines_view_count_is_kept_in_the_import_record_not_the_text(
    seed_paper, tmp_path
):
    text = "\n".join(
        [
            "3109 期 / 第3版:科协之窗",
            "创新农业科普基地建设  助力农业创新发展",
            "2020-09-25 08:56 冉崇朝 2531 点击",
            "都江堰市在灾后重建中成功创建全省科普示范市,农业科普基地发挥了重要作用。",
        ]
    )
    path = tmp_path / "3109-3.txt"
    path.write_text(text + "\n", encoding="utf-8")
    run(path)
    record = PageImport.objects.get()
    assert record.metadata["views"] == 2531
    article = Article.objects.get()
    assert "2531" not in article.body and "点击" not in article.body
