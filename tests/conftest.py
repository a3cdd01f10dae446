import pytest
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
    from django.core.management import call_command

    call_command("loaddata", "seeds/paper.json", verbosity=0)
