"""A clerk deletes a draft by mistake; 创文办 finds it in 回收站 and restores it with its photos."""

from playwright.sync_api import expect

from evidence import services as evidence_services
from frameworks.models import Task


def test_a_deleted_draft_comes_back_from_the_recycle_bin(open_page, shoot, imported, live_server, tmp_path):
    from tests.e2e.conftest import photo_jpeg

    organisation, people = imported
    clerk, coordinator = people["xck"], people["coordinator"]
    task = Task.objects.visible_to(clerk).current().first()
    draft = evidence_services.submission_create(task=task, department=clerk.departments.get(), user=clerk,
                                                title="误删的道德讲堂")
    page = open_page(clerk)
    page.goto(f"{live_server.url}/evidence/submissions/{draft.pk}/")
    page.set_input_files("input[type=file][multiple]", [str(photo_jpeg(tmp_path / "a.jpg", 1))])
    expect(page.locator(".photo-thumb")).to_have_count(1)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="删除草稿").click()
    expect(page.get_by_text("已移入回收站")).to_be_visible()
    expect(page.get_by_role("link", name="误删的道德讲堂")).to_have_count(0)  # gone from the task page

    for phone in (False, True):
        bin_page = open_page(coordinator, phone=phone)
        bin_page.goto(f"{live_server.url}/evidence/bin/")
        expect(bin_page.get_by_role("cell", name="误删的道德讲堂")).to_be_visible()
        shoot(bin_page, f"recycle-bin-{'phone' if phone else 'desktop'}")
    bin_page.get_by_role("button", name="恢复").first.click()
    expect(bin_page.get_by_role("heading", name="误删的道德讲堂")).to_be_visible()
    expect(bin_page.locator(".photo-thumb")).to_have_count(1)
    expect(bin_page.get_by_text("已恢复")).to_be_visible()
