from hypothesis import given
from hypothesis import strategies as st

from lib.textrules.charcount import count_chars

from .guidance import ATMOSPHERE_ADS

CJK_IDEOGRAPHS = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),  # CJK Unified Ideographs
    st.characters(min_codepoint=0x3400, max_codepoint=0x4DBF),  # Extension A
)


def test_each_ideograph_and_fullwidth_mark_counts_one():
    assert count_chars("此项工作由行财科负责实施。") == 13
    assert count_chars("“讲文明、树新风”") == 9
    assert count_chars("（电子文档、红头页、盖章页扫描图）") == 17


def test_a_run_of_latin_letters_or_digits_counts_one():
    assert count_chars("2016年") == 2
    assert count_chars("说明报告500字") == 6
    assert count_chars("abc123") == 1


def test_fullwidth_letters_and_digits_count_one_each_as_in_word():
    assert count_chars("ＡＢＣ１２３") == 6
    assert count_chars("第１２期") == 4
    assert count_chars("ＡＢＣabc") == 4  # the half-width run is one word


@given(st.text(alphabet=st.characters(min_codepoint=0xFF10, max_codepoint=0xFF5A)))
def test_fullwidth_ascii_counts_its_length(text):
    assert count_chars(text) == len(text)


def test_ascii_punctuation_inside_a_run_joins_it():
    assert count_chars("3.5") == 1
    assert count_chars("面积不小于0.6m*0.8m") == 6
    assert count_chars("全年组织开展1-2次") == 8
    assert count_chars("普及率≥80%") == 4


def test_whitespace_and_bare_ascii_punctuation_count_zero():
    assert count_chars("") == 0
    assert count_chars(" \t\n　") == 0
    assert count_chars(" , . - ( ) ") == 0
    assert count_chars("hello, world") == 2


def test_fixture_sentence():
    # 此项工作由行财科负责实施。(13) 收集至少(4) 5(1) 张照片。(4)
    assert count_chars(ATMOSPHERE_ADS) == 22


@given(st.text(), st.text())
def test_additive_over_whitespace_separated_concatenation(left, right):
    assert count_chars(left + " " + right) == count_chars(left) + count_chars(right)


@given(st.text(alphabet=CJK_IDEOGRAPHS))
def test_cjk_only_text_counts_its_length(text):
    assert count_chars(text) == len(text)


@given(st.text())
def test_never_negative_and_never_more_than_length(text):
    assert 0 <= count_chars(text) <= len(text)
