"""The web import: background parse, refusals that leave nothing, corrected columns, guarded confirms."""

from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from frameworks import services
from frameworks.models import ColumnMapping, ImportBatch, Indicator, Responsibility, Task
from frameworks.signals import tasks_imported
from lib.tables.tests import corpus
from lib.tables.tests.builders import docx_bytes
from tests.factories import UserFactory
from tests.worker import run_worker

# The worker closes its database connection (see tests.worker).
pytestmark = pytest.mark.django_db(transaction=True)

TABLE = [["考核项目", "考核内容", "责任单位", "工作要求"],
         ["创建氛围", "1、悬挂横幅（1分）", "行财科", "照片"],
         ["创建氛围", "2、发放资料（1分）", "人事科", "签到表"]]


def upload(client, data: bytes, name: str = "表.docx", year: int = 2027):
    return client.post(reverse("frameworks:import_upload"),
                       {"file": SimpleUploadedFile(name, data), "year": year})


@pytest.fixture
def coordinator_client(client, world):
    client.force_login(world.coordinator)
    return client


def stored_files() -> list[str]:
    try:
        return default_storage.listdir("imports")[0] and [
            name for folder in default_storage.listdir("imports")[0]
            for name in default_storage.listdir(f"imports/{folder}")[1]]
    except FileNotFoundError:
        return []


def test_a_file_the_worker_refuses_leaves_no_batch_and_no_file_and_says_why(coordinator_client):
    response = upload(coordinator_client, docx_bytes("只有文字，没有表格"))
    preview_url = response.url
    assert ImportBatch.objects.count() == 1 and len(stored_files()) == 1
    run_worker()
    assert not ImportBatch.objects.exists()
    assert stored_files() == []
    page = coordinator_client.get(preview_url).content.decode()
    assert "文件中没有找到表格" in page and "确认导入" not in page


def test_another_coordinator_cannot_read_a_refusal_or_reach_a_batch(coordinator_client, world):
    response = upload(coordinator_client, docx_bytes(TABLE))
    batch = ImportBatch.objects.get()
    other = UserFactory(role="coordinator")
    coordinator_client.force_login(other)
    for name in ("import_preview", "import_status"):
        assert coordinator_client.get(reverse(f"frameworks:{name}", args=[batch.pk])).status_code == 404
    for name in ("import_columns", "import_confirm"):
        assert coordinator_client.post(reverse(f"frameworks:{name}", args=[batch.pk])).status_code == 404
    assert response.status_code == 302


@pytest.mark.django_db(transaction=True)
def test_parsing_runs_outside_any_transaction(coordinator_client, monkeypatch):
    seen = []
    real = services.parse_file_bounded

    def spy(*args, **kwargs):
        seen.append(connection.in_atomic_block)
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "parse_file_bounded", spy)
    upload(coordinator_client, docx_bytes(TABLE))
    run_worker()
    assert seen == [False]
    assert ImportBatch.objects.get().status == ImportBatch.Status.PREVIEW


def test_status_polls_until_the_parse_is_done(coordinator_client):
    upload(coordinator_client, docx_bytes(TABLE))
    batch = ImportBatch.objects.get()
    url = reverse("frameworks:import_status", args=[batch.pk])
    assert "正在解析" in coordinator_client.get(url).content.decode()
    run_worker()
    response = coordinator_client.get(url)
    assert response.status_code == 204 and response["HX-Refresh"] == "true"


def test_a_table_without_tasks_can_never_be_confirmed(coordinator_client, world):
    empty = [["考核项目", "考核内容", "责任单位"], ["创建氛围", "", ""]]
    upload(coordinator_client, docx_bytes(empty), year=2026)
    run_worker()
    batch = ImportBatch.objects.get()
    page = coordinator_client.get(reverse("frameworks:import_preview", args=[batch.pk])).content.decode()
    assert "没有识别出任何考核任务" in page and "确认导入</button>" not in page
    coordinator_client.post(reverse("frameworks:import_confirm", args=[batch.pk]), {"retire": "confirmed"})
    assert Task.objects.current().filter(section__framework__organisation=world.organisation).count() == 3


def test_retiring_current_tasks_needs_a_second_confirmation(coordinator_client, world):
    upload(coordinator_client, docx_bytes(TABLE), year=2026)  # the world's tasks are of 2026
    run_worker()
    batch = ImportBatch.objects.get()
    confirm = reverse("frameworks:import_confirm", args=[batch.pk])
    page = coordinator_client.post(confirm).content.decode()
    assert "有 3 项不在新表中" in page
    assert Task.objects.current().filter(pk=world.task_a.pk).exists()
    assert not Task.objects.filter(text="悬挂横幅").exists()
    coordinator_client.post(confirm, {"retire": "confirmed"})
    world.task_a.refresh_from_db()
    assert world.task_a.retired and Task.objects.current().filter(text="悬挂横幅").exists()


def test_a_corrected_column_is_parsed_at_once_and_remembered_for_the_next_import(coordinator_client, world):
    data = corpus.compound_headers_docx()
    upload(coordinator_client, data)
    run_worker()
    batch = ImportBatch.objects.get()
    headers = [column.header for column in services.batch_preview(batch=batch).parsed.headers]
    chosen = {"工作任务及要求": "item", "评分标准（说明）": "guidance",
              "责任科室（排第一位的为牵头科室）": "departments", "责任领导": "extra", "备注": "extra"}
    form = {f"column_{index}": chosen[header] for index, header in enumerate(headers)}
    coordinator_client.post(reverse("frameworks:import_columns", args=[batch.pk]), form)
    run_worker()
    batch.refresh_from_db()
    first = services.batch_preview(batch=batch).parsed.sections[0].tasks[0]
    assert (first.text, first.guidance) == ("开展文明单位创建", "未开展扣2分（2分）")
    coordinator_client.post(reverse("frameworks:import_confirm", args=[batch.pk]))
    assert dict(ColumnMapping.objects.values_list("header", "kind")) == {"评分标准（说明）": "guidance"}
    upload(coordinator_client, data, year=2028)
    assert ImportBatch.objects.latest("created_at").corrections == {"评分标准（说明）": "guidance"}


