"""Periods of a recurring duty as slots with a due date, and their status on a given day. Pure Python.

The periods themselves come from lib.textrules.recurrence.periods (the one period calculator); this
module adds when each is due and what state it is in, with `today` passed in so that tests can
travel in time.
"""

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class PeriodStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return {"not_started": "未开始", "in_progress": "进行中", "done": "已完成", "overdue": "已逾期"}[self.value]


@dataclass(frozen=True)
class Slot:
    """One period (start…end, inclusive) and the day its work is due."""

    start: date
    end: date
    due: date
    label: str

    @classmethod
    def of(cls, *, start: date, end: date, label: str, due_day: int | None) -> "Slot":
        """due_day (每月25日前) is a day of the period's last month, never after the period's end (a
        week ending on the 10th is due on the 10th); without one the period is due on its last day."""
        if due_day is None:
            return cls(start, end, end, label)
        last = calendar.monthrange(end.year, end.month)[1]
        return cls(start, end, min(end, end.replace(day=min(due_day, last))), label)

    def holds(self, day: date) -> bool:
        return self.start <= day <= self.end


def period_status(slot: Slot, *, needed: int, done: int, active: int, today: date) -> PeriodStatus:
    """done = approved (or adopted) items dated in the period; active = items in any state.

    Reaching the count completes a period whatever the day; otherwise it is overdue once its due
    day has passed, in progress while it runs or once work on it has begun, and not started before."""
    if done >= needed:
        return PeriodStatus.DONE
    if today > slot.due:
        return PeriodStatus.OVERDUE
    if today >= slot.start or active:
        return PeriodStatus.IN_PROGRESS
    return PeriodStatus.NOT_STARTED


def slot_of(slots: Sequence[Slot], day: date) -> int | None:
    """Index of the slot a dated item belongs to (the period of its activity date), or None."""
    for index, slot in enumerate(slots):
        if slot.holds(day):
            return index
    return None


def count_per_slot(slots: Sequence[Slot], days: Iterable[date]) -> list[int]:
    counts = [0] * len(slots)
    for day in days:
        index = slot_of(slots, day)
        if index is not None:
            counts[index] += 1
    return counts
