"""Decode an uploaded legacy page dump to text.

Standard library only, plus ``charset_normalizer`` (when installed) to break a tie
between GB18030 and Big5. The order is fixed and documented:

1. a byte-order mark: UTF-8 (reported as ``utf-8-sig``), UTF-16 LE/BE (``utf-16``);
2. strict UTF-8 (``utf-8``);
3. GB18030 (``gb18030``, a superset of GBK and GB2312);
4. Big5 (``big5``), for traditional-Chinese archives.

Bytes that decode as both GB18030 and Big5 are read as GB18030 (the archive is
Simplified Chinese) unless the GB18030 reading is mostly not common simplified hanzi
(Big5 bytes read as GB18030 give rare characters, symbols and private-use code
points); in the grey zone the detector decides. Text is returned exactly as decoded
(no simplified/traditional conversion, no Unicode normalisation); only line endings
are normalised to ``\\n``.

Errors raise :class:`DecodeError` with a message in Simplified Chinese that names the
file, says what is wrong and what to do.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

__all__ = ["MAX_BYTES", "DecodeError", "Decoded", "decode_bytes"]

#: Largest accepted upload: 2 MiB. One printed page is 5–20 KB of text; anything this
#: large is not a page dump.
MAX_BYTES = 2 * 1024 * 1024

_HINT = "请上传 UTF-8 或 GB18030(GBK)编码的纯文本文件。"

# C0 control characters other than tab, LF, VT, FF, CR; plus DEL.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


class DecodeError(ValueError):
    """The upload cannot be read as a text page; the message is for the editor."""

    def __init__(self, name: str, reason: str, advice: str = _HINT):
        self.name = name
        self.reason = reason
        super().__init__(f"「{name}」{reason}。{advice}")


@dataclass
class Decoded:
    text: str
    encoding: str  # "utf-8", "utf-8-sig", "utf-16", "gb18030" or "big5"


def _human(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n} 字节"


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data:
        return True
    sample = data[:65536]
    ctl = sum(1 for c in sample if (c < 32 and c not in (9, 10, 11, 12, 13)) or c == 127)
    return ctl > max(2, len(sample) // 200)


def _strict(data: bytes, enc: str) -> str | None:
    try:
        return data.decode(enc, errors="strict")
    except (UnicodeDecodeError, LookupError):
        return None


def _gb_common_ratio(text: str) -> float:
    """Share of the non-ASCII letters of *text* that are GB2312 level-1 hanzi (the 3,755
    most common simplified characters). Simplified Chinese scores well above 0.8; Big5
    bytes read as GB18030 give a jumble of rare hanzi, symbols and private-use
    characters and score far lower."""
    letters = common = 0
    for ch in text:
        o = ord(ch)
        if o < 0x80 or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF or 0x2000 <= o <= 0x206F:
            continue
        letters += 1
        try:
            b = ch.encode("gb2312")
        except UnicodeEncodeError:
            continue
        if 0xB0 <= b[0] <= 0xD7:
            common += 1
    return common / letters if letters else 1.0


def _detector_prefers_big5(data: bytes) -> bool:
    try:
        best = from_bytes(data[:65536], cp_isolation=["gb18030", "big5"]).best()
    except Exception:  # pragma: no cover - detector failure only breaks ties
        return False
    return best is not None and best.encoding.replace("_", "").lower().startswith("big5")


def decode_bytes(data: bytes, name: str, max_bytes: int = MAX_BYTES) -> Decoded:
    """Decode *data* (the bytes of the file called *name*) to text."""
    if data is None or len(data) == 0:
        raise DecodeError(name, "是空文件", "请检查是否上传了正确的文件。")
    if len(data) > max_bytes:
        raise DecodeError(
            name,
            f"太大({_human(len(data))},上限 {_human(max_bytes)}),不像是一个版面的文本",
            "请按版拆分后分别上传。",
        )
    # byte-order marks
    if data.startswith(codecs.BOM_UTF8):
        text = _strict(data[len(codecs.BOM_UTF8) :], "utf-8")
        if text is None:
            raise DecodeError(name, "带有 UTF-8 标记,但内容不是有效的 UTF-8 文本")
        return _finish(name, text, "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _strict(data, "utf-16")
        if text is None:
            raise DecodeError(name, "带有 UTF-16 标记,但内容无法解码")
        return _finish(name, text, "utf-16")
    if _looks_binary(data):
        raise DecodeError(name, "不是文本文件(含二进制数据)")
    text = _strict(data, "utf-8")
    if text is not None:
        return _finish(name, text, "utf-8")
    gb = _strict(data, "gb18030")
    big5 = _strict(data, "big5")
    if gb is not None and big5 is not None:
        # both readings are possible: GB18030 unless it is clearly the worse one
        ratio = _gb_common_ratio(gb)
        if ratio < 0.6 or (ratio < 0.8 and _detector_prefers_big5(data)):
            return _finish(name, big5, "big5")
        return _finish(name, gb, "gb18030")
    if gb is not None:
        return _finish(name, gb, "gb18030")
    if big5 is not None:
        return _finish(name, big5, "big5")
    raise DecodeError(name, "无法识别文字编码(不是 UTF-8、GB18030 或 Big5)")


def _finish(name: str, text: str, encoding: str) -> Decoded:
    text = _normalise_newlines(text)
    if text.startswith("\ufeff"):
        text = text[1:]
    if _CONTROL_RE.search(text[:65536]) and len(_CONTROL_RE.findall(text)) > max(
        2, len(text) // 200
    ):
        raise DecodeError(name, "不是文本文件(含二进制数据)")
    if not text.strip():
        raise DecodeError(name, "没有任何文字内容", "请检查是否上传了正确的文件。")
    return Decoded(text=text, encoding=encoding)
