"""Parse the plain-text dump of one legacy printed page (版) into articles.

Pure standard library: no Django, no ORM. The shapes of the text are described in
``shared/docs/legacy-format.md``; every rule is a general rule about those shapes
(punctuation, line length, organisation-name suffixes, Markdown markers), never a
rule about one particular page.

The parser works in three passes:

1. every non-blank line becomes a :class:`~.lines.Line` with its Markdown markup
   removed (``#`` headings, ``- `` list items, ``**bold**``) and a context-free kind
   (sponsor label, column header, byline, compilers line, heading-like, text…):
   ``lines.py``, with the words and patterns of ``lexicon.py`` and ``credits.py``;
2. sponsor blocks (本版协办单位 lists) are found around their labels: ``sponsors.py``;
3. a single left-to-right walk with look-ahead groups headings and paragraphs into
   articles, roundup sections, captions and column runs, re-joins paragraphs broken by
   the layout and moves displaced lead paragraphs to their headline: ``page.py``
   (headings in ``headings.py``, body text in ``body.py``).

Text is never normalised (no NFKC): everything comes out exactly as printed, except
whitespace and Markdown markup trimmed at the ends of lines, the re-joining of broken
paragraphs, and a duplicated overlap at a break removed once. Nothing is ever
dropped: whatever cannot be placed is returned in ``ParsedPage.unplaced``; a final
safety net checks every whitespace-separated chunk of the input against the fields
of the contract (``contract.py``) and sends any missing one there too. Pages in
traditional characters are parsed on a folded copy (``folding.py``).
"""

from .contract import (
    ColumnRun,
    Credit,
    ParsedArticle,
    ParsedPage,
    Section,
    lost_chunks,
    page_to_contract,
    placed_text,
)
from .page import parse_page

__all__ = [
    "ColumnRun",
    "Credit",
    "ParsedArticle",
    "ParsedPage",
    "Section",
    "lost_chunks",
    "page_to_contract",
    "parse_page",
    "placed_text",
]
