"""Writes for schedules: the reminder run, deliveries and their retries, notifications, settings,
robots, channel mutes and calendar feed tokens.

The reminder run has two steps. `reminders_queue` works out what is due and inserts one Delivery
per reminder, channel and recipient under a unique key, so running it again inserts nothing new.
`deliveries_send` then sends what is pending, retrying failures with exponential backoff."""

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from evidence.models import InformationReport, Submission, SubmissionEvent
from frameworks.models import Framework, Task
from org.models import Department, Organisation, User
from org.scoping import department_ids_visible_to
from schedules import channels, selectors
from schedules.models import (
    CalendarFeed,
    Channel,
    ChannelMute,
    Delivery,
    Notification,
    ReminderSettings,
    Webhook,
    new_feed_token,
)

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
RETRY_BASE = timedelta(minutes=5)  # then 10, 20, 40, 80 minutes before giving up
EVENT_LOOKBACK = timedelta(days=7)  # review outcomes older than this are not announced any more
PERSONAL_CHANNELS = (Channel.IN_APP, Channel.EMAIL)


class ScheduleRejected(Exception):
    def __init__(self, message_zh: str):
        super().__init__(message_zh)
        self.message_zh = message_zh


def _require_coordinator(user: User) -> None:
    if not user.is_coordinator:
        raise ScheduleRejected("只有创文办可以修改提醒设置。")


# --- what is due --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Reminder:
    key: str  # what the reminder is about, without recipient or channel
    title: str
    body: str
    link: str
    users: tuple[User, ...]
    department: Department | None = None  # whose robots hear of it; None = the organisation's robots
    robots: bool = True


@dataclass
class RunResult:
    queued: int = 0
    sent: int = 0
    failed: int = 0
    retrying: int = 0
    errors: list[str] = field(default_factory=list)


def _period_text(period: selectors.Period) -> str:
    task, recurrence = period.task, period.recurrence
    what = recurrence.subject or task.text[:60]
    return (f"{period.department.name} · {task.section.name} {task.ref}：{what}（{period.slot.label}，"
            f"需 {period.needed} 项，已完成 {period.done} 项，截止 {period.slot.due:%Y年%-m月%-d日}）")


def _period_reminders(*, framework: Framework, settings: ReminderSettings, today: date,
                      clerks: dict[int, list[User]], coordinators: list[User]) -> list[Reminder]:
    reminders = []
    for duty in selectors.duties_of(framework=framework, today=today):
        department = duty.department
        for period in duty.periods:
            days_left = period.days_left(today)
            if period.status in selectors.OPEN_STATUSES and 0 <= days_left <= settings.due_soon_days:
                reminders.append(Reminder(
                    key=f"due:{period.key}", title=f"周期任务 {days_left} 天后到期" if days_left else "周期任务今天到期",
                    body=_period_text(period), link=period.url,
                    users=tuple(clerks.get(department.pk, ())), department=department))
            elif period.status is selectors.PeriodStatus.OVERDUE:
                late = -days_left
                # Repeated every M days; each repetition has its own key, so each is sent once.
                repeat = (late - 1) // max(settings.overdue_repeat_days, 1)
                users = list(clerks.get(department.pk, ()))
                if late >= settings.escalate_head_days and department.head_id:
                    users.append(department.head)
                if late >= settings.escalate_coordinator_days:
                    users.extend(coordinators)
                reminders.append(Reminder(
                    key=f"overdue:{period.key}:{repeat}", title=f"周期任务已逾期 {late} 天",
                    body=_period_text(period), link=period.url,
                    users=tuple(dict.fromkeys(users)), department=department))
    return reminders


