"""Reads for exports: which jobs a user may see, and the content of a file, always through the
requester's scope so that a clerk's file never holds another department's submissions."""

from collections.abc import Iterator
from dataclasses import dataclass, replace

from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from evidence.models import EvidenceFile, Requirement, Submission
from evidence.selectors import caption_fields_of, caption_fields_required_of, submission_checks, submissions_checks
from exports.models import DeclarationItem, ExportJob
from frameworks.models import Framework, Responsibility, Section, Task
from lib.dossier.declaration import DeclarationPackageItem, PackageFile, PackagePhoto, PackageReport, report_title
from lib.dossier.model import Activity, Attachment, Cover, DossierTask, Photo, RequirementLine
from lib.dossier.originals_zip import Original, task_folder
from lib.evidence_checks import Evidence, PhotoSummary, evaluate
from lib.media.near_duplicates import is_near, phash_value
from lib.textrules.charcount import count_chars
from lib.textrules.requirements import PICTURE_KINDS
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
        # A clerk's whole table holds only their departments: the cover, job row and file name say whose.
        label = "全表" if user.sees_all_departments else f"全表（{'、'.join(d.name for d in departments)}）"
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


def _job_submissions(job: ExportJob, statuses: list[str] | None = None) -> QuerySet[Submission]:
    """Submissions of the job's departments in the chosen statuses (or ``statuses``), with files in
    photo-number order."""
    statuses = statuses or job.options.get("statuses", ["approved"])
    return (Submission.objects.visible_to(job.requested_by)
            .filter(department__in=job.departments.all(), status__in=statuses)
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
        folder = task_folder(task.ref, task.short_text)
        for submission in submissions.filter(task=task):
            activity = submission.title
            if submission.activity_date:
                activity = f"{submission.activity_date:%Y-%m-%d} {activity}"
            for file in submission.files.all():
                captions = "；".join(f"{k}：{v}" for k, v in file.captions(caption_fields).items() if v)
                yield Original(
                    folders=(task.section.name, folder, submission.department.name, activity),
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
    """How many pictures the package takes. Each picture requirement counts once: the sources one
    accepts (样报图片或视频截图或现场照片) are alternatives, not added up. Requirements of different
    sub-items (① 实景图片3张, ② 3张样报图片或视频截图) ask for different pictures, so they add up."""
    counts = [r.min_count for r in requirements if r.kind in PICTURE_KINDS and r.min_count]
    return sum(counts) if counts else None


@dataclass(frozen=True)
class DeclarationPhotos:
    ordered: list[EvidenceFile]  # the kept photos: the coordinator's order, then the best first
    chosen: list[EvidenceFile]  # those the package takes (the first `need` that are not copies)
    need: int | None
    duplicates: frozenset[int]  # the same file as, or near-identical to, a photo before it
    incomplete: frozenset[int]  # a caption field the task requires is empty


def declaration_photo_pick(task: Task, photos: list[EvidenceFile], requirements: list[Requirement]
                           ) -> DeclarationPhotos:
    """The package's photos. The coordinator's order comes first; the rest are taken best first:
    photos whose required captions are filled before those that lack some, each group round-robin
    over the activities (so 每个节日10张×3个节日 does not take 30 photos of one festival). A copy of a
    photo before it (same SHA-256, or a dHash as near as the evidence pages flag) never goes in: the
    page saves a number for every photo, so a saved order says nothing about copies; excluding the
    original lets its copy in."""
    item = declaration_item_of(task)
    excluded = set(item.excluded_photo_ids) if item else set()
    rank = {pk: n for n, pk in enumerate(item.photo_order)} if item else {}
    kept = [p for p in photos if p.pk not in excluded]
    required = {name for r in requirements for name in r.caption_fields}
    incomplete = frozenset(p.pk for p in kept if any(not p.caption(name).strip() for name in required))
    ranked = sorted((p for p in kept if p.pk in rank), key=lambda p: rank[p.pk])
    unranked = [p for p in kept if p.pk not in rank]
    best = (_round_robin([p for p in unranked if p.pk not in incomplete])
            + _round_robin([p for p in unranked if p.pk in incomplete]))
    duplicates = _copies_of_earlier(ranked + best)
    eligible = [p for p in ranked + best if p.pk not in duplicates]
    need = _photo_need(requirements)
    return DeclarationPhotos(ordered=eligible + [p for p in ranked + best if p.pk in duplicates],
                             chosen=eligible[:need] if need else eligible, need=need, duplicates=duplicates,
                             incomplete=incomplete)


def _round_robin(photos: list[EvidenceFile]) -> list[EvidenceFile]:
    """One photo of each activity in turn, the activities in the order given (activity date)."""
    queues: dict[int, list[EvidenceFile]] = {}
    for photo in photos:
        queues.setdefault(photo.submission_id, []).append(photo)
    longest = max((len(queue) for queue in queues.values()), default=0)
    return [queue[turn] for turn in range(longest) for queue in queues.values() if turn < len(queue)]


def _copies_of_earlier(photos: list[EvidenceFile]) -> frozenset[int]:
    seen: list[tuple[str, int | None]] = []
    copies = set()
    for photo in photos:
        value = phash_value(photo.phash)
        if any(photo.sha256 == sha256 or is_near(value, other) for sha256, other in seen):
            copies.add(photo.pk)
        else:
            seen.append((photo.sha256, value))
    return frozenset(copies)


def _approved_submissions(job: ExportJob) -> QuerySet[Submission]:
    """The package declares approved material only, whatever statuses the export form sent: a newer
    pending or returned report must never take the place of the approved one."""
    return _job_submissions(job, statuses=[Submission.Status.APPROVED])


MAX_ACTIVITIES_NAMED = 3


def _declaration_warnings(task: Task, requirements: list[Requirement], rows: list[Submission],
                          chosen: list[EvidenceFile]) -> list[str]:
    """The checks of the review and evidence pages. Pictures are checked on what the package holds
    (its chosen photos, numbered as in 图片/); every other requirement on the item's approved
    activities: it is met once one of them passes it, else each of its failures is listed once, with
    the activities it comes from."""
    warnings = [] if rows else ["没有已通过审核的活动资料"]
    # The package is all activities together: a grouped count (每个讲堂2张×10个讲堂) is its total here,
    # the per-activity part being the review's concern.
    pictures = [replace(r.spec(), group_label="", group_count=None, per_group=None) if r.per_group else r.spec()
                for r in requirements if r.kind in PICTURE_KINDS]
    caption_fields = caption_fields_of(task)
    package = Evidence(photos=[PhotoSummary(role=p.role, captions=p.captions(caption_fields), number=n)
                               for n, p in enumerate(chosen, start=1)])
    warnings += [f"申报图片：{check.message_zh}" for check in evaluate(pictures, package) if not check.ok]
    need = _photo_need(requirements)
    if len(pictures) > 1 and need and len(chosen) < need:
        warnings.append(f"申报图片 {len(chosen)} 张，各项图片要求共 {need} 张")
    others = [r for r in requirements if r.kind not in PICTURE_KINDS]
    if not rows:
        warnings += [check.message_zh for check in evaluate([r.spec() for r in others], Evidence()) if not check.ok]
        return list(dict.fromkeys(warnings))
    checks = submissions_checks(task=task, submissions=rows)
    failures: dict[str, list[str]] = {}  # message → the activities it comes from
    for requirement in others:
        results = {s.pk: [c for c in checks[s.pk] if c.requirement == requirement.pk] for s in rows}
        if any(found and all(c.ok for c in found) for found in results.values()):
            continue
        for submission in rows:
            for check in results[submission.pk]:
                if not check.ok:
                    failures.setdefault(check.message_zh, []).append(submission.title)
    for message, titles in failures.items():
        if len(rows) > 1:
            titles = list(dict.fromkeys(titles))
            named = "、".join(f"《{t}》" for t in titles[:MAX_ACTIVITIES_NAMED])
            more = f"等{len(titles)}项活动" if len(titles) > MAX_ACTIVITIES_NAMED else ""
            message = f"{message}（{named}{more}）"
        warnings.append(message)
    return list(dict.fromkeys(warnings))


def declaration_items(job: ExportJob) -> Iterator[DeclarationPackageItem]:
    submissions = _approved_submissions(job)
    scope_tasks = _job_tasks(job)
    tasks = (declaration_tasks(user=job.requested_by, framework=job.framework)
             .filter(pk__in=scope_tasks.values("pk")).prefetch_related("requirements", "responsibilities__department"))
    for number, task in enumerate(tasks, start=1):
        requirements = list(task.requirements.all())
        rows = list(submissions.filter(task=task))
        files = [f for s in rows for f in s.files.all()]
        pick = declaration_photo_pick(task, [f for f in files if f.role in EvidenceFile.PHOTO_ROLES], requirements)
        documents = [f for f in files if f.role in (EvidenceFile.Role.DOCUMENT, EvidenceFile.Role.REPORT)]
        caption_fields = caption_fields_of(task)
        yield DeclarationPackageItem(
            number=number, ref=task.ref, title=task.short_text, responsible=_departments_text(task),
            contact=str(job.requested_by), report_title=report_title(task.ref, task.short_text),
            reports=tuple(PackageReport(heading=f"{s.department.name}《{s.title}》", text=s.report_text.strip(),
                                        chars=count_chars(s.report_text)) for s in rows if s.report_text.strip()),
            photos=tuple(PackagePhoto(stem=_photo_stem(n, photo, caption_fields),
                                      extension=photo.file.name.rpartition(".")[2] or "jpg", open=_open(photo.file),
                                      sha256=photo.sha256) for n, photo in enumerate(pick.chosen, start=1)),
            documents=tuple(PackageFile(name=f.original_name, open=_open(f.file), sha256=f.sha256)
                            for f in documents),
            warnings=tuple(_declaration_warnings(task, requirements, rows, pick.chosen)),
        )


def _photo_stem(number: int, photo: EvidenceFile, caption_fields: list[str]) -> str:
    """图片 named by number and captions, as the upload form of 网上申报 shows the file name."""
    captions = " ".join(v for v in photo.captions(caption_fields).values() if v)
    return f"{number:02d} {captions or photo.original_name.rpartition('.')[0]}"


def declaration_count(job: ExportJob) -> int:
    return (declaration_tasks(user=job.requested_by, framework=job.framework)
            .filter(pk__in=_job_tasks(job).values("pk")).count())


def declaration_photo_choices(*, task: Task, user: User) -> list[EvidenceFile]:
    """Approved photos of the task the coordinator may order or exclude, current choice first."""
    photos = (EvidenceFile.objects.filter(submission__in=Submission.objects.visible_to(user).filter(
        task=task, status=Submission.Status.APPROVED), role__in=EvidenceFile.PHOTO_ROLES)
        .select_related("submission").order_by("submission__activity_date", "submission_id", F("number").asc(nulls_last=True), "order", "id"))
    return list(photos)


@dataclass(frozen=True)
class DeclarationPhotoRow:
    photo: EvidenceFile
    rank: int
    kept: bool
    chosen: bool  # inside the cut-off: goes into the package
    duplicate: bool
    incomplete: bool


@dataclass(frozen=True)
class DeclarationPhotoPage:
    rows: list[DeclarationPhotoRow]  # in package order, the excluded ones last
    need: int | None
    chosen: int

    @property
    def missing(self) -> int:
        return max(0, (self.need or 0) - self.chosen)


def declaration_photo_page(*, task: Task, user: User) -> DeclarationPhotoPage:
    photos = declaration_photo_choices(task=task, user=user)
    pick = declaration_photo_pick(task, photos, list(task.requirements.all()))
    kept = {p.pk for p in pick.ordered}
    chosen = {p.pk for p in pick.chosen}
    ordered = pick.ordered + [p for p in photos if p.pk not in kept]
    return DeclarationPhotoPage(
        rows=[DeclarationPhotoRow(photo=p, rank=n, kept=p.pk in kept, chosen=p.pk in chosen,
                                  duplicate=p.pk in pick.duplicates, incomplete=p.pk in pick.incomplete)
              for n, p in enumerate(ordered, start=1)],
        need=pick.need, chosen=len(chosen))
