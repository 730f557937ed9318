"""A clerk on a phone: the to-do list is home, a due period opens in one tap, and its evidence is
added from there, dated inside the period; the reminder run shows up on the bell."""

import re

from django.utils import timezone
from playwright.sync_api import expect

from evidence.models import Recurrence, Submission
from frameworks.models import Responsibility
from schedules.models import ReminderSettings
from schedules.services import reminders_run

SUBJECT = "报送本科室创文工作信息"


def test_clerk_opens_a_due_period_from_the_to_do_and_adds_its_evidence(open_page, shoot, imported, live_server):
    organisation, people = imported
    lead = (Responsibility.objects.filter(task__section__framework__organisation=organisation,
                                          department__name="行财科", role=Responsibility.Role.LEAD)
            .select_related("task").first())
    task = lead.task
    Recurrence.objects.create(task=task, unit=Recurrence.Unit.MONTH, min_count=1, subject=SUBJECT)
    # This month's period ends within 31 days whatever today is, so it is always "due soon".
    ReminderSettings.objects.create(organisation=organisation, due_soon_days=31)
    reminders_run()
    today = timezone.localdate()

    phone = open_page(people["xck"], phone=True)
    expect(phone.get_by_role("heading", name="我的待办")).to_be_visible()
    expect(phone.locator("#unread-count")).to_be_visible()
    due = phone.locator("section", has=phone.get_by_role("heading", name=re.compile("天内到期")))
    line = due.get_by_role("link", name=re.compile(SUBJECT))
    expect(line).to_have_count(1)
    expect(line).to_contain_text(f"{today.year}年{today.month}月")
    shoot(phone, "schedules-01-todo-phone")

    line.click()
    expect(phone.get_by_role("heading", name=SUBJECT)).to_be_visible()
    expect(phone.get_by_text("本期还没有资料")).to_be_visible()
    shoot(phone, "schedules-02-period-phone")
    phone.get_by_role("link", name="添加本期资料").click()
    expect(phone.get_by_label("活动日期")).to_have_value(today.isoformat())
    phone.get_by_label("活动名称").fill(f"{today.month}月创文工作信息")
    shoot(phone, "schedules-03-new-submission-phone")
    phone.get_by_role("button", name="保存").click()
    expect(phone.get_by_text("活动资料已新建")).to_be_visible()

    submission = Submission.objects.get(task=task)
    assert (submission.department.name, submission.activity_date) == ("行财科", today)
    phone.go_back()
    phone.go_back()
    phone.reload()
    expect(phone.get_by_role("link", name=re.compile(f"{today.month}月创文工作信息"))).to_be_visible()
    expect(phone.get_by_text("进行中").first).to_be_visible()
    shoot(phone, "schedules-04-period-with-draft-phone")

    # The task page shows the same period as a cell of its row.
    phone.goto(f"{live_server.url}/tasks/{task.pk}/")
    cell = phone.locator(".period-cell", has_text=f"{today.month}月").first
    expect(cell).to_have_class(re.compile("period-in_progress"))
    shoot(phone, "schedules-05-task-periods-phone")
