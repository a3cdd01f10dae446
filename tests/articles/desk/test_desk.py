"""Composing, publishing, previewing and the desk's screens, as the editors use them."""

import datetime
from io import StringIO

import pytest
from django.core import signing
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles import publishing
from articles.desk import suggestions
from articles.desk.preview import preview_url
from articles.models import (
    Article,
    ArticleTransition,
    ColumnRun,
    ColumnRunSponsor,
    Issue,
    PageImport,
    PageSponsor,
    SuggestionDismissal,
)
from organizations.models import Organization

pytestmark = pytest.mark.django_db
S = Article.Status


def place(page, *titles, status=S.APPROVED, run=None):
    start = page.articles.count()
    return [
        Article.objects.create(
            title=t, page=page, position=start + i, status=status, column_run=run
        )
        for i, t in enumerate(titles, start=1)
    ]


def printed(page):
    return list(page.articles.order_by("position", "id").values_list("title", flat=True))


# ------------------------------------------------------------------ composition


def test_the_composition_screen_shows_pages_columns_sponsors_in_print_order(
    client, staff, issue, seed_paper, django_assert_num_queries
):
    p1, p2 = issue.pages.order_by("number")
    run = p1.column_runs.get()
    org = Organization.objects.get(short_name="泸州市科协")
    PageSponsor.objects.create(page=p1, organization=org, order=1)
    ColumnRunSponsor.objects.create(column_run=run, organization=org, order=1)
    place(p1, "头条", "二条")
    place(p1, "栏目一", "栏目二", run=run)
    place(p2, "二版头条")
    client.force_login(staff["编辑"])
    url = reverse("admin:articles_issue_compose", args=[issue.pk])
    # session, user, groups' permissions, issue, pages, page sponsors, column runs,
    # run sponsors, articles (+ savepoint-free admin context); + 6 for the planning app's
    # fill state and checklist: page capacities, section lengths, photos, facsimiles,
    # article areas, slots (one statement each, whatever the issue's size)
    with django_assert_num_queries(16):
        response = client.get(url)
    page = response.content.decode()
    assert page.index("头条") < page.index("二条") < page.index("栏目一") < page.index("二版头条")
    assert "本版协办单位" in page and "泸州市科协" in page and "栏目协办" in page
    # Each article's "move to" select opens on where the article is now.
    in_column = Article.objects.get(title="栏目一")
    on_page_two = Article.objects.get(title="二版头条")

    def move_select(article):
        return page.split(f'id="move-{article.pk}"')[1].split("</select>")[0]

    assert f'<option value="run:{run.pk}" selected>' in move_select(in_column)
    assert move_select(in_column).count(" selected>") == 1
    assert f'<option value="page:{p2.pk}" selected>' in move_select(on_page_two)


def test_an_editor_reorders_and_moves_articles_between_pages_and_columns(client, staff, issue):
    p1, p2 = issue.pages.order_by("number")
    run = p1.column_runs.get()
    first, second, third = place(p1, "甲", "乙", "丙")
    client.force_login(staff["编辑"])
    url = reverse("admin:articles_issue_compose", args=[issue.pk])
    client.post(url, {"op": "down", "article": first.pk})
    assert printed(p1) == ["乙", "甲", "丙"]
    client.post(url, {"op": "up", "article": third.pk})
    assert printed(p1) == ["乙", "丙", "甲"]
    client.post(url, {"op": "move", "article": second.pk, "target": f"page:{p2.pk}"})
    assert printed(p1) == ["丙", "甲"] and printed(p2) == ["乙"]
    client.post(url, {"op": "move", "article": second.pk, "target": f"run:{run.pk}", "position": 1})
    assert printed(p1) == ["乙", "丙", "甲"]
    second.refresh_from_db()
    assert second.column_run == run and second.version > 1


def test_moving_past_the_top_is_refused_in_chinese(client, staff, issue):
    (only,) = place(issue.pages.get(number=1), "独篇")
    client.force_login(staff["编辑"])
    url = reverse("admin:articles_issue_compose", args=[issue.pk])
    response = client.post(url, {"op": "up", "article": only.pk}, follow=True)
    assert "已经在本版最前面或最后面" in response.content.decode()


def test_a_new_issue_starts_from_the_previous_ones_structure(client, staff, issue, seed_paper):
    p1 = issue.pages.get(number=1)
    org = Organization.objects.get(short_name="泸州市科协")
    PageSponsor.objects.create(page=p1, organization=org, order=1)
    place(p1, "旧文章")
    client.force_login(staff["编辑"])
    response = client.post(
        reverse("admin:articles_issue_start_from_previous"),
        {"previous": issue.pk, "number": 3110, "date": "2031-01-01"},
    )
    new = Issue.objects.get(number=3110)
    assert response.status_code == 302
    assert [(p.number, p.name) for p in new.pages.all()] == [(1, "要闻"), (2, "科协之窗")]
    assert list(new.pages.get(number=1).sponsors.all()) == [org]
    old_runs = ColumnRun.objects.filter(page__issue=issue).values_list("column", flat=True)
    new_runs = ColumnRun.objects.filter(page__issue=new).values_list("column", flat=True)
    assert list(new_runs) == list(old_runs) != []
    assert not Article.objects.filter(page__issue=new).exists()
    again = client.post(
        reverse("admin:articles_issue_start_from_previous"),
        {"previous": issue.pk, "number": 3110, "date": "2031-01-08"},
    )
    assert "第3110期已经存在" in again.content.decode()


