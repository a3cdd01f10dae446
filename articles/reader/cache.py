"""The reader site's page cache, keyed by one site-wide content version.

Every change a reader can see goes through ``articles.changes``, which bumps the
version, so every cached page and every ETag changes at once. With ``REDIS_URL``
set the version lives in Redis and every app process on every machine sees the
same one; the bump is one atomic ``INCR``.

The version is a counter; the time of the last bump (for ``Last-Modified``) is kept
beside it. If the counter is ever lost (evicted, Redis restarted empty), it starts
again from the clock in nanoseconds, far above any value it had before, so an old
page can never come back under a reused version.
"""

import hashlib
import logging
import threading
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag

logger = logging.getLogger("articles.reader.cache")

CONTENT_VERSION_KEY = "reader:content-version"
MODIFIED_KEY = "reader:content-modified"
PAGE_TIMEOUT = 60 * 60 * 6


def _now_ns():
    return time.time_ns()


class _Owed:
    """A bump this process could not make (the cache was unreachable), paid on the next
    request that reaches the cache, before it reads the version."""

    def __init__(self):
        self.lock = threading.Lock()
        self.flag = False


_owed = _Owed()


def _state():
    """(version, Last-Modified in seconds) of the reader content: one cache read."""
    if _owed.flag:
        _pay_owed_bump()
    found = cache.get_many([CONTENT_VERSION_KEY, MODIFIED_KEY])
    version, modified = found.get(CONTENT_VERSION_KEY), found.get(MODIFIED_KEY)
    if version is None:
        now = _now_ns()
        cache.add(CONTENT_VERSION_KEY, now, None)
        cache.add(MODIFIED_KEY, now // 1_000_000_000, None)
        found = cache.get_many([CONTENT_VERSION_KEY, MODIFIED_KEY])
        version = found.get(CONTENT_VERSION_KEY, now)
        modified = found.get(MODIFIED_KEY)
    if modified is None:
        modified = _now_ns() // 1_000_000_000
    return version, int(modified)


def content_version():
    return _state()[0]


def _bump():
    now = _now_ns()
    try:
        cache.incr(CONTENT_VERSION_KEY)
    except ValueError:  # the counter is gone: restart it from the clock, see above
        if not cache.add(CONTENT_VERSION_KEY, now, None):
            cache.incr(CONTENT_VERSION_KEY)
    cache.set(MODIFIED_KEY, now // 1_000_000_000, None)


def bump_content_version():
    """A new content version: atomic across processes when the cache is shared.

    If the cache cannot be reached, the write still succeeds; the bump is owed and made
    by the next request that reaches the cache (until then no page is cached anyway).
    """
    try:
        _bump()
    except Exception as error:  # any backend's connection error
        logger.warning("缓存不可用,内容版本稍后更新:%s", error)
        _owed.flag = True


def _pay_owed_bump():
    with _owed.lock:
        if not _owed.flag:
            return
        try:
            _bump()
        except Exception:  # still unreachable: still owed
            return
        _owed.flag = False


def _page_key(request):
    """(cache key, ETag, Last-Modified) of this URL's page under the current content version."""
    version, last_modified = _state()
    uri = request.build_absolute_uri()
    digest = hashlib.blake2s(uri.encode("utf-8"), digest_size=8).hexdigest()
    return (
        f"reader:page:{version}:{digest}",
        quote_etag(f"{version}-{digest}"),
        last_modified,
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
