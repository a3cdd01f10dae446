"""Benchmark: pages per second parsed by the legacy page parser (one core).

Run from the repository root:  .venv/bin/python bench/parse_throughput.py [SECONDS]

Parses the seed pages (the repository's own seeds/pages/*.txt, the same three pages
as ../shared/seeds) over and over, and prints the throughput. Not a test.
"""

import pathlib
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from articles.importer.parse import page_to_contract, parse_page  # noqa: E402


def seed_pages() -> list[str]:
    for folder in (ROOT / "seeds" / "pages", ROOT.parent / "shared" / "seeds"):
        files = sorted(folder.glob("*.txt"))
        if files:
            return [f.read_text(encoding="utf-8") for f in files]
    sys.exit("no seed pages (*.txt) found in seeds/pages or ../shared/seeds")


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
    pages = seed_pages()
    for text in pages:  # warm-up (regex compilation)
        page_to_contract(parse_page(text), source="", encoding="utf-8")
    n = 0
    chars = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for text in pages:
            page_to_contract(parse_page(text), source="", encoding="utf-8")
            n += 1
            chars += len(text)
    elapsed = time.perf_counter() - start
    print(
        f"parsed {n} pages ({len(pages)} seed pages repeatedly) in {elapsed:.2f} s: "
        f"{n / elapsed:.0f} pages/s, {chars / elapsed / 1e6:.2f} M chars/s"
    )


if __name__ == "__main__":
    main()
