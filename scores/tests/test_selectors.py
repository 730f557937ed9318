from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from evidence.services import RecurrenceFields, recurrence_update, task_rules_sync
from lib.scoring.rules import Status
from scores import selectors, services
from scores.models import ScoreSnapshot
from scores.tests.factories import SubmissionFactory
from tests.factories import DepartmentFactory, ResponsibilityFactory, TaskFactory

MAY = date(2026, 5, 1)


def submit(world, task, **state):
    return SubmissionFactory(task=task, department=world.department_a, created_by=world.clerk_a, **state)


def by_task(scores):
    return {scored.task.pk: scored for scored in scores.tasks}


def test_one_off_task_earns_its_points_once_approved_evidence_meets_the_requirements(world):
    submit(world, world.task_a, approved=True)
    submit(world, world.task_b, pending=True)
    submit(world, world.task_b, returned=True)
    scores = selectors.framework_scores(framework=world.section.framework, today=MAY)
    rows = by_task(scores)
    assert rows[world.task_a.pk].result.projected == Decimal("2.00")
    assert rows[world.task_a.pk].result.status is Status.MET
    assert rows[world.task_b.pk].result.projected == 0
    assert rows[world.task_b.pk].result.status is Status.IN_PROGRESS
    assert rows[world.task_b.pk].evidence_summary == "待审核1，退回1"
    assert rows[world.task_shared.pk].result.status is Status.NOT_STARTED
    assert (scores.total.projected, scores.total.points, scores.returned, scores.pending) == (2, 6, 1, 1)


def test_approval_with_an_override_counts_but_a_failing_approval_does_not(world):
    submit(world, world.task_a, status="approved", checks_passed=False, override_reason="照片在档案室，现场核验")
    submit(world, world.task_b, status="approved", checks_passed=False)
    rows = by_task(selectors.framework_scores(framework=world.section.framework, today=MAY))
    assert rows[world.task_a.pk].result.projected == 2
    assert rows[world.task_b.pk].result.projected == 0
    assert rows[world.task_b.pk].evidence_summary == "已通过1，要求未齐"


def test_recurring_task_gets_credit_for_satisfied_periods(world):
    quarterly = TaskFactory(section=world.section, text="每季度召开一次文明创建工作调度会议", guidance="")
    ResponsibilityFactory(task=quarterly, department=world.department_a)
    task_rules_sync(task=quarterly)  # as the import does
    submit(world, quarterly, approved=True, activity_date=date(2026, 2, 10))  # Q1
    submit(world, quarterly, approved=True, activity_date=date(2026, 7, 20))  # Q3, early
    submit(world, quarterly, pending=True, activity_date=date(2026, 5, 20))  # Q2, never approved
    scored = by_task(selectors.framework_scores(framework=world.section.framework, today=date(2026, 8, 1)))[quarterly.pk]
    assert (scored.result.windows_satisfied, scored.result.windows_counted, scored.result.windows_missed) == (2, 3, 1)
    assert scored.result.projected == Decimal("1.33") and scored.result.overdue
    assert scored.evidence_summary == "已通过2，待审核1，周期达标 2/3"


def test_scores_use_the_stored_rows_with_the_coordinators_edits(world):
    task = TaskFactory(section=world.section, text="每季度召开一次调度会议", guidance="")
    task_rules_sync(task=task)
    submit(world, task, approved=True, activity_date=date(2026, 2, 10))
    before = by_task(selectors.framework_scores(framework=world.section.framework, today=date(2026, 8, 1)))
    assert before[task.pk].result.windows_total == 4
    [row] = task.recurrences.all()
    recurrence_update(recurrence=row, user=world.coordinator, fields=RecurrenceFields(unit="month", min_count=1))
    task.text = "每年召开一次调度会议"  # the text alone no longer decides
    task.save()
    after = by_task(selectors.framework_scores(framework=world.section.framework, today=date(2026, 8, 1)))
    assert after[task.pk].result.windows_total == 12


def test_recurrence_in_the_guidance_counts_too(world):
    yearly = TaskFactory(section=world.section, text="开展志愿服务", guidance="全年集中组织开展志愿服务活动不少于2次。")
    task_rules_sync(task=yearly)
    submit(world, yearly, approved=True, activity_date=date(2026, 3, 5))
    scores = selectors.framework_scores(framework=world.section.framework, today=date(2026, 6, 1))
    result = by_task(scores)[yearly.pk].result
    assert result.projected == 0 and result.next_due == date(2026, 12, 31) and not result.overdue
    submit(world, yearly, approved=True, activity_date=date(2026, 4, 5))
    scores = selectors.framework_scores(framework=world.section.framework, today=date(2026, 6, 1))
    assert by_task(scores)[yearly.pk].result.projected == 2


