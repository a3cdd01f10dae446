"""Properties of the page parser: for any text it neither raises nor loses text.

"Loses" is measured exactly as the import scorer measures it: every
whitespace-separated chunk of the input (Markdown markers and the sponsor/column
labels aside) must appear in one of the contract's fields.
"""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.importer.parse import lost_chunks, page_to_contract, parse_page

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(text: str):
    page = parse_page(text)
    contract = page_to_contract(page, source="p.txt", encoding="utf-8")
    assert lost_chunks(text, contract) == []
    for a in page.articles:
        assert a.source in text
    return page


# ------------------------------------------------------------------ random text

HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
PUNCT = st.sampled_from(list("。,,、;;::!?“”《》()()——|-#*· \n\n\r\t\u3000"))
ASCII = st.characters(min_codepoint=0x20, max_codepoint=0x7E)
CHARS = st.one_of(HAN, HAN, HAN, PUNCT, ASCII)


@SETTINGS
@given(st.text(CHARS, max_size=400))
def test_any_text_is_parsed_without_error_or_loss(text):
    check(text)


@SETTINGS
@given(st.text(max_size=200))
def test_any_unicode_at_all_is_parsed_without_error_or_loss(text):
    check(text)


# -------------------------------------------------------------- structured pages

ORGS = [
    "成都市科协",
    "泸州市科学技术协会",
    "名山区科协",
    "沙湾区老科协",
    "四川省林学会",
    "中山市科协",
    "核工业西南物理研究院",
    "四川省科协学会部",
]
PLACES = ["南充市", "达州市", "安岳县", "巴州区", "凉山州"]
NAMES = ["王欢", "刘茂", "张跃明", "苏文保", "陈春蓉", "欧阳小明"]
ROLES = ["", "本报记者 ", "通讯员 ", "记者 "]

han_words = st.text(HAN, min_size=2, max_size=8)


@st.composite
def sentence(draw):
    parts = draw(st.lists(han_words, min_size=1, max_size=5))
    return ",".join(parts) + draw(st.sampled_from(["。", "。", "!", "", "”。"]))


@st.composite
def paragraph(draw):
    p = "".join(draw(st.lists(sentence(), min_size=1, max_size=4)))
    if draw(st.booleans()):
        p = draw(st.sampled_from(["本报讯 ", "**本报讯** ", "近日,", "11月3日,"])) + p
    return p


@st.composite
def headline(draw):
    h = draw(han_words) + draw(st.sampled_from(["", " ", ":", "——"])) + draw(han_words)
    if draw(st.booleans()):
        h = draw(st.sampled_from(ORGS)) + " " + h
    return draw(st.sampled_from(["", "", "# ", "## ", "### "])) + h


@st.composite
def byline(draw):
    people = draw(
        st.lists(
            st.tuples(st.sampled_from(ROLES), st.sampled_from(NAMES + ORGS)),
            min_size=1,
            max_size=3,
        )
    )
    inner = " ".join(r + n for r, n in people)
    return draw(st.sampled_from(["({})", "({})", "({})"])).format(inner)


@st.composite
def article(draw):
    lines = []
    if draw(st.booleans()):
        lines.append(draw(st.sampled_from([*ORGS, "认真学习宣传贯彻党的二十大精神"])))
    lines.append(draw(headline()))
    if draw(st.integers(0, 4)) == 0:
        lines.append("——" + draw(han_words))
    roundup = draw(st.integers(0, 3)) == 0
    for _ in range(draw(st.integers(1, 4))):
        if roundup:
            sub = draw(st.sampled_from(ORGS + PLACES))
            lines.append(draw(st.sampled_from(["", "## ", "### "])) + sub)
        paras = draw(st.lists(paragraph(), min_size=1, max_size=3))
        for p in paras:
            # a layout break somewhere in the paragraph, sometimes with repeated text
            if len(p) > 6 and draw(st.integers(0, 3)) == 0:
                cut = draw(st.integers(2, len(p) - 2))
                rep = draw(st.integers(0, 3))
                lines.append(p[:cut])
                lines.append(p[max(0, cut - rep) :])
            else:
                lines.append(p)
        if draw(st.integers(0, 4)) == 0:
            lines.append(
                draw(st.sampled_from(["调研现场。", "活动现场", "图为志愿者为群众讲解。"]))
            )
    if draw(st.booleans()):
        b = draw(byline())
        if draw(st.booleans()):
            lines[-1] = lines[-1] + " " + b
        else:
            lines.append(b)
    return lines


