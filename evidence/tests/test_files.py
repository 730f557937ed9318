"""Adding files: content checks, bad input, storage hygiene, EXIF, duplicates and 字数."""

import io
from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evidence import selectors, services
from evidence.models import EvidenceFile
from evidence.services import EvidenceRejected
from evidence.tests import factories
from lib.media.tests import samples


def add(world, submission, name, data, role="photo"):
    return services.evidence_file_add(submission=submission, upload=factories.upload(name, data), user=world.clerk_a,
                                      role=role)


BAD_PHOTOS = [
    ("disguised.jpg", samples.pdf(["not a photo"]), "文件内容与扩展名不符：内容是 PDF，不是图片"),
    ("corrupt.jpg", factories.jpeg(1)[:300], "图片已损坏或不完整，无法打开"),
    ("bomb.png", samples.png_claiming_size(100_000, 100_000), "图片尺寸过大"),
    ("empty.jpg", b"", "文件为空"),
    ("animation.gif", factories.gif(), "不支持的图片格式：GIF"),
    ("notes.txt", "活动记录".encode(), "无法识别的文件格式"),
]


@pytest.mark.parametrize(("name", "data", "message"), BAD_PHOTOS, ids=[case[0] for case in BAD_PHOTOS])
def test_bad_photos_are_refused_in_chinese_leaving_nothing_behind(world, draft_a, stored_files, name, data, message):
    with pytest.raises(EvidenceRejected) as rejected:
        add(world, draft_a, name, data)
    assert message in rejected.value.message_zh
    assert not EvidenceFile.objects.exists()
    assert stored_files() == []


def test_oversized_files_are_refused_before_reading(world, draft_a, settings, stored_files):
    settings.UPLOAD_MAX_BYTES = 1000
    with pytest.raises(EvidenceRejected) as rejected:
        add(world, draft_a, "big.jpg", factories.jpeg(1, size=(200, 150)))
    assert rejected.value.message_zh.startswith("文件过大（") and "不能超过" in rejected.value.message_zh
    assert not EvidenceFile.objects.exists() and stored_files() == []


