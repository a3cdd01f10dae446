"""A real streaming replica of the test database, and the task queue run inline."""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connections

from jobs.celery import app as celery_app


def _bindir():
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "pg_basebackup").exists():
            return candidate
    found = shutil.which("pg_basebackup")
    return Path(found).parent if found else None


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Replica:
    """A hot standby made with pg_basebackup from the test server, streaming from it."""

    def __init__(self, primary):
        self.bindir = _bindir()
        self.primary = primary
        self.dir = Path(tempfile.mkdtemp(prefix="newsroom-replica."))
        self.port = _free_port()
        self.runas = []
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            shutil.chown(self.dir, "postgres")
            self.runas = ["runuser", "-u", "postgres", "--"]

    def run(self, *args):
        subprocess.run([*self.runas, *args], check=True, capture_output=True, timeout=120)

    def create(self):
        self.run(
            f"{self.bindir}/pg_basebackup",
            "-h", self.primary["HOST"], "-p", str(self.primary["PORT"]),
            "-U", self.primary["USER"], "-D", f"{self.dir}/data",
            "-X", "stream", "-R", "--checkpoint=fast",
        )  # fmt: skip
        self.start()

    def start(self):
        self.run(
            f"{self.bindir}/pg_ctl", "-D", f"{self.dir}/data", "-l", f"{self.dir}/log", "-w",
            "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off",
            "start",
        )  # fmt: skip

    def stop(self):
        self.run(f"{self.bindir}/pg_ctl", "-D", f"{self.dir}/data", "-m", "fast", "-w", "stop")

    def destroy(self):
        subprocess.run(
            [
                *self.runas,
                f"{self.bindir}/pg_ctl",
                "-D",
                f"{self.dir}/data",
                "-m",
                "immediate",
                "stop",
            ],
            capture_output=True,
        )
        shutil.rmtree(self.dir, ignore_errors=True)

    def settings(self):
        replica = {**connections.settings["default"], "PORT": str(self.port)}
        replica["HOST"] = "127.0.0.1"
        replica["OPTIONS"] = {**replica.get("OPTIONS", {}), "connect_timeout": 2}
        replica["TEST"] = {**replica.get("TEST", {}), "MIRROR": "default"}
        return replica

    def wait_caught_up(self, timeout=10):
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_insert_lsn()")
            (target,) = cursor.fetchone()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with connections["replica"].cursor() as cursor:
                cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
                if cursor.fetchone()[0]:
                    return
            time.sleep(0.02)
        raise AssertionError("副本没有追上主库")

    def replay(self, paused):
        with connections["replica"].cursor() as cursor:
            cursor.execute(
                "SELECT pg_wal_replay_pause()" if paused else "SELECT pg_wal_replay_resume()"
            )


@pytest.fixture(scope="session")
def replica(django_db_setup, django_db_blocker):
    """The ``replica`` database alias, on a standby of the test server (PostgreSQL only)."""
    primary = connections.settings["default"]
    if primary["HOST"] not in ("127.0.0.1", "localhost") or _bindir() is None:
        pytest.skip("需要本机的 PostgreSQL 服务器和 pg_basebackup 来建只读副本")
    standby = Replica(primary)
    with django_db_blocker.unblock():
        try:
            standby.create()
        except subprocess.CalledProcessError as error:
            standby.destroy()
            raise AssertionError(error.stderr.decode()) from error
        connections.settings["replica"] = settings.DATABASES["replica"] = standby.settings()
        try:
            yield standby
        finally:
            connections["replica"].close()
            del connections["replica"]
            connections.settings.pop("replica", None)
            settings.DATABASES.pop("replica", None)
            standby.destroy()


@pytest.fixture
def tasks_inline():
    """Tasks run in the test's process, as ``make run`` runs them without a broker."""
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield celery_app
    celery_app.conf.task_always_eager = before


@pytest.fixture(autouse=True)
def empty_page_cache():
    cache.clear()
    yield
    cache.clear()
