"""`make stack-test`: load, faults, backup and restore against `bin/stack`.

Run inside bin/stack (which exports the stack's addresses). Loads the demo paper and a
generated archive (STACK_ISSUES, default 300), runs locust headless (STACK_USERS, default
50, for STACK_LOAD_SECONDS, default 300) while injecting the faults one after another,
then backs the database and the media files up, restores them into a fresh database and
compares every article. Prints the latency table, each fault's outcome, and last:

    stack: R requests, E errors, p95 P ms; faults survived F/T; backup restored: yes|no
"""

import csv
import datetime
import hashlib
import json
import os
import random
import subprocess
import sys
import tarfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

import psycopg  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.db import close_old_connections, connections  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles import publishing  # noqa: E402
from articles.models import Article, Column, Issue, Page  # noqa: E402
from organizations.models import Organization  # noqa: E402

STACK_DIR = Path(os.environ["STACK_DIR"])
URL = os.environ["STACK_URL"]
PY = str(ROOT / ".venv" / "bin" / "python")
SECONDS = int(os.environ.get("STACK_LOAD_SECONDS", "300"))
USERS = int(os.environ.get("STACK_USERS", "50"))
ISSUES = int(os.environ.get("STACK_ISSUES", "300"))
PASSWORD = "Stack-load-2024!desk"
IMPORT_FILE = "seeds/pages/000_84a5d6706068d560.txt"
PROBE_ARTICLE = None  # desk_people() sets it


def say(message):
    print(message, flush=True)


def manage(*args, **kwargs):
    return subprocess.run([PY, "manage.py", *args], check=True, **kwargs)


def ctl(*args):
    subprocess.run([str(ROOT / "bin" / "stack"), "ctl", *map(str, args)], check=True)


def get(path, timeout=10):
    """The status of a GET through nginx (0 when nothing answered); Chinese in the path or
    query is percent-encoded as a browser sends it."""
    import urllib.error
    import urllib.parse
    import urllib.request

    try:
        url = URL + urllib.parse.quote(path, safe="/?=&:%#+")
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def pg(port, db="newsroom"):
    return psycopg.connect(host="127.0.0.1", port=port, user="postgres", dbname=db, autocommit=True)


# ---------------------------------------------------------------------------- the paper


def load_paper():
    started = time.perf_counter()
    manage("load_demo", stdout=subprocess.DEVNULL)
    manage("generate_archive", "--issues", str(ISSUES), "--processes", "2", "-v", "0")
    manage("rebuild_reports", "-v", "0")
    # The tag suggestions' word weights over the whole archive (articles/desk/suggestions.py)
    # are computed in the request of the first change form after the corpus changed; done
    # here once, so that the editors' first forms do not pay it.
    from articles.desk.suggestions import idf_table

    warmed = time.perf_counter()
    idf_table()
    say(f"tag suggestions' word weights: {time.perf_counter() - warmed:.0f} s over the archive")
    say(
        f"paper: {Issue.objects.count()} issues, {Article.objects.count()} articles "
        f"({time.perf_counter() - started:.0f} s to load)"
    )


def desk_people():
    editors = []
    for n in range(1, 4):
        user = User.objects.create_user(f"stack-editor{n}", password=PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name="编辑"))
        editors.append(user)
    chief = User.objects.create_user("stack-chief", password=PASSWORD, is_staff=True)
    chief.groups.add(Group.objects.get(name="主编"))
    # The editors' drafts, in an issue of their own (each editor has five, so no two
    # editors save the same article), and the issue the chief withdraws and publishes.
    drafts = Issue.objects.create(number=99001, date=datetime.date(2030, 1, 4))
    page = Page.objects.create(issue=drafts, number=1, name="要闻")
    plan = []
    for n, editor in enumerate(editors):
        ids = [
            Article.objects.create(
                page=page,
                position=n * 5 + i + 1,
                title=f"压测稿件{n + 1}-{i + 1}",
                body="本报讯 近日,科普活动在当地举行。\n\n活动取得良好效果。",
                author=editor,
            ).pk
            for i in range(5)
        ]
        plan.append((editor.username, ids))
    # The editor of the primary's restart (fault_primary), with a draft of their own.
    global PROBE_ARTICLE
    probe = User.objects.create_user("stack-probe", password=PASSWORD, is_staff=True)
    probe.groups.add(Group.objects.get(name="编辑"))
    PROBE_ARTICLE = Article.objects.create(
        page=page,
        position=99,
        title="压测稿件-主库重启",
        body="本报讯 主库重启时的保存。",
        author=probe,
    ).pk
    toggled = Issue.objects.create(number=99002, date=timezone.localdate())
    page = Page.objects.create(issue=toggled, number=1, name="要闻")
    for i in range(3):
        Article.objects.create(
            page=page,
            position=i + 1,
            title=f"压测发布稿{i + 1}",
            body="本报讯 发布与撤回的压测稿件。",
            status=Article.Status.APPROVED,
        )
    publishing.publish_issue(toggled, chief)
    return plan, chief.username, toggled.pk