def _review_reminders(*, organisation: Organisation, now: datetime) -> list[Reminder]:
    events = (SubmissionEvent.objects
              .filter(submission__task__section__framework__organisation=organisation,
                      to_status__in=[Submission.Status.RETURNED, Submission.Status.APPROVED],
                      created_at__gte=now - EVENT_LOOKBACK)
              .select_related("submission__created_by", "submission__task__section", "submission__department"))
    reminders = []
    for event in events:
        submission = event.submission
        returned = event.to_status == Submission.Status.RETURNED
        body = f"{submission.department.name} · {submission.task.section.name} {submission.task.ref}《{submission.title}》"
        if event.comment:
            body += f"\n审核意见：{event.comment}"
        reminders.append(Reminder(
            key=f"review:{event.pk}", title="活动资料被退回，请修改后重新提交" if returned else "活动资料已审核通过",
            body=body, link=reverse("evidence:submission_detail", args=[submission.pk]),
            users=(submission.created_by,), robots=False))
    return reminders


def _deliveries(reminder: Reminder, *, organisation: Organisation, muted: set[tuple[int, str]],
                robots: dict[int | None, list[Webhook]], now: datetime) -> list[Delivery]:
    common = {"organisation": organisation, "title": reminder.title, "body": reminder.body,
              "link": reminder.link, "next_attempt_at": now}
    rows = []
    for user in reminder.users:
        for channel in PERSONAL_CHANNELS:
            if (user.pk, channel) in muted or (channel == Channel.EMAIL and not user.email):
                continue
            rows.append(Delivery(key=f"{reminder.key}:{channel}:u{user.pk}", channel=channel, user=user, **common))
    if reminder.robots:
        # A department without a robot of its own reaches the organisation's group.
        department_id = reminder.department.pk if reminder.department else None
        for webhook in robots.get(department_id) or robots.get(None, []):
            rows.append(Delivery(key=f"{reminder.key}:hook{webhook.pk}", channel=webhook.kind, webhook=webhook,
                                 **common))
    return rows


def reminders_queue(*, today: date, now: datetime) -> int:
    """Insert the deliveries of every reminder due today; returns how many were new."""
    created = 0
    for framework in _current_frameworks():
        organisation = framework.organisation
        settings = selectors.reminder_settings_of(organisation)
        people = list(User.objects.filter(organisation=organisation, is_active=True).prefetch_related("departments"))
        clerks: dict[int, list[User]] = {}
        for person in people:
            if person.role == User.Role.CLERK:
                for department in person.departments.all():
                    clerks.setdefault(department.pk, []).append(person)
        coordinators = [p for p in people if p.role == User.Role.COORDINATOR]
        muted = set(ChannelMute.objects.filter(user__organisation=organisation).values_list("user_id", "channel"))
        robots: dict[int | None, list[Webhook]] = {}
        for webhook in Webhook.objects.filter(organisation=organisation, enabled=True):
            robots.setdefault(webhook.department_id, []).append(webhook)
        reminders = (_period_reminders(framework=framework, settings=settings, today=today, clerks=clerks,
                                       coordinators=coordinators)
                     + _review_reminders(organisation=organisation, now=now))
        rows = [row for reminder in reminders
                for row in _deliveries(reminder, organisation=organisation, muted=muted, robots=robots, now=now)]
        queued = Delivery.objects.filter(organisation=organisation)
        with transaction.atomic():
            before = queued.count()
            # The unique key does the deduplication: rows already queued or sent are skipped, and a
            # second run at the same moment loses the race quietly instead of sending twice.
            Delivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
            created += queued.count() - before
    return created


def _current_frameworks() -> list[Framework]:
    """Each organisation's latest table (the one its people work on)."""
    latest: dict[int, Framework] = {}
    for framework in Framework.objects.select_related("organisation").order_by("organisation_id", "-year", "-id"):
        latest.setdefault(framework.organisation_id, framework)
    return list(latest.values())


# --- sending ------------------------------------------------------------------------------------

def _send_outside(delivery: Delivery) -> None:
    """Email and robots: network calls, made outside any transaction (SQLite would hold its write
    lock for as long as a slow robot takes to answer)."""
    message = channels.Message(delivery.title, delivery.body, delivery.link)
    if delivery.channel == Channel.EMAIL:
        channels.send_email(message, delivery.user.email)
    else:
        webhook = delivery.webhook
        channels.send_robot(webhook.kind, webhook.url, webhook.secret, message)


