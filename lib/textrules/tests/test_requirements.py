import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib.textrules.requirements import (
    DOCUMENT,
    PHOTOS,
    PLAN,
    REPORT,
    STATISTICS,
    SUMMARY,
    URL,
    SCREENSHOTS,
    Requirement,
    parse_requirements,
)

from . import guidance as g


def short(requirement: Requirement) -> str:
    """Compact form for the table below: clause + kind + numbers ("①photos:4x3类", "report:500~")."""
    text = requirement.kind
    if requirement.group_label:
        amount = requirement.target_chars if requirement.kind == REPORT else requirement.per_group
        text += f":{requirement.group_count}x{amount}{requirement.group_label}"
    elif requirement.min_count is not None:
        text += f":{requirement.min_count}"
    elif requirement.target_chars is not None:
        text += f":{requirement.target_chars}"
    if requirement.tolerance:
        text += "~"
    return (requirement.clause or "") + text


STANDARD_THREE = ["plan", "photos:5", "summary"]

# Every guidance text of the fixture and what it asks for.
EXPECTED = {
    "ORG_LEADERSHIP": [],
    "ORG_DISPATCH": [],
    "ORG_INFORMATION": [],
    "ORG_LIAISON": [],
    "ORG_ARCHIVE": [],
    "ATMOSPHERE_MEDIA": ["photos:5"],
    "ATMOSPHERE_ADS": ["photos:5"],
    "ATMOSPHERE_TRAINING": [],
    "STUDY_SYSTEM": STANDARD_THREE,
    "STUDY_LECTURES": STANDARD_THREE,
    "ACTIVITY_CIVILISED_UNITS": STANDARD_THREE,
    "ACTIVITY_THEMES": STANDARD_THREE,
    "ACTIVITY_THREE_GUARANTEES": ["document", *STANDARD_THREE],
    "ACTIVITY_CHARITY": STANDARD_THREE,
    "ACTIVITY_SECURITY": ["plan", "summary"],
    "VOLUNTEER_REGISTRATION": [],
    "VOLUNTEER_ACTIVITIES": STANDARD_THREE,
    "MINORS": STANDARD_THREE,
    "III5_LEGAL_AWARENESS": STANDARD_THREE,
    "III17_VOLUNTEER_SERVICE": ["2、plan", "2、photos:5", "2、summary", "3、report:500", "3、photos:5"],
    "III29_LAW_POPULARISATION": STANDARD_THREE,
    "III30_LEGAL_SERVICES": [
        "1）plan",
        "2）plan",
        "2）photos:5",
        "2）summary",
        "5）plan",
        "5）photos:5",
        "5）summary",
    ],
    "III69_PUBLIC_SECURITY": STANDARD_THREE,
    "ONLINE_II2_STUDY_RULES": ["document"],
    "ONLINE_III4_POLICY_EDUCATION": ["report:500", "photos"],
    "ONLINE_III5_THEORY_STUDY": ["report:500", "photos:5"],
    "ONLINE_III5_CHINA_ROAD": ["report:500~", "photos:4x3方式"],
    "ONLINE_III9_LECTURE_HALLS": ["report:500~", "photos:10x2讲堂"],
    "ONLINE_III10_ROLE_MODELS": ["report", "photos"],
    "ONLINE_III13_FESTIVALS": ["report:600~", "photos:3x10节日"],
    "ONLINE_III20_AD_SYSTEM": [],
    "ONLINE_III21_AD_WORKS": ["photos:2"],
    "ONLINE_III29_PLANNING": ["1、document", "2、document"],
    "ONLINE_III29_RESPONSIBILITY": ["①report:500", "①photos:3", "②statistics", "②photos:3"],
    "ONLINE_III29_CULTURE": ["①report:500", "①photos:4x3类", "②plan", "②report:500", "②photos:5"],
    "ONLINE_III30_LEGAL_AID": ["①document", "②report:300~"],
    "ONLINE_III51_NET_CHARITY": ["url", "report:200~"],
    "ONLINE_III85_WINDOW_UNITS": ["report:Nonex300单位~", "photos:Nonex3单位"],
    "INSPECTION_COMPOUND": [],
    "INSPECTION_SURVEY": [],
    "INSPECTION_HOTLINE": [],
    "ADS_COURTYARD": ["2、plan", "2、record"],
    "ADS_RESIDENTIAL": [],
}


def test_every_fixture_guidance_has_an_expectation():
    assert EXPECTED.keys() == g.ALL.keys()


