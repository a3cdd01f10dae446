"""Heading groups: headline, kicker, subtitle, banner, or a sub-heading or caption
inside the open article."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .article import OpenArticle
from .lexicon import (
    CAPTION_MAX,
    DASH_START_RE,
    LEAD_RE,
    NUMBERED_RE,
    SAME_LEVEL_SUBHEAD_MAX,
    SUBHEAD_MAX,
    bare,
    ends_final,
    headlinish,
    is_dateline,
    is_org_or_place_line,
    is_short_caption,
    short_name,
)

if TYPE_CHECKING:
    from .lines import Line


class HeadingRules:
    """The page builder's heading rules (mixed into :class:`PageBuilder`)."""

    def heading_group(self, i: int) -> int:
        blocks = self.blocks
        j = i
        group: list[Line] = []
        while j < len(blocks) and blocks[j].kind == "heading":
            if group and blocks[j].photo_gap:
                break
            group.append(blocks[j])
            j += 1
        nb = self.block(j)
        # skip captions right after the group to see where the body starts
        nn = nb
        jj = j
        while nn is not None and (
            nn.kind in ("caption", "portal_meta")
            or (nn.kind == "text" and nn.photo_gap and self.caption_like(nn))
        ):
            jj += 1
            nn = self.block(jj)
        n_body = nn is not None and nn.kind == "text"
        n_date = n_body and is_dateline(nn.text)
        c = self.cur
        in_art = c is not None and not c.ended
        h = group[0]
        if (
            c is None
            and not self.arts
            and len(group) == 1
            and n_body
            and nb is nn
            and is_short_caption(h.text)
        ):
            # 会议现场 above a copy's first paragraph: the photo's caption, not its
            # headline (the copy lost its headline; see headless_article)
            self.pending_captions.append(h)
            return i + 1
        if nb is not None and nb.kind == "portal_meta":
            # the older portal: title (and subtitle) above the date-author-clicks line
            return self.new_article(group, j, n_body, n_date, portal=True)
        if len(group) >= 2 and nb is not None and nb.kind == "contributor":
            # a roundup whose headline sits right above its first contribution's
            # sub-headline (no lead paragraph between them)
            j = self.new_article(group[:-1], j, True, False)
            self.new_section(self.cur, group[-1])
            return j
        if c is not None and len(group) == 1 and nb is not None and nb.kind == "contributor":
            # a roundup of contributions: the contribution's sub-headline
            c.ended = False
            self.new_section(c, h)
            return i + 1

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
                if (
                    n_body
                    and not n_date
                    and self.caption_without_gap(h.text)
                    and not NUMBERED_RE.match(h.text)
                    and not is_org_or_place_line(h.text)
                ):
                    # 会议现场: a short caption among the body, never a sub-heading
                    c.captions.append(h.text)
                    c.blocks.append(h.idx)
                    self.last_kind = "caption"
                    return i + 1
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
            lead: list[Line] = []
            if self.orphans:
                short = short_name(h.text)
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

    def new_section(self, c: OpenArticle, h: Line) -> None:
        # "a sub-heading after its paragraph": the paragraph just before the heading
        # names the place of the new section and opens like a lead
        if is_org_or_place_line(h.text) and c.sections:
            prev = c.sections[-1]
            nb = self.block(h.idx + 1)
            short = short_name(h.text)
            if (
                len(prev[1]) >= 2
                and not prev[1][-1][1]
                and short
                and short in prev[1][-1][0][:40]
                and bare(prev[0]) not in prev[1][-1][0][:40]
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

    def new_article(
        self, group: list[Line], j: int, n_body: bool, n_date: bool, portal: bool = False
    ) -> int:
        heads = list(group)
        subtitle = None
        if portal and len(heads) >= 2 and not DASH_START_RE.match(heads[-1].text):
            # the older portal prints the subtitle under the title without a dash
            subtitle = heads.pop().text
        section_head: Line | None = None
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
        caption = None
        if kicker and is_short_caption(kicker):
            # 会议现场 above the headline: the photo's caption, not a kicker
            caption, kicker = kicker, None
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
        art = OpenArticle(
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
        self.attach_pending_captions(art)
        if caption is not None:
            art.captions.append(caption)
        self.arts.append(art)
        self.cur = art
        self.last_kind = "heading"
        if section_head is not None:
            self.new_section(art, section_head)
        return j

    # -- body text
