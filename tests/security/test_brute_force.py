"""Threat: guessing a desk password. Five failures for one user from one address lock that
pair for 30 minutes; the right password is then refused, in Chinese, with the unlock time."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/"


def attempt(client, username, password, address="198.51.100.7", **headers):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **headers,
    )


def test_twelve_wrong_passwords_lock_the_chief_out_and_the_right_one_is_refused(people):
    client = Client()
    answers = [attempt(client, "zhubian", f"wrong-{n}") for n in range(12)]
    assert [r.status_code for r in answers[:4]] == [200] * 4  # the form again, with an error
    assert all(r.status_code == 429 for r in answers[4:])

    refused = attempt(client, "zhubian", PASSWORD)
    page = refused.content.decode()
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "登录失败次数过多" in page and "已被锁定 30 分钟" in page
    lifts = timezone.localtime(AccessAttempt.objects.get().attempt_time + timedelta(minutes=30))
    assert f"{lifts:%Y-%m-%d %H:%M}" in page
    assert client.get("/admin/articles/article/").status_code == 302

    events = AuditEvent.objects.filter(username="zhubian")
    assert events.filter(action="locked_out").exists()
    assert events.filter(action="login_failed").count() == 13
    assert not events.filter(action="login").exists()


def test_the_lock_holds_one_user_at_one_address(people):
    for n in range(5):
        attempt(Client(), "zhubian", f"wrong-{n}")
    other_address = attempt(Client(), "zhubian", PASSWORD, address="203.0.113.9")
    assert other_address.status_code == 302  # the chief at the office is not locked out
    other_user = attempt(Client(), "bianji", PASSWORD)
    assert other_user.status_code == 302


def test_failures_further_apart_than_fifteen_minutes_start_again(people):
    for n in range(4):
        attempt(Client(), "zhubian", f"wrong-{n}")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    attempt(Client(), "zhubian", "wrong-again")
    assert attempt(Client(), "zhubian", PASSWORD).status_code == 302


def test_the_lock_lifts_after_thirty_minutes(people):
    for n in range(5):
        attempt(Client(), "zhubian", f"wrong-{n}")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=29))
    assert attempt(Client(), "zhubian", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert attempt(Client(), "zhubian", PASSWORD).status_code == 302


def test_a_chief_unlocks_from_the_admin(people):
    for n in range(5):
        attempt(Client(), "bianji", f"wrong-{n}")
    chief = Client()
    chief.force_login(people["主编"])
    listing = chief.get(reverse("admin:axes_accessattempt_changelist"))
    assert listing.status_code == 200 and "bianji" in listing.content.decode()
    locked = AccessAttempt.objects.get(username="bianji")
    confirm = chief.post(
        reverse("admin:axes_accessattempt_delete", args=[locked.pk]), {"post": "yes"}
    )
    assert confirm.status_code == 302
    assert attempt(Client(), "bianji", PASSWORD).status_code == 302
    assert AuditEvent.objects.filter(action="deletion", username="zhubian").exists()


def test_an_editor_cannot_unlock(people):
    editor = Client()
    editor.force_login(people["编辑"])
    assert editor.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "1.2.3.4", "10.0.0.2"),  # no trusted proxy: the header is the client's word
        (1, "1.2.3.4", "1.2.3.4"),
        (1, "6.6.6.6, 1.2.3.4", "1.2.3.4"),  # a forged left part is ignored
        (2, "6.6.6.6, 1.2.3.4, 10.0.0.9", "1.2.3.4"),
        (2, "1.2.3.4", "10.0.0.2"),  # fewer entries than proxies: the header is not trusted
    ],
)
def test_the_client_address_behind_trusted_proxies(rf, settings, proxies, forwarded, expected):
    from accounts.client import client_ip

    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_a_forged_forwarded_header_does_not_escape_the_lock(people, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(6):
        attempt(Client(), "zhubian", f"wrong-{n}", HTTP_X_FORWARDED_FOR=f"9.9.9.{n}, 1.2.3.4")
    assert (
        attempt(Client(), "zhubian", PASSWORD, HTTP_X_FORWARDED_FOR="8.8.8.8, 1.2.3.4").status_code
        == 429
    )
