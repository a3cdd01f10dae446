"""Search benchmark: build the archive at the paper's size, index it, time the queries.

Run through ``make bench`` (a throwaway PostgreSQL). Environment:

BENCH_ISSUES   issues to generate (default 3300, about 200,000 articles)
BENCH_RUNS     timed runs per query for the index search (default 30)
BENCH_SCAN_RUNS timed runs per query for icontains (default 5)
BENCH_SAMPLE   requests per row of the reader page benchmark (default 50)
BENCH_BASE_URL measure the pages of this running server instead of starting gunicorn
BENCH_SEARCH_ONLY=1 only the search table (skip the cold indexing throughput and the
               reader page latency)

An archive already in the database (DATABASE_URL) is reused as it is: nothing is
generated or indexed then (run ``manage.py rebuild_search_index`` after changing the
index).

Prints indexing throughput, then per query the median and 95th percentile
latency of one results page (parse, count, rank, load 20 articles, snippets)
beside the same query answered with ``icontains``, and recall: the index's full
match set must contain every article ``icontains`` finds.
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

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Q  # noqa: E402

from articles import changes  # noqa: E402
from articles.models import Article  # noqa: E402
from articles.search import index, query  # noqa: E402
from articles.synthetic_archive import ArchiveBuilder  # noqa: E402
from newsroom.segment import get_segmenter  # noqa: E402

QUERIES = [
    ("一个字", "科"),
    ("一个字(少见)", "菊"),
    ("两个字", "科协"),
    ("两个字", "帮扶"),
    ("词", "乡村振兴"),
    ("词(分词不同)", "二十大精神"),
    ("项目名", "天府科技云"),
    ("项目名", "科普示范县"),
    ("组织简称", "泸州市科协"),
    ("组织全称", "四川省科学技术协会"),
    ("人名", "陈文菊"),
    ("数字", "2022"),
    ("多词", "科普 乡村振兴"),
    ("多词", "泸州市科协 帮扶"),
    ("短语", '"学习贯彻党的二十大精神"'),
    ("无结果", "量子引力波望远镜"),
]


def percentile(values, p):
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


def timed(fn, runs):
    times = []
    result = None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return times, result


def scan_condition(text):
    condition = Q()
    for part in text.replace('"', " ").split():
        condition &= (
            Q(title__icontains=part)
            | Q(kicker__icontains=part)
            | Q(subtitle__icontains=part)
            | Q(body__icontains=part)
        )
    return condition


def scan_page(text):
    qs = Article.objects.published().filter(scan_condition(text))
    count = qs.count()
    # The same rows as a search result page loads, loaded the same way.
    ids = list(qs.order_by("-page__issue__date", "-id").values_list("pk", flat=True)[:20])
    found = query.load_results(ids)
    page = [found[pk] for pk in ids if pk in found]
    return count, page


def build(issues):
    started = time.perf_counter()
    ids = ArchiveBuilder(issues).build()
    generated = time.perf_counter() - started
    print(f"生成档案:{issues} 期、{len(ids)} 篇文章,{generated:.0f} 秒", flush=True)
    processes = os.cpu_count() or 1
    started = time.perf_counter()
    written = changes.rebuild_index(processes=processes)
    seconds = time.perf_counter() - started
    print(
        f"索引(批量重建,{processes} 个分词进程,含建 GIN 索引):{written} 篇,{seconds:.0f} 秒,"
        f"{written / seconds:.0f} 篇/秒",
        flush=True,
    )
    return written


def cold_throughput(sample=2000):
    """Segmenting and building documents in one process with an empty word cache."""
    ids = list(Article.objects.published().order_by("?").values_list("pk", flat=True)[:sample])
    sources = index.load_sources(ids)
    segmenter = get_segmenter()
    segmenter._cached_index_block.cache_clear()
    started = time.perf_counter()
    for source in sources:
        index.build_document(source)
    seconds = time.perf_counter() - started
    print(f"单进程建索引文档(分词缓存清空):{len(sources) / seconds:.0f} 篇/秒", flush=True)


def explain(text):
    if connection.vendor != "postgresql":
        return ""
    parsed = query.parse(text)
    sql, values = query.answer_sql(parsed, query.COUNT_CAP + 1, 20)
    with transaction.atomic(), connection.cursor() as cursor:
        # The statement a first page of results runs, with the search's planner settings:
        # year buckets newest first, each a GIN lookup of the terms' grams, candidates
        # confirmed with strpos on the stored text; the title window; the ranking.
        cursor.execute(query.PLANNER_SETTINGS)
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) {sql}", values)
        return "\n".join(r[0] for r in cursor.fetchall())


def main():
    issues = int(os.environ.get("BENCH_ISSUES", "3300"))
    runs = int(os.environ.get("BENCH_RUNS", "30"))
    scan_runs = int(os.environ.get("BENCH_SCAN_RUNS", "5"))
    call_command("migrate", verbosity=0)
    if not Article.objects.exists():
        call_command("loaddata", str(ROOT / "seeds" / "paper.json"), verbosity=0)
        build(issues)
    total = Article.objects.published().count()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    search_only = os.environ.get("BENCH_SEARCH_ONLY") == "1"
    if not search_only:
        cold_throughput()
    print(f"\n数据库:{connection.vendor},已发布文章 {total} 篇\n", flush=True)
    print(explain("科协系统"), "\n", flush=True)

    header = (
        f"{'类型':<10}{'查询':<22}{'结果数':>8}{'索引 中位':>10}{'索引 P95':>10}"
        f"{'icontains 中位':>15}{'icontains P95':>14}{'倍数':>8}  召回"
    )
    print(header)
    print("-" * len(header.encode("gbk", "replace")))
    all_times, failures, slowest_ratio = [], [], None
    for kind, text in QUERIES:
        parsed = query.parse(text)
        query.search(parsed)  # warm the caches once
        times, results = timed(lambda parsed=parsed: query.search(parsed), runs)
        scan_times, (scan_count, _) = timed(lambda text=text: scan_page(text), scan_runs)
        found = query.all_matching_ids(parsed)
        expected = set(
            Article.objects.published().filter(scan_condition(text)).values_list("pk", flat=True)
        )
        lost = expected - found
        recall = "完整" if not lost else f"漏 {len(lost)} 篇"
        if lost:
            failures.append(text)
        ratio = statistics.median(scan_times) / statistics.median(times)
        slowest_ratio = ratio if slowest_ratio is None else min(slowest_ratio, ratio)
        all_times.extend(times)
        print(
            f"{kind:<10}{text:<22}{results.count:>8}{statistics.median(times):>9.1f}ms"
            f"{percentile(times, 95):>9.1f}ms{statistics.median(scan_times):>13.1f}ms"
            f"{percentile(scan_times, 95):>12.1f}ms{ratio:>7.0f}x  {recall}"
            f"{'' if results.count >= min(scan_count, query.COUNT_CAP + 1) else ' (结果数少于 icontains!)'}",
            flush=True,
        )
    p95 = percentile(all_times, 95)
    print(
        f"\n全部查询:P95 {p95:.1f} ms(目标 < 50 ms),"
        f"最慢一项只快 {slowest_ratio:.0f} 倍(目标 ≥ 20 倍),"
        f"召回 {'全部完整' if not failures else '有遗漏:' + '、'.join(failures)}",
        flush=True,
    )

    if search_only:
        return 1 if failures else 0
    try:
        sys.path.insert(0, str(ROOT / "bench"))
        import page_latency
    except ImportError:
        print("\nbench/page_latency.py 不存在,跳过页面延迟测量。")
    else:
        print(flush=True)
        base_url = os.environ.get("BENCH_BASE_URL", "")
        if base_url:
            # A server already running against this database: ask it directly.
            sample = int(os.environ.get("BENCH_SAMPLE", "50"))
            print(f"读者页面延迟({base_url},每行 {sample} 次请求,毫秒)")
            for r in page_latency.run(base_url, sample):
                print(f"{r['page']:<14}{r['mode']:<10}{r['median_ms']:>10.2f}{r['p95_ms']:>10.2f}")
        else:
            # Starts gunicorn on this database (DATABASE_URL), measures, prints, stops it.
            page_latency.main()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
