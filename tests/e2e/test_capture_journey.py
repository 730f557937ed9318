"""A clerk on a phone, from opening the app to a submitted activity with 5 captioned photos, a plan
and a summary — counting every tap, typed field and file choice on the way."""

import re
from datetime import datetime, timedelta

import docx
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from evidence.models import EvidenceFile, Submission
from tests.e2e.conftest import DEMO_TABLE, photo_jpeg

TASK_TEXT = "制作悬挂社会主义核心价值观"  # 共性任务 创建氛围-2: 行财科 leads, at least 5 photos
MOST_ACTIONS = 25


class Actions:
    """What a person does on the page, counted: a click or tap, a typed field, a file choice."""

    def __init__(self):
        self.count = 0

    def click(self, locator):
        self.count += 1
        locator.click()

    def fill(self, locator, text: str):
        self.count += 1
        locator.fill(text)

    def choose(self, locator, files: list[str]):
        self.count += 1
        locator.set_input_files(files)


def _document(path, text: str) -> str:
    document = docx.Document()
    document.add_paragraph(text)
    document.save(path)
    return str(path)


def test_clerk_captures_an_activity_on_a_phone_in_few_actions(open_page, shoot, imported, live_server, tmp_path):
    organisation, people = imported
    # The activity happened yesterday morning (the photos say so); 活动日期 is taken from them.
    taken = (datetime.now() - timedelta(days=1)).replace(hour=9, minute=30, second=0, microsecond=0)
    if taken.year != timezone.localdate().year:
        taken = taken + timedelta(days=1)
    photos = [str(photo_jpeg(tmp_path / f"门楼公益广告{n}.jpg", seed=40 + n, taken=taken + timedelta(minutes=n)))
              for n in range(1, 6)]
    documents = [_document(tmp_path / "门楼公益广告更新实施方案.docx", "实施方案：更新机关门楼公益广告。"),
                 _document(tmp_path / "门楼公益广告更新工作总结.docx", "工作总结：已更新门楼公益广告5处。")]
    act = Actions()

    phone = open_page(phone=True)
    phone.goto(f"{live_server.url}/")
    act.fill(phone.get_by_label("用户名"), "xck")
    act.fill(phone.get_by_label("密码"), "e2e-password-123")
    act.click(phone.get_by_role("button", name="登录"))
    # The clerk's home, 我的待办, lists the unfinished task: one tap opens it.
    expect(phone.get_by_role("heading", name="我的待办")).to_be_visible()
    act.click(phone.get_by_role("link", name=re.compile(TASK_TEXT)).first)
    act.click(phone.get_by_role("link", name="新建活动资料"))
    act.fill(phone.get_by_label("活动名称"), "门楼公益广告更新")
    shoot(phone, "capture-01-new-activity-phone")
    act.click(phone.get_by_role("button", name="保存"))
    expect(phone.get_by_text("活动资料已新建")).to_be_visible()
    expect(phone.locator("[data-activity-date]")).to_contain_text("还没有活动日期")
    expect(phone.locator("[data-submit-bar] button")).to_be_disabled()
    submission = Submission.objects.get(task__text__contains=TASK_TEXT)

    # The file pickers are Chinese buttons; the browser's English "Choose Files" is never shown.
    widths = phone.locator("input[type=file]").evaluate_all("inputs => inputs.map(i => i.getBoundingClientRect().width)")
    assert len(widths) == 3 and max(widths) <= 1
    act.choose(phone.get_by_label("选择照片（可多选）"), photos)
    expect(phone.locator("[data-upload-status]")).to_contain_text("已上传 5 张")
    expect(phone.locator("[data-photo-card]")).to_have_count(5)
    submission.refresh_from_db()
    assert submission.activity_date == taken.date()  # from the photos, no typing
    expect(phone.locator("[data-activity-date]")).to_contain_text(f"活动日期：{taken.year}年{taken.month}月{taken.day}日")
    expect(phone.locator("[data-photo-number]")).to_have_text([f"第{n}张" for n in range(1, 6)])

    # A plan and a summary chosen together: each gets its own purpose from its name.
    act.choose(phone.get_by_label("选择文件上传（可多选）"), documents)
    expect(phone.get_by_text("已上传 2 个文件")).to_be_visible()
    roles = dict(submission.files.filter(kind=EvidenceFile.Kind.DOCUMENT).values_list("original_name", "role"))
    assert roles == {"门楼公益广告更新实施方案.docx": "plan", "门楼公益广告更新工作总结.docx": "summary"}
    expect(phone.locator("[data-document] select").first).to_have_value("plan")

    # Captions: the same place and subject for all five photos at once …
    act.click(phone.get_by_text("批量填写注明"))
    act.fill(phone.get_by_label("地点", exact=True).last, "市司法局机关大院门楼")
    act.fill(phone.get_by_label("主题", exact=True).last, "社会主义核心价值观公益广告")
    act.click(phone.get_by_role("button", name="填写到全部照片"))
    expect(phone.get_by_text("已为 5 张照片填写注明")).to_be_visible()
    # … and one photo's own subject, saved as it is typed: no save button to forget.
    third = phone.locator("[data-photo-card]").nth(2)
    act.fill(third.get_by_label("主题"), "门楼西侧公益广告")
    expect(third.get_by_text("已保存")).to_be_visible()
    shoot(phone, "capture-02-captioned-phone")

    # The check list's state and the submit button sit at the bottom of the screen, wherever one is.
    bar = phone.locator("[data-submit-bar]")
    expect(bar).to_be_in_viewport()
    expect(bar).to_contain_text("必需要求均已满足")
    act.click(bar.get_by_role("button", name="提交审核"))
    expect(phone.get_by_text("已提交审核")).to_be_visible()
    shoot(phone, "capture-03-submitted-phone")

    submission.refresh_from_db()
    assert submission.status == Submission.Status.PENDING and submission.activity_date == taken.date()
    photos_saved = submission.files.filter(role=EvidenceFile.Role.PHOTO).order_by("number")
    assert [p.caption_subject for p in photos_saved] == ["社会主义核心价值观公益广告"] * 2 + ["门楼西侧公益广告"] + [
        "社会主义核心价值观公益广告"] * 2
    assert all(re.match(rf"{taken.year}年", p.caption_time) for p in photos_saved)
    assert act.count < MOST_ACTIONS, f"{act.count} actions"
    print(f"capture journey: {act.count} actions")


def test_the_browsers_validation_speaks_chinese(open_page, unit, live_server):
    organisation, people = unit
    page = open_page(people["coordinator"])
    page.goto(live_server.url + reverse("frameworks:import_upload"))
    expect(page.get_by_text("未选择文件")).to_be_visible()
    page.get_by_role("button", name="上传并预览").click()
    assert page.locator("#id_file").evaluate("input => input.validationMessage") == "请选择文件"
    page.locator("#id_year").fill("")
    page.locator("#id_file").set_input_files(str(DEMO_TABLE))
    expect(page.get_by_text(DEMO_TABLE.name)).to_be_visible()
    page.get_by_role("button", name="上传并预览").click()
    assert page.locator("#id_year").evaluate("input => input.validationMessage") == "请填写此项"