# -------------------------------------------------------------------- publishing


def test_publishing_refuses_listing_the_blockers(staff, issue, reindexed):
    p1 = issue.pages.get(number=1)
    place(p1, "已审定")
    place(p1, "还在草稿", status=S.DRAFT)
    place(p1, "待审中", status=S.SUBMITTED)
    reindexed.clear()
    with pytest.raises(publishing.PublishRefused) as refused:
        publishing.publish_issue(issue, staff["主编"])
    assert "《还在草稿》(草稿)" in str(refused.value) and "《待审中》(待审)" in str(refused.value)
    issue.refresh_from_db()
    assert issue.status == Issue.Status.DRAFT
    assert not Article.objects.filter(status=S.PUBLISHED).exists() and not reindexed


def test_publishing_publishes_every_article_logs_it_and_reindexes(staff, issue, reindexed):
    p1 = issue.pages.get(number=1)
    fresh, archived = place(p1, "新稿", "旧档")
    import_ = PageImport.objects.create(
        page=p1, source_name="x.txt", encoding="utf-8", text="x", text_sha256="x"
    )
    Article.objects.filter(pk=archived.pk).update(page_import=import_)
    Issue.objects.filter(pk=issue.pk).update(date=datetime.date(2023, 11, 17))
    now = timezone.now()
    reindexed.clear()
    publishing.publish_issue(issue, staff["主编"], now=now)
    fresh.refresh_from_db()
    archived.refresh_from_db()
    assert fresh.status == archived.status == S.PUBLISHED
    assert fresh.published_at == now
    assert timezone.localtime(archived.published_at).date() == datetime.date(2023, 11, 17)
    assert ArticleTransition.objects.filter(to_status=S.PUBLISHED, user=staff["主编"]).count() == 2
    assert reindexed == [sorted([fresh.pk, archived.pk])]
    assert set(Article.objects.published()) == {fresh, archived}

    publishing.withdraw_issue(Issue.objects.get(pk=issue.pk), staff["主编"])
    assert not Article.objects.published().exists()
    assert Article.objects.filter(page__issue=issue).count() == 2  # nothing deleted


def test_a_scheduled_issue_is_published_when_due(staff, issue):
    place(issue.pages.get(number=1), "定时稿")
    publishing.schedule_issue(issue, staff["主编"])
    out = StringIO()
    call_command("publish_due_issues", stdout=out)
    assert "没有到期" in out.getvalue()
    Issue.objects.filter(pk=issue.pk).update(publish_at=timezone.now() - datetime.timedelta(1))
    call_command("publish_due_issues", stdout=out)
    issue.refresh_from_db()
    assert issue.status == Issue.Status.PUBLISHED and issue.published_by == staff["主编"]
    assert "已发布" in out.getvalue()


def test_a_due_issue_with_blockers_stays_scheduled_and_is_reported(staff, issue):
    place(issue.pages.get(number=1), "未审稿", status=S.SUBMITTED)
    publishing.schedule_issue(issue, staff["主编"], timezone.now() + datetime.timedelta(1))
    Issue.objects.filter(pk=issue.pk).update(publish_at=timezone.now() - datetime.timedelta(1))
    err = StringIO()
    call_command("publish_due_issues", stdout=StringIO(), stderr=err)
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SCHEDULED and "《未审稿》" in err.getvalue()


# ----------------------------------------------------------------------- preview


def test_a_draft_is_seen_only_through_a_signed_link_that_expires(client, article, monkeypatch):
    assert client.get(article.get_absolute_url()).status_code == 404
    url = preview_url(article)
    response = client.get(url)
    assert response.status_code == 200 and article.title in response.content.decode()
    assert client.get(url[:-3] + "abc/").status_code == 404
    later = timezone.now().timestamp() + 4 * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: later)
    assert client.get(url).status_code == 404


# ------------------------------------------------------------------- suggestions


def test_organisations_in_the_text_are_offered_and_a_dismissal_sticks(staff, article, seed_paper):
    article.body = "本报讯 泸州市科协联合内江市科学技术协会开展活动。"
    article.save()
    offered = {o.short_name for o in suggestions.suggest_organizations(article)}
    assert {"泸州市科协", "内江市科协"} <= offered
    luzhou = Organization.objects.get(short_name="泸州市科协")
    neijiang = Organization.objects.get(short_name="内江市科协")
    suggestions.accept(article, "organization", str(luzhou.pk), staff["编辑"])
    suggestions.dismiss(article, "organization", neijiang.pk, staff["编辑"])
    offered = {o.short_name for o in suggestions.suggest_organizations(article)}
    assert "泸州市科协" not in offered and "内江市科协" not in offered
    assert list(article.organizations.all()) == [luzhou]
    assert SuggestionDismissal.objects.filter(article=article).count() == 1


