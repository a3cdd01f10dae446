"""Threats: a login link that sends the editor on to another site (``next``), and a forged
Host header that would put another site's name into links and caches."""

import pytest
from django.test import Client

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

OFF_SITE = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "https:evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    " https://evil.example/",
]


@pytest.mark.parametrize("target", OFF_SITE)
def test_the_login_never_sends_an_editor_off_site(people, target):
    response = Client().post(
        "/admin/login/", {"username": "tongxun", "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert response.url.startswith("/") and not response.url.startswith(("//", "/\\"))


@pytest.mark.parametrize("target", OFF_SITE)
def test_the_second_factor_step_never_sends_off_site(people, target, production_second_factor):
    client = Client()
    client.post("/admin/login/", {"username": "zhubian", "password": PASSWORD})
    response = client.get("/admin/login/", {"next": target})
    assert response.status_code == 302
    assert "evil.example" not in response.url.split("?", 1)[0]
    assert "next=%2Fadmin%2F" in response.url


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1.evil.example", "localhost:80@evil"])
def test_a_forged_host_is_refused(host, clean_cache):
    response = Client().get("/", HTTP_HOST=host)
    assert response.status_code == 400
    assert "evil" not in response.content.decode()


def test_a_forged_forwarded_host_is_ignored(clean_cache):
    response = Client().get("/robots.txt", HTTP_X_FORWARDED_HOST="evil.example")
    assert "evil.example" not in response.content.decode()
