"""Readers' queries to a PostgreSQL streaming replica; everything else to the primary.

With ``DATABASE_REPLICA_URL`` set, settings add a ``replica`` database, this router and
``ReplicaMiddleware``. A request's reads go to the replica only when all of these hold:

- the request is a reader's: a safe method (GET, HEAD), no session cookie (editors are
  logged in; the page cache makes the same test) and no pin cookie (a write in the last
  ``DATABASE_REPLICA_PIN_SECONDS`` from this browser);
- nothing has been written yet in this request (a statement that writes, seen on the
  primary's connection: not a call of ``db_for_write``, which Django also makes when it
  attaches a related object to an unsaved instance);
- the replica answers, and has replayed everything the primary had committed when the
  request started: its replay position is at least the primary's WAL *flush* position,
  which every acknowledged commit has reached (the *insert* position also counts WAL of
  transactions still running, so under an editor's save or an import the replica never
  reached it and every reader went to the primary; it is used only where commits are
  acknowledged before they are flushed, synchronous_commit = off); while the primary
  cannot be reached, whatever the replica has. A lagging replica would otherwise render
  a page from before a change that has already bumped the page cache's content version,
  and that stale page would be cached under the new version until the next change (a
  withdrawn article still shown). No bounded lag is accepted, for that reason.

Outside a request (the task queue's worker, management commands, the shell) every query
goes to the primary: those are the writers, and they read what they just wrote.

A replica that refuses connections is left alone for ``DATABASE_REPLICA_RETRY_SECONDS``;
a reader's GET whose replica connection fails mid-request is answered again from the
primary, and one whose primary connection fails mid-request (the primary restarting) is
answered again from the replica. Why a router of our own and not django-multidb-router's
``PinningReplicaRouter``: that router pins a thread after a write and sets the same kind
of cookie, but it neither knows who is an editor, nor checks that a replica is up or
caught up; those two checks are most of what is here.
"""

import logging
import sys
import time
from contextvars import ContextVar

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.dispatch import receiver
from django.http import HttpResponse

REPLICA = "replica"
PRIMARY = "default"
PIN_COOKIE = "newsroom_primary"

log = logging.getLogger(__name__)

# Per request: None outside a reader's request, else the alias chosen for its reads
# ("" while not chosen yet).
_reads = ContextVar("newsroom_replica_reads", default=None)
_wrote = ContextVar("newsroom_replica_wrote", default=False)
_down_until = 0.0

# Where the primary's WAL holds every commit it has acknowledged: flushed, unless commits
# are acknowledged before the flush (synchronous_commit = off, as on the test server).
PRIMARY_LSN_SQL = (
    "SELECT CASE WHEN current_setting('synchronous_commit') = 'off' "
    "THEN pg_current_wal_insert_lsn() ELSE pg_current_wal_flush_lsn() END"
)


def replica_configured():
    return REPLICA in settings.DATABASES


def mark_replica_down(reason):
    global _down_until
    _down_until = time.monotonic() + settings.DATABASE_REPLICA_RETRY_SECONDS
    log.warning(
        "只读副本不可用,%s 秒内读请求改走主库:%s", settings.DATABASE_REPLICA_RETRY_SECONDS, reason
    )
    try:
        connections[REPLICA].close()
    except DatabaseError:
        pass


def _replica_caught_up():
    """True when the replica is reachable and has replayed all the primary has committed."""
    if time.monotonic() < _down_until:
        return False
    try:
        with connections[PRIMARY].cursor() as cursor:
            cursor.execute(PRIMARY_LSN_SQL)
            (primary_lsn,) = cursor.fetchone()
    except DatabaseError:
        # The primary is down (restarting, failing over): nothing new can be committed, so
        # the replica is as fresh as anything readers can have. Serve them from it.
        try:
            connections[PRIMARY].close()
        except DatabaseError:
            pass
        primary_lsn = "0/0"
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute(
                "SELECT NOT pg_is_in_recovery() OR pg_last_wal_replay_lsn() >= %s::pg_lsn",
                [primary_lsn],
            )
            (caught_up,) = cursor.fetchone()
    except DatabaseError as exc:
        mark_replica_down(exc)
        return False
    return bool(caught_up)


