"""Whole adversarial pages, one per combination of shapes of legacy-format.md.

Each ``legacy_shapes/NAME.txt`` (in the encoding and line endings an archive may
use) has a gold annotation ``NAME.json`` in the import scorer's format, written as a
careful editor reads the page, not as the parser happens to read it. The page must
score like the seeds: every annotated article found, nothing else read as an
article, at least 95 % of the field checks passed, and no text lost.
"""

import json
import pathlib
import re

import pytest

from articles.importer.decode import decode_bytes
from articles.importer.parse import page_to_contract, parse_page

SHAPES = pathlib.Path(__file__).resolve().parent / "legacy_shapes"
NAMES = sorted(p.stem for p in SHAPES.glob("*.txt"))


# --- scoring: copied (slightly condensed) from shared/eval/score_import.py, the
# --- import scorer, so that the test runs where shared/ is not beside the repo.


def norm(s):
    return re.sub(r"[\s*#]+", "", s or "")


def strings(x):
    if isinstance(x, str):
        yield x
    elif isinstance(x, dict):
        for v in x.values():
            yield from strings(v)
    elif isinstance(x, list):
        for v in x:
            yield from strings(v)


# exactly the scorer's labels and brackets: ASCII only (a full-width bracket stays on
# its chunk, so the chunk must be placed as printed, e.g. in unplaced)
LABELS = ["(排名不分先后)", "本版协办单位", "栏目协办:", "本栏目组稿:"]


def placed_text(page):
    parts = list(page.get("sponsors") or []) + list(page.get("banners") or [])
    parts += list(page.get("unplaced") or [])
    for run in page.get("column_runs") or []:
        parts += [run.get("column") or "", *strings(run.get("credits"))]
        parts += list(run.get("sponsors") or [])
    for a in page.get("articles") or []:
        parts += [a.get(k) or "" for k in ("kicker", "title", "subtitle", "column", "body")]
        parts += list(strings(a.get("sections"))) + list(strings(a.get("credits")))
        parts += list(a.get("captions") or [])
    return "".join(p for p in parts if isinstance(p, str))


def lost_chunks(source_text, page):
    out = norm(placed_text(page))
    lost = []
    for line in source_text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line.startswith("- "):
            line = line[2:]
        line = line.replace("**", "")
        for lab in LABELS:
            line = line.replace(lab, " ")
        for chunk in line.split():
            chunk = chunk.strip("()|")
            if len(chunk) < 2 or re.fullmatch(r"[A-Z|]+", chunk):
                continue
            if norm(chunk) not in out:
                lost.append(chunk)
    return lost


def credit_names(credits):
    return {norm(c["name"] if isinstance(c, dict) else c) for c in credits or []}


def score_page(gold, page, source_text):
    arts = page.get("articles", [])
    opt = {norm(t) for t in gold.get("optional_titles", [])}

    def keys(a):
        return {norm(a.get("title")), norm((a.get("kicker") or "") + (a.get("title") or ""))}

    used, found, checks, passed, misses = set(), 0, 0, 0, []

    def check(ok, what):
        nonlocal checks, passed
        checks += 1
        passed += bool(ok)
        if not ok:
            misses.append(what)

    for g in gold["articles"]:
        want = {norm(g["title"]), norm((g.get("kicker") or "") + g["title"])}
        idx = next((i for i, a in enumerate(arts) if i not in used and keys(a) & want), None)
        if idx is None:
            misses.append("missing article: " + g["title"])
            continue
        used.add(idx)
        found += 1
        a = arts[idx]
        text = norm(
            (a.get("body") or "")
            + "".join(
                (s.get("heading") or "") + (s.get("body") or "") for s in a.get("sections") or []
            )
        )
        t = g["title"][:16]
        if g.get("credits") is not None:
            got = credit_names(a.get("credits"))
            check(got == {norm(n) for n in g["credits"]}, f"{t}: credits {sorted(got)}")
        if g.get("column") is not None:
            check(norm(a.get("column")) == norm(g["column"]), f"{t}: column {a.get('column')!r}")
        if g.get("sections") is not None:
            got = [norm(s.get("heading")) for s in a.get("sections") or []]
            check(got == [norm(h) for h in g["sections"]], f"{t}: sections {got}")
        for cap in g.get("captions") or []:
            caps = {norm(c) for c in a.get("captions") or []}
            check(norm(cap) in caps, f"{t}: caption not recognised: {cap}")
        if g.get("starts"):
            pos = text.find(norm(g["starts"]))
            check(0 <= pos <= 40, f"{t}: text does not start with {g['starts']!r}")
        if g.get("ends"):
            tail = text[-(len(norm(g["ends"])) + 30) :]
            check(norm(g["ends"]) in tail, f"{t}: text does not end with {g['ends']!r}")
        for j in g.get("joins") or []:
            check(norm(j) in text, f"{t}: broken paragraph not re-joined: {j!r}")
    extra = [a.get("title") for i, a in enumerate(arts) if i not in used and not (keys(a) & opt)]
    misses += [f"extra article: {x}" for x in extra]
    got = [norm(s) for s in page.get("sponsors") or []]
    check(got == [norm(s) for s in gold["sponsors"]], f"sponsors: got {got}")
    got_cc = set()
    for cc in (page.get("column_runs") or []) + (page.get("column_credits") or []):
        got_cc |= credit_names(cc.get("credits"))
    check(got_cc == {norm(n) for n in gold["column_credits"]}, f"column credits {sorted(got_cc)}")
    if gold["column_sponsors"]:
        got_cs = set()
        for cs in (page.get("column_runs") or []) + (page.get("column_sponsors") or []):
            got_cs |= {norm(s) for s in cs.get("sponsors") or []}
        ok = {norm(s) for s in gold["column_sponsors"]} <= got_cs
        check(ok, f"column sponsors {sorted(got_cs)}")
    lost = lost_chunks(source_text, page)
    misses += ["text lost: " + x[:30] for x in lost]
    produced = len(arts) - sum(1 for i, a in enumerate(arts) if i not in used and keys(a) & opt)
    return dict(
        gold=len(gold["articles"]),
        found=found,
        produced=produced,
        checks=checks,
        passed=passed,
        lost=len(lost),
        misses=misses,
    )


# --- the test


def run(name):
    data = (SHAPES / f"{name}.txt").read_bytes()
    decoded = decode_bytes(data, f"{name}.txt")
    contract = page_to_contract(
        parse_page(decoded.text), source=f"{name}.txt", encoding=decoded.encoding
    )
    gold = json.loads((SHAPES / f"{name}.json").read_text(encoding="utf-8"))
    return decoded, contract, score_page(gold, contract, decoded.text)


@pytest.mark.parametrize("name", NAMES)
def test_an_unseen_page_scores_like_the_seeds(name):
    _, _, r = run(name)
    assert r["found"] == r["gold"], r["misses"]  # recall 100 %
    assert r["produced"] == r["found"], r["misses"]  # precision 100 %
    assert r["passed"] >= 0.95 * r["checks"], r["misses"]
    assert r["lost"] == 0, r["misses"]


def test_every_page_has_its_gold_file():
    assert NAMES
    assert sorted(p.stem for p in SHAPES.glob("*.json")) == NAMES


if (
    __name__ == "__main__"
):  # a report of every miss: python tests/articles/importer/test_parse_shapes.py
    for n in NAMES:
        d, c, r = run(n)
        print(
            f"{n} ({d.encoding}): articles {r['found']}/{r['gold']} found, {r['produced']} "
            f"produced, fields {r['passed']}/{r['checks']}, lost chunks {r['lost']}"
        )
        for m in r["misses"]:
            print("   -", m)
