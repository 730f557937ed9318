"""Reads of the evidence app. Everything a user asks for is scoped: out of scope is a 404."""

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from evidence import rules
from evidence.models import CAPTION_COLUMNS, EvidenceFile, GuidanceParse, Requirement, Submission, SubmissionEvent
from frameworks.models import Section, Task
from lib.evidence_checks import CheckResult, DocumentSummary, Evidence, PhotoSummary, blocking, evaluate
from lib.media import NEAR_DUPLICATE_DISTANCE
from lib.textrules.charcount import count_chars
from org.models import Department, User
from org.scoping import departments_visible_to

Status = Submission.Status


# --- scoped lookups ---------------------------------------------------------------------------

def submission_get(*, user: User, pk: int) -> Submission:
    submissions = Submission.objects.visible_to(user).select_related(
        "task__section__framework", "department", "created_by")
    return get_object_or_404(submissions, pk=pk)


def evidence_file_get(*, user: User, pk: int) -> EvidenceFile:
    files = EvidenceFile.objects.filter(submission__in=Submission.objects.visible_to(user))
    return get_object_or_404(files.select_related("submission__task__section__framework"), pk=pk)


def requirement_get(*, user: User, pk: int) -> Requirement:
    return get_object_or_404(Requirement.objects.filter(task__in=Task.objects.visible_to(user))
                             .select_related("task"), pk=pk)


def unparsed_sentences(task: Task) -> list[str]:
    return GuidanceParse.objects.filter(task=task).values_list("unparsed", flat=True).first() or []


def _caption_fields(requirements: Iterable[Requirement]) -> tuple[list[str], set[str]]:
    """The caption fields a photo card offers (时间, 地点, 主题 and whatever else the task asks for,
    such as 主办单位) and those its requirements make compulsory."""
    required = [name for requirement in requirements for name in requirement.caption_fields]
    return list(dict.fromkeys([*CAPTION_COLUMNS, *required])), set(required)


def caption_fields_of(task: Task) -> list[str]:
    return _caption_fields(task.requirements.all())[0]


# --- checks -----------------------------------------------------------------------------------

def _evidence(submission: Submission, files: Sequence[EvidenceFile], caption_fields: Sequence[str],
              photos_elsewhere: dict[str, int]) -> Evidence:
    return Evidence(
        photos=[PhotoSummary(role=f.role, captions=f.captions(caption_fields))
                for f in files if f.role in EvidenceFile.PHOTO_ROLES],
        documents=[DocumentSummary(role=f.role, char_count=f.char_count)
                   for f in files if f.role not in EvidenceFile.PHOTO_ROLES],
        report_chars=count_chars(submission.report_text),
        url=submission.url,
        photos_elsewhere=photos_elsewhere,
    )


def _checks(task: Task, requirements: Sequence[Requirement],
            items: Sequence[tuple[Submission, Sequence[EvidenceFile]]]) -> dict[int, list[CheckResult]]:
    """Checks of submissions of one task, given its requirements and their files, in one query."""
    specs = [r.spec() for r in requirements]
    caption_fields = sorted({name for r in requirements for name in r.caption_fields})
    photo_counts = (EvidenceFile.objects.filter(submission__task=task, role__in=EvidenceFile.PHOTO_ROLES)
                    .values_list("submission_id", "role").annotate(n=Count("id")).order_by())
    task_totals: Counter = Counter()
    own: dict[int, Counter] = defaultdict(Counter)
    for submission_id, role, n in photo_counts:
        task_totals[role] += n
        own[submission_id][role] += n
    return {
        submission.pk: evaluate(specs, _evidence(submission, files, caption_fields,
                                                 dict(task_totals - own[submission.pk])))
        for submission, files in items
    }


def submission_checks(*, submission: Submission) -> list[CheckResult]:
    task = submission.task
    return _checks(task, list(task.requirements.all()), [(submission, list(submission.files.all()))])[submission.pk]


# --- photos: duplicates and the assessment period ---------------------------------------------

@dataclass(frozen=True)
class DuplicateHit:
    exact: bool
    submission_id: int
    where: str  # "人事科 · 志愿服务-1《学雷锋活动》（2026年度）", or "本活动资料中"


@dataclass(frozen=True)
class PhotoCard:
    file: EvidenceFile
    number: int  # within its role, as the checks number photos
    captions: tuple[tuple[str, str], ...]  # (field, text) for every offered caption field
    missing: tuple[str, ...]  # compulsory caption fields still empty
    duplicates: tuple[DuplicateHit, ...]
    outside_year: int | None  # the year the photo was taken, when not the assessment year


