"""Recurring obligations ("每季度召开一次…会议", "全年…不少于6次") and the periods they imply.

* A period word with an action and no written count means once per period ("每季度收集…").
* A bare count ("召开一次") is a minimum: max_count is only set by a range ("1-2次").
* Periods: 每周/每两周, 每半月, 每月/按月/每2个月, 每季度/按季度, 每半年, 每学期, 每年/年内/全年.
* A count in a later clause of the same sentence with no period of its own inherits the period
  before it: "每月开展一次安全检查，报送信息2条" is also 2 items a month.
"""

import calendar
from collections.abc import Sequence
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Protocol

from ._numerals import INTEGER, to_int

WEEK = "week"
HALFMONTH = "halfmonth"
MONTH = "month"
QUARTER = "quarter"
HALFYEAR = "halfyear"
SEMESTER = "semester"
YEAR = "year"
UNITS = (WEEK, HALFMONTH, MONTH, QUARTER, HALFYEAR, SEMESTER, YEAR)


@dataclass(frozen=True)
class Recurrence:
    source: str  # exact substring of the input, from the period word to the end of the phrase
    unit: str  # one of UNITS
    interval: int  # every `interval` units (每2个月 → 2)
    min_count: int
    max_count: int | None
    subject: str  # what is done, quantifiers removed
    adopted: bool = False  # counts items adopted (被采用) rather than items sent
    due_day: int | None = None  # "每月25日前": day of the period's last month it is due by


class HasPeriod(Protocol):
    """A Recurrence or a stored row with the same fields."""

    unit: str
    interval: int


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str


_PERIOD = re.compile(
    f"每(?P<n>{INTEGER})?个?(?P<unit>月度|月|季度|季|学年|年度|年|周|星期|学期)"
    "|(?P<halfmonth>每半个?月)|(?P<halfyear>每半年)|按(?P<by>月|季度|季|周|年度|年|学期)|(?P<whole>全年|年内)"
)
_UNIT_WORDS = {
    "月": MONTH, "月度": MONTH, "季度": QUARTER, "季": QUARTER, "年": YEAR, "年度": YEAR,
    "周": WEEK, "星期": WEEK, "学期": SEMESTER, "学年": YEAR,
}
# A frequency phrase ends at the next clause punctuation.
_PHRASE_END = re.compile(r"[，。；;,\n]")
_SENTENCE_END = re.compile(r"[。；;\n]")
# "一次", "不少于6次", "1-2次", "4条以上": how many times (or items) per period.
_COUNT = re.compile(
    f"(?P<n>{INTEGER})(?:\\s*[-－—–~～至到]\\s*(?P<m>{INTEGER}))?(?:次|条|期|场|篇|回|批)(?:及?以上)?"
)
# Without a count, a phrase is a duty only when it says what is done ("全年无…事件" is not one).
_ACTION = re.compile(
    "开展|召开|组织|举办|举行|收集|报送|上报|报告|提交|更新|检查|学习|发布|刊播|刊发|播放|进行|评选|培训"
    "|研究|听取|督查|调度|通报|慰问|走访|巡查|宣讲|清理|维护|出刊|编发|制定|总结|分析|部署|排查"
)
_DUE_DAY = re.compile("(?P<day>[0-9]{1,2})日(?:前|之前|以前)")
# Quantifiers around the count, meaningless in the subject once the count is parsed.
_QUANTIFIER = re.compile("(?:至少|不少于|不低于|最少)有?$|^(?:至少|不少于|不低于|最少)")


def parse_recurrences(text: str) -> list[Recurrence]:
    found: list[Recurrence] = []
    previous_end = 0
    for period in _PERIOD.finditer(text):
        if period.start() < previous_end:  # inside an inherited clause already read
            continue
        unit, interval = _unit_and_interval(period)
        end = _phrase_end(text, period.end())
        count = _COUNT.search(text, period.end(), end)
        if interval < 1 or (count is None and not _ACTION.search(text, period.end(), end)):
            continue
        recurrence = _recurrence(text, period.start(), period.end(), count, end, unit, interval)
        # "…报送工作信息1条，全年至少有4条以上被采用": the adopted items are the ones just counted.
        if recurrence.adopted and found and not _SENTENCE_END.search(text, previous_end, period.start()):
            recurrence = replace(recurrence, subject=found[-1].subject + recurrence.subject)
        found.append(recurrence)
        previous_end = end
        for inherited, clause_end in _inherited(text, period.start(), end, unit, interval):
            found.append(inherited)
            previous_end = clause_end
    return found


def _phrase_end(text: str, start: int) -> int:
    match = _PHRASE_END.search(text, start)
    return match.start() if match else len(text)


# How many later clauses a period reaches; also keeps sources (period … clause) short on hostile text.
_INHERIT_CLAUSES = 3


def _inherited(text: str, period_start: int, end: int, unit: str, interval: int):
    """Later comma clauses of the sentence that state a count but no period of their own."""
    for _ in range(_INHERIT_CLAUSES):
        if end >= len(text) or text[end] not in "，,":
            return
        clause_start = end + 1
        end = _phrase_end(text, clause_start)
        if _PERIOD.search(text, clause_start, end):
            return
        count = _COUNT.search(text, clause_start, end)
        if count is not None:
            yield _recurrence(text, period_start, clause_start, count, end, unit, interval), end


