import json

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag
def site_name():
    return settings.NEWSPAPER_NAME


@register.filter
def jsonld(data):
    """A schema.org JSON-LD block; ``<``, ``>`` and ``&`` are escaped so ``</script>`` cannot end it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag
def page_link(query, number):
    """The listing URL for page ``number``, keeping the reader's filters."""
    return f"?{query}&page={number}" if query else f"?page={number}"


@register.filter
def cn_date(value):
    if not value:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


@register.filter
def issue_label(issue):
    return f"第{issue.number}期 {cn_date(issue.date)}"
