"""Shared by the threat tests: desk users in their roles, production's second factor."""

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.cache import cache

from accounts.roles import grant_chief_security

PASSWORD = "Kexie-bao-2024!"  # passes the desk's password rules


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def production_second_factor(settings):
    """OTP_REQUIRED as production settings have it (tests/conftest.py turns it off)."""
    settings.OTP_REQUIRED = True


@pytest.fixture
def people(db):
    """A 通讯员, an 编辑 and a 主编 (with the security permissions migration 0002 gives)."""
    grant_chief_security(Group, Permission)
    users = {}
    for username, role in (("tongxun", "通讯员"), ("bianji", "编辑"), ("zhubian", "主编")):
        user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        users[role] = user
    return users


@pytest.fixture
def clean_cache():
    cache.clear()
    yield
    cache.clear()