@pytest.mark.parametrize("name", EXPECTED)
def test_fixture_guidance(name):
    text = g.ALL[name]
    requirements = parse_requirements(text).requirements
    assert [short(r) for r in requirements] == EXPECTED[name]
    assert all(r.source in text for r in requirements)


def only(text: str, kind: str) -> Requirement:
    [requirement] = [r for r in parse_requirements(text).requirements if r.kind == kind]
    return requirement


def test_plan_photos_and_summary_sentence():
    plan, photos, summary = parse_requirements(g.STUDY_SYSTEM).requirements
    assert (plan.kind, plan.source) == (PLAN, "有方案（计划）")
    assert (photos.kind, photos.source, photos.min_count) == (PHOTOS, "至少5张照片", 5)
    assert (summary.kind, summary.source) == (SUMMARY, "总结")


def test_plan_and_summary_without_photos():
    assert [r.kind for r in parse_requirements("要有方案（计划）和总结。").requirements] == [PLAN, SUMMARY]


def test_rules_are_documents():
    document = parse_requirements(g.ACTIVITY_THREE_GUARANTEES).requirements[0]
    assert (document.kind, document.source) == (DOCUMENT, "有制度")


def test_a_named_system_is_not_a_document_requirement():
    assert parse_requirements("贯彻落实《关于完善国家工作人员学法用法制度的意见》").requirements == []


def test_document_forms_from_the_following_parenthetical():
    document = only(g.ONLINE_II2_STUDY_RULES, DOCUMENT)
    assert document.forms == ("电子文档", "红头页扫描图", "盖章页扫描图")
    assert document.source.startswith("规范文件")


def test_report_with_length_is_at_least_about():
    report = only(g.ONLINE_III4_POLICY_EDUCATION, REPORT)
    assert (report.source, report.target_chars, report.tolerance) == ("说明报告500字", 500, None)


@pytest.mark.parametrize(
    "text, target",
    [
        ("说明报告500字左右", 500),
        ("说明报告600字左右", 600),
        ("说明报告500左右", 500),
        ("说明报告300左右", 300),
    ],
)
def test_report_about_a_length(text, target):
    report = only(text, REPORT)
    assert (report.target_chars, report.tolerance) == (target, 0.2)


def test_report_length_before_the_noun():
    report = only("（500字的说明报告、5张图片)", REPORT)
    assert (report.source, report.target_chars) == ("500字的说明报告", 500)


def test_report_without_length():
    report = only(g.ONLINE_III10_ROLE_MODELS, REPORT)
    assert (report.source, report.target_chars, report.tolerance) == ("说明报告", None, None)


def test_situation_note_and_report_length_are_one_report():
    report = only(g.ONLINE_III5_THEORY_STUDY, REPORT)
    assert report.source == "情况说明（说明报告500字"
    assert report.target_chars == 500


def test_photo_alternatives_are_one_requirement():
    photos = only(g.ONLINE_III5_THEORY_STUDY, PHOTOS)
    assert photos.source == "不少于5张活动照片或样报图片或视频截图"
    assert photos.min_count == 5
    assert photos.alternatives == ("活动照片", "样报图片", "视频截图")
    assert photos.caption_fields == ("时间", "主办单位", "主题")


def test_caption_fields_for_on_site_photos():
    photos = only(g.ONLINE_III4_POLICY_EDUCATION, PHOTOS)
    assert (photos.source, photos.min_count) == ("现场照片", None)
    assert photos.caption_fields == ("时间", "地点", "主题")


def test_caption_fields_normalised_and_kept():
    photos = only(g.ONLINE_III9_LECTURE_HALLS, PHOTOS)
    assert photos.caption_fields == ("讲堂名称", "主办单位", "时间", "主题")
    photos = only(g.ONLINE_III29_RESPONSIBILITY.split("②")[1], PHOTOS)
    assert photos.caption_fields == ("时间", "参加人员", "主题")
    assert photos.alternatives == ("样报图片", "视频截图", "现场照片")


def test_count_after_the_noun():
    assert only("（说明报告500字、实景图片3张）", PHOTOS).min_count == 3


def test_words_between_count_and_noun():
    photos = only(g.ONLINE_III21_AD_WORKS, PHOTOS)
    assert (photos.source, photos.min_count) == ("实景图片，不少于2张作品的图片", 2)


def test_festivals_grouped():
    photos = only(g.ONLINE_III13_FESTIVALS, PHOTOS)
    assert (photos.group_label, photos.group_count, photos.per_group, photos.min_count) == ("节日", 3, 10, 30)