def test_saving_sends_the_tasks_and_keeps_measures_indicators_and_extra_columns(world):
    received = []

    def listener(sender, framework, tasks, **kwargs):
        received.append((framework.year, len(tasks)))

    tasks_imported.connect(listener)
    try:
        result = services.framework_import(organisation=world.organisation, data=corpus.city_xlsx(8),
                                           filename="city.xlsx", year=2030)
    finally:
        tasks_imported.disconnect(listener)
    assert received == [(2030, 8)] and result.created == 8
    task = Task.objects.get(section__framework__year=2030, source_row=2)
    assert (task.indicator.code, task.indicator.parent.code, task.indicator.parent.title) == ("Ⅲ-1-1", "Ⅲ-1", "指标1")
    duties = dict(Responsibility.objects.filter(task=task).values_list("department__name", "duty"))
    assert duties["市直单位2"] == "一是牵头制定方案；二是组织实施。"
    assert duties["区县单位2"] == "一是配合开展活动；二是报送信息。"
    assert Indicator.objects.filter(framework=result.framework, parent=None).count() == 2
    compound = services.framework_import(organisation=world.organisation, data=corpus.compound_headers_docx(),
                                         filename="c.docx", year=2031)
    assert Task.objects.filter(section__framework=compound.framework).first().extra == {
        "责任领导": "张局长", "备注": "重点"}


def test_the_task_page_shows_extra_columns(client, world):
    world.task_a.extra = {"责任领导": "张局长"}
    world.task_a.save()
    client.force_login(world.clerk_a)
    page = client.get(reverse("frameworks:task_detail", args=[world.task_a.pk])).content.decode()
    assert "责任领导" in page and "张局长" in page


def test_upload_of_a_bomb_is_refused_in_the_request_with_nothing_stored(coordinator_client):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<w:document/>")
        archive.writestr("word/media/fill.bin", bytes(110 * 1024 * 1024))
    page = upload(coordinator_client, buffer.getvalue()).content.decode()
    assert "压缩炸弹" in page
    assert not ImportBatch.objects.exists() and stored_files() == []


def test_dry_run_json_has_columns_and_indicators(tmp_path, capsys, db):
    path = Path(tmp_path) / "city.xlsx"
    path.write_bytes(corpus.city_xlsx(4))
    import json

    call_command("import_table", str(path), "--dry-run", "--json")
    payload = json.loads(capsys.readouterr().out)
    assert payload["columns"]["测评指标"] == "indicator" and payload["columns"]["牵头单位"] == "lead"
    assert payload["sections"][0]["tasks"][0]["indicator"] == "Ⅲ-1-1"
    assert {"title", "sections", "departments", "warnings"} <= payload.keys()


def test_collective_names_of_any_wording_become_groups_not_departments(world):
    from org.models import Department, DepartmentGroup

    unit = Department.objects.create(organisation=world.organisation, name="公证处", kind="unit")
    preview = services.import_preview(organisation=world.organisation, data=corpus.collective_names_docx(),
                                      filename="g.docx")
    assert "将新建科室集合“各业务科室”（可在管理后台的“科室集合”中调整其包含的科室）" in preview.warnings
    assert any("“所有党支部”暂无对应的科室" in warning for warning in preview.warnings)
    services.framework_import(organisation=world.organisation, data=corpus.collective_names_docx(),
                              filename="g.docx", year=2032)
    groups = dict(DepartmentGroup.objects.filter(organisation=world.organisation).values_list("name", "kinds"))
    assert groups["各业务科室"] == ["office"] and groups["各直属单位"] == ["unit"]
    assert groups["全体干部职工"] == ["office", "unit"] and groups["所有党支部"] == ["party"]
    names = set(Department.objects.filter(organisation=world.organisation).values_list("name", flat=True))
    assert not names & set(groups)
    task = Task.objects.get(section__framework__year=2032, text="完成任务")
    assert list(task.responsibilities.values_list("department__name", flat=True)) == [unit.name]


def test_a_parse_whose_task_failed_offers_to_parse_again(coordinator_client, monkeypatch):
    from django.db import OperationalError

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    upload(coordinator_client, docx_bytes(TABLE))
    batch = ImportBatch.objects.get()
    monkeypatch.setattr(services, "parse_file_bounded", locked)
    run_worker()  # the worker records the failure and carries on
    url = reverse("frameworks:import_preview", args=[batch.pk])
    assert "重新解析" in coordinator_client.get(url).content.decode()
    monkeypatch.undo()
    coordinator_client.post(reverse("frameworks:import_columns", args=[batch.pk]))
    run_worker()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEW


def test_the_preview_uses_as_many_queries_for_a_long_table_as_for_a_short_one(coordinator_client):
    from django.test.utils import CaptureQueriesContext

    counts = []
    for rows in (4, 60):
        upload(coordinator_client, corpus.city_xlsx(rows), name=f"city{rows}.xlsx")
        run_worker()
        url = reverse("frameworks:import_preview", args=[ImportBatch.objects.latest("created_at").pk])
        with CaptureQueriesContext(connection) as queries:
            assert f"{rows} 项任务" in coordinator_client.get(url).content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1]