def test_tag_suggestions_weigh_words_by_the_papers_own_corpus(client, staff, article):
    from django.core.cache import cache

    cache.clear()
    for i in range(5):
        Article.objects.create(
            title=f"科协活动{i}", body="科协组织科普活动,科协服务群众。", status=S.PUBLISHED
        )
    article.title = "科协举办无人机科普讲座"
    article.body = "科协邀请专家讲解无人机原理,无人机表演吸引群众。科协科协科协。"
    article.save()
    tags = suggestions.suggest_tags(article)
    assert tags[0] == "无人机"
    assert tags.index("无人机") < (tags.index("科协") if "科协" in tags else len(tags))
    client.force_login(staff["编辑"])
    url = reverse("admin:articles_article_suggestions", args=[article.pk])
    client.post(url, {"kind": "tag", "value": "无人机", "op": "dismiss"})
    assert "无人机" not in suggestions.suggest_tags(article)


def test_the_tag_weights_are_not_recomputed_for_every_new_article(monkeypatch, article):
    """Segmenting the archive for the weights inside an editor's request took tens of
    seconds at the archive's size: one more published article reuses the cached table;
    a corpus grown by a tenth (and at least 20 articles) gets a new one."""
    from django.core.cache import cache

    cache.clear()
    for i in range(30):
        Article.objects.create(title=f"科协活动{i}", body="科协组织科普活动。", status=S.PUBLISHED)
    segmented = []
    words = suggestions.words
    monkeypatch.setattr(suggestions, "words", lambda text: segmented.append(1) or words(text))
    suggestions.idf_table()
    assert len(segmented) == 30
    Article.objects.create(title="又一篇", body="科协组织科普活动。", status=S.PUBLISHED)
    suggestions.idf_table()
    assert len(segmented) == 30  # the cached table
    for i in range(20):
        Article.objects.create(title=f"新稿{i}", body="科普进社区。", status=S.PUBLISHED)
    suggestions.idf_table()
    assert len(segmented) == 30 + 51  # rebuilt over the newest (all 51 here)
    monkeypatch.setattr(suggestions, "IDF_SAMPLE", 10)
    cache.clear()
    suggestions.idf_table()
    assert len(segmented) == 30 + 51 + 10  # never more than the sample


# ---------------------------------------------------------------- desk screens


def test_the_desk_shows_waiting_returned_and_the_next_issues_fill(
    client, staff, issue, django_assert_num_queries
):
    p1 = issue.pages.get(number=1)
    place(p1, "待审稿甲", "待审稿乙", status=S.SUBMITTED)
    place(p1, "退回稿", status=S.RETURNED)
    place(p1, "已审稿")
    Article.objects.filter(title="退回稿").update(author=staff["通讯员"])
    client.force_login(staff["编辑"])
    # + 2 for the reports' block: agreements running behind, 相似稿件 of these articles;
    # + 2 for the planning block: the unread inbox, the open slots (mine, overdue, unassigned)
    with django_assert_num_queries(12):
        response = client.get(reverse("admin:articles_article_desk"))
    page = response.content.decode()
    assert "待审稿甲" in page and "待审稿乙" in page and "退给 xiaotong" in page
    assert "第1版:要闻" in page and "未完成" in page and "空版" in page


def test_the_article_list_query_count_does_not_grow_with_articles(
    client, staff, issue, django_assert_num_queries
):
    place(issue.pages.get(number=1), *[f"稿件{i}" for i in range(12)])
    client.force_login(staff["编辑"])
    with django_assert_num_queries(12):
        client.get(reverse("admin:articles_article_changelist"))


def test_the_desks_next_issue_heading_names_the_issue_not_an_old_archive_draft(
    client, staff, issue
):
    # A draft issue left years ago by an archive import is not what the desk works on.
    Issue.objects.create(number=2001, date=datetime.date(2019, 3, 1))
    client.force_login(staff["编辑"])
    page = client.get(reverse("admin:articles_article_desk")).content.decode()
    heading = page.split("<h2>下一期", 1)[1].split("</h2>", 1)[0]
    assert heading.startswith(":第3109期") and "<a" not in heading
    assert "第2001期" not in page


def test_an_archive_imports_note_names_the_import_not_none(client, staff, issue):
    article = place(issue.pages.get(number=1), "存档稿")[0]
    ArticleTransition.objects.create(
        article=article,
        from_status=S.DRAFT,
        to_status=S.WITHDRAWN,
        comment="重新导入第1版时被替换。",
    )
    client.force_login(staff["编辑"])
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "最近意见(旧版面导入," in page and "None" not in page
