"""Pages of schedules as each persona sees them: scoping, the to-do, the calendar and its feed,
the information-report log, notifications and 创文办's settings."""

from datetime import date
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from icalendar import Calendar

from evidence.models import InformationReport, Recurrence
from evidence.services import task_rules_sync
from evidence.tests.factories import jpeg
from schedules.models import CalendarFeed, Channel, ChannelMute, Notification, ReminderSettings, Webhook
from schedules.tests.factories import InformationReportFactory, RecurrenceFactory
from scores.tests.factories import SubmissionFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 20)


@pytest.fixture(autouse=True)
def _today():
    """Every page here runs on 20 March 2026."""
    with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
        yield


def period_url(recurrence, department, start):
    return reverse("schedules:period_detail", args=[recurrence.task.pk, recurrence.pk, department.pk, start])


def test_a_clerk_lands_on_the_to_do_list(client, world):
    client.force_login(world.clerk_a)
    assert client.get("/").url == reverse("schedules:todo")
    client.force_login(world.coordinator)
    assert client.get("/").url == reverse("scores:dashboard")


def test_the_to_do_lists_returned_drafts_due_and_overdue_work_of_the_own_departments(client, world):
    RecurrenceFactory(task=world.task_a, subject="每月报送工作信息", due_day=25)
    RecurrenceFactory(task=world.task_b, subject="人事科的月度任务")
    returned = SubmissionFactory(task=world.task_a, department=world.department_a, returned=True, title="被退回的讲堂")
    SubmissionFactory(task=world.task_a, department=world.department_a, title="我的草稿")
    SubmissionFactory(task=world.task_b, department=world.department_b, title="人事科草稿")
    client.force_login(world.clerk_a)
    page = client.get(reverse("schedules:todo"))
    todo = page.context["todo"]
    assert [s.pk for s in todo.returned] == [returned.pk]
    assert [s.title for s in todo.drafts] == ["我的草稿"]
    assert [p.slot.label for p in todo.due_soon] == ["2026年3月"]  # due on the 25th, 5 days away
    assert [p.slot.label for p in todo.overdue] == ["2026年1月", "2026年2月"]
    assert {p.department for p in todo.due_soon + todo.overdue} == {world.department_a}
    # One-off tasks still to do before the deadline: 行财科's task without a recurrence.
    assert [item.task for item in todo.one_off] == [world.task_shared]
    html = page.content.decode()
    assert period_url(todo.due_soon[0].recurrence, world.department_a, "2026-03-01") in html
    assert "人事科草稿" not in html


def test_the_coordinator_filters_the_to_do_by_department(client, world):
    RecurrenceFactory(task=world.task_a)
    RecurrenceFactory(task=world.task_b)
    client.force_login(world.coordinator)
    everyone = client.get(reverse("schedules:todo")).context["todo"]
    assert {p.department for p in everyone.overdue} == {world.department_a, world.department_b}
    one = client.get(reverse("schedules:todo"), {"department": world.department_b.pk}).context["todo"]
    assert {p.department for p in one.overdue} == {world.department_b}
    bad = client.get(reverse("schedules:todo"), {"department": "x", "days": "-3"})
    assert bad.status_code == 200 and bad.context["form"].errors


def test_the_to_do_costs_the_same_queries_for_a_bigger_table(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("schedules:todo")).status_code == 200
        return len(queries)

    client.force_login(world.clerk_a)
    RecurrenceFactory(task=world.task_a)
    SubmissionFactory(task=world.task_a, department=world.department_a, returned=True)
    client.get(reverse("schedules:todo"))
    small = count()
    from tests.factories import ResponsibilityFactory, TaskFactory
    for n in range(12):
        task = TaskFactory(section=world.section)
        ResponsibilityFactory(task=task, department=world.department_a)
        RecurrenceFactory(task=task, unit=Recurrence.Unit.WEEK)
        SubmissionFactory(task=task, department=world.department_a, activity_date=date(2026, 3, n + 1))
        InformationReportFactory(task=task, department=world.department_a)
    assert count() == small


