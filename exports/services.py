"""Writes for exports: create a job, build its file in the background, purge expired files."""

import logging
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from evidence.models import Submission
from audit.services import audit_record
from exports import selectors
from exports.models import DeclarationItem, ExportJob
from frameworks.models import Framework, Task
from lib.dossier.declaration import write_package
from lib.dossier.docx_writer import write_dossier
from lib.dossier.model import PHOTO_LAYOUTS, Progress
from lib.dossier.names import safe_name
from lib.dossier.originals_zip import write_originals
from lib.dossier.pdf import PdfUnavailable, docx_to_pdf, number_contents
from org.models import User
from scores import excel
from scores import selectors as score_selectors

logger = logging.getLogger(__name__)

EXTENSIONS = {ExportJob.Kind.DOSSIER_DOCX: "docx", ExportJob.Kind.DOSSIER_PDF: "pdf",
              ExportJob.Kind.ORIGINALS_ZIP: "zip", ExportJob.Kind.DECLARATION: "zip",
              ExportJob.Kind.PROGRESS_XLSX: "xlsx"}
TITLES = {ExportJob.Kind.DOSSIER_DOCX: "台账", ExportJob.Kind.DOSSIER_PDF: "台账",
          ExportJob.Kind.ORIGINALS_ZIP: "原始资料", ExportJob.Kind.DECLARATION: "网上申报材料"}
PROGRESS_WRITE_SECONDS = 1.0
# Queued or running jobs one user may have; more are refused until some finish.
MAX_UNFINISHED_PER_USER = 5
NO_DECLARATION_ITEMS = "所选范围内没有网上申报项目：请在“网上申报项目”中添加，或选择包含网上申报分表的范围"


class ExportRefused(Exception):
    """A request the page answers with its Chinese message."""


@transaction.atomic
def export_job_create(*, user: User, framework: Framework, kind: str, scope: str, scope_id: int,
                      statuses: list[str], photos_per_page: int = 4) -> ExportJob:
    """Record the job and queue it. The scope is resolved with the requester's rights now (out of
    reach: 404) and the departments it covers are stored, so both the content and who may download
    it follow the requester's scope."""
    if kind not in ExportJob.Kind.values:
        raise ExportRefused("不支持的导出类型")
    if framework.organisation_id != user.organisation_id:
        raise ExportRefused("不能导出其他单位的分解表")
    if kind in ExportJob.WHOLE_UNIT_KINDS:
        if not user.sees_all_departments:
            raise ExportRefused("进度表（Excel）包含全单位的任务和得分，只有创文办、局领导和督查员可以导出")
        # Always the whole table: the page's scope, statuses and photo layout do not apply to it.
        scope, scope_id, options = ExportJob.Scope.TABLE, framework.pk, {}
    else:
        if kind == ExportJob.Kind.DECLARATION:  # what is declared must have passed review
            statuses = [Submission.Status.APPROVED]
        if not statuses or not set(statuses) <= set(Submission.Status.values):
            raise ExportRefused("请至少选择一种资料状态")
        if photos_per_page not in PHOTO_LAYOUTS:
            raise ExportRefused("每页照片数只能是 1、2、4 或 6 张")
        options = {"statuses": list(dict.fromkeys(statuses)), "photos_per_page": photos_per_page}
    resolved = selectors.scope_resolve(user=user, framework=framework, scope=scope, scope_id=scope_id)
    departments = list(resolved.departments)
    if not departments:
        raise ExportRefused("您没有可导出的科室")
    if ExportJob.objects.filter(requested_by=user, status__in=ExportJob.UNFINISHED).count() >= MAX_UNFINISHED_PER_USER:
        raise ExportRefused(f"您已有 {MAX_UNFINISHED_PER_USER} 个导出任务在排队或生成，请等其完成后再提交")
    job = ExportJob.objects.create(
        organisation_id=user.organisation_id, framework=framework, requested_by=user, kind=kind, scope=scope,
        scope_id=scope_id, scope_label=resolved.label[:200], options=options)
    job.departments.set(departments)
    if kind == ExportJob.Kind.DECLARATION and not selectors.declaration_count(job):
        raise ExportRefused(NO_DECLARATION_ITEMS)  # the transaction takes the job back
    audit_record(action="export", obj=job, actor=user, details={"kind": kind, "scope": resolved.label[:200]})
    # Enqueued inside the transaction: the database backend stores the task row with the job.
    build_export.enqueue(job_id=job.pk)
    return job


@task(queue_name="exports")
def build_export(job_id: int) -> None:
    job = ExportJob.objects.select_related("framework", "organisation", "requested_by").get(pk=job_id)
    export_job_run(job=job)


