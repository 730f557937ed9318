"""Writes for scores: entered scores, the deadline and daily snapshots."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from frameworks.models import Framework, Task
from org.models import User
from scores import selectors
from scores.models import AssessmentDeadline, ScoreSnapshot, TaskScore


@transaction.atomic
def task_score_set_self(*, task: Task, score: Decimal | None, reason: str, user: User) -> TaskScore:
    """Set (or clear, with score=None) the self-assessed score; a score needs a reason."""
    record, _ = TaskScore.objects.select_for_update().get_or_create(task=task)
    record.self_score = score
    record.self_reason = reason.strip() if score is not None else ""
    record.self_by, record.self_at = user, timezone.now()
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def task_score_set_official(*, task: Task, score: Decimal | None, user: User) -> TaskScore:
    """Record (or clear) the score the assessors actually gave."""
    record, _ = TaskScore.objects.select_for_update().get_or_create(task=task)
    record.official_score = score
    record.official_by, record.official_at = user, timezone.now()
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def assessment_deadline_set(*, framework: Framework, due_date: date, user: User) -> AssessmentDeadline:
    deadline, _ = AssessmentDeadline.objects.update_or_create(
        framework=framework, defaults={"due_date": due_date, "updated_by": user})
    return deadline


@transaction.atomic
def score_snapshot_take(*, framework: Framework, day: date) -> ScoreSnapshot:
    """Record the whole table's scores as of `day`; taking it again the same day replaces that day's numbers."""
    computed = selectors.snapshot_of(selectors.framework_scores(framework=framework, today=day))
    snapshot, _ = ScoreSnapshot.objects.update_or_create(
        framework=framework, day=day,
        defaults={name: getattr(computed, name) for name in ("points", "projected", "completion", "sections",
                                                             "departments")},
    )
    return snapshot
