"""The e-paper's article pages, one story a page (issue 12): each test is one shape a
saved page takes, as a small inline text, parsed without a database."""

import pytest

from articles.importer.parse import Credit, lost_chunks, page_to_contract, parse_page
from articles.importer.parse.epaper import (
    MAX_ISSUE,
    Header,
    chinese_number,
    parse_contributor,
    parse_header,
    parse_portal_meta,
    provisional_title,
)

LEAD = "本报讯 近日,成都市科协副主席李展一行赴邛崃调研特色科普广场项目建设情况。"
MIDDLE = "调研中,李展一行先后听取了邛崃市科协相关负责人的情况介绍,并实地查看了社区综合体。"
LAST = "李展指出,要把特色科普广场建设成为全市科普工作一张靓丽名片。"


def lines(*xs: str) -> str:
    return "\n\n".join(xs) + "\n"


def only(p):
    assert len(p.articles) == 1, [a.title for a in p.articles]
    return p.articles[0]


def nothing_lost_nor_duplicated(text, p):
    contract = page_to_contract(p, source="t.txt", encoding="utf-8")
    assert lost_chunks(text, contract) == []
    bodies = [
        "".join(a.paragraphs) + "".join("".join(s.paragraphs) for s in a.sections)
        for a in p.articles
    ]
    for line in p.unplaced:
        assert not any(line in b or (len(line) >= 8 and line[:8] in b) for b in bodies), line


# ------------------------------------------------------------------- the header


@pytest.mark.parametrize(
    ("line", "want"),
    [
        ("3033 期 / 第3版:科协之窗", Header(3033, 3, "科协之窗", None)),
        ("3109期/第1版:要闻", Header(3109, 1, "要闻", None)),
        ("第3109期 第3版 科协之窗", Header(3109, 3, "科协之窗", None)),
        ("第3109期第3版:科协之窗", Header(3109, 3, "科协之窗", None)),
        ("第3109期 第3版", Header(3109, 3, None, None)),
        ("2024年8月9日 第3109期 第3版 科协之窗", Header(3109, 3, "科协之窗", "2024-08-09")),
        ("3033 期 / 第3版:科协之窗 2020-09-25", Header(3033, 3, "科协之窗", "2020-09-25")),
        ("第3109期 第三版 科协之窗 2024年8月9日 星期五", Header(3109, 3, "科协之窗", "2024-08-09")),
        ("四川科协报 第3109期 第12版:科普", Header(3109, 12, "科普", None)),
    ],
)
def test_the_page_header_in_every_printed_form(line, want):
    assert parse_header(line) == want


@pytest.mark.parametrize(
    "line",
    ["本报讯 第3109期刊物出版", "第一期培训班第二版教材发布", "调研邛崃市特色科普广场项目", ""],
)
def test_text_that_only_mentions_issues_is_no_header(line):
    assert parse_header(line) is None


def test_chinese_numbers():
    assert [chinese_number(s) for s in ("3", "03", "三", "十", "十二", "二十四", "百")] == [
        3,
        3,
        3,
        10,
        12,
        24,
        None,
    ]


def test_the_header_places_the_page_and_is_not_read_as_kicker():
    text = "3033 期 / 第3版:科协之窗\n成都市科协\n调研邛崃市特色科普广场项目\n\n" + lines(
        LEAD, MIDDLE, LAST, "(邛崃市科协)"
    )
    p = parse_page(text)
    a = only(p)
    assert (p.issue, p.page, p.page_name, p.date) == (3033, 3, "科协之窗", None)
    assert (a.kicker, a.title) == ("成都市科协", "调研邛崃市特色科普广场项目")
    assert a.credits == [Credit("邛崃市科协", "", "organization")]
    assert p.unplaced == [] and p.warnings == []
    contract = page_to_contract(p, source="t.txt", encoding="utf-8")
    assert (contract["issue"], contract["page"], contract["page_name"], contract["date"]) == (
        3033,
        3,
        "科协之窗",
        None,
    )
    assert lost_chunks(text, contract) == []


