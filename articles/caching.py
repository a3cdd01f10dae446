"""The reader site's page cache, keyed by one site-wide content version.

Any save or delete of something a reader page shows bumps the version, so every
cached page and every ETag changes at once. The bump happens both immediately
and again after the surrounding transaction commits, so a page rendered from
the old rows during the commit cannot stay cached under the new version.

Code that changes rows with ``QuerySet.update()`` or ``bulk_create()`` (which
send no signals) must call ``bump_content_version()`` itself.
"""

import hashlib
import time
from datetime import UTC, datetime
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag

CONTENT_VERSION_KEY = "reader:content-version"
PAGE_TIMEOUT = 60 * 60 * 6


def content_version():
    version = cache.get(CONTENT_VERSION_KEY)
    if version is None:
        cache.add(CONTENT_VERSION_KEY, str(time.time_ns()), None)
        version = cache.get(CONTENT_VERSION_KEY) or str(time.time_ns())
    return version


def _set_new_version():
    cache.set(CONTENT_VERSION_KEY, str(time.time_ns()), None)


def bump_content_version(**kwargs):
    _set_new_version()
    transaction.on_commit(_set_new_version)


def _last_modified(version):
    return int(version) // 1_000_000_000


def _page_key(request):
    """(cache key, ETag, Last-Modified) of this URL's page under the current content version."""
    version = content_version()
    uri = request.build_absolute_uri()
    digest = hashlib.blake2s(uri.encode("utf-8"), digest_size=8).hexdigest()
    return (
        f"reader:page:{version}:{digest}",
        quote_etag(f"{version}-{digest}"),
        _last_modified(version),
    )


class CachedPageMiddleware:
    """Serve a reader page already in the cache before sessions, CSRF and URL routing.

    Like Django's ``FetchFromCacheMiddleware``, it sits near the top of the stack:
    a cached page then costs two cache reads, about what a static file costs. Only
    pages ``public_page`` stored are served (whatever the URL, a miss goes on to the
    view), and only to requests without a session cookie: editors, who are logged
    in, always reach the view. ``Vary: Cookie`` is added as the session middleware
    adds it on the full path.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and (
            settings.SESSION_COOKIE_NAME not in request.COOKIES
        ):
            key, etag, last_modified = _page_key(request)
            response = cache.get(key)
            if response is not None:
                not_modified = get_conditional_response(
                    request, etag=etag, last_modified=last_modified, response=response
                )
                response = not_modified if not_modified is not None else response
                patch_vary_headers(response, ("Cookie",))
                return response
        return self.get_response(request)


def public_page(view):
    """Serve anonymous readers from the cache, with ETag/Last-Modified and 304s.

    Logged-in users (editors) always get a fresh page. Only 200 responses are
    cached; a view can opt out by setting ``response.never_cache = True``.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        key, etag, last_modified = _page_key(request)
        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None:
            return not_modified
        response = cache.get(key)
        if response is not None:
            return response
        response = view(request, *args, **kwargs)
        if response.status_code != 200 or getattr(response, "never_cache", False):
            return response
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
        patch_cache_control(response, public=True, max_age=60)
        cache.set(key, response, PAGE_TIMEOUT)
        return response

    return wrapper


def _watched_models():
    from articles import models as a
    from organizations import models as o

    return [
        a.Issue,
        a.Page,
        a.PageSponsor,
        a.Column,
        a.ColumnRun,
        a.ColumnRunSponsor,
        a.ColumnCredit,
        a.Series,
        a.Tag,
        a.TaggedArticle,
        a.Article,
        a.Section,
        a.Credit,
        o.Organization,
        o.Person,
    ]


def _bump_on_m2m(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        bump_content_version()


def connect_signals():
    from articles.models import Article, ColumnRun, Page

    for model in _watched_models():
        uid = f"reader-cache-{model._meta.label}"
        post_save.connect(bump_content_version, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(bump_content_version, sender=model, dispatch_uid=uid + "-delete")
    for through in (
        Article.organizations.through,
        Article.tags.through,
        Page.sponsors.through,
        ColumnRun.sponsors.through,
    ):
        m2m_changed.connect(
            _bump_on_m2m, sender=through, dispatch_uid=f"reader-cache-m2m-{through._meta.label}"
        )


def version_datetime():
    return datetime.fromtimestamp(_last_modified(content_version()), tz=UTC)
