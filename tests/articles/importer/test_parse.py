"""One small page per shape of the legacy text (shared/docs/legacy-format.md).

Each test tells one story about the text and asserts the exact parsed structure.
"""

import json
import pathlib

import pytest

from articles.importer.parse import (
    ColumnRun,
    Credit,
    Section,
    lost_chunks,
    page_to_contract,
    parse_page,
)

BODY1 = "本报讯 近日,某市科协召开会议,传达学习党的二十大精神。"
BODY2 = "会议要求,全体干部职工要在全面、系统、深入学习上下功夫,原原本本学习报告。"
BODY3 = "会议强调,要围绕中心、服务大局,团结引领广大科技工作者建功立业新时代。"


def page(*lines: str) -> str:
    """Paragraphs separated by one blank line, as in most dumps."""
    return "\n\n".join(lines) + "\n"


def only(p):
    assert len(p.articles) == 1, [a.title for a in p.articles]
    return p.articles[0]


def nothing_lost(text, p):
    assert lost_chunks(text, page_to_contract(p, source="t.txt", encoding="utf-8")) == []


# ---------------------------------------------------------------- plain articles


def test_a_plain_article_has_headline_body_and_byline():
    text = page("省科协召开定点帮扶工作对接会", BODY1, BODY2, "(王欢)")
    p = parse_page(text)
    a = only(p)
    assert a.title == "省科协召开定点帮扶工作对接会"
    assert (a.kicker, a.subtitle, a.column, a.banner) == (None, None, None, None)
    assert a.paragraphs == [BODY1, BODY2]
    assert a.credits == [Credit("王欢", "", "person")]
    assert a.sections == [] and a.captions == []
    assert p.unplaced == [] and p.warnings == []
    nothing_lost(text, p)


def test_the_dateline_stays_in_the_body_and_markdown_bold_is_removed():
    text = page("## 汶川县科协 共叙军民“鱼水情”", "**本报讯** 8月1日,汶川县科协开展主题党日活动。")
    a = only(parse_page(text))
    assert a.title == "汶川县科协 共叙军民“鱼水情”"
    assert a.paragraphs == ["本报讯 8月1日,汶川县科协开展主题党日活动。"]


def test_articles_follow_each_other_after_bylines():
    text = page(
        "内江市科协持续改善农村面貌",
        BODY1,
        "(刘茂 本报记者 张跃鸣)",
        "安州区建强科技志愿服务队伍",
        BODY2,
        "(安州区科协)",
    )
    p = parse_page(text)
    assert [a.title for a in p.articles] == [
        "内江市科协持续改善农村面貌",
        "安州区建强科技志愿服务队伍",
    ]
    assert p.articles[0].credits == [
        Credit("刘茂", "", "person"),
        Credit("张跃鸣", "本报记者", "person"),
    ]
    assert p.articles[1].credits == [Credit("安州区科协", "", "organization")]


# ---------------------------------------------------------------------- bylines


def test_a_byline_appended_after_a_space_is_split_off():
    text = page("名山区科协 以科普为抓手 打好防汛减灾“主动仗”", BODY1, BODY2 + " (本报记者 苏文保)")
    a = only(parse_page(text))
    assert a.paragraphs == [BODY1, BODY2]
    assert a.credits == [Credit("苏文保", "本报记者", "person")]


def test_a_full_width_byline_paragraph_is_read():
    text = page("资阳市科协全面落实“四下基层”制度", BODY1, "(资阳市科协)")
    a = only(parse_page(text))
    assert a.credits == [Credit("资阳市科协", "", "organization")]


def test_a_byline_naming_people_and_organisations():
    text = page("仁寿县科协召开推进会", BODY1, "(仁寿县科协 王小明 通讯员 李四)")
    a = only(parse_page(text))
    assert a.credits == [
        Credit("仁寿县科协", "", "organization"),
        Credit("王小明", "", "person"),
        Credit("李四", "通讯员", "person"),
    ]


def test_an_other_province_article_is_credited_to_its_own_association():
    text = page(
        "中山市科协:推动科技创新与科学普及“两翼齐飞”",
        "近年来,广东省中山市科协深入践行新发展理念。",
        "(中山市科协)",
    )
    a = only(parse_page(text))
    assert a.title == "中山市科协:推动科技创新与科学普及“两翼齐飞”"
    assert a.credits == [Credit("中山市科协", "", "organization")]