class _Reporter:
    """Writes progress at most once a second: a 1,000-photo dossier must not be 1,000 UPDATEs."""

    def __init__(self, job: ExportJob) -> None:
        self.job, self.last = job, 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last >= PROGRESS_WRITE_SECONDS:
            self.last = now
            _update(self.job, done=done, total=total)


def export_job_run(*, job: ExportJob) -> None:
    """Build the job's file into a temporary folder, then store it. Not one transaction: the page
    polls the progress while it is written."""
    _update(job, status=ExportJob.Status.RUNNING, done=0)
    try:
        with tempfile.TemporaryDirectory(prefix="export-") as work:
            path = BUILDERS[job.kind](job, Path(work), _Reporter(job))
            with path.open("rb") as built:
                job.file.save(f"export-{job.pk}.{EXTENSIONS[job.kind]}", File(built), save=False)
            finished = timezone.now()
            _update(job, status=ExportJob.Status.DONE, file=job.file.name, size=path.stat().st_size,
                    filename=_download_name(job), done=job.total or 1, total=job.total or 1,
                    finished_at=finished, expires_at=finished + timedelta(hours=settings.EXPORT_RETENTION_HOURS))
    except Exception as error:  # the user must see that it failed rather than wait forever
        logger.exception("Export %s failed", job.pk)
        _update(job, status=ExportJob.Status.FAILED, message=_failure_message(error), finished_at=timezone.now())


def _download_name(job: ExportJob) -> str:
    if job.kind == ExportJob.Kind.PROGRESS_XLSX:  # the name the progress table has always had
        return safe_name(excel.download_name(job.framework, timezone.localdate(job.created_at)))
    # The scope is shortened, not the date or the extension: long task scopes lost both.
    label = safe_name(job.scope_label, max_chars=30)
    name = f"{TITLES[job.kind]}-{label}-{timezone.localdate():%Y%m%d}.{EXTENSIONS[job.kind]}"
    return safe_name(f"{job.framework.year}年{name}", max_chars=80)


def _failure_message(error: Exception) -> str:
    if isinstance(error, (ExportRefused, PdfUnavailable)):
        return str(error)
    return f"生成失败（{type(error).__name__}），请稍后重试或联系管理员。"


def _update(job: ExportJob, **values) -> None:
    ExportJob.objects.filter(pk=job.pk).update(**values)
    for name, value in values.items():
        setattr(job, name, value)


# --- builders: each writes one file into the work folder and returns its path ---------------------

Builder = Callable[[ExportJob, Path, Callable[[int, int], None]], Path]


def _dossier_docx(job: ExportJob, work: Path, report: Callable[[int, int], None]) -> Path:
    total = selectors.dossier_photo_total(job) + 1
    _update(job, total=total)
    progress = Progress(total=total, report=report)
    path = work / "dossier.docx"
    with path.open("wb") as out:
        write_dossier(out, cover=selectors.dossier_cover(job), tasks=selectors.dossier_tasks(job),
                      photos_per_page=job.options.get("photos_per_page", 4), progress=progress,
                      workers=settings.EXPORT_PHOTO_WORKERS)
    number_contents(path)
    return path


def _dossier_pdf(job: ExportJob, work: Path, report: Callable[[int, int], None]) -> Path:
    docx = _dossier_docx(job, work, report)
    pdf = work / "dossier.pdf"
    docx_to_pdf(docx, pdf)
    return pdf


def _originals_zip(job: ExportJob, work: Path, report: Callable[[int, int], None]) -> Path:
    total = selectors.originals_count(job) + 1
    _update(job, total=total)
    progress = Progress(total=total, report=report)
    path = work / "originals.zip"
    with path.open("wb") as out:
        write_originals(out, selectors.originals(job), on_file=progress.step)
    return path


def _declaration_package(job: ExportJob, work: Path, report: Callable[[int, int], None]) -> Path:
    total = selectors.declaration_count(job) + 1
    if total == 1:  # all taken out of the list after the job was queued
        raise ExportRefused(NO_DECLARATION_ITEMS)
    _update(job, total=total)
    progress = Progress(total=total, report=report)
    path = work / "declaration.zip"
    with path.open("wb") as out:
        warnings = write_package(out, selectors.declaration_items(job), on_item=progress.step,
                                 workers=settings.EXPORT_PHOTO_WORKERS)
    _update(job, message="\n".join(warnings))
    return path


def _progress_xlsx(job: ExportJob, work: Path, report: Callable[[int, int], None]) -> Path:
    """The task table with its progress columns, one sheet per section (scores.excel). Progress in
    percent: reading the scores is the first 30, writing the sheets the next 60."""
    _update(job, done=5, total=100)
    scores = score_selectors.framework_scores(framework=job.framework, today=timezone.localdate(),
                                              user=job.requested_by)
    report(30, 100)
    data = excel.workbook_bytes(scores, on_progress=lambda share: report(30 + round(share * 60), 100))
    path = work / "progress.xlsx"
    path.write_bytes(data)
    return path


