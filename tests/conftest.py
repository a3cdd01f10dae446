import pytest
from django.core.management import call_command
from django.db import connection


def pytest_collection_modifyitems(config, items):
    """Tests for the other database are deselected, not skipped: a deselected test takes
    no part in the session's database setup (a PostgreSQL-only test that asks for a
    serialised rollback would otherwise make SQLite serialise tables it does not have)."""
    other = "sqlite" if connection.vendor == "postgresql" else "postgres"
    if connection.vendor not in ("postgresql", "sqlite"):
        return
    kept, deselected = [], []
    for item in items:
        (deselected if other in item.keywords else kept).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


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


@pytest.fixture(autouse=True)
def _second_factor_not_asked(settings):
    """Desk tests log in with a password or force_login; the second factor that production
    settings require (OTP_REQUIRED) is proved in tests/security/, which turns it back on."""
    settings.OTP_REQUIRED = False


@pytest.fixture(autouse=True)
def _pending_imports_in_tmp(settings, tmp_path_factory):
    """A page PDF waiting for its import's confirmation goes to a folder of the test run,
    never to var/pending of the working tree (and not shared by two suites run at once)."""
    settings.IMPORT_PENDING_ROOT = tmp_path_factory.getbasetemp() / "pending"
