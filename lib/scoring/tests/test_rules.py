from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from lib.scoring.rules import (
    DUE_SOON_DAYS,
    Status,
    TaskFacts,
    Tally,
    Window,
    evaluate,
    tally,
    task_windows,
)
from lib.textrules.recurrence import Recurrence, parse_recurrences

YEAR = 2026
QUARTERS = tuple(task_windows(parse_recurrences("每季度召开一次调度会议"), YEAR))
TWO = Decimal("2")


def quarterly(*approved: date, met: bool = True) -> TaskFacts:
    return TaskFacts(points=TWO, requirements_met=met, started=bool(approved), approved_dates=approved,
                     windows=QUARTERS)


# --- examples -------------------------------------------------------------------------------

def test_recurrences_become_windows_of_the_year():
    assert [(w.start, w.end, w.needed) for w in QUARTERS] == [
        (date(2026, 1, 1), date(2026, 3, 31), 1), (date(2026, 4, 1), date(2026, 6, 30), 1),
        (date(2026, 7, 1), date(2026, 9, 30), 1), (date(2026, 10, 1), date(2026, 12, 31), 1)]
    windows = task_windows(parse_recurrences("每月至少报送工作信息1条，全年至少有4条以上被采用"), YEAR)
    assert len(windows) == 13 and windows[-1] == Window(date(2026, 1, 1), date(2026, 12, 31), 4, adopted=True)
    assert task_windows(parse_recurrences("及时规范整理报送创建工作资料"), YEAR) == ()
    assert not any(w.adopted for w in windows[:12])


def test_an_adopted_count_reads_adoption_dates_not_approvals():
    windows = (Window(date(2026, 1, 1), date(2026, 12, 31), 2, adopted=True),)
    approved = tuple(date(2026, month, 1) for month in range(1, 7))
    facts = TaskFacts(points=TWO, requirements_met=True, started=True, approved_dates=approved, windows=windows)
    assert evaluate(facts, date(2027, 1, 1)).windows_satisfied == 0
    adopted = TaskFacts(points=TWO, requirements_met=True, started=True, approved_dates=approved, windows=windows,
                        adopted_dates=(date(2026, 3, 1), date(2026, 9, 1)))
    assert evaluate(adopted, date(2027, 1, 1)).projected == TWO


def test_one_off_task_earns_all_or_nothing():
    due = date(2026, 11, 30)
    met = evaluate(TaskFacts(points=TWO, requirements_met=True, started=True, due=due), date(2026, 5, 1))
    assert (met.projected, met.status, met.next_due, met.overdue) == (TWO, Status.MET, None, False)
    pending = evaluate(TaskFacts(points=TWO, requirements_met=False, started=True, due=due), date(2026, 11, 10))
    assert (pending.projected, pending.status, pending.days_left, pending.due_soon) == (0, Status.IN_PROGRESS, 20, True)
    late = evaluate(TaskFacts(points=TWO, requirements_met=False, due=due), date(2026, 12, 1))
    assert late.overdue and late.status is Status.NOT_STARTED


def test_recurring_credit_counts_ended_windows_and_early_fulfilment():
    # Q1 done, Q2 missed, Q3 still open and empty: 1 of 2 counted windows.
    result = evaluate(quarterly(date(2026, 2, 10)), date(2026, 8, 1))
    assert (result.windows_counted, result.windows_satisfied, result.windows_missed) == (2, 1, 1)
    assert result.projected == Decimal("1.00") and result.overdue and result.next_due == date(2026, 9, 30)
    # Doing Q3 early is credited before the quarter ends.
    result = evaluate(quarterly(date(2026, 2, 10), date(2026, 7, 20)), date(2026, 8, 1))
    assert result.credit == Fraction(2, 3) and result.projected == Decimal("1.33")


def test_recurring_task_before_its_first_window_ends():
    assert evaluate(quarterly(), date(2026, 2, 1)).projected == 0
    result = evaluate(quarterly(date(2026, 1, 15)), date(2026, 2, 1))
    assert result.projected == TWO and result.status is Status.MET and not result.overdue


def test_recurring_work_needs_the_hard_requirements_too():
    assert evaluate(quarterly(date(2026, 2, 10), met=False), date(2026, 5, 1)).projected == 0


def test_window_needs_its_count():
    yearly = (Window(date(2026, 1, 1), date(2026, 12, 31), 6),)
    five = TaskFacts(points=TWO, requirements_met=True, started=True,
                     approved_dates=tuple(date(2026, m, 1) for m in range(1, 6)), windows=yearly)
    assert evaluate(five, date(2027, 1, 5)).projected == 0
    assert evaluate(five, date(2026, 6, 1)).next_due == date(2026, 12, 31)


