"""Reads of the evidence app. Everything a user asks for is scoped: out of scope is a 404."""

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from evidence import rules
from evidence.models import (
    CAPTION_COLUMNS,
    PHASH_BAND_FIELDS,
    REQUIREMENTS_MET,
    BinRecord,
    EvidenceFile,
    GuidanceParse,
    InformationReport,
    Recurrence,
    Requirement,
    Submission,
    SubmissionEvent,
)
from frameworks.models import Framework, Section, Task
from lib.evidence_checks import CheckResult, DocumentSummary, Evidence, PhotoSummary, blocking, evaluate
from lib.media.near_duplicates import band_probes, from_bands, is_near, phash_value
from lib.textrules.charcount import count_chars
from org.models import Department, User
from org.scoping import restrict

Status = Submission.Status


# --- scoped lookups ---------------------------------------------------------------------------

def submission_get(*, user: User, pk: int) -> Submission:
    submissions = Submission.objects.restrict(user).select_related(
        "task__section__framework", "department", "created_by")
    return get_object_or_404(submissions, pk=pk)


def evidence_file_get(*, user: User, pk: int) -> EvidenceFile:
    files = EvidenceFile.objects.restrict(user).select_related("submission__task__section__framework")
    return get_object_or_404(files, pk=pk)


def requirement_get(*, user: User, pk: int) -> Requirement:
    return get_object_or_404(restrict(Requirement.objects.all(), user, "manage").select_related("task"), pk=pk)


def recurrence_get(*, user: User, pk: int) -> Recurrence:
    return get_object_or_404(restrict(Recurrence.objects.all(), user, "manage").select_related("task", "department"),
                             pk=pk)


def recurrences_of(task: Task) -> list[Recurrence]:
    return list(task.recurrences.select_related("department"))


def unparsed_sentences(task: Task) -> list[str]:
    return GuidanceParse.objects.filter(task=task).values_list("unparsed", flat=True).first() or []


def _caption_fields(requirements: Iterable[Requirement]) -> tuple[list[str], set[str]]:
    """The caption fields a photo card offers (时间, 地点, 主题 and whatever else the task asks for,
    such as 主办单位) and those its requirements make compulsory."""
    required = [name for requirement in requirements for name in requirement.caption_fields]
    return list(dict.fromkeys([*CAPTION_COLUMNS, *required])), set(required)


def caption_fields_of(task: Task) -> list[str]:
    return _caption_fields(task.requirements.all())[0]


def caption_fields_required_of(task: Task) -> set[str]:
    return _caption_fields(task.requirements.all())[1]


# --- checks -----------------------------------------------------------------------------------

def _evidence(submission: Submission, files: Sequence[EvidenceFile], caption_fields: Sequence[str],
              photos_elsewhere: dict[str, int]) -> Evidence:
    return Evidence(
        photos=[PhotoSummary(role=f.role, captions=f.captions(caption_fields), number=f.number)
                for f in files if f.role in EvidenceFile.PHOTO_ROLES],
        documents=[DocumentSummary(role=f.role, char_count=f.char_count)
                   for f in files if f.role not in EvidenceFile.PHOTO_ROLES],
        report_chars=count_chars(submission.report_text),
        url=submission.url,
        photos_elsewhere=photos_elsewhere,
    )


def _checks(task: Task, requirements: Sequence[Requirement],
            items: Sequence[tuple[Submission, Sequence[EvidenceFile]]]) -> dict[int, list[CheckResult]]:
    """Checks of submissions of one task, given its requirements and their files, in one query (the
    task's photo count per role; each submission's own photos are among the files given)."""
    specs = [r.spec() for r in requirements]
    caption_fields = sorted({name for r in requirements for name in r.caption_fields})
    task_totals = Counter(dict(
        EvidenceFile.objects.filter(submission__task=task, role__in=EvidenceFile.PHOTO_ROLES)
        .values_list("role").annotate(n=Count("id")).order_by()))
    results = {}
    for submission, files in items:
        own = Counter(f.role for f in files if f.role in EvidenceFile.PHOTO_ROLES)
        results[submission.pk] = evaluate(specs, _evidence(submission, files, caption_fields,
                                                           dict(task_totals - own)))
    return results


def submission_checks(*, submission: Submission) -> list[CheckResult]:
    task = submission.task
    return _checks(task, list(task.requirements.all()), [(submission, list(submission.files.all()))])[submission.pk]


