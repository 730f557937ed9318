import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from frameworks.models import Framework, Indicator, Responsibility, Task
from frameworks.services import ImportFailed, framework_import, import_preview
from org.models import DepartmentAlias, Organisation
from org.services import organisation_get_or_create

DEMO = Path(settings.BASE_DIR) / "demo"
FORMATS = ["docx", "xlsx", "txt"]


def fixture(ext: str) -> bytes:
    return (DEMO / f"yiyang-sfj-task-table.{ext}").read_bytes()


@pytest.fixture
def organisation(db) -> Organisation:
    return organisation_get_or_create(name="益阳市司法局")


def identities() -> dict:
    return {(section, ref): pk for section, ref, pk in Task.objects.values_list("section__name", "ref", "pk")}


def do_import(organisation, ext="docx", data=None, year=2026):
    return framework_import(organisation=organisation, data=data or fixture(ext),
                            filename=f"table.{ext}", year=year)


@pytest.mark.parametrize("ext", FORMATS)
def test_each_format_gives_the_same_sections_counts_and_points(organisation, ext):
    data = import_preview(organisation=organisation, data=fixture(ext), filename=f"t.{ext}").as_dict()
    assert [s["title"] for s in data["sections"]] == ["共性任务", "个性任务", "网上申报", "明查暗访", "公益广告宣传"]
    assert [len(s["tasks"]) for s in data["sections"]] == [22, 8, 15, 3, 2]
    assert [s["points"] for s in data["sections"][:2]] == [30, 70]
    assert sum(t["points"] or 0 for s in data["sections"] for t in s["tasks"]) == 100


def test_the_three_formats_agree_exactly(organisation):
    results = [import_preview(organisation=organisation, data=fixture(ext), filename=f"t.{ext}").as_dict()
               for ext in FORMATS]
    assert results[0] == results[1] == results[2]


def test_import_saves_tasks_departments_aliases_and_roles(organisation):
    result = do_import(organisation)
    assert result.created == 50 and result.updated == 0
    framework = result.framework
    assert framework.title == "益阳市司法局创建全国文明城市工作任务分解表"
    assert Task.objects.filter(section__framework=framework).count() == 50
    names = set(organisation.departments.values_list("name", flat=True))
    assert {"政治部", "行财科", "法治宣传科", "司考教培科", "政策法规科", "银鑫公证处", "公共法律服务中心"} <= names
    assert not names & {"法制宣传科", "法援中心", "各科（室）", "各党支部"}
    aliases = dict(DepartmentAlias.objects.filter(organisation=organisation).values_list("alias", "department__name"))
    assert aliases["法制宣传科"] == "法治宣传科"
    assert aliases["法援中心"] == "公共法律服务中心"

    activity = Task.objects.get(section__name="共性任务", text__startswith="积极开展“讲文明、树新风”")
    roles = {r.department.name: r.role for r in activity.responsibilities.select_related("department")}
    assert roles["政治部"] == Responsibility.Role.LEAD
    assert roles["银鑫公证处"] == roles["公共法律服务中心"] == Responsibility.Role.COOPERATING
    # 各科（室） expands to every office and unit, but not to party organisations.
    assert roles["人事科"] == Responsibility.Role.COOPERATING
    assert "机关党委" not in roles


def test_indicators_form_a_tree(organisation):
    framework = do_import(organisation).framework
    sub = Indicator.objects.get(framework=framework, code="Ⅲ-5-1")
    assert sub.parent is not None
    assert Indicator.objects.filter(framework=framework, code="Ⅰ-1").exists()
    assert Task.objects.filter(section__framework=framework, indicator__code="Ⅲ-29").count() >= 3


def test_reimport_is_idempotent_and_keeps_identity(organisation):
    first = do_import(organisation)
    ids = identities()
    second = do_import(organisation, ext="xlsx")
    assert second.framework.pk == first.framework.pk
    assert second.created == 0 and second.updated == 50 and second.retired == 0
    assert Framework.objects.count() == 1
    assert Task.objects.count() == 50
    assert identities() == ids
    assert Responsibility.objects.count() == Responsibility.objects.values("task", "department").distinct().count()