def test_risk_ranks_high_points_not_started_and_due_soon_first():
    def risk(points, started, days_left):
        due = date(2026, 6, 1)
        facts = TaskFacts(points=Decimal(points), requirements_met=False, started=started, due=due)
        return evaluate(facts, due - timedelta(days=days_left)).risk

    assert risk(4, False, 5) > risk(2, False, 5)
    assert risk(2, False, 5) > risk(2, True, 5)
    assert risk(2, False, 5) > risk(2, False, 60)
    assert risk(2, False, -1) == 2.0  # overdue, untouched: the whole points at risk
    assert evaluate(TaskFacts(points=TWO, requirements_met=True, started=True), date(2026, 6, 1)).risk == 0
    assert risk(2, False, DUE_SOON_DAYS) == 1.0


def test_tally_completion_and_score_rate():
    done = evaluate(TaskFacts(points=TWO, requirements_met=True, started=True), date(2026, 6, 1))
    open_ = evaluate(TaskFacts(points=Decimal(0), requirements_met=False), date(2026, 6, 1))
    total = tally([Tally.of(done, self_score=Decimal("1.5")), Tally.of(open_, official_score=Decimal(0))])
    assert (total.tasks, total.met, total.not_started, total.points, total.projected) == (2, 1, 1, TWO, TWO)
    assert (total.self_assessed, total.self_score, total.official_assessed) == (1, Decimal("1.5"), 1)
    assert total.completion == 50.0 and total.score_rate == 100.0
    assert Tally().completion == 0.0 and Tally().score_rate == 0.0


# --- properties ---------------------------------------------------------------------------

# Timing deadlines only make these tests flaky when the suite runs in parallel on a busy machine.
no_deadline = settings(deadline=None)

DAYS = st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31))
TODAY = st.dates(min_value=date(2025, 12, 1), max_value=date(2027, 1, 31))
POINTS = st.decimals(min_value=0, max_value=50, places=2)


@st.composite
def windows(draw) -> Window:
    start, end = sorted(draw(st.tuples(DAYS, DAYS)))
    return Window(start, end, draw(st.integers(min_value=1, max_value=4)))


FACTS = st.builds(
    TaskFacts,
    points=POINTS,
    requirements_met=st.booleans(),
    started=st.booleans(),
    approved_dates=st.lists(DAYS, max_size=12).map(tuple),
    windows=st.lists(windows(), max_size=8).map(tuple),
    due=st.none() | DAYS,
)


@no_deadline
@given(FACTS, TODAY)
def test_score_is_never_negative_nor_above_the_points(facts, today):
    result = evaluate(facts, today)
    assert 0 <= result.projected <= facts.points
    assert 0 <= result.credit <= 1
    assert result.windows_satisfied <= result.windows_counted <= len(facts.windows)
    assert result.risk >= 0


@no_deadline
@given(st.lists(st.tuples(FACTS, st.integers(min_value=0, max_value=3)), max_size=20), TODAY)
def test_totals_equal_the_sum_of_their_parts(items, today):
    """Grouping the tasks any way (sections, departments…) never changes the total."""
    parts: dict[int, list[Tally]] = {}
    for facts, group in items:
        parts.setdefault(group, []).append(Tally.of(evaluate(facts, today)))
    total = tally(t for group in parts.values() for t in group)
    groups = [tally(group) for group in parts.values()]
    assert total.projected == sum((g.projected for g in groups), Decimal(0))
    assert total.points == sum((g.points for g in groups), Decimal(0))
    assert total.tasks == sum(g.tasks for g in groups) == len(items)
    assert 0 <= total.projected <= total.points
    assert 0 <= total.completion <= 100


@no_deadline
@given(POINTS, st.integers(min_value=1, max_value=12), st.data())
def test_partial_credit_is_monotone_in_satisfied_periods(points, ended, data):
    """Satisfying one more of the ended monthly windows never lowers the score."""
    months = task_windows(parse_recurrences("每月开展一次"), YEAR)
    today = date(2027, 1, 1) if ended == 12 else months[ended].start
    order = data.draw(st.permutations(range(ended)))
    scores = []
    for satisfied in range(ended + 1):
        dates = tuple(months[i].start for i in order[:satisfied])
        facts = TaskFacts(points=points, requirements_met=True, started=True, approved_dates=dates,
                          windows=months)
        scores.append(evaluate(facts, today).projected)
    assert scores == sorted(scores)
    assert scores[0] == 0 and scores[-1] == points


@no_deadline
@given(FACTS, DAYS, TODAY)
def test_more_approved_activity_never_lowers_the_score(facts, extra, today):
    more = replace(facts, approved_dates=facts.approved_dates + (extra,))
    assert evaluate(more, today).projected >= evaluate(facts, today).projected


def test_a_cadence_stated_twice_is_one_set_of_windows_and_new_units_cut_the_year():
    monthly = Recurrence("每月报送信息1条", "month", 1, 1, None, "")
    assert len(task_windows([monthly, monthly], YEAR)) == 12
    semester, half_month = Recurrence("", "semester", 1, 2, None, ""), Recurrence("", "halfmonth", 1, 1, None, "")
    assert [w.needed for w in task_windows([semester], YEAR)] == [2, 2]
    assert len(task_windows([half_month], YEAR)) == 24
