"""Reads for exports: which jobs a user may see, and the content of a file, always through the
requester's scope so that a clerk's file never holds another department's submissions."""

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from evidence.models import EvidenceFile, Requirement, Submission
from evidence.selectors import caption_fields_of, submission_checks
from exports.models import ExportJob
from frameworks.models import Framework, Responsibility, Section, Task
from lib.dossier.model import Activity, Attachment, Cover, DossierTask, Photo, RequirementLine
from lib.dossier.names import safe_name
from lib.dossier.originals_zip import Original
from lib.textrules.charcount import count_chars
from org.models import Department, User
from org.scoping import departments_visible_to

def jobs_visible_to(user: User) -> QuerySet[ExportJob]:
    """Jobs of the user's organisation whose departments all lie within the user's own."""
    jobs = ExportJob.objects.filter(organisation_id=user.organisation_id)
    if not user.sees_all_departments:
        outside = Department.objects.filter(organisation_id=user.organisation_id).exclude(
            pk__in=departments_visible_to(user))
        jobs = jobs.exclude(departments__in=outside).filter(departments__isnull=False).distinct()
    return jobs.select_related("requested_by")


def job_get(*, user: User, pk: int) -> ExportJob:
    return get_object_or_404(jobs_visible_to(user), pk=pk)


def job_expired(job: ExportJob) -> bool:
    return job.status == ExportJob.Status.EXPIRED or (job.expires_at is not None and job.expires_at <= timezone.now())


# --- what can be exported ------------------------------------------------------------------------

@dataclass(frozen=True)
class ScopeChoice:
    value: str  # "section:12"
    label: str


def scope_choices(*, user: User, framework: Framework) -> dict[str, list[ScopeChoice]]:
    """The scopes offered on the page, grouped: whole table, sections, departments, tasks."""
    tasks = Task.objects.visible_to(user).current().filter(section__framework=framework)
    return {
        "全表": [ScopeChoice(f"table:{framework.pk}", f"全表（{framework.title}）")],
        "分表": [ScopeChoice(f"section:{s.pk}", s.name) for s in framework.sections.all()],
        "科室": [ScopeChoice(f"department:{d.pk}", d.name) for d in departments_visible_to(user)],
        "任务": [ScopeChoice(f"task:{t.pk}", f"{t.ref} {t.short_text}") for t in
                 tasks.select_related(None).only("pk", "ref", "text").order_by("section__order", "order")],
    }


@dataclass(frozen=True)
class ResolvedScope:
    label: str
    tasks: QuerySet[Task]
    departments: QuerySet[Department]


def scope_resolve(*, user: User, framework: Framework, scope: str, scope_id: int) -> ResolvedScope:
    """The tasks and departments a scope covers for this user; out of reach is a 404."""
    tasks = Task.objects.visible_to(user).current().filter(section__framework=framework)
    departments = departments_visible_to(user)
    if scope == ExportJob.Scope.TABLE:
        if scope_id != framework.pk:
            raise Http404("没有这个任务分解表")
        label = "全表"
    elif scope == ExportJob.Scope.SECTION:
        section = get_object_or_404(Section, pk=scope_id, framework=framework)
        tasks, label = tasks.filter(section=section), section.name
    elif scope == ExportJob.Scope.DEPARTMENT:
        department = get_object_or_404(departments, pk=scope_id)
        tasks = tasks.filter(pk__in=Responsibility.objects.filter(department=department).values("task_id"))
        departments, label = departments.filter(pk=department.pk), department.name
    elif scope == ExportJob.Scope.TASK:
        task = get_object_or_404(tasks, pk=scope_id)
        tasks, label = tasks.filter(pk=task.pk), f"{task.ref} {task.short_text}"
    else:
        raise ValueError(scope)
    return ResolvedScope(label=label, tasks=tasks, departments=departments)


# --- content -------------------------------------------------------------------------------------

def _job_tasks(job: ExportJob) -> QuerySet[Task]:
    scope = scope_resolve(user=job.requested_by, framework=job.framework, scope=job.scope, scope_id=job.scope_id)
    return scope.tasks.select_related("section").order_by("section__order", "order", "pk")


def _job_submissions(job: ExportJob) -> QuerySet[Submission]:
    """Submissions of the job's departments in the chosen statuses, with files in photo-number order."""
    return (Submission.objects.visible_to(job.requested_by)
            .filter(department__in=job.departments.all(), status__in=job.options.get("statuses", ["approved"]))
            .select_related("department")
            .prefetch_related(Prefetch("files", queryset=EvidenceFile.objects.order_by("order", "id")))
            .order_by("activity_date", "id"))


