import dataclasses
from decimal import Decimal

import pytest

from lib.tables import (
    Cell,
    DeptMention,
    Paragraph,
    ParsedTable,
    Table,
    TableParseError,
    parse_blocks,
    parse_file,
)

from lib.tables.columns import HEADER_ERROR

from .builders import FORMATS, docx_bytes, fixture_bytes, xlsx_bytes


@pytest.fixture(scope="module")
def parsed() -> dict[str, ParsedTable]:
    return {extension: parse_file(fixture_bytes(extension), f"table.{extension}") for extension in FORMATS}


@pytest.fixture(scope="module")
def yiyang(parsed) -> ParsedTable:
    """The fixture table as read from Word (all three formats agree)."""
    return parsed["docx"]


def section(table: ParsedTable, name: str):
    return next(section for section in table.sections if section.name == name)


def task(table: ParsedTable, section_name: str, ref: str):
    return next(task for task in section(table, section_name).tasks if task.ref == ref)


def names(mentions: list[DeptMention]) -> list[str]:
    return [mention.name for mention in mentions]


# --- the fixtures -----------------------------------------------------------------------------------


def test_three_formats_give_identical_results(parsed):
    assert parsed["txt"] == parsed["docx"] == parsed["xlsx"]


@pytest.mark.parametrize("extension", FORMATS)
def test_sections_counts_and_points(parsed, extension):
    table = parsed[extension]
    assert table.title == "益阳市司法局创建全国文明城市工作任务分解表"
    assert table.warnings == []
    assert [s.name for s in table.sections] == [
        "共性任务",
        "个性任务",
        "网上申报",
        "明查暗访",
        "公益广告宣传",
    ]
    assert [s.order for s in table.sections] == [1, 2, 3, 4, 5]
    assert [len(s.tasks) for s in table.sections] == [22, 8, 15, 3, 2]
    assert [s.points for s in table.sections] == [Decimal(30), Decimal(70), None, None, None]
    assert [s.heading_points for s in table.sections] == [Decimal(30), Decimal(70), None, None, None]
    assert sum(s.points or 0 for s in table.sections) == 100


def test_section_titles_and_columns(yiyang):
    common = section(yiyang, "共性任务")
    assert common.title == "共性任务责任分解表"
    assert common.columns == ["category", "item", "departments", "guidance"]
    assert section(yiyang, "个性任务").columns == ["item", "departments", "guidance"]
    assert section(yiyang, "网上申报").title == "网上申报任务责任分解表"
    assert section(yiyang, "公益广告宣传").columns == ["category", "site", "departments", "guidance"]


def test_refs_are_unique_within_each_section(yiyang):
    for parsed_section in yiyang.sections:
        refs = [t.ref for t in parsed_section.tasks]
        assert len(refs) == len(set(refs)), parsed_section.name


def test_common_tasks_by_category(yiyang):
    tasks = section(yiyang, "共性任务").tasks
    by_category: dict[str, int] = {}
    for t in tasks:
        by_category[t.category] = by_category.get(t.category, 0) + 1
    assert by_category == {
        "组织领导": 5,
        "创建氛围": 3,
        "学习教育": 4,
        "创建活动": 5,
        "志愿服务": 2,
        "未成年人服务": 3,
    }
    assert [t.ref for t in tasks[:5]] == [f"组织领导-{n}" for n in range(1, 6)]


def test_first_common_task(yiyang):
    first = task(yiyang, "共性任务", "组织领导-1")
    assert (
        first.text
        == "成立由主要负责人牵头的创建全国文明城市工作组织领导机构，有专人负责，创建经费有保障，机构和人员相对稳定。"
    )
    assert first.points == Decimal(2)
    assert first.lead == [DeptMention("政治部")]
    assert first.cooperating == [DeptMention("行财科")]
    assert first.departments_text == "政治部\n行财科"
    assert first.guidance.startswith("成立我局创建全国文明城市工作领导小组")
    assert (first.category_code, first.indicator, first.deadline, first.site) == ("", "", "", "")
    assert first.source_row == 2


def test_numbered_items_in_one_cell_become_separate_tasks(yiyang):
    study = [t for t in section(yiyang, "共性任务").tasks if t.category == "学习教育"]
    assert [t.ref for t in study] == ["学习教育-1", "学习教育-2", "学习教育-3", "学习教育-4"]
    assert study[1].text == "加强法治意识、国家意识、社会责任意识和家庭意识教育。"
    assert study[3].text.startswith("每2个月组织开展一次道德讲堂")
    assert study[3].text.endswith("有浓厚的道德文化氛围）。")
    shared = study[1:]
    assert {t.source_row for t in shared} == {11}
    assert all(t.points == 1 for t in shared)
    assert all(
        names(t.lead) == ["司考教培科"] and names(t.cooperating) == ["政策法规科", "行财科"] for t in shared
    )
    assert len({t.guidance for t in shared}) == 1