def submissions_checks(*, task: Task, submissions: Sequence[Submission]) -> dict[int, list[CheckResult]]:
    """The checks of several submissions of one task (files prefetched), as their pages show them."""
    return _checks(task, list(task.requirements.all()), [(s, list(s.files.all())) for s in submissions])


# --- photos: duplicates and the assessment period ---------------------------------------------

@dataclass(frozen=True)
class DuplicateHit:
    exact: bool
    submission_id: int | None  # None: a submission the user may not see, named to them by no detail
    where: str  # "人事科 · 志愿服务-1《学雷锋活动》（2026年度）", "本活动资料中", or "" when not shown


@dataclass(frozen=True)
class PhotoCard:
    file: EvidenceFile
    number: int  # stored at upload (EvidenceFile.number), as the checks number photos
    captions: tuple[tuple[str, str], ...]  # (field, text) for every offered caption field
    missing: tuple[str, ...]  # compulsory caption fields still empty
    duplicates: tuple[DuplicateHit, ...]
    outside_year: int | None  # the year the photo was taken, when not the assessment year


def _duplicates(photos: Sequence[EvidenceFile], organisation_id: int, user: User) -> dict[int, list[DuplicateHit]]:
    """Exact (same SHA-256) and near (dHash within NEAR_DUPLICATE_DISTANCE bits) copies of each photo
    anywhere in the organisation, in three queries whose cost does not grow with the number of photos the
    organisation holds: rows sharing a SHA-256, rows sharing a probed phash band (both read through
    indexes, see lib/media/near_duplicates.py), then where the confirmed matches are.

    Copies in submissions the user may not see (another department's, for a clerk) become one hit
    without title, task or department, so that the hint reveals nothing the scope hides."""
    if not photos:
        return {}
    own_probes = {photo.pk: band_probes(value) for photo in photos if (value := phash_value(photo.phash)) is not None}
    copies: dict[str, set[int]] = defaultdict(set)
    for pk, sha in (EvidenceFile.objects.filter(sha256__in={photo.sha256 for photo in photos},
                                                kind=EvidenceFile.Kind.PHOTO).values_list("pk", "sha256").order_by()):
        copies[sha].add(pk)
    by_band: list[dict[int, list[tuple[int, int]]]] = [defaultdict(list) for _ in PHASH_BAND_FIELDS]
    probed = Q()
    for band, field in enumerate(PHASH_BAND_FIELDS):
        wanted = set().union(*(probes[band] for probes in own_probes.values()))
        if wanted:
            probed |= Q(**{f"{field}__in": sorted(wanted)})
    if probed:
        for pk, *parts in EvidenceFile.objects.filter(probed).values_list("pk", *PHASH_BAND_FIELDS).order_by():
            value = from_bands(parts)
            for index, part in zip(by_band, parts, strict=True):
                index[part].append((pk, value))
    matches: dict[int, list[tuple[int, bool]]] = {}  # photo → (other file, exact copy?)
    for photo in photos:
        exact = copies[photo.sha256] - {photo.pk}
        near = set()
        if photo.pk in own_probes:
            value = phash_value(photo.phash)
            near = {pk for index, probe in zip(by_band, own_probes[photo.pk], strict=True) for band in probe
                    for pk, other in index.get(band, ()) if is_near(value, other)} - exact - {photo.pk}
        matches[photo.pk] = [(pk, True) for pk in exact] + [(pk, False) for pk in near]
    matched = {pk for found in matches.values() for pk, _ in found}
    where: dict[int, tuple[int, str]] = {}
    if matched:
        where = {pk: (submission_id, f"{department} · {ref}《{title}》（{year}年度）")
                 for pk, submission_id, title, department, ref, year in EvidenceFile.objects
                 .filter(pk__in=matched, submission__task__section__framework__organisation_id=organisation_id)
                 .values_list("pk", "submission_id", "submission__title", "submission__department__name",
                              "submission__task__ref", "submission__task__section__framework__year")}
    hits: dict[int, list[DuplicateHit]] = {}
    for photo in photos:
        found: dict[tuple[bool, int], DuplicateHit] = {}  # one hit per submission and kind of match
        for pk, exact in sorted(matches[photo.pk]):
            if pk not in where:  # another organisation's photo
                continue
            submission_id, place = where[pk]
            here = submission_id == photo.submission_id
            found.setdefault((exact, submission_id), DuplicateHit(exact, submission_id, "本活动资料中" if here else place))
        hits[photo.pk] = sorted(found.values(), key=lambda hit: not hit.exact)
    found_in = {hit.submission_id for photo_hits in hits.values() for hit in photo_hits}
    if user.sees_all_departments or not found_in:
        return hits
    visible = set(restrict(Submission.objects.filter(pk__in=found_in), user).values_list("pk", flat=True))
    for pk, photo_hits in hits.items():
        hidden = [hit for hit in photo_hits if hit.submission_id not in visible]
        shown = [hit for hit in photo_hits if hit.submission_id in visible]
        if hidden:
            shown.append(DuplicateHit(exact=any(hit.exact for hit in hidden), submission_id=None, where=""))
        hits[pk] = shown
    return hits


