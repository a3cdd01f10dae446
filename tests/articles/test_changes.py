"""Every write path × every reader surface: a change reaches readers on the next request.

The story each row protects: a reader has just looked at the site (every surface is in
the page cache), an editor does one thing at the desk, and the reader's next request
shows the new state: on the article, issue, page and home pages; the column, tag,
series, organisation and person listings; the search page and its count; the JSON API;
the feeds; the sitemaps; and the related-article list of another article.
"""

import datetime
import json
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles import changes, compose, publishing, workflow
from articles.desk import suggestions
from articles.importer.load import import_page
from articles.models import (
    Article,
    ArticleTransition,
    Column,
    ColumnRun,
    Credit,
    Issue,
    Page,
    Section,
    Series,
    SuggestionDismissal,
)
from organizations.models import Organization, Person
from tests.conftest import change_form_data

pytestmark = pytest.mark.django_db

S = Article.Status
MARK = "星辰计划"  # in the target article's title: searchable, on every surface
NEW_MARK = "银河工程"  # the title an editor gives it


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def build_world():
    province = Organization.objects.create(
        name="四川省科学技术协会", short_name="省科协", slug="四川省科协", level="province"
    )
    luzhou = Organization.objects.create(
        name="泸州市科学技术协会", short_name="泸州市科协", parent=province, level="city"
    )
    reporter = Person.objects.create(name="张跃鸣", is_staff_reporter=True)
    column = Column.objects.create(name="地方科协", pinyin="DI FANG KE XIE")
    series = Series.objects.create(name="科技助力乡村振兴")
    issue = Issue.objects.create(
        number=3109,
        date=datetime.date(2022, 11, 18),
        status=Issue.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    front = Page.objects.create(issue=issue, number=1, name="要闻")
    window = Page.objects.create(issue=issue, number=2, name="科协之窗")
    run = ColumnRun.objects.create(page=front, column=column)

    def article(page, position, title, **extra):
        a = Article.objects.create(
            page=page,
            position=position,
            title=title,
            status=S.PUBLISHED,
            published_at=timezone.now(),
            body="本报讯 近日,活动在当地举行。\n\n活动取得良好效果。",
            **extra,
        )
        a.tags.add("科普日", "乡村振兴")
        Credit.objects.create(article=a, person=reporter, role="本报记者", order=0)
        Credit.objects.create(article=a, organization=luzhou, order=1)
        a.organizations.add(luzhou)
        return a

    target = article(front, 1, f"泸州市科协启动{MARK}", column_run=run, series=series)
    Section.objects.create(article=target, heading="古蔺县科协", body="开展科普讲座。", order=1)
    neighbour = article(front, 2, "泸州市科协举办青少年科技创新大赛", column_run=run)
    other = article(window, 1, "省科协召开学会工作会议")

    roles = {}
    for username, role in (("lizb", "主编"), ("wangbj", "编辑")):
        user = User.objects.create_user(username, is_staff=True, password="x")
        user.groups.add(Group.objects.get(name=role))
        roles[role] = user
    return SimpleNamespace(
        province=province,
        luzhou=luzhou,
        reporter=reporter,
        column=column,
        series=series,
        issue=issue,
        front=front,
        window=window,
        run=run,
        target=target,
        neighbour=neighbour,
        other=other,
        page_number=1,
        chief=roles["主编"],
        editor=roles["编辑"],
    )


@dataclass(frozen=True)
class Surface:
    name: str
    url: object  # world -> URL
    # How the surface shows the target: its title, or (where the query is echoed back,
    # and on the sitemap) its URL.
    by_url: bool = False

    def shows(self, reader, world):
        response = reader.get(self.url(world))
        text = world.target.get_absolute_url() if self.by_url else MARK
        return response.status_code == 200 and text in response.content.decode()


def api_count(reader, q):
    return json.loads(reader.get("/api/search", {"q": q}).content)["count"]


SURFACES = [
    Surface("article", lambda w: w.target.get_absolute_url()),
    Surface("issue", lambda w: w.issue.get_absolute_url()),
    Surface("page", lambda w: reverse("articles:page", args=[w.issue.number, w.page_number])),
    Surface("home", lambda w: reverse("articles:home")),
    Surface("column", lambda w: w.column.get_absolute_url()),
    Surface("tag", lambda w: reverse("articles:tag", args=["科普日"])),
    Surface("series", lambda w: w.series.get_absolute_url()),
    Surface("organization", lambda w: w.luzhou.get_absolute_url()),
    Surface("person", lambda w: w.reporter.get_absolute_url()),
    Surface("search", lambda w: reverse("search") + "?q=" + MARK, by_url=True),
    Surface("api-search", lambda w: "/api/search?q=" + MARK, by_url=True),
    Surface("api-article", lambda w: f"/api/articles/{w.target.pk}"),
    Surface("api-issue", lambda w: f"/api/issues/{w.issue.number}"),
    Surface("feed", lambda w: reverse("articles:feed_rss")),
    Surface("column-feed", lambda w: reverse("articles:column_feed_atom", args=[w.column.slug])),
    Surface("organization-feed", lambda w: reverse("organizations:feed_rss", args=[w.luzhou.slug])),
    Surface("sitemap", lambda w: "/sitemap-articles.xml", by_url=True),
    Surface("related", lambda w: w.neighbour.get_absolute_url()),
]
ALL = tuple(s.name for s in SURFACES)


def visible_everywhere(world, reader):
    return {s.name: s.shows(reader, world) for s in SURFACES}


def editor_client(user):
    client = Client()
    client.force_login(user)
    return client


# -- the write paths: each takes the world and does what an editor does ---------------


def withdraw_one(w):
    workflow.apply(w.target, "withdraw", w.chief, "事实有误,撤下核实。")


def withdraw_through_the_desk(w):
    url = reverse("admin:articles_article_transition", args=[w.target.pk, "withdraw"])
    assert editor_client(w.chief).post(url, {"comment": "撤下核实"}).status_code == 302


def withdraw_in_bulk(w):
    response = editor_client(w.chief).post(
        reverse("admin:articles_article_changelist"),
        {
            "action": "withdraw_selected",
            "_selected_action": [w.target.pk],
            "confirm": "1",
            "comment": "撤下核实",
        },
    )
    assert response.status_code in (200, 302)
    assert Article.objects.get(pk=w.target.pk).status == S.WITHDRAWN


def withdraw_the_issue(w):
    publishing.withdraw_issue(w.issue, w.chief)


def withdraw_the_issue_on_the_compose_screen(w):
    url = reverse("admin:articles_issue_compose", args=[w.issue.pk])
    assert editor_client(w.chief).post(url, {"op": "withdraw"}).status_code == 302


def delete_in_the_admin(w):
    url = reverse("admin:articles_article_delete", args=[w.target.pk])
    superuser = User.objects.create_superuser("root", password="x")
    assert editor_client(superuser).post(url, {"post": "yes"}).status_code == 302
    assert not Article.objects.filter(pk=w.target.pk).exists()


def import_the_target(w):
    """The target comes from an archive import of page 5 (published)."""
    w.target.delete()
    w.page_number = 5
    first = import_page(
        f"泸州市科协启动{MARK}\n本报讯 泸州市科协启动{MARK}。\n",
        source_name="p5.txt",
        issue_number=w.issue.number,
        page_number=5,
        page_name="综合",
        publish=True,
    )
    (w.target,) = first.articles  # the surfaces now follow the imported copy
    w.target.tags.add("科普日")
    w.target.organizations.add(w.luzhou)
    Credit.objects.create(article=w.target, person=w.reporter, order=0)
    w.target.column_run, w.target.series = w.run, w.series
    w.target.save()


def replace_an_import(w):
    """Page 5 is imported again with other text: the earlier import's articles are withdrawn."""
    import_page(
        "省科协开展院士专家行活动\n本报讯 省科协开展院士专家行活动。\n",
        source_name="p5b.txt",
        issue_number=w.issue.number,
        page_number=5,
        publish=True,
        replace=True,
    )


def hide_first(w):
    Issue.objects.filter(pk=w.issue.pk).update(status=Issue.Status.DRAFT)
    Article.objects.filter(pk=w.target.pk).update(status=S.APPROVED, published_at=None)
    for a in Article.objects.filter(page__issue=w.issue).exclude(pk=w.target.pk):
        Article.objects.filter(pk=a.pk).update(status=S.APPROVED)
    changes.issues_changed([w.issue.pk])


def publish_the_issue(w):
    publishing.publish_issue(w.issue, w.chief)


def schedule_in_the_past(w):
    hide_first(w)
    publishing.schedule_issue(w.issue, w.chief, timezone.now() - datetime.timedelta(minutes=1))


def publish_when_due(w):
    call_command("publish_due_issues", verbosity=0)


def retitle_in_the_admin(w):
    client = editor_client(w.editor)
    url = reverse("admin:articles_article_change", args=[w.target.pk])
    data = change_form_data(client.get(url))
    data["title"] = f"泸州市科协建成{NEW_MARK}"
    assert client.post(url, data).status_code == 302


def save_twice(w):
    """A revision with the mark, then an editor retitles the article."""
    client = editor_client(w.editor)
    url = reverse("admin:articles_article_change", args=[w.target.pk])
    assert client.post(url, change_form_data(client.get(url))).status_code == 302
    data = change_form_data(client.get(url))
    data["title"] = f"泸州市科协建成{NEW_MARK}"
    assert client.post(url, data).status_code == 302


def restore_a_revision(w):
    oldest = Version.objects.get_for_object(w.target).last()
    version = Article.objects.get(pk=w.target.pk).version
    url = reverse("admin:articles_article_revision", args=[w.target.pk, oldest.pk])
    response = editor_client(w.editor).post(url, {"expected_version": version})
    assert response.status_code == 302


def move_to_page_two(w):
    compose.move(w.target, w.chief, page=w.window)


def accept_a_suggested_tag(w):
    suggestions.accept(w.target, SuggestionDismissal.Kind.TAG, "星空科普", w.editor)


def rename_the_organization(w):
    luzhou = Organization.objects.get(pk=w.luzhou.pk)
    luzhou.short_name = "酒城科协"
    luzhou.save()


@dataclass(frozen=True)
class WritePath:
    name: str
    act: object  # world -> None: what the editor does
    before: dict  # surface -> whether the reader sees the target before (True: shown)
    after: dict
    setup: object = None  # world -> None: how the paper got to the state before


def hidden(surfaces=ALL):
    return {s: False for s in surfaces}


def shown(surfaces=ALL):
    return {s: True for s in surfaces}


WRITE_PATHS = [
    WritePath("workflow withdraw", withdraw_one, shown(), hidden()),
    WritePath("desk transition withdraw", withdraw_through_the_desk, shown(), hidden()),
    WritePath("bulk withdraw (admin action)", withdraw_in_bulk, shown(), hidden()),
    WritePath("withdraw the issue", withdraw_the_issue, shown(), hidden()),
    WritePath(
        "withdraw the issue (compose screen)",
        withdraw_the_issue_on_the_compose_screen,
        shown(),
        hidden(),
    ),
    WritePath("admin delete", delete_in_the_admin, shown(), hidden()),
    WritePath("import replace", replace_an_import, shown(), hidden(), setup=import_the_target),
    WritePath("publish the issue", publish_the_issue, hidden(), shown(), setup=hide_first),
    WritePath(
        "scheduled issue published when due",
        publish_when_due,
        hidden(),
        shown(),
        setup=schedule_in_the_past,
    ),
    # The sitemap lists the article's URL, which a new title does not change.
    WritePath("admin retitle", retitle_in_the_admin, shown(), {**hidden(), "sitemap": True}),
    WritePath(
        "revision restore",
        restore_a_revision,
        {**hidden(), "sitemap": True},
        shown(),
        setup=save_twice,
    ),
]


@pytest.mark.parametrize("path", WRITE_PATHS, ids=lambda p: p.name)
def test_a_change_reaches_a_reader_with_a_warm_cache(path, django_capture_on_commit_callbacks):
    world = build_world()
    if path.setup:
        path.setup(world)
    reader = Client()
    seen = visible_everywhere(world, reader)
    assert seen == path.before, "before the change the surfaces are wrong; the test is not set up"
    assert visible_everywhere(world, reader) == seen  # the same, from the warm cache

    with django_capture_on_commit_callbacks(execute=True):
        path.act(world)

    seen = visible_everywhere(world, reader)
    stale = sorted(name for name, value in seen.items() if value != path.after[name])
    assert not stale, f"after “{path.name}” a reader still sees the old state on: {stale}"


# -- changes that show on some surfaces only ---------------------------------------


def test_a_retitled_article_is_found_by_its_new_title_everywhere(db):
    world = build_world()
    reader = Client()
    assert api_count(reader, NEW_MARK) == 0
    visible_everywhere(world, reader)
    retitle_in_the_admin(world)
    assert api_count(reader, NEW_MARK) == 1
    for surface in SURFACES:
        if surface.name in ("sitemap", "api-search", "search"):
            continue
        response = reader.get(surface.url(world))
        assert NEW_MARK in response.content.decode(), surface.name


def test_an_inline_section_edit_reaches_the_article_search_and_api(db):
    world = build_world()
    reader = Client()
    assert "叙永县科协" not in reader.get(world.target.get_absolute_url()).content.decode()
    assert api_count(reader, "叙永县科协") == 0
    client = editor_client(world.editor)
    url = reverse("admin:articles_article_change", args=[world.target.pk])
    data = change_form_data(client.get(url))
    heading = next(k for k, v in data.items() if v == "古蔺县科协")
    data[heading] = "叙永县科协"
    assert client.post(url, data).status_code == 302
    assert "叙永县科协" in reader.get(world.target.get_absolute_url()).content.decode()
    assert api_count(reader, "叙永县科协") == 1


def test_a_move_to_another_page_reaches_both_pages_and_the_article(db):
    world = build_world()
    reader = Client()
    page = lambda n: reader.get(reverse("articles:page", args=[world.issue.number, n]))  # noqa: E731
    assert MARK in page(1).content.decode() and MARK not in page(2).content.decode()
    api = lambda: json.loads(reader.get(f"/api/articles/{world.target.pk}").content)  # noqa: E731
    assert api()["page"] == 1
    move_to_page_two(world)
    assert MARK not in page(1).content.decode() and MARK in page(2).content.decode()
    assert api()["page"] == 2


def test_a_shift_reorders_the_printed_page_for_readers(db):
    world = build_world()
    reader = Client()
    url = reverse("articles:page", args=[world.issue.number, 1])

    def order():
        body = reader.get(url).content.decode()
        return body.index(MARK) < body.index("青少年科技创新大赛")

    assert order() is True
    client = editor_client(world.chief)
    compose_url = reverse("admin:articles_issue_compose", args=[world.issue.pk])
    assert client.post(compose_url, {"op": "down", "article": world.target.pk}).status_code == 302
    assert order() is False


def test_an_accepted_tag_suggestion_lists_the_article_under_the_tag(db):
    world = build_world()
    reader = Client()
    assert reader.get(reverse("articles:tag", args=["星空科普"])).status_code == 404
    accept_a_suggested_tag(world)
    assert MARK in reader.get(reverse("articles:tag", args=["星空科普"])).content.decode()
    assert "星空科普" in reader.get(world.target.get_absolute_url()).content.decode()


def test_a_renamed_organisation_is_searchable_and_shown_by_its_new_name(db):
    world = build_world()
    reader = Client()
    assert api_count(reader, "酒城科协") == 0
    article_url = world.target.get_absolute_url()
    assert "酒城科协" not in reader.get(article_url).content.decode()
    rename_the_organization(world)
    assert api_count(reader, "酒城科协") >= 1
    assert "酒城科协" in reader.get(article_url).content.decode()


def test_a_new_issue_from_the_generators_reaches_the_home_page(db):
    world = build_world()
    reader = Client()
    assert f"第{world.issue.number}期" in reader.get("/").content.decode()
    call_command("generate_archive", issues=1, processes=1, verbosity=0)
    newest = Issue.objects.order_by("-date").first()
    assert newest.pk != world.issue.pk
    assert f"第{newest.number}期" in reader.get("/").content.decode()
    title = newest.pages.first().articles.first().title
    assert api_count(reader, title[:6]) >= 1


def test_the_demo_paper_reaches_a_reader_who_looked_before(db):
    reader = Client()
    assert "第3109期" not in reader.get("/").content.decode()
    call_command("load_demo", verbosity=0)
    assert "第3109期" in reader.get("/").content.decode()
    assert ArticleTransition.objects.exists()
