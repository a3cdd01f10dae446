"""Photos and facsimiles benchmark (make bench), three figures with their targets:

- the renditions of a 24-megapixel JPEG (6000 × 4000 with EXIF): check, turn upright,
  strip EXIF, the served original and WebP + JPEG at four widths (target < 1 s);
- rendering an A3 page PDF set in six columns of Chinese text at print resolution
  (300 dpi, 3508 × 4961) with pypdfium2 (target < 2 s), and the whole facsimile
  (render, text layer, screen image and thumbnail encoded);
- the cached facsimile page under gunicorn beside a static file, asked in turns
  (target ≤ 2×).

Needs a database (DATABASE_URL: make bench gives a throwaway PostgreSQL); writes its
media into a temporary folder.
"""

import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# This script is bench/photos.py: bench/ must not shadow the photos app.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
MEDIA = tempfile.mkdtemp(prefix="newsroom-bench-media-")
os.environ["DJANGO_MEDIA_ROOT"] = MEDIA

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

from bench.page_latency import fetch, free_port, percentile, wait_until_up  # noqa: E402

RUNS = int(os.environ.get("BENCH_PHOTO_RUNS", "5"))
FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
TEXT = "本报讯 近日,泸州市科协启动星辰计划,面向全市中小学生开展天文科普活动,组织天文台开放日和流动天文馆进校园。"


def timed(fn, runs=RUNS):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return times


def camera_jpeg():
    # a photo-like picture: smooth gradients, edges, and sensor noise (pure noise would be
    # a worst case no camera produces; the run prints the file size)
    gradient = Image.linear_gradient("L").resize((6000, 4000))
    noise = Image.effect_noise((6000, 4000), 18)
    image = Image.merge("RGB", (gradient, noise, gradient.rotate(180)))
    ImageDraw.Draw(image).ellipse([1500, 800, 4500, 3400], outline=(250, 240, 200), width=40)
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x8825] = {1: "N", 2: (30.0, 39.0, 36.0), 3: "E", 4: (104.0, 4.0, 12.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, exif=exif)
    return buffer.getvalue()


def dense_page_pdf(articles):
    from fpdf import FPDF

    document = FPDF(orientation="P", unit="mm", format="A3")
    document.set_auto_page_break(False)
    document.add_font("cjk", "", FONT)
    document.add_page()
    width = (297 - 30) / 6
    for i, (title, paragraphs) in enumerate(articles):
        x = 15 + (i % 6) * width
        document.set_xy(x, 30 + (i // 6) * 190)
        document.set_font("cjk", size=14)
        document.multi_cell(width - 4, 7, title)
        document.set_font("cjk", size=9)
        for paragraph in paragraphs:
            document.set_x(x)
            document.multi_cell(width - 4, 4.6, paragraph)
    return bytes(document.output())


def line(label, times, target):
    median = statistics.median(times)
    print(f"{label}:中位数 {median:.3f} s,最慢 {max(times):.3f} s(目标 {target})")


def main():
    from photos import images, pdf, store

    data = camera_jpeg()
    processed = images.process(data, "24mp.jpg")
    print(f"24 百万像素 JPEG({len(data) / 1e6:.1f} MB),{len(processed.renditions)} 个尺寸版本")
    line("24 百万像素照片的全部尺寸版本", timed(lambda: images.process(data, "24mp.jpg")), "< 1 s")

    articles = [(f"科协报道标题第{i}篇", [TEXT * 4, TEXT * 3]) for i in range(12)]
    page_data = dense_page_pdf(articles)

    def render():
        document, page = pdf.open_pdf(page_data, "page.pdf")
        try:
            pdf.render(page, dpi=300)
        finally:
            page.close()
            document.close()

    line("版面 PDF 按 300 dpi 渲染(3508 × 4961)", timed(render), "< 2 s")
    line(
        "整个版面图(渲染、文字层、版面图和缩略图编码)",
        timed(lambda: store.rendered_facsimile(page_data, "page.pdf")),
        "参考",
    )

    latency(articles, page_data)


def latency(articles, page_data):
    from articles.models import Article, Issue, Page
    from photos import store

    call_command("migrate", verbosity=0)
    issue = Issue.objects.filter(number=99001).first()
    if issue is None:
        issue = Issue.objects.create(
            number=99001,
            date="2030-01-04",
            status=Issue.Status.PUBLISHED,
            published_at=timezone.now(),
        )
        page = Page.objects.create(issue=issue, number=1, name="要闻")
        for i, (title, paragraphs) in enumerate(articles, start=1):
            Article.objects.create(
                page=page, position=i, title=title, body="\n\n".join(paragraphs),
                status=Article.Status.PUBLISHED, published_at=timezone.now(),
            )  # fmt: skip
        _facsimile, layer = store.attach_facsimile(page, page_data, "page.pdf")
        store.save_areas(page, store.propose_page_areas(page, layer)[0], proposed=True)
    sample = int(os.environ.get("BENCH_SAMPLE", "50"))
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or "bench-secret-key",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_CACHE_DIR": tempfile.mkdtemp(prefix="newsroom-page-cache-"),
    }
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "newsroom.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/static/css/site.css")
        page_url, static_url = base + "/issues/99001/pages/1/", base + "/static/css/site.css"
        body = urllib_text(page_url)
        assert "edition-area" in body, "the facsimile page shows no area"
        fetch(page_url)  # warm the cache
        pages, statics = [], []
        for _ in range(sample):
            pages.append(fetch(page_url))
            statics.append(fetch(static_url))
    finally:
        server.terminate()
        server.wait(timeout=10)
    p, s = statistics.median(pages), statistics.median(statics)
    print(
        f"版面图页(已缓存,gunicorn -w 2,{sample} 次,与静态文件轮流请求):中位数 {p:.2f} ms,p95 {percentile(pages, 95):.2f} ms"
    )
    print(f"静态文件:中位数 {s:.2f} ms,p95 {percentile(statics, 95):.2f} ms")
    print(f"版面图页 / 静态文件 = {p / s:.2f} 倍(目标 ≤ 2)")


def urllib_text(url):
    import urllib.request

    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode()


if __name__ == "__main__":
    main()
