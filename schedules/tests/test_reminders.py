"""The reminder run: what is due, to whom, on which channel, once; retries and escalation."""

import base64
import hashlib
import hmac
import urllib.parse
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from evidence import services as evidence_services
from evidence.models import Recurrence
from schedules import services
from schedules.models import Channel, ChannelMute, Delivery, Notification, ReminderSettings, Webhook
from schedules.tests.factories import RecurrenceFactory
from scores.tests.factories import SubmissionFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def run(day: date, hour: int = 9):
    return services.reminders_run(today=day, now=datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI))


def titles(user, period="2026年3月"):
    """The user's in-app reminders about one period (earlier months are overdue meanwhile)."""
    return [n.title for n in Notification.objects.filter(user=user, body__contains=period).order_by("id")]


@pytest.fixture
def monthly(world):
    """行财科's monthly duty, due on the 25th; clerk_a has an email address."""
    world.clerk_a.email = "clerk_a@example.gov.cn"
    world.clerk_a.save()
    return RecurrenceFactory(task=world.task_a, unit=Recurrence.Unit.MONTH, due_day=25)


def test_a_period_due_soon_reminds_its_department_once(world, monthly):
    run(date(2026, 3, 17))  # 8 days before the 25th: outside the default 7 days
    assert titles(world.clerk_a) == []
    first = run(date(2026, 3, 18))
    assert titles(world.clerk_a) == ["周期任务 7 天后到期"]
    (email,) = [m for m in mail.outbox if "2026年3月" in m.body]
    assert email.to == ["clerk_a@example.gov.cn"] and "http://127.0.0.1:8000/schedules/tasks/" in email.body
    sent = len(mail.outbox)
    again = run(date(2026, 3, 18), hour=15)
    assert first.queued > 0 and again.queued == 0  # the same run again: nothing new
    assert len(mail.outbox) == sent
    run(date(2026, 3, 20))
    assert titles(world.clerk_a) == ["周期任务 7 天后到期"]
    assert titles(world.clerk_b) == [] and titles(world.coordinator) == []


def test_the_days_before_the_due_date_are_set_per_organisation(world, monthly):
    ReminderSettings.objects.create(organisation=world.organisation, due_soon_days=3)
    run(date(2026, 3, 21))
    assert titles(world.clerk_a) == []
    run(date(2026, 3, 22))
    assert titles(world.clerk_a) == ["周期任务 3 天后到期"]


def test_a_completed_period_is_not_reminded(world, monthly):
    SubmissionFactory(task=world.task_a, department=world.department_a, activity_date=date(2026, 3, 2),
                      approved=True)
    run(date(2026, 3, 20))
    run(date(2026, 3, 27))
    assert titles(world.clerk_a) == []
    assert titles(world.clerk_a, "2026年2月") == ["周期任务已逾期 23 天", "周期任务已逾期 30 天"]  # missed


def test_overdue_repeats_every_m_days_and_escalates_to_the_head_then_the_coordinator(world, monthly):
    head = UserFactory(organisation=world.organisation, username="head_a", role="leader")
    world.department_a.head = head
    world.department_a.save()
    ReminderSettings.objects.create(organisation=world.organisation, overdue_repeat_days=3, escalate_head_days=4,
                                    escalate_coordinator_days=8)
    Notification.objects.all().delete()

    def overdue_for(user):
        return [n.title for n in Notification.objects.filter(user=user, body__contains="2026年1月").order_by("id")
                if "逾期" in n.title]

    for day in range(26, 32):  # January was due on the 25th
        run(date(2026, 1, day))
    for day in range(1, 6):
        run(date(2026, 2, day))
    # Late 1 … 11 days: repeated on days 1, 4, 7, 10; the head from day 4, 创文办 from day 8.
    assert overdue_for(world.clerk_a) == ["周期任务已逾期 1 天", "周期任务已逾期 4 天", "周期任务已逾期 7 天",
                                          "周期任务已逾期 10 天"]
    assert overdue_for(head) == ["周期任务已逾期 4 天", "周期任务已逾期 7 天", "周期任务已逾期 10 天"]
    assert overdue_for(world.coordinator) == ["周期任务已逾期 8 天", "周期任务已逾期 10 天"]
    assert overdue_for(world.clerk_b) == []


def test_returned_and_approved_submissions_tell_their_author_once(world):
    submission = SubmissionFactory(task=world.task_a, department=world.department_a, created_by=world.clerk_a,
                                   status="pending", checks_passed=True)
    evidence_services.submission_return(submission=submission, user=world.coordinator, comment="照片不清晰")
    services.reminders_run()
    services.reminders_run()
    (notification,) = Notification.objects.filter(user=world.clerk_a)
    assert notification.title == "活动资料被退回，请修改后重新提交"
    assert "照片不清晰" in notification.body
    assert notification.link == f"/evidence/submissions/{submission.pk}/"
    evidence_services.submission_submit(submission=submission, user=world.coordinator, override_reason="补充说明")
    evidence_services.submission_approve(submission=submission, user=world.coordinator, override_reason="同意")
    services.reminders_run()
    assert titles(world.clerk_a, submission.title) == ["活动资料被退回，请修改后重新提交", "活动资料已审核通过"]


