"""Periods of recurring duties and their status, travelling in time through `today`."""

from datetime import date

import pytest

from evidence.models import Recurrence
from lib.schedules import PeriodStatus
from schedules.selectors import duties_of
from schedules.tests.factories import InformationReportFactory, RecurrenceFactory
from scores.tests.factories import SubmissionFactory

pytestmark = pytest.mark.django_db


def statuses(world, today, **filters):
    framework = world.section.framework
    (duty,) = [d for d in duties_of(framework=framework, today=today) if
               all(getattr(d, k) == v for k, v in filters.items())]
    return duty


def period_at(duty, day):
    (period,) = [p for p in duty.periods if p.slot.holds(day)]
    return period


@pytest.mark.parametrize("unit, interval, last_day, next_day", [
    (Recurrence.Unit.WEEK, 1, date(2026, 1, 7), date(2026, 1, 8)),  # weeks counted from 1 January
    (Recurrence.Unit.MONTH, 1, date(2026, 1, 31), date(2026, 2, 1)),
    (Recurrence.Unit.MONTH, 2, date(2026, 2, 28), date(2026, 3, 1)),  # 每2个月
    (Recurrence.Unit.QUARTER, 1, date(2026, 3, 31), date(2026, 4, 1)),
    (Recurrence.Unit.MONTH, 6, date(2026, 6, 30), date(2026, 7, 1)),  # 每半年, as the parser stores it today
    (Recurrence.Unit.YEAR, 1, date(2026, 12, 31), date(2027, 1, 1)),
])
def test_an_empty_period_turns_overdue_the_day_after_it_ends(world, unit, interval, last_day, next_day):
    RecurrenceFactory(task=world.task_a, unit=unit, interval=interval)
    first = period_at(statuses(world, last_day), date(2026, 1, 1))
    assert first.slot.end == last_day
    assert first.status is PeriodStatus.IN_PROGRESS
    assert period_at(statuses(world, next_day), date(2026, 1, 1)).status is PeriodStatus.OVERDUE
    if next_day.year == 2026:  # the next period has begun
        assert period_at(statuses(world, next_day), next_day).status is PeriodStatus.IN_PROGRESS
        assert period_at(statuses(world, last_day), next_day).status is PeriodStatus.NOT_STARTED


def test_a_custom_due_day_makes_the_period_overdue_before_it_ends(world):
    RecurrenceFactory(task=world.task_a, unit=Recurrence.Unit.MONTH, due_day=25)  # 每月25日前
    march = date(2026, 3, 1)
    assert period_at(statuses(world, date(2026, 3, 25)), march).status is PeriodStatus.IN_PROGRESS
    period = period_at(statuses(world, date(2026, 3, 26)), march)
    assert period.slot.due == date(2026, 3, 25)
    assert period.status is PeriodStatus.OVERDUE


def test_approved_work_dated_in_a_period_completes_it_and_other_work_only_starts_it(world):
    RecurrenceFactory(task=world.task_a, unit=Recurrence.Unit.QUARTER, min_count=2)
    SubmissionFactory(task=world.task_a, department=world.department_a, activity_date=date(2026, 2, 1), approved=True)
    SubmissionFactory(task=world.task_a, department=world.department_a, activity_date=date(2026, 3, 31))  # draft
    SubmissionFactory(task=world.task_a, department=world.department_a, activity_date=date(2026, 4, 1), approved=True)
    duty = statuses(world, date(2026, 4, 2))
    first, second = duty.periods[:2]
    assert (first.done, first.active, first.status) == (1, 2, PeriodStatus.OVERDUE)
    assert (second.done, second.status) == (1, PeriodStatus.IN_PROGRESS)
    SubmissionFactory(task=world.task_a, department=world.department_a, activity_date=date(2026, 3, 2), approved=True)
    assert statuses(world, date(2026, 4, 2)).periods[0].status is PeriodStatus.DONE


def test_a_task_wide_duty_belongs_to_the_lead_department_and_a_department_duty_to_its_department(world):
    RecurrenceFactory(task=world.task_shared)  # 行财科 leads, 人事科 cooperates
    RecurrenceFactory(task=world.task_shared, department=world.department_b, unit=Recurrence.Unit.YEAR)
    duties = duties_of(framework=world.section.framework, today=date(2026, 3, 1))
    assert sorted((d.department.name, d.recurrence.unit) for d in duties) == [("人事科", "year"), ("行财科", "month")]


def test_a_department_duty_counts_only_that_departments_work(world):
    RecurrenceFactory(task=world.task_shared, department=world.department_b, unit=Recurrence.Unit.YEAR)
    SubmissionFactory(task=world.task_shared, department=world.department_a, activity_date=date(2026, 2, 1),
                      approved=True)
    assert statuses(world, date(2026, 3, 1)).periods[0].done == 0
    SubmissionFactory(task=world.task_shared, department=world.department_b, activity_date=date(2026, 2, 1),
                      approved=True)
    assert statuses(world, date(2026, 3, 1)).periods[0].done == 1


def test_adopted_counts_read_adoptions_from_the_log_not_approved_work(world):
    RecurrenceFactory(task=world.task_a, unit=Recurrence.Unit.YEAR, min_count=2, adopted=True)
    SubmissionFactory(task=world.task_a, department=world.department_a, activity_date=date(2026, 2, 1), approved=True)
    InformationReportFactory(task=world.task_a, department=world.department_a, sent_on=date(2026, 2, 1))
    InformationReportFactory(task=world.task_a, department=world.department_a, sent_on=date(2026, 3, 1),
                             adopted_on=date(2026, 3, 4))
    period = statuses(world, date(2026, 6, 1)).periods[0]
    assert (period.done, period.active, period.status) == (1, 2, PeriodStatus.IN_PROGRESS)


def test_sent_reports_count_towards_a_monthly_minimum(world):
    RecurrenceFactory(task=world.task_a, unit=Recurrence.Unit.MONTH)
    InformationReportFactory(task=world.task_a, department=world.department_a, sent_on=date(2026, 3, 20))
    duty = statuses(world, date(2026, 4, 1))
    assert [p.status for p in duty.periods[1:3]] == [PeriodStatus.OVERDUE, PeriodStatus.DONE]


def test_retired_tasks_have_no_periods(world):
    RecurrenceFactory(task=world.task_a)
    world.task_a.retired = True
    world.task_a.save()
    assert duties_of(framework=world.section.framework, today=date(2026, 3, 1)) == []
