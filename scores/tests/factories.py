"""Factories for scores tests: submissions in each state, and a table that grows for query budgets."""

from datetime import date
from decimal import Decimal

import factory

from evidence.models import Submission
from evidence.services import task_rules_sync
from frameworks.models import Section
from org.models import Department, User
from scores.models import TaskScore
from tests.factories import DepartmentFactory, ResponsibilityFactory, TaskFactory, UserFactory


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    task = factory.SubFactory(TaskFactory)
    department = factory.SubFactory(DepartmentFactory)
    title = factory.Sequence(lambda n: f"第{n}次活动")
    activity_date = date(2026, 3, 1)
    created_by = factory.SubFactory(UserFactory)

    class Params:
        # Approved after passing every hard check: what task_progress_map counts as requirements met.
        approved = factory.Trait(status=Submission.Status.APPROVED, checks_passed=True)
        returned = factory.Trait(status=Submission.Status.RETURNED, checks_passed=False)
        pending = factory.Trait(status=Submission.Status.PENDING, checks_passed=True)


class TaskScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaskScore

    task = factory.SubFactory(TaskFactory)
    self_score = Decimal("1")
    self_reason = "资料基本齐全"


def grow_table(*, section: Section, departments: list[Department], user: User, size: int) -> None:
    """Add `size` tasks of every kind the pages show: one-off and recurring, shared between
    departments, with submissions in several states and entered scores."""
    for n in range(size):
        task = TaskFactory(section=section, category=f"项目{n % 3}",
                           text="每季度召开一次调度会议" if n % 2 else f"第{n}项一次性任务")
        for role, department in zip(("lead", "cooperating"), departments):
            ResponsibilityFactory(task=task, department=department, role=role)
        task_rules_sync(task=task)  # the rows an import would have stored
        lead = departments[0]
        SubmissionFactory(task=task, department=lead, created_by=user, approved=True)
        SubmissionFactory(task=task, department=lead, created_by=user, returned=True)
        TaskScoreFactory(task=task)
