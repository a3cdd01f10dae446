"""Body text: paragraphs, captions, broken paragraphs re-joined, appended bylines."""

from __future__ import annotations

import re

from .article import OpenArticle
from .contract import Credit
from .credits import parse_credit_text, photo_only
from .lexicon import (
    CAPTION_CUES,
    CAPTION_ENDINGS,
    CAPTION_MAX,
    CAPTION_NOGAP_MAX,
    COMMA_RE,
    COMPILERS_RE,
    FRAGMENT_MAX,
    GLUED_SUFFIX_ROLES,
    HAN_RE,
    MID_FRAGMENT_MAX,
    ends_final,
    is_dateline,
    is_org,
    is_person_name,
    strip_closers,
)
from .lines import Line

# the end of a sentence, then a name and its role glued on: "……部署。德阳市科协 供稿"
UNBRACKETED_CREDIT_RE = re.compile(
    r"^(.*[。!?\uff01\uff1f”])\s*([^\s。,\uff0c;\uff1b!?\uff01\uff1f“”《》()\uff08\uff09]"
    r"[^。,\uff0c;\uff1b!?\uff01\uff1f“”《》()\uff08\uff09]{1,28}?\s*(?:供稿|供图|报道|整理))\s*$",
    re.S,
)
# words of a sentence, never of a unit's or a person's name: "会后材料由办公室整理" is text
SENTENCE_WORDS_RE = re.compile(r"[由把将对被的了在是和与及后]")


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


class BodyRules:
    """The page builder's body-text rules (mixed into :class:`PageBuilder`)."""

    def caption_like(self, b: Line) -> bool:
        s = b.text
        if len(s) > CAPTION_MAX or is_dateline(s):
            return False
        t = strip_closers(s)
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

    def append_para(self, c: OpenArticle, b: Line, text: str | None = None) -> None:
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

    def join_into(self, c: OpenArticle, b: Line, text: str | None = None) -> None:
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
            return self.split_unbracketed(s)
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

    def split_unbracketed(self, s: str) -> tuple[str, str | None, list[Credit] | None, bool]:
        """A contributor glued to the last sentence without brackets: ``……部署。德阳市科协
        供稿`` (only with a role printed after the name: 供稿, 供图, 报道, 整理)."""
        m = UNBRACKETED_CREDIT_RE.match(s)
        if not m:
            return s, None, None, False
        creds = parse_credit_text(m.group(2))
        if not creds or any(
            c.role not in GLUED_SUFFIX_ROLES
            or not (is_org(c.name) if c.kind == "organization" else is_person_name(c.name))
            or SENTENCE_WORDS_RE.search(c.name)
            for c in creds
        ):
            return s, None, None, False  # "……会议。下一步由市科协统一整理" is text
        return m.group(1), m.group(2), creds, False

    def body_text(self, b: Line, i: int) -> None:
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
                b = Line(b.idx, b.start, b.end, b.raw, s, b.level, b.bullet, b.gap)
            self.orphans.append(b)
        if paren is not None:
            if is_comp:
                self.compilers(paren, None)
            elif creds:
                if self.cur is None:
                    self.headless_article()
                cc = self.cur
                if cc is not None and (not cc.ended or not cc.credits) and not self.orphans:
                    cc.credits.extend(creds)
                    if not photo_only(creds):
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
