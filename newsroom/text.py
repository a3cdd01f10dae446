"""Chinese-text helpers every app shares: tag lists, slugs, pinyin keys.

Pure functions; nothing here touches the database. Stored text is never
normalised (no NFKC): these helpers only split, trim and derive keys.
"""

import hashlib
import re

from django.utils.text import slugify

# Tags are typed as 天府科技云,科普、乡村振兴 or separated by spaces.
TAG_SEPARATORS = re.compile(r"[,,、;;\s]+")


def parse_tags(tagstring):
    """Split an editor's tag input into unique tag names, in the order typed."""
    if not tagstring:
        return []
    names = []
    seen = set()
    for raw in TAG_SEPARATORS.split(tagstring):
        name = raw.strip().strip("\"'“”‘’")
        if not name or name.casefold() in seen:
            continue
        seen.add(name.casefold())
        names.append(name)
    return names


def join_tags(tags):
    """Render tags back into the input box, separated the way editors type them."""
    return "、".join(sorted(tag.name for tag in tags))


def unicode_slug(value, *, fallback_prefix="t"):
    """A URL slug that keeps Han characters and is never empty.

    ``slugify`` without ``allow_unicode`` turns 天府科技云 into "" (django-taggit#179);
    with it, punctuation-only names still come out empty, so those get a short
    stable hash instead.
    """
    slug = slugify(value or "", allow_unicode=True)
    if slug:
        return slug[:100]
    digest = hashlib.blake2s((value or "").encode("utf-8"), digest_size=5).hexdigest()
    return f"{fallback_prefix}-{digest}"


_pinyin = None


def pinyin_key(name):
    """Toneless pinyin of a name, so 张跃鸣 and 张跃明 share a key (zhang-yue-ming)."""
    global _pinyin
    if _pinyin is None:
        # Imported on first use: importing pypinyin costs ~0.26 s (its phrase tables).
        from pypinyin import Style, lazy_pinyin

        _pinyin = (lazy_pinyin, Style.NORMAL)
    lazy_pinyin, style = _pinyin
    compact = re.sub(r"\s+", "", name or "")
    return "-".join(lazy_pinyin(compact, style=style, errors="default")).lower()


def split_aliases(value):
    """Aliases typed one per line or separated like tags; returns a clean list."""
    if isinstance(value, list | tuple):
        items = value
    else:
        items = re.split(r"[\n,,、;;]+", value or "")
    out = []
    for item in items:
        item = item.strip()
        if item and item not in out:
            out.append(item)
    return out