def _phash_int(phash: str) -> int | None:
    """The hash as an integer; None when missing or featureless (a flat colour hashes to all zeros),
    since featureless images would otherwise all be "near duplicates" of each other."""
    if not phash:
        return None
    value = int(phash, 16)
    return value if 4 <= value.bit_count() <= 60 else None


def _duplicates(photos: Sequence[EvidenceFile], organisation_id: int) -> dict[int, list[DuplicateHit]]:
    """Exact (same SHA-256) and near (dHash within NEAR_DUPLICATE_DISTANCE bits) copies of each photo
    anywhere in the organisation, in one query. The hashes are parsed to integers once, rather than
    through lib.media.hamming() for every pair, since each photo meets every photo of the organisation."""
    rows = (EvidenceFile.objects
            .filter(kind=EvidenceFile.Kind.PHOTO, submission__task__section__framework__organisation_id=organisation_id)
            .values_list("pk", "sha256", "phash", "submission_id", "submission__title",
                         "submission__department__name", "submission__task__ref",
                         "submission__task__section__framework__year")
            .order_by("pk"))
    others = [(pk, sha, _phash_int(phash), submission_id, f"{department} · {ref}《{title}》（{year}年度）")
              for pk, sha, phash, submission_id, title, department, ref, year in rows]
    hits: dict[int, list[DuplicateHit]] = {}
    for photo in photos:
        own_hash = _phash_int(photo.phash)
        found: dict[tuple[bool, int], DuplicateHit] = {}  # one hit per submission and kind of match
        for pk, sha, phash, submission_id, where in others:
            if pk == photo.pk:
                continue
            exact = sha == photo.sha256
            near = None not in (own_hash, phash) and (own_hash ^ phash).bit_count() <= NEAR_DUPLICATE_DISTANCE
            if exact or near:
                here = submission_id == photo.submission_id
                found.setdefault((exact, submission_id),
                                 DuplicateHit(exact, submission_id, "本活动资料中" if here else where))
        hits[photo.pk] = sorted(found.values(), key=lambda hit: not hit.exact)
    return hits


def photo_cards(*, submission: Submission, files: Sequence[EvidenceFile], caption_fields: Sequence[str],
                required: set[str], only: set[int] | None = None) -> list[PhotoCard]:
    """Cards of the submission's photos, numbered among all of them; `only` limits which are built."""
    photos = [f for f in files if f.role in EvidenceFile.PHOTO_ROLES]
    wanted = [photo for photo in photos if only is None or photo.pk in only]
    framework = submission.task.section.framework
    duplicates = _duplicates(wanted, framework.organisation_id)
    numbers: Counter = Counter()
    cards = []
    for photo in photos:
        numbers[photo.role] += 1
        if only is not None and photo.pk not in only:
            continue
        captions = tuple(photo.captions(caption_fields).items())
        taken_year = timezone.localtime(photo.taken_at).year if photo.taken_at else None
        cards.append(PhotoCard(
            file=photo, number=numbers[photo.role], captions=captions,
            missing=tuple(name for name, text in captions if name in required and not text.strip()),
            duplicates=tuple(duplicates[photo.pk]),
            outside_year=taken_year if taken_year and taken_year != framework.year else None,
        ))
    return cards


# --- pages ------------------------------------------------------------------------------------

def _submission_list(submissions: QuerySet[Submission]) -> QuerySet[Submission]:
    return submissions.select_related("task__section", "department", "created_by").prefetch_related(
        Prefetch("files", queryset=EvidenceFile.objects.order_by("order", "id")))


@dataclass(frozen=True)
class SubmissionRow:
    submission: Submission
    checks: list[CheckResult]

    @property
    def failed(self) -> list[CheckResult]:
        return [check for check in self.checks if not check.ok]


class _CardLookup:
    cards: list[PhotoCard]

    def card(self, file_id: int) -> PhotoCard:
        return next(card for card in self.cards if card.file.pk == file_id)


@dataclass(frozen=True)
class SubmissionPage(_CardLookup):
    checks: list[CheckResult]
    cards: list[PhotoCard]
    documents: list[EvidenceFile]
    caption_fields: list[str]
    events: list[SubmissionEvent]
    report_chars: int  # 字数 of the pasted report text
    can_edit: bool
    can_submit: bool
    can_review: bool
    can_delete: bool

    @property
    def blocking(self) -> list[CheckResult]:
        return blocking(self.checks)