def test_a_role_glued_to_the_name_is_split():
    text = page("某县科协开展科普活动", BODY1, "(本报记者张跃明)")
    p = parse_page(text)
    assert only(p).credits == [Credit("张跃明", "本报记者", "person")]
    nothing_lost(text, p)


# --------------------------------------------------------------- layout breaks


def test_a_paragraph_broken_mid_word_is_rejoined():
    text = page(
        "省科协召开对接会",
        BODY1,
        "会上,乡城县相关负责人对省科",
        "协一直以来关心支持乡城县的建设和发展表示衷心感谢。",
        "(王欢)",
    )
    a = only(parse_page(text))
    assert a.paragraphs == [
        BODY1,
        "会上,乡城县相关负责人对省科协一直以来关心支持乡城县的建设和发展表示衷心感谢。",
    ]


def test_text_repeated_at_a_break_is_removed_once():
    text = page(
        "某市科协:推动科技创新",
        "近年来,某市科协团结引领科技工作者,为全市经济社会高质量发展",
        "量发展提供科技支撑和服务力量。",
    )
    p = parse_page(text)
    assert only(p).paragraphs == [
        "近年来,某市科协团结引领科技工作者,为全市经济社会高质量发展提供科技支撑和服务力量。"
    ]
    assert any("量发展" in w for w in p.warnings)
    nothing_lost(text, p)


def test_a_single_repeated_character_is_not_taken_for_an_overlap():
    text = page(
        "某市科协召开会议", BODY1, "会议要求,全体党员干部认真学习学习", "习近平总书记重要讲话精神。"
    )
    a = only(parse_page(text))
    assert a.paragraphs == [BODY1, "会议要求,全体党员干部认真学习学习习近平总书记重要讲话精神。"]


def test_a_markdown_sub_heading_inside_an_article_is_not_broken():
    text = page(
        "## 某市科协推动创新驱动发展",
        BODY1,
        "### 聚焦服务科技工作者",
        BODY2,
        "### 聚焦全民科学素质",
        BODY3,
    )
    a = only(parse_page(text))
    assert a.paragraphs == [BODY1]
    assert a.sections == [
        Section("聚焦服务科技工作者", [BODY2]),
        Section("聚焦全民科学素质", [BODY3]),
    ]


def test_a_short_plain_sub_heading_ending_in_a_noun_phrase_is_not_broken():
    text = page("某市科协推动创新驱动发展", BODY1, "切实强化思想政治引领", BODY2)
    a = only(parse_page(text))
    assert a.paragraphs == [BODY1]
    assert a.sections == [Section("切实强化思想政治引领", [BODY2])]


def test_a_body_cut_off_at_the_end_of_the_dump_is_kept_and_reported():
    text = page("某市科协召开会议", BODY1, "会议强调,科协作为党的群")
    p = parse_page(text)
    assert only(p).paragraphs == [BODY1, "会议强调,科协作为党的群"]
    assert any("中断" in w for w in p.warnings)


# --------------------------------------------------------------------- roundups


def test_a_plain_roundup_has_organisation_sub_headings():
    text = page(
        "全省科协系统 认真学习贯彻党的二十大精神",
        "泸州市科协",
        BODY2,
        "内江市科协",
        BODY3,
        "沙湾区老科协",
        BODY1,
    )
    a = only(parse_page(text))
    assert a.title == "全省科协系统 认真学习贯彻党的二十大精神"
    assert a.paragraphs == []
    assert a.sections == [
        Section("泸州市科协", [BODY2]),
        Section("内江市科协", [BODY3]),
        Section("沙湾区老科协", [BODY1]),
    ]


def test_a_markdown_roundup_has_place_sub_headings():
    text = page("# 全省各级科协组织 积极学习贯彻全会精神", "## 南充市", BODY2, "## 安岳县", BODY3)
    a = only(parse_page(text))
    assert [s.heading for s in a.sections] == ["南充市", "安岳县"]


