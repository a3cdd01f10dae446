"""Login lockout (django-axes): 5 failures for one user from one address lock that pair.

Axes counts failures on one row per (user, address) whose time is the last failure;
rows older than the cool-off are forgotten. Two cool-offs make our rule: while the pair
is below the limit a row lives 15 minutes after its last failure (failures that far
apart start again from zero), once it reaches the limit it lives 30 minutes: the lock.
Failures during the lock are not counted, so the time it lifts stays what we showed.
"""

from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone

from .client import client_ip


def _pair(request):
    credentials = getattr(request, "axes_credentials", None) or {}
    username = credentials.get("username") or request.POST.get("username")
    return username, getattr(request, "axes_ip_address", None) or client_ip(request)


def _attempts(username, ip_address):
    since = timezone.now() - settings.LOGIN_LOCKOUT_DURATION
    return AccessAttempt.objects.filter(
        username=username, ip_address=ip_address, attempt_time__gte=since
    )


def cool_off(request=None):
    """AXES_COOLOFF_TIME: how long the failures of this request's (user, address) count."""
    if request is None:
        return settings.LOGIN_LOCKOUT_DURATION
    found = _attempts(*_pair(request)).aggregate(Sum("failures_since_start"))
    failures = found["failures_since_start__sum"] or 0
    if failures >= settings.AXES_FAILURE_LIMIT:
        return settings.LOGIN_LOCKOUT_DURATION
    return settings.LOGIN_FAILURE_WINDOW


def unlock_time(username, ip_address):
    last = _attempts(username, ip_address).aggregate(Max("attempt_time"))["attempt_time__max"]
    return (last or timezone.now()) + settings.LOGIN_LOCKOUT_DURATION


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the login page saying, in Chinese, when the lock lifts."""
    username, ip_address = _pair(request)
    if credentials:
        username = credentials.get("username") or username
    lifts = timezone.localtime(unlock_time(username, ip_address))
    minutes = int(settings.LOGIN_LOCKOUT_DURATION / timedelta(minutes=1))
    message = (
        f"登录失败次数过多:账号“{username}”在您当前的网络地址已被锁定 {minutes} 分钟,"
        f"将于 {lifts:%Y-%m-%d %H:%M} 解除。如需提前解锁,请联系主编。"
    )
    return render(
        request,
        "accounts/locked.html",
        {
            "message": message,
            "lifts": lifts,
            "title": "账号已暂时锁定",
            "site_header": "科协报编辑部",
        },
        status=429,
    )