def submission_page(*, user: User, submission: Submission) -> SubmissionPage:
    files = list(submission.files.order_by("order", "id"))
    requirements = list(submission.task.requirements.all())
    caption_fields, required = _caption_fields(requirements)
    return SubmissionPage(
        checks=_checks(submission.task, requirements, [(submission, files)])[submission.pk],
        cards=photo_cards(submission=submission, files=files, caption_fields=caption_fields, required=required),
        documents=[f for f in files if f.role not in EvidenceFile.PHOTO_ROLES],
        caption_fields=caption_fields,
        events=list(submission.events.select_related("actor")),
        report_chars=count_chars(submission.report_text),
        can_edit=not rules.edit_refusal(user, submission),
        can_submit=not rules.submit_refusal(user, submission),
        can_review=not rules.review_refusal(user, submission),
        can_delete=not rules.delete_refusal(user, submission),
    )


@dataclass(frozen=True)
class PhotoCardsFragment(_CardLookup):
    """What an htmx response for a few photo cards needs, without the rest of the page."""

    cards: list[PhotoCard]
    can_edit: bool

def photo_cards_fragment(*, user: User, submission: Submission, file_ids: set[int]) -> PhotoCardsFragment:
    """The cards of just-uploaded or just-captioned photos (one per request while a batch uploads)."""
    files = list(submission.files.order_by("order", "id"))
    caption_fields, required = _caption_fields(list(submission.task.requirements.all()))
    return PhotoCardsFragment(
        cards=photo_cards(submission=submission, files=files, caption_fields=caption_fields, required=required,
                          only=file_ids),
        can_edit=not rules.edit_refusal(user, submission),
    )


def departments_for_new_submission(*, user: User, task: Task) -> QuerySet[Department]:
    if task.retired or not rules.files_evidence(user) or rules.year_refusal(task):
        return Department.objects.none()
    return departments_visible_to(user).filter(responsibilities__task=task)


@dataclass(frozen=True)
class TaskEvidence:
    requirements: list[Requirement]
    unparsed: list[str]
    rows: list[SubmissionRow]
    departments: list[Department]  # those the user may create submissions for


def task_evidence(*, user: User, task: Task) -> TaskEvidence:
    """The evidence panel of a task page: requirements, the user's visible submissions with their checks."""
    submissions = list(_submission_list(Submission.objects.visible_to(user).filter(task=task)))
    requirements = list(task.requirements.all())
    checks = _checks(task, requirements, [(s, list(s.files.all())) for s in submissions])
    return TaskEvidence(
        requirements=requirements,
        unparsed=unparsed_sentences(task),
        rows=[SubmissionRow(s, checks[s.pk]) for s in submissions],
        departments=list(departments_for_new_submission(user=user, task=task)),
    )


def review_queue(*, user: User, status: str = Status.PENDING, department: Department | None = None,
                 section: Section | None = None) -> QuerySet[Submission]:
    submissions = Submission.objects.visible_to(user).exclude(status=Status.DRAFT)
    if status:
        submissions = submissions.filter(status=status)
    if department:
        submissions = submissions.filter(department=department)
    if section:
        submissions = submissions.filter(task__section=section)
    ordering = ["submitted_at", "id"] if status == Status.PENDING else ["-updated_at"]
    return (submissions.select_related("task__section", "department", "created_by")
            .annotate(file_count=Count("files")).order_by(*ordering))


# --- progress for the scores app --------------------------------------------------------------

@dataclass(frozen=True)
class TaskProgress:
    task_id: int
    draft: int
    pending: int
    approved: int
    returned: int
    requirements_met: bool  # some approved submission passes every hard requirement (or was approved with an override)
    approved_dates: tuple[date, ...]  # activity dates of approved submissions (None dates skipped), ascending
    last_activity: datetime | None


def task_progress_map(task_ids: Iterable[int]) -> dict[int, TaskProgress]:
    """Progress of every given task (those without submissions included) in one query."""
    ids = set(task_ids)
    by_task: dict[int, list[Submission]] = {task_id: [] for task_id in ids}
    submissions = (Submission.objects.filter(task_id__in=ids)
                   .only("task_id", "status", "activity_date", "updated_at", "checks_passed", "override_reason")
                   .order_by("activity_date", "id"))
    for submission in submissions:
        by_task[submission.task_id].append(submission)
    return {task_id: _progress(task_id, rows) for task_id, rows in by_task.items()}


def _progress(task_id: int, submissions: list[Submission]) -> TaskProgress:
    statuses = Counter(s.status for s in submissions)
    approved = [s for s in submissions if s.status == Status.APPROVED]
    return TaskProgress(
        task_id=task_id,
        draft=statuses[Status.DRAFT], pending=statuses[Status.PENDING],
        approved=statuses[Status.APPROVED], returned=statuses[Status.RETURNED],
        requirements_met=any(s.requirements_met for s in approved),
        approved_dates=tuple(s.activity_date for s in approved if s.activity_date is not None),
        last_activity=max((s.updated_at for s in submissions), default=None),
    )
