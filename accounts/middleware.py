"""Security middleware: the two Content-Security-Policies, Permissions-Policy, idle sessions."""

import time

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """The reader site's policy (settings.CONTENT_SECURITY_POLICY) everywhere, except under
    the desk's prefixes, which get ``DESK_CONTENT_SECURITY_POLICY``.

    Reader pages have no inline script or style at all, so their policy has no nonce:
    a cached page (served by CachedPageMiddleware to many readers) never carries a
    nonce its response header would have to match. The desk is never cached; its few
    inline styles carry the request's nonce.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and _is_desk(request):
            parts.config = settings.DESK_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts


def _is_desk(request):
    return request.path_info.startswith(settings.DESK_URL_PREFIXES)


class PermissionsPolicyMiddleware:
    """Permissions-Policy: no page of ours needs the camera, microphone, location or payment."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


LAST_SEEN = "_last_seen"


@receiver(user_logged_in, dispatch_uid="idle_timeout_login")
def _start_idle_clock(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN] = int(time.time())


class IdleSessionTimeoutMiddleware:
    """Log a desk user out after SESSION_IDLE_TIMEOUT seconds without a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_SEEN)
            if last is not None and now - last > settings.SESSION_IDLE_TIMEOUT:
                from .audit import AuditEvent, record

                record(AuditEvent.Action.SESSION_EXPIRED, request=request)
                request.audit_session_expired = True
                auth.logout(request)
                minutes = settings.SESSION_IDLE_TIMEOUT // 60
                messages.warning(
                    request, f"您已超过 {minutes} 分钟没有操作,为安全起见已退出,请重新登录。"
                )
                if _is_desk(request):
                    login = reverse("admin:login")
                    return redirect(f"{login}?{urlencode({'next': request.get_full_path()})}")
            elif last is None or now - last >= 60:
                # Written at most once a minute: a session save per request is not needed.
                request.session[LAST_SEEN] = now
        return self.get_response(request)