@st.composite
def sponsor_block(draw):
    units = draw(st.lists(st.sampled_from(ORGS), min_size=0, max_size=5))
    layout = draw(st.sampled_from(["lines", "dash", "oneline", "dash-oneline"]))
    if layout == "lines":
        body = units
    elif layout == "dash":
        body = ["- " + u for u in units]
    elif layout == "oneline":
        body = [" ".join(units)] if units else []
    else:
        body = ["- " + " ".join(units)] if units else []
    labels = draw(
        st.sampled_from(
            [
                ["(排名不分先后)", "本版协办单位"],
                ["本版协办单位(排名不分先后)"],
                ["本版协办单位"],
                [],
            ]
        )
    )
    return labels + body if draw(st.booleans()) else body + labels


@st.composite
def structured_page(draw):
    lines = []
    if draw(st.integers(0, 3)) == 0:
        lines.append("第3版:科协之窗")
    for _ in range(draw(st.integers(1, 4))):
        if draw(st.integers(0, 3)) == 0:
            col = draw(
                st.sampled_from(["地方科协 | DI FANG KE XIE", "## 科协动态 KE XIE DONG TAI"])
            )
            if draw(st.booleans()):
                col += " 栏目协办:" + " ".join(draw(st.lists(st.sampled_from(ORGS), max_size=2)))
            lines.append(col)
        lines.extend(draw(article()))
        if draw(st.integers(0, 4)) == 0:
            lines.append(
                "(本栏目组稿:" + " ".join(draw(st.lists(st.sampled_from(NAMES), min_size=1))) + ")"
            )
        if draw(st.integers(0, 6)) == 0:
            lines.append(draw(paragraph()))  # a displaced or orphaned paragraph
    if draw(st.booleans()):
        lines.extend(draw(sponsor_block()))
    seps = draw(
        st.lists(
            st.sampled_from(["\n", "\n\n", "\n\n", "\n\n\n\n", "\r\n\r\n"]),
            min_size=len(lines),
            max_size=len(lines),
        )
    )
    return "".join(line + sep for line, sep in zip(lines, seps, strict=True))


@settings(SETTINGS, max_examples=100)
@given(structured_page())
def test_structured_pages_are_parsed_without_error_or_loss(text):
    page = check(text)
    # the parser placed everything itself: the last-resort safety net was not needed
    assert not any(w.startswith("部分文字未能归入") for w in page.warnings), page.warnings
    for a in page.articles:
        assert a.title.strip() == a.title and a.title
        assert all(p and p.strip() == p for p in a.paragraphs)
    for s in page.sponsors:
        assert s and " " not in s


@SETTINGS
@given(st.lists(article(), min_size=1, max_size=3))
def test_plain_articles_each_keep_their_headline(arts):
    text = "\n\n".join("\n\n".join(lines) for lines in arts) + "\n"
    page = check(text)
    titles = {a.title for a in page.articles} | {a.kicker for a in page.articles if a.kicker}
    placed = (
        "".join(titles)
        + "".join(page.unplaced)
        + "".join(page.banners)
        + "".join(s.heading for a in page.articles for s in a.sections)
        + "".join(c for a in page.articles for c in a.captions)
    )
    for lines in arts:
        head = next(x for x in lines if x.lstrip("#").strip() and not x.startswith("——"))
        body = "".join(
            "".join(a.paragraphs) + "".join(p for s in a.sections for p in s.paragraphs)
            for a in page.articles
        )
        assert head.lstrip("#").strip() in placed + body


@SETTINGS
@given(st.text(CHARS, max_size=60), st.text(CHARS, max_size=60))
def test_parsing_is_deterministic(a, b):
    text = a + "\n\n" + b
    assert parse_page(text) == parse_page(text)
