"""Reads for schedules: the periods of recurring duties with their status, the to-do list, the
calendar and the notifications. Every page costs a fixed number of queries: recurrences, owners,
dated submissions and information reports are each read once, and the rest is computed in Python."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from evidence.models import InformationReport, Recurrence, Submission
from evidence.selectors import information_report_dates, task_progress_map
from frameworks.models import Framework, Responsibility, Task
from frameworks.selectors import framework_current
from lib.schedules import PeriodStatus, Slot, count_per_slot, period_status
from lib.textrules.recurrence import periods
from org.models import Department, Organisation, User
from org.scoping import department_ids_visible_to, restrict
from schedules.models import CalendarFeed, ChannelMute, Delivery, Notification, ReminderSettings, Webhook
from scores.selectors import due_date_of

OPEN_STATUSES = (PeriodStatus.NOT_STARTED, PeriodStatus.IN_PROGRESS)


@dataclass(frozen=True)
class Period:
    """One period of one recurring duty for the department that owns it."""

    recurrence: Recurrence
    department: Department
    index: int
    slot: Slot
    done: int
    active: int
    status: PeriodStatus

    @property
    def task(self) -> Task:
        return self.recurrence.task

    @property
    def needed(self) -> int:
        return self.recurrence.min_count

    @property
    def key(self) -> str:
        """Stable name of the period, for reminder keys and calendar UIDs."""
        return f"r{self.recurrence.pk}-d{self.department.pk}-{self.slot.start.isoformat()}"

    @property
    def url(self) -> str:
        """The period's page, where its evidence is listed and added."""
        return reverse("schedules:period_detail", args=[self.task.pk, self.recurrence.pk, self.department.pk,
                                                        self.slot.start.isoformat()])

    @property
    def short_label(self) -> str:
        """The label without its year (3月, 第2季度, 全年), for cells that sit under a year already."""
        return self.slot.label.removeprefix(f"{self.slot.start.year}年")

    def days_left(self, today: date) -> int:
        return (self.slot.due - today).days


@dataclass(frozen=True)
class Duty:
    """A recurrence for one owning department, with all its periods of the year."""

    recurrence: Recurrence
    department: Department
    periods: list[Period]


def _owners(recurrences: list[Recurrence]) -> dict[int, list[Department]]:
    """Who does each task's recurring work: a department's own duty is that department's; a duty of
    the whole task is its lead departments' (cooperating departments help, the lead answers for it)."""
    task_ids = {r.task_id for r in recurrences if r.department_id is None}
    leads: dict[int, list[Department]] = defaultdict(list)
    for responsibility in (Responsibility.objects.filter(task_id__in=task_ids, role=Responsibility.Role.LEAD)
                           .select_related("department").order_by("department__order", "department_id")):
        leads[responsibility.task_id].append(responsibility.department)
    return leads


def duties_of(*, framework: Framework, today: date, tasks: QuerySet[Task] | None = None,
              department_ids: frozenset[int] | None = None) -> list[Duty]:
    """Every recurring duty of the table's current tasks (of `tasks` when given), per owning
    department (only those in department_ids when given), with each period's status on `today`.

    A task-wide duty counts the whole task's work (as its score does); a department's own duty
    counts that department's. Items belong to the period of their date: activity date for
    submissions, sending (or adoption, for 被采用 counts) for information reports."""
    tasks = (tasks if tasks is not None else Task.objects.all()).current().filter(section__framework=framework)
    recurrences = list(Recurrence.objects.filter(task__in=tasks).select_related("task__section", "department")
                       .order_by("task__section__order", "task__order", "order", "id"))
    if not recurrences:
        return []
    task_ids = {r.task_id for r in recurrences}
    leads = _owners(recurrences)
    submissions = defaultdict(list)  # task → [(department, date, approved)]
    for task_id, department_id, day, status in (
            Submission.objects.filter(task_id__in=task_ids, activity_date__isnull=False)
            .values_list("task_id", "department_id", "activity_date", "status").order_by()):
        submissions[task_id].append((department_id, day, status == Submission.Status.APPROVED))
    reports = defaultdict(list)
    for report in information_report_dates(task_ids):
        reports[report.task_id].append(report)

    duties = []
    for recurrence in recurrences:
        owners = [recurrence.department] if recurrence.department_id else leads.get(recurrence.task_id, [])
        slots = [Slot.of(start=p.start, end=p.end, label=p.label, due_day=recurrence.due_day)
                 for p in periods(recurrence, framework.year, semesters=framework.semester_dates)]
        for department in owners:
            if department_ids is not None and department.pk not in department_ids:
                continue
            done_days, active_days = _dated(recurrence, department, submissions[recurrence.task_id],
                                            reports[recurrence.task_id])
            done, active = count_per_slot(slots, done_days), count_per_slot(slots, active_days)
            duties.append(Duty(recurrence, department, [
                Period(recurrence, department, index, slot, done[index], active[index],
                       period_status(slot, needed=recurrence.min_count, done=done[index],
                                     active=active[index], today=today))
                for index, slot in enumerate(slots)]))
    return duties


