"""Recall of the requirement parser on phrasings from several kinds of units, and no silent misses."""

import pytest

from lib.textrules.requirements import Requirement, parse_requirements

from .requirement_corpus import CORPUS

# Found requirements over expected ones across the corpus; raise it when the parser improves.
MINIMUM_RECALL = 0.95


def compact(requirement: Requirement) -> str:
    """kind[:min][-max] for counts, ":NonexN类" for grouped ones, "/N类" for coverage, "@fields" for captions."""
    text = requirement.kind
    if requirement.per_group:
        text += f":{requirement.group_count}x{requirement.per_group}{requirement.group_label}"
    elif requirement.min_count or requirement.max_count:
        text += f":{requirement.min_count or ''}" + (f"-{requirement.max_count}" if requirement.max_count else "")
    elif requirement.group_count:
        text += f"/{requirement.group_count}{requirement.group_label}"
    if requirement.target_chars:
        text += f":{requirement.target_chars}" + ("~" if requirement.tolerance else "")
    if requirement.caption_fields:
        text += "@" + ",".join(requirement.caption_fields)
    return text


def test_recall_on_the_corpus_and_every_miss_is_flagged():
    expected = found = 0
    silent = []
    for text, wanted in CORPUS.items():
        result = parse_requirements(text)
        got = [compact(r) for r in result.requirements]
        hits = sum(1 for item in wanted if item in got)
        expected += len(wanted)
        found += hits
        if hits < len(wanted) and not result.unparsed_sentences:
            silent.append(text)
    recall = found / expected
    print(f"requirement recall {found}/{expected} = {recall:.2f}")
    assert recall >= MINIMUM_RECALL
    assert silent == []


@pytest.mark.parametrize("text", CORPUS)
def test_corpus_entry(text):
    assert [compact(r) for r in parse_requirements(text).requirements] == CORPUS[text]


def test_an_evidence_noun_left_over_flags_the_sentence():
    text = "提供方案、总结及活动影像。"  # 影像 on its own is no phrase the parser reads
    result = parse_requirements(text)
    assert [r.kind for r in result.requirements] == ["plan", "summary"]
    assert result.unparsed_sentences == [text]


def test_photos_and_screenshots_with_their_own_counts_stay_apart():
    result = parse_requirements("提供活动照片5张、网络截图3张，每类不少于2张。")
    assert [compact(r) for r in result.requirements] == ["photos:5", "screenshots:3"]


def test_unknown_evidence_with_no_requirement_is_flagged():
    text = "及时报送相关资料。"
    assert parse_requirements(text).unparsed_sentences == [text]
