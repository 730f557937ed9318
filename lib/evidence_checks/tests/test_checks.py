import re

from hypothesis import given
from hypothesis import strategies as st

from lib.evidence_checks import (
    DocumentSummary,
    Evidence,
    PhotoSummary,
    RequirementSpec,
    blocking,
    describe,
    evaluate,
)

FULL_CAPTION = {"时间": "2026年5月3日", "地点": "局机关", "主题": "道德讲堂"}


def photos(n, captions=FULL_CAPTION, role="photo"):
    return tuple(PhotoSummary(role=role, captions=captions) for _ in range(n))


def messages(requirements, evidence):
    return [result.message_zh for result in evaluate(requirements, evidence)]


def test_missing_photos_are_counted():
    requirement = RequirementSpec(ref=1, kind="photos", min_count=5)
    [result] = evaluate([requirement], Evidence(photos=photos(3)))
    assert result == result.__class__(1, False, True, "还缺2张照片（要求至少5张，已上传3张）")
    [result] = evaluate([requirement], Evidence(photos=photos(6)))
    assert result.ok and result.message_zh == "照片6张，符合要求（至少5张）"


def test_photos_without_a_number_need_one():
    requirement = RequirementSpec(ref=1, kind="photos")
    assert messages([requirement], Evidence()) == ["缺少照片"]
    assert evaluate([requirement], Evidence(photos=photos(1)))[0].ok


def test_caption_gaps_name_the_photo_and_the_field():
    requirement = RequirementSpec(ref=1, kind="photos", min_count=3, caption_fields=("时间", "地点", "主题"))
    no_place = {**FULL_CAPTION, "地点": " "}
    evidence = Evidence(photos=photos(2) + photos(1, no_place) + photos(1, {}))
    assert messages([requirement], evidence) == [
        "照片4张，符合要求（至少3张）", "第3张照片缺少地点", "第4张照片缺少时间、地点、主题",
    ]
    evidence = Evidence(photos=photos(1, no_place) + photos(1) + photos(1, no_place))
    assert messages([requirement], evidence)[1:] == ["第1、3张照片缺少地点"]
    assert messages([requirement], Evidence(photos=photos(3)))[1:] == ["照片均已注明时间、地点、主题"]


def test_screenshots_count_as_photos_only_when_the_guidance_accepts_them():
    screenshots = photos(2, role="screenshots")
    plain = RequirementSpec(ref=1, kind="photos", min_count=2)
    either = RequirementSpec(ref=2, kind="photos", min_count=2, alternatives=("活动照片", "视频截图"))
    assert not evaluate([plain], Evidence(photos=screenshots))[0].ok
    assert evaluate([either], Evidence(photos=screenshots))[0].ok
    only = RequirementSpec(ref=3, kind="screenshots", min_count=3, hard=False)
    [result] = evaluate([only], Evidence(photos=screenshots + photos(4)))
    assert result.message_zh == "还缺1张截图（要求至少3张，已上传2张）" and not result.hard


def test_grouped_counts_per_activity_and_in_total():
    festivals = RequirementSpec(ref=1, kind="photos", group_label="节日", group_count=3, per_group=10, min_count=30)
    evidence = Evidence(photos=photos(8), photos_elsewhere={"photo": 10, "screenshots": 4})
    activity, total = evaluate([festivals], evidence)
    assert (activity.ok, activity.hard, activity.message_zh) == (False, True, "每个节日10张：本活动已上传8张，还缺2张")
    assert (total.ok, total.hard, total.message_zh) == (False, False, "每个节日10张×3个节日：已上传18张，还缺12张")
    kinds = RequirementSpec(ref=2, kind="photos", group_label="类", per_group=3)
    assert messages([kinds], Evidence(photos=photos(3))) == ["每类3张：本活动已上传3张"]
    lectures = RequirementSpec(ref=3, kind="photos", group_label="讲堂", group_count=10, per_group=2, min_count=20)
    assert messages([lectures], Evidence(photos=photos(2), photos_elsewhere={"photo": 18})) == [
        "每个讲堂2张：本活动已上传2张", "每个讲堂2张×10个讲堂：已上传20张",
    ]


