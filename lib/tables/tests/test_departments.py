import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib.tables.departments import is_separator, split_departments, split_roles
from lib.tables.items import split_indicator_code, split_items
from lib.tables.model import DeptMention


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("法援中心（公共法律服务中心）", [DeptMention("法援中心", ("公共法律服务中心",))]),
        ("纪检组（监察室）", [DeptMention("纪检组", ("监察室",))]),
        ("各科（室）", [DeptMention("各科（室）")]),
        ("各责任科（室）、各党支部", [DeptMention("各责任科（室）"), DeptMention("各党支部")]),
        ("公共法律服务中心\n\n（法援中心）", [DeptMention("公共法律服务中心", ("法援中心",))]),
        ("各科 （室）", [DeptMention("各科（室）")]),
        ("政治部  \n行财科 ", [DeptMention("政治部"), DeptMention("行财科")]),
        (
            "办公室，人事科;财务科；党委, 工会",
            [DeptMention(n) for n in ("办公室", "人事科", "财务科", "党委", "工会")],
        ),
        ("局办（综合科、秘书科）", [DeptMention("局办（综合科、秘书科）")]),
        ("（法援中心）", [DeptMention("法援中心")]),
        ("", []),
    ],
)
def test_split_departments(text, expected):
    assert split_departments(text) == expected


@pytest.mark.parametrize(
    ("text", "lead", "cooperating"),
    [
        ("政治部牵头，公证处、各科（室）配合", ["政治部"], ["公证处", "各科（室）"]),
        ("牵头：办公室；配合：行财科、人事科", ["办公室"], ["行财科", "人事科"]),
        ("牵头单位：办公室\n配合单位：行财科", ["办公室"], ["行财科"]),
        ("政治部（牵头）、行财科（配合）", ["政治部"], ["行财科"]),
        ("人事科牵头，各科（室）", ["人事科"], ["各科（室）"]),
        ("人事科\n机关党委\n办公室", ["人事科"], ["机关党委", "办公室"]),
        ("政治部牵头，行财科协助", ["政治部"], ["行财科"]),
        ("政治部、行财科协助", [], ["政治部", "行财科"]),  # read literally: both assist
        ("", [], []),
    ],
)
def test_split_roles(text, lead, cooperating):
    found_lead, found_cooperating = split_roles(text)
    assert [m.name for m in found_lead] == lead
    assert [m.name for m in found_cooperating] == cooperating


def test_items_split_on_points_and_keep_context_out():
    lines = ["1） 健全体系；（9分）", "未成年人思想道德建设：", "5、营造环境", "5）关心关爱（9分）"]
    assert [(p.number, p.text, p.points) for p in split_items(lines)] == [
        ("1", "健全体系；", 9),
        ("5", "关心关爱", 9),
    ]
    assert [p.number for p in split_items(["①甲（1分）", "(2)乙", "续（1.5分）"])] == ["1", "2"]
    assert split_items(["2016年开展活动"])[0].number is None


def test_indicator_codes():
    assert split_indicator_code("Ⅲ-29全民普法教育") == ("Ⅲ-29", "全民普法教育")
    assert split_indicator_code("III－4－1 开展教育") == ("Ⅲ-4-1", "开展教育")
    assert split_indicator_code("Ⅰ-12长效") == ("Ⅰ-12", "长效")
    assert split_indicator_code("IT服务-1") is None


# --- properties of the department splitter -----------------------------------------------------------

_NAME_CHARACTERS = st.sampled_from(
    "政治部行财科办公室人事党委法援中心公证处各室组" + string.ascii_letters[:6]
)
_SEPARATORS = st.sampled_from(["、", "，", ",", "；", ";", " ", "\n", "\n\n", "\u3000", "\t"])
_PARENTHESES = "（）()"


@st.composite
def balanced_text(draw, depth: int = 0) -> str:
    """Names, separators and balanced (possibly nested) parentheses."""
    parts = []
    for _ in range(draw(st.integers(0, 6))):
        choice = draw(st.integers(0, 3 if depth < 2 else 2))
        if choice <= 1:
            parts.append(draw(st.text(_NAME_CHARACTERS, min_size=1, max_size=5)))
        elif choice == 2:
            parts.append(draw(_SEPARATORS))
        else:
            opening, closing = draw(st.sampled_from([("（", "）"), ("(", ")")]))
            parts.append(opening + draw(balanced_text(depth + 1)) + closing)
    return "".join(parts)


def _without_separators_and_parentheses(text: str) -> str:
    return "".join(char for char in text if not is_separator(char) and char not in _PARENTHESES)


def _spelled(mention: DeptMention) -> str:
    return mention.name + "".join(mention.aliases)


@given(balanced_text())
def test_no_name_or_alias_is_empty_or_padded(text):
    for mention in split_departments(text):
        for part in (mention.name, *mention.aliases):
            assert part and part == part.strip()


@given(balanced_text())
def test_splitting_keeps_every_character_that_is_not_a_separator(text):
    spelled = "".join(_spelled(mention) for mention in split_departments(text))
    assert _without_separators_and_parentheses(spelled) == _without_separators_and_parentheses(text)


@given(balanced_text())
def test_names_have_balanced_parentheses_and_no_separator_outside_them(text):
    for mention in split_departments(text):
        depth = 0
        for char in mention.name:
            if char in "（(":
                depth += 1
            elif char in "）)":
                depth -= 1
                assert depth >= 0
            elif depth == 0:
                assert not is_separator(char)
        assert depth == 0
        assert all(not any(c in _PARENTHESES or is_separator(c) for c in alias) for alias in mention.aliases)


@given(st.text(st.sampled_from("政治部（）()、， \n牵头配合：;"), max_size=30))
def test_any_text_splits_without_error_into_non_empty_names(text):
    lead, cooperating = split_roles(text)
    assert all(mention.name for mention in lead + cooperating)
    assert not {m.name for m in lead} & {m.name for m in cooperating}
