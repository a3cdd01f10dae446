"""Threats: script injection made harmless by CSP, framing, sniffing, leaking referrers.

Reader pages carry no nonce (they are cached and shared); the desk carries a fresh one."""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def directives(response):
    policy = response["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}


def test_the_home_page_sends_a_strict_csp_and_hsts_with_https(settings, clean_cache):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = Client().get("/", secure=True)
    csp = directives(response)
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"]
    assert not any("http" in v for values in csp.values() for v in values)  # no third party
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_a_cached_reader_page_has_no_nonce_to_go_stale(clean_cache):
    first, second = Client().get("/archive/"), Client().get("/archive/")
    for response in (first, second):
        assert "nonce" not in response["Content-Security-Policy"]
        assert "nonce=" not in response.content.decode()
        assert "<script>" not in response.content.decode()
        assert not re.search(r"<style|\sstyle=", response.content.decode())


def test_the_desk_has_its_own_policy_with_a_fresh_nonce_each_time(people):
    client = Client()
    client.force_login(people["主编"])
    nonces = []
    for _ in range(2):
        response = client.get("/admin/")
        csp = directives(response)
        nonce = next(v for v in csp["style-src"] if v.startswith("'nonce-"))
        assert f'nonce="{nonce[7:-1]}"' in response.content.decode()
        assert "'unsafe-inline'" not in csp["script-src"]
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_https_redirects_with_the_proxy_header(settings, clean_cache):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert Client().get("/archive/").status_code == 301
    assert Client().get("/archive/", HTTP_X_FORWARDED_PROTO="https").status_code == 200
