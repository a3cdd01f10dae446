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
    # a roundup contributor's line "成都信息工程大学控制工程学院院长  蒋涛": unit and post
    unit: str = ""
    post: str = ""


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
    # editor's flags: "标题待补" when the copy lost its headline (the title is provisional)
    flags: list[str] = field(default_factory=list)


@dataclass
class ParsedPage:
    sponsors: list[str]
    sponsors_unordered: bool
    column_runs: list[ColumnRun]
    banners: list[str]
    articles: list[ParsedArticle]
    unplaced: list[str]
    warnings: list[str]
    # the e-paper page header ("3033 期 / 第3版:科协之窗"), None where nothing is printed
    issue: int | None = None
    page: int | None = None
    page_name: str | None = None
    date: str | None = None  # YYYY-MM-DD, from the header or the older portal's line
    header: str | None = None  # the header line as printed
    # what the saved page says about itself but is no article text (view counts…)
    metadata: dict = field(default_factory=dict)


def _credit_dict(c: Credit) -> dict:
    if c.role_first:
        d = {"role": c.role, "name": c.name, "kind": c.kind}
    else:
        d = {"name": c.name, "role": c.role, "kind": c.kind}
    if c.unit:
        d["unit"] = c.unit
    if c.post:
        d["post"] = c.post
    return d


def _article_dict(a: ParsedArticle) -> dict:
    d = {
        "title": a.title,
        "kicker": a.kicker,
        "subtitle": a.subtitle,
        "column": a.column,
        "banner": a.banner,
        "body": "\n\n".join(a.paragraphs),
        "sections": [{"heading": s.heading, "body": "\n\n".join(s.paragraphs)} for s in a.sections],
        "credits": [_credit_dict(c) for c in a.credits],
        "captions": list(a.captions),
    }
    if a.flags:
        d["flags"] = list(a.flags)
    return d


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
        "articles": [_article_dict(a) for a in page.articles],
        "unplaced": list(page.unplaced),
        "warnings": list(page.warnings),
        "issue": page.issue,
        "page": page.page,
        "page_name": page.page_name,
        "date": page.date,
        "header": page.header,
        "metadata": dict(page.metadata),
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
# the e-paper's header as the scorer reads it: "3033 期 / 第3版:科协之窗"
_HEADER_RE = re.compile(r"^\s*(\d+)\s*期\s*/\s*第\s*(\d+)\s*版\s*[:\uff1a]\s*(.*?)\s*$")


def header_understood(line: str, contract: dict) -> bool:
    """A header line whose issue, page and page name the contract carries: placed."""
    m = _HEADER_RE.match(line)
    return bool(
        m
        and contract.get("issue") == int(m[1])
        and contract.get("page") == int(m[2])
        and norm(contract.get("page_name")) == norm(m[3])
    )


def _glued_byline_placed(chunk: str, out: str) -> bool:
    """ "……工作。(锦江区科协": a byline glued to its paragraph, each part placed."""
    i = max(chunk.rfind("("), chunk.rfind("\uff08"))
    if i <= 0:
        return False
    head, tail = chunk[:i], chunk[i + 1 :].strip("()\uff08\uff09|")
    return norm(head) in out and (len(tail) < 2 or norm(tail) in out)


def lost_chunks(source_text: str, contract: dict) -> list[str]:
    """Whitespace-separated chunks of the source that no field of the contract carries."""
    out = norm(placed_text(contract))
    lost = []
    for line in source_text.splitlines():
        if header_understood(line, contract):
            continue
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
            if key not in out and not _glued_byline_placed(chunk, out):
                lost.append(chunk)
    return lost
