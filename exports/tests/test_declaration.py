import io
import zipfile
from datetime import date

import pytest
from django.urls import reverse
from docx import Document
from PIL import Image

from evidence import services as evidence_services
from evidence.models import EvidenceFile, Requirement, Submission
from evidence.tests import factories as evidence_factories
from exports import selectors, services
from exports.models import DeclarationItem, ExportJob
from lib.dossier.declaration import FORM_NAME, REPORT_NAME, WARNINGS_NAME
from tests.factories import ResponsibilityFactory, SectionFactory, TaskFactory

FOLDER = "01 网上申报-1 开展道德讲堂活动情况/"


@pytest.fixture
def declaration_task(world):
    section = SectionFactory(framework=world.section.framework, name="网上申报")
    task = TaskFactory(section=section, ref="网上申报-1", text="开展道德讲堂活动情况",
                       guidance="提供说明报告（800字左右）和实景图片3张。")
    ResponsibilityFactory(task=task, department=world.department_a)
    Requirement.objects.bulk_create([
        Requirement(task=task, kind=Requirement.Kind.REPORT, target_chars=20, tolerance=0.2, order=1),
        Requirement(task=task, kind=Requirement.Kind.PHOTOS, min_count=3, order=2),
    ])
    return task


def build(client, user, statuses=("approved",), **fields):
    client.force_login(user)
    client.post(reverse("exports:index"), {"kind": "declaration_package", "scope": f"table:{fields.pop('framework')}",
                                           "statuses": list(statuses), "photos_per_page": 4, **fields})
    job = ExportJob.objects.latest("id")
    assert job.status == ExportJob.Status.DONE, job.message
    with job.file.open("rb") as handle:
        return job, zipfile.ZipFile(io.BytesIO(handle.read()))


def package_photos(archive, folder=FOLDER):
    return [n.rsplit("/", 1)[1] for n in archive.namelist() if n.startswith(f"{folder}图片/")]


def report_text(archive, folder=FOLDER):
    return "\n".join(p.text for p in Document(io.BytesIO(archive.read(f"{folder}{REPORT_NAME}"))).paragraphs)


def test_package_folder_report_photos_form_and_warnings(client, world, activity, declaration_task):
    activity(task=declaration_task, department=world.department_a, user=world.clerk_a, title="道德讲堂",
             photos=4, report="我局本年度共举办道德讲堂十二期，参与干部职工六百余人次。")
    job, archive = build(client, world.coordinator, framework=world.section.framework_id)
    names = archive.namelist()
    assert f"{FOLDER}{REPORT_NAME}" in names and f"{FOLDER}{FORM_NAME}" in names
    assert package_photos(archive) == ["01 三楼会议室 道德讲堂1.jpg", "02 三楼会议室 道德讲堂2.jpg",
                                       "03 三楼会议室 道德讲堂3.jpg"]  # 3 asked for, of 4
    text = report_text(archive)
    assert "网上申报-1 开展道德讲堂活动情况说明报告" in text
    assert "我局本年度共举办道德讲堂十二期" in text and "（全文 28 字）" in text
    form = Document(io.BytesIO(archive.read(f"{FOLDER}{FORM_NAME}")))
    cells = [c.text for row in form.tables[0].rows for c in row.cells]
    assert "行财科" in cells[3] and "说明报告（28字）" in cells[5] and "图片：01 三楼会议室 道德讲堂1.jpg" in cells[5]
    warnings = archive.read(WARNINGS_NAME).decode()
    assert "说明报告28字，要求20字左右（16–24字）" in warnings and "说明报告28字" in job.message


def test_items_that_lack_evidence_are_warned(client, world, declaration_task):
    _, archive = build(client, world.coordinator, framework=world.section.framework_id)
    warnings = archive.read(WARNINGS_NAME).decode().splitlines()
    assert warnings == ["网上申报-1：没有已通过审核的活动资料",
                        "网上申报-1：申报图片：还缺3张照片（要求至少3张，已上传0张）",
                        "网上申报-1：缺少说明报告（要求20字左右（16–24字））"]


# --- 1. approved material only ------------------------------------------------------------------