def test_report_length_about_and_at_least():
    about = RequirementSpec(ref=1, kind="report", target_chars=500, tolerance=0.2)
    assert messages([about], Evidence(report_chars=312)) == ["说明报告312字，要求500字左右（400–600字）"]
    assert messages([about], Evidence(report_chars=700)) == ["说明报告700字，要求500字左右（400–600字）"]
    assert evaluate([about], Evidence(report_chars=450))[0].ok
    bare = RequirementSpec(ref=2, kind="report", target_chars=500)
    assert messages([bare], Evidence(report_chars=312)) == ["说明报告312字，要求约500字（不少于400字）"]
    assert evaluate([bare], Evidence(report_chars=2000))[0].ok
    assert messages([bare], Evidence()) == ["缺少说明报告（要求约500字（不少于400字））"]


def test_report_takes_the_best_of_pasted_text_and_documents():
    about = RequirementSpec(ref=1, kind="report", target_chars=300, tolerance=0.2, group_label="单位")
    evidence = Evidence(report_chars=100, documents=(DocumentSummary("report", 310), DocumentSummary("plan", 1000)))
    assert messages([about], evidence) == ["说明报告310字，符合要求（每个单位300字左右（240–360字））"]
    scan = Evidence(documents=(DocumentSummary("report", None),))
    [result] = evaluate([about], scan)
    assert not result.ok and not result.hard and "无法统计字数" in result.message_zh
    assert evaluate([RequirementSpec(ref=2, kind="report")], scan)[0].ok


def test_documents_and_url():
    requirements = [
        RequirementSpec(ref=1, kind="plan"), RequirementSpec(ref=2, kind="summary"),
        RequirementSpec(ref=3, kind="statistics"), RequirementSpec(ref=4, kind="url"),
        RequirementSpec(ref=5, kind="document", forms=("电子文档", "红头页扫描图")),
        RequirementSpec(ref=6, kind="other"),
    ]
    assert messages(requirements, Evidence()) == [
        "缺少方案（计划）", "缺少总结", "缺少统计表格", "缺少网址", "缺少制度、规范文件（电子文档、红头页扫描图）",
    ]
    evidence = Evidence(url="http://www.yiyang.gov.cn", documents=(
        DocumentSummary("plan", 10), DocumentSummary("summary", 10), DocumentSummary("statistics", 0),
        DocumentSummary("document"), DocumentSummary("document", 100),
    ))
    assert all(result.ok for result in evaluate(requirements, evidence))
    assert messages(requirements, evidence)[-1] == "已上传制度、规范文件2份"


def test_blocking_keeps_only_failed_hard_checks():
    requirements = [RequirementSpec(ref=1, kind="plan"), RequirementSpec(ref=2, kind="screenshots", hard=False),
                    RequirementSpec(ref=3, kind="url")]
    results = evaluate(requirements, Evidence(url="x"))
    assert [result.requirement for result in blocking(results)] == [1]


# --- properties ---------------------------------------------------------------------------------

captions = st.dictionaries(st.sampled_from(["时间", "地点", "主题", "主办单位"]), st.sampled_from(["", " ", "有"]))
photo_lists = st.lists(st.builds(PhotoSummary, role=st.sampled_from(["photo", "screenshots"]), captions=captions),
                       max_size=12)
photo_requirements = st.builds(
    RequirementSpec, ref=st.just(1), kind=st.sampled_from(["photos", "screenshots"]),
    min_count=st.none() | st.integers(1, 15), caption_fields=st.sampled_from([(), ("时间", "地点"), ("主办单位",)]),
    group_label=st.sampled_from(["", "讲堂", "类"]), group_count=st.none() | st.integers(1, 5),
    per_group=st.none() | st.integers(1, 5), alternatives=st.sampled_from([(), ("活动照片", "视频截图")]),
)


def missing_photos(results) -> int:
    return sum(int(n) for result in results for n in re.findall(r"还缺(\d+)张", result.message_zh))


