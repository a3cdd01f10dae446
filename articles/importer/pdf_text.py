"""A page PDF's text layer as legacy page text: what the parser reads from a text dump.

Pure: the characters come in as ``Glyph`` tuples (from ``photos.pdf.glyphs``, which
asks PDFium), in the PDF's reading order, with their boxes in fractions of the page
(top-left origin) and their font size in points. Out comes the text a copy out of the
page layout gives: one paragraph per line, paragraphs apart by a blank line, each
headline on a line of its own. The legacy parser then does the rest, with the same
guarantees as for a text dump (nothing lost, unplaced fragments shown).

How lines become paragraphs, as a typesetter sets them:

- a glyph below the current line's baseline band, or back to the left of it, starts
  a new line (PDFium's own line breaks are honoured too);
- a line in another font size (a headline over its body) starts a new paragraph;
- so does a line after a gap taller than a line, a line indented by more than a
  character (Chinese paragraphs open with two), and a line after one that stopped
  short of the column's right edge (the last line of a paragraph);
- lines of one headline (same large size, no gap) are joined without a space.
"""

from dataclasses import dataclass
from itertools import pairwise
from statistics import median
from typing import NamedTuple


class Glyph(NamedTuple):
    char: str
    left: float
    top: float
    right: float
    bottom: float
    size: float  # font size in points; 0 when unknown


@dataclass
class Line:
    text: str
    left: float
    top: float
    right: float
    bottom: float
    size: float

    @property
    def height(self):
        return self.bottom - self.top


BREAKS = {"\n", "\r", "\x02"}
SIZE_STEP = 1.15  # sizes further apart than this are different faces (headline, body)


def lines(glyphs):
    """The glyphs gathered into printed lines, in reading order."""
    out, current = [], []

    def close():
        if current:
            text = "".join(g.char for g in current).strip()
            if text:
                inked = [g for g in current if not g.char.isspace()] or current
                out.append(
                    Line(
                        text=text,
                        left=min(g.left for g in inked),
                        top=min(g.top for g in inked),
                        right=max(g.right for g in inked),
                        bottom=max(g.bottom for g in inked),
                        size=median(g.size for g in inked),
                    )
                )
            current.clear()

    for glyph in glyphs:
        if glyph.char in BREAKS:
            close()
            continue
        inked = [g for g in current if not g.char.isspace()]
        if inked and not glyph.char.isspace():
            # the line's band is the union of its glyphs' boxes (a comma sits low in it);
            # a glyph overlapping it by more than a sliver is on the line
            top = min(g.top for g in inked)
            bottom = max(g.bottom for g in inked)
            sliver = 0.2 * max(glyph.bottom - glyph.top, bottom - top)
            outside = glyph.top > bottom - sliver or glyph.bottom < top + sliver
            back = glyph.right < inked[-1].left - (bottom - top) * 0.5
            if outside or back:
                close()
        current.append(glyph)
    close()
    return out


def _same_size(a, b):
    if not a.size or not b.size:
        return abs(a.height - b.height) <= 0.25 * max(a.height, b.height)
    return max(a.size, b.size) / min(a.size, b.size) < SIZE_STEP


def _pitches(page_lines):
    """The usual baseline-to-baseline distance of consecutive lines, per font size."""
    seen = {}
    for a, b in pairwise(page_lines):
        pitch = b.bottom - a.bottom
        if _same_size(a, b) and 0 < pitch < 3 * max(a.height, b.height):
            seen.setdefault(round(a.size, 1), []).append(pitch)
    return {size: median(values) for size, values in seen.items()}


def paragraphs(page_lines):
    """Printed lines joined into paragraphs (lists of lines)."""
    if not page_lines:
        return []
    body_size = median(line.size for line in page_lines)
    pitches = _pitches(page_lines)
    groups = [[page_lines[0]]]
    for line in page_lines[1:]:
        group = groups[-1]
        previous = group[-1]
        char = max(previous.height, line.height)
        # a gap: the baseline further down than the usual line pitch (bottoms are
        # baselines: a full stop alone on a line sits on it too)
        pitch = pitches.get(round(previous.size, 1), char * 1.6)
        gap = line.bottom - previous.bottom > pitch * 1.5
        new_column = line.bottom < previous.top
        heading = line.size > body_size * SIZE_STEP if line.size else False
        right_edge = max(g.right for g in group)
        starts_new = (
            not _same_size(previous, line)
            or new_column
            or gap
            or (not heading and line.left > previous.left + char * 1.2)
            or (not heading and len(group) > 1 and previous.right < right_edge - char * 1.5)
            or (not heading and len(group) == 1 and line.right > previous.right + char * 1.5)
        )
        if starts_new:
            groups.append([line])
        else:
            group.append(line)
    return groups


def _join(group):
    text = ""
    for line in group:
        if text and text[-1].isascii() and text[-1].isalnum() and line.text[0].isascii():
            text += " "  # a Latin word broken at the line's end keeps its space
        text += line.text
    return text


def page_text(glyphs):
    """The legacy page text of a PDF page's glyphs (see the module's docstring)."""
    return "\n\n".join(_join(group) for group in paragraphs(lines(glyphs))) + "\n"
