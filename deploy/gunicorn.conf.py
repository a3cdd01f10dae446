"""gunicorn on an app node: `gunicorn -c deploy/gunicorn.conf.py newsroom.wsgi`.

Every value can be set from the environment (the systemd unit reads /etc/newsroom/app.env).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Sync workers: pages are CPU-bound (templates, jieba) and short; cached pages cost
# two Redis reads. 2 x cores + 1 is gunicorn's rule of thumb.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5  # behind nginx's keepalive upstream
# Recycle workers now and then (jieba's caches, fragmentation); jitter spreads restarts.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
# jieba, the dictionary and the URLconf load once, before the fork.
preload_app = True
# Only nginx may say which scheme the client used (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,10.0.0.11")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # "" turns it off
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
capture_output = True  # Django's log (stderr) goes to the error log too
access_log_format = '%({x-forwarded-for}i)s "%(r)s" %(s)s %(b)s %(M)sms'
proc_name = "newsroom"


def post_fork(server, worker):
    # Connections opened before the fork (preload) must not be shared between workers.
    from django.db import connections

    connections.close_all()


def on_starting(server):
    # jieba's dictionary (1-3 s and about 90 MiB a process) loads in the master before it
    # binds the port and forks: no reader's first search on a new worker waits for it,
    # and a node restarting takes no request it cannot answer yet.
    from newsroom.segment import get_segmenter

    words = len(get_segmenter().tokenizer.FREQ)
    server.log.info("jieba loaded before the fork: %d words", words)