def deliveries_send(*, now: datetime, result: RunResult | None = None) -> RunResult:
    """Send every pending delivery whose time has come. A failure is retried after 5, 10, 20 …
    minutes; after MAX_ATTEMPTS it is marked failed and shown to 创文办."""
    result = result or RunResult()
    due = list(Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
               .select_related("user", "webhook").order_by("next_attempt_at", "id")[:1000])
    for delivery in due:
        delivery.attempts += 1
        try:
            if delivery.channel != Channel.IN_APP:
                _send_outside(delivery)
            with transaction.atomic():
                if delivery.channel == Channel.IN_APP:
                    Notification.objects.create(user=delivery.user, title=delivery.title, body=delivery.body,
                                                link=delivery.link)
                delivery.status, delivery.sent_at, delivery.last_error = Delivery.Status.SENT, now, ""
                delivery.save(update_fields=["status", "sent_at", "last_error", "attempts"])
            result.sent += 1
        except channels.ChannelError as error:
            delivery.last_error = str(error)
            if delivery.attempts >= MAX_ATTEMPTS:
                delivery.status = Delivery.Status.FAILED
                result.failed += 1
            else:
                delivery.next_attempt_at = now + RETRY_BASE * 2 ** (delivery.attempts - 1)
                result.retrying += 1
            delivery.save(update_fields=["status", "attempts", "last_error", "next_attempt_at"])
            result.errors.append(f"{delivery.get_channel_display()}：{error}")
    return result


def reminders_run(*, today: date | None = None, now: datetime | None = None) -> RunResult:
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    result = RunResult(queued=reminders_queue(today=today, now=now))
    return deliveries_send(now=now, result=result)


@task
def run_reminders_task() -> None:
    """The reminder run on the database worker (`run_reminders --every` enqueues it)."""
    result = reminders_run()
    logger.info("reminders: %s queued, %s sent, %s retrying, %s failed",
                result.queued, result.sent, result.retrying, result.failed)


# --- notifications, mutes, feeds ------------------------------------------------------------------

def notifications_mark_read(*, user: User, pk: int | None = None) -> int:
    """Mark one (pk) or all of the user's unread notifications as read."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if pk is not None:
        unread = unread.filter(pk=pk)
    return unread.update(read_at=timezone.now())


@transaction.atomic
def channel_mutes_set(*, user: User, muted: set[str]) -> None:
    unknown = muted - set(PERSONAL_CHANNELS)
    if unknown:
        raise ScheduleRejected("无法识别的提醒渠道。")
    ChannelMute.objects.filter(user=user).exclude(channel__in=muted).delete()
    for channel in muted:
        ChannelMute.objects.get_or_create(user=user, channel=channel)


@transaction.atomic
def calendar_feed_rotate(*, user: User) -> CalendarFeed:
    """Create the user's feed token, or replace it (the old address stops working at once)."""
    feed, created = CalendarFeed.objects.get_or_create(user=user)
    if not created:
        feed.token = new_feed_token()
        feed.save(update_fields=["token"])
    return feed


# --- settings and robots (创文办) ------------------------------------------------------------------

@transaction.atomic
def reminder_settings_update(*, user: User, due_soon_days: int, overdue_repeat_days: int,
                             escalate_head_days: int, escalate_coordinator_days: int) -> ReminderSettings:
    _require_coordinator(user)
    if overdue_repeat_days < 1:
        raise ScheduleRejected("逾期重复提醒的间隔至少为 1 天。")
    if escalate_coordinator_days < escalate_head_days:
        raise ScheduleRejected("提醒创文办的天数不能早于提醒科室负责人的天数。")
    settings, _ = ReminderSettings.objects.update_or_create(organisation_id=user.organisation_id, defaults={
        "due_soon_days": due_soon_days, "overdue_repeat_days": overdue_repeat_days,
        "escalate_head_days": escalate_head_days, "escalate_coordinator_days": escalate_coordinator_days})
    return settings


