"""Threat: a stolen desk password. With production settings a password alone never opens the
desk for 编辑, 主编 and superusers; they enrol a TOTP app (QR made here) and get recovery codes."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AuditEvent

from .conftest import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("production_second_factor")]
ARTICLES = "/admin/articles/article/"


def log_in(username, password=PASSWORD):
    client = Client()
    response = client.post("/admin/login/", {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def code_for(device, drift=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, drift=drift):06d}"


def enrol(client):
    page = client.get("/accounts/two-factor/setup/")
    assert page.status_code == 200
    device = TOTPDevice.objects.get(confirmed=False)
    done = client.post("/accounts/two-factor/setup/", {"token": code_for(device)})
    assert done.status_code == 200, done.content.decode()
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", done.content.decode())
    return TOTPDevice.objects.get(pk=device.pk), codes


@pytest.mark.parametrize("role", ["编辑", "主编"])
def test_a_correct_password_alone_does_not_open_the_desk(people, role):
    client = log_in(people[role].username)
    response = client.get(ARTICLES)
    assert response.status_code == 302
    assert urlparse(response.url).path == "/admin/login/"
    # The login page sends the user on to enrolment (no device yet), never to the list.
    step = client.get(response.url)
    assert urlparse(step.url).path == "/accounts/two-factor/setup/"
    assert parse_qs(urlparse(step.url).query)["next"] == [ARTICLES]
    assert client.get("/admin/").status_code == 302


def test_nor_for_a_superuser(db):
    User.objects.create_superuser("root", password=PASSWORD)
    assert log_in("root").get(ARTICLES).status_code == 302


def test_a_correspondent_may_work_without_it(people):
    assert log_in("tongxun").get(ARTICLES).status_code == 200


def test_enrolment_shows_a_local_qr_code_and_recovery_codes(people):
    client = log_in("zhubian")
    page = client.get("/accounts/two-factor/setup/").content.decode()
    assert "<svg" in page and "https://" not in page.split("<svg", 1)[1].split("</svg>")[0]
    device, codes = enrol(client)
    assert device.confirmed and len(codes) == 10
    assert client.get(ARTICLES).status_code == 200
    assert AuditEvent.objects.filter(action="otp_enrolled", username="zhubian").exists()


def test_after_enrolment_the_code_is_asked_at_every_login(people):
    device, _ = enrol(log_in("zhubian"))
    client = log_in("zhubian")
    assert client.get(ARTICLES).status_code == 302
    assert client.post("/accounts/two-factor/", {"token": "000000"}).status_code == 200
    assert client.get(ARTICLES).status_code == 302
    # Right after a wrong code even the right one waits (django-otp's throttling).
    right = code_for(device, drift=1)
    assert client.post("/accounts/two-factor/", {"token": right}).status_code == 200
    TOTPDevice.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)
    answer = client.post(f"/accounts/two-factor/?next={ARTICLES}", {"token": right})
    assert answer.status_code == 302 and answer.url == ARTICLES
    assert client.get(ARTICLES).status_code == 200
    assert AuditEvent.objects.filter(action="otp_failed", username="zhubian").exists()


def test_a_recovery_code_works_once(people):
    _, codes = enrol(log_in("bianji"))
    first = log_in("bianji")
    assert first.post("/accounts/two-factor/", {"token": codes[0]}).status_code == 302
    assert first.get(ARTICLES).status_code == 200
    second = log_in("bianji")
    assert second.post("/accounts/two-factor/", {"token": codes[0]}).status_code == 200
    assert second.get(ARTICLES).status_code == 302
    assert StaticToken.objects.count() == 9


def test_with_a_device_the_password_cannot_enrol_another(people):
    enrol(log_in("zhubian"))
    thief = log_in("zhubian")
    response = thief.get("/accounts/two-factor/setup/")
    assert response.status_code == 302 and response.url.startswith("/accounts/two-factor/")
    assert TOTPDevice.objects.filter(user__username="zhubian").count() == 1


def test_an_off_site_next_is_not_followed_after_the_code(people):
    device, _ = enrol(log_in("zhubian"))
    client = log_in("zhubian")
    answer = client.post(
        "/accounts/two-factor/?next=https://evil.example/", {"token": code_for(device, 1)}
    )
    assert answer.status_code == 302 and answer.url == "/admin/"
