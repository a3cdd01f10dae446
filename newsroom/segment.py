"""Chinese segmentation for search: jieba words plus character unigrams and bigrams.

Pure code: nothing here imports the ORM. The words of the user dictionary
(organisation names, people, columns, tags) are passed in by the caller.

Two things are produced from a text:

* ``match_chars(text)``: the text reduced for matching: ASCII full-width forms
  folded to half-width, lower-cased, every character that is not a letter or a
  digit dropped (whitespace and punctuation). Any substring of the original text
  (ignoring whitespace and punctuation) is a substring of this reduction, so
  character unigrams and bigrams over it serve every substring query from an
  index: one character = one unigram, n >= 2 characters = a phrase of n-1
  consecutive bigrams (as Lucene's CJK analyzer does).
* ``Segmenter.index_words(text)`` / ``query_words(text)``: jieba words, search
  mode for what is indexed (whole words and their parts), precise mode for
  queries. Words only help ranking and query splitting; recall rests on grams.

jieba is loaded once per process (about 1.2 s and 90 MiB) on first use, into a
private ``jieba.Tokenizer`` so the global one (and other users of it) are left
alone. Dictionary words are added with ``add_word`` -- never by reloading.
Each process holds its own tokenizer: a word added in one process (a gunicorn
worker saving an organisation) reaches the others only when they refresh their
words (see ``articles.search.dictionary``).
"""

import functools
import logging
import re
import threading

from opencc import OpenCC

# Runs of characters jieba should see as one block; everything else separates.
_BLOCK = re.compile(r"[\w+#&.%-]+", re.UNICODE)
# Position limit of a PostgreSQL tsvector; positions beyond it are clamped there.
MAX_POSITION = 16383


_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = 0x20
_KEPT = re.compile(r"[^\W_]+")


def fold(text):
    """Full-width ASCII to half-width, then lower case (for matching, never for storage)."""
    return (text or "").translate(_FOLD).lower()


def match_chars(text):
    """The letters and digits of ``text``, folded for matching."""
    return "".join(_KEPT.findall(fold(text)))


def reduce_with_offsets(text):
    """``match_chars(text)`` and, ascending, the offset in ``text`` of each kept character.

    Offsets are only exact while folding keeps the length (it does except for a
    few letters whose lower case is longer, such as İ); they serve to place jieba
    words, which only affects ranking.
    """
    folded = fold(text)
    chars, offsets = [], []
    for m in _KEPT.finditer(folded):
        chars.append(m.group())
        offsets.extend(range(m.start(), m.end()))
    return "".join(chars), offsets


def bigrams(chars):
    return [chars[i : i + 2] for i in range(len(chars) - 1)]


def gram_query(term):
    """The grams a term (already ``match_chars``-reduced) is found by.

    One character: that unigram. More: its consecutive bigrams, to be matched as
    a phrase.
    """
    if len(term) <= 1:
        return [term] if term else []
    return bigrams(term)


_t2s = None
_t2s_lock = threading.Lock()


def to_simplified(text):
    """Traditional to simplified characters (OpenCC t2s, pure Python)."""
    global _t2s
    if _t2s is None:
        with _t2s_lock:
            if _t2s is None:
                _t2s = OpenCC("t2s")
    return _t2s.convert(text)


class Segmenter:
    """A private jieba tokenizer with the paper's own words added."""

    def __init__(self):
        self._tokenizer = None
        self._lock = threading.Lock()
        self.words = set()

    @property
    def tokenizer(self):
        if self._tokenizer is None:
            with self._lock:
                if self._tokenizer is None:
                    import jieba  # lazily: importing it costs ~0.18 s, unused by most commands

                    jieba.setLogLevel(logging.WARNING)
                    tokenizer = jieba.Tokenizer()
                    tokenizer.initialize()
                    for word in self.words:
                        tokenizer.add_word(word)
                    self._tokenizer = tokenizer
        return self._tokenizer

    def add_words(self, words):
        """Add dictionary words; they are segmented whole from the next call on."""
        new = {w.strip() for w in words if w and w.strip()} - self.words
        new = {w for w in new if not _has_space(w)}
        if not new:
            return 0
        self.words |= new
        if self._tokenizer is not None:
            for word in new:
                self._tokenizer.add_word(word)
        self._cached_index_block.cache_clear()
        return len(new)

    def remove_words(self, words):
        gone = {w for w in words if w in self.words}
        self.words -= gone
        if self._tokenizer is not None:
            for word in gone:
                self._tokenizer.del_word(word)
        self._cached_index_block.cache_clear()
        return len(gone)

    def query_words(self, text):
        """Precise-mode words of a query, without whitespace and punctuation."""
        return [w for w in self.tokenizer.lcut(text or "") if match_chars(w)]

    def query_spans(self, text):
        """(start, end) of each precise-mode word of a query that holds a letter or digit."""
        return [
            (start, end)
            for word, start, end in self.tokenizer.tokenize(text or "")
            if match_chars(word)
        ]

    def index_words(self, text):
        """Search-mode words of ``text`` with their start offsets in ``text``.

        Blocks between punctuation are segmented independently (as jieba does
        anyway), which lets repeated sentences hit a cache.
        """
        out = []
        for m in _BLOCK.finditer(text or ""):
            start = m.start()
            for word, offset in self._cached_index_block(m.group()):
                out.append((word, start + offset))
        return out

    @functools.lru_cache(maxsize=200_000)  # noqa: B019 -- one long-lived instance per process
    def _cached_index_block(self, block):
        words = []
        for word, begin, _end in self.tokenizer.tokenize(block, mode="search"):
            if len(word) > 1 or word.isalnum():
                words.append((word, begin))
        return tuple(words)


def _has_space(word):
    return any(ch.isspace() for ch in word)


_segmenter = Segmenter()


def get_segmenter():
    """The process-wide segmenter (jieba loads on its first use)."""
    return _segmenter