class ReplicaRouter:
    """See the module's docstring."""

    def db_for_read(self, model, **hints):
        alias = _reads.get()
        if alias is None:
            return PRIMARY
        if alias == "":
            alias = REPLICA if _replica_caught_up() else PRIMARY
            _reads.set(alias)
        return alias

    def db_for_write(self, model, **hints):
        # No sign of a write: Django also asks when a related object is assigned to an
        # unsaved instance (search results and related articles are built that way).
        # The statements are the sign; see _watch_writes.
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database and its copy

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA  # the replica follows the primary's schema by replication


def _is_write(sql):
    verb = sql.lstrip()[:8].upper()
    return verb.startswith(("INSERT", "UPDATE", "DELETE", "MERGE", "COPY")) or (
        " FOR UPDATE" in sql or " FOR NO KEY UPDATE" in sql or " FOR SHARE" in sql
    )


def _watch_writes(execute, sql, params, many, context):
    """On the primary's connection during a request: after a statement that writes, the
    rest of the request reads from the primary (it reads what it wrote), and the browser
    is pinned there for a while."""
    if _is_write(sql):
        _wrote.set(True)
        if _reads.get() is not None:
            _reads.set(PRIMARY)
    return execute(sql, params, many, context)


def is_reader_request(request):
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and PIN_COOKIE not in request.COOKIES
    )


def _lost(alias):
    """True when ``alias``'s connection failed in this request."""
    connection = connections[alias]
    return connection.errors_occurred or (
        connection.connection is not None and not connection.is_usable()
    )


def _close(alias):
    try:
        connections[alias].close()
    except DatabaseError:
        pass


class ReplicaMiddleware:
    """Marks a reader's request for the replica, and pins a browser to the primary for a
    short while after a request that wrote (sessions aside, which readers do not have)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reader = is_reader_request(request)
        reads = _reads.set("" if reader else None)
        wrote = _wrote.set(False)
        try:
            with connections[PRIMARY].execute_wrapper(_watch_writes):
                response = self.get_response(request)
            if reader and _database_failed(request) and not _wrote.get():
                if _reads.get() == REPLICA and _lost(REPLICA):
                    # The replica went away under this request: answer it from the primary.
                    mark_replica_down("查询中连接中断")
                    response = self._again(request, PRIMARY)
                elif _reads.get() == PRIMARY and _lost(PRIMARY) and replica_configured():
                    # The primary went away (a restart): nothing new can be committed while
                    # it is down, so the replica has what readers may see.
                    _close(PRIMARY)
                    if time.monotonic() >= _down_until:
                        response = self._again(request, REPLICA)
            pin = _wrote.get() or request.method not in ("GET", "HEAD", "OPTIONS")
        finally:
            _reads.reset(reads)
            _wrote.reset(wrote)
        if pin:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.DATABASE_REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response

    def _again(self, request, alias):
        _reads.set(alias)
        request.database_unavailable = False
        with connections[PRIMARY].execute_wrapper(_watch_writes):
            return self.get_response(request)


UNAVAILABLE = (
    "数据库正在重启或暂时连不上,这次操作没有完成,也没有保存任何内容。"
    "请等几秒后返回上一页,再提交一次(浏览器会保留您填写的内容)。"
)


def _connection_errors():
    errors = [OperationalError, InterfaceError]
    try:
        import psycopg
    except ImportError:
        pass
    else:
        # Raised unwrapped where Django closes a server-side cursor (a queryset's
        # iterator(), as a filter form's choices use) whose server went away.
        errors += [psycopg.OperationalError, psycopg.InterfaceError]
    return tuple(errors)


CONNECTION_ERRORS = _connection_errors()


@receiver(got_request_exception)
def _note_database_failure(sender, request=None, **kwargs):
    if request is not None and isinstance(sys.exc_info()[1], CONNECTION_ERRORS):
        request.database_unavailable = True


def _database_failed(request):
    return getattr(request, "database_unavailable", False)


class DatabaseUnavailableMiddleware:
    """A request that failed because the database could not be reached (the primary
    restarting, say) is answered 503 with a message saying nothing was saved and to submit
    again, instead of a bare server error. The transaction was rolled back: a retry is safe."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code >= 500 and _database_failed(request):
            log.warning("数据库不可用,%s %s 答 503", request.method, request.path)
            response = HttpResponse(
                f"<!doctype html><html lang=zh-hans><meta charset=utf-8><title>请稍后重试</title>"
                f"<h1>请稍后重试</h1><p>{UNAVAILABLE}</p>",
                status=503,
                content_type="text/html; charset=utf-8",
            )
            response["Retry-After"] = "5"
        return response
