"""Decoding uploaded page dumps: every encoding the archives come in, every bad input."""

import codecs

import pytest

from articles.importer.decode import MAX_BYTES, DecodeError, decode_bytes

SIMPLIFIED = (
    "省科协召开定点帮扶乡城县工作对接会\n\n"
    "本报讯 为深入学习贯彻党的二十大精神,11月3日,四川省科协召开定点帮扶乡城县工作对接会。"
    "“两个确立”《生命底色》、攀枝花市科协。\n\n(本报记者 张跃明)\n"
)
TRADITIONAL = "四川省科學技術協會召開會議,傳達學習黨的二十大精神。\n\n(本報記者 張躍明)\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SIMPLIFIED.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"), "utf-8-sig"),
        (SIMPLIFIED.encode("gb18030"), "gb18030"),
        (SIMPLIFIED.encode("gbk"), "gb18030"),
        (SIMPLIFIED.encode("gb2312"), "gb18030"),
        (SIMPLIFIED.encode("utf-16"), "utf-16"),
    ],
    ids=["utf-8", "utf-8-bom", "gb18030", "gbk", "gb2312", "utf-16-bom"],
)
def test_a_simplified_page_round_trips_through_every_encoding(data, encoding):
    got = decode_bytes(data, "page.txt")
    assert got.text == SIMPLIFIED
    assert got.encoding == encoding


def test_a_big5_page_is_decoded_faithfully_as_traditional_chinese():
    got = decode_bytes(TRADITIONAL.encode("big5"), "tw.txt")
    assert got.encoding == "big5"
    assert got.text == TRADITIONAL  # no conversion to simplified characters


def test_a_gb18030_only_character_survives():
    text = "𠀀 扩展B区汉字与欧元符号€。\n"
    got = decode_bytes(text.encode("gb18030"), "x.txt")
    assert (got.text, got.encoding) == (text, "gb18030")


def test_line_endings_are_normalised_and_nothing_else_changes():
    raw = "标题\r\n\r\n本报讯 ABC123,全角ABC。\r旧行尾\r\n"
    got = decode_bytes(raw.encode("utf-8"), "crlf.txt")
    assert got.text == "标题\n\n本报讯 ABC123,全角ABC。\n旧行尾\n"


def test_an_empty_file_is_refused_naming_the_file():
    with pytest.raises(DecodeError, match=r"「空.txt」") as e:
        decode_bytes(b"", "空.txt")
    assert "空文件" in str(e.value)


def test_a_file_of_blank_lines_is_refused():
    with pytest.raises(DecodeError, match=r"「blank.txt」"):
        decode_bytes(b"\n \r\n\t\n", "blank.txt")


def test_a_binary_file_is_refused_naming_the_file():
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    with pytest.raises(DecodeError, match=r"「photo.png」不是文本文件") as e:
        decode_bytes(data, "photo.png")
    assert "UTF-8" in str(e.value)


def test_undecodable_bytes_are_refused_naming_the_file():
    with pytest.raises(DecodeError, match=r"「bad.txt」.*无法识别文字编码"):
        decode_bytes(b"\xff\xfe"[1:] + b"\x80\xff\x80\xff abc", "bad.txt")


def test_a_file_over_the_size_limit_is_refused_naming_the_file():
    with pytest.raises(DecodeError, match=r"「big.txt」太大"):
        decode_bytes(("字" * 100).encode("utf-8"), "big.txt", max_bytes=100)
    assert MAX_BYTES >= 1024 * 1024


def test_decode_error_is_a_value_error():
    assert issubclass(DecodeError, ValueError)