def _dated(recurrence: Recurrence, department: Department, submissions: list, reports: list) -> tuple[list, list]:
    """The days that complete the duty's periods (approved activities and sent reports, or adoptions
    for a 被采用 count) and the days anything was done for it at all."""
    def counts(department_id: int) -> bool:
        return recurrence.department_id is None or department_id == department.pk

    items = [(day, approved) for owner, day, approved in submissions if counts(owner)]
    own_reports = [r for r in reports if counts(r.department_id)]
    reported = [r.counts_on(adopted=recurrence.adopted) for r in own_reports]
    sent = [r.sent_on for r in own_reports]
    if recurrence.adopted:
        return [day for day in reported if day], sent
    return [day for day, approved in items if approved] + sent, [day for day, _ in items] + sent


def duties_visible_to(*, user: User, framework: Framework, today: date, task: Task | None = None) -> list[Duty]:
    tasks = Task.objects.visible_to(user)
    if task is not None:
        tasks = tasks.filter(pk=task.pk)
    return duties_of(framework=framework, today=today, tasks=tasks,
                     department_ids=department_ids_visible_to(user))


def period_get(*, user: User, task_pk: int, recurrence_pk: int, department_pk: int, start: date,
               today: date) -> Period:
    """One period the user may see (404 otherwise)."""
    task = get_object_or_404(Task.objects.visible_to(user).select_related("section__framework"), pk=task_pk)
    for duty in duties_visible_to(user=user, framework=task.section.framework, today=today, task=task):
        if duty.recurrence.pk == recurrence_pk and duty.department.pk == department_pk:
            for period in duty.periods:
                if period.slot.start == start:
                    return period
    raise Http404("没有这个周期")


def period_items(*, user: User, period: Period) -> tuple[QuerySet[Submission], QuerySet[InformationReport]]:
    """The submissions and information reports that belong to a period, as the user may see them."""
    slot, recurrence = period.slot, period.recurrence
    submissions = Submission.objects.visible_to(user).filter(
        task=period.task, activity_date__range=(slot.start, slot.end)).select_related("department")
    reports = InformationReport.objects.visible_to(user).filter(task=period.task).filter(
        Q(adopted_on__range=(slot.start, slot.end)) if recurrence.adopted
        else Q(sent_on__range=(slot.start, slot.end))).select_related("department")
    if recurrence.department_id:
        submissions = submissions.filter(department=period.department)
        reports = reports.filter(department=period.department)
    return submissions.order_by("activity_date", "id"), reports


def reminder_settings_of(organisation: Organisation | int) -> ReminderSettings:
    """The saved settings, or the defaults (unsaved) when 创文办 never changed them."""
    organisation_id = getattr(organisation, "pk", organisation)
    return (ReminderSettings.objects.filter(organisation_id=organisation_id).first()
            or ReminderSettings(organisation_id=organisation_id))


# --- my to-do (我的待办) -----------------------------------------------------------------------

TODO_ONE_OFF_LIMIT = 30


@dataclass(frozen=True)
class OneOffTask:
    task: Task
    due: date
    started: bool


@dataclass(frozen=True)
class Todo:
    today: date
    horizon: int  # periods due within this many days are listed
    returned: list[Submission]
    drafts: list[Submission]
    due_soon: list[Period]
    overdue: list[Period]
    one_off: list[OneOffTask]
    one_off_more: int  # unmet one-off tasks beyond those listed
    due_date: date | None

    @property
    def empty(self) -> bool:
        return not (self.returned or self.drafts or self.due_soon or self.overdue or self.one_off)


