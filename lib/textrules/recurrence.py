"""Recurring obligations ("每季度召开一次…会议", "全年…不少于6次") and the periods they imply.

A bare count ("召开一次") is read as a minimum: max_count is only set by a range ("1-2次").
"""

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from ._numerals import INTEGER, to_int

MONTH = "month"
QUARTER = "quarter"
YEAR = "year"
WEEK = "week"


@dataclass(frozen=True)
class Recurrence:
    source: str  # exact substring of the input, from the period word to the end of the phrase
    unit: str  # MONTH | QUARTER | YEAR | WEEK
    interval: int  # every `interval` units (每2个月 → 2)
    min_count: int
    max_count: int | None
    subject: str  # what is done, quantifiers removed
    adopted: bool = False  # counts items adopted (被采用) rather than items sent


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str


# 每月, 每个月, 每2个月, 每季度, 每两周, 每年; 每半年 is every 6 months; 全年 is once per year.
_PERIOD = re.compile(
    f"每(?P<n>{INTEGER})?个?(?P<unit>月|季度|季|年|周|星期)|(?P<half>每半年)|(?P<whole>全年)"
)
_UNITS = {"月": MONTH, "季度": QUARTER, "季": QUARTER, "年": YEAR, "周": WEEK, "星期": WEEK}
# A frequency phrase ends at the next clause punctuation.
_PHRASE_END = re.compile(r"[，。；;,\n]")
_SENTENCE_END = re.compile(r"[。；;\n]")
# "一次", "不少于6次", "1-2次", "4条以上": how many times (or items) per period.
_COUNT = re.compile(
    f"(?P<n>{INTEGER})(?:\\s*[-－—–~～至到]\\s*(?P<m>{INTEGER}))?(?:次|条|期|场|篇|回)(?:及?以上)?"
)
# Quantifiers around the count, meaningless in the subject once the count is parsed.
_QUANTIFIER = re.compile("(?:至少|不少于|不低于|最少)有?$|^(?:至少|不少于|不低于|最少)")


def parse_recurrences(text: str) -> list[Recurrence]:
    found: list[Recurrence] = []
    previous_end = 0
    for period in _PERIOD.finditer(text):
        phrase_end = _PHRASE_END.search(text, period.end())
        end = phrase_end.start() if phrase_end else len(text)
        count = _COUNT.search(text, period.end(), end)
        unit, interval = _unit_and_interval(period)
        if count is None or interval < 1:
            continue
        recurrence = _recurrence(text, period, count, end, unit, interval)
        # "…报送工作信息1条，全年至少有4条以上被采用": the adopted items are the ones just counted.
        if recurrence.adopted and found and not _SENTENCE_END.search(text, previous_end, period.start()):
            recurrence = replace(recurrence, subject=found[-1].subject + recurrence.subject)
        found.append(recurrence)
        previous_end = end
    return found


def _unit_and_interval(period: re.Match) -> tuple[str, int]:
    if period["whole"]:
        return YEAR, 1
    if period["half"]:
        return MONTH, 6
    return _UNITS[period["unit"]], to_int(period["n"]) if period["n"] else 1


def _recurrence(
    text: str, period: re.Match, count: re.Match, end: int, unit: str, interval: int
) -> Recurrence:
    low = to_int(count["n"])
    high = to_int(count["m"]) if count["m"] else None
    if high is not None and high < low:
        low, high = high, low
    before = _QUANTIFIER.sub("", text[period.end() : count.start()].strip())
    subject = before + text[count.end() : end].strip()
    return Recurrence(
        source=text[period.start() : end].rstrip(),
        unit=unit,
        interval=interval,
        min_count=low,
        max_count=high,
        subject=subject,
        adopted="采用" in subject,
    )


def periods(rec: Recurrence, year: int) -> list[Period]:
    """Consecutive periods of `year` for the recurrence, in order, covering the whole year.

    Blocks start on 1 January; a last block that would run past the year is cut at 31 December.
    Weeks are counted from 1 January (not ISO weeks, which straddle years)."""
    if rec.unit == YEAR:
        return [Period(date(year, 1, 1), date(year, 12, 31), f"{year}年全年")]
    if rec.unit == WEEK:
        return _week_periods(year, rec.interval)
    months = rec.interval * (3 if rec.unit == QUARTER else 1)
    return [
        _month_period(year, first, min(first + months - 1, 12), rec.unit) for first in range(1, 13, months)
    ]


def _month_period(year: int, first: int, last: int, unit: str) -> Period:
    end = date(year, last, calendar.monthrange(year, last)[1])
    if unit == QUARTER:
        label = f"第{_range_label((first + 2) // 3, (last + 2) // 3)}季度"
    else:
        label = f"{_range_label(first, last)}月"
    return Period(date(year, first, 1), end, f"{year}年{label}")


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
