"""A page PDF's text layer read as legacy page text (pure: glyph boxes in, text out).

The glyphs are set here as a typesetter would: one box per character in a column, in
fractions of an A3 page, so each rule of ``articles.importer.pdf_text`` is seen alone.
"""

from articles.importer.pdf_text import Glyph, lines, page_text

PAGE_W, PAGE_H = 842.0, 1191.0  # A3 in points


class Setter:
    """Sets text into a column of ``width`` characters, line by line."""

    def __init__(self, left=60.0, top=100.0, width=20, size=10.0, pitch=1.5):
        self.left, self.y, self.width, self.size, self.pitch = left, top, width, size, pitch
        self.glyphs = []

    def line(self, text, *, indent=0, size=None, low=(), breaks=False):
        size = size or self.size
        x = self.left + indent * size
        for i, ch in enumerate(text):
            top = self.y + (size * 0.7 if i in low else 0)  # a comma sits low in the line
            self.glyphs.append(
                Glyph(
                    ch,
                    x / PAGE_W,
                    top / PAGE_H,
                    (x + size) / PAGE_W,
                    (self.y + size) / PAGE_H,
                    size,
                )
            )
            x += size
        if breaks:
            self.glyphs.append(Glyph("\n", 0, 0, 0, 0, 0))
        self.y += size * self.pitch

    def paragraph(self, text, *, indent=2):
        first = self.width - indent
        self.line(text[:first], indent=indent)
        rest = text[first:]
        while rest:
            self.line(rest[: self.width])
            rest = rest[self.width :]

    def skip(self, lines=1):
        self.y += self.size * self.pitch * lines


def chars(text):
    return [c for c in text if not c.isspace()]


ONE = "本报讯近日,成都市科协党组书记带队前往邛崃市调研特色科普广场项目建设情况,听取项目进展汇报。"
TWO = "调研组一行实地察看了广场的展品布置和科普长廊,要求把科普广场建成群众家门口的科学课堂。"


def test_indented_paragraphs_are_one_line_each_apart_by_a_blank_line():
    s = Setter()
    s.paragraph(ONE)
    s.paragraph(TWO)
    assert page_text(s.glyphs) == f"{ONE}\n\n{TWO}\n"


def test_a_short_last_line_ends_its_paragraph_without_an_indent():
    s = Setter()
    s.paragraph(ONE, indent=0)
    s.paragraph(TWO, indent=0)
    assert page_text(s.glyphs) == f"{ONE}\n\n{TWO}\n"


def test_a_headline_set_larger_over_two_lines_is_one_line_above_its_body():
    s = Setter()
    s.line("成都市科协调研邛崃市", size=18)
    s.line("特色科普广场项目", size=18)
    s.paragraph(ONE)
    assert page_text(s.glyphs) == f"成都市科协调研邛崃市特色科普广场项目\n\n{ONE}\n"


def test_a_comma_low_in_its_line_stays_on_the_line():
    s = Setter()
    s.line("近日,成都市科协开会", low={2})
    found = lines(s.glyphs)
    assert [line.text for line in found] == ["近日,成都市科协开会"]


def test_a_full_stop_alone_on_the_last_line_stays_with_its_paragraph():
    s = Setter(width=10)
    s.line("本报讯近日召开会议")
    s.line("部署下半年工作安排")
    s.line("。", low={0})
    s.paragraph(TWO)
    text = page_text(s.glyphs)
    assert text.split("\n\n")[0] == "本报讯近日召开会议部署下半年工作安排。"


def test_a_blank_line_of_space_starts_a_paragraph_even_when_lines_are_full():
    s = Setter(width=10)
    s.line("一二三四五六七八九十")
    s.skip()
    s.line("甲乙丙丁戊己庚辛壬癸")
    assert page_text(s.glyphs) == "一二三四五六七八九十\n\n甲乙丙丁戊己庚辛壬癸\n"


def test_the_next_column_starts_a_new_paragraph_as_a_text_dump_breaks_it():
    left = Setter(width=10)
    left.line("一二三四五六七八九十")
    left.line("一二三四五六七八九十")
    right = Setter(left=300, width=10)
    right.line("甲乙丙丁戊")
    text = page_text(left.glyphs + right.glyphs)
    assert text == "一二三四五六七八九十一二三四五六七八九十\n\n甲乙丙丁戊\n"


def test_pdfium_line_breaks_are_honoured():
    s = Setter()
    s.line("第一行", breaks=True)
    s.line("第二行更长一些的文字内容")
    assert [line.text for line in lines(s.glyphs)] == ["第一行", "第二行更长一些的文字内容"]


def test_a_latin_word_broken_at_a_line_end_keeps_its_space():
    s = Setter(width=12)
    s.line("Science and")
    s.line("Technology")
    assert page_text(s.glyphs) == "Science and Technology\n"


def test_nothing_is_lost_every_printed_character_comes_out_in_order():
    s = Setter()
    s.line("第3109期 2024年11月22日 第1版:要闻", size=14)
    s.line("名山区科协 以科普为抓手", size=18)
    s.paragraph(ONE)
    s.paragraph(TWO)
    s.line("(雅安市科协)", indent=2)
    s.skip(2)
    s.line("图为活动现场", indent=4, size=9)
    text = page_text(s.glyphs)
    assert chars(text) == chars("".join(g.char for g in s.glyphs))


def test_no_glyph_no_text():
    assert page_text([]) == "\n"
    assert lines([Glyph(" ", 0.1, 0.1, 0.11, 0.11, 10)]) == []


def test_an_indent_alone_starts_a_paragraph_after_a_full_last_line():
    s = Setter(width=10)
    s.line("一二三四五六七八", indent=2)
    s.line("一二三四五六七八九十")  # the paragraph ends on a full line
    s.line("甲乙丙丁戊己庚辛", indent=2)
    s.line("壬癸")
    assert page_text(s.glyphs) == "一二三四五六七八一二三四五六七八九十\n\n甲乙丙丁戊己庚辛壬癸\n"
