"""Import throughput: legacy pages written into the database, one process, one core.

Run through ``make bench`` (on a throwaway PostgreSQL) or directly against
DATABASE_URL. Imports the three seed pages again and again into new issues
(``BENCH_IMPORT_PAGES`` pages in all, default 300; ``BENCH_IMPORT_PUBLISH=0`` for
drafts, which search does not index), each through
``articles.importer.load.import_page`` exactly as ``manage.py import_legacy``
does (one transaction a page, people and organisations resolved, search index
updated on commit), and prints pages per second beside parsing alone.
"""

import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from articles.importer.decode import decode_bytes  # noqa: E402
from articles.importer.load import Resolver, import_page  # noqa: E402
from articles.importer.parse import parse_page  # noqa: E402
from articles.models import Article  # noqa: E402

PAGES = int(os.environ.get("BENCH_IMPORT_PAGES", "300"))
# Archive migration (published, so also indexed for search) by default; 0 for draft imports.
PUBLISH = os.environ.get("BENCH_IMPORT_PUBLISH", "1") != "0"
FIRST_ISSUE = 900_000  # far from any real issue number


def main():
    call_command("migrate", verbosity=0)
    call_command("loaddata", str(ROOT / "seeds" / "paper.json"), verbosity=0)
    sources = []
    for path in sorted((ROOT / "seeds" / "pages").glob("*.txt")):
        sources.append((path.name, decode_bytes(path.read_bytes(), path.name)))

    started = time.perf_counter()
    for i in range(PAGES):
        parse_page(sources[i % len(sources)][1].text)
    parse_seconds = time.perf_counter() - started

    resolver = Resolver()
    per_page = []
    articles_before = Article.objects.count()
    started = time.perf_counter()
    for i in range(PAGES):
        name, decoded = sources[i % len(sources)]
        issue = FIRST_ISSUE + i // len(sources)
        t0 = time.perf_counter()
        import_page(
            decoded.text,
            source_name=name,
            encoding=decoded.encoding,
            issue_number=issue,
            page_number=i % len(sources) + 1,
            date=datetime.date(2000, 1, 1) + datetime.timedelta(weeks=i // len(sources)),
            publish=PUBLISH,
            resolver=resolver,
        )
        per_page.append(time.perf_counter() - t0)
    import_seconds = time.perf_counter() - started
    articles = Article.objects.count() - articles_before

    per_page.sort()
    mode = "存档直接发布(含搜索索引)" if PUBLISH else "草稿"
    print(f"数据库:{connection.vendor},导入 {PAGES} 版({articles} 篇文章),{mode},单进程")
    print(f"解析:{PAGES / parse_seconds:8.1f} 版/秒")
    print(
        f"导入:{PAGES / import_seconds:8.1f} 版/秒({articles / import_seconds:.0f} 篇/秒),"
        f"每版中位 {statistics.median(per_page) * 1000:.1f} ms,"
        f"P95 {per_page[int(len(per_page) * 0.95) - 1] * 1000:.1f} ms(目标 ≥ 20 版/秒)"
    )


if __name__ == "__main__":
    main()