def test_a_roundup_continues_after_a_column_compilers_line():
    text = page(
        "全省科协系统 认真学习贯彻党的二十大精神",
        "泸州市科协",
        BODY2,
        "(本栏目组稿:朱霖 刘茂 本报记者 张跃明)",
        "广元市科协",
        BODY3,
    )
    p = parse_page(text)
    a = only(p)
    assert [s.heading for s in a.sections] == ["泸州市科协", "广元市科协"]
    assert a.credits == []
    assert p.column_runs == [
        ColumnRun(
            None,
            None,
            [
                Credit("朱霖", "", "person"),
                Credit("刘茂", "", "person"),
                Credit("张跃明", "本报记者", "person"),
            ],
            [],
        )
    ]


def test_a_fragment_whose_context_was_lost_goes_to_unplaced():
    text = page(
        "全省科协系统 认真学习贯彻党的二十大精神",
        "泸州市科协",
        "任务。",
        BODY2,
        "内江市科协",
        BODY3,
    )
    p = parse_page(text)
    a = only(p)
    assert a.sections == [Section("泸州市科协", [BODY2]), Section("内江市科协", [BODY3])]
    assert p.unplaced == ["任务。"]
    assert p.warnings


def test_a_sub_heading_printed_after_its_paragraph_is_moved_back():
    text = page(
        "全省科协组织 学习贯彻全会精神",
        "南充市",
        "近日,南充市科协召开专题会议,传达学习全会精神。",
        BODY2,
        "近日,达州市科协召开专题会议,对学习宣传贯彻全会精神作出安排。",
        "达州市",
        BODY3,
    )
    a = only(parse_page(text))
    assert a.sections == [
        Section("南充市", ["近日,南充市科协召开专题会议,传达学习全会精神。", BODY2]),
        Section("达州市", ["近日,达州市科协召开专题会议,对学习宣传贯彻全会精神作出安排。", BODY3]),
    ]


# ---------------------------------------------------------------- column runs


def test_a_column_header_with_a_bar_starts_a_column_run():
    text = page(
        "## 地方科协 | DI FANG KE XIE",
        "### 名山区科协 以科普为抓手 打好防汛减灾“主动仗”",
        BODY1 + " (本报记者 苏文保)",
        "### 汶川县科协 共叙军民“鱼水情”",
        BODY2 + " (张钰涛)",
    )
    p = parse_page(text)
    assert [(a.title, a.column) for a in p.articles] == [
        ("名山区科协 以科普为抓手 打好防汛减灾“主动仗”", "地方科协"),
        ("汶川县科协 共叙军民“鱼水情”", "地方科协"),
    ]
    assert p.column_runs == [ColumnRun("地方科协", "DI FANG KE XIE", [], [])]
    nothing_lost(text, p)


def test_a_column_header_without_a_bar_and_its_compilers_line():
    text = page(
        "科协动态 KE XIE DONG TAI",
        "某市科协召开年度工作会",
        BODY1,
        "(王欢)",
        "(本栏目组稿:卢奇 唐婷)",
        "省科协召开定点帮扶工作对接会",
        BODY2,
    )
    p = parse_page(text)
    assert [(a.title, a.column) for a in p.articles] == [
        ("某市科协召开年度工作会", "科协动态"),
        ("省科协召开定点帮扶工作对接会", None),
    ]
    assert p.column_runs == [
        ColumnRun("科协动态", "KE XIE DONG TAI", [Credit("卢奇"), Credit("唐婷")], [])
    ]
    assert p.articles[0].credits == [Credit("王欢")]


def test_column_co_sponsors_on_the_column_title_line():
    text = page(
        "学会之窗 | XUE HUI ZHI CHUANG 栏目协办:四川省科协学会部 四川省林学会",
        "凉山州林学会开展林业科普活动",
        BODY1,
    )
    p = parse_page(text)
    assert p.column_runs == [
        ColumnRun("学会之窗", "XUE HUI ZHI CHUANG", [], ["四川省科协学会部", "四川省林学会"])
    ]
    assert only(p).column == "学会之窗"
    nothing_lost(text, p)


def test_a_markdown_headline_above_the_column_level_ends_the_run():
    text = page(
        "## 地方科协 | DI FANG KE XIE",
        "### 某县科协开展科普活动",
        BODY1,
        "# 省科协召开定点帮扶工作对接会",
        BODY2,
    )
    p = parse_page(text)
    assert [a.column for a in p.articles] == ["地方科协", None]