def test_a_muted_channel_is_not_used(world, monthly):
    ChannelMute.objects.create(user=world.clerk_a, channel=Channel.EMAIL)
    run(date(2026, 3, 20))
    assert titles(world.clerk_a) and mail.outbox == []
    assert not Delivery.objects.filter(channel=Channel.EMAIL).exists()


def test_wecom_robot_gets_a_text_message(world, monthly, robot):
    Webhook.objects.create(organisation=world.organisation, department=world.department_a, kind=Channel.WECOM,
                           name="行财科群", url=f"{robot.url}/cgi-bin/webhook/send?key=abc")
    run(date(2026, 1, 20))
    run(date(2026, 1, 20), hour=10)
    (request,) = robot.requests
    assert request["path"] == "/cgi-bin/webhook/send?key=abc"
    assert request["headers"]["Content-Type"] == "application/json"
    payload = request["json"]
    assert payload["msgtype"] == "text"
    assert payload["text"]["content"].startswith("【创文通】周期任务 5 天后到期\n行财科")


def test_dingtalk_robot_gets_a_signed_request(world, monthly, robot):
    secret = "SEC0123456789abcdef"
    Webhook.objects.create(organisation=world.organisation, kind=Channel.DINGTALK, name="创文办群",
                           url=f"{robot.url}/robot/send?access_token=tok", secret=secret)
    run(date(2026, 1, 20))
    (request,) = robot.requests  # no robot of its own: 行财科's reminder reaches the organisation's group
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(request["path"]).query)
    assert query["access_token"] == ["tok"]
    timestamp = query["timestamp"][0]
    expected = base64.b64encode(hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(),
                                         hashlib.sha256).digest()).decode()
    assert query["sign"] == [expected]
    assert request["json"] == {"msgtype": "text", "text": {"content": request["json"]["text"]["content"]}}


def test_a_failing_robot_is_retried_with_backoff_then_shown_as_failed(world, monthly, robot):
    robot.answer = {"errcode": 310000, "errmsg": "sign not match"}
    Webhook.objects.create(organisation=world.organisation, kind=Channel.DINGTALK, name="创文办群",
                           url=f"{robot.url}/robot/send?access_token=tok", secret="SECx")
    start = datetime(2026, 1, 20, 9, tzinfo=SHANGHAI)
    services.reminders_run(today=date(2026, 1, 20), now=start)
    delivery = Delivery.objects.get(channel=Channel.DINGTALK)
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert delivery.next_attempt_at == start + timedelta(minutes=5)
    assert "sign not match" in delivery.last_error
    services.deliveries_send(now=start + timedelta(minutes=4))  # not yet due
    assert len(robot.requests) == 1
    now = start
    for attempt in range(2, services.MAX_ATTEMPTS + 1):
        now = Delivery.objects.get(pk=delivery.pk).next_attempt_at
        services.deliveries_send(now=now)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, len(robot.requests)) == ("failed", 6, 6)
    assert now == start + timedelta(minutes=5 + 10 + 20 + 40 + 80)
    services.deliveries_send(now=now + timedelta(days=1))
    assert len(robot.requests) == 6  # given up
    # Other channels were not held back by the robot's failure.
    assert set(Delivery.objects.filter(channel=Channel.IN_APP).values_list("status", flat=True)) == {"sent"}


def test_an_unreachable_robot_is_a_readable_error(world, monthly):
    Webhook.objects.create(organisation=world.organisation, kind=Channel.WECOM, name="群",
                           url="http://127.0.0.1:9/cgi-bin/webhook/send?key=x")
    result = run(date(2026, 1, 20))
    assert result.retrying == 1
    assert "无法连接机器人地址" in Delivery.objects.get(channel=Channel.WECOM).last_error


def test_the_command_runs_once(world, monthly, capsys):
    from django.core.management import call_command

    call_command("run_reminders")
    assert "提醒：新排队" in capsys.readouterr().out


def test_the_loop_hands_each_run_to_the_worker(world, monthly, settings):
    from unittest import mock

    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend",

                                  "QUEUES": settings.TASK_QUEUES}}
    with mock.patch("time.sleep", side_effect=InterruptedError), pytest.raises(InterruptedError):
        call_command("run_reminders", every=3600)
    assert Delivery.objects.filter(user=world.clerk_a).exists()
