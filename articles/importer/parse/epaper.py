"""The lines only the e-paper's article pages print (one story a page, saved online):
the page header, the older portal's date-author-clicks line, a roundup contributor's
line, a photo credit caption, and the provisional title of a copy that lost its
headline."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import HAN, is_org, is_person_name

#: An issue number above this, or a page above ``MAX_PAGE``, is not a real placement
#: (a hash in a file name, a year read as an issue): it is refused, never imported.
MAX_ISSUE = 100_000
MAX_PAGE = 64

_CN_DIGITS = {c: k for k, c in enumerate("零一二三四五六七八九")}


def chinese_number(s: str) -> int | None:
    """3, 03, 三, 十二, 二十四 → int; anything else → None."""
    s = s.strip()
    if s.isdigit():
        return int(s)
    if not s or any(c not in _CN_DIGITS and c != "十" for c in s):
        return None
    if "十" not in s:
        return int("".join(str(_CN_DIGITS[c]) for c in s)) if len(s) == 1 else None
    tens, _, ones = s.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return None
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


_NUM = r"[0-9]{1,12}|[零一二三四五六七八九十]{1,3}"
_WEEKDAY = r"(?:\s*[(\uff08]?\s*(?:星期|周)[一二三四五六日天]\s*[)\uff09]?)?"
DATE_RE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*(?:年\s*(?P<m1>\d{1,2})\s*月\s*(?P<d1>\d{1,2})\s*日"
    r"|[-/.](?P<m2>\d{1,2})[-/.](?P<d2>\d{1,2}))" + _WEEKDAY
)
# "3033 期 / 第3版:科协之窗", "第3109期 第3版 科协之窗", "第3109期第3版:要闻 2024年8月9日"
HEADER_RE = re.compile(
    rf"^(?:[{HAN}]{{2,8}}报\s*)?第?\s*(?P<issue>{_NUM})\s*期\s*[/／|｜,\uff0c、·]?\s*"
    rf"第\s*(?P<page>{_NUM})\s*版\s*(?:[:\uff1a]\s*|\s+)?"
    rf"(?P<name>[{HAN}A-Za-z·]{{1,16}})?\s*$"
)
# the e-paper's own form, which the import scorer reads too
CANONICAL_HEADER_RE = re.compile(r"^\s*(\d+)\s*期\s*/\s*第\s*(\d+)\s*版\s*[:\uff1a]\s*(.*?)\s*$")


@dataclass
class Header:
    issue: int
    page: int
    page_name: str | None
    date: str | None  # ISO 8601, YYYY-MM-DD


def _iso(m: re.Match) -> str | None:
    y, mo, d = int(m["y"]), int(m["m1"] or m["m2"]), int(m["d1"] or m["d2"])
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def parse_header(line: str) -> Header | None:
    """The page header of a saved e-paper article page, or None.

    Values out of bounds (see ``MAX_ISSUE``) are still returned: the command refuses
    them with a message, rather than reading the line as text."""
    s = line.strip()
    if len(s) > 60 or "期" not in s or "版" not in s:
        return None
    date = None
    m = DATE_RE.search(s)
    if m:
        date = _iso(m)
        s = (s[: m.start()] + " " + s[m.end() :]).strip()
    m = HEADER_RE.match(s)
    if not m:
        return None
    issue, page = chinese_number(m["issue"]), chinese_number(m["page"])
    if issue is None or page is None or issue <= 0 or page <= 0:
        return None
    return Header(issue, page, m["name"] or None, date)


# "2020-09-25 08:56 冉崇朝 2531 点击", "发布时间:2020-09-25 作者:冉崇朝 点击:2531"
PORTAL_META_RE = re.compile(
    r"^(?:(?:发布)?(?:时间|日期)\s*[:\uff1a]\s*)?"
    r"(?P<date>(?:19|20)\d{2}\s*(?:[-/.]\d{1,2}[-/.]\d{1,2}|年\d{1,2}月\d{1,2}日))"
    r"(?:\s+(?P<time>\d{1,2}:\d{2}(?::\d{2})?))?"
    r"(?:\s+(?:(?:作者|来源|编辑|发布者)\s*[:\uff1a]\s*)?(?P<author>[^\s\d:\uff1a]{2,30}))?"
    r"(?:\s+(?:(?:点击|浏览|阅读)(?:量|数|次数)?\s*[:\uff1a]?\s*(?P<views1>\d+)\s*次?"
    r"|(?P<views2>\d+)\s*(?:次)?\s*(?:点击|浏览|阅读)))?\s*$"
)


@dataclass
class PortalMeta:
    date: str | None
    time: str | None
    author: str | None
    views: int | None


def parse_portal_meta(line: str) -> PortalMeta | None:
    """The older portal's line under a title: date, time, author and view count. Only a
    line with at least a time, an author or a view count beside the date counts."""
    m = PORTAL_META_RE.match(line.strip())
    if not m or not (m["time"] or m["author"] or m["views1"] or m["views2"]):
        return None
    dm = DATE_RE.search(m["date"])
    views = m["views1"] or m["views2"]
    return PortalMeta(
        _iso(dm) if dm else None, m["time"], m["author"], int(views) if views else None
    )


# A contributor to a roundup of contributions: "成都信息工程大学控制工程学院院长  蒋涛"
POSTS = (
    "党委书记",
    "党组书记",
    "副书记",
    "书记",
    "副院长",
    "院长",
    "副所长",
    "所长",
    "副校长",
    "校长",
    "副主任",
    "主任",
    "副主席",
    "主席",
    "副理事长",
    "理事长",
    "秘书长",
    "副会长",
    "会长",
    "副局长",
    "局长",
    "董事长",
    "总经理",
    "经理",
    "总工程师",
    "高级工程师",
    "工程师",
    "研究员",
    "副研究员",
    "助理研究员",
    "教授",
    "副教授",
    "讲师",
    "博士",
    "医师",
    "主任医师",
    "医生",
    "教师",
    "老师",
    "院士",
    "专家",
    "负责人",
    "科技特派员",
    "农艺师",
    "技术员",
    "站长",
    "馆长",
    "部长",
    "处长",
    "科长",
    "村支书",
    "队长",
    "社长",
    "主编",
    "记者",
    "学生",
    "志愿者",
)
CONTRIBUTOR_RE = re.compile(
    rf"^(?P<who>[{HAN}A-Za-z0-9()\uff08\uff09·]{{3,40}})\s+(?P<name>\S{{2,12}})$"
)


@dataclass
class Contributor:
    name: str
    unit: str
    post: str


def parse_contributor(line: str) -> Contributor | None:
    """ "单位职务  姓名": a unit ending in a post (院长, 研究员…), or an organisation,
    then a personal name."""
    s = line.strip()
    parts = s.split()
    if len(parts) >= 3:
        # "单位 职务  姓名": the unit and the post printed apart (or the name first)
        if is_person_name(parts[-1]) and parts[-1] not in POSTS:
            s = "".join(parts[:-1]) + " " + parts[-1]
        elif is_person_name(parts[0]):
            s = parts[0] + " " + "".join(parts[1:])
    m = CONTRIBUTOR_RE.match(s)
    if not m or not is_person_name(m["name"]):
        # "蒋涛  成都信息工程大学控制工程学院院长": the name printed first
        first, _, rest = s.partition(" ")
        m = CONTRIBUTOR_RE.match(f"{rest.strip()} {first}") if is_person_name(first) else None
        if m is None or m["name"] != first:
            return None
    who = m["who"]
    post = next((p for p in sorted(POSTS, key=len, reverse=True) if who.endswith(p)), "")
    unit = who[: len(who) - len(post)]
    if post and (not unit or len(unit) >= 2):
        return Contributor(m["name"], unit, post)
    if is_org(who):
        return Contributor(m["name"], who, "")
    return None


# a photo caption that credits its photo: "学生参观展品。利州区科协供图", "图为……"
CAPTION_CREDIT_RE = re.compile(
    rf"(?:[。.\s]|^)[{HAN}A-Za-z·\s]{{2,24}}?\s*(?:供图|摄影|摄|图)$|[{HAN}]{{2,4}}\s+摄$"
)


def is_captionish(s: str) -> bool:
    """A line that can only be a photo caption: it opens with 图为, or ends with the
    photo's credit (…供图, …摄) after a sentence."""
    s = s.strip()
    if len(s) > 80 or s.startswith(("本报讯", "(", "\uff08")):
        return False
    if s.startswith(("图为", "图:", "图\uff1a", "上图", "下图", "左图", "右图")):
        return True
    return "。" in s[:-2] and bool(CAPTION_CREDIT_RE.search(s)) and s.endswith(("供图", "摄"))


