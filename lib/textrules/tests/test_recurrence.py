from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib.textrules.recurrence import (
    HALFMONTH,
    HALFYEAR,
    MONTH,
    QUARTER,
    SEMESTER,
    UNITS,
    WEEK,
    YEAR,
    Recurrence,
    parse_recurrences,
    periods,
)

from .guidance import ORG_DISPATCH

# 考核实施细则 of the fixture.
INFORMATION = (
    "3、及时报送本地本单位创建工作信息，每月至少向市创文办及益阳文明网报送工作信息1条，"
    "全年至少有4条以上被采用。（2分）"
)
STUDY = (
    "1、建立健全单位党委（党组）中心组和干职工日常学习制度，每季度集中开展学习不少于1次；"
    "学习内容为习近平总书记系列讲话精神、社会主义核心价值观、党风廉政建设、理想信念教育和创文知识。（1分）"
)
LECTURES = "4、每2个月组织开展一次道德讲堂或法治讲坛活动，做到“四有”（有道德讲堂固定场所、有经常化活动、有规范性流程、有浓厚的道德文化氛围）。（1分）"
VOLUNTEERING = "2、全年集中组织开展志愿服务活动不少于6次。（1分）"
THEMED_ACTIVITIES = "2、结合单位工作实际，全年组织开展1-2次具有部门行业特色的创文主题活动。（1分）"
CHILDREN = "2、全年组织单位干职工的未成年子女开展健康向上的文体活动不少于2次。（1分）"
NO_INCIDENTS = "5、积极开展综合治理，单位全年无社会治安案件、重大安全生产事故、群体性上访等影响社会治安和稳定的事件发生。（1分）"


def one(text: str) -> Recurrence:
    [recurrence] = parse_recurrences(text)
    return recurrence


def test_monthly_information_and_yearly_adoption():
    monthly, adopted = parse_recurrences(INFORMATION)
    assert (monthly.unit, monthly.interval, monthly.min_count, monthly.max_count) == (MONTH, 1, 1, None)
    assert monthly.source == "每月至少向市创文办及益阳文明网报送工作信息1条"
    assert monthly.subject == "向市创文办及益阳文明网报送工作信息"
    assert not monthly.adopted
    assert (adopted.unit, adopted.interval, adopted.min_count, adopted.adopted) == (YEAR, 1, 4, True)
    assert adopted.source == "全年至少有4条以上被采用"
    assert adopted.subject == "向市创文办及益阳文明网报送工作信息被采用"


def test_quarterly_meeting_from_guidance():
    meeting = one(ORG_DISPATCH)
    assert (meeting.unit, meeting.interval, meeting.min_count, meeting.max_count) == (QUARTER, 1, 1, None)
    assert meeting.source == "每季度召开一次文明创建工作调度会议"
    assert meeting.subject == "召开文明创建工作调度会议"


def test_quarterly_study():
    study = one(STUDY)
    assert (study.unit, study.min_count, study.subject) == (QUARTER, 1, "集中开展学习")


def test_every_two_months():
    lectures = one(LECTURES)
    assert (lectures.unit, lectures.interval, lectures.min_count) == (MONTH, 2, 1)
    assert lectures.subject == "组织开展道德讲堂或法治讲坛活动"


@pytest.mark.parametrize(
    "text, low, high",
    [(VOLUNTEERING, 6, None), (THEMED_ACTIVITIES, 1, 2), (CHILDREN, 2, None)],
)
def test_yearly_counts(text, low, high):
    recurrence = one(text)
    assert (recurrence.unit, recurrence.interval, recurrence.min_count, recurrence.max_count) == (
        YEAR,
        1,
        low,
        high,
    )


def test_period_without_a_count_is_no_recurrence():
    assert parse_recurrences(NO_INCIDENTS) == []


@pytest.mark.parametrize(
    "text, unit, interval",
    [
        ("每周开展一次", WEEK, 1),
        ("每两周开展一次", WEEK, 2),
        ("每半年开展一次", HALFYEAR, 1),
        ("每年召开一次", YEAR, 1),
    ],
)
def test_other_periods(text, unit, interval):
    recurrence = one(text)
    assert (recurrence.unit, recurrence.interval) == (unit, interval)


def labels(recurrence: Recurrence, year: int = 2026) -> list[str]:
    return [period.label for period in periods(recurrence, year)]


