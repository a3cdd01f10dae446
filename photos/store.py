"""Writing photos, facsimiles and areas: one function per thing an editor does.

Called alike by the admin, the desk's 导入版面PDF screen, the demo and the tests. Each
works in the caller's transaction, names its files now and writes them on commit
(``photos.files``), and announces the change through ``articles.changes``.
"""

import hashlib

from django.db import transaction

from articles import changes
from articles.models import Article

from . import files, images, pdf
from .images import ImageRefused
from .models import ArticleArea, Facsimile, Photo, area_problems


def photo_file_fields(processed):
    """Model fields and {name: bytes} for a processed photo."""
    base = f"photos/{processed.digest[:2]}/{processed.digest}"
    original = f"{base}/original.{processed.original.format}"
    blobs = {original: processed.original.data}
    renditions = []
    for r in processed.renditions:
        name = f"{base}/{r.width}.{r.format}"
        blobs[name] = r.data
        renditions.append({"name": name, "width": r.width, "height": r.height, "format": r.format})
    fields = {
        "image": original,
        "width": processed.width,
        "height": processed.height,
        "renditions": renditions,
    }
    return fields, blobs


def give_picture(photo, processed):
    """Set ``photo``'s picture (not saved); its files are written when the save commits.

    The files of the picture it had are deleted on commit unless another photo names them.
    """
    old = photo.file_names() if photo.pk else []
    fields, blobs = photo_file_fields(processed)
    for key, value in fields.items():
        setattr(photo, key, value)
    files.write_on_commit(blobs)
    if old and old[0] != fields["image"]:
        still_named = Photo.objects.filter(image=old[0]).exclude(pk=photo.pk).exists()
        if not still_named:
            files.delete_on_commit(old)
    return photo


def add_photo(article, data, name, **fields):
    """A checked photo for ``article``, after its others; raise ``ImageRefused``."""
    processed = images.process(data, name)
    with transaction.atomic():
        order = fields.pop("order", None)
        if order is None:
            last = article.photos.order_by("-order").values_list("order", flat=True).first()
            order = (last or 0) + 1
        photo = Photo(article=article, order=order, **fields)
        give_picture(photo, processed)
        photo.save()
    return photo


def add_caption_slots(articles):
    """Each legacy caption becomes a photo slot waiting for its picture (the importer)."""
    slots = [
        Photo(article=article, order=i, caption=caption)
        for article in articles
        for i, caption in enumerate(article.caption_list, start=1)
    ]
    Photo.objects.bulk_create(slots)
    changes.articles_changed([a.pk for a in articles if a.caption_list])
    return slots


# -- facsimiles ----------------------------------------------------------------------


def facsimile_file_fields(page, digest, screen, thumb, pdf_data=None):
    base = f"facsimiles/{page.issue.number}/{page.number}-{digest[:16]}"
    blobs = {
        f"{base}/page.jpg": pdf.to_image_bytes(screen, "JPEG", quality=85, optimize=True),
        f"{base}/thumbnail.jpg": pdf.to_image_bytes(thumb, "JPEG", quality=80, optimize=True),
    }
    fields = {
        "image": f"{base}/page.jpg",
        "width": screen.width,
        "height": screen.height,
        "thumbnail": f"{base}/thumbnail.jpg",
        "thumbnail_width": thumb.width,
        "thumbnail_height": thumb.height,
        "pdf": "",
    }
    if pdf_data is not None:
        fields["pdf"] = f"{base}/page.pdf"
        blobs[fields["pdf"]] = pdf_data
    return fields, blobs


def rendered_facsimile(data, name):
    """(source, screen image, thumbnail, text layer or None) for an uploaded PDF or image."""
    if pdf.is_pdf(data):
        document, first = pdf.open_pdf(data, name)
        try:
            printed = pdf.render(first)
            layer = pdf.text_layer(first)
        finally:
            document.close()
        source = Facsimile.Source.PDF
    else:
        printed = images.upright(images.open_checked(data, name))
        printed = images.flatten(printed) if printed.mode != "RGB" else printed
        layer = None
        source = Facsimile.Source.IMAGE
    screen = images.resized(printed, pdf.SCREEN_WIDTH)
    thumb = images.resized(screen, pdf.THUMBNAIL_WIDTH)
    return source, screen, thumb, layer


def attach_facsimile(page, data, name, *, illustrative=False, pdf_data=None):
    """Give ``page`` its facsimile (replacing any); returns (facsimile, text layer or None).

    ``pdf_data``: a PDF offered for download beside an image facsimile (the demo's).
    """
    source, screen, thumb, layer = rendered_facsimile(data, name)
    digest = hashlib.sha256(data).hexdigest()
    download = data if source == Facsimile.Source.PDF else pdf_data
    fields, blobs = facsimile_file_fields(page, digest, screen, thumb, download)
    with transaction.atomic():
        facsimile = Facsimile.objects.select_for_update().filter(page=page).first()
        old = facsimile.file_names() if facsimile else []
        facsimile = facsimile or Facsimile(page=page)
        for key, value in fields.items():
            setattr(facsimile, key, value)
        facsimile.source = source
        facsimile.illustrative = illustrative
        facsimile.text_layer = layer.text if layer else ""
        facsimile.save()
        files.write_on_commit(blobs)
        files.delete_on_commit(old, keep=facsimile.file_names())
    return facsimile, layer


def save_areas(page, boxes, *, proposed=False, replace=True):
    """Write ``{article: (x, y, w, h[, polygon])}`` as the page's areas; raise ``ImageRefused``
    naming the article when a box is outside the page."""
    for article, box in boxes.items():
        problem = area_problems(*box[:4], box[4] if len(box) > 4 else ())
        if problem:
            raise ImageRefused(f"《{article.title}》的区域不对:{problem}")
    with transaction.atomic():
        if replace:
            ArticleArea.objects.filter(page=page, article__in=list(boxes)).delete()
        ArticleArea.objects.bulk_create(
            ArticleArea(
                page=page,
                article=article,
                x=box[0],
                y=box[1],
                w=box[2],
                h=box[3],
                polygon=list(box[4]) if len(box) > 4 else [],
                proposed=proposed,
            )
            for article, box in boxes.items()
        )
        changes.pages_changed([page.pk])


def propose_page_areas(page, layer=None):
    """Areas for the page's articles located in its PDF's text layer; returns
    (proposals, articles not found). Nothing is written."""
    if layer is None:
        facsimile = Facsimile.objects.filter(page=page).first()
        if facsimile is None or not facsimile.pdf:
            return {}, []
        with facsimile.pdf.open("rb") as handle:
            document, first = pdf.open_pdf(handle.read(), facsimile.pdf.name)
        try:
            layer = pdf.text_layer(first)
        finally:
            document.close()
    articles = list(Article.objects.filter(page=page).order_by("position", "id"))
    found = pdf.propose_areas(layer, articles)
    proposals = {articles[i]: box for i, box in found.items()}
    return proposals, [a for i, a in enumerate(articles) if i not in found]


__all__ = ["ImageRefused", "add_photo", "attach_facsimile", "propose_page_areas", "save_areas"]


def check_facsimile(data, name):
    """Refuse a bad facsimile upload early (a form's clean); raise ``ImageRefused``."""
    if pdf.is_pdf(data):
        pdf.pdf_bytes_ok(data, name)
    else:
        images.open_checked(data, name)