def photo_cards(*, user: User, submission: Submission, files: Sequence[EvidenceFile], caption_fields: Sequence[str],
                required: set[str], only: set[int] | None = None) -> list[PhotoCard]:
    """Cards of the submission's photos; `only` limits which are built."""
    photos = [f for f in files if f.role in EvidenceFile.PHOTO_ROLES]
    wanted = [photo for photo in photos if only is None or photo.pk in only]
    framework = submission.task.section.framework
    duplicates = _duplicates(wanted, framework.organisation_id, user)
    cards = []
    for photo in wanted:
        captions = tuple(photo.captions(caption_fields).items())
        taken_year = timezone.localtime(photo.taken_at).year if photo.taken_at else None
        cards.append(PhotoCard(
            file=photo, number=photo.number, captions=captions,
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
        cards=photo_cards(user=user, submission=submission, files=files, caption_fields=caption_fields, required=required),
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
        cards=photo_cards(user=user, submission=submission, files=files, caption_fields=caption_fields, required=required,
                          only=file_ids),
        can_edit=not rules.edit_refusal(user, submission),
    )


def departments_for_new_submission(*, user: User, task: Task) -> QuerySet[Department]:
    if task.retired or rules.year_refusal(task):
        return Department.objects.none()
    return restrict(Department.objects.all(), user, "change").filter(responsibilities__task=task)


SUBMISSIONS_PER_TASK_PAGE = 20


@dataclass(frozen=True)
class TaskEvidence:
    requirements: list[Requirement]
    unparsed: list[str]
    recurrences: list[Recurrence]
    page: Page  # of SubmissionRow, most recently changed first
    departments: list[Department]  # those the user may create submissions for


def task_evidence(*, user: User, task: Task, page_number: str | int | None = None) -> TaskEvidence:
    """The evidence panel of a task page: requirements, one page of the user's visible submissions with
    their checks."""
    submissions = _submission_list(Submission.objects.restrict(user).filter(task=task)).order_by("-updated_at", "-id")
    page = Paginator(submissions, SUBMISSIONS_PER_TASK_PAGE).get_page(page_number)
    listed = list(page.object_list)
    requirements = list(task.requirements.all())
    checks = _checks(task, requirements, [(s, list(s.files.all())) for s in listed])
    page.object_list = [SubmissionRow(s, checks[s.pk]) for s in listed]
    return TaskEvidence(
        requirements=requirements,
        unparsed=unparsed_sentences(task),
        recurrences=recurrences_of(task),
        page=page,
        departments=list(departments_for_new_submission(user=user, task=task)),
    )


REVIEW_PAGE_SIZE = 30


def review_queue(*, user: User, framework: Framework | None, status: str = Status.PENDING,
                 department: Department | None = None, section: Section | None = None,
                 page_number: str | int | None = None) -> Page:
    """One page of submitted evidence of the current table. The count reads only submission rows; the
    file counts are taken for the page's 30 rows, not for every row the filter matches."""
    submissions = (Submission.objects.restrict(user, "review").exclude(status=Status.DRAFT)
                   .filter(task__section__framework=framework))
    if status:
        submissions = submissions.filter(status=status)
    if department:
        submissions = submissions.filter(department=department)
    if section:
        submissions = submissions.filter(task__section=section)
    ordering = ["submitted_at", "id"] if status == Status.PENDING else ["-updated_at", "-id"]
    # The page's ids first (read from a covering index), then those rows: sorting whole rows of every
    # matching submission to keep 30 of them is what made the all-status queue slow.
    page = Paginator(submissions.order_by(*ordering).values_list("pk", flat=True), REVIEW_PAGE_SIZE
                     ).get_page(page_number)
    rows = Submission.objects.select_related("task__section", "department", "created_by").in_bulk(page.object_list)
    page.object_list = [rows[pk] for pk in page.object_list]
    counts = dict(EvidenceFile.objects.filter(submission__in=page.object_list)
                  .values_list("submission_id").annotate(n=Count("id")).order_by())
    for submission in page.object_list:
        submission.file_count = counts.get(submission.pk, 0)
    return page


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


def task_progress_map(task_ids: Iterable[int], *, user: User | None = None) -> dict[int, TaskProgress]:
    """Progress of every given task (those without submissions included) from two aggregate queries,
    so it reads figures, not submissions: counts per task, and approved activity dates with their
    number of submissions (at most one row per task and day). With a user, only the submissions they may
    see count: a clerk's figures on a shared task are their departments'."""
    ids = set(task_ids)
    if not ids:
        return {}
    submissions = Submission.objects.filter(task_id__in=ids).order_by()
    if user is not None:
        submissions = restrict(submissions, user)
    figures = {row["task_id"]: row for row in submissions.values("task_id").annotate(
        **{status: Count("id", filter=Q(status=status)) for status in Status.values},
        met=Count("id", filter=REQUIREMENTS_MET), last=Max("updated_at"))}
    dates: dict[int, list[date]] = defaultdict(list)
    for task_id, day, n in (submissions.filter(status=Status.APPROVED, activity_date__isnull=False)
                            .values_list("task_id", "activity_date").annotate(n=Count("id"))
                            .order_by("task_id", "activity_date")):
        dates[task_id].extend([day] * n)
    empty = dict.fromkeys([*Status.values, "met"], 0) | {"last": None}
    return {task_id: TaskProgress(
        task_id=task_id,
        draft=row[Status.DRAFT], pending=row[Status.PENDING], approved=row[Status.APPROVED],
        returned=row[Status.RETURNED], requirements_met=row["met"] > 0,
        approved_dates=tuple(dates[task_id]), last_activity=row["last"],
    ) for task_id, row in ((task_id, figures.get(task_id, empty)) for task_id in ids)}


# --- information reports (信息报送) -------------------------------------------------------------

@dataclass(frozen=True)
class ReportDates:
    task_id: int
    department_id: int
    sent_on: date
    adopted_on: date | None

    def counts_on(self, *, adopted: bool) -> date | None:
        """The day the report counts for a recurrence: its adoption where 被采用 is counted (None while
        not adopted), its sending towards any other per-period minimum."""
        return self.adopted_on if adopted else self.sent_on


def information_report_dates(task_ids: Iterable[int], *, user: User | None = None) -> list[ReportDates]:
    """When each information report of the tasks was sent and adopted, in one query: the log that
    recurrences read (sending for the minimum per period, adoption for 被采用 counts). With a user,
    only the reports they may see, as task_progress_map counts only their submissions."""
    reports = InformationReport.objects.filter(task_id__in=set(task_ids))
    if user is not None:
        reports = restrict(reports, user)
    rows = (reports
            .values_list("task_id", "department_id", "sent_on", "adopted_on").order_by())
    return [ReportDates(*row) for row in rows]


# --- recycle bin ------------------------------------------------------------------------------

@dataclass(frozen=True)
class RecycleBin:
    submissions: list[Submission]
    files: list[EvidenceFile]  # deleted on their own, from submissions that are not in the bin
    records: list[BinRecord]
    days: int  # how long things stay before purge_recycle_bin removes them


BIN_RECORDS_SHOWN = 20


def recycle_bin(*, user: User) -> RecycleBin:
    submissions = (restrict(Submission.all_objects.filter(deleted_at__isnull=False), user, "manage")
                   .select_related("task__section", "department", "deleted_by")
                   .annotate(file_count=Count("files", filter=Q(files__deleted_at__isnull=True)))
                   .order_by("-deleted_at"))
    files = (restrict(EvidenceFile.all_objects.filter(deleted_at__isnull=False, submission__deleted_at__isnull=True),
                      user, "manage")
             .select_related("submission__task__section", "submission__department", "deleted_by")
             .order_by("-deleted_at"))
    records = restrict(BinRecord.objects.all(), user, "manage").select_related("actor")[:BIN_RECORDS_SHOWN]
    return RecycleBin(submissions=list(submissions), files=list(files), records=list(records),
                      days=settings.RECYCLE_BIN_DAYS)


def binned_submission_get(*, user: User, pk: int) -> Submission:
    submissions = restrict(Submission.all_objects.filter(deleted_at__isnull=False), user, "manage")
    return get_object_or_404(submissions.select_related("task__section__framework", "department"), pk=pk)


def binned_file_get(*, user: User, pk: int) -> EvidenceFile:
    files = restrict(EvidenceFile.all_objects.filter(deleted_at__isnull=False), user, "manage")
    return get_object_or_404(files.select_related("submission__task__section__framework", "submission__department"),
                             pk=pk)
