"""Getting in and being kept out: keyboard-only log-in, a wrong password, pages outside a clerk's
scope or role, and what people see before anything has been imported."""

import re

from playwright.sync_api import expect

from evidence import services as evidence_services
from frameworks.models import Task
from org.models import User
from org.services import user_create
from tests.e2e.conftest import PASSWORD


def test_keyboard_only_log_in_after_a_wrong_password(open_page, shoot, imported, live_server):
    page = open_page()
    page.goto(f"{live_server.url}/tasks/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/tasks/"))
    username, password = page.get_by_label("用户名"), page.get_by_label("密码")
    expect(username).to_be_focused()  # autofocus: typing starts at once

    page.keyboard.type("xck")
    page.keyboard.press("Tab")
    expect(password).to_be_focused()
    page.keyboard.type("not-the-password")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_have_text("用户名或密码不正确，请重新输入。")
    expect(username).to_have_value("xck")
    expect(password).to_have_value("")
    shoot(page, "access-01-wrong-password")

    # Still keyboard only: from the name field, Tab to the password and Enter to log in.
    username.focus()
    page.keyboard.press("Tab")
    expect(password).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/tasks/")
    expect(page.get_by_role("heading", name="我的任务")).to_be_visible()
    expect(page.get_by_role("link", name="我的任务")).to_have_attribute("aria-current", "page")

    # The first Tab on a page offers a way past the navigation.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="跳到正文")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    shoot(page, "access-02-skip-link")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_wrong_password_on_a_phone(open_page, shoot, imported, live_server):
    page = open_page(phone=True)
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill("xck")
    page.get_by_label("密码").fill("wrong")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("alert")).to_have_text("用户名或密码不正确，请重新输入。")
    shoot(page, "access-03-wrong-password-phone")


def test_a_clerk_is_kept_out_of_other_departments_and_coordinator_pages(open_page, shoot, imported, live_server):
    organisation, people = imported
    other_task = Task.objects.get(section__framework__organisation=organisation, ref="未成年人服务-1")
    assert list(other_task.responsibilities.values_list("department__name", flat=True)) == ["人事科"]
    other_submission = evidence_services.submission_create(
        task=other_task, department=organisation.departments.get(name="人事科"), user=people["rsk"],
        title="六一亲子活动")

    phone = open_page(people["xck"], phone=True)
    for path in (f"/tasks/{other_task.pk}/", f"/evidence/submissions/{other_submission.pk}/",
                 f"/evidence/tasks/{other_task.pk}/new/"):
        response = phone.goto(f"{live_server.url}{path}")
        assert response.status == 404, path
        expect(phone.get_by_role("heading", name="找不到这个页面")).to_be_visible()
        expect(phone.get_by_text("六一亲子活动")).to_have_count(0)
    shoot(phone, "access-04-not-found-phone")
    phone.get_by_role("link", name="回到首页").click()
    expect(phone.get_by_role("heading", name="我的待办")).to_be_visible()

    for path in ("/scores/", "/evidence/review/", "/import/"):
        response = phone.goto(f"{live_server.url}{path}")
        assert response.status == 403, path
        expect(phone.get_by_role("heading", name="无权访问")).to_be_visible()
    expect(phone.get_by_text("您的角色无权访问此页面。")).to_be_visible()
    shoot(phone, "access-05-forbidden-phone")

    desk = open_page(people["xck"])
    desk.goto(f"{live_server.url}/tasks/{other_task.pk}/")
    expect(desk.get_by_role("heading", name="找不到这个页面")).to_be_visible()
    shoot(desk, "access-06-not-found")


def test_before_the_table_is_imported_every_page_says_what_to_do(open_page, shoot, unit, live_server):
    organisation, people = unit
    desk = open_page(people["coordinator"])
    expect(desk.get_by_role("heading", name="驾驶舱")).to_be_visible()
    expect(desk.get_by_text("还没有导入任务分解表")).to_be_visible()
    shoot(desk, "empty-01-dashboard")
    desk.get_by_role("link", name="导入任务分解表").click()
    expect(desk.get_by_role("heading", name="导入任务分解表")).to_be_visible()
    expect(desk.get_by_label("考核年度")).not_to_have_value("")
    for path, text in (("/tasks/", "还没有导入任务分解表"), ("/evidence/review/", "没有待审核的资料"),
                       ("/scores/list/", "还没有导入任务分解表"), ("/exports/", "还没有导入任务分解表"),
                       ("/departments/", "暂无科室")):
        desk.goto(f"{live_server.url}{path}")
        expect(desk.get_by_text(text)).to_be_visible()
        shoot(desk, "empty-02" + path.replace("/", "-").rstrip("-"))

    clerk = user_create(organisation=organisation, username="newclerk", password=PASSWORD, role=User.Role.CLERK,
                        full_name="新来的资料员")
    phone = open_page(clerk, phone=True)
    expect(phone.get_by_role("heading", name="我的待办")).to_be_visible()
    expect(phone.get_by_text("请联系创文办导入")).to_be_visible()
    shoot(phone, "empty-03-clerk-tasks-phone")
