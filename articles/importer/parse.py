"""Parse the plain-text dump of one legacy printed page (版) into articles.

Pure standard library: no Django, no ORM. The shapes of the text are described in
``shared/docs/legacy-format.md``; every rule below is a general rule about those
shapes (punctuation, line length, organisation-name suffixes, Markdown markers),
never a rule about one particular page.

The parser works in three passes:

1. every non-blank line becomes a :class:`_Block` with its Markdown markup removed
   (``#`` headings, ``- `` list items, ``**bold**``) and a context-free kind
   (sponsor label, column header, byline, compilers line, heading-like, text…);
2. sponsor blocks (本版协办单位 lists) are found around their labels;
3. a single left-to-right walk with look-ahead groups headings and paragraphs into
   articles, roundup sections, captions and column runs, re-joins paragraphs broken by
   the layout and moves displaced lead paragraphs to their headline.

Text is never normalised (no NFKC): everything comes out exactly as printed, except
whitespace and Markdown markup trimmed at the ends of lines, the re-joining of broken
paragraphs, and a duplicated overlap at a break removed once. Nothing is ever
dropped: whatever cannot be placed is returned in ``ParsedPage.unplaced``; a final
safety net checks every whitespace-separated chunk of the input against the fields
of the contract and sends any missing one there too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = [
    "ColumnRun",
    "Credit",
    "ParsedArticle",
    "ParsedPage",
    "Section",
    "lost_chunks",
    "page_to_contract",
    "parse_page",
]


# --------------------------------------------------------------------------- data


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


# ---------------------------------------------------------------------- vocabulary

CITIES = (
    "成都 自贡 攀枝花 泸州 德阳 绵阳 广元 遂宁 内江 乐山 南充 眉山 宜宾 广安 达州 雅安 巴中 资阳 "
    "阿坝 甘孜 凉山"
).split()

SPONSOR_LABEL = "本版协办单位"
UNORDERED_RE = re.compile(r"[(\uff08]?\s*排名不分先后\s*[)\uff09]?")
SPONSOR_LABEL_RE = re.compile(r"本版协办单位\s*[:\uff1a]?")
COMPILERS_RE = re.compile(r"本栏目(?:组稿|供稿|编辑)\s*[:\uff1a]?")
COL_SPONSOR_RE = re.compile(r"栏目协办(?:单位)?\s*[:\uff1a]?")

# Suffixes that end the name of an organisation (longest first is not required:
# any match counts).
ORG_SUFFIXES_MULTI = (
    "科学技术协会",
    "科协",
    "老科协",
    "协会",
    "学会",
    "研究会",
    "联合会",
    "委员会",
    "研究院",
    "研究所",
    "设计院",
    "科学院",
    "工程院",
    "公司",
    "集团",
    "中心",
    "大学",
    "学院",
    "学校",
    "中学",
    "小学",
    "医院",
    "政府",
    "报社",
    "杂志社",
    "出版社",
    "基地",
    "科技馆",
    "日报",
    "晚报",
    "电视台",
    "杂志",
    "博物馆",
    "图书馆",
    "办公室",
    "工作站",
    "服务站",
    "分会",
    "党委",
    "党组",
    "支部",
    "工会",
    "妇联",
    "团委",
    "街道",
    "社区",
    "厂",
)
ORG_SUFFIXES_SINGLE = tuple("局部厅委办院所站馆社队团处室")
PLACE_SUFFIXES = tuple("省市州县区旗镇乡")

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_RE = re.compile(f"[{HAN}]")

# Roles printed before a name ("本报记者 张三") or after it ("张三 摄").
PREFIX_ROLES = (
    "本报特约记者",
    "本报摄影记者",
    "本报见习记者",
    "本报实习记者",
    "本报通讯员",
    "本报记者",
    "特约通讯员",
    "特约记者",
    "摄影记者",
    "见习记者",
    "实习记者",
    "实习生",
    "通讯员",
    "记者",
    "摄影",
    "撰稿",
    "责任编辑",
    "责编",
    "编辑",
    "作者",
    "文/图",
    "图/文",
    "文图",
    "图文",
    "文",
    "图",
)
SUFFIX_ROLES = ("供稿", "供图", "摄影", "摄", "报道", "整理", "撰稿", "撰文", "文", "图")
GLUED_SUFFIX_ROLES = ("供稿", "供图", "报道", "整理")

FINAL_CHARS = "。!?\uff01\uff1f…"
CLOSE_CHARS = "”’」』)\uff09》】\"']"
PAREN_PUNCT = "()\uff08\uff09[]【】〔〕|\uff5c:\uff1a,\uff0c;\uff1b、"
LEAD_RE = re.compile(
    r"^(?:近日|日前|近期|连日来|近年来|今年以来|\d{1,2}月\d{1,2}日|\d{4}年\d{1,2}月\d{1,2}日|"
    r"为深入|为进一步|为全面|为切实|为推动|为加快)"
)
HEADLINE_ORG_RE = re.compile(
    r"^([\u4e00-\u9fff]{1,12}?(?:科学技术协会|老科协|科协|学会|协会|研究会|研究院|科技馆))"
)
SENTENCE_PUNCT = r"[。,\uff0c;\uff1b!?\uff01\uff1f“”《》]"
COMMA_RE = re.compile(r"[,\uff0c;\uff1b]")
DASH_START_RE = re.compile(r"^(?:——|--|—|─|―|-{2,}|~|\uff5e)")
DATELINE_RE = re.compile(
    r"^(?:本报讯|本刊讯|本网讯|本报[\u4e00-\u9fff]{1,6}(?:电|讯)|新华社|人民网|中新网|"
    r"据[\u4e00-\u9fff]{1,12}(?:报道|消息))"
)
PINYIN_RE = re.compile(r"[A-Z]{1,6}(?:[ \t]+[A-Z]{1,6})+|[A-Z]{4,}")
_SYL = r"(?:ZH|CH|SH|[BPMFDTNLGKHJQXRZCSYW])?(?:[AEIOUV]{1,3})(?:NG|N|R)?"
PINYIN_WORD_RE = re.compile(f"(?:{_SYL})+")
COLHEAD_RE = re.compile(
    rf"^(?P<name>[{HAN}]{{2,12}})\s*(?P<bar>[|｜丨/])?\s*(?P<py>{PINYIN_RE.pattern})"
    r"\s*(?:[|｜丨/]\s*)?(?P<rest>(?:栏目协办.*)?)$"
)
PINYIN_LINE_RE = re.compile(rf"^[|｜丨/]?\s*(?:{PINYIN_RE.pattern})\s*$")
MASTHEAD_RE = re.compile(
    r"^(?:[^\s。,\uff0c]{0,12}\s*)?(?:第\s*[0-9一二三四五六七八九十]+\s*[期版](?:\s*[:\uff1a]\s*\S{1,10})?"
    r"|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日(?:\s*星期[一二三四五六日天])?)"
    r"(?:\s+(?:第\s*[0-9一二三四五六七八九十]+\s*[期版](?:\s*[:\uff1a]\s*\S{1,10})?"
    r"|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日(?:\s*星期[一二三四五六日天])?|\S{1,8}))*$"
)
CAPTION_CUES = (
    "现场",
    "图为",
    "合影",
    "留影",
    "摄",
    "图片",
    "照片",
    "仪式",
    "揭牌",
    "授牌",
    "授旗",
    "颁奖",
    "签约",
    "参观",
    "讲解",
    "体验",
    "展示",
    "活动",
)

# A line ending in a conjunction, a preposition or the particle 的 cannot end a
# heading (a noun phrase): it is the first part of a paragraph broken by the layout
# ("市科协党组书记王文主持会议并" / "讲话,…").
BROKEN_ENDINGS = tuple("的并和与及或而把被从跟但")
# a numbered sub-heading inside an article: 一、… / (二)… / 3.…
NUMBERED_RE = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.\uff0e]|[(\uff08][一二三四五六七八九十\d]{1,3}[)\uff09]"
    r"|\d{1,2}[、.\uff0e](?!\d))\s*\S"
)

CAPTION_ENDINGS = ("现场", "合影", "留影", "一角", "掠影", "剪影", "场景", "瞬间", "风采", "图")

# lengths (characters)
SUBTITLE_MAX = 60
SAME_LEVEL_SUBHEAD_MAX = 12  # a Markdown heading at the article's own level this short is a sub-heading  # a subtitle line starting with a dash
HEADING_MAX = 40  # a plain heading-like line (headline, kicker, sub-heading)
MD_HEADING_MAX = 80  # a Markdown heading
CAPTION_MAX = 60  # a caption after a photo gap
CAPTION_NOGAP_MAX = 20  # a caption without a photo gap
FRAGMENT_MAX = 8  # a fragment whose context was lost (任务。)
MID_FRAGMENT_MAX = 6  # the same, alone between two complete paragraphs
SUBHEAD_MAX = 25  # a sub-heading inside an article


# ------------------------------------------------------------------------- helpers


def _strip_closers(s: str) -> str:
    return s.rstrip(CLOSE_CHARS + " \t")


def ends_final(s: str) -> bool:
    """True when *s* ends a sentence (。!? possibly followed by closing quotes)."""
    t = _strip_closers(s)
    return bool(t) and t[-1] in FINAL_CHARS


def is_dateline(s: str) -> bool:
    return bool(DATELINE_RE.match(s))


def _han_len(s: str) -> int:
    return len(HAN_RE.findall(s))


def is_org(name: str) -> bool:
    """An organisation name (攀枝花市科协, 四川省林学会, 某某公司…)."""
    n = name.strip()
    if not n or re.search(r"[\s,\uff0c。;\uff1b:\uff1a!?\uff01\uff1f]", n):
        return False
    for suf in ORG_SUFFIXES_MULTI:
        if n.endswith(suf) and (len(n) > len(suf) or suf in ("科协",)):
            return True
    if len(n) >= 4 and n.endswith(ORG_SUFFIXES_SINGLE):
        return True
    if len(n) >= 3 and n.endswith(PLACE_SUFFIXES):
        return True
    return False


def is_place(name: str) -> bool:
    n = name.strip()
    if not n or len(n) > 9 or not re.fullmatch(f"[{HAN}]+", n):
        return False
    if n in CITIES:
        return True
    return len(n) >= 2 and n.endswith(PLACE_SUFFIXES)


def _bare(s: str) -> str:
    """Strip brackets/colons around a sub-heading: 【泸州市科协】 / 泸州市科协: → 泸州市科协."""
    return s.strip().strip("【】[]〔〕:\uff1a").strip()


def is_org_or_place_line(s: str) -> bool:
    b = _bare(s)
    if not b or len(b) > 20 or " " in b:
        return False
    return is_org(b) or is_place(b)


def is_pinyin_of(py: str, name: str | None) -> bool:
    """ "DI FANG KE XIE" / "DIFANGKEXIE": upper-case pinyin syllables, one per
    character of *name* (give or take one) when they are spaced."""
    words = py.split()
    if not all(PINYIN_WORD_RE.fullmatch(w) for w in words):
        return False
    if name is not None and len(words) > 1 and abs(len(words) - _han_len(name)) > 1:
        return False
    return True


def _short_name(heading: str) -> str:
    """泸州市科协 → 泸州; 南充市 → 南充: the part of a sub-heading a paragraph names."""
    name = _bare(heading)
    short = re.sub(r"(科学技术协会|老科协|科协|学会|协会)$", "", name)
    return re.sub(r"[省市州县区]$", "", short) or short


def is_person_name(tok: str) -> bool:
    if re.fullmatch(f"[{HAN}]{{2,4}}", tok):
        return True
    if re.fullmatch(f"[{HAN}]{{1,8}}[··•・][{HAN}]{{1,10}}", tok):
        return True
    return bool(re.fullmatch(r"[A-Z][a-z]+(?:[ .-][A-Z][a-z]+)*", tok))


def headlinish(s: str) -> bool:
    """A heading-like line that looks like an article headline rather than a sub-heading:
    it starts with an organisation followed by a space or a colon, or it is made of
    several phrases separated by spaces."""
    m = re.match(rf"^([{HAN}]{{2,20}}?)[\s:\uff1a]", s)
    if m and is_org(m.group(1)):
        return True
    # "内江市科协持续改善农村面貌": the reporting organisation, then what it did
    m = HEADLINE_ORG_RE.match(s)
    if m and len(s) - m.end() >= 4 and _han_len(m.group(1)) >= 3:
        return True
    if re.search(rf"[{HAN}”》]\s+[{HAN}“《]", s) and _han_len(s) >= 8:
        return True
    return False


def remove_overlap(p: str, q: str) -> tuple[str, str]:
    """Re-join a broken paragraph. Returns (joined, removed_overlap).

    The last characters before a break can be printed again after it
    (…高质量发展 / 量发展提供… → …高质量发展提供…). The longest overlap of at least two
    characters that contains a Han character (or at least three of anything) is
    removed once."""
    lim = min(len(p), len(q), 24)
    for k in range(lim, 1, -1):
        ov = q[:k]
        if p.endswith(ov) and ov.strip() == ov:
            if HAN_RE.search(ov) or k >= 3:
                if not re.fullmatch(r"[\W_]+", ov):
                    return p + q[k:], ov
    return p + q, ""


# ------------------------------------------------------------------------ credits


def _split_credit_tokens(content: str) -> list[str]:
    return [t for t in re.split(r"[\s\u3000]+", content.strip()) if t]


def parse_credit_text(content: str) -> list[Credit] | None:
    """Parse the inside of a byline "本报记者 张三 通讯员 李四" / "攀枝花市科协".

    Returns None when the text does not look like a byline at all."""
    content = content.strip()
    if not content or len(content) > 60:
        return None
    if re.search(r"[。,\uff0c;\uff1b!?\uff01\uff1f“”《》()\uff08\uff09\d]", content):
        return None
    toks = _split_credit_tokens(content)
    if not toks or len(toks) > 12:
        return None
    out: list[Credit] = []
    role = ""
    role_pending_first = False
    for tok in toks:
        tok = tok.strip("、")
        if not tok:
            continue
        if tok in PREFIX_ROLES:
            role = tok
            role_pending_first = True
            continue
        if tok in SUFFIX_ROLES and out:
            out[-1].role = "摄影" if tok == "摄" else tok
            continue
        names = [t for t in re.split(r"[、,\uff0c]", tok) if t]
        for nm in names:
            r = role
            rf = role_pending_first
            # "本报记者张三": role glued before the name
            if not r:
                for pr in PREFIX_ROLES:
                    if len(pr) >= 2 and nm.startswith(pr) and len(nm) > len(pr) + 1:
                        r, nm, rf = pr, nm[len(pr) :], True
                        break
            suffix_role = ""
            for sr in GLUED_SUFFIX_ROLES:
                if nm.endswith(sr) and len(nm) > len(sr) + 1:
                    nm, suffix_role = nm[: -len(sr)], sr
                    break
            if not re.fullmatch(rf"[{HAN}A-Za-z··•・./\-]+", nm) or len(nm) > 24:
                return None
            kind = "organization" if is_org(nm) or _han_len(nm) > 4 else "person"
            if kind == "person" and not is_person_name(nm) and _han_len(nm) < 2:
                return None
            out.append(Credit(name=nm, role=suffix_role or r, kind=kind, role_first=rf))
        role_pending_first = False
    return out or None


def _photo_only(creds: list[Credit]) -> bool:
    """A photo credit (张三 摄): the article's text may go on after it."""
    return all(cr.role in ("摄影", "摄", "供图", "图") for cr in creds)