@given(photo_requirements, photo_lists, photo_lists)
def test_adding_photos_never_increases_the_missing_count(requirement, before, added):
    assert missing_photos(evaluate([requirement], Evidence(photos=before + added))) <= \
        missing_photos(evaluate([requirement], Evidence(photos=before)))


@given(photo_requirements, photo_lists, st.sampled_from(["photo", "screenshots"]))
def test_a_fully_captioned_photo_never_adds_a_failure(requirement, before, role):
    full = {"时间": "t", "地点": "p", "主题": "s", "主办单位": "u"}
    after = before + [PhotoSummary(role=role, captions=full)]
    failed = sum(not r.ok for r in evaluate([requirement], Evidence(photos=before)))
    assert sum(not r.ok for r in evaluate([requirement], Evidence(photos=after))) <= failed


@given(st.integers(1, 2000), st.none() | st.sampled_from([0.1, 0.2, 0.3]), st.integers(0, 3000))
def test_a_report_passes_exactly_inside_its_bounds(target, tolerance, length):
    requirement = RequirementSpec(ref=1, kind="report", target_chars=target, tolerance=tolerance)
    [result] = evaluate([requirement], Evidence(report_chars=length))
    low = round(target * (1 - (tolerance or 0.2)))
    high = round(target * (1 + tolerance)) if tolerance else None
    assert result.ok == (length > 0 and low <= length and (high is None or length <= high))


def test_describe_states_each_requirement_in_one_line():
    assert describe(RequirementSpec(ref=1, kind="photos", min_count=5, caption_fields=("时间", "地点"))) == \
        "照片：至少5张；每张注明时间、地点"
    assert describe(RequirementSpec(ref=1, kind="photos", group_label="讲堂", group_count=10, per_group=2,
                                    min_count=20)) == "照片：每个讲堂2张×10个讲堂（共20张）"
    assert describe(RequirementSpec(ref=1, kind="photos", group_label="类", per_group=3)) == "照片：每类3张"
    assert describe(RequirementSpec(ref=1, kind="report", target_chars=600, tolerance=0.2)) == \
        "说明报告：600字左右（480–720字）"
    assert describe(RequirementSpec(ref=1, kind="document", forms=("电子文档", "盖章页扫描图"))) == \
        "制度、规范文件：电子文档、盖章页扫描图"
    assert describe(RequirementSpec(ref=1, kind="plan")) == "方案（计划）"
    assert describe(RequirementSpec(ref=1, kind="other")) == "其他（人工核对）"


def test_more_photos_than_the_limit_block():
    requirement = RequirementSpec(ref=1, kind="photos", min_count=3, max_count=5)
    assert describe(requirement) == "照片：3–5张"
    assert [r.ok for r in evaluate([requirement], Evidence(photos=photos(5)))] == [True]
    failures = blocking(evaluate([requirement], Evidence(photos=photos(7))))
    assert [f.message_zh for f in failures] == ["照片已上传7张，超过上限5张，请删去2张"]


def test_coverage_minimum_is_a_soft_line():
    requirement = RequirementSpec(ref=1, kind="photos", group_label="类", group_count=6)
    assert describe(requirement) == "照片：涵盖不少于6类"
    short = evaluate([requirement], Evidence(photos=photos(4)))
    assert [(r.ok, r.hard) for r in short] == [(True, True), (False, False)]
    enough = evaluate([requirement], Evidence(photos=photos(6)))
    assert [(r.ok, r.hard) for r in enough] == [(True, True), (True, False)]


def test_records_are_counted_documents():
    requirement = RequirementSpec(ref=1, kind="record", min_count=3)
    one = Evidence(documents=(DocumentSummary(role="record"),))
    assert messages([requirement], one) == ["还缺2份台账记录（要求至少3份，已上传1份）"]
    three = Evidence(documents=(DocumentSummary(role="record"),) * 3)
    assert [r.ok for r in evaluate([requirement], three)] == [True]


def test_screenshot_sources_accept_screenshot_files():
    requirement = RequirementSpec(ref=1, kind="photos", min_count=2, alternatives=("活动照片", "网络截图"))
    assert [r.ok for r in evaluate([requirement], Evidence(photos=photos(2, role="screenshots")))] == [True]