@transaction.atomic
def webhook_create(*, user: User, kind: str, name: str, url: str, secret: str,
                   department: Department | None) -> Webhook:
    _require_coordinator(user)
    if department is not None and department.organisation_id != user.organisation_id:
        raise ScheduleRejected("只能为本单位的科室设置群机器人。")
    if kind not in (Channel.WECOM, Channel.DINGTALK):
        raise ScheduleRejected("请选择企业微信或钉钉。")
    return Webhook.objects.create(organisation_id=user.organisation_id, kind=kind, name=name.strip(), url=url,
                                  secret=secret.strip(), department=department)


@transaction.atomic
def webhook_delete(*, user: User, webhook: Webhook) -> None:
    _require_coordinator(user)
    webhook.delete()


def webhook_test_send(*, user: User, webhook: Webhook) -> None:
    """Send a test message now (one bounded request); raises ScheduleRejected with the reason."""
    _require_coordinator(user)
    message = channels.Message("测试消息", f"这是来自创文通的测试消息（{webhook.name}），收到说明群机器人配置正确。",
                               reverse("schedules:todo"))
    try:
        channels.send_robot(webhook.kind, webhook.url, webhook.secret, message)
    except channels.ChannelError as error:
        raise ScheduleRejected(str(error)) from error


@transaction.atomic
def delivery_retry(*, user: User, delivery: Delivery, now: datetime) -> Delivery:
    """Put a failed delivery back in the queue for the next run."""
    _require_coordinator(user)
    delivery.status, delivery.attempts, delivery.next_attempt_at = Delivery.Status.PENDING, 0, now
    delivery.save(update_fields=["status", "attempts", "next_attempt_at"])
    return delivery



# --- information reports (信息报送) ------------------------------------------------------------

def _require_department(user: User, department: Department) -> None:
    if department.pk not in department_ids_visible_to(user):
        raise ScheduleRejected("只能为自己所在的科室登记信息报送。")


@transaction.atomic
def information_report_create(*, user: User, task: Task, department: Department, title: str, sent_on: date,
                              channel: str, link: str = "") -> InformationReport:
    _require_department(user, department)
    if not task.responsibilities.filter(department=department).exists():
        raise ScheduleRejected("该科室不负责所选任务。")
    return InformationReport.objects.create(task=task, department=department, title=title.strip(), sent_on=sent_on,
                                            channel=channel.strip(), link=link, submitted_by=user)


@transaction.atomic
def information_report_adopt(*, user: User, report: InformationReport, adopted_on: date, adopted_where: str,
                             adopted_link: str = "", screenshot=None) -> InformationReport:
    """Record where and when the item was adopted, with a link or a screenshot as the proof: only a
    recorded adoption counts where a task counts 被采用."""
    _require_department(user, report.department)
    if adopted_on < report.sent_on:
        raise ScheduleRejected("采用日期不能早于报送日期。")
    if not adopted_link and not screenshot and not report.adopted_screenshot:
        raise ScheduleRejected("请填写采用链接或上传采用截图，作为被采用的依据。")
    report.adopted_on, report.adopted_where, report.adopted_link = adopted_on, adopted_where.strip(), adopted_link
    if screenshot:
        report.adopted_screenshot.save(screenshot.name, screenshot, save=False)
    report.save()
    return report


@transaction.atomic
def information_report_unadopt(*, user: User, report: InformationReport) -> InformationReport:
    """创文办 withdraws an adoption recorded by mistake."""
    _require_coordinator(user)
    report.adopted_on, report.adopted_where, report.adopted_link = None, "", ""
    report.save(update_fields=["adopted_on", "adopted_where", "adopted_link"])
    return report


@transaction.atomic
def information_report_delete(*, user: User, report: InformationReport) -> None:
    _require_department(user, report.department)
    if report.adopted and not user.is_coordinator:
        raise ScheduleRejected("已被采用的信息只有创文办可以删除。")
    report.delete()