def test_aliases_and_collective_names(yiyang):
    fourth = task(yiyang, "共性任务", "组织领导-4")
    assert fourth.lead == [DeptMention("政治部")]
    assert fourth.cooperating == [
        DeptMention("各科（室）"),
        DeptMention("银鑫公证处"),
        DeptMention("公共法律服务中心", ("法援中心",)),
    ]
    assert task(yiyang, "共性任务", "学习教育-1").cooperating[-1] == DeptMention("纪检组", ("监察室",))
    volunteers = task(yiyang, "个性任务", "Ⅲ-17-2")
    assert DeptMention("法援中心", ("公共法律服务中心",)) in volunteers.cooperating
    assert names(volunteers.cooperating)[-1] == "银鑫公证处"


def test_lead_and_cooperating_markers(yiyang):
    activity = task(yiyang, "共性任务", "创建活动-1")
    assert activity.departments_text == "政治部牵头，公证处、公共法律服务中心、各科（室）配合"
    assert names(activity.lead) == ["政治部"]
    assert names(activity.cooperating) == ["公证处", "公共法律服务中心", "各科（室）"]
    volunteering = task(yiyang, "共性任务", "志愿服务-1")
    assert (names(volunteering.lead), names(volunteering.cooperating)) == (["人事科"], ["各科（室）"])


def test_category_lines_are_joined_and_repetition_dropped(yiyang):
    categories = [t.category for t in section(yiyang, "共性任务").tasks]
    assert categories[0] == "组织领导"
    assert categories[-1] == "未成年人服务"
    assert section(yiyang, "明查暗访").tasks[0].category == "中央文明办明查暗访"
    assert section(yiyang, "公益广告宣传").tasks[0].category == "公益宣传广告"


def test_personal_tasks_with_indicators(yiyang):
    personal = section(yiyang, "个性任务")
    assert [t.ref for t in personal.tasks] == [
        "Ⅲ-5-4",
        "Ⅲ-17-2",
        "Ⅲ-29-1",
        "Ⅲ-29-2",
        "Ⅲ-29-3",
        "Ⅲ-30-1",
        "Ⅲ-30-5",
        "Ⅲ-69-1",
    ]
    law = [t for t in personal.tasks if t.indicator == "Ⅲ-29"]
    assert [t.points for t in law] == [Decimal(9)] * 3
    assert {t.indicator_title for t in law} == {"全民普法教育"}
    assert law[0].text == "完成普法规划任务，引导全体人民自觉尊法、学法、守法、用法；"
    rights = [t for t in personal.tasks if t.indicator == "Ⅲ-30"]
    # "未成年人思想道德建设：" and "5、营造良好社会文化环境" carry no points: context, not tasks.
    assert [t.text for t in rights] == ["健全公共法律服务体系；", "关心关爱特殊群体未成年人有措施、效果实。"]
    assert [t.points for t in rights] == [Decimal(9), Decimal(9)]
    assert task(yiyang, "个性任务", "Ⅲ-5-4").points == Decimal(8)
    assert all(t.category == "" for t in personal.tasks)


def test_online_declaration_categories_and_inherited_indicators(yiyang):
    online = section(yiyang, "网上申报")
    first = online.tasks[0]
    assert (first.ref, first.category, first.category_code) == ("Ⅱ-2-1", "理想信念教育", "Ⅰ-1")
    assert (first.indicator, first.indicator_title) == ("Ⅱ-2", "健全完善学习制度")
    assert (
        first.guidance
        == "分别提供党委（党组）2013年以来建立完善学习指导的规范文件。\n（电子文档、红头页、盖章页扫描图）"
    )
    second_half = task(yiyang, "网上申报", "Ⅲ-5-1-2")
    assert second_half.indicator_title == "学习教育和主题实践系统化、长期化"
    assert second_half.text.startswith("大力宣传党的十八大以来")
    assert [t.ref for t in online.tasks if t.indicator == "Ⅲ-29"] == ["Ⅲ-29-1", "Ⅲ-29-2", "Ⅲ-29-3"]
    assert {t.category for t in online.tasks if t.indicator == "Ⅲ-29"} == {"公平正义的法制环境"}
    role_model = task(yiyang, "网上申报", "Ⅲ-10")
    assert role_model.text == "发挥榜样作用"
    last = online.tasks[-1]
    assert (last.ref, last.category, last.category_code) == ("Ⅲ-85", "长效常态创建工作机制", "Ⅰ-12")
    assert all(t.points is None for t in online.tasks)


