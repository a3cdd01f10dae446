"""Two app processes share one Redis: a withdrawal through one is a 404 through the other.

Real parts only: two gunicorn processes on loopback, the test's PostgreSQL database and
the Redis that ``make test`` starts (``bin/with-redis``).
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import connection
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.models import Article, Issue, Page

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="需要 Redis(make test 会启动一个)"),
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port, process, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {process.stderr.read().decode()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"gunicorn did not listen on {port}")


@pytest.fixture
def app_nodes():
    """Two gunicorn processes on the test database and the shared Redis."""
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    }
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "newsroom.wsgi",
        "-w",
        "1",
        "--log-level",
        "warning",
    ]
    nodes = []
    try:
        for _ in range(2):
            port = free_port()
            process = subprocess.Popen(
                [*command, "-b", f"127.0.0.1:{port}"],
                cwd=settings.BASE_DIR,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            nodes.append((f"http://127.0.0.1:{port}", process))
            wait_for(port, process)
        yield [base for base, _ in nodes]
    finally:
        for _, process in nodes:
            process.terminate()
            process.wait(timeout=10)


class Browser:
    """A reader or an editor: cookies kept, redirects followed."""

    def __init__(self):
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def get(self, url):
        try:
            with self.opener.open(url, timeout=20) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post(self, url, data):
        body = urllib.parse.urlencode(data).encode()
        try:
            with self.opener.open(url, body, timeout=20) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post_form(self, url, data):
        """Open the form, then post it with the CSRF token the page carries."""
        status, page = self.get(url)
        assert status == 200, page[:500]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.post(url, {**data, "csrfmiddlewaretoken": token})


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_withdrawal_through_one_node_is_a_404_through_the_other(app_nodes):
    issue = Issue.objects.create(
        number=3109, date=timezone.localdate(), status="published", published_at=timezone.now()
    )
    page = Page.objects.create(issue=issue, number=1, name="要闻")
    article = Article.objects.create(
        page=page,
        position=1,
        title="泸州市科协启动星辰计划",
        body="本报讯 近日,活动在当地举行。",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    chief = User.objects.create_user("lizb", password="li-zhubian-2024!", is_staff=True)
    chief.groups.add(Group.objects.get(name="主编"))
    # The nodes run with production settings: the chief's second factor is asked too.
    device = TOTPDevice.objects.create(user=chief, name="手机", confirmed=True)

    first, second = app_nodes
    reader = Browser()
    path = article.get_absolute_url()
    # The reader has the article from both nodes: each has it cached now.
    for node in (first, second, first, second):
        status, body = reader.get(node + path)
        assert status == 200 and "星辰计划" in body

    editor = Browser()
    status, _ = editor.post_form(
        first + "/admin/login/?next=/admin/", {"username": "lizb", "password": "li-zhubian-2024!"}
    )
    assert status == 200
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, drift=device.drift):06d}"
    status, _ = editor.post_form(first + "/accounts/two-factor/?next=/admin/", {"token": code})
    assert status == 200
    transition = f"{first}/admin/articles/article/{article.pk}/transition/withdraw/"
    status, _ = editor.post_form(transition, {"comment": "事实有误,撤下核实。"})
    assert status == 200
    assert Article.objects.get(pk=article.pk).status == Article.Status.WITHDRAWN

    status, _ = reader.get(second + path)
    assert status == 404
    status, _ = reader.get(first + path)
    assert status == 404
