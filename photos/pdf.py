"""Page PDFs (版面PDF): checked, rendered with PDFium, and read for article areas.

pypdfium2 ships PDFium (the PDF engine of Chromium) in its wheel: no system library,
no Ghostscript. A PDF is refused when it is encrypted, has no page, or cannot be
parsed; only its first page is a 版's facsimile (a multi-page file says so).
"""

import io
import re
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from django.conf import settings

from articles.importer.pdf_text import Glyph

from .images import ImageRefused

PRINT_DPI = 300  # what the bench measures: the page at print resolution
SCREEN_WIDTH = 2400  # the facsimile readers zoom into
THUMBNAIL_WIDTH = 300


def max_bytes():
    return getattr(settings, "FACSIMILE_MAX_BYTES", 80 * 1024 * 1024)


def is_pdf(data):
    return data[:1024].lstrip().startswith(b"%PDF")


def open_pdf(data, name):
    """The first page of a checked PDF: (document, page); raise ``ImageRefused``."""
    if len(data) > max_bytes():
        raise ImageRefused(
            f"“{name}”太大({len(data) / 1024 / 1024:.1f} MB),版面 PDF 上限 "
            f"{max_bytes() // 1024 // 1024} MB。"
        )
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        # PDFium's last-error code outlives the call that set it: read the file instead.
        if b"/Encrypt" in data:
            raise ImageRefused(
                f"“{name}”是加密的 PDF(需要密码才能打开),请导出不加密的 PDF 再上传。"
            ) from None
        if re.search(rb"/Count\s+0\b", data) and not re.search(rb"/Count\s+[1-9]", data):
            raise ImageRefused(f"“{name}”是一个没有任何页面的 PDF。") from None
        raise ImageRefused(
            f"“{name}”不是能打开的 PDF 文件,可能已损坏({exc.args[0] if exc.args else exc})。"
        ) from None
    if len(document) == 0:
        document.close()
        raise ImageRefused(f"“{name}”是一个没有任何页面的 PDF。")
    return document, document[0]


def page_size(page):
    width, height = page.get_size()
    return width, height


def render(page, dpi=PRINT_DPI, max_pixels=None):
    """The page as a PIL image at ``dpi`` (bounded by ``max_pixels``)."""
    width, height = page.get_size()
    scale = dpi / 72
    max_pixels = max_pixels or getattr(settings, "PHOTO_MAX_PIXELS", 60_000_000)
    if width * height * scale * scale > max_pixels:
        scale = (max_pixels / (width * height)) ** 0.5
    bitmap = page.render(scale=scale, draw_annots=True, may_draw_forms=True)
    return bitmap.to_pil().convert("RGB")


@dataclass
class TextLayer:
    text: str  # the page's text in PDFium's reading order
    boxes: list  # per character of ``text``: (left, top, right, bottom) in fractions, or None


def text_layer(page):
    """The page's characters with their boxes in fractions of the page (top-left origin)."""
    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        if count <= 0:
            return TextLayer("", [])
        text = textpage.get_text_range(0, count)
        boxes = []
        for i in range(count):
            left, bottom, right, top = textpage.get_charbox(i, loose=False)
            if right <= left and top <= bottom:
                boxes.append(None)
            else:
                boxes.append((left / width, 1 - top / height, right / width, 1 - bottom / height))
    finally:
        textpage.close()
    # get_text_range may expand some characters (CRLF): keep text and boxes aligned
    if len(text) != len(boxes):
        text = text[: len(boxes)].ljust(len(boxes))
    return TextLayer(text, boxes)


def glyphs(page):
    """The page's characters as ``Glyph`` (box in fractions, top-left origin; font size),
    in PDFium's reading order; the input of ``articles.importer.pdf_text.page_text``."""
    width, height = page.get_size()
    textpage = page.get_textpage()
    out = []
    try:
        for i in range(textpage.count_chars()):
            code = pdfium_c.FPDFText_GetUnicode(textpage.raw, i)
            char = chr(code) if 0 < code < 0x110000 else "\ufffd"
            left, bottom, right, top = textpage.get_charbox(i, loose=False)
            size = pdfium_c.FPDFText_GetFontSize(textpage.raw, i)
            out.append(
                Glyph(
                    char, left / width, 1 - top / height, right / width, 1 - bottom / height, size
                )
            )
    finally:
        textpage.close()
    return out


# -- areas proposed from the text layer ------------------------------------------------

IGNORED = re.compile(r"[\s\u3000]")
SNIPPET = 12


def _normalised(layer):
    """The layer's text without spaces and line breaks, with each kept char's index."""
    chars, positions = [], []
    for i, ch in enumerate(layer.text):
        if not IGNORED.match(ch) and ch != "\ufffe":
            chars.append(ch)
            positions.append(i)
    return "".join(chars), positions


def _squeeze(text):
    return IGNORED.sub("", text or "")


def _find(haystack, needle, start=0):
    if not needle:
        return -1
    return haystack.find(needle, start)


def propose_box(layer, normalised, title, paragraphs):
    """The bounding box of an article's headline and body in the text layer, or None.

    The headline is searched first; each paragraph is found by its first and last
    characters after it (a paragraph broken over columns still gives both ends),
    and every character from the headline to the end of the last paragraph found in
    reading order belongs to the article.
    """
    text, positions = normalised
    title_key = _squeeze(title)[:40]
    at = _find(text, title_key)
    if at < 0 and len(title_key) > SNIPPET:
        at = _find(text, title_key[:SNIPPET])
    spans = []
    cursor = 0
    if at >= 0:
        spans.append((at, at + len(title_key)))
        cursor = at + len(title_key)
    for paragraph in paragraphs:
        squeezed = _squeeze(paragraph)
        if not squeezed:
            continue
        head = squeezed[:SNIPPET]
        start = _find(text, head, cursor)
        if start < 0:
            continue
        tail = squeezed[-SNIPPET:]
        end = _find(text, tail, start)
        end = end + len(tail) if end >= 0 else start + len(head)
        spans.append((start, end))
        cursor = end
    if not spans:
        return None
    first, last = min(s for s, _ in spans), max(e for _, e in spans)
    boxes = [layer.boxes[positions[i]] for i in range(first, last) if layer.boxes[positions[i]]]
    if not boxes:
        return None
    left = max(0.0, min(b[0] for b in boxes))
    top = max(0.0, min(b[1] for b in boxes))
    right = min(1.0, max(b[2] for b in boxes))
    bottom = min(1.0, max(b[3] for b in boxes))
    pad = 0.004
    left, top = max(0.0, left - pad), max(0.0, top - pad)
    right, bottom = min(1.0, right + pad), min(1.0, bottom + pad)
    return (left, top, right - left, bottom - top)


def propose_areas(layer, articles):
    """{index: (x, y, w, h)} for the articles whose text is found in the layer.

    ``articles`` are objects with ``title`` and ``paragraphs`` (Article rows or parsed
    articles), keyed by their index; one found nowhere gets no proposal.
    """
    normalised = _normalised(layer)
    proposals = {}
    for index, article in enumerate(articles):
        box = propose_box(layer, normalised, article.title, list(article.paragraphs))
        if box is not None:
            proposals[index] = box
    return proposals


def pdf_bytes_ok(data, name):
    """Check a PDF without keeping it open (for forms); raise ``ImageRefused``."""
    document, _page = open_pdf(data, name)
    document.close()


def to_image_bytes(image, fmt="JPEG", **options):
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()