def _unit_and_interval(period: re.Match) -> tuple[str, int]:
    if period["whole"]:
        return YEAR, 1
    if period["halfyear"]:
        return HALFYEAR, 1
    if period["halfmonth"]:
        return HALFMONTH, 1
    if period["by"]:
        return _UNIT_WORDS[period["by"]], 1
    return _UNIT_WORDS[period["unit"]], to_int(period["n"]) if period["n"] else 1


def _recurrence(
    text: str, source_start: int, body_start: int, count: re.Match | None, end: int, unit: str, interval: int
) -> Recurrence:
    if count is None:
        low, high, subject = 1, None, text[body_start:end].strip()
    else:
        low = to_int(count["n"])
        high = to_int(count["m"]) if count["m"] else None
        if high is not None and high < low:
            low, high = high, low
        before = _QUANTIFIER.sub("", text[body_start : count.start()].strip())
        subject = before + text[count.end() : end].strip()
    due = _DUE_DAY.search(text, body_start, end)
    return Recurrence(
        source=text[source_start:end].rstrip(),
        unit=unit,
        interval=interval,
        min_count=low,
        max_count=high,
        subject=subject,
        adopted="采用" in subject,
        due_day=int(due["day"]) if due and 1 <= int(due["day"]) <= 31 else None,
    )


def periods(rec: HasPeriod, year: int, *, semesters: Sequence[tuple[date, date]] | None = None) -> list[Period]:
    """Consecutive periods of `year` for the recurrence (the dataclass or a stored row), in order.

    Blocks start on 1 January; a last block that would run past the year is cut at 31 December.
    Weeks are counted from 1 January (not ISO weeks, which straddle years). Semesters are the
    given (start, end) dates, by default spring 1 March–31 July and autumn 1 September–31 January."""
    interval = max(rec.interval, 1)
    if rec.unit == YEAR:
        return [Period(date(year, 1, 1), date(year, 12, 31), f"{year}年全年")]
    if rec.unit == WEEK:
        return _week_periods(year, interval)
    if rec.unit == HALFMONTH:
        return _blocks(_half_months(year), interval, year)
    if rec.unit == SEMESTER:
        return _blocks(_semesters(year, semesters), interval, year)
    if rec.unit == HALFYEAR and interval == 1:
        return [Period(date(year, 1, 1), date(year, 6, 30), f"{year}年上半年"),
                Period(date(year, 7, 1), date(year, 12, 31), f"{year}年下半年")]
    months = interval * {QUARTER: 3, HALFYEAR: 6}.get(rec.unit, 1)
    quarterly = rec.unit == QUARTER
    return [
        _month_period(year, first, min(first + months - 1, 12), quarterly) for first in range(1, 13, months)
    ]


def _month_period(year: int, first: int, last: int, quarterly: bool) -> Period:
    end = date(year, last, calendar.monthrange(year, last)[1])
    if quarterly:
        label = f"第{_range_label((first + 2) // 3, (last + 2) // 3)}季度"
    else:
        label = f"{_range_label(first, last)}月"
    return Period(date(year, first, 1), end, f"{year}年{label}")


def _half_months(year: int) -> list[Period]:
    halves = []
    for month in range(1, 13):
        last = calendar.monthrange(year, month)[1]
        halves.append(Period(date(year, month, 1), date(year, month, 15), f"{year}年{month}月上半月"))
        halves.append(Period(date(year, month, 16), date(year, month, last), f"{year}年{month}月下半月"))
    return halves


def _semesters(year: int, semesters: Sequence[tuple[date, date]] | None) -> list[Period]:
    if semesters:
        ordered = sorted((start, end) for start, end in semesters if start <= end)
        return [Period(start, end, f"{year}年第{n}学期") for n, (start, end) in enumerate(ordered, start=1)]
    return [Period(date(year, 3, 1), date(year, 7, 31), f"{year}年春季学期"),
            Period(date(year, 9, 1), date(year + 1, 1, 31), f"{year}年秋季学期")]


def _blocks(base: list[Period], interval: int, year: int) -> list[Period]:
    """Every `interval` consecutive base periods as one: "2026年1月上半月至2月下半月"."""
    if interval == 1:
        return base
    blocks = []
    for i in range(0, len(base), interval):
        first, last = base[i], base[min(i + interval, len(base)) - 1]
        label = first.label if first is last else f"{first.label}至{last.label.removeprefix(f'{year}年')}"
        blocks.append(Period(first.start, last.end, label))
    return blocks


def _week_periods(year: int, interval: int) -> list[Period]:
    first_day = date(year, 1, 1)
    days = (date(year, 12, 31) - first_day).days + 1
    step = 7 * interval
    result = []
    for offset in range(0, days, step):
        last = min(offset + step, days) - 1
        label = f"{year}年第{_range_label(offset // 7 + 1, last // 7 + 1)}周"
        result.append(Period(first_day + timedelta(offset), first_day + timedelta(last), label))
    return result


def _range_label(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"