def test_inspection_and_site_sections(yiyang):
    inspection = section(yiyang, "明查暗访")
    assert [t.ref for t in inspection.tasks] == ["1", "2", "3"]
    assert inspection.tasks[2].text == "为民服务热线电话\n法律服务热线电话：12348"
    sites = section(yiyang, "公益广告宣传").tasks
    assert [t.site for t in sites] == ["单位庭院（含二级机构）", "单位家属区（含二级机构）"]
    assert [t.ref for t in sites] == [t.site for t in sites]
    assert [t.text for t in sites] == [t.site for t in sites]
    assert names(sites[0].lead) == ["行财科"]
    assert names(sites[0].cooperating) == ["司考教培科", "强戒科", "市强戒所"]


def test_refs_stay_when_the_text_is_corrected():
    original = fixture_bytes("txt").decode()
    corrected = original.replace(
        "及时规范整理报送创建工作资料", "及时、规范地整理并报送创建工作资料"
    ).replace("健全公共法律服务体系；（9分）", "健全完善公共法律服务体系；（9分）")
    assert corrected != original
    before = parse_file(original.encode(), "a.txt")
    after = parse_file(corrected.encode(), "a.txt")
    assert [[t.ref for t in s.tasks] for s in after.sections] == [
        [t.ref for t in s.tasks] for s in before.sections
    ]
    assert task(after, "共性任务", "组织领导-5").text == "及时、规范地整理并报送创建工作资料。"
    assert task(after, "个性任务", "Ⅲ-30-1").text == "健全完善公共法律服务体系；"


# --- synthetic tables -------------------------------------------------------------------------------


def test_points_lead_cooperating_and_deadline_columns():
    data = docx_bytes(
        "某局创建工作任务分解表",
        "一、重点任务（5分）",
        [
            ["序号", "测评项目", "测评内容", "分值", "牵头单位", "配合单位", "完成时限", "佐证材料"],
            ["1", "组织领导", "成立领导小组（2分）", "2", "办公室", "人事科\n政治部", "2024年3月底", "文件"],
            ["2", "组织领导", "制定工作方案", "3分", "政治部（党委办）", "", "长期", "方案"],
            ["合计", "", "", "5", "", "", "", ""],
        ],
    )
    table = parse_file(data, "a.docx")
    assert table.title == "某局创建工作任务分解表"
    assert table.warnings == []
    [parsed_section] = table.sections
    assert (parsed_section.name, parsed_section.title, parsed_section.heading_points) == (
        "重点任务",
        "重点任务",
        5,
    )
    assert parsed_section.columns == [
        "number",
        "category",
        "item",
        "points",
        "lead",
        "cooperating",
        "deadline",
        "guidance",
    ]
    first, second = parsed_section.tasks
    assert (first.ref, first.text, first.points, first.deadline, first.guidance) == (
        "1",
        "成立领导小组",
        Decimal(2),
        "2024年3月底",
        "文件",
    )
    assert (names(first.lead), names(first.cooperating)) == (["办公室"], ["人事科", "政治部"])
    assert first.departments_text == "牵头：办公室；配合：人事科、政治部"
    assert (second.ref, second.points, second.cooperating) == ("2", Decimal(3), [])
    assert second.lead == [DeptMention("政治部", ("党委办",))]
    assert parsed_section.points == 5


def test_repeated_header_total_row_and_empty_rows_are_skipped():
    header = ["考核项目", "考核内容", "责任单位", "工作要求"]
    rows = [
        header,
        ["创建氛围", "1、宣传（1分）", "办公室", "照片"],
        ["", "", "", ""],
        ["考 核 项 目", "考核 内容", "责任单位", "工作要求"],  # the header again on a new page
        ["", "2、标语（2分）", "行财科", ""],
        ["小计", "", "", ""],
        ["总计：3分", "", "", ""],
    ]
    table = parse_file(docx_bytes("一、共性任务责任分解表（3分）", rows), "a.docx")
    [parsed_section] = table.sections
    assert [t.ref for t in parsed_section.tasks] == ["1", "2"]
    assert [t.category for t in parsed_section.tasks] == ["创建氛围", "创建氛围"]
    assert [t.source_row for t in parsed_section.tasks] == [2, 5]
    assert table.warnings == []


