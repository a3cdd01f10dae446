"""The words and patterns of the legacy text: organisation suffixes, roles, punctuation,
datelines, column headers, and the small predicates built on them."""

from __future__ import annotations

import re

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
SUBTITLE_MAX = 60  # a subtitle line starting with a dash
SAME_LEVEL_SUBHEAD_MAX = 12  # a Markdown heading this short at the article's level: sub-heading
HEADING_MAX = 40  # a plain heading-like line (headline, kicker, sub-heading)
MD_HEADING_MAX = 80  # a Markdown heading
CAPTION_MAX = 60  # a caption after a photo gap
CAPTION_NOGAP_MAX = 20  # a caption without a photo gap
SHORT_CAPTION_MAX = 6  # 会议现场 on a line of its own: a caption, never a headline or kicker
FRAGMENT_MAX = 8  # a fragment whose context was lost (任务。)
MID_FRAGMENT_MAX = 6  # the same, alone between two complete paragraphs
SUBHEAD_MAX = 25  # a sub-heading inside an article


# ------------------------------------------------------------------------- helpers


def strip_closers(s: str) -> str:
    return s.rstrip(CLOSE_CHARS + " \t")


def ends_final(s: str) -> bool:
    """True when *s* ends a sentence (。!? possibly followed by closing quotes)."""
    t = strip_closers(s)
    return bool(t) and t[-1] in FINAL_CHARS


def is_dateline(s: str) -> bool:
    return bool(DATELINE_RE.match(s))


def han_len(s: str) -> int:
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


def bare(s: str) -> str:
    """Strip brackets/colons around a sub-heading: 【泸州市科协】 / 泸州市科协: → 泸州市科协."""
    return s.strip().strip("【】[]〔〕:\uff1a").strip()


def is_org_or_place_line(s: str) -> bool:
    b = bare(s)
    if not b or len(b) > 20 or " " in b:
        return False
    return is_org(b) or is_place(b)


def is_pinyin_of(py: str, name: str | None) -> bool:
    """ "DI FANG KE XIE" / "DIFANGKEXIE": upper-case pinyin syllables, one per
    character of *name* (give or take one) when they are spaced."""
    words = py.split()
    if not all(PINYIN_WORD_RE.fullmatch(w) for w in words):
        return False
    if name is not None and len(words) > 1 and abs(len(words) - han_len(name)) > 1:
        return False
    return True


def short_name(heading: str) -> str:
    """泸州市科协 → 泸州; 南充市 → 南充: the part of a sub-heading a paragraph names."""
    name = bare(heading)
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
    if m and len(s) - m.end() >= 4 and han_len(m.group(1)) >= 3:
        return True
    if re.search(rf"[{HAN}”》]\s+[{HAN}“《]", s) and han_len(s) >= 8:
        return True
    return False


def is_short_caption(s: str) -> bool:
    """会议现场, 活动合影: a few characters naming a photo, printed on a line of its own."""
    core = s.strip().rstrip("。")
    return len(core) <= SHORT_CAPTION_MAX and core.endswith(CAPTION_ENDINGS)
