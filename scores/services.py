"""Writes for scores: entered scores, the deadline, daily snapshots and Excel exports."""

import logging
from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from frameworks.models import Framework, Task
from org.models import User
from scores import excel, selectors
from scores.models import AssessmentDeadline, ExportJob, ScoreSnapshot, TaskScore

logger = logging.getLogger(__name__)


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


@transaction.atomic
def export_job_create(*, framework: Framework, user: User) -> ExportJob:
    job = ExportJob.objects.create(framework=framework, created_by=user)
    # Enqueued inside the transaction: the database backend stores the task row with the job, so a
    # worker never sees one without the other.
    export_workbook.enqueue(job_id=job.pk)
    return job


@task
def export_workbook(job_id: int) -> None:
    export_job_run(job=ExportJob.objects.select_related("framework", "created_by").get(pk=job_id))


def export_job_run(*, job: ExportJob) -> None:
    """Build the workbook of a queued job. Not one transaction: the page polls the progress as it
    is written, so each step commits on its own."""
    _export_job_update(job, status=ExportJob.Status.RUNNING, progress=5)
    try:
        scores = selectors.framework_scores(framework=job.framework, today=timezone.localdate(),
                                            user=job.created_by)
        _export_job_update(job, progress=30)
        data = excel.workbook_bytes(
            scores, on_progress=lambda share: _export_job_update(job, progress=30 + round(share * 60)))
        job.file.save(excel.storage_name(job.framework, timezone.localdate()), ContentFile(data), save=False)
        _export_job_update(job, status=ExportJob.Status.DONE, progress=100, file=job.file.name,
                           finished_at=timezone.now())
    except Exception as error:  # the user must see that it failed rather than wait forever
        logger.exception("Excel export %s failed", job.pk)
        _export_job_update(job, status=ExportJob.Status.FAILED, error=f"{type(error).__name__}: {error}",
                           finished_at=timezone.now())


def _export_job_update(job: ExportJob, **values) -> None:
    ExportJob.objects.filter(pk=job.pk).update(**values)
    for name, value in values.items():
        setattr(job, name, value)
