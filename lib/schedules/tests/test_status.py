from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from lib.schedules import PeriodStatus, Slot, count_per_slot, period_status, slot_of

MARCH = Slot.of(start=date(2026, 3, 1), end=date(2026, 3, 31), label="2026年3月", due_day=None)


def test_a_period_is_due_on_its_last_day_unless_a_due_day_is_set():
    assert MARCH.due == date(2026, 3, 31)
    assert Slot.of(start=date(2026, 3, 1), end=date(2026, 3, 31), label="", due_day=25).due == date(2026, 3, 25)


def test_a_due_day_past_the_month_end_is_the_last_day_of_that_month():
    february = Slot.of(start=date(2026, 2, 1), end=date(2026, 2, 28), label="", due_day=31)
    assert february.due == date(2026, 2, 28)
    quarter = Slot.of(start=date(2026, 4, 1), end=date(2026, 6, 30), label="", due_day=20)
    assert quarter.due == date(2026, 6, 20)  # the day is in the period's last month


def test_status_through_the_life_of_a_period():
    def status(today, done=0, active=0):
        return period_status(MARCH, needed=2, done=done, active=active, today=today)

    assert status(date(2026, 2, 28)) is PeriodStatus.NOT_STARTED
    assert status(date(2026, 2, 28), active=1) is PeriodStatus.IN_PROGRESS  # begun early
    assert status(date(2026, 3, 1)) is PeriodStatus.IN_PROGRESS
    assert status(date(2026, 3, 31), done=1, active=1) is PeriodStatus.IN_PROGRESS
    assert status(date(2026, 4, 1), done=1, active=2) is PeriodStatus.OVERDUE
    assert status(date(2026, 4, 1), done=2, active=2) is PeriodStatus.DONE
    assert status(date(2026, 2, 1), done=2, active=2) is PeriodStatus.DONE  # done early counts at once


def test_items_belong_to_the_period_of_their_date():
    slots = [MARCH, Slot.of(start=date(2026, 4, 1), end=date(2026, 4, 30), label="", due_day=None)]
    assert slot_of(slots, date(2026, 3, 31)) == 0
    assert slot_of(slots, date(2026, 4, 1)) == 1
    assert slot_of(slots, date(2026, 5, 1)) is None
    assert count_per_slot(slots, [date(2026, 3, 5), date(2026, 4, 9), date(2026, 4, 30), date(2025, 4, 1)]) == [1, 2]


days = st.dates(min_value=date(2025, 6, 1), max_value=date(2027, 6, 1))


@st.composite
def slots(draw):
    start = draw(st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 1)))
    end = start + timedelta(days=draw(st.integers(0, 180)))
    return Slot.of(start=start, end=end, label="", due_day=draw(st.none() | st.integers(1, 31)))


@given(slots())
def test_the_due_day_lies_in_the_last_month_and_never_after_the_end(slot):
    assert (slot.due.year, slot.due.month) == (slot.end.year, slot.end.month)
    assert slot.due <= slot.end


@given(slots(), st.integers(1, 5), st.integers(0, 6), st.integers(0, 6), days)
def test_status_rules(slot, needed, done, extra, today):
    active = done + extra
    status = period_status(slot, needed=needed, done=done, active=active, today=today)
    assert (status is PeriodStatus.DONE) == (done >= needed)
    if status is PeriodStatus.OVERDUE:
        assert today > slot.due
    if status is PeriodStatus.NOT_STARTED:
        assert today < slot.start and active == 0


@given(slots(), st.integers(1, 5), st.integers(0, 4), days, st.integers(1, 400))
def test_an_unfinished_period_never_recovers_with_time_alone(slot, needed, done, today, later):
    """Time only moves a period forward: not started → in progress → overdue, never back."""
    order = [PeriodStatus.NOT_STARTED, PeriodStatus.IN_PROGRESS, PeriodStatus.OVERDUE, PeriodStatus.DONE]
    before = period_status(slot, needed=needed, done=done, active=done, today=today)
    after = period_status(slot, needed=needed, done=done, active=done, today=today + timedelta(days=later))
    assert order.index(after) >= order.index(before)
