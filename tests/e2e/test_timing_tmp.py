"""The evidence round trip: a clerk on a phone uploads and submits, the coordinator returns it,
the clerk fixes and resubmits, the coordinator approves; the dashboard and the Excel export
show the new projected score."""

import re
from datetime import date

import openpyxl
from playwright.sync_api import expect

from evidence.models import EvidenceFile, Submission
from frameworks.models import Task
from tests.e2e.conftest import photo_jpeg

TASK_TEXT = "制作悬挂社会主义核心价值观"  # 共性任务 创建氛围-2: 行财科 leads, 2 points, at least 5 photos


def test_clerk_submits_coordinator_returns_then_approves_and_scores_follow(
        open_page, shoot, imported, live_server, tmp_path, settings):
    T0=__import__("time").time()
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    print("T", round(__import__("time").time()-T0,2), 'settings.TASKS = {"default": {"BACKEND": "django.t')
    organisation, people = imported
    print("T", round(__import__("time").time()-T0,2), 'organisation, people = imported')
    task = Task.objects.get(section__framework__organisation=organisation, text__contains=TASK_TEXT)
    print("T", round(__import__("time").time()-T0,2), 'task = Task.objects.get(section__framework__organi')
    photos = [str(photo_jpeg(tmp_path / f"门楼公益广告{n}.jpg", seed=n)) for n in range(1, 6)]
    print("T", round(__import__("time").time()-T0,2), 'photos = [str(photo_jpeg(tmp_path / f"门楼公益广告{n}.jp')
    fake = tmp_path / "活动方案.jpg"
    print("T", round(__import__("time").time()-T0,2), 'fake = tmp_path / "活动方案.jpg"')
    fake.write_text("这不是照片，是改了扩展名的文本文件。", encoding="utf-8")
    print("T", round(__import__("time").time()-T0,2), 'fake.write_text("这不是照片，是改了扩展名的文本文件。", encoding="ut')

    # The coordinator's dashboard before any evidence: nothing projected yet.
    desk = open_page(people["coordinator"])
    print("T", round(__import__("time").time()-T0,2), 'desk = open_page(people["coordinator"])')
    expect(desk.get_by_role("heading", name="驾驶舱")).to_be_visible()
    print("T", round(__import__("time").time()-T0,2), 'expect(desk.get_by_role("heading", name="驾驶舱")).to')
    projected = desk.locator(".card", has_text="预计得分").locator(".stat-value").first
    print("T", round(__import__("time").time()-T0,2), 'projected = desk.locator(".card", has_text="预计得分")')
    expect(projected).to_contain_text("0 / 100 分")
    print("T", round(__import__("time").time()-T0,2), 'expect(projected).to_contain_text("0 / 100 分")')
    shoot(desk, "evidence-01-dashboard-before")
    print("T", round(__import__("time").time()-T0,2), 'shoot(desk, "evidence-01-dashboard-before")')

    # --- the clerk, on a phone, finds the task and starts an activity -----------------------------
    phone = open_page(people["xck"], phone=True)
    print("T", round(__import__("time").time()-T0,2), 'phone = open_page(people["xck"], phone=True)')
    expect(phone.get_by_role("heading", name="我的任务")).to_be_visible()
    print("T", round(__import__("time").time()-T0,2), 'expect(phone.get_by_role("heading", name="我的任务")).')
    phone.get_by_placeholder("搜索细则、工作要求或编号").fill("门楼")
    print("T", round(__import__("time").time()-T0,2), 'phone.get_by_placeholder("搜索细则、工作要求或编号").fill("门楼"')
    expect(phone.locator("[data-task-card]")).to_have_count(1)
    print("T", round(__import__("time").time()-T0,2), 'expect(phone.locator("[data-task-card]")).to_have_')
    phone.locator("[data-task-card]").click()
    print("T", round(__import__("time").time()-T0,2), 'phone.locator("[data-task-card]").click()')
    expect(phone.get_by_role("heading", name=re.compile(TASK_TEXT))).to_be_visible()
    print("T", round(__import__("time").time()-T0,2), 'expect(phone.get_by_role("heading", name=re.compil')
    shoot(phone, "evidence-02-task-phone")
    print("T", round(__import__("time").time()-T0,2), 'shoot(phone, "evidence-02-task-phone")')
    phone.get_by_role("link", name="新建活动资料").click()
    print("T", round(__import__("time").time()-T0,2), 'phone.get_by_role("link", name="新建活动资料").click()')
    phone.get_by_label("活动名称").fill("门楼公益广告更新")
    print("T", round(__import__("time").time()-T0,2), 'phone.get_by_label("活动名称").fill("门楼公益广告更新")')
    phone.get_by_label("活动日期").fill(date.today().isoformat())
    print("T", round(__import__("time").time()-T0,2), 'phone.get_by_label("活动日期").fill(date.today().isofo')
    shoot(phone, "evidence-03-new-submission-phone")
    print("T", round(__import__("time").time()-T0,2), 'shoot(phone, "evidence-03-new-submission-phone")')
    phone.get_by_role("button", name="保存").click()
    print("T", round(__import__("time").time()-T0,2), 'phone.get_by_role("button", name="保存").click()')
    expect(phone.get_by_text("活动资料已新建")).to_be_visible()
    print("T", round(__import__("time").time()-T0,2), 'expect(phone.get_by_text("活动资料已新建")).to_be_visible')
    submission = Submission.objects.get(task=task)
    print("T", round(__import__("time").time()-T0,2), 'submission = Submission.objects.get(task=task)')
    assert submission.status == Submission.Status.DRAFT and submission.department.name == "行财科"
    print("T", round(__import__("time").time()-T0,2), 'assert submission.status == Submission.Status.DRAF')

    # Five photos and a text file pretending to be one, in one batch: the fake is refused in
    # Chinese, the photos are kept.
    phone.get_by_label("选择照片（可多选）").set_input_files([*photos[:3], str(fake), *photos[3:]])
    print("T", round(__import__("time").time()-T0,2), 'phone.get_by_label("选择照片（可多选）").set_input_files([*')
    expect(phone.locator("[data-upload-status]")).to_contain_text("已上传 5 张")
    print("T", round(__import__("time").time()-T0,2), 'expect(phone.locator("[data-upload-status]")).to_c')
    expect(phone.locator("[data-upload-errors] li")).to_have_count(1)
    print("T", round(__import__("time").time()-T0,2), 'expect(phone.locator("[data-upload-errors] li")).t')
    expect(phone.locator("[data-upload-errors]")).to_contain_text("活动方案.jpg：")
    print("T", round(__import__("time").time()-T0,2), 'expect(phone.locator("[data-upload-errors]")).to_c')
    expect(phone.locator("[data-photo-card]")).to_have_count(5)
    print("T", round(__import__("time").time()-T0,2), 'expect(phone.locator("[data-photo-card]")).to_have')
    assert submission.files.filter(role=EvidenceFile.Role.PHOTO).count() == 5
    print("T", round(__import__("time").time()-T0,2), 'assert submission.files.filter(role=EvidenceFile.R')
    shoot(phone, "evidence-04-uploaded-with-error-phone")
    print("T", round(__import__("time").time()-T0,2), 'shoot(phone, "evidence-04-uploaded-with-error-phon')

    # The shooting time came from EXIF; the clerk writes a subject on the first photo …
    first = phone.locator("[data-photo-card]").first
    print("T", round(__import__("time").time()-T0,2), 'first = phone.locator("[data-photo-card]").first')
    expect(first.get_by_label("时间")).to_have_value(re.compile(rf"{date.today().year}年"))
    print("T", round(__import__("time").time()-T0,2), 'expect(first.get_by_label("时间")).to_have_value(re.')
    first.get_by_label("主题").fill("社会主义核心价值观公益广告")
    print("T", round(__import__("time").time()-T0,2), 'first.get_by_label("主题").fill("社会主义核心价值观公益广告")')
    first.get_by_role("button", name="保存注明").click()
    print("T", round(__import__("time").time()-T0,2), 'first.get_by_role("button", name="保存注明").click()')
    expect(phone.locator("[data-photo-card]").first.get_by_text("注明已保存")).to_be_visible()
    print("T", round(__import__("time").time()-T0,2), 'expect(phone.locator("[data-photo-card]").first.ge')
    # … and the same subject on all the others at once. (The batch form is only rendered when the
    # page loads with photos, so the page is reloaded first; see the report of this journey.)
    phone.reload()
    print("T", round(__import__("time").time()-T0,2), 'phone.reload()')
    phone.get_by_text("批量填写注明").click()
    print("T", round(__import__("time").time()-T0,2), 'phone.get_by_text("批量填写注明").click()')
    phone.get_by_label("主题", exact=True).last.fill("社会主义核心价值观公益广告")
    print("T", round(__import__("time").time()-T0,2), 'phone.get_by_label("主题", exact=True).last.fill("社会')
    phone.get_by_role("button", name="填写到全部照片").click()
    print("T", round(__import__("time").time()-T0,2), 'phone.get_by_role("button", name="填写到全部照片").click(')
    expect(phone.get_by_text("已为 4 张照片填写注明")).to_be_visible()
    print("T", round(__import__("time").time()-T0,2), 'expect(phone.get_by_text("已为 4 张照片填写注明")).to_be_vi')
    assert set(submission.files.values_list("caption_subject", flat=True)) == {"社会主义核心价值观公益广告"}
    print("T", round(__import__("time").time()-T0,2), 'assert set(submission.files.values_list("caption_s')

    phone.get_by_role("button", name="提交审核").click()
    print("T", round(__import__("time").time()-T0,2), 'phone.get_by_role("button", name="提交审核").click()')
    expect(phone.get_by_text("已提交审核")).to_be_visible()
    print("T", round(__import__("time").time()-T0,2), 'expect(phone.get_by_text("已提交审核")).to_be_visible()')
    submission.refresh_from_db()
    print("T", round(__import__("time").time()-T0,2), 'submission.refresh_from_db()')
    assert submission.status == Submission.Status.PENDING
    print("T", round(__import__("time").time()-T0,2), 'assert submission.status == Submission.Status.PEND')
    shoot(phone, "evidence-05-submitted-phone")
    print("T", round(__import__("time").time()-T0,2), 'shoot(phone, "evidence-05-submitted-phone")')

    # --- the coordinator returns it with a comment ------------------------------------------------
    desk.get_by_role("link", name="审核", exact=True).click()
    print("T", round(__import__("time").time()-T0,2), 'desk.get_by_role("link", name="审核", exact=True).cl')
    expect(desk.get_by_role("heading", name="审核活动资料")).to_be_visible()
    print("T", round(__import__("time").time()-T0,2), 'expect(desk.get_by_role("heading", name="审核活动资料"))')
    shoot(desk, "evidence-06-review-queue")
    print("T", round(__import__("time").time()-T0,2), 'shoot(desk, "evidence-06-review-queue")')
    desk.get_by_role("link", name="门楼公益广告更新").click()
    print("T", round(__import__("time").time()-T0,2), 'desk.get_by_role("link", name="门楼公益广告更新").click()')
    desk.get_by_label("退回意见").fill("照片没有注明地点，请补充每张照片的拍摄地点。")
    print("T", round(__import__("time").time()-T0,2), 'desk.get_by_label("退回意见").fill("照片没有注明地点，请补充每张照片的拍')
    shoot(desk, "evidence-07-review-detail")
    print("T", round(__import__("time").time()-T0,2), 'shoot(desk, "evidence-07-review-detail")')
    desk.get_by_role("button", name="退回修改").click()
    print("T", round(__import__("time").time()-T0,2), 'desk.get_by_role("button", name="退回修改").click()')
    expect(desk.get_by_text("已退回科室修改")).to_be_visible()
    print("T", round(__import__("time").time()-T0,2), 'expect(desk.get_by_text("已退回科室修改")).to_be_visible(')
    submission.refresh_from_db()
    print("T", round(__import__("time").time()-T0,2), 'submission.refresh_from_db()')
    assert submission.status == Submission.Status.RETURNED
    print("T", round(__import__("time").time()-T0,2), 'assert submission.status == Submission.Status.RETU')
    assert submission.review_comment == "照片没有注明地点，请补充每张照片的拍摄地点。"
    print("T", round(__import__("time").time()-T0,2), 'assert submission.review_comment == "照片没有注明地点，请补充每')

    # --- the clerk sees why, fixes it and submits again --------------------------------------------
    phone.reload()
    print("T", round(__import__("time").time()-T0,2), 'phone.reload()')
    expect(phone.get_by_text("已退回，请按意见修改后重新提交")).to_be_visible()
    print("T", round(__import__("time").time()-T0,2), 'expect(phone.get_by_text("已退回，请按意见修改后重新提交")).to_be')
    expect(phone.get_by_text("照片没有注明地点").first).to_be_visible()
    print("T", round(__import__("time").time()-T0,2), 'expect(phone.get_by_text("照片没有注明地点").first).to_be_')
    shoot(phone, "evidence-08-returned-phone")
    print("T", round(__import__("time").time()-T0,2), 'shoot(phone, "evidence-08-returned-phone")')
    phone.get_by_text("批量填写注明").click()
    print("T", round(__import__("time").time()-T0,2), 'phone.get_by_text("批量填写注明").click()')
    phone.get_by_label("地点", exact=True).last.fill("市司法局机关大院门楼")
    print("T", round(__import__("time").time()-T0,2), 'phone.get_by_label("地点", exact=True).last.fill("市司')
    phone.get_by_role("button", name="填写到全部照片").click()
    print("T", round(__import__("time").time()-T0,2), 'phone.get_by_role("button", name="填写到全部照片").click(')
    expect(phone.get_by_text("已为 5 张照片填写注明")).to_be_visible()
    print("T", round(__import__("time").time()-T0,2), 'expect(phone.get_by_text("已为 5 张照片填写注明")).to_be_vi')
    phone.get_by_role("button", name="重新提交审核").click()
    print("T", round(__import__("time").time()-T0,2), 'phone.get_by_role("button", name="重新提交审核").click()')
    expect(phone.get_by_text("已提交审核")).to_be_visible()
    print("T", round(__import__("time").time()-T0,2), 'expect(phone.get_by_text("已提交审核")).to_be_visible()')
    submission.refresh_from_db()
    print("T", round(__import__("time").time()-T0,2), 'submission.refresh_from_db()')
    assert submission.status == Submission.Status.PENDING
    print("T", round(__import__("time").time()-T0,2), 'assert submission.status == Submission.Status.PEND')
    assert set(submission.files.values_list("caption_place", flat=True)) == {"市司法局机关大院门楼"}
    print("T", round(__import__("time").time()-T0,2), 'assert set(submission.files.values_list("caption_p')

    # --- the coordinator approves ----------------------------------------------------------------
    desk.get_by_role("link", name="审核", exact=True).click()
    print("T", round(__import__("time").time()-T0,2), 'desk.get_by_role("link", name="审核", exact=True).cl')
    desk.get_by_role("link", name="门楼公益广告更新").click()
    print("T", round(__import__("time").time()-T0,2), 'desk.get_by_role("link", name="门楼公益广告更新").click()')
    expect(desk.locator("[data-photo-card]").first.get_by_label("地点")).to_have_value("市司法局机关大院门楼")
    print("T", round(__import__("time").time()-T0,2), 'expect(desk.locator("[data-photo-card]").first.get')
    desk.get_by_label("审核意见（可不填）").fill("资料齐全。")
    print("T", round(__import__("time").time()-T0,2), 'desk.get_by_label("审核意见（可不填）").fill("资料齐全。")')
    desk.get_by_role("button", name="通过").click()
    print("T", round(__import__("time").time()-T0,2), 'desk.get_by_role("button", name="通过").click()')
    expect(desk.get_by_text("已审核通过")).to_be_visible()
    print("T", round(__import__("time").time()-T0,2), 'expect(desk.get_by_text("已审核通过")).to_be_visible()')
    submission.refresh_from_db()
    print("T", round(__import__("time").time()-T0,2), 'submission.refresh_from_db()')
    assert submission.status == Submission.Status.APPROVED
    print("T", round(__import__("time").time()-T0,2), 'assert submission.status == Submission.Status.APPR')

    # --- the dashboard shows the task's 2 points ---------------------------------------------------
    desk.get_by_role("link", name="驾驶舱").click()
    print("T", round(__import__("time").time()-T0,2), 'desk.get_by_role("link", name="驾驶舱").click()')
    expect(projected).to_contain_text("2 / 100 分")
    print("T", round(__import__("time").time()-T0,2), 'expect(projected).to_contain_text("2 / 100 分")')
    expect(desk.get_by_text(re.compile(r"已达标 1 / \d+ 项"))).to_be_visible()
    print("T", round(__import__("time").time()-T0,2), 'expect(desk.get_by_text(re.compile(r"已达标 1 / \\d+ 项')
    shoot(desk, "evidence-09-dashboard-after")
    print("T", round(__import__("time").time()-T0,2), 'shoot(desk, "evidence-09-dashboard-after")')

    # --- the Excel export downloads and opens ------------------------------------------------------
    desk.get_by_role("link", name="导出 Excel").click()
    print("T", round(__import__("time").time()-T0,2), 'desk.get_by_role("link", name="导出 Excel").click()')
    desk.get_by_role("button", name=re.compile("生成.*进度表")).click()
    print("T", round(__import__("time").time()-T0,2), 'desk.get_by_role("button", name=re.compile("生成.*进度')
    download_link = desk.get_by_role("link", name="下载")
    print("T", round(__import__("time").time()-T0,2), 'download_link = desk.get_by_role("link", name="下载"')
    expect(download_link).to_be_visible()
    print("T", round(__import__("time").time()-T0,2), 'expect(download_link).to_be_visible()')
    shoot(desk, "evidence-10-export")
    print("T", round(__import__("time").time()-T0,2), 'shoot(desk, "evidence-10-export")')
    with desk.expect_download() as info:
        download_link.click()
    download = info.value
    print("T", round(__import__("time").time()-T0,2), 'download = info.value')
    assert download.suggested_filename.endswith(".xlsx")
    print("T", round(__import__("time").time()-T0,2), 'assert download.suggested_filename.endswith(".xlsx')
    path = tmp_path / download.suggested_filename
    print("T", round(__import__("time").time()-T0,2), 'path = tmp_path / download.suggested_filename')
    download.save_as(path)
    print("T", round(__import__("time").time()-T0,2), 'download.save_as(path)')
    workbook = openpyxl.load_workbook(path)
    print("T", round(__import__("time").time()-T0,2), 'workbook = openpyxl.load_workbook(path)')
    sheet = workbook["共性任务"]
    print("T", round(__import__("time").time()-T0,2), 'sheet = workbook["共性任务"]')
    headers = [cell.value for cell in sheet[3]]
    print("T", round(__import__("time").time()-T0,2), 'headers = [cell.value for cell in sheet[3]]')
    assert headers[:10] == ["考核项目", "考核实施细则", "分值", "责任科室", "状态", "资料完成情况",
                            "预计得分", "自评分", "实际得分", "逾期"]
    row = next(r for r in sheet.iter_rows(min_row=4, values_only=True) if r[1] and TASK_TEXT in r[1])
    print("T", round(__import__("time").time()-T0,2), 'row = next(r for r in sheet.iter_rows(min_row=4, v')
    assert row[4] == "已达标"
    print("T", round(__import__("time").time()-T0,2), 'assert row[4] == "已达标"')
    assert str(row[6]) in {"2", "2.0", "2.00"}
    print("T", round(__import__("time").time()-T0,2), 'assert str(row[6]) in {"2", "2.0", "2.00"}')