BUILDERS: dict[str, Builder] = {
    ExportJob.Kind.DOSSIER_DOCX: _dossier_docx,
    ExportJob.Kind.DOSSIER_PDF: _dossier_pdf,
    ExportJob.Kind.ORIGINALS_ZIP: _originals_zip,
    ExportJob.Kind.DECLARATION: _declaration_package,
    ExportJob.Kind.PROGRESS_XLSX: _progress_xlsx,
}


def export_jobs_purge(*, now: datetime | None = None) -> int:
    """Remove the files of expired jobs; the jobs stay as the record of what was exported. A job
    still queued or running long after any build could take lost its worker: it is marked failed,
    so its requester sees that and asks again instead of waiting."""
    now = now or timezone.now()
    stale = ExportJob.objects.filter(status__in=ExportJob.UNFINISHED,
                                     created_at__lte=now - timedelta(hours=settings.EXPORT_STALE_HOURS))
    stale.update(status=ExportJob.Status.FAILED, finished_at=now,
                 message="生成中断：后台任务进程在完成前停止，请重新生成。")
    expired = ExportJob.objects.filter(expires_at__lte=now).exclude(status=ExportJob.Status.EXPIRED)
    count = 0
    for job in expired.iterator():
        if job.file:
            job.file.delete(save=False)
        _update(job, status=ExportJob.Status.EXPIRED, file="")
        count += 1
    return count


# --- 网上申报 items -------------------------------------------------------------------------------

def _require_coordinator(user: User) -> None:
    if not user.is_coordinator:
        raise ExportRefused("只有创文办可以设置网上申报项目")


@transaction.atomic
def declaration_item_set(*, task: Task, user: User, included: bool) -> DeclarationItem:
    """Mark a task as a declaration item, or take one out (also a task of the 网上申报 section). The
    item takes its table position: among the others' table order or, once the coordinator has moved
    items, before the first item that comes after it in the table."""
    _require_coordinator(user)
    item, _ = DeclarationItem.objects.get_or_create(task=task, defaults={"updated_by": user})
    item.included, item.updated_by = included, user
    item.save()
    framework = task.section.framework
    moved = DeclarationItem.objects.filter(task__section__framework=framework, order__isnull=False)
    if included and moved.exclude(task=task).exists():
        others = [t for t in selectors.declaration_tasks(user=user, framework=framework) if t.pk != task.pk]
        place = next((n for n, other in enumerate(others) if _table_place(other) > _table_place(task)), len(others))
        _declaration_order_write(others[:place] + [task] + others[place:], user=user)
    return item


def _table_place(task: Task) -> tuple[int, int, int]:
    return task.section.order, task.order, task.pk


def _declaration_order_write(tasks: list[Task], *, user: User) -> None:
    for position, item_task in enumerate(tasks, start=1):
        DeclarationItem.objects.update_or_create(task=item_task, defaults={"order": position, "updated_by": user})


@transaction.atomic
def declaration_item_move(*, framework: Framework, task: Task, user: User, up: bool) -> None:
    """Move an item one place up or down the list. Every item's current place is written, so the
    others keep the places the page showed and only these two swap."""
    _require_coordinator(user)
    list(DeclarationItem.objects.select_for_update().filter(task__section__framework=framework))  # one mover at a time
    tasks = list(selectors.declaration_tasks(user=user, framework=framework))
    index = next((n for n, t in enumerate(tasks) if t.pk == task.pk), None)
    if index is None:
        raise ExportRefused("该任务不在网上申报项目中")
    other = index - 1 if up else index + 1
    if not 0 <= other < len(tasks):
        return
    tasks[index], tasks[other] = tasks[other], tasks[index]
    _declaration_order_write(tasks, user=user)


@transaction.atomic
def declaration_photos_set(*, task: Task, user: User, order: list[int], excluded: list[int]) -> DeclarationItem:
    """The coordinator's photo order and exclusions; ids not among the task's approved photos are refused.
    Saving them does not move the item: a new row keeps its table position (order None)."""
    _require_coordinator(user)
    allowed = {p.pk for p in selectors.declaration_photo_choices(task=task, user=user)}
    if not set(order) | set(excluded) <= allowed:
        raise ExportRefused("所选照片不属于该任务已通过审核的资料")
    item, _ = DeclarationItem.objects.select_for_update().get_or_create(
        task=task, defaults={"included": True, "updated_by": user})
    item.photo_order = list(dict.fromkeys(order))
    item.excluded_photo_ids = sorted(set(excluded))
    item.updated_by = user
    item.save()
    return item
