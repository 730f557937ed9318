from audit.formatting import details_text


def test_changes_read_as_old_to_new():
    assert details_text({"changes": {"地点": ["", "机关大院"], "必需": [True, False]}}) == "地点：空 → 机关大院；必需：是 → 否"


def test_other_details_use_chinese_labels_and_skip_empty_values():
    assert details_text({"from": "草稿", "to": "待审核", "comment": ""}) == "原状态：草稿；新状态：待审核"
    assert details_text({"departments": {"add": ["行财科", "人事科"]}}) == "科室：加入：行财科、人事科"
    assert details_text({"by": "reset"}) == "方式：创文办重置"