def test_groups_add_up_and_shared_tasks_count_for_every_department(world):
    other = TaskFactory(section__framework=world.section.framework, section__name="个性任务", category="专项",
                        points=Decimal("5"))
    ResponsibilityFactory(task=other, department=world.department_b)
    submit(world, world.task_shared, approved=True)
    submit(world, other, approved=True)
    scores = selectors.framework_scores(framework=world.section.framework, today=MAY)

    assert [(g.name, g.tally.points, g.tally.projected) for g in scores.sections] == [
        ("共性任务", 6, 2), ("个性任务", 5, 5)]
    assert [(g.section, g.name, g.tally.tasks) for g in scores.categories] == [
        ("共性任务", "组织领导", 3), ("个性任务", "专项", 1)]
    assert scores.total.projected == sum(g.tally.projected for g in scores.sections) == 7
    departments = {g.name: g.tally for g in scores.departments}
    assert (departments["行财科"].tasks, departments["行财科"].projected) == (2, 2)  # task_a + shared
    assert (departments["人事科"].tasks, departments["人事科"].projected) == (3, 7)  # task_b + shared + other
    assert departments["人事科"].completion == pytest.approx(66.7)
    assert [g.name for g in scores.ranking] == ["人事科", "行财科"]


def test_entered_scores_are_summed_beside_the_projection(world):
    services.task_score_set_self(task=world.task_a, score=Decimal("1.5"), reason="照片不足5张", user=world.coordinator)
    services.task_score_set_official(task=world.task_b, score=Decimal("2"), user=world.coordinator)
    total = selectors.framework_scores(framework=world.section.framework, today=MAY).total
    assert (total.self_score, total.self_assessed, total.official_score, total.official_assessed) == (
        Decimal("1.5"), 1, Decimal("2"), 1)


def test_risk_list_puts_high_points_not_started_and_due_soon_first(world):
    big = TaskFactory(section=world.section, points=Decimal("8"))
    submit(world, world.task_a, pending=True)  # started: half the risk
    submit(world, world.task_b, approved=True)  # met: no risk
    scores = selectors.framework_scores(framework=world.section.framework, today=date(2026, 11, 20))
    assert [t.task.pk for t in scores.risks] == [big.pk, world.task_shared.pk, world.task_a.pk]
    assert scores.risks[0].result.due_soon and scores.risks[0].result.days_left == 10


def test_due_date_defaults_to_30_november_and_can_be_set(world):
    framework = world.section.framework
    assert selectors.due_date_of(framework) == date(2026, 11, 30)
    services.assessment_deadline_set(framework=framework, due_date=date(2026, 10, 15), user=world.coordinator)
    scores = selectors.framework_scores(framework=framework, today=date(2026, 10, 20))
    assert scores.due_date == date(2026, 10, 15) and scores.total.overdue == 3


def test_a_clerk_scores_only_their_departments_tasks(world):
    scores = selectors.framework_scores(framework=world.section.framework, today=MAY, user=world.clerk_b)
    assert {t.task.pk for t in scores.tasks} == {world.task_b.pk, world.task_shared.pk}


def test_retired_tasks_do_not_count(world):
    TaskFactory(section=world.section, retired=True)
    assert selectors.framework_scores(framework=world.section.framework, today=MAY).total.tasks == 3


def test_snapshot_is_one_per_day_and_retaking_updates_it(world):
    framework = world.section.framework
    services.score_snapshot_take(framework=framework, day=MAY)
    submit(world, world.task_a, approved=True)
    snapshot = services.score_snapshot_take(framework=framework, day=MAY)
    assert ScoreSnapshot.objects.filter(framework=framework).count() == 1
    assert (snapshot.projected, snapshot.points) == (2, 6)
    assert snapshot.sections == [{"name": "共性任务", "points": 6.0, "projected": 2.0, "completion": 33.3}]
    assert {d["name"] for d in snapshot.departments} == {"行财科", "人事科"}


@pytest.mark.parametrize("score, reason, field", [
    (Decimal("2.5"), "多给了", "self_score"),
    (Decimal("-1"), "负分", "self_score"),
    (Decimal("1"), "  ", "self_reason"),
])
def test_self_score_must_be_within_the_points_and_have_a_reason(world, score, reason, field):
    with pytest.raises(ValidationError) as error:
        services.task_score_set_self(task=world.task_a, score=score, reason=reason, user=world.coordinator)
    assert field in error.value.message_dict


def test_scores_can_be_cleared_and_record_who_set_them(world):
    record = services.task_score_set_self(task=world.task_a, score=Decimal("2"), reason="齐全", user=world.coordinator)
    assert (record.self_by, record.self_at is not None) == (world.coordinator, True)
    record = services.task_score_set_self(task=world.task_a, score=None, reason="", user=world.coordinator)
    assert (record.self_score, record.self_reason) == (None, "")
    with pytest.raises(ValidationError):
        services.task_score_set_official(task=world.task_a, score=Decimal("3"), user=world.coordinator)


def test_task_without_points_can_only_score_zero(world):
    unscored = TaskFactory(section=world.section, points=None)
    ResponsibilityFactory(task=unscored, department=DepartmentFactory(organisation=world.organisation))
    services.task_score_set_official(task=unscored, score=Decimal("0"), user=world.coordinator)
    with pytest.raises(ValidationError):
        services.task_score_set_official(task=unscored, score=Decimal("0.5"), user=world.coordinator)


def test_a_clerk_sees_a_shared_task_through_their_departments_submissions(world):
    SubmissionFactory(task=world.task_shared, department=world.department_b, created_by=world.clerk_b)
    framework = world.section.framework
    summaries = {user: by_task(selectors.framework_scores(framework=framework, today=MAY, user=user))[
        world.task_shared.pk].evidence_summary for user in (world.clerk_a, world.clerk_b)}
    assert summaries == {world.clerk_a: "暂无资料", world.clerk_b: "草稿1"}
