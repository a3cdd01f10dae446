"""The page builder: one left-to-right walk with look-ahead that groups lines into
articles, roundup sections, captions and column runs (headings in headings.py, body
text in body.py), then the safety net that sends any text not placed to unplaced."""

from __future__ import annotations

import re

from .article import OpenArticle
from .body import BodyRules
from .contract import (
    ColumnRun,
    Credit,
    ParsedArticle,
    ParsedPage,
    Section,
    lost_chunks,
    norm,
    page_to_contract,
    placed_text,
)
from .credits import parse_credit_text, photo_only
from .folding import fold_tables, unfold_page
from .headings import HeadingRules
from .lexicon import COL_SPONSOR_RE, COMPILERS_RE, PAREN_PUNCT, bare, is_org
from .lines import Line, classify, make_lines, mark_photo_gaps
from .sponsors import find_sponsors


class PageBuilder(HeadingRules, BodyRules):
    def __init__(self, text: str):
        self.text = text
        self.page = ParsedPage([], False, [], [], [], [], [])
        self.blocks = make_lines(text)
        classify(self.blocks)
        mark_photo_gaps(self.blocks)
        find_sponsors(self.blocks, self.page)
        self.arts: list[OpenArticle] = []
        self.cur: OpenArticle | None = None
        self.run: ColumnRun | None = None
        self.run_level = 0
        self.run_has_articles = False
        self.run_art_level = 0  # Markdown level of the run's first headline
        self.banner: str | None = None
        self.banner_used = False
        self.orphans: list[Line] = []
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

    def block(self, i: int) -> Line | None:
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
    def start_run(self, b: Line) -> None:
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

    def col_sponsors(self, b: Line) -> None:
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
                self.run = ColumnRun(bare(c.title), None, [], [])
                if c.kicker:
                    self.unplace(c.kicker)
                self.page.column_runs.append(self.run)
            else:
                self.run = ColumnRun(None, None, [], [])
                self.page.column_runs.append(self.run)
                self.warn("「栏目协办」一行找不到所属栏目。")
        self.run.sponsors.extend(units)

    def compilers(self, s: str, b: Line | None) -> None:
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

    def byline(self, b: Line, creds: list[Credit]) -> None:
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
        if not photo_only(creds):
            c.ended = True
        self.last_kind = "byline"

    # -- headings
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
        placed = norm(placed_text(page_to_contract(page, source="", encoding="")))
        seen: set[str] = set()
        only_punct: list[str] = []
        for ch in lost:
            if ch not in seen:
                seen.add(ch)
                page.unplaced.append(ch)
                if norm(ch.strip(PAREN_PUNCT)) in placed:
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


def parse_page(text: str) -> ParsedPage:
    """Parse the text of one printed page. Never raises on any str input."""
    if not isinstance(text, str):
        raise TypeError("parse_page() expects str")
    if text.startswith("\ufeff"):
        text = text[1:]
    tables = fold_tables(text)
    if tables is None:
        page = PageBuilder(text).run_all()
    else:
        page = PageBuilder(text.translate(tables[0])).run_all()
        unfold_page(page, tables[1])
    _safety_net(page, text)
    return page
