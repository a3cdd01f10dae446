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
from .epaper import CANONICAL_HEADER_RE, TITLE_MISSING, provisional_title
from .folding import fold_tables, unfold_page
from .headings import HeadingRules
from .lexicon import (
    COL_SPONSOR_RE,
    COMPILERS_RE,
    HAN,
    PAREN_PUNCT,
    bare,
    is_dateline,
    is_org,
)
from .lines import Line, classify, make_lines, mark_photo_gaps
from .sponsors import find_sponsors

# the reporting association alone (成都市科协), as printed above a headline
REPORTING_ORG_RE = re.compile(rf"[{HAN}]{{1,12}}?(?:科学技术协会|老科协|科协|学会|协会|研究会)")


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
        self.pending_captions: list[Line] = []

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
            elif k == "header":
                self.header(b)
                i += 1
            elif k == "portal_meta":
                self.portal_meta(b)
                i += 1
            elif k == "caption":
                self.caption(b)
                i += 1
            elif k == "contributor":
                self.contributor(b)
                i += 1
            else:
                self.body_text(b, i)
                i += 1
        self.headless_article()
        self.flush_orphans()
        for cb in self.pending_captions:
            self.unplace(cb.text, "图片说明找不到所属文章")
        return self.finish()

    # -- the e-paper's article pages (one story a page)
    def header(self, b: Line) -> None:
        """The page header: issue, page, page name (and a date) for placement."""
        h = b.data["header"]
        page = self.page
        if page.issue is not None:
            self.unplace(b.text, "多出的一行版面信息")
            return
        page.issue, page.page, page.page_name, page.header = h.issue, h.page, h.page_name, b.text
        page.date = h.date or page.date
        m = CANONICAL_HEADER_RE.match(b.text)
        if not (m and norm(m[3]) == norm(h.page_name)):
            # another form than "3033 期 / 第3版:科协之窗": its values are read, and the
            # line is kept as printed for the import record
            page.unplaced.append(b.text)

    def portal_meta(self, b: Line) -> None:
        """The older portal's "2020-09-25 08:56 冉崇朝 2531 点击": a date hint, the author's
        credit and a view count, never article text."""
        meta = b.data["meta"]
        page = self.page
        page.date = page.date or meta.date
        for key, value in (
            ("published", " ".join(x for x in (meta.date, meta.time) if x)),
            ("author", meta.author),
            ("views", meta.views),
        ):
            if value:
                page.metadata[key] = value
        c = self.cur
        if meta.author and c is not None:
            kind = "organization" if is_org(meta.author) else "person"
            c.credits.extend(parse_credit_text(meta.author) or [Credit(meta.author, "", kind)])
        page.unplaced.append(b.text)
        self.warn(
            f"原网页的发布信息「{b.text[:40]}」已读出日期、作者和点击数,不作为正文;"
            "原行保留在导入记录的未归位文字中备查。"
        )

    def caption(self, b: Line) -> None:
        c = self.cur
        if c is None:
            self.pending_captions.append(b)  # printed above its story's headline
            return
        c.captions.append(b.text)
        c.blocks.append(b.idx)
        self.last_kind = "caption"

    def contributor(self, b: Line) -> None:
        """ "单位职务  姓名" under a roundup's sub-headline: the contribution's author."""
        c = self.cur
        if c is None:
            self.orphans.append(b)
            return
        who = b.data["contributor"]
        c.credits.append(Credit(who.name, "", "person", unit=who.unit, post=who.post))
        c.blocks.append(b.idx)
        c.roundup = True
        c.ended = False
        self.last_kind = "contributor"

    def headless_article(self) -> bool:
        """A copy that lost its headline: its text becomes one article whose provisional
        title is the first clause, flagged 标题待补 (only on a page with no article yet)."""
        if self.arts or not self.orphans or sum(len(b.text) for b in self.orphans) < 20:
            return False
        title = provisional_title(self.orphans[0].text)
        art = OpenArticle(
            title=title,
            kicker=None,
            subtitle=None,
            column=self.run.column if self.run else None,
            banner=self.banner,
            level=0,
        )
        art.flags.append(TITLE_MISSING)
        self.attach_pending_captions(art)
        for ob in self.orphans:
            self.append_para(art, ob)
        self.orphans = []
        self.arts.append(art)
        self.cur = art
        self.warn(
            f"原文缺少标题:已用第一句「{title[:20]}」作临时标题并标记“{TITLE_MISSING}”,"
            "请编辑补上标题。"
        )
        return True

    def kicker_without_headline(self) -> None:
        """A one-story page whose only heading line is an organisation (成都市科协)
        above the lead: the kicker survived, the headline was lost."""
        if len(self.arts) != 1:
            return
        a = self.arts[0]
        if a.kicker or a.subtitle or not a.paragraphs or not REPORTING_ORG_RE.fullmatch(a.title):
            return
        if not is_dateline(a.paragraphs[0][0]):
            return
        a.kicker, a.title = a.title, provisional_title(a.paragraphs[0][0])
        a.flags.append(TITLE_MISSING)
        self.warn(
            f"原文缺少标题:「{a.kicker}」是引题,已用第一句「{a.title[:20]}」作临时标题并标记"
            f"“{TITLE_MISSING}”,请编辑补上标题。"
        )

    def attach_pending_captions(self, art: OpenArticle) -> None:
        for cb in self.pending_captions:
            art.captions.append(cb.text)
            art.blocks.append(cb.idx)
        self.pending_captions = []

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
        if self.cur is None:
            self.headless_article()
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
        self.kicker_without_headline()
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
                    flags=list(a.flags),
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
