"""Reader page latency under gunicorn: cached and uncached pages beside a static file.

``run(base_url, sample)`` asks an already running server for the issue, article,
column and organisation pages and a static file, and returns one row per page
type and mode: cached (the same URL asked ``sample`` times after one warm-up, in
turns with the static file and the other cached pages) and
uncached (first hits on ``sample`` distinct articles/issues/columns/organisations,
each with a never-seen query string so the page cache cannot answer; the view
still renders the whole page from the database).

Run as a script against an already populated database (DATABASE_URL, e.g. after
``manage.py generate_archive --issues N``): it starts gunicorn with two workers,
debug off and a file cache the workers share, prints median and p95 per row, and
stops the server. Environment: BENCH_SAMPLE (default 50), BENCH_PORT.
"""

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")


def percentile(values, p):
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


def fetch(url):
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as response:
        response.read()
        status = response.status
    elapsed = (time.perf_counter() - started) * 1000
    if status != 200:
        raise RuntimeError(f"{url} 返回 {status}")
    return elapsed


def sample_paths(sample):
    """Distinct published pages of each type, read from the database."""
    import django

    django.setup()
    from articles.models import Article, Column, Issue
    from organizations.models import Organization

    articles = list(
        Article.objects.published().order_by("-id").values_list("pk", flat=True)[:sample]
    )
    issues = list(Issue.objects.published().values_list("number", flat=True)[:sample])
    columns = list(Column.objects.values_list("slug", flat=True)[:sample])
    orgs = list(
        Organization.objects.filter(credits__article__status="published")
        .distinct()
        .values_list("slug", flat=True)[:sample]
    )
    q = urllib.parse.quote
    return {
        "issue": [f"/issues/{n}/" for n in issues],
        "article": [f"/articles/{pk}/" for pk in articles],
        "column": [f"/columns/{q(s)}/" for s in columns],
        "organization": [f"/organizations/{q(s)}/" for s in orgs],
    }


def summarise(page, mode, timings):
    return {
        "page": page,
        "mode": mode,
        "n": len(timings),
        "median_ms": round(statistics.median(timings), 2),
        "p95_ms": round(percentile(timings, 95), 2),
    }


def run(base_url, sample=50):
    base_url = base_url.rstrip("/")
    paths = sample_paths(sample)
    if not paths["article"]:
        raise SystemExit(
            "数据库里没有已发布的文章:请先运行 manage.py generate_archive --issues N。"
        )
    static = base_url + "/static/css/site.css"
    cached_urls = {page: base_url + urls[0] for page, urls in paths.items() if urls}
    # Cached pages and the static file are asked in turns, round after round, so that
    # both see the same moment of the machine (asked in blocks, a block that follows
    # a burst of uncached pages measured up to twice as slow as the same page
    # asked in turns).
    for url in (static, *cached_urls.values()):
        fetch(url)
    timings = {"static": [], **{page: [] for page in cached_urls}}
    for _ in range(sample):
        timings["static"].append(fetch(static))
        for page, url in cached_urls.items():
            timings[page].append(fetch(url))
    rows = [summarise("static", "file", timings["static"])]
    for page, urls in paths.items():
        if not urls:
            continue
        rows.append(summarise(page, "cached", timings[page]))
        uncached = []
        for i in range(sample):
            nonce = uuid.uuid4().hex[:12]
            uncached.append(fetch(f"{base_url}{urls[i % len(urls)]}?nocache={nonce}"))
        rows.append(summarise(page, "uncached", uncached))
    return rows


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            fetch(url)
            return
        except (urllib.error.URLError, ConnectionError, RuntimeError):
            time.sleep(0.2)
    raise SystemExit(f"gunicorn 在 {seconds} 秒内没有响应 {url}")


def main():
    sample = int(os.environ.get("BENCH_SAMPLE", "50"))
    port = int(os.environ.get("BENCH_PORT") or free_port())
    cache_dir = tempfile.mkdtemp(prefix="newsroom-page-cache-")
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or "bench-secret-key",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_CACHE_DIR": cache_dir,
    }
    os.environ.update({k: env[k] for k in ("DJANGO_SECRET_KEY", "DJANGO_CACHE_DIR")})
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "newsroom.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    load_before = os.getloadavg()
    try:
        wait_until_up(base_url + "/static/css/site.css")
        rows = run(base_url, sample)
    finally:
        server.terminate()
        server.wait(timeout=10)
    load_after = os.getloadavg()
    print(f"读者页面延迟(gunicorn -w 2,每行 {sample} 次请求,毫秒)")
    print(
        f"机器负载(1/5/15 分钟平均,{os.cpu_count()} 核):开始 "
        + "/".join(f"{x:.2f}" for x in load_before)
        + ",结束 "
        + "/".join(f"{x:.2f}" for x in load_after)
    )
    print(f"{'页面':<14}{'方式':<10}{'中位数':>10}{'p95':>10}")
    for r in rows:
        print(f"{r['page']:<14}{r['mode']:<10}{r['median_ms']:>10.2f}{r['p95_ms']:>10.2f}")
    static = next(r for r in rows if r["page"] == "static")["median_ms"]
    for r in rows:
        if r["mode"] == "cached":
            print(f"{r['page']} 缓存页 / 静态文件 = {r['median_ms'] / static:.2f} 倍(目标 ≤ 2)")
    article = next((r for r in rows if r["page"] == "article" and r["mode"] == "uncached"), None)
    if article:
        print(f"文章页未缓存中位数 {article['median_ms']:.2f} ms(目标 < 50 ms)")


if __name__ == "__main__":
    main()
