"""A saved e-paper article page in HTML (``.html``, ``.htm``), read with html5lib
through BeautifulSoup: the same tree a browser builds, whatever the saved markup's
unclosed tags and stray bytes.

The page becomes the same lines as a saved text page (header, kicker, headline,
subtitle, one paragraph a line) and goes through :func:`parse_page`, so the text
guarantees are the same; the title hierarchy the markup states (引题 / 主题 / 副题) is
then authoritative over what the line rules guessed.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

from .contract import ParsedPage
from .epaper import TITLE_MISSING, parse_header
from .page import parse_page

# the title hierarchy by class or id, as e-paper templates name it
KICKER_RE = re.compile(r"yinti|(^|[-_])yt([-_]|$)|pretitle|kicker|introtitle|引题", re.I)
SUBTITLE_RE = re.compile(r"futi|fubiao|(^|[-_])ft([-_]|$)|subtitle|sub-title|副题", re.I)
TITLE_RE = re.compile(r"^(?:title|bt|zhuti|headline|article[-_]?title|news[-_]?title|主题)$", re.I)
BODY_RE = re.compile(r"ozoom|content|article|zoom|text|detail|trs_editor|正文", re.I)
DROP = ("script", "style", "noscript", "template", "iframe", "svg", "form", "select", "button")
BLOCKS = ("p", "div", "li", "td", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article")
_SPACE_RE = re.compile(r"[ \t\u00a0\u3000\u2002\u2003]+")


def _text(el: Tag | None) -> str:
    if el is None:
        return ""
    return _SPACE_RE.sub(" ", el.get_text(" ", strip=True)).strip()


def _names(el: Tag) -> str:
    return " ".join([*el.get("class", []), el.get("id", "")])


def _by_name(root: Tag, pattern: re.Pattern) -> Tag | None:
    for el in root.find_all(True):
        if any(pattern.search(n) for n in _names(el).split()) and _text(el):
            return el
    return None


def _lines(el: Tag) -> list[str]:
    """The lines of *el* as a reader sees them: one a block or ``<br>``."""
    out: list[str] = []
    cur: list[str] = []

    def flush() -> None:
        s = _SPACE_RE.sub(" ", "".join(cur)).strip()
        if s:
            out.append(s)
        cur.clear()

    def walk(node) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString:  # not a comment or doctype
                    cur.append(str(child).replace("\n", " "))
            elif child.name == "br":
                flush()
            elif child.name in BLOCKS:
                flush()
                walk(child)
                flush()
            else:
                walk(child)

    walk(el)
    flush()
    return out


def _titles(root: Tag) -> tuple[str | None, str | None, str | None, list[Tag]]:
    """(kicker, headline, subtitle) as the markup states them, and their elements."""
    kicker_el = _by_name(root, KICKER_RE)
    subtitle_el = _by_name(root, SUBTITLE_RE)
    title_el = _by_name(root, TITLE_RE)
    h1 = root.find("h1")
    if title_el is None and h1 is not None and _text(h1):
        title_el = h1
        # the e-paper's layout: 引题 in <h3> above <h1>, 副题 in <h2> below it
        if kicker_el is None:
            prev = h1.find_previous_sibling(["h2", "h3", "h4"])
            kicker_el = prev if prev is not None and _text(prev) else None
        if subtitle_el is None:
            nxt = h1.find_next_sibling(["h2", "h3", "h4"])
            subtitle_el = nxt if nxt is not None and _text(nxt) else None
    if title_el is None:
        return None, None, None, []
    els = [e for e in (kicker_el, title_el, subtitle_el) if e is not None]
    return (
        _text(kicker_el) or None,
        _text(title_el),
        _text(subtitle_el) or None,
        els,
    )


def _body(root: Tag, skip: list[Tag]) -> Tag:
    """The element holding the story's paragraphs: the named container with the most
    paragraph text, else the page's body."""
    best, best_len = None, 0
    for el in root.find_all(True):
        if el in skip or not any(BODY_RE.search(n) for n in _names(el).split()):
            continue
        size = sum(len(_text(p)) for p in el.find_all("p")) or len(_text(el)) // 4
        if size > best_len:
            best, best_len = el, size
    return best or root


def webpage_text(markup: str) -> tuple[str, tuple[str | None, str | None, str | None]]:
    """The saved page as text lines, and the title hierarchy its markup states."""
    soup = BeautifulSoup(markup, "html5lib")
    for el in soup(DROP):
        el.decompose()
    root = soup.body or soup
    kicker, title, subtitle, title_els = _titles(root)
    header = None
    # a line as the reader sees it: "<span>3033</span> 期 / 第3版:<b>科协之窗</b>"
    for s in _lines(root):
        if parse_header(s) is not None:
            header = s
            break
    if header is None and soup.title is not None:
        for part in re.split(r"[-_|｜]", _text(soup.title)):
            if parse_header(part.strip()) is not None:
                header = part.strip()
                break
    if title is None and soup.title is not None:
        title = re.split(r"\s*[-_|｜]\s*", _text(soup.title))[0] or None
    body = _body(root, title_els)
    for el in title_els:
        if body is not el and el in body.descendants:
            el.extract()
    heads = {header, kicker, title, subtitle}
    paragraphs = [s for s in _lines(body) if s not in heads]
    top = [x for x in (header, kicker, title, subtitle) if x]
    text = "\n".join(top) + "\n\n" + "\n\n".join(paragraphs) + "\n"
    return text, (kicker, title, subtitle)


def parse_webpage(markup: str) -> tuple[str, ParsedPage]:
    """The text rendering of a saved e-paper HTML page and its parse."""
    text, (kicker, title, subtitle) = webpage_text(markup)
    page = parse_page(text)
    if title and page.articles:
        stated = {x for x in (kicker, title, subtitle) if x}
        a = next((a for a in page.articles if {a.title, a.kicker, a.subtitle} & stated), None)
        if a is not None:
            a.kicker, a.title, a.subtitle = kicker, title, subtitle
            if a.banner in stated:
                a.banner = None
            if TITLE_MISSING in a.flags:
                a.flags.remove(TITLE_MISSING)
                page.warnings = [w for w in page.warnings if TITLE_MISSING not in w]
            page.banners = [b for b in page.banners if b not in stated]
            page.unplaced = [u for u in page.unplaced if u not in stated]
    return text, page
