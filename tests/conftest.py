import importlib

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connection


def pytest_collection_modifyitems(config, items):
    vendor = connection.vendor
    for item in items:
        if "postgres" in item.keywords and vendor != "postgresql":
            item.add_marker(pytest.mark.skip(reason="需要 PostgreSQL(make test 会启动一个)"))
        if "sqlite" in item.keywords and vendor != "sqlite":
            item.add_marker(pytest.mark.skip(reason="SQLite 专用测试,由 make test 的第二轮运行"))


@pytest.fixture
def seed_paper(db):
    """The seeded organisations (省科协 and its 21 city/prefecture associations) and columns."""
    call_command("loaddata", "seeds/paper.json", verbosity=0)


def change_form_data(response):
    """What the browser would post back from an admin change form, unchanged."""
    data = {}
    form = response.context["adminform"].form
    forms = [form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    for f in forms:
        for name in f.fields:
            value = f[name].value()
            if value is None or value is False:
                continue
            if name == "tags" and not isinstance(value, str):
                value = ", ".join(t.name for t in value)
            data[f.add_prefix(name)] = value
    return data


@pytest.fixture
def roles_restored():
    """For a transactional test: the flush after it empties the role groups that migration
    0004 created; put them back (the permissions themselves come back with post_migrate)."""
    yield
    roles = importlib.import_module("articles.migrations.0004_editorial_roles").ROLES
    for name, codes in roles.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            [
                Permission.objects.get(content_type__app_label=app, codename=codename)
                for app, codename in (code.split(".") for code in codes)
            ]
        )