def reader_plan():
    rng = random.Random(14)
    issues = list(
        Issue.objects.filter(status="published", number__lt=99000).values_list("number", flat=True)
    )
    pages = list(
        Page.objects.filter(issue__number__in=issues).values_list("issue__number", "number")
    )
    articles = list(
        Article.objects.published()
        .exclude(page__issue__number__gte=99000)
        .values_list("pk", flat=True)
        .order_by("?")[:2000]
    )
    titles = list(Article.objects.filter(pk__in=articles[:300]).values_list("title", flat=True))
    words = sorted({t[i : i + 2] for t in titles for i in range(0, max(len(t) - 1, 1), 3)} - {""})
    dates = sorted(
        {d.strftime("/archive/%Y/%m/") for d in Issue.objects.values_list("date", flat=True)}
    )
    listings = [c.get_absolute_url() for c in Column.objects.all()[:30]]
    listings += [o.get_absolute_url() for o in Organization.objects.all()[:30]]
    from taggit.models import Tag

    listings += [f"/tags/{t}/" for t in Tag.objects.values_list("slug", flat=True)[:30]]
    return {
        "articles": [f"/articles/{pk}/" for pk in articles],
        "issues": [f"/issues/{n}/" for n in rng.sample(issues, min(200, len(issues)))],
        "pages": [f"/issues/{i}/pages/{p}/" for i, p in rng.sample(pages, min(400, len(pages)))],
        "archive": ["/archive/", *dates[-24:]],
        "listings": listings,
        "feeds": ["/feeds/rss/", "/feeds/atom/"],
        "words": rng.sample(words, min(200, len(words))) or ["科协"],
        "api": [f"/api/articles/{pk}" for pk in articles[:200]]
        + [f"/api/issues/{n}" for n in issues[:100]],
    }


# ---------------------------------------------------------------------------- faults


def wait_for(check, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return True
        except Exception:  # not yet
            pass
        time.sleep(0.5)
    return False


def replica_caught_up():
    """The replica has replayed all the primary has committed (its WAL flush position)."""
    with (
        pg(os.environ["STACK_PG_PORT"]) as primary,
        pg(os.environ["STACK_REPLICA_PORT"]) as replica,
    ):
        (lsn,) = primary.execute("SELECT pg_current_wal_flush_lsn()").fetchone()
        return replica.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn]).fetchone()[0]


def uncached(kind="article"):
    """A reader's page no cache holds: rendered from a database while the fault is on."""
    plan = json.loads((STACK_DIR / "plan.json").read_text())
    path = random.choice(plan["articles"] if kind == "article" else plan["pages"])
    return f"{path}?fault={time.time_ns()}"


def during(action, *probes, settle=1.0):
    """Run ``bin/stack ctl action…`` in the background; ``probes`` run while it is under way
    (after ``settle`` seconds). Returns the probes' results."""
    control = subprocess.Popen([str(ROOT / "bin" / "stack"), "ctl", *map(str, action)])
    time.sleep(settle)
    results = [probe() for probe in probes]
    if control.wait():
        raise RuntimeError(f"bin/stack ctl {' '.join(map(str, action))} failed")
    return results


def fault_app_node():
    ctl("kill-node", 1)
    time.sleep(5)  # readers and the desk are served by node 2 meanwhile
    answers = [get(uncached()), get("/admin/login/")]
    ctl("start-node", 1)
    port = os.environ["STACK_NODE1_PORT"]
    back = wait_for(lambda: get_direct(port, uncached()) == 200, 30)
    return back and answers == [200, 200], (
        f"kill -9 node 1 (master and workers); through nginx meanwhile, a reader's uncached "
        f"page and the desk's login: {answers}; node 1 restarted and rendering: {back}"
    )


def get_direct(port, path):
    import urllib.request

    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
        return response.status


