"""Mixed traffic for `make stack-test` (deploy/loadtest/run.py writes the plan it reads).

Readers on every page type, search and the API; a crawler reading the sitemaps; three
editors saving their articles through the admin's change form; one chief editor
withdrawing and publishing an issue.
A reader's error is a failed or 5xx answer. An editor's save refused while the database
restarts (503 with its message, or 502) is submitted again, as an editor would, until it
is saved; a save never saved is lost. The outcome is written to $STACK_DIR/desk.json.
"""

import json
import os
import random
import re
import time

from forms import csrf, form_fields
from locust import HttpUser, between, events, task

PLAN = json.loads(open(os.environ["STACK_PLAN"]).read())
DESK = {"saves": 0, "refused_then_saved": 0, "lost": [], "publishes": 0, "markers": []}
READER_ERRORS = []  # (time, page type, what)
RETRY_FOR = 90  # seconds an editor keeps trying one save


def think(name, default):
    """Seconds between one user's requests: STACK_<NAME>_WAIT="low,high"."""
    low, high = (float(x) for x in os.environ.get(f"STACK_{name}_WAIT", default).split(","))
    return between(low, high)


@events.request.add_listener
def _reader_errors(name, exception=None, context=None, **kw):
    if exception is not None and (context or {}).get("reader"):
        READER_ERRORS.append((time.time(), name, str(exception)[:200]))


@events.quitting.add_listener
def _write_outcome(environment, **kw):
    with open(os.path.join(os.environ["STACK_DIR"], "desk.json"), "w") as f:
        json.dump({**DESK, "reader_errors": READER_ERRORS}, f, ensure_ascii=False)


class Reader(HttpUser):
    weight = 46
    wait_time = think("READER", "2,8")

    def context(self):
        return {"reader": True}

    def read(self, kind, url):
        with self.client.get(url, name=kind, catch_response=True) as response:
            if response.status_code >= 500 or response.status_code == 0:
                response.failure(f"{response.status_code}")
            elif response.status_code in (200, 304):
                response.success()
            else:  # a 404 for a page that exists is an error too
                response.failure(f"{response.status_code}")

    @task(6)
    def article(self):
        self.read("article", random.choice(PLAN["articles"]))

    @task(3)
    def home(self):
        self.read("home", "/")

    @task(3)
    def issue(self):
        self.read("issue", random.choice(PLAN["issues"]))

    @task(3)
    def page(self):
        self.read("page", random.choice(PLAN["pages"]))

    @task(1)
    def archive(self):
        self.read("archive", random.choice(PLAN["archive"]))

    @task(2)
    def listing(self):
        self.read("column/tag/org", random.choice(PLAN["listings"]))

    @task(1)
    def feed(self):
        self.read("feed", random.choice(PLAN["feeds"]))

    @task(3)
    def search(self):
        self.read("search", "/search/?q=" + random.choice(PLAN["words"]))

    @task(2)
    def api(self):
        if random.random() < 0.5:
            self.read("api", "/api/search?q=" + random.choice(PLAN["words"]))
        else:
            self.read("api", random.choice(PLAN["api"]))


class Crawler(HttpUser):
    """A search engine's crawler: robots.txt, the sitemaps, now and then. Readers do not
    fetch the sitemap (18,000 URLs, 2 MB, about 2 s of a core to render): one of them
    doing so every few minutes put a sitemap every 8 s into the load."""

    fixed_count = 1
    wait_time = think("CRAWLER", "45,75")

    def context(self):
        return {"reader": True}

    @task
    def crawl(self):
        for path in ("/robots.txt", "/sitemap-news.xml", "/sitemap.xml", "/sitemap-articles.xml"):
            with self.client.get(path, name="crawler: " + path[1:], catch_response=True) as r:
                if r.status_code == 200:
                    r.success()
                else:
                    r.failure(f"{r.status_code}")


class DeskUser(HttpUser):
    abstract = True
    login = None

    def on_start(self):
        self.client.cookies.clear()
        deadline = time.time() + RETRY_FOR
        while time.time() < deadline:
            page = self.client.get("/admin/login/?next=/admin/", name="desk: login")
            if page.status_code == 200:
                done = self.client.post(
                    "/admin/login/?next=/admin/",
                    {**self.login, "csrfmiddlewaretoken": csrf(page.text), "next": "/admin/"},
                    name="desk: login",
                    headers={"Referer": self.host + "/admin/login/"},
                )
                if done.status_code == 200 and "/admin/logout/" in done.text:
                    return
            time.sleep(2)

    def until_saved(self, what, attempt):
        """An editor's habit: submit again after a refusal until it is saved."""
        refused = False
        deadline = time.time() + RETRY_FOR
        while time.time() < deadline:
            try:
                if attempt():
                    return refused
            except Exception:  # a connection reset is a refusal too
                pass
            refused = True
            time.sleep(1 + random.random())
        DESK["lost"].append(what)
        return None


class Editor(DeskUser):
    fixed_count = 3
    wait_time = think("EDITOR", "10,20")

    def on_start(self):
        number = Editor.started = getattr(Editor, "started", 0) + 1
        self.name, articles = PLAN["editors"][(number - 1) % len(PLAN["editors"])]
        self.articles = articles
        self.login = {"username": self.name, "password": PLAN["password"]}
        super().on_start()

    @task
    def save(self):
        pk = random.choice(self.articles)
        marker = f"压测标记-{self.name}-{pk}-{time.time_ns()}"
        url = f"/admin/articles/article/{pk}/change/"

        def attempt():
            form = self.client.get(url, name="desk: change form")
            if form.status_code != 200:
                return False
            fields = form_fields(form.text)
            for field in fields:
                if field[0] == "body":
                    field[1] = re.sub(r"\n?压测标记-\S+", "", field[1]) + "\n" + marker
            fields.append(["_save", "保存"])
            saved = self.client.post(
                url,
                data=[tuple(f) for f in fields],
                name="desk: save",
                allow_redirects=False,
                headers={"Referer": self.host + url},
            )
            return saved.status_code == 302

        outcome = self.until_saved(marker, attempt)
        if outcome is not None:
            DESK["saves"] += 1
            DESK["markers"].append([pk, marker])
            DESK["refused_then_saved"] += int(outcome)


class Publisher(DeskUser):
    fixed_count = 1
    wait_time = think("CHIEF", "45,75")

    def on_start(self):
        self.login = {"username": PLAN["chief"], "password": PLAN["password"]}
        self.published = True
        super().on_start()

    @task
    def toggle(self):
        action = "withdraw_selected" if self.published else "publish_selected"
        url = "/admin/articles/issue/"

        def attempt():
            listing = self.client.get(url, name="desk: issues")
            if listing.status_code != 200:
                return False
            done = self.client.post(
                url,
                {
                    "csrfmiddlewaretoken": csrf(listing.text),
                    "action": action,
                    "_selected_action": PLAN["publisher_issue"],
                    "index": "0",
                },
                name="desk: publish/withdraw",
                allow_redirects=False,
                headers={"Referer": self.host + url},
            )
            return done.status_code == 302

        if self.until_saved(action, attempt) is not None:
            self.published = not self.published
            DESK["publishes"] += 1