# ------------------------------------------------------------------------- blocks


@dataclass
class _Block:
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

    @property
    def heading_like(self) -> bool:
        return self.kind == "heading"


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


def _make_blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
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
        blk = _Block(len(blocks), start + lead, body_end, raw, clean, level, bullet, gap)
        gap = 0
        if not clean:
            blk.kind = "rule"
        blocks.append(blk)
    return blocks


def _unit_tokens(s: str, bullet: bool, lenient: bool) -> list[str] | None:
    """The units of a sponsor-list line, or None when it is not one."""
    s = UNORDERED_RE.sub(" ", SPONSOR_LABEL_RE.sub(" ", s)).strip()
    if s.startswith(("- ", "* ")):
        s = s[2:]
    if not s:
        return []
    if re.search(r"[。,\uff0c;\uff1b!?\uff01\uff1f“”《》()\uff08\uff09:\uff1a]", s) or ends_final(
        s
    ):
        return None
    toks = [t for t in re.split(r"[\s\u3000、]+", s) if t]
    if not toks:
        return []
    if all(is_org(t) or t in CITIES for t in toks):
        return toks
    # beside the labels, any short Han names (bulleted or not, but no personal names
    # unless bulleted); without labels only organisations count: "- 全面把握、学深悟透"
    # items in an article's body are not a sponsor list
    if lenient and all(2 <= len(t) <= 24 and HAN_RE.search(t) for t in toks):
        if bullet or not any(is_person_name(t) and not is_org(t) and t not in CITIES for t in toks):
            return toks
    return None


