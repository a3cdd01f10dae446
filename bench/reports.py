"""Reports benchmark: 信息报送统计 and the reprint check on the archive at the paper's size.

Run through ``make bench`` (a throwaway PostgreSQL). BENCH_ISSUES issues are generated
(default 3300, about 200,000 articles) unless the database already holds an archive;
then the reports' tables are built (``rebuild_reports``: contributions, MinHash
fingerprints and their LSH bands, similar pairs) and timed, and the figures printed:

- the statistics page (the whole request, as an editor) for one year and for the whole
  archive (target < 300 ms);
- one article's reprint check (signature + band lookup + candidates), over a sample of
  archive articles (target < 50 ms).
"""

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

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from articles.models import Article, Issue  # noqa: E402
from articles.synthetic_archive import ArchiveBuilder  # noqa: E402
from reports import derive, reprints  # noqa: E402


def percentile(values, p):
    values = sorted(values)
    return values[max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))]


def timed(fn, runs):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return times


def line(label, times, target=None):
    goal = f"(目标 < {target} ms)" if target else ""
    print(
        f"{label:<28}中位 {statistics.median(times):8.1f} ms   P95 {percentile(times, 95):8.1f} ms {goal}",
        flush=True,
    )


def main():
    issues = int(os.environ.get("BENCH_ISSUES", "3300"))
    runs = int(os.environ.get("BENCH_RUNS", "20"))
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.OTP_REQUIRED = False  # the benchmark's editor has no second factor
    call_command("migrate", verbosity=0)
    if not Article.objects.exists():
        call_command("loaddata", str(ROOT / "seeds" / "paper.json"), verbosity=0)
        started = time.perf_counter()
        ids = ArchiveBuilder(issues).build()
        print(f"生成档案:{issues} 期、{len(ids)} 篇文章,{time.perf_counter() - started:.0f} 秒")
    started = time.perf_counter()
    articles, fingerprinted, pairs = derive.rebuild()
    seconds = time.perf_counter() - started
    print(
        f"建报送记录与相似稿件索引:{articles} 篇({fingerprinted} 篇有指纹,"
        f"{reprints.BANDS} 段 × {reprints.ROWS} 行),{pairs} 对相似稿件,{seconds:.1f} 秒,"
        f"{articles / seconds:.0f} 篇/秒",
        flush=True,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    user, _ = User.objects.get_or_create(username="bench-editor", defaults={"is_staff": True})
    user.groups.add(Group.objects.get(name="编辑"))
    client = Client()
    client.force_login(user)
    latest = Issue.objects.published().order_by("-date").first()
    year = str(latest.date.year if latest else 2025)
    print(f"\n数据库:{connection.vendor},文章 {Article.objects.count()} 篇\n", flush=True)
    for label, params in [
        (f"统计页 {year} 年", {"period": year}),
        (f"统计页 {year} 年(各单位分列)", {"period": year, "rollup": "0"}),
        (f"统计页 {year} 年 xlsx", {"period": year, "format": "xlsx"}),
        ("统计页 全部档案", {"period": "all"}),
    ]:
        response = client.get("/admin/statistics/", params)
        assert response.status_code == 200, response.status_code
        line(
            label, timed(lambda params=params: client.get("/admin/statistics/", params), runs), 300
        )

    sample = list(
        Article.objects.order_by("?").values_list("pk", "title", "body")[
            : int(os.environ.get("BENCH_SAMPLE", "200"))
        ]
    )
    checks, found = [], 0
    for pk, title, body in sample:
        started = time.perf_counter()
        sig = reprints.signature(reprints.article_text(title, body))
        matches = derive.similar_to({pk: sig}) if sig is not None else []
        checks.append((time.perf_counter() - started) * 1000)
        found += bool(matches)
    line(f"相似稿件检查(每篇,{len(sample)} 篇)", checks, 50)
    print(f"  其中 {found} 篇在档案中有相似稿件(相似度 ≥ {reprints.THRESHOLD:.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
