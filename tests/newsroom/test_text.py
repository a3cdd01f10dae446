from newsroom.text import parse_tags, pinyin_key, split_aliases, unicode_slug


def test_tags_split_on_chinese_and_ascii_commas_enumeration_commas_and_spaces():
    assert parse_tags("天府科技云,科普、乡村振兴, 院士 专家工作站") == [
        "天府科技云",
        "科普",
        "乡村振兴",
        "院士",
        "专家工作站",
    ]


def test_tag_input_drops_empty_items_and_repeats():
    assert parse_tags(",,、 科普 科普,,") == ["科普"]
    assert parse_tags("") == []
    assert parse_tags("、,,") == []


def test_slugs_keep_han_characters():
    assert unicode_slug("天府科技云") == "天府科技云"
    assert unicode_slug("泸州市 科协") == "泸州市-科协"


def test_a_name_that_slugifies_to_nothing_still_gets_a_stable_slug():
    slug = unicode_slug("!!!")
    assert slug and slug == unicode_slug("!!!")
    assert slug != unicode_slug("???")


def test_homophones_share_a_pinyin_key():
    assert pinyin_key("张跃鸣") == pinyin_key("张跃明") == "zhang-yue-ming"
    assert pinyin_key("苏文保") != pinyin_key("张跃明")


def test_aliases_typed_one_per_line_or_as_a_list():
    assert split_aliases("泸州市科协\n泸州科协、 泸州市科协") == ["泸州市科协", "泸州科协"]
    assert split_aliases(["a", " a ", "", "b"]) == ["a", "b"]
