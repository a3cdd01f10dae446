"""Redis goes away and comes back: readers are answered throughout, and see every change.

A real redis-server of the test's own on a free loopback port (Debian's, as
``bin/with-redis`` installs it), stopped, frozen and restarted under the test.
"""

import os
import shutil
import signal
import socket
import subprocess
import time

import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.test import Client, override_settings
from django.utils import timezone

from articles import workflow
from articles.models import Article, Issue, Page
from articles.reader import cache as page_cache

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not shutil.which("redis-server"), reason="需要 redis-server(make test 会安装)"
    ),
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    def __init__(self, tmp_path):
        self.port = free_port()
        self.dir = tmp_path
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                *("redis-server", "--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--dir", str(self.dir)),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise TimeoutError("redis-server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)

    def freeze(self):
        os.kill(self.process.pid, signal.SIGSTOP)

    def thaw(self):
        os.kill(self.process.pid, signal.SIGCONT)


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.thaw()
    server.stop()


@pytest.fixture
def resilient_cache(redis_server):
    config = {
        "default": {
            "BACKEND": "newsroom.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{redis_server.port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 0.3},
        }
    }
    with override_settings(CACHES=config):  # Django's test signals reset the cache handlers
        yield caches["default"]
    page_cache._owed.flag = False


@pytest.fixture
def article(db, django_user_model):
    issue = Issue.objects.create(
        number=3109, date=timezone.localdate(), status="published", published_at=timezone.now()
    )
    page = Page.objects.create(issue=issue, number=1, name="要闻")
    return Article.objects.create(
        page=page,
        position=1,
        title="泸州市科协启动星辰计划",
        body="本报讯 近日,活动在当地举行。",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now(),
    )


@pytest.fixture
def chief(django_user_model):
    user = django_user_model.objects.create_user("lizb", is_staff=True)
    user.groups.add(Group.objects.get(name="主编"))
    return user


def test_with_redis_stopped_readers_are_answered_and_a_withdrawal_is_seen(
    resilient_cache, redis_server, article, chief, django_capture_on_commit_callbacks
):
    reader = Client()
    url = article.get_absolute_url()
    assert reader.get(url).status_code == 200
    assert resilient_cache.get_many(["reader:content-version"])  # cached under a version

    redis_server.stop()
    assert reader.get(url).status_code == 200  # rendered: a miss, not an error
    # Search and the API are rate-limited through the cache: without it they still answer.
    assert reader.get("/search/", {"q": "星辰计划"}).status_code == 200
    assert reader.get("/api/search", {"q": "星辰计划"}).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply(article, "withdraw", chief, "撤下核实")  # the write is not refused
    assert reader.get(url).status_code == 404

    redis_server.start()  # empty, as a restarted Redis without persistence
    assert reader.get(url).status_code == 404
    assert reader.get(url).status_code == 404  # and from the cache it refills


def test_a_bump_missed_while_redis_hung_is_made_when_it_answers_again(
    resilient_cache, redis_server, article, chief, django_capture_on_commit_callbacks
):
    reader = Client()
    url = article.get_absolute_url()
    assert reader.get(url).status_code == 200
    assert reader.get(url).status_code == 200  # cached, under the version Redis keeps

    redis_server.freeze()  # hung, its data kept: the old page is still in it
    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply(article, "withdraw", chief, "撤下核实")
    assert page_cache._owed.flag
    assert reader.get(url).status_code == 404  # rendered while Redis does not answer

    redis_server.thaw()  # Redis answers again with the old version and the old page
    assert reader.get(url).status_code == 404  # the owed bump is paid before the read
    assert not page_cache._owed.flag