def _classify(blocks: list[_Block]) -> None:
    for b in blocks:
        if b.kind == "rule":
            continue
        s = b.text
        if (SPONSOR_LABEL in s or "排名不分先后" in s) and _unit_tokens(
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
            and not _strip_closers(s).endswith("。")
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
            and _strip_closers(k.text)[-1:] in "!?\uff01\uff1f"
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
            and _strip_closers(k.text)[-1:] in "!?\uff01\uff1f"
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


def _mark_photo_gaps(blocks: list[_Block]) -> None:
    gaps = [b.gap for b in blocks[1:]]
    if not gaps:
        return
    counts: dict[int, int] = {}
    for g in gaps:
        counts[g] = counts.get(g, 0) + 1
    usual = max(counts, key=lambda g: (counts[g], -g))
    for b in blocks[1:]:
        b.photo_gap = b.gap >= max(2, usual + 2)


def _find_sponsors(blocks: list[_Block], page: ParsedPage) -> None:
    """Mark sponsor lists (本版协办单位) and collect their units in printed order."""
    n = len(blocks)
    labels = [i for i, b in enumerate(blocks) if b.kind == "label"]
    used: set[int] = set()
    groups: list[list[int]] = []
    for li in labels:
        if li in used:
            continue
        group = [li]
        used.add(li)
        # neighbouring labels (the two labels on two lines)
        j = li + 1
        while j < n and blocks[j].kind == "label":
            group.append(j)
            used.add(j)
            j += 1
        # units after the labels
        while j < n and blocks[j].kind in ("heading", "text", "label") and j not in used:
            b = blocks[j]
            if b.kind != "label":
                toks = _unit_tokens(b.text, b.bullet, lenient=True)
                if not toks:
                    break
                # past a blank line after the list, only organisation names go on it: a
                # banner or headline printed below the list is not a unit
                if (
                    b.gap
                    and blocks[group[-1]].kind != "label"
                    and _unit_tokens(b.text, b.bullet, lenient=False) is None
                ):
                    break
                # a lone org line followed by body text is a kicker/sub-heading, not a unit
                nxt = blocks[j + 1] if j + 1 < n else None
                if (
                    len(toks) == 1
                    and nxt is not None
                    and nxt.kind == "text"
                    and not b.bullet
                    and j == group[-1] + 1
                    and len(group) > 0
                    and nxt.gap <= b.gap
                    and not _unit_tokens(nxt.text, nxt.bullet, lenient=False)
                ):
                    break
                b.data = {"units": toks}
            group.append(j)
            used.add(j)
            j += 1
        # units before the labels
        k = li - 1
        while k >= 0 and blocks[k].kind in ("heading", "text", "label") and k not in used:
            b = blocks[k]
            if b.kind != "label":
                toks = _unit_tokens(b.text, b.bullet, lenient=True)
                if not toks:
                    break
                below = blocks[group[0]]
                if (
                    below.gap
                    and below.kind != "label"
                    and _unit_tokens(b.text, b.bullet, lenient=False) is None
                ):
                    break
                b.data = {"units": toks}
            group.insert(0, k)
            used.add(k)
            k -= 1
        groups.append(sorted(group))
    # unlabelled lists: three or more adjacent lines of organisation names, or one
    # line with four or more of them
    i = 0
    while i < n:
        if i in used or blocks[i].kind not in ("heading", "text"):
            i += 1
            continue
        run = []
        j = i
        while j < n and j not in used and blocks[j].kind in ("heading", "text"):
            toks = _unit_tokens(blocks[j].text, blocks[j].bullet, lenient=False)
            if not toks or (run and blocks[j].gap > 0 and not blocks[j].bullet):
                break
            run.append((j, toks))
            j += 1
        if len(run) >= 3 or (len(run) == 1 and len(run[0][1]) >= 4):
            for k, toks in run:
                blocks[k].data = {"units": toks}
                used.add(k)
            groups.append([k for k, _ in run])
            i = j
        else:
            i += 1
    groups.sort()
    for g in groups:
        units: list[str] = []
        has_label = False
        for k in g:
            b = blocks[k]
            if b.kind == "label":
                has_label = True
                if "排名不分先后" in b.text:
                    page.sponsors_unordered = True
                toks = _unit_tokens(b.text, b.bullet, lenient=True)
                if toks:
                    units.extend(toks)
            else:
                units.extend(b.data.get("units", []))
            b.kind = "sponsor"
        units = [u.strip("、") for u in units if u.strip("、")]
        if not units:
            page.warnings.append(
                "版面印有「本版协办单位」标签,但没有找到协办单位名单,请核对原版面。"
            )
        elif not has_label:
            page.warnings.append(
                "发现一组未标注「本版协办单位」的单位名单,已按本版协办单位处理:" + "、".join(units)
            )
        page.sponsors.extend(units)


# ----------------------------------------------------------------------- building


@dataclass
class _Art:
    title: str
    kicker: str | None
    subtitle: str | None
    column: str | None
    banner: str | None
    level: int
    blocks: list[int] = field(default_factory=list)
    paragraphs: list[list] = field(default_factory=list)  # [text, broken]
    sections: list[tuple[str, list[list]]] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    credits: list[Credit] = field(default_factory=list)
    ended: bool = False
    roundup: bool = False

    def target(self) -> list[list]:
        return self.sections[-1][1] if self.sections else self.paragraphs

    def last_para(self) -> list | None:
        t = self.target()
        return t[-1] if t else None


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.page = ParsedPage([], False, [], [], [], [], [])
        self.blocks = _make_blocks(text)
        _classify(self.blocks)
        _mark_photo_gaps(self.blocks)
        _find_sponsors(self.blocks, self.page)
        self.arts: list[_Art] = []
        self.cur: _Art | None = None
        self.run: ColumnRun | None = None
        self.run_level = 0
        self.run_has_articles = False
        self.run_art_level = 0  # Markdown level of the run's first headline
        self.banner: str | None = None
        self.banner_used = False
        self.orphans: list[_Block] = []
        self.last_kind = ""  # kind of the last thing appended to the current article

    # -- small helpers
    def warn(self, msg: str) -> None:
        if msg not in self.page.warnings:
            self.page.warnings.append(msg)

    def unplace(self, s: str, why: str | None = None) -> None:
        if s:
            self.page.unplaced.append(s)
            if why:
                self.warn(f"{why}:「{s[:30]}」,已列入未归位文字,请编辑处理。")

    def next_idx(self, i: int) -> int:
        return i + 1

    def block(self, i: int) -> _Block | None:
        return self.blocks[i] if 0 <= i < len(self.blocks) else None

    def close_run(self) -> None:
        self.run = None
        self.run_level = 0
        self.run_has_articles = False
        self.run_art_level = 0  # Markdown level of the run's first headline

    def end_article(self) -> None:
        if self.cur is not None:
            self.cur.ended = True

    def flush_orphans(self) -> None:
        for b in self.orphans:
            self.unplace(b.text, "正文段落找不到所属标题")
        self.orphans = []

    # -- main walk
    def run_all(self) -> ParsedPage:
        blocks = self.blocks
        i = 0
        n = len(blocks)
        while i < n:
            b = blocks[i]
            k = b.kind
            if k in ("rule", "pinyin_used"):
                i += 1
            elif k == "sponsor":
                self.flush_orphans()
                self.end_article()
                self.close_run()
                self.banner = None
                i += 1
            elif k == "colhead":
                self.flush_orphans()
                self.end_article()
                self.start_run(b)
                i += 1
            elif k == "colsponsor":
                self.col_sponsors(b)
                i += 1
            elif k == "compilers":
                self.compilers(b.text, b)
                i += 1
            elif k == "byline":
                self.byline(b, b.data["credits"])
                i += 1
            elif k == "masthead":
                self.unplace(b.text, "版面信息(期号、版次或日期)")
                i += 1
            elif k == "label":  # should have become "sponsor"
                self.unplace(b.text)
                i += 1
            elif k == "heading":
                i = self.heading_group(i)
            else:
                self.body_text(b, i)
                i += 1
        self.flush_orphans()
        return self.finish()

    # -- column runs
    def start_run(self, b: _Block) -> None:
        d = b.data
        sponsors: list[str] = []
        rest = d.get("rest", "")
        if rest:
            sponsors = [t for t in re.split(r"[\s\u3000、]+", COL_SPONSOR_RE.sub(" ", rest)) if t]
        if self.banner and self.banner_used:
            self.banner = None
        self.run = ColumnRun(d["name"], d["pinyin"], [], sponsors)
        self.page.column_runs.append(self.run)
        self.run_level = b.level
        self.run_has_articles = False
        self.run_art_level = 0
        if d.get("glued"):
            # "地方科协|DI FANG…" printed without spaces: keep the line as printed too
            self.unplace(b.text)
            self.warn(f"栏目标题「{b.text[:30]}」格式异常(栏目名与拼音连写),请核对。")

    def col_sponsors(self, b: _Block) -> None:
        units = [
            t
            for t in re.split(
                r"[\s\u3000、]+", COL_SPONSOR_RE.sub(" ", b.text).strip("()\uff08\uff09 ")
            )
            if t
        ]
        if self.run is None:
            # the column name printed alone on the line above: it was read as a headline
            c = self.cur
            if c is not None and not c.paragraphs and not c.sections and not c.credits:
                self.arts.remove(c)
                self.cur = None
                self.run = ColumnRun(_bare(c.title), None, [], [])
                if c.kicker:
                    self.unplace(c.kicker)
                self.page.column_runs.append(self.run)
            else:
                self.run = ColumnRun(None, None, [], [])
                self.page.column_runs.append(self.run)
                self.warn("「栏目协办」一行找不到所属栏目。")
        self.run.sponsors.extend(units)

    def compilers(self, s: str, b: _Block | None) -> None:
        inner = s.strip().strip("()\uff08\uff09 ")
        inner = COMPILERS_RE.sub(" ", inner, count=1)
        creds = parse_credit_text(inner) or []
        if not creds:
            toks = [t for t in re.split(r"[\s\u3000、]+", inner) if t]
            creds = [Credit(t, "", "organization" if is_org(t) else "person") for t in toks]
            self.warn(f"栏目组稿署名「{s[:30]}」格式异常,请核对。")
        if self.run is not None and not self.run.credits and not self.run_has_articles:
            # printed right under the column header, before the run's first article:
            # the credit of the whole run, which goes on
            self.run.credits = creds
            return
        if self.run is not None and not self.run.credits:
            self.run.credits = creds
        else:
            self.page.column_runs.append(ColumnRun(None, None, creds, []))
        self.close_run()
        if self.cur is not None and not self.cur.roundup:
            self.cur.ended = True
        if self.banner_used:
            self.banner = None

    def byline(self, b: _Block, creds: list[Credit]) -> None:
        c = self.cur
        if c is None or (c.ended and c.credits):
            if c is not None and c.ended and not self.orphans and self.last_kind == "byline":
                # a second byline line for the same article (e.g. the photographer)
                c.credits.extend(creds)
                c.blocks.append(b.idx)
                return
            self.flush_orphans()
            self.unplace(b.text, "署名找不到所属文章")
            return
        if self.orphans:
            # text after the article ended, then a byline: the text belongs to it
            for ob in self.orphans:
                self.append_para(c, ob)
            self.orphans = []
        c.credits.extend(creds)
        c.blocks.append(b.idx)
        if not _photo_only(creds):
            c.ended = True
        self.last_kind = "byline"

    # -- headings
    def heading_group(self, i: int) -> int:
        blocks = self.blocks
        j = i
        group: list[_Block] = []
        while j < len(blocks) and blocks[j].kind == "heading":
            if group and blocks[j].photo_gap:
                break
            group.append(blocks[j])
            j += 1
        nb = self.block(j)
        # skip captions right after the group to see where the body starts
        nn = nb
        jj = j
        while nn is not None and nn.kind == "text" and nn.photo_gap and self.caption_like(nn):
            jj += 1
            nn = self.block(jj)
        n_body = nn is not None and nn.kind == "text"
        n_date = n_body and is_dateline(nn.text)
        c = self.cur
        in_art = c is not None and not c.ended
        h = group[0]

        if in_art and c is not None:
            lp = c.last_para()
            prev_broken = lp is not None and lp[1] and self.last_kind == "para"
            if (
                prev_broken
                and not h.level
                and not headlinish(h.text)
                and not n_date
                and not (is_org_or_place_line(h.text) and n_body)
                and not h.photo_gap
                and not any(DASH_START_RE.match(g.text) for g in group[1:])
            ):
                self.join_into(c, h)
                return i + 1
            if h.photo_gap and len(group) == 1 and not h.level and not headlinish(h.text):
                n_lead = n_body and LEAD_RE.match(nn.text) and len(h.text) >= 10
                if len(h.text) <= CAPTION_MAX and not n_date and not n_lead:
                    c.captions.append(h.text)
                    c.blocks.append(h.idx)
                    self.last_kind = "caption"
                    return i + 1
            if len(group) == 1:
                if NUMBERED_RE.match(h.text) and n_body and not n_date:
                    # 一、走进科普教育基地: a numbered sub-heading, never a headline
                    self.new_section(c, h)
                    return i + 1
                if is_org_or_place_line(h.text) and n_body and (c.roundup or not n_date):
                    self.new_section(c, h)
                    return i + 1
                if n_date:
                    return self.new_article(group, j, n_body, n_date)
                if is_org_or_place_line(h.text) and n_body:
                    self.new_section(c, h)
                    return i + 1
                if headlinish(h.text) and (n_body or nn is None):
                    return self.new_article(group, j, n_body, n_date)
                if (
                    c.level
                    and h.level
                    and n_body
                    and (
                        h.level < c.level
                        or (h.level == c.level and len(h.text) > SAME_LEVEL_SUBHEAD_MAX)
                    )
                ):
                    return self.new_article(group, j, n_body, n_date)
                if n_body and len(h.text) >= 10 and LEAD_RE.match(nn.text):
                    # a lead (近日,… / 为进一步…) follows: a headline, not a sub-heading
                    return self.new_article(group, j, n_body, n_date)
                if n_body and len(h.text) <= SUBHEAD_MAX and not c.roundup:
                    self.new_section(c, h)
                    return i + 1
                if n_body and c.roundup:
                    return self.new_article(group, j, n_body, n_date)
                if n_body:
                    # long heading-like line inside an article followed by text
                    self.append_para(c, h)
                    return i + 1
                # followed by a byline, a structure or the end of the page
                if len(h.text) <= CAPTION_MAX and nb is not None and nb.kind == "byline":
                    c.captions.append(h.text)
                    c.blocks.append(h.idx)
                    self.last_kind = "caption"
                    return i + 1
                self.append_para(c, h)
                return i + 1
            return self.new_article(group, j, n_body, n_date)

        # not inside an open article
        if (
            c is not None
            and c.roundup
            and len(group) == 1
            and is_org_or_place_line(h.text)
            and n_body
        ):
            # the roundup goes on after a compilers line or a section's byline; text
            # printed between the byline and this sub-heading that names its place is
            # the section's first paragraph, printed above its sub-heading
            lead: list[_Block] = []
            if self.orphans:
                short = _short_name(h.text)
                if short and short in self.orphans[0].text[:40]:
                    lead, self.orphans = self.orphans, []
                    self.warn(f"小标题「{h.text}」印在其第一段之后,已把该段移到小标题下。")
                else:
                    self.flush_orphans()
            c.ended = False
            self.new_section(c, h)
            for ob in lead:
                c.target().append([ob.text, not ends_final(ob.text)])
                c.blocks.append(ob.idx)
                self.last_kind = "para"
            return i + 1
        if nb is not None and nb.kind == "colhead":
            self.flush_orphans()
            for g in group:
                self.page.banners.append(g.text)
            self.banner = group[-1].text
            self.banner_used = False
            return j
        if not n_body and not (nn is not None and nn.kind == "heading"):
            # a heading followed by nothing readable: the body is lost
            if nn is not None and nn.kind in ("byline",) and len(group) <= 3:
                return self.new_article(group, j, n_body, n_date)
            self.flush_orphans()
            for g in group:
                self.unplace(g.text, "标题下没有正文")
            return j
        return self.new_article(group, j, n_body, n_date)

    def new_section(self, c: _Art, h: _Block) -> None:
        # "a sub-heading after its paragraph": the paragraph just before the heading
        # names the place of the new section and opens like a lead
        if is_org_or_place_line(h.text) and c.sections:
            prev = c.sections[-1]
            nb = self.block(h.idx + 1)
            short = _short_name(h.text)
            if (
                len(prev[1]) >= 2
                and not prev[1][-1][1]
                and short
                and short in prev[1][-1][0][:40]
                and _bare(prev[0]) not in prev[1][-1][0][:40]
                and re.match(r"^(近日|日前|近期|\d{1,2}月\d{1,2}日|本报讯)", prev[1][-1][0])
                and nb is not None
                and not re.match(r"^(近日|日前|近期|\d{1,2}月\d{1,2}日|本报讯)", nb.text)
            ):
                moved = prev[1].pop()
                c.sections.append((h.text, [moved]))
                c.blocks.append(h.idx)
                c.roundup = True
                self.last_kind = "para"
                self.warn(f"小标题「{h.text}」印在其第一段之后,已把该段移到小标题下。")
                return
        c.sections.append((h.text, []))
        c.blocks.append(h.idx)
        if is_org_or_place_line(h.text):
            c.roundup = True
        self.last_kind = "heading"

    def new_article(self, group: list[_Block], j: int, n_body: bool, n_date: bool) -> int:
        heads = list(group)
        subtitle = None
        section_head: _Block | None = None
        for k in range(1, len(heads)):
            if DASH_START_RE.match(heads[k].text):
                subtitle = heads[k].text
                extra = heads[k + 1 :]
                heads = heads[:k]
                # lines after the subtitle: a roundup sub-heading, or more subtitle
                if extra:
                    if len(extra) == 1 and is_org_or_place_line(extra[0].text) and n_body:
                        section_head = extra[0]
                    else:
                        for e in extra:
                            self.unplace(e.text, "副题下多出的标题行")
                break
        if (
            section_head is None
            and subtitle is None
            and len(heads) >= 2
            and is_org_or_place_line(heads[-1].text)
            and not is_org_or_place_line(heads[-2].text)
            and n_body
        ):
            section_head = heads.pop()
        headline = heads[-1]
        kicker = heads[-2].text if len(heads) >= 2 else None
        banner_lines = heads[:-2]
        if len(banner_lines) > 1:
            for e in banner_lines[:-1]:
                self.unplace(e.text, "标题上方多出的文字行")
            banner_lines = banner_lines[-1:]
        if banner_lines:
            self.page.banners.append(banner_lines[0].text)
            self.banner = banner_lines[0].text
            self.banner_used = False
            self.close_run()
        # column run ends at a headline that clearly belongs elsewhere: a Markdown
        # heading above the column header's level, or at that level when the run's
        # own headlines sit below it (## column, ### headlines, then a ## headline)
        if self.run is not None and self.run_level and headline.level:
            if headline.level < self.run_level or (
                self.run_art_level and headline.level < self.run_art_level
            ):
                self.close_run()
        self.end_article()
        art = _Art(
            title=headline.text,
            kicker=kicker,
            subtitle=subtitle,
            column=self.run.column if self.run else None,
            banner=self.banner,
            level=headline.level,
        )
        if self.banner:
            self.banner_used = True
        if self.run is not None:
            self.run_has_articles = True
            if not self.run_art_level:
                self.run_art_level = headline.level
        art.blocks.extend(g.idx for g in group)
        # a lead paragraph printed before its headline
        if self.orphans:
            first = self.orphans[0]
            nxt = self.block(j)
            n_lead = nxt is not None and (is_dateline(nxt.text) or LEAD_RE.match(nxt.text))
            if (is_dateline(first.text) or LEAD_RE.match(first.text)) and not n_lead:
                for ob in self.orphans:
                    self.append_para(art, ob)
                self.warn(f"导语段落印在标题「{headline.text[:20]}」之前,已移回该文章开头。")
                self.orphans = []
            else:
                self.flush_orphans()
        self.arts.append(art)
        self.cur = art
        self.last_kind = "heading"
        if section_head is not None:
            self.new_section(art, section_head)
        return j

    # -- body text
    def caption_like(self, b: _Block) -> bool:
        s = b.text
        if len(s) > CAPTION_MAX or is_dateline(s):
            return False
        t = _strip_closers(s)
        return (ends_final(s) and t.endswith("。")) or not ends_final(s)

    @staticmethod
    def caption_without_gap(s: str) -> bool:
        """A very short standalone line between two paragraphs that describes a photo
        (调研现场。/ 图为志愿者讲解。): without the blank gap of the photo only clear
        cases count, so that a short sentence of the body is not taken for one."""
        if s.startswith(("图为", "图:", "图片:")):
            return len(s) <= CAPTION_MAX
        if len(s) > CAPTION_NOGAP_MAX:
            return False
        core = s.rstrip("。")
        if core.endswith(CAPTION_ENDINGS):
            return True
        return len(s) <= 12 and any(cue in s for cue in CAPTION_CUES) and "了" not in s

    def append_para(self, c: _Art, b: _Block, text: str | None = None) -> None:
        s = b.text if text is None else text
        tgt = c.target()
        lp = tgt[-1] if tgt else None
        if lp is not None and lp[1] and self.last_kind == "para" and not b.bullet:
            self.join_into(c, b, s)
            return
        # a "- " list item is a paragraph of its own, complete without final punctuation
        tgt.append([s, not ends_final(s) and not b.bullet])
        c.blocks.append(b.idx)
        self.last_kind = "para"

    def join_into(self, c: _Art, b: _Block, text: str | None = None) -> None:
        s = b.text if text is None else text
        lp = c.last_para()
        if lp is None:
            c.target().append([s, not ends_final(s)])
        else:
            joined, ov = remove_overlap(lp[0], s)
            if ov:
                self.warn(f"断行处重复印出的文字「{ov}」已去除一次。")
            lp[0] = joined
            lp[1] = not ends_final(joined)
        c.blocks.append(b.idx)
        self.last_kind = "para"

    def split_appended(self, s: str) -> tuple[str, str | None, list[Credit] | None, bool]:
        """Split a byline or compilers line appended to a paragraph after a space."""
        m = re.match(r"^(.*\S)\s*([(\uff08]([^()\uff08\uff09]{1,70})[)\uff09])\s*$", s, re.S)
        if not m:
            return s, None, None, False
        body, paren, inner = m.group(1), m.group(2), m.group(3)
        had_space = s[len(body) : len(body) + 1].isspace()
        if COMPILERS_RE.match(inner.strip()):
            return body, paren, None, True
        if not had_space and not ends_final(body):
            return s, None, None, False
        creds = parse_credit_text(inner)
        if not creds:
            return s, None, None, False
        return body, paren, creds, False

    def body_text(self, b: _Block, i: int) -> None:
        s = b.text
        s, paren, creds, is_comp = self.split_appended(s)
        c = self.cur
        in_art = c is not None and not c.ended
        if in_art and c is not None:
            tgt = c.target()
            lp = tgt[-1] if tgt else None
            nb = self.block(i + 1)
            if (
                lp is not None
                and lp[1]
                and self.last_kind == "caption"
                and not b.bullet
                and not self.caption_without_gap(s)
            ):
                # the photo (and its caption) sits in the break: the text after the
                # caption goes on with the broken paragraph before it
                self.join_into(c, b, s)
            elif b.photo_gap and self.caption_like(b) and not paren and len(s) <= CAPTION_MAX:
                c.captions.append(s)
                c.blocks.append(b.idx)
                self.last_kind = "caption"
            elif lp is not None and lp[1] and self.last_kind == "para" and not b.bullet:
                self.join_into(c, b, s)
            elif is_dateline(s) and tgt and not (c.sections and len(c.sections[-1][1]) == 0):
                # a new lead inside an open article: the start of another article whose
                # headline is printed after it (or lost)
                c.ended = True
                self.orphans.append(b)
                self.last_kind = "orphan"
            elif (
                not tgt
                and self.last_kind == "heading"
                and len(s) <= FRAGMENT_MAX
                and ends_final(s)
                and nb is not None
                and nb.kind == "text"
                and not is_dateline(nb.text)
                and not paren
            ):
                self.unplace(s, "上下文缺失的残句")
                self.last_kind = "fragment"
            elif (
                tgt
                and not lp[1]
                and s.endswith("。")
                and not COMMA_RE.search(s)
                and not paren
                and nb is not None
                and nb.kind == "text"
                and self.caption_without_gap(s)
            ):
                c.captions.append(s)
                c.blocks.append(b.idx)
                self.last_kind = "caption"
            elif (
                lp is not None
                and not lp[1]
                and self.last_kind == "para"
                and len(s) <= MID_FRAGMENT_MAX
                and ends_final(s)
                and not COMMA_RE.search(s)
                and not paren
                and nb is not None
            ):
                # "任务。" alone between two complete paragraphs: the tail of a sentence
                # whose start was lost
                self.unplace(s, "上下文缺失的残句")
            else:
                self.append_para(c, b, s)
        else:
            if paren is not None:
                b = _Block(b.idx, b.start, b.end, b.raw, s, b.level, b.bullet, b.gap)
            self.orphans.append(b)
        if paren is not None:
            if is_comp:
                self.compilers(paren, None)
            elif creds:
                cc = self.cur
                if cc is not None and (not cc.ended or not cc.credits) and not self.orphans:
                    cc.credits.extend(creds)
                    if not _photo_only(creds):
                        cc.ended = True
                        self.last_kind = "byline"
                elif cc is not None and self.orphans and not cc.credits:
                    for ob in self.orphans:
                        self.append_para(cc, ob)
                    self.orphans = []
                    cc.credits.extend(creds)
                    cc.ended = True
                    self.last_kind = "byline"
                else:
                    self.flush_orphans()
                    self.unplace(paren, "署名找不到所属文章")

    # -- output
    def finish(self) -> ParsedPage:
        page = self.page
        for a in self.arts:
            starts = [self.blocks[k].start for k in a.blocks]
            ends = [self.blocks[k].end for k in a.blocks]
            src = self.text[min(starts) : max(ends)] if starts else ""
            paragraphs = [p[0] for p in a.paragraphs]
            sections = [Section(h, [p[0] for p in ps]) for h, ps in a.sections]
            page.articles.append(
                ParsedArticle(
                    title=a.title,
                    kicker=a.kicker,
                    subtitle=a.subtitle,
                    column=a.column,
                    banner=a.banner,
                    paragraphs=paragraphs,
                    sections=sections,
                    captions=list(a.captions),
                    credits=list(a.credits),
                    source=src,
                )
            )
            allp = a.paragraphs + [p for _, ps in a.sections for p in ps]
            if not allp:
                self.warn(f"文章「{a.title[:20]}」没有正文。")
            elif allp[-1][1]:
                if a is self.arts[-1]:
                    self.warn(f"文章「{a.title[:20]}」的正文在页尾中断(原文缺失)。")
                else:
                    self.warn(f"文章「{a.title[:20]}」的正文在句中中断(原文缺失)。")
        return page


def _safety_net(page: ParsedPage, text: str) -> None:
    """Nothing of the input may be lost: every chunk of *text* that no field of the
    contract carries goes to unplaced, as printed."""
    lost = lost_chunks(text, page_to_contract(page, source="", encoding=""))
    if lost:
        placed = _norm(placed_text(page_to_contract(page, source="", encoding="")))
        seen: set[str] = set()
        only_punct: list[str] = []
        for ch in lost:
            if ch not in seen:
                seen.add(ch)
                page.unplaced.append(ch)
                if _norm(ch.strip(PAREN_PUNCT)) in placed:
                    only_punct.append(ch)
        really = [ch for ch in dict.fromkeys(lost) if ch not in only_punct]
        if really:
            _warn(page, "部分文字未能归入任何栏位,已原样列入未归位文字:" + " ".join(really)[:60])
        if only_punct:
            _warn(
                page,
                "以下原文片段的文字已归位,仅括号等标点未能保留,为保证原文完整也列入未归位文字:"
                + " ".join(only_punct)[:60],
            )


def _warn(page: ParsedPage, msg: str) -> None:
    if msg not in page.warnings:
        page.warnings.append(msg)


# ------------------------------------------------------------ traditional text

# Traditional → simplified forms of the characters the rules above look for (and of
# common words around them), as pairs: 報报 訊讯 協协 … A Big5 archive is in
# traditional characters (本報訊, 科協, 本版協辦單位); the page is parsed on a folded
# copy and every output string is unfolded, so the text still comes out exactly as
# printed (no traditional/simplified conversion).
_T2S_PAIRS = (
    "報报訊讯記记協协會会學学術术與与為为樂乐習习鄉乡書书們们體体儀仪黨党農农涼凉寫写辦办務务動动醫医華华單单廠厂廳厅縣县參参發发臺台號号員员團团圖图場场壩坝處处復复"
    "頭头奮奋獎奖婦妇寧宁賓宾對对導导屬属廣广開开張张歸归攝摄斷断雜杂來来標标欄栏樣样殘残瀘泸點点現现電电簽签約约組组續续綿绵編编網网聯联見见觀观視视計计講讲設设證证"
    "該该語语請请貢贡責责資资輯辑達达進进連连鎮镇間间隊队陽阳頁页頒颁題题風风館馆驗验區区後后實实據据誌志總总並并從从於于當当傳传覽览屆届歲岁畫画負负財财產产業业獻献"
    "眾众軍军舉举礎础層层貫贯徹彻線线際际關关圍围選选評评專专齊齐談谈議议論论溝沟紀纪錄录匯汇織织項项劃划規规濟济機机構构幹干東东縱纵領领帶带興兴築筑這这個个門门問问"
    "應应獲获歷历態态億亿萬万價价義义盡尽氣气讓让還还邊边過过遠远適适遺遗權权擁拥擊击攜携揮挥換换戰战戶户掃扫損损無无燈灯營营爭争牽牵獨独環环畢毕異异療疗監监盤盘礦矿"
    "禮礼稅税積积穩稳窮穷競竞範范簡简糧粮緊紧練练縮缩績绩繼继罰罚羅罗聖圣聞闻聲声職职藝艺藥药蘭兰衛卫補补製制親亲覺觉觸触訂订訓训託托許许訪访詢询試试詳详誠诚說说課课"
    "調调諮咨謀谋謝谢識识護护讀读變变豐丰貧贫質质購购賽赛贊赞趨趋跡迹軟软較较載载輔辅輕轻輸输運运遊游鄰邻釋释針针銀银銷销鋒锋錢钱錯错鍵键長长閉闭閱阅闊阔陣阵陳陈陸陆"
    "險险隨随隱隐雙双離离難难靈灵靜静響响頂顶順顺須须預预頻频顧顾顯显飛飞飯饭飲饮養养餘余驅驱鬥斗魚鱼鮮鲜鳥鸟鳴鸣麥麦黃黄齡龄龍龙劉刘蘇苏躍跃濱滨鄧邓漢汉澇涝災灾聽听"
    "兩两嚴严倫伦偉伟優优兒儿劑剂勞劳勢势勵励勸劝叢丛啟启圓圆執执堅坚墾垦壓压壯壮夢梦奪夺孫孙寶宝尋寻嶺岭幣币師师幫帮廢废彈弹徑径徵征愛爱慶庆憂忧懷怀戲戏擴扩擇择擔担"
    "擬拟數数時时晉晋暢畅條条棄弃極极樓楼橋桥檔档檢检歡欢殺杀毀毁決决沒没況况淚泪淺浅測测湧涌滅灭滿满漁渔潔洁潛潜濕湿灣湾烏乌煙烟熱热爾尔牆墙狀状獸兽畝亩確确碼码稱称"
    "種种筆笔節节籌筹紅红納纳純纯紙纸級级紛纷細细終终結结給给絡络絕绝統统經经綜综維维緒绪緣缘繪绘罷罢腦脑腳脚臉脸舊旧艱艰莊庄葉叶蓋盖薦荐藍蓝蟲虫衝冲裝装訴诉註注詩诗"
    "話话認认誤误諾诺謂谓譜谱譯译貨货貼贴貴贵費费賀贺賣卖賴赖贈赠趕赶轉转辭辞週周違违遙遥遞递郵邮鐵铁鑒鉴閃闪閒闲陰阴雲云額额願愿類类飄飘馬马駐驻驚惊麗丽壇坛誼谊賦赋"
    "鑄铸鈦钛鐘钟瑤瑶擺摆彌弥擋挡撥拨繞绕厲厉緻致嚮向奧奥壽寿蕩荡蘊蕴顆颗鬧闹潤润澤泽凱凯飾饰糾纠緩缓紹绍贏赢諸诸譽誉賬账賢贤踐践蹤踪軌轨輝辉輪轮轄辖邁迈鄭郑銘铭鋪铺"
    "錦锦鎖锁鏈链閣阁闡阐隴陇韓韩頌颂顏颜駕驾騰腾驕骄鬱郁魯鲁鴻鸿鵬鹏鶴鹤龐庞龜龟陝陕嶽岳"
)
_T2S = {_T2S_PAIRS[k]: _T2S_PAIRS[k + 1] for k in range(0, len(_T2S_PAIRS), 2)}
_TRAD_RE = re.compile("[" + "".join(_T2S) + "]")


def _fold_tables(text: str) -> tuple[dict[int, str], dict[int, str]] | None:
    """The traditional characters of *text* whose simplified form does not occur in it:
    folding them is reversible on this page (unfolding never touches a character that
    was printed simplified)."""
    if not _TRAD_RE.search(text):
        return None
    present = set(text)
    trad = [t for t in present.intersection(_T2S) if _T2S[t] not in present]
    if not trad:
        return None
    return (
        {ord(t): _T2S[t] for t in trad},
        {ord(_T2S[t]): t for t in trad},
    )


def _unfold_page(page: ParsedPage, table: dict[int, str]) -> None:
    def u(x):
        return x.translate(table) if isinstance(x, str) else x

    def uc(creds: list[Credit]) -> None:
        for c in creds:
            c.name, c.role = u(c.name), u(c.role)

    page.sponsors = [u(x) for x in page.sponsors]
    page.banners = [u(x) for x in page.banners]
    page.unplaced = [u(x) for x in page.unplaced]
    page.warnings = [u(x) for x in page.warnings]
    for r in page.column_runs:
        r.column, r.pinyin, r.sponsors = u(r.column), u(r.pinyin), [u(x) for x in r.sponsors]
        uc(r.credits)
    for a in page.articles:
        for k in ("title", "kicker", "subtitle", "column", "banner", "source"):
            setattr(a, k, u(getattr(a, k)))
        a.paragraphs = [u(x) for x in a.paragraphs]
        a.captions = [u(x) for x in a.captions]
        for sec in a.sections:
            sec.heading, sec.paragraphs = u(sec.heading), [u(x) for x in sec.paragraphs]
        uc(a.credits)


# ------------------------------------------------------------------------ public


def parse_page(text: str) -> ParsedPage:
    """Parse the text of one printed page. Never raises on any str input."""
    if not isinstance(text, str):
        raise TypeError("parse_page() expects str")
    if text.startswith("\ufeff"):
        text = text[1:]
    tables = _fold_tables(text)
    if tables is None:
        page = _Parser(text).run_all()
    else:
        page = _Parser(text.translate(tables[0])).run_all()
        _unfold_page(page, tables[1])
    _safety_net(page, text)
    return page


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


def _norm(s: str | None) -> str:
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
    out = _norm(placed_text(contract))
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
            # a chunk holds no whitespace: _norm(chunk) only drops * and #
            key = chunk.replace("*", "").replace("#", "") if "*" in chunk or "#" in chunk else chunk
            if key not in out:
                lost.append(chunk)
    return lost
