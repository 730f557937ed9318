"""Reads for exports: which jobs a user may see, and the content of a file, always through the
requester's scope so that a clerk's file never holds another department's submissions."""

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from evidence.models import EvidenceFile, Requirement, Submission
from evidence.selectors import caption_fields_of, caption_fields_required_of, submission_checks
from exports.models import DeclarationItem, ExportJob
from frameworks.models import Framework, Responsibility, Section, Task
from lib.dossier.declaration import DeclarationPackageItem, PackageFile
from lib.dossier.model import Activity, Attachment, Cover, DossierTask, Photo, RequirementLine
from lib.dossier.names import safe_name
from lib.dossier.originals_zip import Original
from lib.textrules.charcount import count_chars
from org.models import Department, User
from org.scoping import department_ids_visible_to, departments_visible_to, restrict


def jobs_visible_to(user: User) -> QuerySet[ExportJob]:
    """Jobs of the user's organisation whose departments all lie within the user's own; the
    whole-unit kinds only for those who see every department."""
    jobs = restrict(ExportJob.objects.all(), user)
    if not user.sees_all_departments:
        jobs = jobs.exclude(kind__in=ExportJob.WHOLE_UNIT_KINDS)  # a one-department unit's clerk included
        # The jobs are the organisation's already (restrict); any department beyond the user's excludes one.
        outside = Department.objects.exclude(pk__in=department_ids_visible_to(user))
        jobs = jobs.exclude(departments__in=outside).filter(departments__isnull=False).distinct()
    return jobs.select_related("requested_by")


def job_get(*, user: User, pk: int) -> ExportJob:
    return get_object_or_404(jobs_visible_to(user), pk=pk)


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
            .prefetch_related(Prefetch("files", queryset=EvidenceFile.objects.order_by(F("number").asc(nulls_last=True), "order", "id")))
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


def _printed_captions(file: EvidenceFile, caption_fields: list[str], required: set[str]) -> tuple:
    """The fields the task asks for (an empty one shows as 未注明) and any other that was filled in."""
    return tuple((name, value) for name, value in file.captions(caption_fields).items() if value or name in required)


