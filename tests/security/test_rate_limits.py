"""Threat: scraping or overloading search and the JSON API from one address."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "group"), [("/api/search?q=科协", "api"), ("/search/?q=科协", "search")]
)
def test_too_many_requests_get_429_with_retry_after_in_chinese(url, group, settings, clean_cache):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, group: "3/m"}
    client = Client(REMOTE_ADDR="192.0.2.44")
    assert [client.get(url).status_code for _ in range(3)] == [200] * 3
    refused = client.get(url)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "请求过于频繁" in refused.content.decode()
    # Another reader is not held back by the first one.
    assert Client(REMOTE_ADDR="192.0.2.45").get(url).status_code == 200


def test_the_api_answers_429_as_json(settings, clean_cache):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": "1/m"}
    client = Client(REMOTE_ADDR="192.0.2.46")
    client.get("/api/issues/1")
    refused = client.get("/api/issues/1")
    assert refused.status_code == 429
    assert refused.json()["error"].startswith("请求过于频繁")
