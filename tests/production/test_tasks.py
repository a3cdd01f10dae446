"""The background tasks: each one run twice ends as if run once; failures reach the desk."""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.db import OperationalError
from django.utils import timezone

from articles import publishing
from articles.models import Article, ArticleTransition, Issue, Page
from articles.search import query
from jobs import tasks
from jobs.models import TaskFailure
from organizations.models import Organization
from reports.models import Contribution

pytestmark = pytest.mark.django_db


def make_user(username, role):
    user = User.objects.create_user(username, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def chief(db):
    return make_user("lizb", "主编")


@pytest.fixture
def scheduled_issue(chief, seed_paper):
    """Issue 3109, scheduled by the chief for an hour ago, one approved article on page 1."""
    issue = Issue.objects.create(number=3109, date=timezone.localdate())
    page = Page.objects.create(issue=issue, number=1, name="要闻")
    Article.objects.create(
        page=page,
        position=1,
        title="泸州市科协启动星辰计划",
        body="本报讯 近日,泸州市科协启动星辰计划,科普进校园。",
        status=Article.Status.APPROVED,
    )
    publishing.schedule_issue(issue, chief, timezone.now() - datetime.timedelta(hours=1))
    return issue


def publications(issue):
    return ArticleTransition.objects.filter(
        article__page__issue=issue, to_status=Article.Status.PUBLISHED
    ).count()


def test_a_due_issue_is_published_once_however_often_the_sweep_runs(tasks_inline, scheduled_issue):
    first = tasks.publish_due_issues.delay()
    second = tasks.publish_due_issues.delay()
    assert first.successful() and first.result == [3109]
    assert second.successful() and second.result == []
    scheduled_issue.refresh_from_db()
    assert scheduled_issue.status == Issue.Status.PUBLISHED
    assert publications(scheduled_issue) == 1
    assert not TaskFailure.objects.exists()


def test_an_issue_another_worker_just_published_is_not_a_failure(
    tasks_inline, scheduled_issue, monkeypatch
):
    """Two sweeps at once: the second finds the issue published under its lock."""
    sweep = publishing.publish_due

    def racing(now=None):
        stale = list(Issue.objects.due_for_publication(now))
        sweep(now)  # the other worker
        refused = []
        for issue in stale:
            try:
                publishing.publish_issue(issue, issue.published_by, now=now)
            except publishing.PublishRefused as exc:
                refused.append((issue, str(exc)))
        return [], refused

    monkeypatch.setattr(publishing, "publish_due", racing)
    result = tasks.publish_due_issues.delay()
    assert result.successful()
    assert publications(scheduled_issue) == 1
    assert not TaskFailure.objects.exists()


def test_a_due_issue_that_cannot_be_published_is_on_the_desk_until_it_is(
    tasks_inline, scheduled_issue, chief, client
):
    article = Article.objects.get(page__issue=scheduled_issue)
    Article.objects.filter(pk=article.pk).update(status=Article.Status.SUBMITTED)

    for _ in range(2):
        result = tasks.publish_due_issues.delay()
        assert result.failed()
    failure = TaskFailure.objects.get()
    assert failure.task == "jobs.tasks.publish_due_issues"
    assert "未审定" in failure.error and "星辰计划" in failure.error
    assert failure.count == 2 and failure.resolved_at is None

    editor = make_user("wangbj", "编辑")
    client.force_login(editor)
    desk = client.get("/admin/").content.decode()
    assert "后台任务失败 1 项" in desk
    listing = client.get("/admin/jobs/taskfailure/?open=1").content.decode()
    assert "星辰计划" in listing

    Article.objects.filter(pk=article.pk).update(status=Article.Status.APPROVED)
    assert tasks.publish_due_issues.delay().successful()
    failure.refresh_from_db()
    assert failure.resolved_at is not None
    assert "后台任务:无失败" in client.get("/admin/").content.decode()


def test_a_correspondent_does_not_see_the_failed_tasks(tasks_inline, client, db):
    TaskFailure.objects.create(
        task="jobs.tasks.rebuild_reports", error="x", last_failed_at=timezone.now()
    )
    client.force_login(make_user("xiaotong", "通讯员"))
    assert "后台任务" not in client.get("/admin/").content.decode()
    assert client.get("/admin/jobs/taskfailure/").status_code == 403


def test_a_lost_database_connection_is_retried(tasks_inline, scheduled_issue, monkeypatch):
    sweep = publishing.publish_due
    calls = []

    def flaky(now=None):
        calls.append(now)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return sweep(now)

    monkeypatch.setattr(publishing, "publish_due", flaky)
    result = tasks.publish_due_issues.delay()
    assert result.successful() and result.result == [3109]
    assert len(calls) == 2
    assert not TaskFailure.objects.exists()


def test_rebuilding_the_search_index_twice_changes_nothing(tasks_inline, scheduled_issue):
    tasks.publish_due_issues.delay()
    found = query.all_matching_ids(query.parse("星辰计划"))
    assert len(found) == 1
    assert tasks.rebuild_search_index.delay().result == 1
    assert query.all_matching_ids(query.parse("星辰计划")) == found
    assert tasks.rebuild_search_index.delay().result == 1
    assert query.all_matching_ids(query.parse("星辰计划")) == found
    assert query.all_matching_ids(query.parse("进校园")) == found


def test_rebuilding_the_reports_twice_changes_nothing(tasks_inline, scheduled_issue):
    article = Article.objects.get(page__issue=scheduled_issue)
    article.organizations.add(Organization.objects.get(name="泸州市科学技术协会"))
    tasks.publish_due_issues.delay()

    def rows():
        return sorted(
            Contribution.objects.values_list("article_id", "unit_id", "published", "characters")
        )

    before = rows()
    assert before  # 泸州市科协 counts the article it is mentioned in
    first = tasks.rebuild_reports.delay().result
    after_one = rows()
    second = tasks.rebuild_reports.delay().result
    assert first == second and first["articles"] == 1
    assert rows() == after_one == before


def test_resolved_failures_are_forgotten_after_a_month(tasks_inline, db):
    now = timezone.now()
    old = TaskFailure.objects.create(
        task="a", error="x", last_failed_at=now, resolved_at=now - datetime.timedelta(days=31)
    )
    TaskFailure.objects.create(task="b", error="x", last_failed_at=now)
    assert tasks.forget_resolved_failures.delay().result == 1
    assert not TaskFailure.objects.filter(pk=old.pk).exists()
    assert tasks.forget_resolved_failures.delay().result == 0
