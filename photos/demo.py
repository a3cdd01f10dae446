"""The demo paper's illustrative facsimiles (示意版面) and photos, typeset from its text.

Every page of the demo issue gets a page image set in three columns from its own
articles (headlines in a CJK font when the machine has one, grey text lines otherwise),
marked 示意版面, with each article's area recorded as it is set; a PDF of the image is
offered for download. Articles whose printed captions became photo slots get an
illustrative picture in their first slot, so a new user sees the whole feature.
"""

import io
import shutil
import subprocess
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from articles.models import Article, Issue

from . import store
from .models import Photo

WIDTH, HEIGHT = 1654, 2339  # A-series proportions
MARGIN, GUTTER, COLUMNS = 70, 36, 3
FONT_PATHS = [
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
]


def cjk_font_path():
    for path in FONT_PATHS:
        if Path(path).exists():
            return path
    if shutil.which("fc-match"):
        found = subprocess.run(
            ["fc-match", "-f", "%{file}", ":lang=zh"], capture_output=True, text=True, check=False
        ).stdout.strip()
        if found and Path(found).exists():
            return found
    return None


def font(size):
    path = cjk_font_path()
    return ImageFont.truetype(path, size) if path else None


def wrap(text, face, width):
    lines, line = [], ""
    for ch in text:
        if face.getlength(line + ch) > width:
            lines.append(line)
            line = ch
        else:
            line += ch
    return [*lines, line] if line else lines


class Typesetter:
    """Sets articles top to bottom in columns; returns each article's box (fractions)."""

    def __init__(self, draw, top):
        self.draw = draw
        self.column = 0
        self.top = top
        self.y = top
        self.width = (WIDTH - 2 * MARGIN - (COLUMNS - 1) * GUTTER) / COLUMNS
        self.headline, self.body = font(40), font(24)

    @property
    def x(self):
        return MARGIN + self.column * (self.width + GUTTER)

    def line(self, text, face, height, color):
        if self.y + height > HEIGHT - MARGIN:
            if self.column == COLUMNS - 1:
                return False
            self.column, self.y = self.column + 1, self.top
        if face is not None:
            self.draw.text((self.x, self.y), text, font=face, fill=color)
        else:
            self.draw.rectangle(
                [self.x, self.y + height * 0.25, self.x + self.width * 0.95, self.y + height * 0.7],
                fill=(150, 150, 150) if color != "black" else (40, 40, 40),
            )
        self.y += height
        return True

    def article(self, article):
        start = (self.column, self.y)
        parts = []
        face = self.headline or ImageFont.load_default()
        for text in wrap(article.title, face, self.width):
            if not self.line(text, self.headline, 54, "black"):
                return None
        self.y += 8
        body_face = self.body or ImageFont.load_default()
        for paragraph in article.paragraphs:
            for text in wrap("  " + paragraph, body_face, self.width):
                if not self.line(text, self.body, 34, (60, 60, 60)):
                    break
        parts.append((start, (self.column, self.y)))
        self.y += 40
        (c0, y0), (c1, y1) = start, (self.column, self.y - 40)
        left = MARGIN + c0 * (self.width + GUTTER)
        right = MARGIN + c1 * (self.width + GUTTER) + self.width
        top = y0 if c0 == c1 else self.top
        bottom = y1 if c0 == c1 else HEIGHT - MARGIN
        box = (left / WIDTH, top / HEIGHT, (right - left) / WIDTH, (bottom - top) / HEIGHT)
        if c1 == c0 + 1 and y1 > y0:
            # continued in the next column: the outline of both parts, not their bounding box
            r0, l1 = left + self.width, left + self.width + GUTTER
            points = [(left, y0), (l1, y0), (l1, top), (right, top), (right, y1), (r0, y1),
                      (r0, bottom), (left, bottom)]  # fmt: skip
            return (*box, [[round(x / WIDTH, 4), round(y / HEIGHT, 4)] for x, y in points])
        return box


def typeset_page(page, articles):
    image = Image.new("RGB", (WIDTH, HEIGHT), (252, 250, 244))
    draw = ImageDraw.Draw(image)
    masthead = font(64)
    title = f"四川科协报  第{page.issue.number}期  {page.label}"
    if masthead:
        draw.text((MARGIN, 50), title, font=masthead, fill=(139, 26, 26))
        draw.text((WIDTH - MARGIN - 260, 70), "示意版面", font=font(44), fill=(139, 26, 26))
    else:
        draw.rectangle([MARGIN, 60, WIDTH - MARGIN, 110], fill=(139, 26, 26))
    draw.line([MARGIN, 150, WIDTH - MARGIN, 150], fill=(139, 26, 26), width=4)
    setter = Typesetter(draw, 180)
    boxes = {}
    for article in articles:
        box = setter.article(article)
        if box is None:
            break
        boxes[article] = box
    return image, boxes


def illustrative_picture(seed):
    """A calm landscape-like picture: sky, hills and a sun, varied by ``seed``."""
    image = Image.new("RGB", (1600, 1000))
    draw = ImageDraw.Draw(image)
    for y in range(1000):
        draw.line([(0, y), (1600, y)], fill=(90 + y // 12, 150 + y // 20, 220 - y // 10))
    hue = seed * 37 % 80
    draw.ellipse([1150 - hue * 4, 120, 1330 - hue * 4, 300], fill=(255, 214, 102))
    draw.polygon([(0, 700), (500, 420 + hue), (900, 650), (1300, 380), (1600, 600), (1600, 1000), (0, 1000)], fill=(60, 120 + hue, 70))  # fmt: skip
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


def build(issue_number):
    """Give the demo issue's pages their 示意版面 and areas, and some articles a picture.

    Idempotent: pages that have a facsimile and photos that have a picture are kept.
    Returns (pages given a facsimile, photos given a picture).
    """
    issue = Issue.objects.get(number=issue_number)
    pages = photos = 0
    for page in issue.pages.order_by("number"):
        articles = list(Article.objects.filter(page=page).order_by("position", "id"))
        if not articles or hasattr(page, "facsimile"):
            continue
        image, boxes = typeset_page(page, articles)
        png, pdf = io.BytesIO(), io.BytesIO()
        image.save(png, "PNG")
        image.save(pdf, "PDF", resolution=150)
        store.attach_facsimile(
            page, png.getvalue(), f"示意版面-{page.number}.png",
            illustrative=True, pdf_data=pdf.getvalue(),
        )  # fmt: skip
        store.save_areas(page, boxes)
        pages += 1
    for i, slot in enumerate(
        Photo.objects.filter(article__page__issue=issue, image="").order_by("article", "order")
    ):
        if slot.order != 1:
            continue
        processed_for = store.images.process(illustrative_picture(i), f"示意图片-{i}.jpg")
        store.give_picture(slot, processed_for)
        slot.alt = slot.alt or f"示意图片(演示用,不是报道原图):{slot.caption[:40]}"
        slot.save()
        photos += 1
    return pages, photos