def test_the_task_page_periods_open_to_add_that_periods_evidence(client, world):
    recurrence = RecurrenceFactory(task=world.task_a, unit=Recurrence.Unit.QUARTER)
    SubmissionFactory(task=world.task_a, department=world.department_a, activity_date=date(2026, 2, 3),
                      title="一季度活动", approved=True)
    client.force_login(world.clerk_a)
    cells = client.get(reverse("schedules:task_periods", args=[world.task_a.pk]))
    assert [p.status.label for p in cells.context["duties"][0].periods] == ["已完成", "未开始", "未开始", "未开始"]
    assert period_url(recurrence, world.department_a, "2026-04-01") in cells.content.decode()
    first = client.get(period_url(recurrence, world.department_a, "2026-01-01"))
    assert [s.title for s in first.context["submissions"]] == ["一季度活动"]
    second = client.get(period_url(recurrence, world.department_a, "2026-04-01"))
    add = second.context["add_url"]
    assert add == (reverse("evidence:submission_create", args=[world.task_a.pk])
                   + f"?department={world.department_a.pk}&activity_date=2026-04-01")
    form = client.get(add).context["form"]
    assert form.initial == {"department": str(world.department_a.pk), "activity_date": "2026-04-01"}


def test_another_departments_period_is_404(client, world):
    recurrence = RecurrenceFactory(task=world.task_b)
    client.force_login(world.clerk_a)
    assert client.get(period_url(recurrence, world.department_b, "2026-01-01")).status_code == 404
    assert client.get(reverse("schedules:task_periods", args=[world.task_b.pk])).status_code == 404
    client.force_login(world.clerk_b)
    assert client.get(period_url(recurrence, world.department_b, "2026-01-01")).status_code == 200
    assert client.get(period_url(recurrence, world.department_b, "2026-01-02")).status_code == 404
    assert client.get(period_url(recurrence, world.department_b, "not-a-day")).status_code == 404


def test_the_calendar_shows_due_dates_of_the_month(client, world):
    RecurrenceFactory(task=world.task_a, subject="报送工作信息", due_day=25)
    client.force_login(world.clerk_a)
    page = client.get(reverse("schedules:calendar"), {"month": "2026-04"})
    days = {day: periods for week in page.context["weeks"] for day, periods in week if periods}
    assert list(days) == [date(2026, 4, 25)]
    html = page.content.decode()
    assert html.count("报送工作信息") == 2  # once in the grid, once in the phone's list by week
    assert html.count('<section class="mb-3">') == len(page.context["week_list"]) == 5
    assert client.get(reverse("schedules:calendar"), {"month": "2026-13"}).status_code == 200


def test_the_ical_feed_is_secret_parseable_and_rotatable(client, world):
    RecurrenceFactory(task=world.task_a, subject="报送工作信息", due_day=25)
    client.force_login(world.clerk_a)
    client.post(reverse("schedules:calendar_feed_rotate"))
    token = CalendarFeed.objects.get(user=world.clerk_a).token
    client.logout()
    response = client.get(reverse("schedules:calendar_ics", args=[token]))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    due = sorted(event.decoded("dtstart") for event in events)
    # Every month of 2026 (none done yet) on the 25th, and the 资料截止日期 (30 November).
    assert due[:3] == [date(2026, 1, 25), date(2026, 2, 25), date(2026, 3, 25)]
    assert date(2026, 11, 30) in due and len(due) == 13
    assert len({str(event["uid"]) for event in events}) == 13
    assert "报送工作信息" in str(events[0]["summary"])
    client.force_login(world.clerk_a)
    client.post(reverse("schedules:calendar_feed_rotate"))
    client.logout()
    assert client.get(reverse("schedules:calendar_ics", args=[token])).status_code == 404


