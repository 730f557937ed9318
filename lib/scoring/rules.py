"""Scoring rules: how a task's evidence becomes a projected score. Pure Python, no Django.

The README ("Scoring rules") states the same rules for people; keep the two in step.

* One-off task: earns its points once its hard requirements are met by an approved submission,
  nothing before.
* Recurring task (每月/每季度/每2个月/全年…不少于6次, read from its texts into stored recurrence rows
  that the coordinator may correct): the year is cut into windows, one per period of each
  recurrence; the same cadence stated twice (in the text and a department's duty) counts once. A window is satisfied when approved activities dated
  inside it reach its count. Counted windows are those that have ended plus those already
  satisfied: a window still open is not held against the task, but fulfilling it early counts.
  credit = satisfied / counted, and nothing until the hard requirements are met.
* projected = points × credit, rounded down to 0.01: a score never exceeds its points, and totals
  are exact sums of the rounded task scores.
* Overdue: a recurring window ended unsatisfied, or a one-off task is unmet after the due date.
* Risk = points × stage × urgency, so high points, not started and due soon rank first.
"""

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date
from decimal import ROUND_DOWN, Decimal
from enum import StrEnum
from fractions import Fraction
from functools import lru_cache
from typing import Protocol

from lib.textrules.recurrence import periods

ZERO = Decimal("0")
CENT = Decimal("0.01")
# Work due within this many days is "due soon"; it is also the half-life of urgency in the risk.
DUE_SOON_DAYS = 30