def fault_redis():
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    # redis-py 6+ retries a refused connection with backoff for about 4 s by default,
    # which outlasted the 3 s outage: the probe never saw Redis down
    client = redis.Redis(
        port=int(os.environ["STACK_REDIS_PORT"]),
        retry=Retry(NoBackoff(), 0),
        socket_connect_timeout=0.5,
        socket_timeout=0.5,
    )

    def is_down():
        try:
            client.ping()
        except redis.RedisError:
            return True
        return False

    def down():
        if not wait_for(is_down, 3):
            return "Redis still up"
        return [
            get(uncached()),
            get(f"/search/?q=科协&fault={time.time_ns()}"),
            get("/api/search?q=科协"),
        ]

    (answers,) = during(("restart-redis", 3), down, settle=0)
    for _ in range(3):
        get(uncached())
    refilled = wait_for(
        lambda: client.exists("newsroom:1:reader:content-version") or client.dbsize() > 0, 30
    )
    ok = answers == [200, 200, 200] and refilled and get("/") == 200
    return ok, (
        f"Redis down 3 s, restarted; while down, a reader's page, search and the API: "
        f"{answers}; cache refilled after: {refilled}"
    )


def fault_replica():
    ctl("stop-replica")
    time.sleep(3)
    answers = [get(uncached()), get(uncached("page"))]
    time.sleep(5)
    ctl("start-replica")
    caught_up = wait_for(replica_caught_up, 60)
    return (
        caught_up and answers == [200, 200],
        f"replica stopped 8 s; readers' uncached pages meanwhile: {answers}; caught up after: "
        f"{caught_up}",
    )


def page_text(issue):
    rows = Article.objects.filter(page__issue__number=issue, page__number=1).order_by("position")
    return [(a.position, a.kicker, a.title, a.subtitle, a.body, a.captions, a.status) for a in rows]


def import_in_transaction():
    """True while the import's connection is inside its transaction (pg_stat_activity)."""
    with pg(os.environ["STACK_PG_PORT"]) as conn:
        return (
            conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'stack-import' "
                "AND xact_start IS NOT NULL"
            ).fetchone()[0]
            > 0
        )


