"""Threats: weak passwords, a desk left open, a session that outlives a password change."""

import re
import time

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from accounts.middleware import LAST_SEEN

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def problems(password, user=None):
    try:
        validate_password(password, user)
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("Ab1-short", "至少需要 12 个字符"),
        ("abcdefghijklmn", "还缺少:数字、符号"),
        ("abcdefgh12345", "还缺少:符号"),
        ("123456789012-", "还缺少:字母"),
        ("123456789012345", "不能全是数字"),
        ("password", "太常见"),
    ],
)
def test_passwords_need_twelve_characters_of_letters_digits_and_symbols(password, expected):
    found = problems(password)
    assert expected in found, found
    assert not re.search(r"[A-Za-z]{4,}", found.replace("password", "")), found  # Chinese


def test_a_password_like_the_username_is_refused_and_a_good_one_passes(db):
    user = User(username="zhangsan2024", first_name="张三")
    assert "太相似" in problems("zhangsan2024!", user)
    assert problems(PASSWORD) == ""
    assert problems("科协报-编辑部-2024") == ""


def test_the_desk_logs_out_after_thirty_idle_minutes(people):
    client = Client()
    client.force_login(people["编辑"])
    assert client.get("/admin/").status_code == 200
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 31 * 60
    session.save()
    response = client.get("/admin/articles/article/")
    assert response.status_code == 302 and response.url.startswith("/admin/login/")
    assert "_auth_user_id" not in client.session
    assert "超过 30 分钟没有操作" in client.get(response.url).content.decode()


def test_activity_keeps_the_session(people):
    client = Client()
    client.force_login(people["编辑"])
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 29 * 60
    session.save()
    assert client.get("/admin/articles/article/").status_code == 200


def test_the_idle_time_is_configurable(people, settings):
    settings.SESSION_IDLE_TIMEOUT = 5 * 60
    client = Client()
    client.force_login(people["编辑"])
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 6 * 60
    session.save()
    assert client.get("/admin/").status_code == 302


def test_a_password_change_ends_the_users_other_sessions(people):
    office, laptop = Client(), Client()
    for c in (office, laptop):
        assert (
            c.post("/admin/login/", {"username": "bianji", "password": PASSWORD}).status_code == 302
        )
    new = "Xin-mima-2025#"
    changed = office.post(
        "/admin/password_change/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert changed.status_code == 302
    assert office.get("/admin/").status_code == 200  # the session that changed it stays
    assert laptop.get("/admin/").status_code == 302  # the other one is over
    from accounts.models import AuditEvent

    assert AuditEvent.objects.filter(action="password_changed", target="bianji").exists()


def test_a_weak_new_password_is_refused_at_the_desk(people):
    client = Client()
    client.force_login(people["编辑"])
    page = client.post(
        "/admin/password_change/",
        {"old_password": PASSWORD, "new_password1": "abc", "new_password2": "abc"},
    )
    assert page.status_code == 200 and "至少需要 12 个字符" in page.content.decode()


def test_session_cookies_are_secure_with_https(people, settings):
    settings.SESSION_COOKIE_SECURE = True
    client = Client()
    response = client.post(
        "/admin/login/", {"username": "tongxun", "password": PASSWORD}, secure=True
    )
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["secure"] and cookie["httponly"]
