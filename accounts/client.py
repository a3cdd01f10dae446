"""The client's address, read the same way by the lockout, the audit log and the rate limits.

Behind ``DJANGO_TRUSTED_PROXIES`` reverse proxies, each proxy appends the address it saw
to ``X-Forwarded-For``; the client is the address the outermost trusted proxy appended,
the N-th from the right. Anything left of it was written by the client and is ignored.
Without trusted proxies the header is ignored altogether (anyone can send it).
"""

import ipaddress

from django.conf import settings


def _valid(address):
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request):
    remote = _valid(request.META.get("REMOTE_ADDR", "")) or "0.0.0.0"
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [a for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if len(forwarded) < proxies:
        return remote
    return _valid(forwarded[-proxies]) or remote
