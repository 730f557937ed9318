"""Recall of the recurrence parser on frequencies from several kinds of units."""

import pytest

from lib.textrules.recurrence import parse_recurrences

from .recurrence_corpus import CORPUS

MINIMUM_RECALL = 0.95


def shape(text: str) -> list[tuple]:
    return [(r.unit, r.interval, r.min_count, r.max_count) for r in parse_recurrences(text)]


def test_recall_on_the_corpus():
    expected = sum(len(wanted) for wanted in CORPUS.values())
    found = sum(sum(1 for item in wanted if item in shape(text)) for text, wanted in CORPUS.items())
    print(f"recurrence recall {found}/{expected} = {found / expected:.2f}")
    assert found / expected >= MINIMUM_RECALL


@pytest.mark.parametrize("text", CORPUS)
def test_corpus_entry(text):
    assert shape(text) == CORPUS[text]


def test_an_inherited_count_keeps_its_own_subject_and_the_period_in_its_source():
    first, second = parse_recurrences("每月开展一次安全隐患排查，报送排查情况2条。")
    assert second.subject == "报送排查情况"
    assert second.source == "每月开展一次安全隐患排查，报送排查情况2条"


def test_due_day():
    [monthly] = parse_recurrences("每月25日前报送上月创建工作台账。")
    assert monthly.due_day == 25


def test_a_period_reaches_only_a_few_clauses_so_hostile_text_stays_linear():
    text = "每月开展一次" + "，报送1条" * 5000
    found = parse_recurrences(text)
    assert len(found) == 4 and max(len(r.source) for r in found) < 40