def test_information_reports_are_logged_and_adopted_with_evidence(client, world):
    client.force_login(world.clerk_a)
    url = reverse("schedules:report_create")
    response = client.post(url, {"task": world.task_a.pk, "department": world.department_a.pk, "title": "我局普法",
                                 "sent_on": "2026-03-02", "channel": "市创文办", "link": ""})
    assert response.status_code == 302
    report = InformationReport.objects.get()
    assert (report.submitted_by, report.adopted) == (world.clerk_a, False)
    adopt = reverse("schedules:report_adopt", args=[report.pk])
    no_proof = client.post(adopt, {"adopted_on": "2026-03-04", "adopted_where": "益阳文明网"})
    assert "请填写采用链接或上传采用截图" in no_proof.content.decode()
    too_early = client.post(adopt, {"adopted_on": "2026-03-01", "adopted_where": "益阳文明网",
                                    "adopted_link": "https://wm.example.cn/1.html"})
    assert "采用日期不能早于报送日期" in too_early.content.decode()
    not_image = client.post(adopt, {"adopted_on": "2026-03-04", "adopted_where": "益阳文明网",
                                    "adopted_screenshot": SimpleUploadedFile("a.png", b"MZ\x90\x00 not an image")})
    assert "截图须为" in not_image.content.decode()
    report.refresh_from_db()
    assert not report.adopted
    ok = client.post(adopt, {"adopted_on": "2026-03-04", "adopted_where": "益阳文明网",
                             "adopted_screenshot": SimpleUploadedFile("shot.jpg", jpeg())})
    assert ok.status_code == 302
    report.refresh_from_db()
    assert report.adopted_on == date(2026, 3, 4) and report.adopted_screenshot
    shot = client.get(reverse("schedules:report_screenshot", args=[report.pk]))
    assert shot["Content-Type"] == "image/jpeg"
    client.force_login(world.clerk_b)
    assert client.get(reverse("schedules:report_screenshot", args=[report.pk])).status_code == 404
    assert client.get(adopt).status_code == 404


def test_a_report_for_another_department_is_refused(client, world):
    client.force_login(world.clerk_a)
    response = client.post(reverse("schedules:report_create"), {
        "task": world.task_b.pk, "department": world.department_b.pk, "title": "冒名", "sent_on": "2026-03-02",
        "channel": "市创文办"})
    assert response.status_code == 200 and not InformationReport.objects.exists()
    assert response.context["form"].errors.keys() == {"task", "department"}


def test_the_adopted_count_drives_the_score(world):
    """全年至少4条被采用: approved submissions do not count, recorded adoptions do."""
    from scores.selectors import framework_scores

    world.task_a.text = "每月报送工作信息1条，全年至少有2条以上被采用"
    world.task_a.guidance = "按要求报送"
    world.task_a.save()
    task_rules_sync(task=world.task_a)  # the import stores the recurrence rows the score reads
    for month in range(1, 4):
        SubmissionFactory(task=world.task_a, department=world.department_a, activity_date=date(2026, month, 3),
                          approved=True)

    def task_a_result():
        scores = framework_scores(framework=world.section.framework, today=date(2026, 4, 1))
        return next(t.result for t in scores.tasks if t.task == world.task_a)

    before = task_a_result()
    assert (before.windows_satisfied, before.windows_counted) == (3, 3)  # Jan–Mar; the year is still open
    report = InformationReportFactory(task=world.task_a, department=world.department_a, sent_on=date(2026, 3, 5),
                                      adopted_on=date(2026, 3, 9))
    assert task_a_result().windows_satisfied == 3  # one adoption of the two needed
    InformationReportFactory(task=world.task_a, department=world.department_a, sent_on=date(2026, 3, 10),
                             adopted_on=date(2026, 3, 12))
    after = task_a_result()
    assert (after.windows_satisfied, after.windows_counted) == (4, 4)
    report.adopted_on = None
    report.save()
    assert task_a_result().windows_satisfied == 3


def test_the_bell_counts_unread_notifications_and_marks_them_read(client, world):
    Notification.objects.create(user=world.clerk_a, title="周期任务已逾期 3 天", link="/schedules/todo/")
    Notification.objects.create(user=world.clerk_b, title="别人的")
    client.force_login(world.clerk_a)
    page = client.get(reverse("schedules:notifications"))
    assert page.context["unread_notifications"] == 1
    assert '<span class="badge rounded-pill text-bg-warning" id="unread-count">1</span>' in page.content.decode()
    response = client.post(reverse("schedules:notifications_read"), {"pk": Notification.objects.get(user=world.clerk_a).pk,
                                                                      "next": "/schedules/todo/"})
    assert response.url == "/schedules/todo/"
    assert not Notification.objects.filter(user=world.clerk_a, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=world.clerk_b, read_at__isnull=True).exists()
    evil = client.post(reverse("schedules:notifications_read"), {"next": "//evil.example.com/"})
    assert evil.url == reverse("schedules:notifications")


