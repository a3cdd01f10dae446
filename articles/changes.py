"""The one seam through which every change a reader can see reaches readers.

A write that readers can see announces itself here, and nowhere else:

- ``articles_changed(ids)``: these articles' text, state, placement, tags, credits or
  mentions changed, or they were created or deleted;
- ``issues_changed(ids)``, ``pages_changed(ids)``, ``column_runs_changed(ids)``: their
  articles changed with them (publishing, a page renamed, a column run retitled);
- ``organizations_changed(ids)``, ``people_changed(ids)``: names that articles carry
  in the index changed;
- ``site_changed()``: anything else a reader page shows (columns, series, sponsors,
  tags), which touches no article's index entry.

Each call brings the search index and the related-articles keys up to date for the
articles concerned in the caller's transaction, and bumps the page cache's content
version both at once and again when the transaction commits (so a page rendered from
the old rows during the commit cannot stay cached under the new version).

Other apps that keep something derived from articles (the reprint fingerprints, for
instance) register a function with ``follow_articles``: it is called with the changed
article ids in the same transaction, right after the search index.

``batch()`` opens a transaction and collects every announcement made inside it into
one index pass at its end: imports, publishing and admin requests use it. Signals
(``articles.signals``) are only an adapter that turns ordinary model saves into
these calls; code that writes with ``QuerySet.update()`` or ``bulk_create()``, which
send no signal, calls the seam itself.
"""

import contextlib
import threading

from django.db import transaction

from articles.models import Article, Credit
from articles.reader import cache as page_cache
from articles.search import dictionary, index

_state = threading.local()
_followers = []


def follow_articles(function):
    """Call ``function(article_ids)`` with every set of changed articles (see above)."""
    if function not in _followers:
        _followers.append(function)
    return function


class _Pending:
    def __init__(self):
        self.article_ids = set()
        self.words = set()
        self.bump = False


def _pending():
    return getattr(_state, "pending", None)


@contextlib.contextmanager
def batch():
    """Collect the changes announced in the block; index once and bump once at its end.

    The block runs in a transaction: if it fails, its writes and its index work are
    rolled back together. Nested batches join the outermost one.
    """
    if _pending() is not None:
        yield
        return
    with transaction.atomic():
        _state.pending = pending = _Pending()
        try:
            yield
        finally:
            _state.pending = None
        if pending.article_ids or pending.words or pending.bump:
            _apply(pending.article_ids, pending.words)


def in_batch():
    return _pending() is not None


def articles_changed(article_ids):
    ids = {int(pk) for pk in article_ids if pk is not None}
    if not ids:
        return
    pending = _pending()
    if pending is not None:
        pending.article_ids |= ids
        pending.bump = True
        return
    _apply(ids, ())


def issues_changed(issue_ids):
    articles_changed(
        Article.objects.filter(page__issue_id__in=list(issue_ids)).values_list("pk", flat=True)
    )
    site_changed()


def pages_changed(page_ids):
    articles_changed(
        Article.objects.filter(page_id__in=list(page_ids)).values_list("pk", flat=True)
    )
    site_changed()


def column_runs_changed(column_run_ids):
    articles_changed(
        Article.objects.filter(column_run_id__in=list(column_run_ids)).values_list("pk", flat=True)
    )
    site_changed()


def articles_naming_organizations(organization_ids):
    ids = list(organization_ids)
    return {
        *Article.objects.filter(organizations__in=ids).values_list("pk", flat=True),
        *Credit.objects.filter(organization__in=ids).values_list("article_id", flat=True),
    }


def organizations_changed(organization_ids, names=()):
    """Organisations renamed: their articles' index entries and the query dictionary."""
    articles_changed(articles_naming_organizations(organization_ids))
    words_added(names)
    site_changed()


def people_changed(person_ids, names=()):
    articles_changed(
        Credit.objects.filter(person__in=list(person_ids)).values_list("article_id", flat=True)
    )
    words_added(names)
    site_changed()


def words_added(words):
    """Names (organisations, people, columns, tags) that search should segment as words."""
    words = {w for w in words if w}
    if not words:
        return
    pending = _pending()
    if pending is not None:
        pending.words |= words
        return
    dictionary.add_words(sorted(words))


def site_changed():
    """Something every reader page may show changed: a new content version."""
    pending = _pending()
    if pending is not None:
        pending.bump = True  # the batch bumps once, at its end
        return
    _bump()


def rebuild_index(**options):
    """Rebuild the whole index and the related keys from the published articles.

    The bulk path (``rebuild_search_index``, the synthetic archive): segmentation in
    several processes, indexes built once at the end. Returns the count indexed.
    """
    written = index.rebuild(**options)
    _bump()
    return written


def _apply(article_ids, words):
    if words:
        dictionary.add_words(sorted(words))
    if article_ids:
        index.reindex_articles(article_ids)
        for follower in _followers:
            follower(sorted(article_ids))
    _bump()


def _bump():
    page_cache.bump_content_version()
    transaction.on_commit(page_cache.bump_content_version)
