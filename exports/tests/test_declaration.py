import io
import zipfile

import pytest
from django.urls import reverse
from docx import Document

from evidence.models import EvidenceFile, Requirement
from exports import selectors, services
from exports.models import ExportJob
from lib.dossier.declaration import FORM_NAME, REPORT_NAME, WARNINGS_NAME
from tests.factories import ResponsibilityFactory, SectionFactory, TaskFactory


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


def build(client, user, **fields):
    client.force_login(user)
    client.post(reverse("exports:index"), {"kind": "declaration_package", "scope": f"table:{fields.pop('framework')}",
                                           "statuses": ["approved"], "photos_per_page": 4, **fields})
    job = ExportJob.objects.latest("id")
    assert job.status == ExportJob.Status.DONE, job.message
    with job.file.open("rb") as handle:
        return job, zipfile.ZipFile(io.BytesIO(handle.read()))


def test_package_folder_report_photos_form_and_warnings(client, world, activity, declaration_task):
    activity(task=declaration_task, department=world.department_a, user=world.clerk_a, title="道德讲堂",
             photos=4, report="我局本年度共举办道德讲堂十二期，参与干部职工六百余人次。")
    job, archive = build(client, world.coordinator, framework=world.section.framework_id)
    names = archive.namelist()
    folder = "01 网上申报-1 开展道德讲堂活动情况/"
    assert f"{folder}{REPORT_NAME}" in names and f"{folder}{FORM_NAME}" in names
    photos = sorted(n for n in names if n.startswith(f"{folder}图片/"))
    assert photos == [f"{folder}图片/01 三楼会议室 道德讲堂1.jpeg", f"{folder}图片/02 三楼会议室 道德讲堂2.jpeg",
                      f"{folder}图片/03 三楼会议室 道德讲堂3.jpeg"]  # 3 asked for, of 4
    report = Document(io.BytesIO(archive.read(f"{folder}{REPORT_NAME}")))
    text = "\n".join(p.text for p in report.paragraphs)
    assert "我局本年度共举办道德讲堂十二期" in text and "（全文 28 字）" in text
    form = Document(io.BytesIO(archive.read(f"{folder}{FORM_NAME}")))
    cells = [c.text for row in form.tables[0].rows for c in row.cells]
    assert "行财科" in cells[3] and "说明报告（28字）" in cells[5] and "图片：01 三楼会议室 道德讲堂1.jpeg" in cells[5]
    warnings = archive.read(WARNINGS_NAME).decode()
    assert "说明报告 28 字，要求约 20 字" in warnings and "说明报告 28 字" in job.message


def test_items_that_lack_evidence_are_warned(client, world, declaration_task):
    _, archive = build(client, world.coordinator, framework=world.section.framework_id)
    warnings = archive.read(WARNINGS_NAME).decode()
    assert "网上申报-1：没有符合条件（已通过审核）的活动资料" in warnings
    assert "缺少已通过审核的说明报告" in warnings and "照片 0 张，要求 3 张" in warnings


def test_coordinator_reorders_and_excludes_photos(client, world, activity, declaration_task):
    submission = activity(task=declaration_task, department=world.department_a, user=world.clerk_a, title="讲堂",
                          photos=4, report="说明")
    first, second, third, fourth = submission.files.filter(role="photo").order_by("order")
    client.force_login(world.coordinator)
    url = reverse("exports:declaration_photos", args=[declaration_task.pk])
    response = client.post(url, {"photo": [first.pk, second.pk, third.pk, fourth.pk],
                                 "keep": [first.pk, third.pk, fourth.pk],
                                 f"rank-{first.pk}": "3", f"rank-{third.pk}": "1", f"rank-{fourth.pk}": "2"})
    assert response.status_code == 302
    _, archive = build(client, world.coordinator, framework=world.section.framework_id)
    photos = sorted(n.rsplit("/", 1)[1] for n in archive.namelist() if "/图片/" in n)
    assert photos == ["01 三楼会议室 道德讲堂3.jpeg", "02 三楼会议室 道德讲堂4.jpeg", "03 三楼会议室 道德讲堂1.jpeg"]


def test_photos_of_another_task_are_refused(client, world, activity, declaration_task):
    other = activity(task=world.task_a, department=world.department_a, user=world.clerk_a, title="别的")
    photo = other.files.filter(role="photo").first()
    with pytest.raises(services.ExportRefused):
        services.declaration_photos_set(task=declaration_task, user=world.coordinator, order=[photo.pk], excluded=[])


def test_coordinator_adds_and_removes_items(client, world, declaration_task):
    client.force_login(world.coordinator)
    client.post(reverse("exports:declaration"), {"task": world.task_a.pk, "included": "1"})
    client.post(reverse("exports:declaration"), {"task": declaration_task.pk, "included": "0"})
    framework = world.section.framework
    assert list(selectors.declaration_tasks(user=world.coordinator, framework=framework)) == [world.task_a]
    page = client.get(reverse("exports:declaration")).content.decode()
    assert world.task_a.ref in page


@pytest.mark.parametrize("persona", ["clerk_a", "leader"])
def test_only_the_coordinator_sets_items(client, world, declaration_task, persona):
    client.force_login(getattr(world, persona))
    assert client.get(reverse("exports:declaration")).status_code == 403
    assert client.post(reverse("exports:declaration"), {"task": world.task_a.pk, "included": "1"}).status_code == 403
    assert client.get(reverse("exports:declaration_photos", args=[declaration_task.pk])).status_code == 403


def test_a_clerks_package_holds_only_their_photos(client, world, activity, declaration_task):
    ResponsibilityFactory(task=declaration_task, department=world.department_b, role="cooperating")
    activity(task=declaration_task, department=world.department_b, user=world.clerk_b, title="人事科讲堂", photos=2,
             subject="人事科")
    activity(task=declaration_task, department=world.department_a, user=world.clerk_a, title="行财科讲堂", photos=1,
             subject="行财科")
    _, archive = build(client, world.clerk_a, framework=world.section.framework_id)
    photos = [n for n in archive.namelist() if "/图片/" in n]
    assert photos and all("行财科" in n for n in photos)
    assert EvidenceFile.objects.filter(submission__department=world.department_b).count() == 3


def test_a_package_with_no_items_is_refused_at_once_and_nothing_recorded(client, world):
    client.force_login(world.coordinator)
    response = client.post(reverse("exports:index"), {"kind": "declaration_package",
                                                      "scope": f"task:{world.task_a.pk}", "statuses": ["approved"],
                                                      "photos_per_page": 4}, follow=True)
    assert "所选范围内没有网上申报项目" in response.content.decode()
    assert not ExportJob.objects.exists()
