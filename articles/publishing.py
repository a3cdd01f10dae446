"""Publishing, scheduling and withdrawing an issue (期): the chief editor's sign-off."""

from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.utils import timezone

from . import changes
from .models import Article, ArticleTransition, Issue

PUBLISH = "articles.publish_issue"
READY = (Article.Status.APPROVED, Article.Status.PUBLISHED, Article.Status.WITHDRAWN)


class PublishRefused(Exception):
    """The issue cannot be published; ``blockers`` lists the articles in the way."""

    def __init__(self, message, blockers=()):
        self.blockers = list(blockers)
        super().__init__(message)


def check_publisher(user):
    if user is None or not user.has_perm(PUBLISH):
        raise PermissionDenied("只有主编可以发布、定时发布或撤回一期报纸。")


def blockers(issue):
    """Articles placed in the issue that are not approved yet (withdrawn ones stay hidden)."""
    return list(
        Article.objects.filter(page__issue=issue)
        .exclude(status__in=READY)
        .select_related("page")
        .order_by("page__number", "position", "id")
    )


def blocker_message(found):
    lines = [f"{a.page.label}《{a.title}》({a.get_status_display()})" for a in found]
    return "这一期还有未审定的文章,不能发布:" + ";".join(lines) + "。请先审定或移出本期。"


def publish_issue(issue, user, *, now=None):
    """Publish ``issue`` now: every approved article in it becomes published.

    Articles imported from the archive keep the issue date as their publication time;
    new copy gets ``now``. Refuses, listing the blockers, while any placed article is
    not approved. Returns the ids of the articles published.
    """
    check_publisher(user)
    now = now or timezone.now()
    with changes.batch():
        issue = Issue.objects.select_for_update().get(pk=issue.pk)
        if issue.status == Issue.Status.PUBLISHED:
            raise PublishRefused(f"{issue}已经发布过了。")
        found = blockers(issue)
        if found:
            raise PublishRefused(blocker_message(found), found)
        approved = list(
            Article.objects.select_for_update()
            .filter(page__issue=issue, status=Article.Status.APPROVED)
            .values_list("pk", "page_import_id")
        )
        archive = issue.date < timezone.localdate(now)
        archive_ids = [pk for pk, imported in approved if imported and archive]
        new_ids = [pk for pk, imported in approved if not (imported and archive)]
        for ids, published_at in ((new_ids, now), (archive_ids, issue.print_time())):
            Article.objects.filter(pk__in=ids, status=Article.Status.APPROVED).update(
                status=Article.Status.PUBLISHED,
                published_at=published_at,
                version=F("version") + 1,
                updated_at=now,
            )
        ArticleTransition.objects.bulk_create(
            ArticleTransition(
                article_id=pk,
                from_status=Article.Status.APPROVED,
                to_status=Article.Status.PUBLISHED,
                user=user,
                comment=f"随{issue}发布",
                created_at=now,
            )
            for pk, _ in approved
        )
        issue.status = Issue.Status.PUBLISHED
        issue.published_at = now
        issue.published_by = user
        issue.save(update_fields=["status", "published_at", "published_by", "updated_at"])
        _log(user, issue, "发布")
        ids = [pk for pk, _ in approved]
        changes.issues_changed([issue.pk])
    return ids


def schedule_issue(issue, user, publish_at=None):
    """Sign the issue off for publication at ``publish_at`` (default: the issue's print time, 06:00 on its date).

    ``publish_due_issues`` publishes it then, in the name of the chief who scheduled it.
    """
    check_publisher(user)
    publish_at = publish_at or issue.print_time()
    with changes.batch():
        issue = Issue.objects.select_for_update().get(pk=issue.pk)
        if issue.status == Issue.Status.PUBLISHED:
            raise PublishRefused(f"{issue}已经发布,无需定时。要重新发布请先撤回。")
        issue.status = Issue.Status.SCHEDULED
        issue.publish_at = publish_at
        issue.published_by = user
        issue.save(update_fields=["status", "publish_at", "published_by", "updated_at"])
        _log(user, issue, f"定时发布于 {timezone.localtime(publish_at):%Y-%m-%d %H:%M}")
        changes.issues_changed([issue.pk])
    return issue


def withdraw_issue(issue, user):
    """Hide a published or scheduled issue from readers; nothing is deleted."""
    check_publisher(user)
    with changes.batch():
        issue = Issue.objects.select_for_update().get(pk=issue.pk)
        if issue.status not in (Issue.Status.PUBLISHED, Issue.Status.SCHEDULED):
            raise PublishRefused(f"{issue}没有发布或定时发布,无需撤回。")
        issue.status = Issue.Status.WITHDRAWN
        issue.publish_at = None
        issue.save(update_fields=["status", "publish_at", "updated_at"])
        _log(user, issue, "撤回")
        changes.issues_changed([issue.pk])
    return issue


def publish_due(now=None):
    """Publish every scheduled issue whose time has come. Returns (published, refused)."""
    now = now or timezone.now()
    published, refused = [], []
    for issue in Issue.objects.due_for_publication(now).select_related("published_by"):
        try:
            publish_issue(issue, issue.published_by, now=now)
        except (PublishRefused, PermissionDenied) as exc:
            refused.append((issue, str(exc)))
        else:
            published.append(issue)
    return published, refused


def _log(user, issue, message):
    LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=[issue],
        action_flag=CHANGE,
        change_message=message,
        single_object=True,
    )