def fault_import():
    base = [
        PY,
        "manage.py",
        "import_legacy",
        IMPORT_FILE,
        "--page",
        "1",
        "--date",
        "2030-02-01",
        "--publish",
    ]
    subprocess.run([*base, "--issue", "99101"], check=True, capture_output=True)
    # The import's connection names itself, so that the kill lands inside its transaction.
    tagged = {
        **os.environ,
        "DATABASE_URL": os.environ["DATABASE_URL"] + "?application_name=stack-import",
    }
    killed = subprocess.Popen(
        [*base, "--issue", "99100"], env=tagged,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    inside = False
    while killed.poll() is None and time.monotonic() < deadline:
        if import_in_transaction():
            inside = True
            break
        time.sleep(0.01)
    killed.kill()
    killed.wait()
    close_old_connections()
    wait_for(lambda: not import_in_transaction(), 10)  # the server has rolled it back
    partial = len(page_text(99100))
    rerun = subprocess.run([*base, "--issue", "99100"], capture_output=True, text=True)
    if rerun.returncode:
        return False, f"the re-run failed: {rerun.stderr.strip()[-300:]}"
    close_old_connections()
    same = page_text(99100) == page_text(99101) and bool(page_text(99101))
    return inside and partial == 0 and same, (
        f"import killed with SIGKILL {'inside its transaction' if inside else 'NOT inside its transaction'}"
        f" ({partial} articles left), re-run: page identical to an uninterrupted import: {same}"
    )


class DeskProbe:
    """An editor of our own, saving one article while the primary restarts."""

    def __init__(self, pk):
        import requests

        sys.path.insert(0, str(Path(__file__).parent))
        from forms import csrf  # not locustfile: importing locust patches with gevent

        self.session = requests.Session()
        self.url = f"{URL}/admin/articles/article/{pk}/change/"
        login = self.session.get(f"{URL}/admin/login/")
        self.session.post(
            f"{URL}/admin/login/?next=/admin/",
            {"username": "stack-probe", "password": PASSWORD, "next": "/admin/",
             "csrfmiddlewaretoken": csrf(login.text)},
            headers={"Referer": f"{URL}/admin/login/"},
        )  # fmt: skip
        self.pk = pk

    def form(self, marker):
        sys.path.insert(0, str(Path(__file__).parent))
        from forms import form_fields  # not locustfile: importing locust patches with gevent

        page = self.session.get(self.url)
        page.raise_for_status()
        fields = form_fields(page.text)
        for field in fields:
            if field[0] == "body":
                field[1] = field[1].split("\n压测标记")[0] + "\n" + marker
        return [*map(tuple, fields), ("_save", "保存")]

    def post(self, fields):
        try:
            answer = self.session.post(
                self.url, data=fields, allow_redirects=False,
                headers={"Referer": self.url}, timeout=30,
            )  # fmt: skip
        except OSError as error:
            return 0, str(error)
        return answer.status_code, answer.text


def fault_primary():
    probe = DeskProbe(PROBE_ARTICLE)
    marker = f"压测标记-主库重启-{time.time_ns()}"
    fields = probe.form(marker)  # the editor opened the form before the restart
    primary_port = os.environ["STACK_PG_PORT"]

    def primary_down():
        try:
            pg(primary_port).close()
        except psycopg.OperationalError:
            return True
        return False

    def while_down():
        wait_for(primary_down, 10)
        down = primary_down()
        return down, get(uncached()), get(uncached("page")), probe.post(fields)

    ((down, reader, page, (refused, text)),) = during(("restart-primary", 3), while_down, settle=0)
    clear = refused == 503 and "没有保存任何内容" in text and "再提交一次" in text
    up = wait_for(lambda: get("/admin/login/") == 200, 30)
    retried = None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # the editor submits the same form again
        retried, _ = probe.post(fields)
        if retried == 302:
            break
        time.sleep(1)
    close_old_connections()
    saved = marker in (Article.objects.get(pk=PROBE_ARTICLE).body or "")
    caught_up = wait_for(replica_caught_up, 60)
    ok = down and reader == 200 and page == 200 and clear and retried == 302 and saved and up
    return ok and caught_up, (
        f"primary stopped 3 s (down seen: {down}); readers' uncached pages meanwhile: "
        f"{reader}, {page}; an editor's save meanwhile: {refused}"
        f"{' with the message to submit again' if clear else ' WITHOUT the clear message'}; "
        f"submitted again: {retried}, saved: {saved}; replica streaming again: {caught_up}"
    )


FAULTS = [
    ("app node SIGKILL + restart", fault_app_node),
    ("Redis restart", fault_redis),
    ("replica stop + start", fault_replica),
    ("import SIGKILL + re-run", fault_import),
    ("primary restart", fault_primary),
]


def inject(outcomes, started):
    for n, (name, fault) in enumerate(FAULTS):
        at = started + SECONDS * (n + 1) / (len(FAULTS) + 1.5)
        time.sleep(max(0, at - time.time()))
        begun = time.time()
        try:
            close_old_connections()
            ok, detail = fault()
        except Exception as exc:
            ok, detail = False, f"{type(exc).__name__}: {exc}"
        outcomes.append(
            {"name": name, "ok": ok, "detail": detail, "from": begun, "to": time.time()}
        )
        say(f"  fault {name}: {'survived' if ok else 'FAILED'} — {detail}")


# ---------------------------------------------------------------------------- backup


def articles_digest(port, db):
    with pg(port, db) as conn:
        rows = conn.execute(
            "SELECT id, md5(concat_ws('|', title, kicker, subtitle, body, captions, status, "
            "version, page_id, position, published_at)) FROM articles_article ORDER BY id"
        ).fetchall()
    return len(rows), hashlib.sha256(repr(rows).encode()).hexdigest()


def backup_and_restore():
    port = os.environ["STACK_PG_PORT"]
    bindir = os.environ["STACK_PG_BINDIR"]
    dump, media = STACK_DIR / "backup.dump", STACK_DIR / "media-backup.tar.gz"
    subprocess.run(
        [
            f"{bindir}/pg_dump",
            "-h",
            "127.0.0.1",
            "-p",
            port,
            "-U",
            "postgres",
            "-Fc",
            "-f",
            dump,
            "newsroom",
        ],
        check=True,
    )
    with tarfile.open(media, "w:gz") as tar:
        tar.add(os.environ["DJANGO_MEDIA_ROOT"], arcname="media")
    with pg(port, "postgres") as conn:
        conn.execute("CREATE DATABASE restored")
    subprocess.run(
        [
            f"{bindir}/pg_restore",
            "-h",
            "127.0.0.1",
            "-p",
            port,
            "-U",
            "postgres",
            "-d",
            "restored",
            "--no-owner",
            dump,
        ],
        check=True,
    )
    restored_media = STACK_DIR / "restored-media"
    with tarfile.open(media) as tar:
        tar.extractall(restored_media, filter="data")

    def files(folder):
        return {
            str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in Path(folder).rglob("*")
            if p.is_file()
        }

    live, copy = articles_digest(port, "newsroom"), articles_digest(port, "restored")
    media_same = files(os.environ["DJANGO_MEDIA_ROOT"]) == files(restored_media / "media")
    say(
        f"backup: pg_dump {dump.stat().st_size / 1e6:.1f} MB, media {media.stat().st_size / 1e3:.0f} kB; "
        f"restored {copy[0]} articles, hash {'equal' if live == copy else 'DIFFERENT'}; media files equal: {media_same}"
    )
    return live == copy and media_same


# ---------------------------------------------------------------------------- main


def lost_saves(desk):
    """Acknowledged saves whose text is in no revision of the article: lost."""
    from reversion.models import Version

    close_old_connections()
    lost = []
    for pk, marker in desk["markers"]:
        body = Article.objects.filter(pk=pk).values_list("body", flat=True).first() or ""
        if (
            marker not in body
            and not Version.objects.filter(
                object_id=str(pk), serialized_data__contains=marker
            ).exists()
        ):
            lost.append(marker)
    return lost + desk["lost"]


def main():
    load_paper()
    editors, chief, publisher_issue = desk_people()
    plan = {**reader_plan(), "editors": editors, "chief": chief, "password": PASSWORD,
            "publisher_issue": publisher_issue}  # fmt: skip
    plan_file = STACK_DIR / "plan.json"
    plan_file.write_text(json.dumps(plan, ensure_ascii=False))
    connections.close_all()

    say(
        f"load: {USERS} users ({USERS - 5} readers, 1 crawler, 3 editors, 1 chief) "
        f"for {SECONDS} s against {URL}"
    )
    outcomes = []
    started = time.time()
    locust = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "locust"), "-f", str(Path(__file__).with_name("locustfile.py")),
         "--headless", "-u", str(USERS), "-r", "10", "-t", f"{SECONDS}s", "--host", URL,
         "--csv", str(STACK_DIR / "locust"), "--only-summary", "--loglevel", "WARNING",
         "--stop-timeout", "30"],
        env={**os.environ, "STACK_PLAN": str(plan_file)},
        stdout=subprocess.DEVNULL, stderr=open(STACK_DIR / "locust.log", "w"),
    )  # fmt: skip
    faults = threading.Thread(target=inject, args=(outcomes, started))
    faults.start()
    locust.wait()
    faults.join()

    desk = json.loads((STACK_DIR / "desk.json").read_text())
    with open(STACK_DIR / "locust_stats.csv") as f:
        stats = list(csv.DictReader(f))
    say("")
    say(f"{'page type':<26}{'requests':>9}{'errors':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}")
    for row in stats:
        say(
            f"{row['Name']:<26}{row['Request Count']:>9}{row['Failure Count']:>8}"
            f"{row['50%']:>8}{row['95%']:>8}{row['99%']:>8}"
        )
    total = next(r for r in stats if r["Name"] == "Aggregated")
    reader_errors = len(desk["reader_errors"])
    lost = lost_saves(desk)
    say(
        f"desk: {desk['saves']} saves by 3 editors ({desk['refused_then_saved']} refused during a "
        f"fault and saved on retry), {len(lost)} lost; {desk['publishes']} publish/withdraw by the chief"
    )
    survived = 0
    for fault in outcomes:
        errors = [e for e in desk["reader_errors"] if fault["from"] - 1 <= e[0] <= fault["to"] + 15]
        ok = fault["ok"] and not errors
        survived += ok
        say(
            f"fault {fault['name']}: {'survived' if ok else 'FAILED'}; {len(errors)} reader errors "
            f"around it; {fault['detail']}"
        )
    for when, name, what in desk["reader_errors"][:10]:
        say(f"  reader error {time.strftime('%H:%M:%S', time.localtime(when))} {name}: {what}")
    restored = backup_and_restore()
    say(
        f"stack: {total['Request Count']} requests, {reader_errors + len(lost)} errors, "
        f"p95 {total['95%']} ms; faults survived {survived}/{len(FAULTS)}; "
        f"backup restored: {'yes' if restored else 'no'}"
    )


if __name__ == "__main__":
    main()