class Status(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    MET = "met"

    @property
    def label(self) -> str:
        return {"not_started": "未开始", "in_progress": "进行中", "met": "已达标"}[self.value]


# How much of a task's points is at risk at each stage: untouched work is the biggest risk and
# work that already earns its points carries none.
_STAGE_WEIGHT = {Status.NOT_STARTED: 1.0, Status.IN_PROGRESS: 0.5, Status.MET: 0.0}


@dataclass(frozen=True)
class Window:
    """A period of a recurring duty in which `needed` approved activities must take place."""

    start: date
    end: date
    needed: int = 1
    adopted: bool = False  # counts items recorded as adopted (被采用), not approved activities

    def satisfied_by(self, dates: Iterable[date]) -> bool:
        return sum(1 for day in dates if self.start <= day <= self.end) >= self.needed


@dataclass(frozen=True)
class TaskFacts:
    points: Decimal
    requirements_met: bool  # an approved submission meets every hard requirement
    started: bool = False  # any submission at all, whatever its state
    approved_dates: tuple[date, ...] = ()
    adopted_dates: tuple[date, ...] = ()  # adoption dates of the task's information reports
    windows: tuple[Window, ...] = ()  # empty for a one-off task
    due: date | None = None  # when one-off work must be ready for the assessment


@dataclass(frozen=True)
class TaskResult:
    points: Decimal
    projected: Decimal
    credit: Fraction  # share of the points earned, 0…1
    status: Status
    windows_total: int
    windows_counted: int
    windows_satisfied: int
    windows_missed: int  # ended unsatisfied
    overdue: bool
    next_due: date | None  # the next deadline of unfinished work
    days_left: int | None
    risk: float

    @property
    def recurring(self) -> bool:
        return self.windows_total > 0

    @property
    def due_soon(self) -> bool:
        return self.days_left is not None and 0 <= self.days_left <= DUE_SOON_DAYS


def evaluate(facts: TaskFacts, today: date) -> TaskResult:
    satisfied = [window.satisfied_by(facts.adopted_dates if window.adopted else facts.approved_dates)
                 for window in facts.windows]
    ended = [window.end < today for window in facts.windows]
    counted = sum(1 for s, e in zip(satisfied, ended) if s or e)
    missed = sum(1 for s, e in zip(satisfied, ended) if e and not s)

    if not facts.requirements_met:
        credit = Fraction(0)
    elif facts.windows:
        credit = Fraction(sum(satisfied), counted) if counted else Fraction(0)
    else:
        credit = Fraction(1)

    if facts.windows:
        open_ends = [w.end for w, s, e in zip(facts.windows, satisfied, ended) if not (s or e)]
        next_due = min(open_ends, default=None)
        overdue = missed > 0
    else:
        next_due = None if facts.requirements_met else facts.due
        overdue = next_due is not None and next_due < today
    days_left = (next_due - today).days if next_due is not None else None

    if credit == 1:
        status = Status.MET
    else:
        status = Status.IN_PROGRESS if facts.started else Status.NOT_STARTED
    return TaskResult(
        points=facts.points,
        projected=_share(facts.points, credit),
        credit=credit,
        status=status,
        windows_total=len(facts.windows),
        windows_counted=counted,
        windows_satisfied=sum(satisfied),
        windows_missed=missed,
        overdue=overdue,
        next_due=next_due,
        days_left=days_left,
        risk=float(facts.points) * _STAGE_WEIGHT[status] * _urgency(overdue, days_left),
    )


def _share(points: Decimal, credit: Fraction) -> Decimal:
    exact = points * credit.numerator / credit.denominator
    return exact.quantize(CENT, rounding=ROUND_DOWN)


def _urgency(overdue: bool, days_left: int | None) -> float:
    """1 when overdue, ½ with DUE_SOON_DAYS left, falling towards 0 for distant deadlines."""
    if overdue:
        return 1.0
    if days_left is None:
        return 0.0
    return DUE_SOON_DAYS / (DUE_SOON_DAYS + days_left)


class Cadence(Protocol):
    """A recurrence as scoring needs it: lib.textrules' Recurrence or a stored row."""

    unit: str
    interval: int
    min_count: int
    adopted: bool


@dataclass(frozen=True)
class _Cycle:
    unit: str
    interval: int


def task_windows(recurrences: Iterable[Cadence], year: int,
                 semesters: tuple[tuple[date, date], ...] | None = None) -> tuple[Window, ...]:
    """The windows of a task's recurrences in the assessment year; a cadence repeated (the task text
    and a department's duty both saying 每月1条) is one set of windows."""
    cadences = dict.fromkeys((r.unit, r.interval, r.min_count, r.adopted) for r in recurrences)
    return tuple(window for cadence in cadences for window in _windows(*cadence, year, semesters))


@lru_cache(maxsize=1024)  # a table has few distinct cadences; every dashboard view asks for them
def _windows(unit: str, interval: int, needed: int, adopted: bool, year: int,
             semesters: tuple[tuple[date, date], ...] | None) -> tuple[Window, ...]:
    return tuple(Window(period.start, period.end, needed, adopted)
                 for period in periods(_Cycle(unit, interval), year, semesters=semesters))


@dataclass(frozen=True)
class Tally:
    """Sums over a set of tasks (a category, section, department or the whole table)."""

    tasks: int = 0
    met: int = 0
    not_started: int = 0
    overdue: int = 0
    points: Decimal = ZERO
    projected: Decimal = ZERO
    credit: Fraction = Fraction(0)  # sum of the tasks' credits
    self_assessed: int = 0  # tasks with a self-assessed score (自评分)
    self_score: Decimal = ZERO
    official_assessed: int = 0  # tasks with an official score (实际得分)
    official_score: Decimal = ZERO

    @classmethod
    def of(cls, result: TaskResult, *, self_score: Decimal | None = None,
           official_score: Decimal | None = None) -> "Tally":
        return cls(
            tasks=1,
            met=int(result.status is Status.MET),
            not_started=int(result.status is Status.NOT_STARTED),
            overdue=int(result.overdue),
            points=result.points,
            projected=result.projected,
            credit=result.credit,
            self_assessed=int(self_score is not None),
            self_score=self_score or ZERO,
            official_assessed=int(official_score is not None),
            official_score=official_score or ZERO,
        )

    def __add__(self, other: "Tally") -> "Tally":
        return Tally(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})

    @property
    def completion(self) -> float:
        """Average credit of the tasks in per cent: zero-point tasks count as much as scored ones."""
        return round(float(self.credit / self.tasks) * 100, 1) if self.tasks else 0.0

    @property
    def score_rate(self) -> float:
        return round(float(self.projected / self.points) * 100, 1) if self.points else 0.0


def tally(parts: Iterable[Tally]) -> Tally:
    return sum(parts, Tally())
