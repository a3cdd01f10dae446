"""Readers' queries go to a real streaming replica; editors and writers stay on the primary."""

import pytest
from django.contrib.auth.models import User
from django.core.handlers.exception import convert_exception_to_response
from django.db import connections
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Issue, Page
from newsroom import routers

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(
        transaction=True, serialized_rollback=True, databases=["default", "replica"]
    ),
]


@pytest.fixture
def routed(replica, settings):
    settings.DATABASE_ROUTERS = ["newsroom.routers.ReplicaRouter"]
    settings.DATABASE_REPLICA_RETRY_SECONDS = 0
    settings.MIDDLEWARE = [
        "newsroom.routers.DatabaseUnavailableMiddleware",
        "newsroom.routers.ReplicaMiddleware",
        *settings.MIDDLEWARE,
    ]
    routers._down_until = 0.0
    yield replica
    routers._down_until = 0.0


@pytest.fixture
def published_article(routed):
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
    routed.wait_caught_up()
    return article


def queries_on(alias):
    return CaptureQueriesContext(connections[alias])


def test_a_readers_page_is_read_from_the_replica(client, published_article):
    with queries_on("replica") as on_replica, queries_on("default") as on_primary:
        response = client.get(published_article.get_absolute_url())
    assert response.status_code == 200
    assert "星辰计划" in response.content.decode()
    assert len(on_replica) > 0
    # The primary is asked only how far its WAL holds every acknowledged commit, to
    # know the replica has caught up.
    assert [q["sql"] for q in on_primary] == [routers.PRIMARY_LSN_SQL]
    assert routers.PIN_COOKIE not in response.cookies


