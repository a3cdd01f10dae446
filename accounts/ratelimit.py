"""Rate limits per client address on search and the JSON API (django-ratelimit's counters).

Over the limit the answer is 429 with ``Retry-After`` (seconds until the window ends)
and a Chinese message: JSON for the API, the error page for the reader site.
"""

import logging
from functools import wraps

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django_ratelimit.core import get_usage

from .client import client_ip

logger = logging.getLogger("accounts.ratelimit")


def _client(group, request):
    return client_ip(request)


def rate_limited(group):
    """Limit a view to settings.RATE_LIMITS[group] requests per client address."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            rate = settings.RATE_LIMITS.get(group)
            usage = None
            if rate:
                try:
                    usage = get_usage(request, group=group, key=_client, rate=rate, increment=True)
                except Exception as error:  # the counters' cache is unreachable: let readers in
                    logger.warning("限流计数不可用,本次请求不限流:%s", error)
            if usage is not None and usage["should_limit"]:
                return too_many_requests(request, max(1, int(usage["time_left"])))
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def too_many_requests(request, retry_after):
    message = f"请求过于频繁,请 {retry_after} 秒后再试。"
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"error": message, "retry_after": retry_after},
            status=429,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        response = render(
            request, "error.html", {"title": "请求过于频繁", "message": message}, status=429
        )
    response["Retry-After"] = str(retry_after)
    return response
