"""版面规划: an editor plans next week's pages as slots, a correspondent files one, and
the desk shows what is overdue and what nobody has been given."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from planning.models import Notification, Slot

from .conftest import place

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def slot_data(page, **extra):
    return {
        "page": page.pk,
        "working_title": "泸州市青少年科技创新大赛",
        "expected_length": 900,
        "order": 1,
        **extra,
    }


def test_an_editor_plans_a_slot_and_the_correspondent_is_told(
    client, staff, issue, django_capture_on_commit_callbacks
):
    p1 = issue.pages.get(number=1)
    run = p1.column_runs.get()
    client.force_login(staff["编辑"])
    due = TODAY + datetime.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("planning:plan", args=[issue.pk]),
            slot_data(
                p1,
                column_run=run.pk,
                assignee=staff["通讯员"].pk,
                due_date=due.isoformat(),
                note="请配两张现场照片。",
            ),
        )
    assert response.status_code == 302
    slot = Slot.objects.get()
    assert (slot.page, slot.column_run, slot.assignee, slot.created_by) == (
        p1,
        run,
        staff["通讯员"],
        staff["编辑"],
    )
    note = Notification.objects.get(recipient=staff["通讯员"])
    assert note.kind == "assigned" and "泸州市青少年科技创新大赛" in note.text
    assert "约 900 字" in note.text and note.comment == "请配两张现场照片。"
    assert [m.to for m in mail.outbox] == [["xt@example.cn"]]
    assert "派稿" in mail.outbox[0].subject


def test_reassigning_tells_only_the_new_writer_and_saving_again_tells_nobody(client, staff, issue):
    p1 = issue.pages.get(number=1)
    slot = Slot.objects.create(page=p1, working_title="稿", assignee=staff["通讯员"])
    client.force_login(staff["编辑"])
    url = reverse("planning:slot", args=[slot.pk])
    data = slot_data(p1, working_title="稿", op="save")
    client.post(url, {**data, "assignee": staff["县通讯员"].pk})
    client.post(url, {**data, "assignee": staff["县通讯员"].pk})
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["xiaoxian"]


def test_a_column_run_of_another_page_is_refused_in_chinese(client, staff, issue):
    p1, p2 = issue.pages.order_by("number")
    client.force_login(staff["编辑"])
    response = client.post(
        reverse("planning:plan", args=[issue.pk]),
        slot_data(p2, column_run=p1.column_runs.get().pk),
    )
    assert response.status_code == 200
    assert "所选栏目不在第2版:科协之窗上" in response.content.decode()
    assert not Slot.objects.exists()


def test_a_correspondent_may_not_plan(client, staff, issue):
    client.force_login(staff["通讯员"])
    response = client.post(
        reverse("planning:plan", args=[issue.pk]), slot_data(issue.pages.get(number=1))
    )
    assert response.status_code == 403
    assert not Slot.objects.exists()


def test_the_assignee_files_the_slot_and_it_becomes_the_article_in_its_place(client, staff, issue):
    p1 = issue.pages.get(number=1)
    run = p1.column_runs.get()
    place(p1, "头条")
    slot = Slot.objects.create(
        page=p1, column_run=run, working_title="科技周活动", assignee=staff["通讯员"]
    )
    client.force_login(staff["通讯员"])
    response = client.post(reverse("planning:slot", args=[slot.pk]), {"op": "file"})
    article = Article.objects.get(title="科技周活动")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:articles_article_change", args=[article.pk])
    assert (article.page, article.column_run, article.position) == (p1, run, 2)
    assert article.author == staff["通讯员"] and article.status == Article.Status.DRAFT
    slot.refresh_from_db()
    assert slot.article == article
    # Filing again is harmless: the same article.
    client.post(reverse("planning:slot", args=[slot.pk]), {"op": "file"})
    assert Article.objects.filter(title="科技周活动").count() == 1
    # The new draft is the correspondent's to edit, like any draft of theirs.
    assert (
        client.get(reverse("admin:articles_article_change", args=[article.pk])).status_code == 200
    )


def test_someone_elses_slot_cannot_be_filed_or_seen(client, staff, issue):
    slot = Slot.objects.create(
        page=issue.pages.get(number=1), working_title="稿", assignee=staff["通讯员"]
    )
    client.force_login(staff["县通讯员"])
    assert client.get(reverse("planning:slot", args=[slot.pk])).status_code == 403
    assert client.post(reverse("planning:slot", args=[slot.pk]), {"op": "file"}).status_code == 403
    assert not Article.objects.exists()


def test_the_desk_shows_overdue_and_unassigned_slots_to_editors_and_mine_to_writers(
    client, staff, issue
):
    p1 = issue.pages.get(number=1)
    yesterday = TODAY - datetime.timedelta(days=1)
    Slot.objects.create(
        page=p1, working_title="逾期稿", assignee=staff["通讯员"], due_date=yesterday
    )
    Slot.objects.create(page=p1, working_title="没人写的稿")
    on_time = Slot.objects.create(
        page=p1, working_title="按时稿", assignee=staff["通讯员"], due_date=TODAY
    )
    filed = Slot.objects.create(page=p1, working_title="已交稿", due_date=yesterday)
    filed.article = place(p1, "已交稿")[0]
    filed.save()
    client.force_login(staff["编辑"])
    page = client.get(reverse("admin:articles_article_desk")).content.decode()
    overdue = page.split("逾期未交的稿位(1)", 1)[1].split("</ul>", 1)[0]
    unassigned = page.split("还没派给人的稿位(1)", 1)[1].split("</ul>", 1)[0]
    assert "逾期稿" in overdue and "按时稿" not in overdue and "已交稿" not in overdue
    assert "没人写的稿" in unassigned
    assert reverse("planning:plan", args=[issue.pk]) in page

    client.force_login(staff["通讯员"])
    page = client.get(reverse("admin:articles_article_desk")).content.decode()
    mine = page.split("约我写的稿(2)", 1)[1].split("</ul>", 1)[0]
    assert (
        "逾期稿" in mine
        and "已逾期" in mine
        and reverse("planning:slot", args=[on_time.pk]) in mine
    )
    assert "没人写的稿" not in page


def test_the_planning_page_costs_a_fixed_number_of_queries(
    client, staff, issue, django_assert_num_queries
):
    p1, p2 = issue.pages.order_by("number")
    for page in (p1, p2):
        place(page, *[f"{page.number}版稿{i}" for i in range(5)])
        for i in range(4):
            Slot.objects.create(page=page, working_title=f"稿位{i}", assignee=staff["通讯员"])
    client.force_login(staff["编辑"])
    url = reverse("planning:plan", args=[issue.pk])
    # session, user, issue, pages, sponsors, runs, run sponsors, articles (the layout);
    # capacities, sections, photos, facsimiles, areas, slots (the fill); the form's
    # pages, column runs and writers; the user's permissions
    with django_assert_num_queries(19):
        response = client.get(url)
    table = response.content.decode().split('class="plan-slots"')
    assert len(table) == 3 and all("稿位3" in t for t in table[1:])
