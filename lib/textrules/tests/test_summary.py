import json

from hypothesis import given
from hypothesis import strategies as st

from lib.textrules.summary import task_rules

TEXT = "每季度召开一次调度会议（1分）"
GUIDANCE = "每季度召开一次文明创建工作调度会议。人事科每月报送信息1条。提供会议纪要和现场照片3-5张。"


def test_three_keys_with_the_documented_fields():
    rules = task_rules(TEXT, GUIDANCE, {"人事科": "人事科每月报送信息1条。"})
    [record, photos] = rules["requirements"]
    assert record["kind"] == "record"
    assert (photos["kind"], photos["min_count"], photos["max_count"]) == ("photos", 3, 5)
    assert set(photos) == {"kind", "min_count", "max_count", "target_chars", "caption_fields", "group_label",
                           "group_count", "per_group", "source"}
    # The guidance repeats the text's quarterly meeting; the monthly item is the department's duty.
    assert rules["recurrences"] == [{"unit": "quarter", "interval": 1, "min_count": 1, "max_count": None,
                                     "source": "每季度召开一次调度会议（1分）"}]
    [duty] = rules["duties"]
    assert (duty["department"], duty["text"]) == ("人事科", "人事科每月报送信息1条。")
    assert [(r["unit"], r["min_count"]) for r in duty["recurrences"]] == [("month", 1)]
    json.dumps(rules)  # serialisable as is


@given(st.text(), st.text(), st.dictionaries(st.text(max_size=5), st.text(), max_size=3))
def test_never_raises(text, guidance, duties):
    json.dumps(task_rules(text, guidance, duties), ensure_ascii=False)