def test_an_article_with_related_articles_is_read_from_the_replica_and_pins_nothing(
    client, published_article, routed, monkeypatch
):
    """Related articles are built as unsaved instances: attaching their pages asks the
    router for a write database, which is no write (it pinned every reader of an article
    with related articles, and their next pages, to the primary)."""
    other = Article.objects.create(
        page=published_article.page,
        position=2,
        title="成都市科协启动科普月",
        body="本报讯 科普月活动启动。",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    for article in (published_article, other):
        article.tags.add("科普")
    routed.wait_caught_up()
    monkeypatch.setattr(routers, "_replica_caught_up", lambda: True)  # the lag: elsewhere
    with queries_on("replica") as on_replica, queries_on("default") as on_primary:
        response = client.get(published_article.get_absolute_url())
    assert response.status_code == 200
    assert "成都市科协启动科普月" in response.content.decode()  # among the related articles
    assert len(on_replica) > 0
    assert [q["sql"] for q in on_primary] == []
    assert routers.PIN_COOKIE not in response.cookies


def test_a_readers_search_and_related_articles_are_read_from_the_replica(
    client, published_article, monkeypatch
):
    """The raw SQL of search, its results and related articles follows the router too.

    The lag check is another test's subject: here the replica counts as caught up, so
    that WAL written by the busy test server (autovacuum) cannot send a request back."""
    monkeypatch.setattr(routers, "_replica_caught_up", lambda: True)
    with queries_on("replica") as on_replica, queries_on("default") as on_primary:
        found = client.get("/search/", {"q": "星辰计划"})
        api = client.get("/api/search", {"q": "星辰计划"})
    assert (
        found.status_code == 200 and published_article.get_absolute_url() in found.content.decode()
    )
    assert api.json()["count"] == 1
    on_primary = [q["sql"] for q in on_primary]
    assert not any("articles_search_document" in sql for sql in on_primary), on_primary
    assert any("articles_search_document" in q["sql"] for q in on_replica)


def test_an_editor_reads_from_the_primary(client, published_article):
    editor = User.objects.create_user("wangbj", is_staff=True)
    client.force_login(editor)
    with queries_on("replica") as on_replica:
        response = client.get(published_article.get_absolute_url())
    assert response.status_code == 200
    assert len(on_replica) == 0


def test_a_replica_behind_the_primary_is_passed_over(client, published_article, routed):
    """A withdrawal bumps the page cache's version at once: a reader must not then get the
    article from a replica that has not replayed the withdrawal yet (and cache it).
    The withdrawal is committed, so the primary's flushed WAL holds it."""
    routed.replay(paused=True)
    try:
        Article.objects.filter(pk=published_article.pk).update(status=Article.Status.WITHDRAWN)
        with queries_on("replica") as on_replica:
            response = client.get(published_article.get_absolute_url())
        assert response.status_code == 404
        assert len(on_replica) == 1  # only the question "have you caught up?"
    finally:
        routed.replay(paused=False)
    routed.wait_caught_up()
    with queries_on("replica") as on_replica:
        response = client.get(published_article.get_absolute_url() + "?again")
    assert response.status_code == 404
    assert len(on_replica) > 1


def _reader_view(request):
    title = Article.objects.values_list("title", flat=True).first()
    return HttpResponse(title)


def _writing_view(request):
    Article.objects.update(kicker="成都市科协")
    return _reader_view(request)


def test_a_write_pins_the_rest_of_the_request_and_the_browser_to_the_primary(
    published_article,
):
    factory = RequestFactory()
    writing = routers.ReplicaMiddleware(_writing_view)
    with queries_on("replica") as on_replica:
        response = writing(factory.get("/"))
    assert response.content.decode() == "泸州市科协启动星辰计划"
    pin = response.cookies[routers.PIN_COOKIE]
    assert pin["max-age"] == 15 and pin["httponly"]
    assert len(on_replica) == 0

    # The same browser's next request, with the cookie: still the primary.
    reading = routers.ReplicaMiddleware(_reader_view)
    request = factory.get("/")
    request.COOKIES[routers.PIN_COOKIE] = "1"
    with queries_on("replica") as on_replica:
        reading(request)
    assert len(on_replica) == 0
    # Another reader, without the cookie: the replica.
    with queries_on("replica") as on_replica:
        response = reading(factory.get("/"))
    assert len(on_replica) > 0
    assert routers.PIN_COOKIE not in response.cookies


def test_readers_are_answered_from_the_primary_while_the_replica_is_down(
    client, published_article, routed
):
    url = published_article.get_absolute_url()
    assert client.get(url).status_code == 200  # a replica connection is open now
    routed.stop()
    try:
        with queries_on("default") as on_primary:
            response = client.get(url + "?down")
        assert response.status_code == 200
        assert "星辰计划" in response.content.decode()
        assert len(on_primary) > 1
    finally:
        routed.start()
    routed.wait_caught_up()
    with queries_on("replica") as on_replica:
        assert client.get(url + "?back").status_code == 200
    assert len(on_replica) > 0


def test_a_replica_lost_in_the_middle_of_a_request_is_retried_on_the_primary(
    published_article, routed
):
    calls = []

    def view(request):
        calls.append(1)
        title = Article.objects.values_list("title", flat=True).first()
        if len(calls) == 1:  # the replica's server ends this connection
            pid = connections["replica"].connection.info.backend_pid
            with connections["default"].cursor():
                pass
            import psycopg

            replica = connections["replica"].settings_dict
            with psycopg.connect(
                host=replica["HOST"], port=replica["PORT"], user=replica["USER"],
                dbname=replica["NAME"], autocommit=True,
            ) as other:  # fmt: skip
                other.execute("SELECT pg_terminate_backend(%s)", [pid])
            title = Article.objects.values_list("title", flat=True).last()
        return HttpResponse(title)

    chain = routers.ReplicaMiddleware(convert_exception_to_response(view))
    response = chain(RequestFactory().get("/"))
    assert response.status_code == 200
    assert response.content.decode() == "泸州市科协启动星辰计划"
    assert len(calls) == 2


def test_a_primary_lost_in_the_middle_of_a_readers_request_is_retried_on_the_replica(
    published_article, routed
):
    """The primary restarting under a reader's request that was reading from it (the
    replica was behind when the request began): the replica answers it."""
    calls = []

    def view(request):
        calls.append(routers._reads.get())
        title = Article.objects.values_list("title", flat=True).first()
        if len(calls) == 1:  # the primary's server ends this connection
            pid = connections["default"].connection.info.backend_pid
            with connections["replica"].cursor():
                pass
            import psycopg

            primary = connections["default"].settings_dict
            with psycopg.connect(
                host=primary["HOST"], port=primary["PORT"], user=primary["USER"],
                password=primary["PASSWORD"], dbname=primary["NAME"], autocommit=True,
            ) as other:  # fmt: skip
                other.execute("SELECT pg_terminate_backend(%s)", [pid])
            title = Article.objects.values_list("title", flat=True).last()
        return HttpResponse(title)

    original = routers._replica_caught_up
    routers._replica_caught_up = lambda: False  # the replica behind: reads on the primary
    try:
        chain = routers.ReplicaMiddleware(convert_exception_to_response(view))
        response = chain(RequestFactory().get("/"))
    finally:
        routers._replica_caught_up = original
        connections["default"].close()
    assert response.status_code == 200
    assert response.content.decode() == "泸州市科协启动星辰计划"
    assert calls == ["", routers.REPLICA]