def test_an_older_header_with_a_date_is_read_and_kept_as_printed():
    text = "第3109期 第3版 科协之窗 2024年8月9日\n\n" + lines(
        "调研邛崃市特色科普广场项目", LEAD, LAST
    )
    p = parse_page(text)
    assert (p.issue, p.page, p.page_name, p.date) == (3109, 3, "科协之窗", "2024-08-09")
    assert only(p).title == "调研邛崃市特色科普广场项目"
    # not the e-paper's own form: the line stays in the import record, nothing lost
    assert p.unplaced == ["第3109期 第3版 科协之窗 2024年8月9日"]
    nothing_lost_nor_duplicated(text, p)


def test_a_page_without_header_has_null_placement():
    p = parse_page(lines("调研邛崃市特色科普广场项目", LEAD, LAST))
    contract = page_to_contract(p, source="t.txt", encoding="utf-8")
    assert [contract[k] for k in ("issue", "page", "page_name", "date")] == [None] * 4


def test_a_header_beyond_bounds_is_still_read_so_that_it_can_be_refused():
    assert parse_header(f"{MAX_ISSUE + 1} 期 / 第3版:科协之窗").issue == MAX_ISSUE + 1


# ----------------------------------------------------------------- glued bylines


def test_a_byline_glued_to_the_last_paragraph_is_credited_and_not_duplicated():
    text = lines("锦江区召开天府科技云服务工作推进会", LEAD, LAST + "(锦江区科协)")
    p = parse_page(text)
    a = only(p)
    assert a.paragraphs == [LEAD, LAST]
    assert a.credits == [Credit("锦江区科协", "", "organization")]
    assert p.unplaced == [] and p.warnings == []
    nothing_lost_nor_duplicated(text, p)


def test_a_glued_contributed_byline():
    text = lines("利州区站巡展启动", LEAD, LAST + "(利州区科协供稿)")
    a = only(parse_page(text))
    assert a.credits == [Credit("利州区科协", "供稿", "organization")]
    assert a.paragraphs[-1] == LAST


# ---------------------------------------------------------------------- captions


def test_a_credited_photo_caption_under_the_headline_is_no_headline():
    text = "3553 期 / 第3版:科协之窗\n中国流动科技馆四川巡展广元·利州区站启动\n\n\n" + lines(
        "学生参观展品。利州区科协供图", LEAD, LAST + "(利州区科协供稿)"
    )
    p = parse_page(text)
    a = only(p)
    assert a.title == "中国流动科技馆四川巡展广元·利州区站启动"
    assert a.kicker is None
    assert a.captions == ["学生参观展品。利州区科协供图"]
    assert a.paragraphs == [LEAD, LAST]
    nothing_lost_nor_duplicated(text, p)


def test_captions_among_the_body():
    text = lines("调研邛崃市特色科普广场项目", LEAD, "图为调研现场", MIDDLE, "会议现场", LAST)
    a = only(parse_page(text))
    assert a.captions == ["图为调研现场", "会议现场"]
    assert a.paragraphs == [LEAD, MIDDLE, LAST]
    assert a.sections == []


def test_a_photographers_caption_above_the_headline_goes_to_its_story():
    text = lines("学生参观展品。张三 摄", "调研邛崃市特色科普广场项目", LEAD, LAST)
    a = only(parse_page(text))
    assert a.title == "调研邛崃市特色科普广场项目"
    assert a.captions == ["学生参观展品。张三 摄"]


# ---------------------------------------------------------------------- roundups

CONTRIBUTION1 = "我主要从事智能制造的研究与应用,我觉得科研工作必须要和产业相结合。"
CONTRIBUTION2 = "我的专业是生命科学,是研究生命现象和过程的基础科学,属于基础科学研究。"


