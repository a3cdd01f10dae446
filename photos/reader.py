"""What the reader's pages and the JSON API show of photos and facsimiles.

Each function costs a fixed number of queries: an article's photos one, a page's areas
one (only when the page has a facsimile; the facsimile itself comes with the page).
"""

import segno
from django.core.files.storage import default_storage
from django.utils.safestring import mark_safe

from .models import ArticleArea, Facsimile, Photo

# How wide a figure is drawn: the column of text (42rem) on a desktop, the screen on a phone.
FIGURE_SIZES = "(min-width: 48rem) 42rem, 100vw"


def pictured_photos(article):
    return list(
        Photo.objects.pictured()
        .filter(article=article)
        .select_related("person", "organization")
        .order_by("order", "id")
    )


def loose_captions(article, photos):
    """The article's printed captions that no shown photo carries."""
    shown = {p.caption.strip() for p in photos}
    return [c for c in article.caption_list if c not in shown]


def qr_svg(url, title):
    """A QR code of ``url`` as inline SVG (made here, never by an outside service)."""
    svg = segno.make(url, error="m").svg_inline(
        scale=4, border=2, title=title, svgclass="qr-code", lineclass=None, omitsize=False
    )
    return mark_safe(svg)  # segno escapes the title; the rest is its own markup


def absolute_media(request, name):
    url = default_storage.url(name)
    return url if url.startswith(("http://", "https://")) else request.build_absolute_uri(url)


def article_extras(request, article, jsonld, canonical):
    """Context for the article page (photos, QR code, og:image) and JSON-LD additions."""
    photos = pictured_photos(article)
    images = []
    for photo in photos:
        largest = photo.largest("jpg")
        if largest:
            images.append(absolute_media(request, largest["name"]))
    if images:
        jsonld["image"] = images
    page = article.page if article.page_id else None
    if page is not None:
        jsonld["printEdition"] = f"第{page.issue.number}期"
        jsonld["printPage"] = str(page.number)
        if page.name:
            jsonld["printSection"] = page.name
    return {
        "photos": photos,
        "figure_sizes": FIGURE_SIZES,
        "loose_captions": loose_captions(article, photos),
        "og_image": images[0] if images else "",
        "qr_svg": qr_svg(canonical, f"用微信扫码在手机上阅读《{article.title}》"),
    }


def facsimile_of(page):
    """The page's facsimile if it was selected with it (``select_related``), else None."""
    try:
        return page.facsimile
    except Facsimile.DoesNotExist:
        return None


def page_extras(page, articles):
    """The facsimile and its area links for the page view (published articles only)."""
    facsimile = facsimile_of(page)
    if facsimile is None:
        return {"facsimile": None, "areas": []}
    shown = {a.pk: a for a in articles}
    areas = [
        area
        for area in ArticleArea.objects.filter(page=page).order_by("y", "x", "id")
        if area.article_id in shown
    ]
    for area in areas:
        area.article = shown[area.article_id]
        area.svg_points = " ".join(f"{x * 1000:.1f},{y * 1000:.1f}" for x, y in area.polygon)
        area.svg_box = [round(v * 1000, 1) for v in (area.x, area.y, area.w, area.h)]
    return {"facsimile": facsimile, "areas": areas}


# -- JSON API ----------------------------------------------------------------------


def photo_json(photo):
    who = photo.credited
    return {
        "caption": photo.caption,
        "credit": {
            "name": photo.credit_text.rsplit(" ", 1)[0],
            "role": photo.role or "摄",
            "kind": "person" if photo.person_id else "organization",
        }
        if who
        else None,
        "alt": photo.alt,
        "width": photo.width,
        "height": photo.height,
        "renditions": [
            {"url": default_storage.url(r["name"]), "width": r["width"], "format": r["format"]}
            for r in photo.renditions
        ],
    }


def facsimile_json(facsimile, areas):
    return {
        "image": facsimile.image.url,
        "width": facsimile.width,
        "height": facsimile.height,
        "thumbnail": facsimile.thumbnail.url,
        "pdf": facsimile.pdf.url if facsimile.pdf else None,
        "illustrative": facsimile.illustrative,
        "areas": [{"article": a.article_id, "box": a.box} for a in areas],
    }


def issue_pages_json(issue, published_ids):
    """``pages`` of /api/issues/<n>: every page with its facsimile and areas (two queries)."""
    pages = list(issue.pages.select_related("facsimile").order_by("number"))
    areas = {}
    for area in ArticleArea.objects.filter(
        page__in=[p for p in pages if facsimile_of(p)], article_id__in=published_ids
    ).order_by("y", "x", "id"):
        areas.setdefault(area.page_id, []).append(area)
    return [
        {
            "number": p.number,
            "name": p.name,
            "facsimile": facsimile_json(facsimile_of(p), areas.get(p.pk, []))
            if facsimile_of(p)
            else None,
        }
        for p in pages
    ]
