"""The capture flow: 活动日期 from the photos and required to submit, stable photo numbers,
per-file purposes, captions saved as typed, and photos whose metadata cannot be trusted."""

from datetime import date, datetime

import pytest
from django.urls import reverse

from evidence import selectors, services
from evidence.models import EvidenceFile
from evidence.services import EvidenceRejected
from evidence.tests import factories
from lib.media.tests import samples

HTMX = {"HX-Request": "true"}


def url(name, *args):
    return reverse(f"evidence:{name}", args=args)


@pytest.fixture
def undated(world):
    services.task_rules_sync(task=world.task_a)
    return services.submission_create(task=world.task_a, department=world.department_a, user=world.clerk_a,
                                      title="公益广告悬挂")


def test_the_most_common_capture_day_fills_a_missing_activity_date(world, undated, add_photo):
    add_photo(undated, 1, taken_at=datetime(2026, 5, 2, 9, 0))
    undated.refresh_from_db()
    assert undated.activity_date == date(2026, 5, 2)
    undated.activity_date = None
    undated.save()
    add_photo(undated, 2, taken_at=datetime(2026, 5, 1, 16, 0))
    add_photo(undated, 3, taken_at=datetime(2026, 5, 1, 17, 0))
    undated.refresh_from_db()
    assert undated.activity_date == date(2026, 5, 1)


def test_a_given_activity_date_is_never_overwritten_by_photos(world, draft_a, add_photo):
    chosen = draft_a.activity_date
    add_photo(draft_a, 1, taken_at=datetime(2026, 1, 3, 9, 0))
    draft_a.refresh_from_db()
    assert draft_a.activity_date == chosen


def test_without_an_activity_date_nothing_goes_to_review_or_is_approved(world, undated, add_photo):
    with pytest.raises(EvidenceRejected, match="请填写活动日期"):
        services.submission_submit(submission=undated, user=world.coordinator, override_reason="另报")
    # An older row submitted before the date was required: the reviewer cannot approve it silently.
    undated.status = undated.Status.PENDING
    undated.save()
    with pytest.raises(EvidenceRejected, match="没有活动日期"):
        services.submission_approve(submission=undated, user=world.coordinator, override_reason="另报")
    undated.refresh_from_db()
    assert undated.status == undated.Status.PENDING


def test_the_edit_form_requires_the_date_and_the_reviewer_is_warned(client, world, undated):
    client.force_login(world.clerk_a)
    response = client.post(url("submission_edit", undated.pk), {"title": "公益广告悬挂", "activity_date": ""})
    assert response.status_code == 200 and "请填写活动日期" in response.content.decode()
    assert "还没有活动日期" in client.get(url("submission_detail", undated.pk)).content.decode()
    undated.status = undated.Status.PENDING
    undated.save()
    client.force_login(world.coordinator)
    assert "通过后不会计入任何考核周期" in client.get(url("submission_detail", undated.pk)).content.decode()


def test_photo_numbers_stay_when_a_photo_is_deleted(world, draft_a, add_photo):
    first, second, third = (add_photo(draft_a, seed) for seed in (1, 2, 3))
    services.evidence_file_delete(file=second, user=world.clerk_a)
    fourth = add_photo(draft_a, 4)
    page = selectors.submission_page(user=world.clerk_a, submission=draft_a)
    assert [card.number for card in page.cards] == [1, 3, 4]
    assert [first.number, third.number, fourth.number] == [1, 3, 4]


def test_the_checks_name_photos_by_their_numbers(world, draft_a, add_photo):
    services.requirement_create(task=world.task_a, user=world.coordinator, fields=services.RequirementFields(
        kind="photos", min_count=1, caption_fields=("地点",)))
    first, second = add_photo(draft_a, 1), add_photo(draft_a, 2)
    services.photos_caption_update(file=second, user=world.clerk_a, captions={"地点": "礼堂"})
    services.evidence_file_delete(file=first, user=world.clerk_a)
    third = add_photo(draft_a, 3)
    messages = [check.message_zh for check in selectors.submission_checks(submission=draft_a) if not check.ok]
    assert f"第{third.number}张照片缺少地点" in messages and third.number == 3


def test_documents_chosen_together_get_their_own_purposes(client, world, draft_a):
    client.force_login(world.clerk_a)
    client.post(url("document_upload", draft_a.pk), {"role": "", "file": [
        factories.upload("道德讲堂活动实施方案.docx", factories.docx(["方案"])),
        factories.upload("道德讲堂活动总结.docx", factories.docx(["总结"])),
        factories.upload("IMG_0001.pdf", samples.pdf(["scan"])),
    ]})
    roles = dict(EvidenceFile.objects.values_list("original_name", "role"))
    # task_a asks for 方案（计划）, photos and 总结: the nameless scan gets the first one still missing … none
    # is missing here, so it is filed as 其他 for the clerk to decide.
    assert roles == {"道德讲堂活动实施方案.docx": "plan", "道德讲堂活动总结.docx": "summary", "IMG_0001.pdf": "other"}


