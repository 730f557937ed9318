from pathlib import Path

from django.conf import settings
from playwright.sync_api import expect

from frameworks.models import Task
from org.models import User
from org.services import user_create
from tests.e2e.conftest import PASSWORD

DEMO_TABLE = Path(settings.BASE_DIR) / "demo" / "yiyang-sfj-task-table.docx"


def test_coordinator_imports_the_table_and_a_clerk_sees_only_their_tasks(open_page, shoot, unit, live_server):
    organisation, people = unit
    page = open_page(people["coordinator"])
    page.get_by_role("link", name="导入分解表").click()
    page.set_input_files("#id_file", str(DEMO_TABLE))
    page.fill("#id_year", "2026")
    page.get_by_role("button", name="上传并预览").click()
    page.get_by_text("50 项任务").wait_for()
    assert "合计 100 分" in page.content()
    shoot(page, "import-preview")
    page.get_by_role("button", name="确认导入").click()
    page.get_by_text("导入完成").wait_for()
    assert Task.objects.filter(section__framework__organisation=organisation).count() == 50

    clerk = user_create(organisation=organisation, username="xck", password=PASSWORD, role=User.Role.CLERK,
                        departments=[organisation.departments.get(name="行财科")])
    phone = open_page(clerk, phone=True)
    phone.goto(f"{live_server.url}/tasks/")
    phone.get_by_role("heading", name="我的任务").wait_for()
    shoot(phone, "clerk-task-list-phone")
    rows = phone.locator("[data-task-card]")
    visible = Task.objects.visible_to(clerk).current().count()
    assert rows.count() == visible < 50
    phone.get_by_placeholder("搜索细则、工作要求或编号").fill("门前三包")
    expect(phone.locator("[data-task-card]")).to_have_count(1)