def _activity(submission: Submission, caption_fields: list[str], required: set[str]) -> Activity:
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
        photos=tuple(Photo(number=n, captions=_printed_captions(f, caption_fields, required), open=_open(f.file))
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
        caption_fields, required = caption_fields_of(task), caption_fields_required_of(task)
        yield DossierTask(
            ref=task.ref, section=task.section.name, category=task.category, text=task.text,
            points=_points(task), departments=_departments_text(task),
            requirements=_requirement_lines(task, rows),
            activities=tuple(_activity(s, caption_fields, required) for s in rows),
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
                    modified=timezone.localtime(file.taken_at or file.uploaded_at).timetuple()[:6],
                )



# --- 网上申报 ----------------------------------------------------------------------------------------

DECLARATION_SECTION_WORD = "网上申报"


def declaration_tasks(*, user: User, framework: Framework) -> QuerySet[Task]:
    """Tasks of a section whose name contains 网上申报, plus those the coordinator marked, minus those
    the coordinator took out; in the coordinator's order, then the table's."""
    return (Task.objects.visible_to(user).current().filter(section__framework=framework)
            .filter(Q(section__name__contains=DECLARATION_SECTION_WORD) | Q(declaration_item__included=True))
            .exclude(declaration_item__included=False)
            .select_related("section", "declaration_item")
            .order_by(F("declaration_item__order").asc(nulls_last=True), "section__order", "order", "pk"))


def declaration_item_of(task: Task) -> DeclarationItem | None:
    try:
        return task.declaration_item
    except DeclarationItem.DoesNotExist:
        return None


def _photo_need(requirements: list[Requirement]) -> int | None:
    counts = [r.min_count for r in requirements if r.kind == Requirement.Kind.PHOTOS and r.min_count]
    return sum(counts) if counts else None


def declaration_photos(task: Task, photos: list[EvidenceFile]) -> list[EvidenceFile]:
    """The approved photos in the coordinator's order (unordered ones after, by photo number), the
    excluded ones left out."""
    item = declaration_item_of(task)
    if item is None:
        return photos
    excluded = set(item.excluded_photo_ids)
    rank = {pk: n for n, pk in enumerate(item.photo_order)}
    kept = [p for p in photos if p.pk not in excluded]
    return sorted(kept, key=lambda p: rank.get(p.pk, len(rank)))


def _report_warnings(requirements: list[Requirement], report: str) -> list[str]:
    warnings = []
    for requirement in requirements:
        if requirement.kind != Requirement.Kind.REPORT:
            continue
        if not report:
            warnings.append("缺少已通过审核的说明报告")
        elif requirement.target_chars:
            chars, target = count_chars(report), requirement.target_chars
            tolerance = requirement.tolerance if requirement.tolerance is not None else 0.1
            if abs(chars - target) > target * tolerance:
                warnings.append(f"说明报告 {chars} 字，要求约 {target} 字")
    return warnings


def declaration_items(job: ExportJob) -> Iterator[DeclarationPackageItem]:
    submissions = _job_submissions(job)
    scope_tasks = _job_tasks(job)
    tasks = (declaration_tasks(user=job.requested_by, framework=job.framework)
             .filter(pk__in=scope_tasks.values("pk")).prefetch_related("requirements", "responsibilities__department"))
    for number, task in enumerate(tasks, start=1):
        requirements = list(task.requirements.all())
        rows = list(submissions.filter(task=task))
        files = [f for s in rows for f in s.files.all()]
        photos = declaration_photos(task, [f for f in files if f.role in EvidenceFile.PHOTO_ROLES])
        need = _photo_need(requirements)
        chosen = photos[:need] if need else photos
        reports = [s.report_text.strip() for s in rows if s.report_text.strip()]
        report = reports[-1] if reports else ""
        documents = [f for f in files if f.role in (EvidenceFile.Role.DOCUMENT, EvidenceFile.Role.REPORT)]
        warnings = [] if rows else ["没有符合条件（已通过审核）的活动资料"]
        warnings += _report_warnings(requirements, report)
        if need and len(chosen) < need:
            warnings.append(f"照片 {len(chosen)} 张，要求 {need} 张")
        if any(r.kind == Requirement.Kind.DOCUMENT and r.hard for r in requirements) and not any(
                f.role == EvidenceFile.Role.DOCUMENT for f in documents):
            warnings.append("缺少规范文件")
        caption_fields = caption_fields_of(task)
        yield DeclarationPackageItem(
            number=number, ref=task.ref, title=task.short_text, responsible=_departments_text(task),
            contact=str(job.requested_by), report_title=f"{task.ref} {task.short_text}说明报告",
            report_text=report, report_chars=count_chars(report),
            photos=tuple(PackageFile(name=_photo_name(n, photo, caption_fields), open=_open(photo.file),
                                     sha256=photo.sha256) for n, photo in enumerate(chosen, start=1)),
            documents=tuple(PackageFile(name=f.original_name, open=_open(f.file), sha256=f.sha256)
                            for f in documents),
            warnings=tuple(warnings),
        )


def _photo_name(number: int, photo: EvidenceFile, caption_fields: list[str]) -> str:
    """图片 named by their captions, as the upload form of 网上申报 shows the file name."""
    captions = " ".join(v for v in photo.captions(caption_fields).values() if v)
    extension = photo.file.name.rpartition(".")[2] or "jpg"
    return f"{number:02d} {captions or photo.original_name.rpartition('.')[0]}.{extension}"


def declaration_count(job: ExportJob) -> int:
    return (declaration_tasks(user=job.requested_by, framework=job.framework)
            .filter(pk__in=_job_tasks(job).values("pk")).count())


def declaration_photo_choices(*, task: Task, user: User) -> list[EvidenceFile]:
    """Approved photos of the task the coordinator may order or exclude, current choice first."""
    photos = (EvidenceFile.objects.filter(submission__in=Submission.objects.visible_to(user).filter(
        task=task, status=Submission.Status.APPROVED), role__in=EvidenceFile.PHOTO_ROLES)
        .select_related("submission").order_by("submission__activity_date", "submission_id", F("number").asc(nulls_last=True), "order", "id"))
    return list(photos)
