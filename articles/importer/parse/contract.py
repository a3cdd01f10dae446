"""The parser's output: dataclasses, and the dry-run JSON contract built from them.

The contract is what ``import_legacy --dry-run --json`` prints and what the import
scorer reads; :func:`lost_chunks` measures lost text exactly as the scorer does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class Credit:
    name: str
    role: str = ""  # "本报记者", "记者", "通讯员", "供稿", "摄影" … as printed; "" when none
    kind: str = "person"  # "person" or "organization"
    # printed "本报记者张三" (role before name): the contract lists role first so the
    # printed order survives. Not part of equality.
    role_first: bool = field(default=False, compare=False, repr=False)


@dataclass
class Section:
    heading: str
    paragraphs: list[str]


@dataclass
class ColumnRun:
    column: str | None
    pinyin: str | None
    credits: list[Credit]
    sponsors: list[str]


@dataclass
class ParsedArticle:
    title: str
    kicker: str | None
    subtitle: str | None
    column: str | None
    banner: str | None
    paragraphs: list[str]
    sections: list[Section]
    captions: list[str]
    credits: list[Credit]
    source: str


@dataclass
class ParsedPage:
    sponsors: list[str]
    sponsors_unordered: bool
    column_runs: list[ColumnRun]
    banners: list[str]
    articles: list[ParsedArticle]
    unplaced: list[str]
    warnings: list[str]


def _credit_dict(c: Credit) -> dict:
    if c.role_first:
        return {"role": c.role, "name": c.name, "kind": c.kind}
    return {"name": c.name, "role": c.role, "kind": c.kind}


def page_to_contract(page: ParsedPage, *, source: str, encoding: str) -> dict:
    """The JSON-able dict other parts of the system (and the scorer) read."""
    return {
        "source": source,
        "encoding": encoding,
        "sponsors": list(page.sponsors),
        "sponsors_unordered": page.sponsors_unordered,
        "column_runs": [
            {
                "column": r.column,
                "pinyin": r.pinyin,
                "credits": [_credit_dict(c) for c in r.credits],
                "sponsors": list(r.sponsors),
            }
            for r in page.column_runs
        ],
        "banners": list(page.banners),
        "articles": [
            {
                "title": a.title,
                "kicker": a.kicker,
                "subtitle": a.subtitle,
                "column": a.column,
                "banner": a.banner,
                "body": "\n\n".join(a.paragraphs),
                "sections": [
                    {"heading": s.heading, "body": "\n\n".join(s.paragraphs)} for s in a.sections
                ],
                "credits": [_credit_dict(c) for c in a.credits],
                "captions": list(a.captions),
            }
            for a in page.articles
        ],
        "unplaced": list(page.unplaced),
        "warnings": list(page.warnings),
    }


# ----------------------------------------------------- lost-text check (as scored)

# exactly the labels the scorer ignores (ASCII punctuation)
_LABELS = ["(排名不分先后)", "本版协办单位", "栏目协办:", "本栏目组稿:"]


_NORM_RE = re.compile(r"[\s*#]+")


def norm(s: str | None) -> str:
    return _NORM_RE.sub("", s or "")


def _strings(x):
    if isinstance(x, str):
        yield x
    elif isinstance(x, dict):
        for v in x.values():
            yield from _strings(v)
    elif isinstance(x, list):
        for v in x:
            yield from _strings(v)


def placed_text(contract: dict) -> str:
    """The text the contract's fields carry (raw copies and warnings do not count)."""
    parts = list(contract.get("sponsors") or []) + list(contract.get("banners") or [])
    parts += list(contract.get("unplaced") or [])
    for run in contract.get("column_runs") or []:
        parts += [run.get("column") or "", *_strings(run.get("credits"))]
        parts += list(run.get("sponsors") or [])
    for a in contract.get("articles") or []:
        parts += [a.get(k) or "" for k in ("kicker", "title", "subtitle", "column", "body")]
        parts += list(_strings(a.get("sections"))) + list(_strings(a.get("credits")))
        parts += list(a.get("captions") or [])
    return "".join(p for p in parts if isinstance(p, str))


_CAPS_RE = re.compile(r"[A-Z|]+")


def lost_chunks(source_text: str, contract: dict) -> list[str]:
    """Whitespace-separated chunks of the source that no field of the contract carries."""
    out = norm(placed_text(contract))
    lost = []
    for line in source_text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line.startswith("- "):
            line = line[2:]
        line = line.replace("**", "")
        for lab in _LABELS:
            line = line.replace(lab, " ")
        for chunk in line.split():
            chunk = chunk.strip("()()|")  # noqa: B005
            if len(chunk) < 2 or _CAPS_RE.fullmatch(chunk):
                continue
            # a chunk holds no whitespace: norm(chunk) only drops * and #
            key = chunk.replace("*", "").replace("#", "") if "*" in chunk or "#" in chunk else chunk
            if key not in out:
                lost.append(chunk)
    return lost
