"""Browser journey: a clerk files an activity from a phone, the coordinator returns it, the clerk sees why."""

import re

import pytest
from playwright.sync_api import expect

from evidence.models import EvidenceFile, Submission
from evidence.tests import factories
from lib.media.tests import samples
from tests.e2e.conftest import PASSWORD

pytestmark = pytest.mark.e2e


def photo(name: str, data: bytes) -> dict:
    return {"name": name, "mimeType": "image/jpeg", "buffer": data}


def test_clerk_uploads_a_batch_from_a_phone_and_the_coordinator_returns_it(world, open_page, live_server):
    for user in (world.clerk_a, world.coordinator):
        user.set_password(PASSWORD)
        user.save()
    phone = open_page(world.clerk_a, phone=True)
    phone.goto(f"{live_server.url}/tasks/{world.task_a.pk}/")
    phone.get_by_role("link", name="新建活动资料").click()
    phone.fill("#id_title", "公益广告悬挂")
    phone.get_by_role("button", name="保存").click()
    phone.get_by_text("请上传照片和文档").wait_for()

    phone.get_by_label("选择照片（可多选）").set_input_files([
        photo("1.jpg", factories.jpeg(1)), photo("伪装.jpg", samples.pdf(["x"])), photo("2.jpg", factories.jpeg(2)),
    ])
    expect(phone.locator("[data-upload-status]")).to_have_text(re.compile("^已上传 2 张，1 个文件未通过"))
    expect(phone.locator("[data-photo-card]")).to_have_count(2)
    expect(phone.locator("[data-upload-errors]")).to_contain_text("伪装.jpg：文件内容与扩展名不符")
    expect(phone.locator("#checks")).to_contain_text("还缺3张照片（要求至少5张，已上传2张）")

    card = phone.locator("[data-photo-card]").first
    card.locator("input[name=地点]").fill("机关大门")
    card.get_by_role("button", name="保存注明").click()
    expect(card.page.locator("[data-photo-card]").first).to_contain_text("注明已保存")
    assert EvidenceFile.objects.filter(caption_place="机关大门").count() == 1

    submission = Submission.objects.get()
    desk = open_page(world.coordinator)
    desk.goto(f"{live_server.url}/evidence/submissions/{submission.pk}/")
    desk.fill("textarea[name=override_reason]", "照片另行报送")
    desk.get_by_role("button", name="提交审核").click()
    desk.get_by_text("已提交审核。").wait_for()
    desk.get_by_role("link", name="审核", exact=True).click()
    desk.get_by_role("link", name="公益广告悬挂").click()
    desk.fill("#return-comment", "请补拍3张现场照片")
    desk.get_by_role("button", name="退回修改").click()
    desk.get_by_text("已退回科室修改").wait_for()

    phone.reload()
    expect(phone.locator(".alert-danger")).to_contain_text("请补拍3张现场照片")
