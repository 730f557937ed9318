"""Pages and endpoints: scoping (404), uploads one by one, downloads, review, requirement editing."""

from datetime import datetime

import pytest
from django.urls import reverse

from evidence import services
from evidence.models import EvidenceFile, Submission
from evidence.tests import factories
from lib.media.tests import samples

HTMX = {"HX-Request": "true"}


def url(name, *args):
    return reverse(f"evidence:{name}", args=args)


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_task_page_shows_requirements_submissions_and_the_new_button(client, world, draft_a, add_photo):
    add_photo(draft_a, 1)
    client.force_login(world.clerk_a)
    html = page(client.get(reverse("frameworks:task_detail", args=[world.task_a.pk])))
    assert "资料要求" in html and "照片：至少5张" in html and "原文：“至少5张照片”" in html
    assert "公益广告悬挂" in html and "还缺4张照片（要求至少5张，已上传1张）" in html
    assert url("submission_create", world.task_a.pk) in html
    client.force_login(world.leader)
    html = page(client.get(reverse("frameworks:task_detail", args=[world.task_a.pk])))
    assert "公益广告悬挂" in html and url("submission_create", world.task_a.pk) not in html


def test_an_imported_task_shows_its_requirements_without_any_step(client, world):
    client.force_login(world.clerk_b)
    html = page(client.get(reverse("frameworks:task_detail", args=[world.task_b.pk])))
    assert "方案（计划）" in html and "总结" in html


def test_clerk_creates_a_submission_for_their_department(client, world):
    client.force_login(world.clerk_a)
    create = url("submission_create", world.task_a.pk)
    html = page(client.get(create))
    assert "行财科" in html and "人事科" not in html
    response = client.post(create, {"department": world.department_a.pk, "title": "第一期", "activity_date": "2026-05-03"})
    submission = Submission.objects.get(title="第一期")
    assert response.status_code == 302 and response.url == url("submission_detail", submission.pk)
    response = client.post(create, {"department": world.department_b.pk, "title": "冒名"})
    assert "选择一个有效的选项" in page(response) and not Submission.objects.filter(title="冒名").exists()
    response = client.post(create, {"department": world.department_a.pk, "title": "", "url": "not a url"})
    assert "请输入完整的网址" in page(response)
    client.force_login(world.clerk_b)
    response = client.get(url("submission_create", world.task_a.pk))
    assert response.status_code == 404