def todo_of(*, user: User, today: date, department: Department | None = None, horizon: int | None = None) -> Todo:
    """What the user has to do, across the departments they see (one department when given)."""
    framework = framework_current(user)
    if horizon is None:
        horizon = reminder_settings_of(user.organisation_id).due_soon_days if user.organisation_id else 7
    submissions = Submission.objects.visible_to(user).select_related("task__section", "department")
    if department is not None:
        submissions = submissions.filter(department=department)
    returned = list(submissions.filter(status=Submission.Status.RETURNED).order_by("-reviewed_at", "-id")[:50])
    drafts = list(submissions.filter(status=Submission.Status.DRAFT).order_by("-updated_at")[:50])
    if framework is None:
        return Todo(today, horizon, returned, drafts, [], [], [], 0, None)

    duties = duties_visible_to(user=user, framework=framework, today=today)
    if department is not None:
        duties = [d for d in duties if d.department.pk == department.pk]
    current = [p for d in duties for p in d.periods]
    overdue = sorted((p for p in current if p.status is PeriodStatus.OVERDUE), key=lambda p: p.slot.due)
    due_soon = sorted((p for p in current if p.status in OPEN_STATUSES and 0 <= p.days_left(today) <= horizon),
                      key=lambda p: p.slot.due)

    due = due_date_of(framework)
    tasks = Task.objects.visible_to(user).current().filter(section__framework=framework, recurrences__isnull=True)
    if department is not None:
        tasks = tasks.filter(responsibilities__department=department)
    elif not user.sees_all_departments:
        tasks = tasks.filter(responsibilities__department__in=department_ids_visible_to(user))
    tasks = list(tasks.distinct().select_related("section").order_by("section__order", "order"))
    progress = task_progress_map([t.pk for t in tasks])
    unmet = [OneOffTask(t, due, progress[t.pk].approved + progress[t.pk].pending + progress[t.pk].draft > 0)
             for t in tasks if not progress[t.pk].requirements_met]
    return Todo(today, horizon, returned, drafts, due_soon, overdue, unmet[:TODO_ONE_OFF_LIMIT],
                max(0, len(unmet) - TODO_ONE_OFF_LIMIT), due)


# --- calendar ---------------------------------------------------------------------------------

def open_periods(*, user: User, today: date) -> tuple[list[Period], date | None]:
    """Periods still to be completed (not done), and the table's 资料截止日期."""
    framework = framework_current(user)
    if framework is None:
        return [], None
    duties = duties_visible_to(user=user, framework=framework, today=today)
    return [p for d in duties for p in d.periods if p.status is not PeriodStatus.DONE], due_date_of(framework)


def month_weeks(month: date) -> list[list[date]]:
    """The calendar grid of a month: Monday-first weeks covering it."""
    first = month.replace(day=1)
    start = first - timedelta(days=first.weekday())
    next_month = (first + timedelta(days=32)).replace(day=1)
    weeks, day = [], start
    while day < next_month:
        weeks.append([day + timedelta(days=i) for i in range(7)])
        day += timedelta(days=7)
    return weeks


def calendar_feed_of(user: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first()


def calendar_feed_user(token: str) -> User:
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token, user__is_active=True)
    return feed.user


# --- notifications and channels ----------------------------------------------------------------

def notifications_of(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user)


def unread_count(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def muted_channels_of(user: User) -> set[str]:
    return set(ChannelMute.objects.filter(user=user).values_list("channel", flat=True))


def webhooks_of(organisation_id: int) -> QuerySet[Webhook]:
    return Webhook.objects.filter(organisation_id=organisation_id).select_related("department")


def webhook_get(*, user: User, pk: int) -> Webhook:
    return get_object_or_404(restrict(Webhook.objects.all(), user, "manage"), pk=pk)


def delivery_get(*, user: User, pk: int) -> Delivery:
    return get_object_or_404(restrict(Delivery.objects.all(), user, "manage"), pk=pk)


def deliveries_in_trouble(organisation_id: int) -> QuerySet[Delivery]:
    """Deliveries that failed for good or are being retried: what 创文办 must look at."""
    return (Delivery.objects.filter(organisation_id=organisation_id, attempts__gt=0)
            .exclude(status=Delivery.Status.SENT).select_related("user", "webhook").order_by("-created_at"))


# --- information reports ---------------------------------------------------------------------

@dataclass(frozen=True)
class ReportSummary:
    sent: int
    adopted: int


def information_reports_of(*, user: User, department: Department | None = None,
                           adopted: bool | None = None, year: int | None = None) -> QuerySet[InformationReport]:
    reports = InformationReport.objects.visible_to(user).select_related("task__section", "department", "submitted_by")
    if department is not None:
        reports = reports.filter(department=department)
    if adopted is not None:
        reports = reports.filter(adopted_on__isnull=not adopted)
    if year is not None:
        reports = reports.filter(sent_on__year=year)
    return reports


def report_summary(reports: QuerySet[InformationReport]) -> ReportSummary:
    counts = reports.aggregate(sent=Count("id"), adopted=Count("id", filter=Q(adopted_on__isnull=False)))
    return ReportSummary(**counts)


def information_report_get(*, user: User, pk: int) -> InformationReport:
    return get_object_or_404(InformationReport.objects.visible_to(user).select_related("task__section", "department"),
                             pk=pk)


def report_tasks_for(user: User, framework: Framework | None) -> QuerySet[Task]:
    """Tasks the user may log information reports for: current tasks of the table that one of the
    user's departments is responsible for."""
    if framework is None:
        return Task.objects.none()
    return (Task.objects.visible_to(user).current().filter(section__framework=framework,
                                                           responsibilities__department__in=department_ids_visible_to(user))
            .distinct().select_related("section").order_by("section__order", "order"))