def test_a_short_markdown_heading_at_the_article_level_is_a_sub_heading():
    text = page(
        "### 某市科协推动创新驱动发展",
        BODY1,
        "### 聚焦服务科技工作者",
        BODY2,
        "### 某县科协开展全国科技工作者日系列活动",
        BODY3,
    )
    p = parse_page(text)
    assert [a.title for a in p.articles] == [
        "某市科协推动创新驱动发展",
        "某县科协开展全国科技工作者日系列活动",
    ]
    assert p.articles[0].sections == [Section("聚焦服务科技工作者", [BODY2])]


# ------------------------------------------------ kickers, subtitles and banners


def test_a_kicker_over_a_headline():
    text = page("成都市科协", "调研邛崃市特色科普广场项目", BODY1)
    a = only(parse_page(text))
    assert (a.kicker, a.title) == ("成都市科协", "调研邛崃市特色科普广场项目")


def test_a_slogan_kicker_over_a_headline():
    text = page("喜迎二十大 奋进新征程", "某市科协召开科技工作者座谈会", BODY1)
    a = only(parse_page(text))
    assert (a.kicker, a.title) == ("喜迎二十大 奋进新征程", "某市科协召开科技工作者座谈会")


def test_a_subtitle_under_a_headline():
    text = page("扎根山区三十年", "——记某县科协科技特派员王小明", BODY1)
    a = only(parse_page(text))
    assert (a.kicker, a.title, a.subtitle) == (
        None,
        "扎根山区三十年",
        "——记某县科协科技特派员王小明",
    )


def test_a_banner_kicker_and_headline():
    text = page("认真学习宣传贯彻党的二十大精神", "成都市科协", "调研邛崃市特色科普广场项目", BODY1)
    p = parse_page(text)
    a = only(p)
    assert (a.banner, a.kicker, a.title) == (
        "认真学习宣传贯彻党的二十大精神",
        "成都市科协",
        "调研邛崃市特色科普广场项目",
    )
    assert p.banners == ["认真学习宣传贯彻党的二十大精神"]


def test_a_banner_over_a_column():
    text = page(
        "认真学习宣传贯彻党的二十大精神", "科协动态 KE XIE DONG TAI", "某市科协召开会议", BODY1
    )
    p = parse_page(text)
    a = only(p)
    assert p.banners == ["认真学习宣传贯彻党的二十大精神"]
    assert (a.banner, a.column, a.kicker) == ("认真学习宣传贯彻党的二十大精神", "科协动态", None)


# --------------------------------------------------------------------- captions


def test_a_caption_after_a_photo_gap_and_a_body_cut_before_it():
    text = (
        "省科协领导赴攀枝花市调研\n\n"
        + BODY1
        + "\n\n汇聚、维护、利用好专家资源,以\n\n\n\n调研现场。\n\n(攀枝花市科协)\n"
    )
    a = only(parse_page(text))
    assert a.paragraphs == [BODY1, "汇聚、维护、利用好专家资源,以"]
    assert a.captions == ["调研现场。"]
    assert a.credits == [Credit("攀枝花市科协", "", "organization")]


def test_a_caption_between_headline_and_dateline():
    text = (
        "资阳市科协全面落实“四下基层”制度\n\n\n\n工作人员指导科技工作者注册“天府科技云”。\n\n"
        + BODY1
        + "\n"
    )
    a = only(parse_page(text))
    assert a.captions == ["工作人员指导科技工作者注册“天府科技云”。"]
    assert a.paragraphs == [BODY1]


def test_a_short_caption_between_paragraphs_without_a_gap():
    text = page("某市科协开展科普活动", BODY1, "活动现场。", BODY2)
    a = only(parse_page(text))
    assert a.captions == ["活动现场。"]
    assert a.paragraphs == [BODY1, BODY2]


# --------------------------------------------------------------- sponsor lists

UNITS = ["成都市科学技术协会", "自贡市科学技术协会", "攀枝花市科学技术协会"]


def test_a_sponsor_list_one_unit_per_line_with_the_labels_after_on_two_lines():
    text = (
        page("某市科协召开会议", BODY1, "(王欢)")
        + "\n".join(UNITS)
        + "\n\n(排名不分先后)\n\n本版协办单位\n"
    )
    p = parse_page(text)
    assert p.sponsors == UNITS
    assert p.sponsors_unordered is True
    assert only(p).credits == [Credit("王欢")]
    nothing_lost(text, p)


