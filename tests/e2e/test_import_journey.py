from playwright.sync_api import expect

from frameworks.models import Task
from org.models import User
from org.services import user_create
from tests.e2e.conftest import DEMO_TABLE, PASSWORD, photo_jpeg


def test_coordinator_imports_the_table_and_a_clerk_sees_only_their_tasks(
        open_page, shoot, unit, live_server, tmp_path, settings):
    # The parse runs as the background worker would, at once (no db_worker beside the live server).
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
                                  "QUEUES": settings.TASK_QUEUES}}
    organisation, people = unit
    page = open_page(people["coordinator"])
    page.get_by_role("link", name="导入分解表").click()
    expect(page.get_by_role("link", name="导入分解表")).to_have_attribute("aria-current", "page")

    # A photo saved as .docx by mistake: a Chinese reason and a way back, nothing imported.
    wrong = photo_jpeg(tmp_path / "分解表.docx", seed=7)
    page.set_input_files("#id_file", str(wrong))
    page.get_by_role("button", name="上传并预览").click()
    expect(page.get_by_text("不支持的文件格式")).to_be_visible()
    expect(page.get_by_role("button", name="确认导入")).to_have_count(0)
    shoot(page, "import-01-wrong-file")

    page.set_input_files("#id_file", str(DEMO_TABLE))
    page.fill("#id_year", "2026")
    page.get_by_role("button", name="上传并预览").click()
    page.get_by_text("50 项任务").wait_for()
    assert "合计 100 分" in page.content()
    assert not Task.objects.exists()
    shoot(page, "import-preview")

    # The coordinator corrects what a column means; the table is parsed again at once.
    guidance = page.get_by_label("工作建议", exact=True)
    expect(guidance).to_have_value("guidance")
    guidance.select_option("extra")
    page.get_by_role("button", name="按此含义重新解析").click()
    expect(page.get_by_text("自动识别为：工作要求（佐证资料）").first).to_be_visible()
    shoot(page, "import-columns-corrected")
    page.get_by_label("工作建议", exact=True).select_option("guidance")
    page.get_by_role("button", name="按此含义重新解析").click()
    page.get_by_text("50 项任务").wait_for()
    page.get_by_role("button", name="确认导入").click()
    page.get_by_text("导入完成").wait_for()
    assert Task.objects.filter(section__framework__organisation=organisation).count() == 50
    shoot(page, "import-02-done")

    page.get_by_role("link", name="科室", exact=True).click()
    expect(page.get_by_role("heading", name="科室")).to_be_visible()
    page.get_by_role("link", name="公共法律服务中心").click()
    expect(page.get_by_label("别名")).to_have_value("法援中心")
    shoot(page, "import-03-department")

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
    phone.get_by_placeholder("搜索细则、工作要求或编号").fill("没有这样的任务")
    expect(phone.get_by_text("没有符合条件的任务")).to_be_visible()
    shoot(phone, "clerk-task-list-no-match-phone")