def test_lecture_halls_grouped():
    photos = only(g.ONLINE_III9_LECTURE_HALLS, PHOTOS)
    assert (photos.group_label, photos.group_count, photos.per_group, photos.min_count) == ("讲堂", 10, 2, 20)


def test_groups_counted_from_the_listed_ways():
    photos = only(g.ONLINE_III5_CHINA_ROAD, PHOTOS)
    assert (photos.group_label, photos.group_count, photos.per_group, photos.min_count) == ("方式", 4, 3, 12)
    assert photos.caption_fields == ("时间", "主办单位", "主题")


def test_groups_counted_from_the_listed_categories():
    photos = parse_requirements(g.ONLINE_III29_CULTURE).requirements[1]
    assert (photos.clause, photos.source) == ("①", "实景图片3张")
    assert (photos.group_label, photos.group_count, photos.per_group, photos.min_count) == ("类", 4, 3, 12)


def test_per_unit_report_and_photos_without_a_unit_count():
    report, photos = parse_requirements(g.ONLINE_III85_WINDOW_UNITS).requirements
    assert (report.target_chars, report.tolerance, report.group_label, report.group_count) == (
        300,
        0.2,
        "单位",
        None,
    )
    assert (photos.per_group, photos.group_label, photos.group_count, photos.min_count) == (
        3,
        "单位",
        None,
        None,
    )


def test_statistics_and_url():
    assert only(g.ONLINE_III29_RESPONSIBILITY, STATISTICS).source == "统计表格"
    assert only(g.ONLINE_III51_NET_CHARITY, URL).source == "网址"


def test_numbered_items_get_their_clause_label():
    requirements = parse_requirements(g.ONLINE_III29_CULTURE).requirements
    assert [r.clause for r in requirements] == ["①", "①", "②", "②", "②"]
    assert requirements[2].source == "活动方案"


def test_a_video_screenshot_on_its_own():
    [screenshot] = parse_requirements("提供3张视频截图（每张注明时间、地点、主题）").requirements
    assert (screenshot.kind, screenshot.min_count, screenshot.hard) == (SCREENSHOTS, 3, True)
    assert screenshot.caption_fields == ("时间", "地点", "主题")


def test_chinese_numeral_counts():
    assert only("至少五张照片", PHOTOS).min_count == 5
    assert only("至少三个传统节日，每个节日提供现场照片十张", PHOTOS).min_count == 30


def test_evidence_kinds_are_hard():
    requirements = [r for text in g.ALL.values() for r in parse_requirements(text).requirements]
    assert requirements and all(r.hard for r in requirements)


def test_unparsed_sentences_mention_evidence():
    assert parse_requirements(g.ORG_LIAISON).unparsed_sentences == [g.ORG_LIAISON]
    assert parse_requirements(g.ACTIVITY_THEMES).unparsed_sentences == [
        "各职能科室负责活动开展及活动资料的收集，政治部负责活动资料的整理上报。"
    ]


def test_sentences_without_evidence_words_are_not_unparsed():
    for name in ("ORG_LEADERSHIP", "ORG_INFORMATION", "INSPECTION_COMPOUND", "ONLINE_III20_AD_SYSTEM"):
        assert parse_requirements(g.ALL[name]).unparsed_sentences == []


DOMAIN_TEXT = st.text(
    alphabet=st.sampled_from(
        list(
            "至少不于张照片图实景现场样报视频截说明告情况字左右每个种类节日讲堂方式、，。；（）()①②1234567890"
        )
        + list(
            "一二两三十注时间地点主题需要提供或方案计划总结规范文件统表格网址有制度电子文档红头盖章页扫描 \n"
        )
    )
)


@given(st.one_of(st.text(), DOMAIN_TEXT))
def test_never_raises_and_sources_are_substrings(text):
    result = parse_requirements(text)
    for requirement in result.requirements:
        assert requirement.source and requirement.source in text
        if requirement.group_count is not None and requirement.per_group is not None:
            assert requirement.min_count == requirement.group_count * requirement.per_group
    assert all(sentence in text for sentence in result.unparsed_sentences)


def test_photo_count_written_after_the_noun():
    [photos] = parse_requirements("提供现场照片不少于5张。").requirements
    assert (photos.kind, photos.min_count, photos.source) == ("photos", 5, "现场照片不少于5张")


def test_number_of_groups_written_after_the_per_group_count():
    [photos] = parse_requirements("每个节日10张图片，至少3个传统节日").requirements
    assert (photos.group_label, photos.group_count, photos.per_group, photos.min_count) == ("节日", 3, 10, 30)
