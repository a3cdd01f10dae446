"""Threat: another site making a logged-in editor's browser post to the desk (CSRF).

Every route of the URLconf is enumerated from the resolver and must be in the table
below: a new view that is not listed fails ``test_every_route_is_in_the_table``, so it is
looked at before it ships. Each desk route (the admin, its custom desk screens, the
reports and the account pages) is then posted to without a CSRF token by a logged-in
superuser and must be refused with 403 before the view runs; the public routes too.
"""

import re

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

pytestmark = pytest.mark.django_db

# The custom desk screens, by URL name (the admin's own per-model views are below).
DESK_VIEWS = {
    "admin:articles_article_desk",
    "admin:articles_article_transition",
    "admin:articles_article_suggestions",
    "admin:articles_issue_compose",
    "admin:articles_issue_start_from_previous",
    "admin:articles_pageimport_import",
    "admin:accounts_auditevent_export",
    "reports:statistics",
    "reports:reprints",
    "reports:sponsors",
    "reports:statement",
    "planning:plan",
    "planning:slot",
    "planning:inbox",
    "planning:open",
    "planning:preferences",
    "accounts:verify",
    "accounts:setup",
    "accounts:recovery_codes",
    "accounts:logout",
}
ADMIN_SITE_VIEWS = {
    "admin:index",
    "admin:login",
    "admin:logout",
    "admin:password_change",
    "admin:password_change_done",
    "admin:autocomplete",
    "admin:jsi18n",
    "admin:view_on_site",
    "admin:app_list",
    "admin:auth_user_password_change",  # a 主编 setting another user's password
    "admin:otp_totp_totpdevice_config",  # django-otp: a device's key as a URL
    "admin:otp_totp_totpdevice_qrcode",  # and as a QR code
}
# Every model on the desk; each has the admin's list, add, change, delete and history.
MODELS = {
    "accounts_auditevent",
    "articles_article",
    "articles_articletransition",
    "articles_column",
    "articles_columnrun",
    "articles_issue",
    "articles_page",
    "articles_pageimport",
    "articles_series",
    "articles_suggestiondismissal",
    "articles_tag",
    "auth_group",
    "auth_user",
    "axes_accessattempt",
    "axes_accessfailurelog",
    "axes_accesslog",
    "jobs_taskfailure",
    "organizations_organization",
    "organizations_person",
    "otp_static_staticdevice",
    "otp_totp_totpdevice",
    "photos_facsimile",
    "photos_photo",
    "planning_notification",
    "planning_pagecapacity",
    "planning_slot",
    "reports_sponsorshipagreement",
}
MODEL_VIEWS = {"changelist", "add", "change", "delete", "history"}
# django-reversion's views on the article: deleted ones and earlier versions.
VERSION_VIEWS = {
    "admin:articles_article_recoverlist",
    "admin:articles_article_recover",
    "admin:articles_article_revision",
}
PUBLIC_VIEWS = {
    "sitemap",
    "sitemap_section",
    "news_sitemap",
    "robots",
    "article_preview",
    "search",
    "api-search",
    "api-article",
    "api-issue",
    "organizations:person",
    "organizations:organization",
    "organizations:feed_rss",
    "organizations:feed_atom",
    "articles:home",
    "articles:archive",
    "articles:archive_month",
    "articles:issue",
    "articles:page",
    "articles:article",
    "articles:column_list",
    "articles:column",
    "articles:column_feed_rss",
    "articles:column_feed_atom",
    "articles:tag",
    "articles:series",
    "articles:feed_rss",
    "articles:feed_atom",
}
EXPECTED_DESK = (
    DESK_VIEWS
    | ADMIN_SITE_VIEWS
    | VERSION_VIEWS
    | {f"admin:{m}_{v}" for m in MODELS for v in MODEL_VIEWS}
)

SAMPLE = {"int": "1", "id": "1", "path": "1", "str": "submit", "key": "x-1", "slug": "x-1"}


def routes(resolver=None, prefix="", namespace=""):
    """{name: a concrete URL} for every named route; a path's parameters are filled with
    samples (the CSRF check runs before the view, so they need not exist)."""
    resolver = resolver or get_resolver()
    found = {}
    for entry in resolver.url_patterns:
        pattern = entry.pattern
        if isinstance(pattern, RoutePattern):
            text = str(pattern)
            for name in pattern.converters:
                text = re.sub(rf"<(?:(\w+):)?{name}>", lambda m: SAMPLE[m[1] or "str"], text)
        else:  # a regex: the admin's app list, its catch-all
            text = str(pattern).lstrip("^").rstrip("$")
            if "(?P<app_label>" in text:
                text = "articles/"
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found.update(routes(entry, prefix + text, inner))
        elif isinstance(entry, URLPattern) and entry.name:
            found[f"{namespace}{entry.name}"] = "/" + prefix + text
    return found


def desk_route(name):
    return name.startswith(("admin:", "reports:", "accounts:", "planning:"))


def test_every_route_is_in_the_table():
    names = set(routes())
    assert {n for n in names if desk_route(n)} == EXPECTED_DESK
    assert {n for n in names if not desk_route(n)} == PUBLIC_VIEWS


def test_every_registered_model_is_in_the_table():
    registered = {f"{m._meta.app_label}_{m._meta.model_name}" for m in admin.site._registry}
    assert registered == MODELS


@pytest.fixture
def superuser(django_user_model, clean_cache):
    user = django_user_model.objects.create_superuser("chief", "chief@example.com", "x")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


CSRF_REFUSED = "CSRF"


def refused(response):
    assert response.status_code == 403, response.status_code
    text = response.content.decode("utf-8", "replace")
    assert CSRF_REFUSED in text or "跨站" in text or "csrf" in text.lower(), text[:300]


@pytest.mark.parametrize("name", sorted(EXPECTED_DESK))
def test_a_desk_post_without_a_token_is_refused(superuser, name):
    url = routes()[name]
    response = superuser.post(url, {"op": "publish", "post": "yes", "title": "跨站提交"})
    refused(response)


def test_a_token_from_the_cookie_alone_is_not_enough(superuser):
    """Having the cookie (sent by the browser with a cross-site post) is not the token."""
    superuser.get("/admin/")
    assert "csrftoken" in superuser.cookies
    response = superuser.post("/admin/articles/tag/add/", {"name": "跨站标签"})
    refused(response)


def test_the_login_is_protected_too():
    response = Client(enforce_csrf_checks=True).post(
        "/admin/login/", {"username": "chief", "password": "x"}
    )
    refused(response)


@pytest.mark.parametrize("name", sorted(PUBLIC_VIEWS))
def test_a_public_post_without_a_token_is_refused(name, clean_cache):
    response = Client(enforce_csrf_checks=True).post(routes()[name], {"q": "x"})
    assert response.status_code in (403, 405)
