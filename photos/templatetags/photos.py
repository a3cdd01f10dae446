from django import template

register = template.Library()


@register.inclusion_tag("photos/figure.html")
def photo_figure(photo, sizes, lazy=True):
    return {
        "photo": photo,
        "sizes": sizes,
        "lazy": lazy,
        "webp": photo.srcset("webp"),
        "jpg": photo.srcset("jpg"),
        "fallback": photo.url(photo.largest("jpg")) if photo.largest("jpg") else photo.image.url,
    }


@register.simple_tag
def media_url(file):
    return file.url if file else ""


@register.filter
def facsimile_of(page):
    from photos.reader import facsimile_of as found

    return found(page)


@register.filter
def any_facsimile(pages):
    return any(facsimile_of(p) for p in pages)