def test_a_roundup_of_contributions_is_one_article_with_credited_sections():
    text = "3005 期 / 第4版:科技工作者之声\n我们的梦想与担当\n\n\n" + lines(
        "在四川省科学技术协会第九次代表大会上,全省科技工作者代表汇聚一堂。让我们来听听他们的声音吧!",
        "科研要与产业发展相结合",
        "成都信息工程大学控制工程学院院长  蒋涛",
        CONTRIBUTION1,
        "基础研究是推动人类文明进步的内在动力",
        "中国科学院成都生物研究所研究员  李家堂",
        CONTRIBUTION2,
    )
    p = parse_page(text)
    a = only(p)
    assert a.title == "我们的梦想与担当"
    assert [s.heading for s in a.sections] == [
        "科研要与产业发展相结合",
        "基础研究是推动人类文明进步的内在动力",
    ]
    assert [s.paragraphs for s in a.sections] == [[CONTRIBUTION1], [CONTRIBUTION2]]
    assert [(c.name, c.unit, c.post) for c in a.credits] == [
        ("蒋涛", "成都信息工程大学控制工程学院", "院长"),
        ("李家堂", "中国科学院成都生物研究所", "研究员"),
    ]
    contract = page_to_contract(p, source="t.txt", encoding="utf-8")
    assert contract["articles"][0]["credits"][0] == {
        "name": "蒋涛",
        "role": "",
        "kind": "person",
        "unit": "成都信息工程大学控制工程学院",
        "post": "院长",
    }
    nothing_lost_nor_duplicated(text, p)


@pytest.mark.parametrize(
    ("line", "want"),
    [
        (
            "成都信息工程大学控制工程学院院长  蒋涛",
            ("蒋涛", "成都信息工程大学控制工程学院", "院长"),
        ),
        ("四川农业大学教授 王小明", ("王小明", "四川农业大学", "教授")),
        ("攀枝花市农林科学研究院  李四", ("李四", "攀枝花市农林科学研究院", "")),
        # 单位 职务  姓名: the unit and the post printed apart, or the name first
        ("四川省机械工程学会 秘书长  李明", ("李明", "四川省机械工程学会", "秘书长")),
        ("四川省营养学会  理事长  张华", ("张华", "四川省营养学会", "理事长")),
        ("李明  四川省机械工程学会 秘书长", ("李明", "四川省机械工程学会", "秘书长")),
    ],
)
def test_a_contributor_line_keeps_unit_and_post(line, want):
    who = parse_contributor(line)
    assert (who.name, who.unit, who.post) == want


def test_a_short_caption_first_on_a_copy_without_headline_is_no_headline():
    text = lines(
        "3130 期 / 第4版:科普天地",
        "会议现场",
        "本报讯 11月20日,德阳市科协召开2024年度学会工作会议,全市30余家学会负责人参加会议。",
        "会议总结了今年以来学会工作取得的成效,并对明年工作进行了安排部署。",
    )
    p = parse_page(text)
    a = only(p)
    assert a.title != "会议现场" and a.flags == ["标题待补"]
    assert a.captions == ["会议现场"]
    nothing_lost_nor_duplicated(text, p)


def test_a_caption_above_a_real_headline_goes_to_its_story():
    p = parse_page(lines("会议现场", "德阳市科协召开学会工作会议", LEAD, LAST))
    a = only(p)
    assert (a.title, a.captions) == ("德阳市科协召开学会工作会议", ["会议现场"])


def test_a_roundup_whose_headline_sits_right_above_the_first_contribution():
    text = lines(
        "3121 期 / 第3版:科协之窗",
        "学会动态",
        "为企业解难题",
        "四川省机械工程学会 秘书长  李明",
        "学会组织专家深入企业开展技术服务,帮助解决生产难题12项。",
        "营养知识进社区",
        "四川省营养学会 理事长  张华",
        "学会在成都市多个社区开展营养健康讲座,受益群众500余人。",
    )
    p = parse_page(text)
    a = only(p)
    assert a.title == "学会动态"
    assert [s.heading for s in a.sections] == ["为企业解难题", "营养知识进社区"]
    assert [(c.name, c.unit, c.post) for c in a.credits] == [
        ("李明", "四川省机械工程学会", "秘书长"),
        ("张华", "四川省营养学会", "理事长"),
    ]
    assert p.unplaced == []
    nothing_lost_nor_duplicated(text, p)