def test_a_user_mutes_email(client, world):
    client.force_login(world.clerk_a)
    client.post(reverse("schedules:channel_mutes"), {"muted": ["email"]})
    assert list(ChannelMute.objects.filter(user=world.clerk_a).values_list("channel", flat=True)) == ["email"]
    client.post(reverse("schedules:channel_mutes"), {"muted": ["wecom"]})
    assert ChannelMute.objects.filter(user=world.clerk_a).count() == 1  # refused, nothing changed
    client.post(reverse("schedules:channel_mutes"), {})
    assert not ChannelMute.objects.exists()


def test_only_the_coordinator_sets_reminders_and_robots(client, world, robot):
    client.force_login(world.clerk_a)
    assert client.get(reverse("schedules:settings")).status_code == 403
    client.force_login(world.coordinator)
    assert client.get(reverse("schedules:settings")).status_code == 200
    bad = client.post(reverse("schedules:settings"), {"due_soon_days": 5, "overdue_repeat_days": 2,
                                                      "escalate_head_days": 9, "escalate_coordinator_days": 3})
    assert bad.status_code == 400 and not ReminderSettings.objects.exists()
    client.post(reverse("schedules:settings"), {"due_soon_days": 5, "overdue_repeat_days": 2,
                                                "escalate_head_days": 3, "escalate_coordinator_days": 6})
    assert ReminderSettings.objects.get().due_soon_days == 5
    client.post(reverse("schedules:webhook_create"), {"kind": "wecom", "name": "行财科群",
                                                      "department": world.department_a.pk,
                                                      "url": f"{robot.url}/cgi-bin/webhook/send?key=k"})
    webhook = Webhook.objects.get()
    hostile = client.post(reverse("schedules:webhook_create"), {"kind": "dingtalk", "name": "x",
                                                                "url": "file:///etc/passwd"})
    assert hostile.status_code == 400 and "请输入机器人的完整 Webhook 地址" in hostile.content.decode()
    unknown = client.post(reverse("schedules:webhook_create"), {"kind": "slack", "name": "x",
                                                                "url": "https://example.com/hook"})
    assert unknown.status_code == 400 and Webhook.objects.count() == 1
    response = client.post(reverse("schedules:webhook_test", args=[webhook.pk]), follow=True)
    assert "已向“行财科群”发送测试消息" in response.content.decode()
    assert "测试消息" in robot.requests[0]["json"]["text"]["content"]
    robot.answer = {"errcode": 93000, "errmsg": "invalid webhook url"}
    response = client.post(reverse("schedules:webhook_test", args=[webhook.pk]), follow=True)
    assert "测试发送失败：机器人拒收：invalid webhook url" in response.content.decode()
    assert Webhook.objects.get().kind == Channel.WECOM


def test_withdrawing_an_adoption_and_deleting_a_report_from_the_log(client, world):
    report = InformationReportFactory(task=world.task_a, department=world.department_a, submitted_by=world.clerk_a,
                                      adopted_on=date(2026, 3, 9), adopted_where="益阳文明网")
    client.force_login(world.clerk_a)
    client.post(reverse("schedules:report_delete", args=[report.pk]))  # adopted: only 创文办 may delete it
    assert InformationReport.objects.filter(pk=report.pk).exists()
    client.force_login(world.coordinator)
    response = client.post(reverse("schedules:report_unadopt", args=[report.pk]), follow=True)
    report.refresh_from_db()
    assert report.adopted_on is None and "已撤销" in response.content.decode()
    client.force_login(world.clerk_a)
    client.post(reverse("schedules:report_delete", args=[report.pk]))
    assert not InformationReport.objects.filter(pk=report.pk).exists()


def test_a_clerks_scores_count_only_their_departments_information_reports(world):
    """On a shared task, 人事科's reports are not in 行财科's clerk's figures (as with submissions)."""
    from scores.selectors import framework_scores

    world.task_shared.text = "每月报送工作信息1条"
    world.task_shared.save()
    task_rules_sync(task=world.task_shared)
    InformationReportFactory(task=world.task_shared, department=world.department_b, sent_on=date(2026, 1, 5))

    def satisfied(user):
        scores = framework_scores(framework=world.section.framework, today=date(2026, 2, 1), user=user)
        return next(t.result for t in scores.tasks if t.task == world.task_shared).windows_satisfied

    assert satisfied(world.coordinator) == 1
    assert satisfied(world.clerk_a) == 0
