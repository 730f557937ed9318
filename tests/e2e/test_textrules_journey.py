"""The coordinator corrects a misread recurring duty on 周期性任务 and the score detail follows."""

from playwright.sync_api import expect

from evidence.models import Recurrence
from frameworks.models import Task


def test_coordinator_corrects_a_recurrence_and_the_task_page_shows_it(open_page, shoot, imported, live_server):
    organisation, people = imported
    task = Task.objects.get(section__framework__organisation=organisation, text__contains="每2个月组织开展一次道德讲堂")
    [row] = Recurrence.objects.filter(task=task)  # stored by the import, before anyone opened a page

    desk = open_page(people["coordinator"])
    desk.goto(f"{live_server.url}/tasks/{task.pk}/")
    panel = desk.locator(".card", has_text="周期性任务")
    expect(panel).to_contain_text("每2个月至少1次")
    panel.get_by_role("link", name="修改").click()
    card = desk.locator(f"#rec-{row.pk}")
    expect(card).to_contain_text("原文：“每2个月组织开展一次道德讲堂或法治讲坛活动”")
    card.locator("summary").click()
    card.get_by_label("每几个周期").fill("1")
    card.get_by_label("每期至少几次").fill("2")
    card.get_by_role("button", name="保存").click()
    expect(desk.locator(".alert-success")).to_contain_text("已保存")
    expect(desk.locator(f"#rec-{row.pk}")).to_contain_text("每月至少2次")
    expect(desk.locator(f"#rec-{row.pk}")).to_contain_text("已人工修改")
    shoot(desk, "textrules-01-recurrence-edited")

    phone = open_page(people["coordinator"], phone=True)
    phone.goto(f"{live_server.url}/evidence/tasks/{task.pk}/recurrences/")
    expect(phone.locator(f"#rec-{row.pk}")).to_contain_text("每月至少2次")
    shoot(phone, "textrules-02-recurrences-phone")
    row.refresh_from_db()
    assert (row.unit, row.interval, row.min_count, row.edited) == ("month", 1, 2, True)
