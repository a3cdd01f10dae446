"""Import throughput: legacy pages written into the database, one process, one core.

Run through ``make bench`` (on a throwaway PostgreSQL) or directly against
DATABASE_URL. Imports the three seed pages again and again into new issues
(``BENCH_IMPORT_PAGES`` pages in all, default 300; ``BENCH_IMPORT_PUBLISH=0`` for
drafts, which search does not index), each through
``articles.importer.load.import_page`` exactly as ``manage.py import_legacy``
does (one transaction a page, people and organisations resolved, search index
updated on commit), and prints pages per second beside parsing alone.

Then the e-paper's shape, one story a file: each seed page's articles are written
out as saved article pages (header, kicker, headline, paragraphs, byline) and each
page's stories are gathered into it through ``import_stories``, as ``manage.py
import_legacy`` does for many files of one page.
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
from articles.importer.load import Resolver, import_page, import_stories  # noqa: E402
from articles.importer.parse import parse_page  # noqa: E402
from articles.models import Article  # noqa: E402

PAGES = int(os.environ.get("BENCH_IMPORT_PAGES", "300"))
# Archive migration (published, so also indexed for search) by default; 0 for draft imports.
PUBLISH = os.environ.get("BENCH_IMPORT_PUBLISH", "1") != "0"
FIRST_ISSUE = 900_000  # far from any real issue number
FIRST_STORY_ISSUE = 950_000


def story_files(page_number, text):
    """A whole seed page as the e-paper saves it: one text a story."""
    files = []
    for k, a in enumerate(parse_page(text).articles, start=1):
        lines = [f"3109 期 / 第{page_number}版:科协之窗", *filter(None, [a.kicker, a.title])]
        byline = " ".join(c.name for c in a.credits)
        body = "\n\n".join(
            a.paragraphs + [p for s in a.sections for p in [s.heading, *s.paragraphs]]
        )
        text = "\n".join(lines) + "\n\n" + body + (f"({byline})" if byline else "") + "\n"
        files.append((text, f"3109-{page_number}-{k}.txt", "utf-8", parse_page(text)))
    return files


def import_story_pages(sources, resolver):
    """Pages of one story a file: (pages, stories, seconds, per-page times)."""
    pages = [
        story_files(k % len(sources) + 1, sources[k % len(sources)][1].text) for k in range(PAGES)
    ]
    per_page = []
    started = time.perf_counter()
    for i, stories in enumerate(pages):
        t0 = time.perf_counter()
        import_stories(
            stories,
            issue_number=FIRST_STORY_ISSUE + i // len(sources),
            page_number=i % len(sources) + 1,
            date=datetime.date(2000, 1, 1) + datetime.timedelta(weeks=i // len(sources)),
            publish=PUBLISH,
            resolver=resolver,
        )
        per_page.append(time.perf_counter() - t0)
    return len(pages), sum(len(s) for s in pages), time.perf_counter() - started, sorted(per_page)


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
    pages, stories, seconds, per_story_page = import_story_pages(sources, resolver)
    print(
        f"一文一档(电子报存档网页,{stories} 个文件归入 {pages} 版):"
        f"{pages / seconds:8.1f} 版/秒({stories / seconds:.0f} 个文件/秒),"
        f"每版中位 {statistics.median(per_story_page) * 1000:.1f} ms,"
        f"P95 {per_story_page[int(len(per_story_page) * 0.95) - 1] * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