def test_submission_page_renders_photos_documents_checks_and_the_script_with_a_nonce(client, world, draft_a,
                                                                                       add_photo, add_document):
    add_photo(draft_a, 1, taken_at=datetime(2024, 5, 3, 9, 0))
    add_document(draft_a, "plan", name="活动方案.docx")
    client.force_login(world.clerk_a)
    response = client.get(url("submission_detail", draft_a.pk))
    html = page(response)
    assert "拍摄于2024年，不在2026年度考核期内" in html and "活动方案.docx" in html and "缺少总结" in html
    assert 'capture="environment"' in html and "multiple" in html
    nonce = response.headers["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert f'evidence.js" nonce="{nonce}"' in html


def test_photos_upload_one_per_request_with_a_card_or_a_chinese_error(client, world, draft_a, stored_files):
    client.force_login(world.clerk_a)
    upload = url("photo_upload", draft_a.pk)
    response = client.post(upload, {"role": "photo", "file": factories.upload("好.jpg", factories.jpeg(1))},
                           headers=HTMX)
    html = page(response)
    photo = EvidenceFile.objects.get()
    assert "<html" not in html and f'id="photo-{photo.pk}"' in html and "data-photo-card" in html
    response = client.post(upload, {"role": "photo", "file": factories.upload("坏.jpg", samples.pdf(["x"]))},
                           headers=HTMX)
    assert response.status_code == 422
    assert "坏.jpg：文件内容与扩展名不符：内容是 PDF，不是图片" in response.content.decode()
    assert EvidenceFile.objects.count() == 1 and len(stored_files()) == 2


def test_a_plain_batch_keeps_the_good_files_when_one_is_bad(client, world, draft_a):
    client.force_login(world.clerk_a)
    files = [factories.upload("1.jpg", factories.jpeg(1)), factories.upload("空.jpg", b""),
             factories.upload("3.png", factories.png(3))]
    response = client.post(url("photo_upload", draft_a.pk), {"role": "photo", "file": files}, follow=True)
    html = page(response)
    assert "已上传 2 个文件" in html and "空.jpg：文件为空" in html
    assert sorted(EvidenceFile.objects.values_list("original_name", flat=True)) == ["1.jpg", "3.png"]


def test_documents_upload_with_their_role(client, world, draft_a):
    client.force_login(world.clerk_a)
    response = client.post(url("document_upload", draft_a.pk), {
        "role": "summary", "file": factories.upload("总结.docx", factories.docx(["活动总结"]))}, follow=True)
    assert "已上传 1 个文件" in page(response)
    assert EvidenceFile.objects.get().role == "summary"
    response = client.post(url("document_upload", draft_a.pk), {"role": "bogus", "file": []}, follow=True)
    assert "请选择文件用途" in page(response)


def test_other_departments_get_404_everywhere(client, world, draft_a, add_photo):
    photo = add_photo(draft_a, 1)
    client.force_login(world.clerk_b)
    for response in (
        client.get(url("submission_detail", draft_a.pk)),
        client.get(url("submission_edit", draft_a.pk)),
        client.get(url("submission_checks", draft_a.pk)),
        client.get(url("file_download", photo.pk)),
        client.get(url("file_thumbnail", photo.pk)),
        client.post(url("photo_upload", draft_a.pk), {"role": "photo", "file": factories.upload("x.jpg", factories.jpeg(2))}),
        client.post(url("document_upload", draft_a.pk), {"role": "plan", "file": factories.upload("x.docx", factories.docx(["x"]))}),
        client.post(url("photo_caption", photo.pk), {"地点": "x"}),
        client.post(url("file_role", photo.pk), {"role": "screenshots"}),
        client.post(url("file_delete", photo.pk)),
        client.post(url("captions_fill", draft_a.pk), {"fill-地点": "x"}),
        client.post(url("submission_submit", draft_a.pk)),
        client.post(url("submission_delete", draft_a.pk)),
    ):
        assert response.status_code == 404
    assert EvidenceFile.objects.count() == 1


def test_downloads_need_a_login_and_carry_the_chinese_name(client, world, draft_a, add_photo):
    photo = add_photo(draft_a, 1, name="现场照片.jpg")
    response = client.get(url("file_download", photo.pk))
    assert response.status_code == 302 and reverse("login") in response.url
    assert client.get(url("file_thumbnail", photo.pk)).status_code == 302
    client.force_login(world.inspector)
    response = client.get(url("file_download", photo.pk))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''%E7%8E%B0%E5%9C%BA%E7%85%A7%E7%89%87.jpg"
    assert b"".join(response.streaming_content) == factories.jpeg(1)
    response = client.get(url("file_download", photo.pk), {"inline": "1"})
    assert response["Content-Disposition"].startswith("inline")
    thumbnail = client.get(url("file_thumbnail", photo.pk))
    assert thumbnail.status_code == 200 and thumbnail["Content-Type"] == "image/jpeg"


def test_heic_is_served_by_its_content_type_and_never_inline(client, world, draft_a):
    data = samples.encode(samples.photo((64, 48)), "HEIF")
    photo = services.evidence_file_add(submission=draft_a, upload=factories.upload("phone.jpg", data),
                                       user=world.clerk_a, role="photo")
    client.force_login(world.clerk_a)
    response = client.get(url("file_download", photo.pk), {"inline": "1"})
    assert response["Content-Type"] == "image/heic" and response["Content-Disposition"].startswith("attachment")


def test_documents_have_no_thumbnail(client, world, draft_a, add_document):
    document = add_document(draft_a, "plan")
    client.force_login(world.clerk_a)
    assert client.get(url("file_thumbnail", document.pk)).status_code == 404
    response = client.get(url("file_download", document.pk), {"inline": "1"})
    assert response["Content-Disposition"].startswith("attachment")  # DOCX cannot be shown inline


def test_caption_autosave_answers_saved_and_refreshes_the_checks(client, world, draft_a, add_photo):
    photo = add_photo(draft_a, 1)
    client.force_login(world.clerk_a)
    response = client.post(url("photo_caption", photo.pk), {"时间": "2026年5月", "地点": "会议室", "主题": ""},
                           headers=HTMX)
    html = page(response)
    # Only the saved state and the card's missing-field line come back: the inputs being typed in stay.
    assert response["HX-Trigger"] == "evidence-changed" and "已保存" in html and "<input" not in html
    assert f'id="photo-{photo.pk}-missing"' in html and 'hx-swap-oob="true"' in html
    photo.refresh_from_db()
    assert photo.caption_place == "会议室"
    checks = page(client.get(url("submission_checks", draft_a.pk), headers=HTMX))
    assert 'id="checks"' in checks and "<html" not in checks


def test_batch_caption_fill_and_photo_delete(client, world, draft_a, add_photo):
    first, second = add_photo(draft_a, 1), add_photo(draft_a, 2)
    client.force_login(world.clerk_a)
    response = client.post(url("captions_fill", draft_a.pk), {"fill-地点": "礼堂", "fill-overwrite": "0"}, follow=True)
    assert "已为 2 张照片填写注明" in page(response)
    response = client.post(url("file_delete", first.pk), headers=HTMX)
    assert response.status_code == 200 and response.content == b""
    assert list(draft_a.files.values_list("pk", flat=True)) == [second.pk]


def test_submit_blocked_then_override_by_the_coordinator(client, world, draft_a):
    client.force_login(world.clerk_a)
    html = page(client.get(url("submission_detail", draft_a.pk)))
    assert "补齐后才能提交审核" in html and "disabled" in html
    response = client.post(url("submission_submit", draft_a.pk), follow=True)
    assert "还有3项必需要求未满足，请补齐后再提交" in page(response)
    client.force_login(world.coordinator)
    assert "填写放行理由后提交" in page(client.get(url("submission_detail", draft_a.pk)))
    response = client.post(url("submission_submit", draft_a.pk), {"override_reason": "照片已纸质报送"})
    assert response.status_code == 302
    draft_a.refresh_from_db()
    assert draft_a.status == "pending" and draft_a.override_reason == "照片已纸质报送"


def test_review_queue_filters_and_the_review_actions(client, world, complete_a):
    services.submission_submit(submission=complete_a, user=world.clerk_a)
    services.task_rules_sync(task=world.task_b)
    other = services.submission_create(task=world.task_b, department=world.department_b, user=world.clerk_b,
                                       title="志愿者注册", activity_date=complete_a.activity_date)
    services.submission_submit(submission=other, user=world.coordinator, override_reason="另报")
    client.force_login(world.clerk_a)
    assert client.get(url("review_queue")).status_code == 403
    client.force_login(world.coordinator)
    html = page(client.get(url("review_queue")))
    assert "公益广告悬挂" in html and "志愿者注册" in html and "已放行" in html
    partial = page(client.get(url("review_queue"), {"department": world.department_b.pk, "status": "pending"},
                              headers=HTMX))
    assert "<html" not in partial and "志愿者注册" in partial and "公益广告悬挂" not in partial
    response = client.post(url("submission_return", complete_a.pk), {"comment": ""}, follow=True)
    assert "退回时请写明需要修改的地方" in page(response)
    response = client.post(url("submission_return", complete_a.pk), {"comment": "第2张照片模糊"})
    assert response.status_code == 302 and response.url == url("review_queue")
    client.force_login(world.clerk_a)
    html = page(client.get(url("submission_detail", complete_a.pk)))
    assert "已退回，请按意见修改后重新提交" in html and "第2张照片模糊" in html and "重新提交审核" in html
    client.post(url("submission_submit", complete_a.pk))
    client.force_login(world.coordinator)
    client.post(url("submission_approve", complete_a.pk), {"comment": "合格"})
    complete_a.refresh_from_db()
    assert complete_a.status == "approved"
    client.force_login(world.clerk_a)
    html = page(client.get(url("submission_detail", complete_a.pk)))
    assert "审核通过。" in html and "合格" in html and "保存注明" not in html
    assert client.get(url("submission_edit", complete_a.pk)).status_code == 302


def test_requirement_page_for_the_coordinator(client, world):
    world.task_a.guidance = "各类活动要有方案（计划），至少5张照片和总结。活动影像另行报送。"
    world.task_a.save()
    services.task_rules_sync(task=world.task_a)
    client.force_login(world.clerk_a)
    assert client.get(url("requirement_list", world.task_a.pk)).status_code == 403
    client.force_login(world.coordinator)
    requirements = url("requirement_list", world.task_a.pk)
    html = page(client.get(requirements))
    assert "活动影像另行报送。" in html and "未能自动解析的句子" in html
    photos = world.task_a.requirements.get(kind="photos")
    response = client.post(url("requirement_edit", photos.pk), {
        f"r{photos.pk}-kind": "photos", f"r{photos.pk}-hard": "on", f"r{photos.pk}-min_count": "6",
        f"r{photos.pk}-caption_fields": "时间、地点"})
    assert response.status_code == 302
    photos.refresh_from_db()
    assert photos.min_count == 6 and photos.caption_fields == ["时间", "地点"] and photos.edited
    response = client.post(url("requirement_edit", photos.pk), {f"r{photos.pk}-kind": "photos", f"r{photos.pk}-per_group": "2"})
    assert response.status_code == 422 and "请同时写明分组名称" in response.content.decode()
    response = client.post(requirements, {"new-kind": "report", "new-hard": "on", "new-target_chars": "500",
                                          "new-tolerance_percent": "20"})
    assert response.status_code == 302
    assert world.task_a.requirements.get(kind="report").tolerance == 0.2
    client.post(url("requirement_delete", photos.pk))
    client.post(url("requirements_resync", world.task_a.pk))
    assert list(world.task_a.requirements.values_list("kind", flat=True)) == ["plan", "summary", "report"]
    client.post(url("requirements_resync", world.task_a.pk), {"discard_edits": "1"})
    assert list(world.task_a.requirements.values_list("kind", flat=True)) == ["plan", "photos", "summary"]


@pytest.mark.parametrize("persona", ["leader", "inspector"])
def test_readers_see_but_cannot_change(client, world, draft_a, add_photo, persona):
    photo = add_photo(draft_a, 1)
    client.force_login(getattr(world, persona))
    html = page(client.get(url("submission_detail", draft_a.pk)))
    assert "保存注明" not in html and "提交审核" not in html
    response = client.post(url("photo_caption", photo.pk), {"地点": "x"}, headers=HTMX)
    assert "您不能修改该科室的资料" in page(response)