def test_three_words_of_a_headline_are_no_contributor():
    assert parse_contributor("内江市科协 开展 科普活动") is None
    assert parse_contributor("绵阳市 科协 召开 会议") is None


def test_a_headline_naming_its_organisation_is_no_contributor():
    text = lines("内江市科协 开展活动", LEAD, LAST)
    assert only(parse_page(text)).title == "内江市科协 开展活动"


# ---------------------------------------------------------- a lost headline


def test_a_copy_that_lost_its_headline_is_one_draft_flagged_for_a_title():
    first = "本报讯 1月9日,2025年“情暖盐都”自贡市文化科技卫生“三下乡”集中示范活动在贡井区举行。"
    text = "\n".join([first, MIDDLE, LAST + "(自贡市科协供稿)"]) + "\n"
    p = parse_page(text)
    a = only(p)
    assert a.title == "2025年“情暖盐都”自贡市文化科技卫生“三下乡”集中示范活动在贡井区举行"
    assert a.flags == ["标题待补"]
    assert a.paragraphs == [first, MIDDLE, LAST]
    assert a.credits == [Credit("自贡市科协", "供稿", "organization")]
    assert p.unplaced == []
    assert any("标题待补" in w for w in p.warnings)
    assert page_to_contract(p, source="t", encoding="utf-8")["articles"][0]["flags"] == ["标题待补"]
    nothing_lost_nor_duplicated(text, p)


def test_a_lost_headline_without_byline_is_still_one_draft():
    p = parse_page("3109 期 / 第1版:要闻\n" + lines(LEAD, LAST))
    a = only(p)
    assert a.flags == ["标题待补"]
    assert a.title.startswith("成都市科协副主席李展一行赴邛崃调研")
    assert p.issue == 3109


@pytest.mark.parametrize(
    ("paragraph", "title"),
    [
        ("本报讯 近日,某市科协召开会议,传达精神。", "某市科协召开会议"),
        ("3月28日上午,流动科技馆巡展启动。", "流动科技馆巡展启动"),
        ("为加强科普阵地建设,活动还发放了资料。", "为加强科普阵地建设"),
    ],
)
def test_the_provisional_title_is_the_first_clause(paragraph, title):
    assert provisional_title(paragraph) == title


def test_a_whole_page_with_headlines_never_gets_a_provisional_title():
    p = parse_page(lines("调研邛崃市特色科普广场项目", LEAD, LAST))
    assert only(p).flags == []


# ----------------------------------------------------- the older portal template


def test_the_older_portal_template_gives_date_author_and_views_never_text():
    text = lines(
        "创新农业科普基地建设  助力农业创新发展",
        "对都江堰市农业科普示范基地的调查",
        "2020-09-25 08:56 冉崇朝 2531 点击",
        "都江堰市在灾后重建中成功创建全省科普示范市,农业科普基地发挥了重要作用。",
        "一、农业科普基地功能建设有新拓展",
        "目前,全市建成各类科普基地、场馆共有21家,其中涉农科普示范基地17家。",
    )
    p = parse_page(text)
    a = only(p)
    assert (a.title, a.subtitle) == (
        "创新农业科普基地建设  助力农业创新发展",
        "对都江堰市农业科普示范基地的调查",
    )
    assert a.credits == [Credit("冉崇朝", "", "person")]
    assert [s.heading for s in a.sections] == ["一、农业科普基地功能建设有新拓展"]
    assert p.date == "2020-09-25"
    assert p.metadata == {"published": "2020-09-25 08:56", "author": "冉崇朝", "views": 2531}
    assert "2531" not in "".join(a.paragraphs)
    nothing_lost_nor_duplicated(text, p)


@pytest.mark.parametrize(
    ("line", "want"),
    [
        ("2020-09-25 08:56 冉崇朝 2531 点击", ("2020-09-25", "08:56", "冉崇朝", 2531)),
        (
            "发布时间:2021-3-5 10:02 作者:广元市科协 点击:88",
            ("2021-03-05", "10:02", "广元市科协", 88),
        ),
        ("2019年12月1日 09:30 李四 阅读 12", ("2019-12-01", "09:30", "李四", 12)),
    ],
)
def test_portal_meta_lines(line, want):
    m = parse_portal_meta(line)
    assert (m.date, m.time, m.author, m.views) == want