def test_xlsx_with_caption_row_and_ascii_indicator_codes():
    rows = [
        ["二、个性任务责任分解表（20分）"],
        ["考核实施细则", "责任单位", "工作措施"],
        ["III-29 全民普法教育\n1）普法（9分）\n2）讲师团（9分）", "法制宣传科牵头，律公科配合", "措施"],
        ["II-3 其他\n开展活动", "牵头：办公室；配合：行财科、人事科", ""],
    ]
    table = parse_file(xlsx_bytes({"个性": rows}, merges={"个性": ["A1:C1"]}), "a.xlsx")
    [parsed_section] = table.sections
    assert parsed_section.name == "个性任务"
    assert [t.ref for t in parsed_section.tasks] == ["Ⅲ-29-1", "Ⅲ-29-2", "Ⅱ-3"]
    law, _, other = parsed_section.tasks
    assert (names(law.lead), names(law.cooperating)) == (["法制宣传科"], ["律公科"])
    assert (names(other.lead), names(other.cooperating)) == (["办公室"], ["行财科", "人事科"])
    assert table.warnings == [
        "个性任务：第3行“开展活动”未标注分值",
        "个性任务：各项分值合计 18 分，与标题（20分）不一致",
    ]


def test_table_without_heading_is_named_by_position():
    blocks = [Table([[Cell("考核内容"), Cell("责任科室")], [Cell("甲"), Cell("乙")]])]
    [parsed_section] = parse_blocks(blocks).sections
    assert (parsed_section.name, parsed_section.title, parsed_section.heading_points) == ("表1", "表1", None)
    assert parsed_section.tasks[0].ref == "1"


def test_a_one_cell_table_around_the_title_is_a_caption():
    blocks = [
        Table([[Cell("一、共性任务责任分解表（1分）")]]),
        Table([[Cell("考核内容"), Cell("责任科室")], [Cell("1、甲（1分）"), Cell("乙")]]),
    ]
    [parsed_section] = parse_blocks(blocks).sections
    assert (parsed_section.name, parsed_section.points) == ("共性任务", 1)


def test_numbered_heading_without_table_suffix_names_the_section():
    blocks = [
        Paragraph("三、网上申报任务"),
        Table([[Cell("考核内容"), Cell("责任科室")], [Cell("甲"), Cell("乙")]]),
    ]
    assert parse_blocks(blocks).sections[0].name == "网上申报"


def test_caption_in_the_top_row_of_a_table_heads_the_section():
    rows = [
        ["二、个性任务责任分解表（9分）", "", ""],
        ["考核实施细则", "责任科室", "工作建议"],
        ["Ⅲ-69治安管理\n1）加强服务管理（9分）", "社矫科", "方案"],
    ]
    [parsed_section] = parse_file(docx_bytes(rows), "a.docx").sections
    assert (parsed_section.name, parsed_section.heading_points, parsed_section.points) == ("个性任务", 9, 9)
    assert parsed_section.tasks[0].ref == "Ⅲ-69-1"
    assert parsed_section.tasks[0].source_row == 3


def test_unrecognised_header_is_a_parse_error():
    data = docx_bytes([["名称", "说明"], ["甲", "乙"]])
    with pytest.raises(TableParseError) as raised:
        parse_file(data, "a.docx")
    assert str(raised.value).startswith(HEADER_ERROR)


def test_header_with_only_labels_of_no_consequence_is_a_parse_error():
    with pytest.raises(TableParseError, match="未能识别表头"):
        parse_blocks([Paragraph("标题"), Table([[Cell("考核项目"), Cell("分值")], [Cell("甲"), Cell("1")]])])


def test_rows_without_content_are_reported():
    blocks = [Table([[Cell("考核内容"), Cell("责任科室")], [Cell(""), Cell("政治部")]])]
    parsed_table = parse_blocks(blocks)
    assert parsed_table.sections[0].tasks == []
    assert parsed_table.warnings == ["表1：第2行没有考核内容，已跳过"]


def test_a_table_of_hundreds_of_rows_and_dozens_of_departments():
    departments = "\n".join(f"第{n}科" for n in range(30))
    rows = [[Cell("考核项目"), Cell("考核实施细则"), Cell("责任科室"), Cell("工作建议")]]
    for n in range(300):
        rows.append(
            [
                Cell(f"类别{n // 10}"),
                Cell(f"{n % 10 + 1}、任务内容{n}（1分）"),
                Cell(departments),
                Cell("要求\n两行"),
            ]
        )
    blocks = [Paragraph("一、共性任务责任分解表（300分）"), Table(rows)]
    parsed_table = parse_blocks(blocks)
    [parsed_section] = parsed_table.sections
    assert len(parsed_section.tasks) == 300
    assert len(parsed_section.tasks[0].cooperating) == 29
    assert parsed_section.points == 300 and parsed_table.warnings == []


def test_parsed_model_is_frozen(yiyang):
    with pytest.raises(dataclasses.FrozenInstanceError):
        yiyang.sections[0].tasks[0].text = "x"  # type: ignore[misc]
