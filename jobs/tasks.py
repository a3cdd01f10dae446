"""The site's background work. Every task is idempotent and retried on a lost connection.

Idempotent because a message can be delivered twice (acks late: a worker killed mid-task
leaves its message for another worker) and a schedule can fire twice: publishing sweeps
the issues still due (an issue published once is not due any more), and the rebuilds
recompute whole tables from the articles under a lock, so two runs end with the same rows.
"""

from contextlib import contextmanager
from datetime import timedelta

from celery import shared_task
from django.db import InterfaceError, OperationalError, connection, transaction
from django.utils import timezone
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from articles import changes, publishing
from articles.models import Issue

from .models import TaskFailure

# A database restarting, a replica failing over, Redis restarting: worth trying again.
TRANSIENT = (OperationalError, InterfaceError, RedisConnectionError, RedisTimeoutError)
RETRY = {
    "autoretry_for": TRANSIENT,
    "retry_backoff": 5,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 6,
}


class PublishingRefused(Exception):
    """A scheduled issue is due but cannot be published (articles not approved yet)."""


@contextmanager
def exclusive(name):
    """Run one at a time across every worker: a transaction holding an advisory lock on
    PostgreSQL (released however the task ends); SQLite's writers queue up by themselves."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"jobs:{name}"])
        yield


@shared_task(**RETRY)
def publish_due_issues():
    """Publish the scheduled issues whose time has come (every minute, from beat).

    ``manage.py publish_due_issues`` does the same by hand. An issue another worker has
    just published is not a failure; one refused for unapproved articles fails the task,
    which puts it on the desk's list of failed tasks until it is published.
    """
    published, refused = publishing.publish_due()
    refused = [
        (issue, reason)
        for issue, reason in refused
        if not Issue.objects.filter(pk=issue.pk, status=Issue.Status.PUBLISHED).exists()
    ]
    if refused:
        raise PublishingRefused(";".join(f"{issue}:{reason}" for issue, reason in refused))
    return [issue.number for issue in published]


@shared_task(**RETRY)
def rebuild_search_index():
    """The whole search index and related keys again (weekly, or queued after a bulk load)."""
    with exclusive("rebuild_search_index"):
        return changes.rebuild_index(processes=1)


@shared_task(**RETRY)
def rebuild_reports():
    """The statistics' contributions and the reprint fingerprints again, from every article
    (nightly): the roll-up that bulk paths bypassing the change seam leave behind."""
    from reports import derive

    with exclusive("rebuild_reports"):
        articles, fingerprints, pairs = derive.rebuild()
    return {"articles": articles, "fingerprints": fingerprints, "pairs": pairs}


@shared_task(**RETRY)
def forget_resolved_failures(days=30):
    """Resolved failures older than ``days`` leave the desk's list."""
    before = timezone.now() - timedelta(days=days)
    deleted, _ = TaskFailure.objects.filter(resolved_at__lt=before).delete()
    return deleted
