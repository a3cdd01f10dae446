"""Failed tasks on the desk: Celery's signals -> ``TaskFailure`` rows.

``task_failure`` is sent once a task has given up (after its retries); ``task_success``
marks that task's open failures resolved, since every task here is a sweep or a rebuild
that a later success makes good.
"""

import logging

from celery.signals import task_failure, task_success
from django.db import DatabaseError, transaction
from django.utils import timezone

from .models import TaskFailure

log = logging.getLogger(__name__)


@task_failure.connect
def record_failure(sender=None, args=None, kwargs=None, exception=None, einfo=None, **extra):
    name = getattr(sender, "name", str(sender))
    arguments = ", ".join(
        [*(repr(a) for a in args or ()), *(f"{k}={v!r}" for k, v in (kwargs or {}).items())]
    )
    error = f"{type(exception).__name__}: {exception}"
    now = timezone.now()
    try:
        with transaction.atomic():
            found = (
                TaskFailure.objects.select_for_update()
                .filter(task=name, arguments=arguments, error=error, resolved_at=None)
                .first()
            )
            if found:
                found.count += 1
                found.last_failed_at = now
                found.traceback = str(einfo or "")
                found.save(update_fields=["count", "last_failed_at", "traceback"])
            else:
                TaskFailure.objects.create(
                    task=name,
                    arguments=arguments,
                    error=error,
                    traceback=str(einfo or ""),
                    last_failed_at=now,
                )
    except DatabaseError:  # the database is what failed: the worker's log keeps it
        log.exception("无法记录失败的任务 %s:%s", name, error)


@task_success.connect
def resolve_failures(sender=None, **extra):
    try:
        TaskFailure.objects.filter(task=sender.name, resolved_at=None).update(
            resolved_at=timezone.now()
        )
    except DatabaseError:
        log.exception("无法标记任务 %s 的失败为已恢复", sender.name)


def open_failures():
    return TaskFailure.objects.filter(resolved_at=None)
