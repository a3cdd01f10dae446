"""The user dictionary: the paper's own names, so jieba keeps 泸州市科协 or 天府科技云 whole.

Words come from organisations (full and short names, aliases), people (names and
aliases), columns and tags. The segmenter of this process learns a new word the
moment it is saved (signals call ``add_words``). Other processes learn it
through a version stamp in the cache, checked on every search request
(``ensure_current``): with the default in-process LocMemCache each process only
sees its own stamp, so in a multi-process deployment (several gunicorn workers)
configure a shared cache (Redis, Memcached or the database cache) or new names
reach the other workers only when they restart. Recall never depends on the
dictionary (bigrams find every substring); it only changes how a query is split
into words and how results are ranked.
"""

import threading

from django.core.cache import cache

from articles.models import Column, Tag
from newsroom.segment import get_segmenter
from organizations.models import Organization, Person

VERSION_KEY = "search:dictionary-version"

_lock = threading.Lock()
_loaded = {"version": None}


def dictionary_words():
    """Every name the paper uses, from the database."""
    words = set()
    for name, short, aliases in Organization.objects.values_list("name", "short_name", "aliases"):
        words.update([name, short, *(aliases or [])])
    for name, aliases in Person.objects.values_list("name", "aliases"):
        words.update([name, *(aliases or [])])
    words.update(Column.objects.values_list("name", flat=True))
    words.update(Tag.objects.values_list("name", flat=True))
    return {w.strip() for w in words if w and w.strip() and len(w.strip()) > 1}


def current_version():
    return cache.get(VERSION_KEY, 0)


def ensure_current():
    """Load the dictionary on first use, and again when another process changed it."""
    version = current_version()
    if _loaded["version"] == version:
        return False
    with _lock:
        get_segmenter().add_words(dictionary_words())
        _loaded["version"] = version
    return True


def add_words(words):
    """Teach this process a new name now, and tell the other processes to reload."""
    words = [w for w in words if w and len(w.strip()) > 1]
    if not words:
        return
    get_segmenter().add_words(words)
    try:
        version = cache.incr(VERSION_KEY)
    except ValueError:
        version = 1
        cache.set(VERSION_KEY, version, None)
    if _loaded["version"] is not None:
        _loaded["version"] = version