@pytest.mark.parametrize(("name", "data", "message"), [
    ("broken.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "文档已损坏，无法读取"),
    ("broken.docx", factories.docx(["方案"])[:400], "文档已损坏，无法读取"),
    ("archive.zip", b"PK\x05\x06" + b"\x00" * 18, "不支持的文件格式（ZIP 压缩包）"),
    ("animation.gif", factories.gif(), "不支持的图片格式：GIF"),
    ("notes.txt", "活动记录".encode(), "不支持的文件格式（未知格式）"),
])
def test_bad_documents_are_refused(world, draft_a, stored_files, name, data, message):
    with pytest.raises(EvidenceRejected) as rejected:
        add(world, draft_a, name, data, role="plan")
    assert message in rejected.value.message_zh
    assert not EvidenceFile.objects.exists() and stored_files() == []


def test_a_failure_while_saving_removes_the_stored_files(world, draft_a, stored_files, monkeypatch):
    def broken_save(*args, **kwargs):
        raise RuntimeError("database went away")
    monkeypatch.setattr(EvidenceFile, "save", broken_save)
    with pytest.raises(RuntimeError):
        add(world, draft_a, "photo.jpg", factories.jpeg(1))
    assert stored_files() == []


def test_photo_is_stored_with_thumbnail_exif_time_and_fingerprints(world, draft_a, stored_files):
    photo = add(world, draft_a, "现场照片.jpg", factories.jpeg(1, taken_at=datetime(2026, 5, 3, 14, 30)))
    assert photo.kind == "photo" and photo.content_kind == "jpeg" and photo.original_name == "现场照片.jpg"
    assert timezone.localtime(photo.taken_at).replace(tzinfo=None) == datetime(2026, 5, 3, 14, 30)
    assert photo.caption_time == "2026年5月3日 14:30"
    assert (photo.width, photo.height) == (64, 48) and len(photo.sha256) == 64 and len(photo.phash) == 16
    assert photo.thumbnail and len(stored_files()) == 2
    assert photo.file.name.endswith(".jpeg") and "现场" not in photo.file.name  # stored under a random name


def test_exif_rotation_is_applied_to_the_size(world, draft_a):
    data = samples.encode(samples.photo((64, 48)), "JPEG", exif=samples.exif(orientation=6))
    photo = add(world, draft_a, "rotated.jpg", data)
    assert (photo.width, photo.height) == (48, 64)


def test_png_and_webp_are_accepted_and_scans_may_be_documents(world, draft_a):
    add(world, draft_a, "a.png", factories.png(2))
    add(world, draft_a, "b.webp", samples.encode(samples.photo((64, 48), seed=3), "WEBP"))
    scan = add(world, draft_a, "红头页.png", factories.png(4), role="document")
    assert scan.kind == "document" and scan.thumbnail and scan.char_count is None


def test_heic_is_read_by_content_whatever_its_name(world, draft_a):
    data = samples.encode(samples.photo((64, 48)), "HEIF", exif=samples.exif(taken_at=datetime(2026, 7, 1, 8, 0)))
    photo = add(world, draft_a, "IMG_0001.jpg", data)
    assert photo.content_kind == "heic" and photo.thumbnail and photo.caption_time == "2026年7月1日 08:00"


def test_photos_taken_outside_the_assessment_year_are_flagged(world, draft_a):
    add(world, draft_a, "old.jpg", factories.jpeg(1, taken_at=datetime(2024, 5, 3, 9, 0)))
    add(world, draft_a, "new.jpg", factories.jpeg(2, taken_at=datetime(2026, 5, 3, 9, 0)))
    add(world, draft_a, "no-exif.jpg", factories.jpeg(3))
    page = selectors.submission_page(user=world.clerk_a, submission=draft_a)
    assert [card.outside_year for card in page.cards] == [2024, None, None]


def test_exact_and_near_duplicates_are_found_across_the_organisation(world, draft_a):
    original = add(world, draft_a, "a.jpg", factories.jpeg(5))
    add(world, draft_a, "unrelated.jpg", factories.jpeg(6))
    other = services.submission_create(task=world.task_shared, department=world.department_b, user=world.clerk_b,
                                       title="无偿献血")
    copy = services.evidence_file_add(submission=other, upload=factories.upload("copy.jpg", factories.jpeg(5)),
                                      user=world.clerk_b, role="photo")
    recompressed = services.evidence_file_add(
        submission=other, upload=factories.upload("small.jpg", factories.jpeg(5, quality=40)), user=world.clerk_b,
        role="photo")
    cards = {card.file.pk: card for card in selectors.submission_page(user=world.coordinator, submission=other).cards}
    [exact, near] = cards[copy.pk].duplicates
    assert exact.exact and exact.submission_id == draft_a.pk and exact.where == "行财科 · 创建氛围-2《公益广告悬挂》（2026年度）"
    assert not near.exact and near.submission_id == other.pk and near.where == "本活动资料中"
    assert {hit.exact for hit in cards[recompressed.pk].duplicates} == {False}
    own = {card.file.pk: card for card in selectors.submission_page(user=world.coordinator, submission=draft_a).cards}
    assert [hit.where for hit in own[original.pk].duplicates] == ["人事科 · 创建活动-4《无偿献血》（2026年度）"] * 2
    assert len([c for c in own.values() if not c.duplicates]) == 1


def test_a_clerk_learns_only_that_a_photo_is_used_in_another_department(client, world, draft_a):
    """The other department's draft gives away neither its title, its task nor its department."""
    add(world, draft_a, "a.jpg", factories.jpeg(5))
    other = services.submission_create(task=world.task_b, department=world.department_b, user=world.clerk_b,
                                       title="人事科内部草稿")
    copy = services.evidence_file_add(submission=other, upload=factories.upload("copy.jpg", factories.jpeg(5)),
                                      user=world.clerk_b, role="photo")
    services.evidence_file_add(submission=other, upload=factories.upload("again.jpg", factories.jpeg(5, quality=40)),
                               user=world.clerk_b, role="photo")
    [card] = [c for c in selectors.submission_page(user=world.clerk_a, submission=draft_a).cards]
    assert card.duplicates == (selectors.DuplicateHit(exact=True, submission_id=None, where=""),)
    client.force_login(world.clerk_a)
    page = client.get(reverse("evidence:submission_detail", args=[draft_a.pk])).content.decode()
    assert "此照片已在其他科室的资料中使用" in page
    assert "人事科内部草稿" not in page and world.task_b.ref not in page
    assert reverse("evidence:submission_detail", args=[other.pk]) not in page
    # copies inside the clerk's own scope are still named
    own = {card.file.pk: card for card in selectors.submission_page(user=world.clerk_b, submission=other).cards}
    assert [(hit.exact, hit.where) for hit in own[copy.pk].duplicates] == [(False, "本活动资料中"), (True, "")]


def test_word_count_from_docx_and_pasted_text(world, draft_a):
    document = add(world, draft_a, "说明报告.docx", factories.docx(["创建全国文明城市", "2026年 工作 abc"]), role="report")
    assert document.kind == "document" and document.char_count == 13
    services.requirement_create(task=world.task_a, user=world.coordinator, fields=services.RequirementFields(
        kind="report", target_chars=20, tolerance=0.2))
    report = [c for c in selectors.submission_checks(submission=draft_a) if "说明报告" in c.message_zh]
    assert [c.message_zh for c in report] == ["说明报告13字，要求20字左右（16–24字）"]
    services.submission_update(submission=draft_a, user=world.clerk_a, title=draft_a.title, activity_date=None,
                               report_text="创建全国文明城市，人人参与、人人共享！" * 1, url="", notes="")
    report = [c for c in selectors.submission_checks(submission=draft_a) if "说明报告" in c.message_zh]
    assert report[0].ok and report[0].message_zh == "说明报告19字，符合要求（20字左右（16–24字））"


def test_pdf_and_xlsx_text_is_counted(world, draft_a):
    pdf = add(world, draft_a, "plan.pdf", samples.pdf(["Plan one two"]), role="plan")
    table = add(world, draft_a, "stats.xlsx", samples.xlsx_bytes({"统计": [["科室", "人数"], ["行财科", 5]]}),
                role="statistics")
    assert pdf.content_kind == "pdf" and pdf.char_count == 3
    assert table.content_kind == "xlsx" and table.char_count > 0


def test_captions_per_photo_and_for_a_batch(world, draft_a):
    first = add(world, draft_a, "1.jpg", factories.jpeg(1, taken_at=datetime(2026, 5, 3, 9, 0)))
    second = add(world, draft_a, "2.jpg", factories.jpeg(2))
    services.photos_caption_update(file=second, user=world.clerk_a, captions={"地点": "机关大院", "主办单位": "行财科"})
    second.refresh_from_db()
    assert second.caption_place == "机关大院" and second.caption_extra == {"主办单位": "行财科"}
    changed = services.photos_caption_fill(submission=draft_a, user=world.clerk_a,
                                           captions={"时间": "2026年5月", "地点": "会议室", "主题": "道德讲堂"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert changed == 2
    assert (first.caption_time, first.caption_place, first.caption_subject) == ("2026年5月3日 09:00", "会议室", "道德讲堂")
    assert (second.caption_time, second.caption_place) == ("2026年5月", "机关大院")
    services.photos_caption_fill(submission=draft_a, user=world.clerk_a, captions={"地点": "礼堂", "主题": ""},
                                 overwrite=True)
    second.refresh_from_db()
    assert second.caption_place == "礼堂" and second.caption_subject == "道德讲堂"
    services.photos_caption_update(file=second, user=world.clerk_a, captions={"主办单位": ""})
    second.refresh_from_db()
    assert second.caption_extra == {}


def test_caption_checks_number_the_photos(world, draft_a):
    services.requirement_create(task=world.task_a, user=world.coordinator, fields=services.RequirementFields(
        kind="photos", min_count=2, caption_fields=("时间", "地点")))
    add(world, draft_a, "1.jpg", factories.jpeg(1, taken_at=datetime(2026, 5, 3, 9, 0)))
    add(world, draft_a, "2.jpg", factories.jpeg(2))
    messages = [c.message_zh for c in selectors.submission_checks(submission=draft_a) if not c.ok]
    assert "第1张照片缺少地点" in messages and "第2张照片缺少时间、地点" in messages


def test_featureless_photos_are_not_near_duplicates_of_each_other(world, draft_a):
    from PIL import Image

    def flat(colour) -> bytes:
        buffer = io.BytesIO()
        Image.new("RGB", (64, 48), colour).save(buffer, "JPEG")
        return buffer.getvalue()

    add(world, draft_a, "red.jpg", flat((200, 30, 30)))
    add(world, draft_a, "blue.jpg", flat((30, 30, 200)))
    page = selectors.submission_page(user=world.clerk_a, submission=draft_a)
    assert all(not card.duplicates for card in page.cards)
