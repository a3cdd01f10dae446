"""The task queue: Celery with Redis as the broker (``CELERY_BROKER_URL``, default ``REDIS_URL``).

Start a worker and the one scheduler of the whole site (beat: run it on one machine only):

    celery -A jobs.celery worker --concurrency 2
    celery -A jobs.celery beat --schedule /var/lib/newsroom/celerybeat-schedule

Without a broker (``make run`` on SQLite) tasks run inline in the process that queues them.
"""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

app = Celery("newsroom")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["jobs"])

# Each task is idempotent: a schedule that fires twice, or a message delivered twice after
# a worker was killed (acks late), does the work once.
app.conf.beat_schedule = {
    "publish-due-issues": {
        "task": "jobs.tasks.publish_due_issues",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "rebuild-reports": {
        "task": "jobs.tasks.rebuild_reports",
        "schedule": crontab(hour=3, minute=30),
    },
    "rebuild-search-index": {
        "task": "jobs.tasks.rebuild_search_index",
        "schedule": crontab(hour=4, minute=0, day_of_week="sunday"),
    },
    "forget-resolved-failures": {
        "task": "jobs.tasks.forget_resolved_failures",
        "schedule": crontab(hour=5, minute=0),
    },
}