def test_a_bare_date_is_no_portal_line():
    assert parse_portal_meta("2020-09-25") is None


def test_headline_lines_that_end_like_places_are_no_sponsor_list():
    text = "青羊区科协\n科普进社区\n志愿者走进十个社区\n\n" + lines(LEAD, LAST)
    p = parse_page(text)
    assert p.sponsors == []
    a = only(p)
    assert a.title == "志愿者走进十个社区" or a.title == "科普进社区"


# ------------------------------------------------------------------------- HTML


def test_a_saved_html_page_maps_its_title_hierarchy_and_paragraphs():
    from articles.importer.parse.webpage import parse_webpage

    markup = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>科普进社区 - 四川科协报</title>"
        "<script>var s = '本报讯 不是正文';</script></head><body>"
        "<div class='nav'>首页 | 往期回顾</div><div class='info'>3109 期 / 第3版:科协之窗</div>"
        "<div class='article'><h3>青羊区科协</h3><h1>科普进社区</h1><h2>志愿者走进十个社区</h2>"
        f"<div id='ozoom'><p>&nbsp;&nbsp;{LEAD}</p><p>图为活动现场</p>"
        f"<p>{MIDDLE}<br>{LAST}(青羊区科协)</p><!-- 注释 --></div></div>"
        "<div class='footer'>版权所有</div></body></html>"
    )
    text, p = parse_webpage(markup)
    a = only(p)
    assert (a.kicker, a.title, a.subtitle) == ("青羊区科协", "科普进社区", "志愿者走进十个社区")
    assert a.paragraphs == [LEAD, MIDDLE, LAST]
    assert a.captions == ["图为活动现场"]
    assert a.credits == [Credit("青羊区科协", "", "organization")]
    assert (p.issue, p.page, p.page_name) == (3109, 3, "科协之窗")
    assert "不是正文" not in text and "注释" not in text
    assert p.sponsors == [] and p.banners == []


def test_an_html_page_with_class_named_titles_and_no_header():
    from articles.importer.parse.webpage import parse_webpage

    markup = (
        "<html><body><p class='yinti'>成都市科协</p><p class='bt'>调研邛崃市特色科普广场项目</p>"
        f"<div class='content'><p>{LEAD}</p><p>{LAST}</p></div></body></html>"
    )
    _, p = parse_webpage(markup)
    a = only(p)
    assert (a.kicker, a.title, a.subtitle) == ("成都市科协", "调研邛崃市特色科普广场项目", None)
    assert p.issue is None
    assert a.paragraphs == [LEAD, LAST]


def test_a_contributor_printed_name_first():
    who = parse_contributor("蒋涛  成都信息工程大学控制工程学院院长")
    assert (who.name, who.unit, who.post) == ("蒋涛", "成都信息工程大学控制工程学院", "院长")


def test_a_copy_that_kept_only_its_kicker_gets_a_provisional_title():
    p = parse_page("3033 期 / 第3版:科协之窗\n成都市科协\n\n" + lines(LEAD, LAST))
    a = only(p)
    assert a.kicker == "成都市科协"
    assert a.title == "成都市科协副主席李展一行赴邛崃调研特色科普广场项目建设情况"
    assert a.flags == ["标题待补"]


def test_an_html_header_split_over_inline_elements():
    from articles.importer.parse.webpage import parse_webpage

    markup = (
        "<html><body><div><span>3033</span> 期 / 第3版:<b>科协之窗</b></div>"
        f"<h1>调研邛崃市特色科普广场项目</h1><div class='content'><p>{LEAD}</p></div>"
        "</body></html>"
    )
    _, p = parse_webpage(markup)
    assert (p.issue, p.page, p.page_name) == (3033, 3, "科协之窗")
    assert only(p).title == "调研邛崃市特色科普广场项目"