def test_a_nameless_document_takes_the_first_missing_purpose(world, draft_a, add_document):
    add_document(draft_a, "plan")
    scan = services.evidence_file_add(submission=draft_a, upload=factories.upload("IMG_0001.pdf", samples.pdf(["x"])),
                                      user=world.clerk_a, role="")
    assert scan.role == "summary"


def test_a_files_purpose_can_be_changed_within_its_kind(client, world, draft_a, add_photo, add_document):
    document, photo = add_document(draft_a, "plan"), add_photo(draft_a, 1)
    client.force_login(world.clerk_a)
    response = client.post(url("file_role", document.pk), {"role": "summary"}, headers=HTMX)
    assert response["HX-Trigger"] == "evidence-changed" and "已保存" in response.content.decode()
    response = client.post(url("file_role", photo.pk), {"role": "screenshots"}, headers=HTMX)
    assert "已保存" in response.content.decode()
    response = client.post(url("file_role", photo.pk), {"role": "plan"}, headers=HTMX)
    assert "照片只能改为照片或视频截图" in response.content.decode()
    response = client.post(url("file_role", document.pk), {"role": "nonsense"}, headers=HTMX)
    assert "请选择文件用途" in response.content.decode()
    document.refresh_from_db()
    photo.refresh_from_db()
    assert (document.role, photo.role, photo.number) == ("summary", "screenshots", 1)


def test_a_pending_submissions_files_keep_their_purpose_for_the_clerk(client, world, complete_a):
    services.submission_submit(submission=complete_a, user=world.clerk_a)
    plan = complete_a.files.get(role="plan")
    client.force_login(world.clerk_a)
    client.post(url("file_role", plan.pk), {"role": "summary"})
    plan.refresh_from_db()
    assert plan.role == "plan"


def test_a_photo_with_an_unset_camera_clock_keeps_its_time_out_of_the_caption(client, world, draft_a):
    tags = samples.exif(raw_taken_at="1970:01:01 08:00:00")
    data = samples.encode(samples.photo((64, 48)), "JPEG", exif=tags)
    photo = services.evidence_file_add(submission=draft_a, upload=factories.upload("a.jpg", data), user=world.clerk_a,
                                       role="photo")
    assert (photo.taken_at, photo.caption_time, photo.implausible_taken_at) == (None, "", "1970:01:01 08:00:00")
    client.force_login(world.clerk_a)
    assert "“1970:01:01 08:00:00”不可信" in client.get(url("submission_detail", draft_a.pk)).content.decode()


@pytest.mark.parametrize("build, message", [
    (lambda: samples.encode(samples.photo((64, 48)), "PNG", exif=samples.DAMAGED_EXIF["bigtiff"]), None),
    (lambda: samples.encode(samples.photo((64, 48)), "JPEG", exif=samples.exif(raw_taken_at="0001:01:01 00:00:00")),
     None),
    (lambda: samples.animated("WEBP"), "不支持动图"),
    (lambda: samples.encode(samples.photo((64, 48)), "PNG")[:300], "图片已损坏或不完整"),
])
def test_hostile_photos_in_one_batch_never_sink_the_others(client, world, draft_a, build, message):
    client.force_login(world.clerk_a)
    response = client.post(url("photo_upload", draft_a.pk), {"role": "photo", "file": [
        factories.upload("bad.png", build()), factories.upload("good.jpg", factories.jpeg(5))]}, follow=True)
    assert response.status_code == 200
    names = set(draft_a.files.values_list("original_name", flat=True))
    if message is None:
        assert names == {"bad.png", "good.jpg"}
    else:
        assert names == {"good.jpg"} and message in response.content.decode()


def test_a_required_system_reads_as_a_system_not_only_as_an_official_document(world):
    world.task_b.guidance = "有制度、有方案（计划），至少5张照片和总结。"
    world.task_b.save()
    services.task_rules_sync(task=world.task_b)
    requirement = world.task_b.requirements.first()
    assert (requirement.source, requirement.get_kind_display()) == ("有制度", "制度、规范文件")
    assert requirement.description.startswith("制度")


def test_an_uploaded_photos_card_offers_its_purposes(client, world, draft_a):
    client.force_login(world.clerk_a)
    response = client.post(url("photo_upload", draft_a.pk), {"role": "photo", "file": factories.upload(
        "a.jpg", factories.jpeg(3))}, headers=HTMX)
    html = response.content.decode()
    assert '<option value="photo" selected>' in html and '<option value="screenshots">' in html
    assert "第1张" in html
