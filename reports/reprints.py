"""Reprint detection: MinHash over character shingles, banded into an LSH index table.

A text is normalised (Han characters, letters and digits only; traditional forms are
left as printed), cut into overlapping 4-character shingles, and summarised by a
MinHash signature of ``PERMUTATIONS`` values (Broder 1997; the hash family is the one
datasketch uses: ``(a·h + b) mod (2^61 − 1)`` over a 32-bit hash of each shingle).
The share of equal values between two signatures estimates the Jaccard similarity
of their shingle sets.

The signature is cut into ``BANDS`` bands of ``ROWS`` values; each band is hashed
into one 64-bit key stored in ``FingerprintBand`` under a B-tree index. Two articles
are compared only if they share a key, so a check is one indexed lookup of ``BANDS``
keys plus the comparison of a handful of candidates, never a scan of the archive.
With 16 bands of 4 rows, a pair at similarity 0.7 shares a band with probability
0.99, at 0.5 with 0.64, at 0.2 with 0.03.
"""

import hashlib
import re
import zlib

import numpy as np

PERMUTATIONS = 64
BANDS = 16
ROWS = PERMUTATIONS // BANDS
SHINGLE = 4
THRESHOLD = 0.5  # listed as 相似稿件 from this estimated similarity on
MIN_SHINGLES = 12  # shorter texts (a caption, a one-line brief) are not fingerprinted

_MERSENNE = np.uint64((1 << 61) - 1)
_MAX_HASH = np.uint64((1 << 32) - 1)
_generator = np.random.RandomState(1)
_A = _generator.randint(1, (1 << 61) - 1, size=PERMUTATIONS, dtype=np.uint64)
_B = _generator.randint(0, (1 << 61) - 1, size=PERMUTATIONS, dtype=np.uint64)
_NOT_TEXT = re.compile(r"[^0-9A-Za-z\u3400-\u9fff\uf900-\ufaff]+")
_REPORTER_LEAD = re.compile(r"^(本报讯|本报记者\S{0,8}|通讯员\S{0,8})")


def normalise(text):
    text = _NOT_TEXT.sub("", text or "")
    return _REPORTER_LEAD.sub("", text)


def article_text(title, body, sections=()):
    """The text compared: headline, body and roundup sections (the kicker and byline are
    not, they name the unit, not the story)."""
    return "\n".join([title or "", body or "", *sections])


def shingles(text):
    text = normalise(text)
    return {text[i : i + SHINGLE] for i in range(len(text) - SHINGLE + 1)}


def signature(text):
    """The MinHash signature of ``text`` as a uint32 array, or None when it is too short."""
    grams = shingles(text)
    if len(grams) < MIN_SHINGLES:
        return None
    hashes = np.fromiter(map(zlib.crc32, map(str.encode, grams)), dtype=np.uint64, count=len(grams))
    permuted = (np.outer(hashes, _A) + _B) % _MERSENNE & _MAX_HASH
    return permuted.min(axis=0).astype(np.uint32)


def to_bytes(sig):
    return sig.astype("<u4").tobytes()


def from_bytes(data):
    return np.frombuffer(bytes(data), dtype="<u4")


def band_keys(sig):
    """One signed 64-bit key per band: the band's number and values, hashed."""
    raw = sig.astype("<u4").tobytes()
    width = ROWS * 4
    keys = []
    for band in range(BANDS):
        digest = hashlib.blake2b(
            raw[band * width : (band + 1) * width], digest_size=8, person=band.to_bytes(2, "little")
        ).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


def similarity(a, b):
    return float(np.count_nonzero(a == b)) / PERMUTATIONS
