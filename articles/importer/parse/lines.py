"""Lines of the page: Markdown markup removed, then a context-free kind each
(sponsor label, column header, byline, compilers line, masthead, heading, text…)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .credits import parse_credit_text
from .epaper import (
    Contributor,
    is_captionish,
    parse_contributor,
    parse_header,
    parse_portal_meta,
)
from .lexicon import (
    BROKEN_ENDINGS,
    COLHEAD_RE,
    COMMA_RE,
    DASH_START_RE,
    HAN,
    HAN_RE,
    HEADING_MAX,
    LEAD_RE,
    MASTHEAD_RE,
    MD_HEADING_MAX,
    NUMBERED_RE,
    PINYIN_LINE_RE,
    SENTENCE_PUNCT,
    SPONSOR_LABEL,
    SUBHEAD_MAX,
    SUBTITLE_MAX,
    ends_final,
    is_dateline,
    is_pinyin_of,
    strip_closers,
)
from .sponsors import unit_tokens


@dataclass
class Line:
    idx: int
    start: int
    end: int
    raw: str  # the line as printed, stripped
    text: str  # markup removed
    level: int  # Markdown heading level (0: none)
    bullet: bool
    gap: int  # blank lines before it
    kind: str = "text"
    photo_gap: bool = False
    data: dict = field(default_factory=dict)


def _clean_line(raw: str) -> tuple[str, int, bool]:
    s = raw.strip()
    stripped = s.lstrip("#")
    level = len(s) - len(stripped)
    s = stripped.strip()
    bullet = False
    if s.startswith(("- ", "* ", "+ ")) or s in ("-", "*", "+"):
        bullet = True
        s = s[2:].strip()
    s = s.replace("**", "").replace("__", "").strip()
    return s, level, bullet


def make_lines(text: str) -> list[Line]:
    blocks: list[Line] = []
    pos = 0
    gap = 0
    for line in text.splitlines(keepends=True):
        start = pos
        pos += len(line)
        raw = line.strip()
        if not raw:
            gap += 1
            continue
        clean, level, bullet = _clean_line(raw)
        lead = len(line) - len(line.lstrip())
        body_end = start + len(line.rstrip())
        blk = Line(len(blocks), start + lead, body_end, raw, clean, level, bullet, gap)
        gap = 0
        if not clean:
            blk.kind = "rule"
        blocks.append(blk)
    return blocks


#: the e-paper's page header is printed on one of a saved page's first lines
HEADER_LINES = 3


def classify(blocks: list[Line]) -> None:
    seen = 0
    for i, b in enumerate(blocks):
        if b.kind == "rule":
            continue
        seen += 1
        s = b.text
        if seen <= HEADER_LINES and (header := parse_header(s)) is not None:
            b.kind = "header"
            b.data = {"header": header}
            continue
        if (meta := parse_portal_meta(s)) is not None:
            b.kind = "portal_meta"
            b.data = {"meta": meta}
            continue
        if is_captionish(s):
            b.kind = "caption"
            continue
        if (who := _contributor(blocks, i)) is not None:
            b.kind = "contributor"
            b.data = {"contributor": who}
            continue
        if (SPONSOR_LABEL in s or "排名不分先后" in s) and unit_tokens(
            s, b.bullet, True
        ) is not None:
            b.kind = "label"
            continue
        listy = len(s) <= 80 and not re.search(SENTENCE_PUNCT, s)
        if listy and re.match(r"^[(\uff08]?\s*本栏目(?:组稿|供稿|编辑)", s):
            b.kind = "compilers"
            continue
        if listy and re.match(r"^[(\uff08]?\s*栏目协办", s):
            b.kind = "colsponsor"
            continue
        m = COLHEAD_RE.match(s)
        if (
            m
            and not re.search(r"[。,\uff0c;\uff1b]", s)
            and is_pinyin_of(m.group("py"), m.group("name"))
        ):
            b.kind = "colhead"
            b.data = {
                "name": m.group("name"),
                "pinyin": m.group("py"),
                "rest": m.group("rest") or "",
                "glued": bool(re.search(rf"[{HAN}][|｜丨/][A-Z]|[{HAN}][A-Z]", s)),
            }
            continue
        if PINYIN_LINE_RE.match(s) and is_pinyin_of(s.strip("|｜丨/ "), None):
            b.kind = "pinyin"
            continue
        m = re.fullmatch(r"[(\uff08]([^()\uff08\uff09]+)[)\uff09]", s)
        if m:
            creds = parse_credit_text(m.group(1))
            if creds:
                b.kind = "byline"
                b.data = {"credits": creds}
                continue
        if len(s) <= 40 and MASTHEAD_RE.match(s) and not ends_final(s):
            b.kind = "masthead"
            continue
        if not ends_final(s) and not b.bullet:  # a "- " list item is never a heading
            if b.level and len(s) <= MD_HEADING_MAX:
                b.kind = "heading"
                continue
            if DASH_START_RE.match(s) and len(s) <= SUBTITLE_MAX and HAN_RE.search(s):
                b.kind = "heading"  # a subtitle (——记…), commas or not
                continue
            if (
                len(s) <= HEADING_MAX
                and not is_dateline(s)
                and not LEAD_RE.match(s)
                and not COMMA_RE.search(s)
                and not re.search(r"[、:\uff1a]$", s)
                and not s.startswith(("(", "\uff08"))
                and not s.endswith(BROKEN_ENDINGS)
                and "。" not in s  # "…给予充分肯定。 (本报记者 苏文保)": a paragraph's tail
            ):
                b.kind = "heading"
                continue
            if NUMBERED_RE.match(s) and len(s) <= SUBHEAD_MAX and not s.endswith(BROKEN_ENDINGS):
                b.kind = "heading"  # 二、聚焦主责主业,服务创新发展
                continue
        b.kind = "text"
    # a short line right above a dateline (本报讯…) is a headline even when it has a
    # comma or ends in ! or ?: "科技助农,我们在行动!"; a slogan kicker ending in ! or ?
    # may sit above it: "奋进新征程!"
    for i, b in enumerate(blocks[:-1]):
        nxt = blocks[i + 1]
        if not (nxt.kind == "text" and is_dateline(nxt.text)):
            continue
        s = b.text
        if (
            b.kind == "text"
            and not is_dateline(s)
            and len(s) <= HEADING_MAX
            and not strip_closers(s).endswith("。")
            and not re.search(r"[、:\uff1a,\uff0c;\uff1b]$", s)
            and not s.startswith(("(", "\uff08"))
            and (i == 0 or blocks[i - 1].kind != "text" or ends_final(blocks[i - 1].text))
        ):
            b.kind = "heading"
        k = blocks[i - 1] if i > 0 else None
        if (
            b.kind == "heading"
            and k is not None
            and k.kind == "text"
            and len(k.text) <= 30
            and strip_closers(k.text)[-1:] in "!?\uff01\uff1f"
            and not COMMA_RE.search(k.text)
            and (i < 2 or blocks[i - 2].kind != "text" or ends_final(blocks[i - 2].text))
        ):
            k.kind = "heading"
    # the same slogan kicker over a headline whose body opens without a dateline
    # (近日,… / 为进一步…), printed after a byline or a structure line, not after text
    for i in range(1, len(blocks) - 1):
        k, b, nxt = blocks[i - 1], blocks[i], blocks[i + 1]
        if (
            b.kind == "heading"
            and not b.level
            and k.kind == "text"
            and nxt.kind == "text"
            and LEAD_RE.match(nxt.text)
            and len(k.text) <= 30
            and strip_closers(k.text)[-1:] in "!?\uff01\uff1f"
            and not COMMA_RE.search(k.text)
            and (i < 2 or blocks[i - 2].kind not in ("text", "heading"))
        ):
            k.kind = "heading"
    # a column name on one line, its pinyin on the next
    for i, b in enumerate(blocks):
        if b.kind == "pinyin" and i > 0:
            p = blocks[i - 1]
            if p.kind == "heading" and re.fullmatch(f"[{HAN}]{{2,10}}", p.text) and b.gap <= 1:
                p.kind = "colhead"
                p.data = {
                    "name": p.text,
                    "pinyin": b.text.strip("|｜丨/ "),
                    "rest": "",
                    "glued": False,
                }
                b.kind = "pinyin_used"
        if b.kind == "pinyin":  # orphan pinyin: plain text (it will land in unplaced)
            b.kind = "text"


def _contributor(blocks: list[Line], i: int) -> Contributor | None:
    """ "单位职务  姓名" between a roundup's sub-headline and its text. A unit without a
    post counts only when the name is set apart by two spaces, as the e-paper prints
    it: "内江市科协 开展活动" is a headline."""
    b = blocks[i]
    if b.level or b.bullet or i == 0 or i + 1 >= len(blocks):
        return None
    who = parse_contributor(b.text)
    if who is None or ends_final(blocks[i - 1].text) or len(blocks[i + 1].text) < 20:
        return None
    if not who.post and not re.search(r"\s{2,}|\u3000", b.text):
        return None
    return who


def mark_photo_gaps(blocks: list[Line]) -> None:
    gaps = [b.gap for b in blocks[1:]]
    if not gaps:
        return
    counts: dict[int, int] = {}
    for g in gaps:
        counts[g] = counts.get(g, 0) + 1
    usual = max(counts, key=lambda g: (counts[g], -g))
    for b in blocks[1:]:
        b.photo_gap = b.gap >= max(2, usual + 2)