def test_corrected_table_updates_in_place_and_retires_missing_tasks(organisation):
    do_import(organisation, ext="txt")
    task = Task.objects.get(section__name="共性任务", text__startswith="及时规范整理报送创建工作资料")
    text = fixture("txt").decode("utf-8")
    corrected = text.replace("及时规范整理报送创建工作资料。", "及时规范整理并报送创建工作资料。")
    corrected = corrected.replace("3、为民服务热线电话", "").replace("法律服务热线电话：12348", "")
    result = do_import(organisation, ext="txt", data=corrected.encode("utf-8"))
    task.refresh_from_db()
    assert task.text.startswith("及时规范整理并报送创建工作资料")
    assert result.created == 0
    assert Task.objects.count() == 50


@pytest.mark.parametrize("data, filename, message", [
    (b"", "empty.docx", "空"),
    (b"not a table at all \x00\x01", "x.docx", ""),
    (b"PK\x03\x04broken zip", "broken.docx", ""),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "secret.xlsx", ""),
])
def test_bad_files_fail_with_a_chinese_message_and_save_nothing(organisation, data, filename, message):
    with pytest.raises(ImportFailed) as error:
        framework_import(organisation=organisation, data=data, filename=filename, year=2026)
    assert message in str(error.value)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(error.value))
    assert not Framework.objects.exists()
    assert not organisation.departments.exists()


def test_table_without_recognisable_columns(organisation):
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "姓名", "电话"
    table.cell(1, 0).text, table.cell(1, 1).text = "张三", "123"
    buffer = io.BytesIO()
    document.save(buffer)
    with pytest.raises(ImportFailed):
        framework_import(organisation=organisation, data=buffer.getvalue(), filename="x.docx", year=2026)
    assert not Task.objects.exists()


def test_dry_run_command_prints_json_and_saves_nothing(db):
    out = io.StringIO()
    call_command("import_table", str(DEMO / "yiyang-sfj-task-table.txt"), "--dry-run", "--json", stdout=out)
    payload = json.loads(out.getvalue())
    assert set(payload) >= {"sections", "departments", "warnings"}
    task = payload["sections"][0]["tasks"][0]
    assert set(task) >= {"ref", "category", "indicator", "text", "points", "lead", "cooperating", "guidance"}
    assert task["lead"] == ["政治部"]
    assert "法治宣传科" in payload["departments"]
    assert not Task.objects.exists() and not Organisation.objects.exists()


def test_command_saves_and_reimports(db):
    path = str(DEMO / "yiyang-sfj-task-table.xlsx")
    call_command("import_table", path, "--year", "2026", stdout=io.StringIO())
    call_command("import_table", path, "--year", "2026", stdout=io.StringIO())
    assert Organisation.objects.get().name == "益阳市司法局"
    assert Task.objects.count() == 50


def test_command_reports_bad_files(db, tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"garbage")
    with pytest.raises(CommandError):
        call_command("import_table", str(bad), "--dry-run", stdout=io.StringIO())


def other_units_workbook(rows: int, departments: int) -> bytes:
    """A table in another unit's shape: 测评项目/测评内容, a 分值 column, separate 牵头/配合 columns."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["某区城管局创建全国文明城市测评任务分解表"])
    sheet.append(["序号", "测评项目", "测评内容", "分值", "牵头单位", "配合单位", "完成时限", "佐证材料"])
    for n in range(1, rows + 1):
        lead = f"第{n % departments + 1}科"
        cooperating = f"第{(n + 1) % departments + 1}科、第{(n + 2) % departments + 1}科"
        sheet.append([n, f"项目{(n - 1) // 10 + 1}", f"测评内容第{n}条", 0.5, lead, cooperating,
                      "2026年10月底前", "方案（计划），至少5张照片和总结。"])
    sheet.append(["合计", "", "", rows * 0.5, "", "", "", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_another_units_table_imports_without_code_changes(organisation):
    result = framework_import(organisation=organisation, data=other_units_workbook(300, 30),
                              filename="other.xlsx", year=2026)
    assert result.created == 300
    assert organisation.departments.count() == 30
    task = Task.objects.get(text="测评内容第7条")
    assert task.points == 0.5 and task.deadline == "2026年10月底前" and task.category == "项目1"
    roles = dict(task.responsibilities.values_list("department__name", "role"))
    assert roles == {"第8科": "lead", "第9科": "cooperating", "第10科": "cooperating"}


def test_preview_warns_about_collective_names_without_departments(organisation):
    preview = import_preview(organisation=organisation, data=fixture("docx"), filename="t.docx")
    assert any("各党支部" in w and "暂无对应的科室" in w for w in preview.warnings)
    assert not any("各科（室）" in w for w in preview.warnings)
    result = do_import(organisation)
    assert result.warnings == preview.warnings