def test_the_package_holds_approved_material_whatever_statuses_the_job_was_given(
        client, world, activity, declaration_task):
    activity(task=declaration_task, department=world.department_a, user=world.clerk_a, title="已通过的讲堂",
             photos=3, report="已通过审核的说明报告正文十二个字。", activity_date=date(2026, 3, 1))
    activity(task=declaration_task, department=world.department_a, user=world.clerk_a, title="待审核的讲堂",
             photos=1, subject="待审核照片", report="待审核的说明报告，不应出现在申报材料包中。", seed=50,
             status=Submission.Status.PENDING, activity_date=date(2026, 5, 1))
    job, archive = build(client, world.coordinator, statuses=("approved", "pending", "returned", "draft"),
                         framework=world.section.framework_id)
    assert "已通过审核的说明报告" in report_text(archive) and "待审核" not in report_text(archive)
    assert package_photos(archive) == ["01 三楼会议室 道德讲堂1.jpg", "02 三楼会议室 道德讲堂2.jpg",
                                       "03 三楼会议室 道德讲堂3.jpg"]
    form = Document(io.BytesIO(archive.read(f"{FOLDER}{FORM_NAME}")))
    assert "待审核" not in "".join(c.text for row in form.tables[0].rows for c in row.cells)
    assert "待审核" not in archive.read(WARNINGS_NAME).decode()
    assert selectors.declaration_count(job) == 1
    assert job.options["statuses"] == ["approved"]  # and the job's record says what it holds


# --- 2. odd POSTs -------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["abc", "²", "２", "", "1.0", "-1"])
def test_a_malformed_task_is_not_found(client, world, declaration_task, value):
    client.force_login(world.coordinator)
    response = client.post(reverse("exports:declaration"), {"task": value, "action": "include"})
    assert response.status_code == 404
    assert not DeclarationItem.objects.exists()


def test_a_task_of_another_organisation_is_not_found(client, world, declaration_task):
    other = TaskFactory(ref="外-1")
    client.force_login(world.coordinator)
    assert client.post(reverse("exports:declaration"), {"task": other.pk, "action": "include"}).status_code == 404
    assert client.post(reverse("exports:declaration"), {"task": other.pk, "action": "up"}).status_code == 404
    assert not DeclarationItem.objects.exists()


@pytest.mark.parametrize("action", ["evil", "", "１"])
def test_an_unknown_action_is_refused_in_chinese(client, world, declaration_task, action):
    client.force_login(world.coordinator)
    response = client.post(reverse("exports:declaration"), {"task": world.task_a.pk, "action": action}, follow=True)
    assert "不支持的操作" in response.content.decode()
    assert not DeclarationItem.objects.exists()


@pytest.fixture
def four_photos(world, activity, declaration_task):
    submission = activity(task=declaration_task, department=world.department_a, user=world.clerk_a, title="讲堂",
                          photos=4, report="说明")
    return list(submission.files.filter(role="photo").order_by("order"))


