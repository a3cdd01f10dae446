"""Pictures and page PDFs made on the spot, and a media folder under pytest's tmp_path."""

import io
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

CJK_FONTS = [
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploads go to a folder of this test, never into the repository."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def media_files(root):
    return sorted(str(p.relative_to(root)) for p in Path(root).rglob("*") if p.is_file())


def gps_exif(orientation=None):
    exif = Image.Exif()
    exif[0x010F] = "Camera Maker"  # Make
    exif[0x0131] = "EditorSoft 1.0"  # Software
    if orientation:
        exif[0x0112] = orientation
    gps = {1: "N", 2: (30.0, 39.0, 36.0), 3: "E", 4: (104.0, 4.0, 12.0)}  # 成都
    exif[0x8825] = gps
    return exif


def jpeg(width=1200, height=800, *, orientation=None, exif=True, color=(200, 60, 40)):
    """A JPEG with a camera's EXIF: maker, software, GPS position, orientation."""
    image = Image.new("RGB", (width, height), color)
    ImageDraw.Draw(image).rectangle([0, 0, width // 4, height // 8], fill=(20, 20, 160))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, exif=gps_exif(orientation) if exif else b"")
    return buffer.getvalue()


def png(width=600, height=400, mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, (width, height), (10, 120, 40, 255)[: len(mode)]).save(buffer, "PNG")
    return buffer.getvalue()


def cjk_font():
    for path in CJK_FONTS:
        if Path(path).exists():
            return path
    pytest.skip("没有中文字体(bin/ensure-browser 会安装 fonts-wqy-microhei)")


def page_pdf(articles, *, columns=3, encrypt=None, pages=1):
    """A broadsheet-like page PDF with a text layer: each article set in its own column.

    ``articles``: [(title, [paragraph, ...]), ...], one column each, left to right.
    """
    from fpdf import FPDF

    document = FPDF(orientation="P", unit="mm", format="A3")
    document.set_auto_page_break(False)
    document.add_font("cjk", "", cjk_font())
    for _ in range(pages):
        document.add_page()
        document.set_font("cjk", size=30)
        document.set_xy(15, 12)
        document.cell(267, 16, "科协报  第3109期  2024年11月22日 星期五  第1版:要闻", align="C")
        width = (297 - 30) / columns
        for i, (title, paragraphs) in enumerate(articles):
            x = 15 + (i % columns) * width
            document.set_xy(x, 40 + (i // columns) * 180)
            document.set_font("cjk", size=16)
            document.multi_cell(width - 6, 8, title, wrapmode="CHAR")
            document.set_font("cjk", size=10)
            for paragraph in paragraphs:
                # set as a Chinese paper sets it: indented two characters, broken anywhere
                document.set_x(x)
                document.multi_cell(width - 6, 5.5, "\u3000\u3000" + paragraph, wrapmode="CHAR")
    if encrypt:
        document.set_encryption(owner_password=encrypt, user_password=encrypt)
    return bytes(document.output())


def empty_pdf():
    """A well-formed PDF whose page tree has no page."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument.new()
    buffer = io.BytesIO()
    document.save(buffer)
    document.close()
    return buffer.getvalue()