def test_a_markdown_sponsor_list_with_the_labels_before_on_one_line():
    text = page("某市科协召开会议", BODY1, "(王欢)", "本版协办单位(排名不分先后)") + "".join(
        f"- {u}\n" for u in UNITS
    )
    p = parse_page(text)
    assert p.sponsors == UNITS
    assert p.sponsors_unordered is True
    nothing_lost(text, p)


def test_a_sponsor_list_on_one_line_after_the_labels():
    text = page("本版协办单位", "(排名不分先后)", "- " + " ".join(UNITS), "某市科协召开会议", BODY1)
    p = parse_page(text)
    assert p.sponsors == UNITS
    assert only(p).title == "某市科协召开会议"
    nothing_lost(text, p)


def test_sponsor_labels_printed_without_the_list_give_a_warning():
    text = page("某市科协召开会议", BODY1, "(资阳市科协)", "(排名不分先后)", "本版协办单位")
    p = parse_page(text)
    assert p.sponsors == []
    assert p.sponsors_unordered is True
    assert any("协办单位" in w for w in p.warnings)
    assert only(p).credits == [Credit("资阳市科协", "", "organization")]


# ------------------------------------------------------ displaced and lost text


def test_a_lead_paragraph_printed_before_its_headline_is_moved_back():
    text = page(
        "某市科协召开会议",
        BODY1,
        "(王欢)",
        "本报讯 11月9日,内江市科协党组书记率队调研农村面貌改善行动。",
        "内江市科协持续改善农村面貌",
        "调研组先后走进交通镇九盘村,了解当地民居风貌改善情况。",
        "(刘茂)",
    )
    p = parse_page(text)
    assert [a.title for a in p.articles] == ["某市科协召开会议", "内江市科协持续改善农村面貌"]
    assert p.articles[1].paragraphs == [
        "本报讯 11月9日,内江市科协党组书记率队调研农村面貌改善行动。",
        "调研组先后走进交通镇九盘村,了解当地民居风貌改善情况。",
    ]
    assert p.unplaced == []


def test_text_that_belongs_nowhere_goes_to_unplaced_in_order():
    text = page(
        "协一直以来关心支持乡城县的建设和发展。",
        "第二段没有标题的文字,也找不到归属。",
        "某市科协召开会议",
        BODY1,
    )
    p = parse_page(text)
    assert p.unplaced == [
        "协一直以来关心支持乡城县的建设和发展。",
        "第二段没有标题的文字,也找不到归属。",
    ]
    assert only(p).paragraphs == [BODY1]


def test_a_masthead_line_is_not_an_article():
    text = page("第3版:科协之窗", "某市科协召开会议", BODY1)
    p = parse_page(text)
    assert only(p).title == "某市科协召开会议"
    assert p.unplaced == ["第3版:科协之窗"]


# ------------------------------------------------------------ source and contract


def test_source_is_the_exact_slice_the_article_came_from():
    text = "\n\n某市科协召开会议\r\n\r\n" + BODY1 + "\r\n\r\n(王欢)\r\n\r\n本版协办单位\n"
    a = only(parse_page(text))
    assert a.source == "某市科协召开会议\r\n\r\n" + BODY1 + "\r\n\r\n(王欢)"


def test_the_contract_has_the_agreed_shape():
    text = page(
        "## 地方科协 | DI FANG KE XIE",
        "### 某县科协开展科普活动",
        "泸州市科协",
        BODY1 + " (本报记者 苏文保)",
        "(本栏目组稿:朱霖)",
    )
    c = page_to_contract(parse_page(text), source="x.txt", encoding="utf-8")
    json.dumps(c, ensure_ascii=False)
    assert c["source"] == "x.txt" and c["encoding"] == "utf-8"
    assert c["column_runs"] == [
        {
            "column": "地方科协",
            "pinyin": "DI FANG KE XIE",
            "credits": [{"name": "朱霖", "role": "", "kind": "person"}],
            "sponsors": [],
        }
    ]
    (a,) = c["articles"]
    assert {k: a[k] for k in ("title", "kicker", "subtitle", "column", "body", "captions")} == {
        "title": "某县科协开展科普活动",
        "kicker": None,
        "subtitle": None,
        "column": "地方科协",
        "body": "",
        "captions": [],
    }
    assert a["sections"] == [{"heading": "泸州市科协", "body": BODY1}]
    assert a["credits"] == [{"role": "本报记者", "name": "苏文保", "kind": "person"}]
    for key in ("sponsors", "banners", "unplaced", "warnings"):
        assert isinstance(c[key], list)