def _requirement_lines(task: Task, submissions: list[Submission]) -> tuple[RequirementLine, ...]:
    """A requirement is met once one approved submission in the file passes all its checks."""
    met: set[int] = set()
    for submission in submissions:
        if submission.status != Submission.Status.APPROVED:
            continue
        failed = {c.requirement for c in submission_checks(submission=submission) if not c.ok}
        met |= {r.pk for r in task.requirements.all()} - failed
    return tuple(RequirementLine(r.description, r.pk in met) for r in task.requirements.all()
                 if r.kind != Requirement.Kind.OTHER)


def _open(file) -> callable:
    return lambda: file.storage.open(file.name, "rb")


def _activity(submission: Submission, caption_fields: list[str]) -> Activity:
    fields = []
    if submission.report_text.strip():
        fields.append((f"说明报告（{count_chars(submission.report_text)}字）", submission.report_text))
    if submission.url:
        fields.append(("网址", submission.url))
    if submission.notes.strip():
        fields.append(("备注", submission.notes))
    files = list(submission.files.all())
    photos = [f for f in files if f.role in EvidenceFile.PHOTO_ROLES]
    return Activity(
        title=submission.title,
        date=f"{submission.activity_date:%Y-%m-%d}" if submission.activity_date else "",
        department=submission.department.name,
        status=submission.get_status_display(),
        fields=tuple(fields),
        attachments=tuple(Attachment(f.get_role_display(), f.original_name) for f in files
                          if f.role not in EvidenceFile.PHOTO_ROLES),
        photos=tuple(Photo(number=n, captions=tuple(f.captions(caption_fields).items()), open=_open(f.file))
                     for n, f in enumerate(photos, start=1)),
    )


def _points(task: Task) -> str:
    return f"{task.points.normalize():f}分" if task.points is not None else ""


def _departments_text(task: Task) -> str:
    return task.departments_text.strip() or "、".join(r.department.name for r in task.responsibilities.all())


def dossier_cover(job: ExportJob) -> Cover:
    today = timezone.localdate()
    return Cover(unit=job.organisation.name, year=job.framework.year,
                 title=f"{job.framework.year}年度创建全国文明城市工作台账", subtitle=job.scope_label,
                 date=f"{today.year}年{today.month}月{today.day}日")


def dossier_tasks(job: ExportJob) -> Iterator[DossierTask]:
    """One task at a time, so a whole table's submissions are never all loaded at once."""
    submissions = _job_submissions(job)
    tasks = _job_tasks(job).prefetch_related("requirements", "responsibilities__department")
    for task in tasks:
        rows = list(submissions.filter(task=task))
        caption_fields = caption_fields_of(task)
        yield DossierTask(
            ref=task.ref, section=task.section.name, category=task.category, text=task.text,
            points=_points(task), departments=_departments_text(task),
            requirements=_requirement_lines(task, rows),
            activities=tuple(_activity(s, caption_fields) for s in rows),
        )


def dossier_photo_total(job: ExportJob) -> int:
    return EvidenceFile.objects.filter(submission__in=_job_submissions(job).filter(task__in=_job_tasks(job)),
                                       role__in=EvidenceFile.PHOTO_ROLES).count()


def originals_count(job: ExportJob) -> int:
    return EvidenceFile.objects.filter(submission__in=_job_submissions(job).filter(task__in=_job_tasks(job))).count()


def originals(job: ExportJob) -> Iterator[Original]:
    submissions = _job_submissions(job)
    for task in _job_tasks(job).prefetch_related("requirements"):
        caption_fields = caption_fields_of(task)
        task_folder = safe_name(f"{task.ref} {task.short_text}", max_bytes=60)
        for submission in submissions.filter(task=task):
            activity = submission.title
            if submission.activity_date:
                activity = f"{submission.activity_date:%Y-%m-%d} {activity}"
            for file in submission.files.all():
                captions = "；".join(f"{k}：{v}" for k, v in file.captions(caption_fields).items() if v)
                yield Original(
                    folders=(task.section.name, task_folder, submission.department.name, activity),
                    folder_ids=(task.section_id, task.pk, submission.department_id, submission.pk),
                    name=file.original_name, open=_open(file.file), section=task.section.name, task=task.ref,
                    department=submission.department.name, activity=submission.title,
                    role=file.get_role_display(),
                    caption=captions if file.role in EvidenceFile.PHOTO_ROLES else "",
                    taken_at=f"{timezone.localtime(file.taken_at):%Y-%m-%d %H:%M}" if file.taken_at else "",
                    sha256=file.sha256,
                )