_CLAUSE_RE = re.compile(r"[,\uff0c。;\uff1b!?\uff01\uff1f:\uff1a]")
_TIME_CLAUSE_RE = re.compile(
    r"^(?:近日|日前|近期|连日来|近年来|今年以来|\d{4}年|\d{1,2}月\d{1,2}日|\d{1,2}月|\d{1,2}日|上午|下午|晚上|当天|"
    r"[0-9年月日上下午晚当天至到\-—~]+)+$"
)
_DATELINE_PREFIX_RE = re.compile(
    r"^(?:本报讯|本刊讯|本网讯|(?:本报|新华社)[\u4e00-\u9fff]{0,6}(?:电|讯))\s*"
)
PROVISIONAL_TITLE_MAX = 60
#: the flag of an article whose title is provisional
TITLE_MISSING = "标题待补"


def provisional_title(paragraph: str) -> str:
    """The first clause of a story whose headline was lost, past its dateline (本报讯)
    and any clause that only says when."""
    s = _DATELINE_PREFIX_RE.sub("", paragraph.strip())
    for clause in _CLAUSE_RE.split(s):
        c = clause.strip()
        if len(c) >= 4 and not _TIME_CLAUSE_RE.fullmatch(c.replace(" ", "")):
            return c[:PROVISIONAL_TITLE_MAX]
    return s[:PROVISIONAL_TITLE_MAX] or paragraph[:PROVISIONAL_TITLE_MAX]