def test_period_labels():
    monthly, adopted = parse_recurrences(INFORMATION)
    assert labels(monthly)[:2] == ["2026年1月", "2026年2月"]
    assert labels(adopted) == ["2026年全年"]
    assert labels(one(STUDY)) == ["2026年第1季度", "2026年第2季度", "2026年第3季度", "2026年第4季度"]
    assert labels(one(LECTURES)) == [
        "2026年1–2月",
        "2026年3–4月",
        "2026年5–6月",
        "2026年7–8月",
        "2026年9–10月",
        "2026年11–12月",
    ]


def test_period_dates():
    first, *_, last = periods(one(LECTURES), 2024)
    assert (first.start, first.end) == (date(2024, 1, 1), date(2024, 2, 29))
    assert (last.start, last.end) == (date(2024, 11, 1), date(2024, 12, 31))


def test_uneven_blocks_end_with_the_year():
    every_five_months = Recurrence("每5个月", MONTH, 5, 1, None, "")
    assert labels(every_five_months) == ["2026年1–5月", "2026年6–10月", "2026年11–12月"]
    every_two_quarters = Recurrence("每两个季度", QUARTER, 2, 1, None, "")
    assert labels(every_two_quarters) == ["2026年第1–2季度", "2026年第3–4季度"]


def test_weeks_count_from_the_first_of_january():
    weekly = periods(one("每周开展一次"), 2026)
    assert len(weekly) == 53
    assert (weekly[0].label, weekly[0].end) == ("2026年第1周", date(2026, 1, 7))
    assert (weekly[-1].label, weekly[-1].start, weekly[-1].end) == (
        "2026年第53周",
        date(2026, 12, 31),
        date(2026, 12, 31),
    )


DOMAIN_TEXT = st.text(
    alphabet=st.sampled_from(
        list("每个月季度年周半全至少不于有以上被采用次条一二两三十0123456789-，。；开展 \n")
    )
)


@given(st.one_of(st.text(), DOMAIN_TEXT))
def test_never_raises_and_sources_are_substrings(text):
    for recurrence in parse_recurrences(text):
        assert recurrence.source in text
        assert recurrence.interval >= 1
        assert recurrence.max_count is None or recurrence.min_count <= recurrence.max_count


@given(
    st.sampled_from([unit for unit in UNITS if unit != SEMESTER]),
    st.integers(min_value=1, max_value=60),
    st.integers(min_value=1, max_value=9999),
)
def test_periods_cover_the_year_in_order_without_overlap(unit, interval, year):
    result = periods(Recurrence("", unit, interval, 1, None, ""), year)
    assert result[0].start == date(year, 1, 1)
    assert result[-1].end == date(year, 12, 31)
    for period in result:
        assert period.start <= period.end
        assert period.label.startswith(f"{year}年")
    for earlier, later in zip(result, result[1:]):
        assert later.start == earlier.end + timedelta(days=1)


def test_half_months_half_years_and_semesters():
    halves = periods(Recurrence("", HALFMONTH, 1, 1, None, ""), 2026)
    assert len(halves) == 24
    assert (halves[2].start, halves[2].end, halves[2].label) == (date(2026, 2, 1), date(2026, 2, 15), "2026年2月上半月")
    assert halves[3].end == date(2026, 2, 28)
    assert labels(Recurrence("", HALFYEAR, 1, 1, None, "")) == ["2026年上半年", "2026年下半年"]
    spring, autumn = periods(Recurrence("", SEMESTER, 1, 1, None, ""), 2026)
    assert (spring.start, spring.end) == (date(2026, 3, 1), date(2026, 7, 31))
    assert (autumn.start, autumn.end) == (date(2026, 9, 1), date(2027, 1, 31))


def test_semesters_of_a_school_calendar():
    terms = [(date(2026, 9, 1), date(2027, 1, 20)), (date(2026, 2, 24), date(2026, 7, 5))]
    first, second = periods(Recurrence("", SEMESTER, 1, 1, None, ""), 2026, semesters=terms)
    assert (first.start, first.end, first.label) == (date(2026, 2, 24), date(2026, 7, 5), "2026年第1学期")
    assert second.start == date(2026, 9, 1)


def test_periods_accept_anything_with_unit_and_interval():
    class Row:
        unit, interval = QUARTER, 1

    assert len(periods(Row(), 2026)) == 4


def test_two_half_months_make_one_block():
    blocks = periods(Recurrence("", HALFMONTH, 2, 1, None, ""), 2026)
    assert len(blocks) == 12
    assert blocks[0].label == "2026年1月上半月至1月下半月"