def test_body_paragraphs_are_separated_by_a_blank_line_in_the_contract():
    c = page_to_contract(
        parse_page(page("某市科协召开会议", BODY1, BODY2)), source="x", encoding="gb18030"
    )
    assert c["articles"][0]["body"] == BODY1 + "\n\n" + BODY2


# ----------------------------------------------------------------- the seeds

# The project's own copy of the three real pages in shared/seeds.
SEEDS = pathlib.Path(__file__).resolve().parents[3] / "seeds" / "pages"


@pytest.mark.parametrize("name", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_no_text_of_a_seed_page_is_lost(name):
    text = (SEEDS / name).read_text(encoding="utf-8")
    p = parse_page(text)
    assert p.articles
    nothing_lost(text, p)


# ------------------------------------------------------------- more unseen shapes

FW_L, FW_R, FW_COMMA = "\uff08", "\uff09", "\uff0c"  # full-width ( ) ,


def test_a_full_width_byline_of_people_and_roles():
    text = page("某县科协开展科普活动", BODY1, f"{FW_L}本报记者 苏文保 通讯员 李华{FW_R}")
    p = parse_page(text)
    assert only(p).credits == [Credit("苏文保", "本报记者"), Credit("李华", "通讯员")]
    nothing_lost(text, p)


def test_a_full_width_byline_appended_after_a_space():
    text = page("某县科协开展科普活动", BODY1 + f" {FW_L}王欢{FW_R}")
    a = only(parse_page(text))
    assert (a.paragraphs, a.credits) == ([BODY1], [Credit("王欢")])


def test_a_headline_with_a_comma_and_an_exclamation_mark_above_a_dateline():
    title = f"科技助农{FW_COMMA}我们在行动!"
    text = page("某市科协召开会议", BODY2, "(王欢)", title, BODY1)
    p = parse_page(text)
    assert [a.title for a in p.articles] == ["某市科协召开会议", title]
    assert p.articles[1].paragraphs == [BODY1]


def test_a_subtitle_with_a_comma():
    text = page("扎根山区三十年", "——记某县科技特派员王小明,一位把论文写在大地上的人", BODY1)
    a = only(parse_page(text))
    assert a.subtitle == "——记某县科技特派员王小明,一位把论文写在大地上的人"
    assert a.paragraphs == [BODY1]


def test_a_column_name_its_pinyin_and_its_co_sponsors_on_three_lines():
    text = "科协动态\nKE XIE DONG TAI\n栏目协办:四川省科协学会部 四川省林学会\n\n" + page(
        "某市科协召开年度工作会", BODY1
    )
    p = parse_page(text)
    assert p.column_runs == [
        ColumnRun("科协动态", "KE XIE DONG TAI", [], ["四川省科协学会部", "四川省林学会"])
    ]
    assert only(p).column == "科协动态"
    nothing_lost(text, p)


def test_a_roundup_with_an_intro_section_bylines_and_a_sub_heading_after_its_paragraph():
    text = page(
        "全省科协系统开展全国科普日活动",
        "今年全国科普日期间,全省各级科协组织开展了形式多样的科普活动。",
        "泸州市科协",
        "9月16日,泸州市科协在酒城广场举办全国科普日主场活动。",
        "(泸州市科协)",
        "近日,宜宾市科协在三江口广场启动全国科普日活动。",
        "宜宾市科协",
        "活动现场,科普志愿者为市民讲解防灾减灾知识。",
        "(本栏目组稿:刘茂)",
        "凉山州科协",
        "9月18日,凉山州科协开展森林防火科普宣传。",
    )
    p = parse_page(text)
    a = only(p)
    assert a.paragraphs == ["今年全国科普日期间,全省各级科协组织开展了形式多样的科普活动。"]
    assert a.sections == [
        Section("泸州市科协", ["9月16日,泸州市科协在酒城广场举办全国科普日主场活动。"]),
        Section(
            "宜宾市科协",
            [
                "近日,宜宾市科协在三江口广场启动全国科普日活动。",
                "活动现场,科普志愿者为市民讲解防灾减灾知识。",
            ],
        ),
        Section("凉山州科协", ["9月18日,凉山州科协开展森林防火科普宣传。"]),
    ]
    assert a.credits == [Credit("泸州市科协", "", "organization")]
    assert p.column_runs == [ColumnRun(None, None, [Credit("刘茂")], [])]
    assert p.unplaced == []


def test_a_short_narrative_sentence_is_not_a_caption():
    text = page("某市科协开展科普进校园活动", BODY1, "活动吸引了500余名师生参与。", BODY2)
    a = only(parse_page(text))
    assert a.captions == []
    assert a.paragraphs == [BODY1, "活动吸引了500余名师生参与。", BODY2]


def test_sponsor_units_on_the_label_line():
    text = page("某市科协召开会议", BODY1, "本版协办单位:成都市科协 自贡市科协 泸州市科协")
    p = parse_page(text)
    assert p.sponsors == ["成都市科协", "自贡市科协", "泸州市科协"]
    assert p.sponsors_unordered is False
    nothing_lost(text, p)


def test_a_photo_credit_does_not_end_the_article():
    text = page("某市科协开展科普活动", BODY1, "(本报记者 张三 摄)", BODY2, "(王欢)")
    a = only(parse_page(text))
    assert a.paragraphs == [BODY1, BODY2]
    assert a.credits == [Credit("张三", "摄影"), Credit("王欢")]


def test_a_gbk_page_is_decoded_and_parsed():
    from articles.importer.decode import decode_bytes

    text = page("省科协召开定点帮扶工作对接会", BODY1, "(王欢)")
    d = decode_bytes(text.encode("gbk"), "gbk.txt")
    assert d.encoding == "gb18030"
    a = only(parse_page(d.text))
    assert (a.title, a.paragraphs, a.credits) == (
        "省科协召开定点帮扶工作对接会",
        [BODY1],
        [Credit("王欢")],
    )


def test_a_lead_without_dateline_printed_before_its_headline_is_moved_back():
    text = page(
        "某市科协召开会议",
        BODY1,
        "(王欢)",
        "近日,德阳市科协联合市教育局开展科普进校园活动。",
        "德阳市科协开展科普进校园活动",
        "活动中,科普专家为学生们讲解了人工智能等科学知识。",
    )
    p = parse_page(text)
    assert p.articles[1].paragraphs == [
        "近日,德阳市科协联合市教育局开展科普进校园活动。",
        "活动中,科普专家为学生们讲解了人工智能等科学知识。",
    ]
    assert p.unplaced == []


def test_a_slogan_kicker_ending_in_an_exclamation_mark():
    text = page("奋进新征程!", "某市科协召开科技工作者座谈会", BODY1)
    a = only(parse_page(text))
    assert (a.kicker, a.title) == ("奋进新征程!", "某市科协召开科技工作者座谈会")


def test_a_sponsor_list_separated_by_ideographic_commas_and_short_city_names():
    text = page("某市科协召开会议", BODY1, "本版协办单位(排名不分先后)", "成都、自贡、攀枝花")
    p = parse_page(text)
    assert p.sponsors == ["成都", "自贡", "攀枝花"]
    assert only(p).paragraphs == [BODY1]


def test_articles_without_bylines_or_datelines_are_still_told_apart():
    text = page(
        "内江市科协持续改善农村面貌",
        "11月9日,内江市科协党组书记率队到内江经开区调研农村面貌改善行动工作推进情况。",
        "高宏强调,要压紧压实责任,确保农村面貌改善取得明显成效。",
        "安州区建强科技志愿服务队伍",
        "为进一步建强科技志愿服务队伍,绵阳市安州区召开科技志愿服务试点工作启动会。",
    )
    p = parse_page(text)
    assert [a.title for a in p.articles] == [
        "内江市科协持续改善农村面貌",
        "安州区建强科技志愿服务队伍",
    ]
    assert [len(a.paragraphs) for a in p.articles] == [2, 1]


def test_an_upper_case_acronym_in_a_headline_is_not_a_pinyin_column_label():
    text = page("天府科技云 CCTV", BODY1)
    p = parse_page(text)
    assert p.column_runs == []
    assert only(p).title == "天府科技云 CCTV"