@pytest.mark.parametrize("field", ["photo", "keep", "rank"])
@pytest.mark.parametrize("value", ["²", "２", "abc", "0", "-3"])
def test_malformed_photo_values_are_refused_and_nothing_is_saved(client, world, declaration_task, four_photos,
                                                                 field, value):
    ids = [p.pk for p in four_photos]
    data = {"photo": ids, "keep": ids, **{f"rank-{pk}": str(n) for n, pk in enumerate(ids, start=1)}}
    if field == "rank":
        data[f"rank-{ids[0]}"] = value
    else:
        data[field] = [*ids, value]
    client.force_login(world.coordinator)
    response = client.post(reverse("exports:declaration_photos", args=[declaration_task.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "照片序号须为不小于 1 的整数" in page if field == "rank" else "所选照片不属于该任务已通过审核的资料" in page
    assert not DeclarationItem.objects.exists()


def test_a_full_width_rank_does_not_pass_for_a_number(client, world, declaration_task, four_photos):
    """int("２") is 2: the old view took it silently."""
    first, second, *_ = (p.pk for p in four_photos)
    client.force_login(world.coordinator)
    client.post(reverse("exports:declaration_photos", args=[declaration_task.pk]),
                {"photo": [first, second], "keep": [first, second], f"rank-{first}": "２", f"rank-{second}": "1"})
    assert not DeclarationItem.objects.exists()


def test_photos_of_another_task_are_refused(client, world, activity, declaration_task):
    other = activity(task=world.task_a, department=world.department_a, user=world.clerk_a, title="别的")
    photo = other.files.filter(role="photo").first()
    with pytest.raises(services.ExportRefused):
        services.declaration_photos_set(task=declaration_task, user=world.coordinator, order=[photo.pk], excluded=[])
    client.force_login(world.coordinator)
    response = client.post(reverse("exports:declaration_photos", args=[declaration_task.pk]),
                           {"photo": [photo.pk], "keep": [photo.pk]})
    assert "所选照片不属于该任务已通过审核的资料" in response.content.decode()
    assert not DeclarationItem.objects.exists()


# --- 3. the items' order ------------------------------------------------------------------------

def test_coordinator_adds_and_removes_items(client, world, declaration_task):
    client.force_login(world.coordinator)
    client.post(reverse("exports:declaration"), {"task": world.task_a.pk, "action": "include"})
    client.post(reverse("exports:declaration"), {"task": declaration_task.pk, "action": "exclude"})
    framework = world.section.framework
    assert list(selectors.declaration_tasks(user=world.coordinator, framework=framework)) == [world.task_a]
    page = client.get(reverse("exports:declaration")).content.decode()
    assert world.task_a.ref in page


def items(world):
    return [t.ref for t in selectors.declaration_tasks(user=world.coordinator, framework=world.section.framework)]


def test_items_keep_table_order_when_photos_are_saved_until_the_coordinator_moves_them(
        client, world, declaration_task, four_photos):
    second = TaskFactory(section=declaration_task.section, ref="网上申报-2", text="第二项")
    later = TaskFactory(section=SectionFactory(framework=world.section.framework, name="后面的分表"), ref="后-1")
    client.force_login(world.coordinator)
    client.post(reverse("exports:declaration"), {"task": world.task_b.pk, "action": "include"})
    client.post(reverse("exports:declaration"), {"task": later.pk, "action": "include"})
    ids = [p.pk for p in four_photos]
    client.post(reverse("exports:declaration_photos", args=[second.pk]), {})
    client.post(reverse("exports:declaration_photos", args=[declaration_task.pk]), {"photo": ids, "keep": ids})
    assert DeclarationItem.objects.get(task=declaration_task).photo_order == ids
    # 共性任务, 网上申报, 后面的分表 in the table; saving photos or adding items moves nothing.
    assert items(world) == ["志愿服务-1", "网上申报-1", "网上申报-2", "后-1"]
    client.post(reverse("exports:declaration"), {"task": later.pk, "action": "exclude"})
    assert items(world) == ["志愿服务-1", "网上申报-1", "网上申报-2"]
    client.post(reverse("exports:declaration"), {"task": second.pk, "action": "up"})
    assert items(world) == ["志愿服务-1", "网上申报-2", "网上申报-1"]
    client.post(reverse("exports:declaration"), {"task": world.task_b.pk, "action": "down"})
    assert items(world) == ["网上申报-2", "志愿服务-1", "网上申报-1"]
    client.post(reverse("exports:declaration"), {"task": second.pk, "action": "up"})  # first already: stays
    assert items(world) == ["网上申报-2", "志愿服务-1", "网上申报-1"]
    _, archive = build(client, world.coordinator, framework=world.section.framework_id)
    assert sorted({n.split("/")[0] for n in archive.namelist() if "/" in n}) == [
        "01 网上申报-2 第二项", "02 志愿服务-1 单位注册志愿者人数占单位人数的60%以上", "03 网上申报-1 开展道德讲堂活动情况"]


def test_moving_a_task_that_is_no_item_is_refused(client, world, declaration_task):
    client.force_login(world.coordinator)
    response = client.post(reverse("exports:declaration"), {"task": world.task_a.pk, "action": "up"}, follow=True)
    assert "该任务不在网上申报项目中" in response.content.decode()
    assert not DeclarationItem.objects.exists()


# --- 4. images and the best choice --------------------------------------------------------------

def test_coordinator_reorders_and_excludes_photos(client, world, declaration_task, four_photos):
    first, second, third, fourth = four_photos
    client.force_login(world.coordinator)
    url = reverse("exports:declaration_photos", args=[declaration_task.pk])
    response = client.post(url, {"photo": [first.pk, second.pk, third.pk, fourth.pk],
                                 "keep": [first.pk, third.pk, fourth.pk],
                                 f"rank-{first.pk}": "3", f"rank-{third.pk}": "1", f"rank-{fourth.pk}": "2"})
    assert response.status_code == 302
    _, archive = build(client, world.coordinator, framework=world.section.framework_id)
    assert sorted(package_photos(archive)) == ["01 三楼会议室 道德讲堂3.jpg", "02 三楼会议室 道德讲堂4.jpg",
                                               "03 三楼会议室 道德讲堂1.jpg"]


def _add_photo(submission, user, data, name, **captions):
    file = evidence_services.evidence_file_add(submission=submission, upload=evidence_factories.upload(name, data),
                                               user=user, role="photo")
    EvidenceFile.objects.filter(pk=file.pk).update(**captions)
    return file


def _exif_rotated_jpeg(size=(2400, 1800)) -> bytes:
    """Stored landscape, tagged "rotate 90° clockwise": upright it is portrait."""
    exif = Image.Exif()
    exif[0x0112] = 6
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def test_package_images_are_upright_bounded_jpegs(client, world, activity, declaration_task):
    submission = activity(task=declaration_task, department=world.department_a, user=world.clerk_a, title="讲堂",
                          photos=0, report="说明", status=Submission.Status.DRAFT)
    _add_photo(submission, world.clerk_a, _exif_rotated_jpeg(), "竖拍.jpg", caption_subject="竖拍")
    _add_photo(submission, world.clerk_a, evidence_factories.png(3), "透明.png", caption_subject="截图")
    Submission.objects.filter(pk=submission.pk).update(status=Submission.Status.APPROVED)
    _, archive = build(client, world.coordinator, framework=world.section.framework_id)
    names = package_photos(archive)
    assert names == ["01 竖拍.jpg", "02 截图.jpg"]
    upright = Image.open(io.BytesIO(archive.read(f"{FOLDER}图片/01 竖拍.jpg")))
    assert upright.format == "JPEG" and upright.size == (1200, 1600) and not upright.getexif().get(0x0112)
    assert Image.open(io.BytesIO(archive.read(f"{FOLDER}图片/02 截图.jpg"))).format == "JPEG"
    assert archive.getinfo(f"{FOLDER}图片/01 竖拍.jpg").compress_type == zipfile.ZIP_STORED


@pytest.fixture
def festivals(world, activity, declaration_task):
    """Two festivals of three photos each (the first's first photo lacks its 时间) and a later activity
    whose photo is the second festival's first one saved again (another file, a near-identical dHash);
    the item needs 4 photos with 时间 and 主题."""
    Requirement.objects.filter(task=declaration_task, kind="photos").update(min_count=4,
                                                                           caption_fields=["时间", "主题"])
    spring = activity(task=declaration_task, department=world.department_a, user=world.clerk_a, title="春节",
                      photos=3, caption_time="2026-02-10", activity_date=date(2026, 2, 10), subject="春节")
    EvidenceFile.objects.filter(submission=spring, number=1).update(caption_time="")
    autumn = activity(task=declaration_task, department=world.department_a, user=world.clerk_a, title="中秋",
                      photos=3, caption_time="2026-09-25", activity_date=date(2026, 9, 25), subject="中秋", seed=10)
    again = activity(task=declaration_task, department=world.department_a, user=world.clerk_a, title="中秋补充",
                     photos=0, activity_date=date(2026, 9, 26), status=Submission.Status.DRAFT)
    with autumn.files.get(number=1).file.open("rb") as handle:
        resaved = io.BytesIO()
        Image.open(handle).save(resaved, "JPEG", quality=60)
    copy = _add_photo(again, world.clerk_a, resaved.getvalue(), "转存.jpg", caption_time="2026-09-26",
                      caption_subject="中秋转存")
    Submission.objects.filter(pk=again.pk).update(status=Submission.Status.APPROVED)
    return spring, autumn, copy


def test_the_best_photos_are_complete_spread_over_activities_and_not_copies(client, world, declaration_task,
                                                                           festivals):
    _, archive = build(client, world.coordinator, framework=world.section.framework_id)
    assert package_photos(archive) == ["01 2026-02-10 三楼会议室 春节2.jpg", "02 2026-09-25 三楼会议室 中秋1.jpg",
                                       "03 2026-02-10 三楼会议室 春节3.jpg", "04 2026-09-25 三楼会议室 中秋2.jpg"]


def test_the_photo_page_says_how_many_are_needed_and_which_are_in(client, world, declaration_task, festivals):
    spring, autumn, copy = festivals
    client.force_login(world.coordinator)
    response = client.get(reverse("exports:declaration_photos", args=[declaration_task.pk]))
    page = response.context["page"]
    assert page.need == 4 and page.chosen == 4
    rows = {row.photo.pk: row for row in page.rows}
    assert [row.chosen for row in page.rows] == [True] * 4 + [False] * 3
    assert rows[copy.pk].duplicate and not rows[copy.pk].chosen
    assert rows[spring.files.get(number=1).pk].incomplete and not rows[spring.files.get(number=1).pk].chosen
    html = response.content.decode()
    assert "该项目要求 <strong>4</strong> 张" in html and html.count(">入选</span>") == 4
    assert "与前面照片重复或近似" in html and "注明不全" in html


# --- 5. warnings --------------------------------------------------------------------------------

def test_without_activities_each_missing_thing_is_warned_once_and_grouped_counts_as_totals(
        client, world, declaration_task):
    Requirement.objects.filter(task=declaration_task, kind="photos").update(
        min_count=20, group_label="讲堂", group_count=10, per_group=2)
    Requirement.objects.create(task=declaration_task, kind="report", target_chars=20, tolerance=0.2, order=3)
    _, archive = build(client, world.coordinator, framework=world.section.framework_id)
    assert archive.read(WARNINGS_NAME).decode().splitlines() == [
        "网上申报-1：没有已通过审核的活动资料",
        "网上申报-1：申报图片：还缺20张照片（要求至少20张，已上传0张）",
        "网上申报-1：缺少说明报告（要求20字左右（16–24字））"]


def test_warnings_follow_the_review_checks(client, world, activity, declaration_task):
    Requirement.objects.filter(task=declaration_task).delete()
    Requirement.objects.bulk_create([
        Requirement(task=declaration_task, kind="report", order=1),
        Requirement(task=declaration_task, kind="report", order=2),  # the same line must not come twice
        Requirement(task=declaration_task, kind="url", order=3),
        Requirement(task=declaration_task, kind="statistics", order=4),
        Requirement(task=declaration_task, kind="plan", order=5),
        Requirement(task=declaration_task, kind="summary", order=6),
        Requirement(task=declaration_task, kind="photos", min_count=2, caption_fields=["时间", "主题"], order=7),
        Requirement(task=declaration_task, kind="photos", min_count=2, order=8,
                    alternatives=["样报图片", "视频截图", "现场照片"]),
    ])
    activity(task=declaration_task, department=world.department_a, user=world.clerk_a, title="讲堂一", photos=2)
    activity(task=declaration_task, department=world.department_a, user=world.clerk_a, title="讲堂二", photos=1,
             seed=20)
    _, archive = build(client, world.coordinator, framework=world.section.framework_id)
    warnings = archive.read(WARNINGS_NAME).decode().splitlines()
    assert warnings == [
        "网上申报-1：申报图片：第1、2、3张照片缺少时间",
        "网上申报-1：申报图片 3 张，各项图片要求共 4 张",
        "网上申报-1：缺少说明报告（《讲堂一》、《讲堂二》）",
        "网上申报-1：缺少网址（《讲堂一》、《讲堂二》）",
        "网上申报-1：缺少统计表格（《讲堂一》、《讲堂二》）",
        "网上申报-1：缺少总结（《讲堂一》、《讲堂二》）",
    ]  # 方案 is there (the fixture's 方案.docx); each photo requirement alone is met by 3 photos


def test_a_requirement_met_by_one_approved_activity_is_not_warned(client, world, activity, declaration_task):
    Requirement.objects.create(task=declaration_task, kind="url", order=3)
    activity(task=declaration_task, department=world.department_a, user=world.clerk_a, title="讲堂一", photos=2,
             report="一二三四五六七八九十一二三四五六七八", url="https://example.org/a")
    activity(task=declaration_task, department=world.department_a, user=world.clerk_a, title="讲堂二", photos=1,
             report="一二三四五六七八九十一二三四五六七八", seed=20)
    _, archive = build(client, world.coordinator, framework=world.section.framework_id)
    assert archive.read(WARNINGS_NAME).decode() == "所有申报项目均已满足要求。\n"


def test_every_approved_report_goes_into_the_report_under_its_unit(client, world, activity, declaration_task):
    ResponsibilityFactory(task=declaration_task, department=world.department_b, role="cooperating")
    activity(task=declaration_task, department=world.department_a, user=world.clerk_a, title="行财科讲堂",
             report="行财科的说明报告。", activity_date=date(2026, 3, 1))
    activity(task=declaration_task, department=world.department_b, user=world.clerk_b, title="人事科讲堂",
             report="人事科的说明报告。", activity_date=date(2026, 4, 1), seed=30)
    _, archive = build(client, world.coordinator, framework=world.section.framework_id)
    text = report_text(archive)
    assert text.index("行财科《行财科讲堂》") < text.index("行财科的说明报告") < text.index("人事科《人事科讲堂》") \
        < text.index("人事科的说明报告")
    assert "（本部分 9 字）" in text and "（全文 18 字）" in text


# --- 6. names -----------------------------------------------------------------------------------

def test_the_report_title_has_no_trailing_punctuation(client, world, activity, declaration_task):
    declaration_task.text = "深入推进“我们的节日”主题活动；"
    declaration_task.save()
    activity(task=declaration_task, department=world.department_a, user=world.clerk_a, title="讲堂", report="说明")
    _, archive = build(client, world.coordinator, framework=world.section.framework_id)
    folder = next(n.split("/")[0] for n in archive.namelist() if "/" in n)
    title = Document(io.BytesIO(archive.read(f"{folder}/{REPORT_NAME}"))).paragraphs[0].text
    assert title == "网上申报-1 深入推进“我们的节日”主题活动说明报告"


@pytest.mark.parametrize("persona, label", [("coordinator", "全表"), ("clerk_a", "全表（行财科）")])
def test_the_whole_table_label_says_whose_departments_it_holds(world, persona, label):
    framework = world.section.framework
    scope = selectors.scope_resolve(user=getattr(world, persona), framework=framework, scope="table",
                                    scope_id=framework.pk)
    assert scope.label == label


@pytest.mark.parametrize("persona", ["clerk_a", "leader"])
def test_only_the_coordinator_sets_items(client, world, declaration_task, persona):
    client.force_login(getattr(world, persona))
    assert client.get(reverse("exports:declaration")).status_code == 403
    assert client.post(reverse("exports:declaration"), {"task": world.task_a.pk, "action": "include"}).status_code == 403
    assert client.get(reverse("exports:declaration_photos", args=[declaration_task.pk])).status_code == 403


def test_a_clerks_package_holds_only_their_photos(client, world, activity, declaration_task):
    ResponsibilityFactory(task=declaration_task, department=world.department_b, role="cooperating")
    activity(task=declaration_task, department=world.department_b, user=world.clerk_b, title="人事科讲堂", photos=2,
             subject="人事科")
    activity(task=declaration_task, department=world.department_a, user=world.clerk_a, title="行财科讲堂", photos=1,
             subject="行财科", seed=40)
    job, archive = build(client, world.clerk_a, framework=world.section.framework_id)
    photos = [n for n in archive.namelist() if "/图片/" in n]
    assert photos and all("行财科" in n for n in photos)
    assert EvidenceFile.objects.filter(submission__department=world.department_b).count() == 3
    assert job.scope_label == "全表（行财科）" and "全表（行财科）" in job.filename


def test_a_package_with_no_items_is_refused_at_once_and_nothing_recorded(client, world):
    client.force_login(world.coordinator)
    response = client.post(reverse("exports:index"), {"kind": "declaration_package",
                                                      "scope": f"task:{world.task_a.pk}", "statuses": ["approved"],
                                                      "photos_per_page": 4}, follow=True)
    assert "所选范围内没有网上申报项目" in response.content.decode()
    assert not ExportJob.objects.exists()


def test_saving_the_photo_page_unchanged_lets_no_copy_in(client, world, declaration_task, festivals):
    """The page fills in a number for every photo, so a plain 保存 stores an order for all of them,
    the copy included: the copy must stay out while the photo it copies is in."""
    _, _, copy = festivals
    Requirement.objects.filter(task=declaration_task, kind="photos").update(min_count=7)  # all seven photos
    client.force_login(world.coordinator)
    url = reverse("exports:declaration_photos", args=[declaration_task.pk])
    rows = client.get(url).context["page"].rows
    data = {"photo": [row.photo.pk for row in rows], "keep": [row.photo.pk for row in rows]}
    data |= {f"rank-{row.photo.pk}": n for n, row in enumerate(rows, start=1)}
    client.post(url, data)
    page = client.get(url).context["page"]
    assert page.chosen == 6 and not {row.photo.pk: row for row in page.rows}[copy.pk].chosen


def test_a_package_asked_for_with_no_status_ticked_is_built_from_approved_material(client, world, declaration_task):
    """The package ignores the status boxes (the page says so), so unticking them all is no reason to refuse."""
    client.force_login(world.coordinator)
    client.post(reverse("exports:index"), {"kind": "declaration_package", "scope": f"table:{world.section.framework_id}",
                                           "photos_per_page": 4})
    assert ExportJob.objects.get().options["statuses"] == ["approved"]


def test_a_retired_task_cannot_be_made_an_item(client, world):
    retired = TaskFactory(section=world.task_a.section, text="已停用的任务", retired=True)
    client.force_login(world.coordinator)
    response = client.post(reverse("exports:declaration"), {"task": retired.pk, "action": "include"})
    assert response.status_code == 404 and not DeclarationItem.objects.exists()


def test_items_taken_out_after_the_job_was_queued_fail_it_before_anything_is_written(
        world, declaration_task, settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend",
                                  "QUEUES": settings.TASK_QUEUES}}
    job = services.export_job_create(user=world.coordinator, framework=world.section.framework,
                                     kind="declaration_package", scope="table", scope_id=world.section.framework_id,
                                     statuses=["approved"])
    services.declaration_item_set(task=declaration_task, user=world.coordinator, included=False)
    monkeypatch.setattr(services, "write_package", lambda *a, **k: pytest.fail("the package was written"))
    services.export_job_run(job=job)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED and "没有网上申报项目" in job.message


def test_an_item_added_after_the_coordinator_moved_items_takes_its_table_place(client, world, declaration_task):
    second = TaskFactory(section=declaration_task.section, ref="网上申报-2", text="第二项")
    client.force_login(world.coordinator)
    client.post(reverse("exports:declaration"), {"task": second.pk, "action": "up"})
    assert items(world) == ["网上申报-2", "网上申报-1"]
    # 志愿服务-1 is in the table's first section: it goes before both, not to the bottom.
    client.post(reverse("exports:declaration"), {"task": world.task_b.pk, "action": "include"})
    assert items(world) == ["志愿服务-1", "网上申报-2", "网上申报-1"]
    later = TaskFactory(section=SectionFactory(framework=world.section.framework, name="后面的分表"), ref="后-1")
    client.post(reverse("exports:declaration"), {"task": later.pk, "action": "include"})
    assert items(world) == ["志愿服务-1", "网上申报-2", "网上申报-1", "后-1"]
