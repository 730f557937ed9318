"""Tables of shapes the bundled fixture does not have: each must import to its known tasks."""

from decimal import Decimal

from lib.tables import parse_file
from lib.tables.columns import ColumnKind

from . import corpus


def names(mentions):
    return [mention.name for mention in mentions]


def test_city_table_lead_and_responsible_units_indicators_and_measures():
    table = parse_file(corpus.city_xlsx(12), "city.xlsx")
    [section] = table.sections
    assert len(section.tasks) == 12
    first = section.tasks[0]
    assert (first.indicator, first.indicator_title) == ("Ⅲ-1-1", "细项1")
    assert first.indicator_parents == (("Ⅲ-1", "指标1"),)
    assert names(first.lead) == ["市直单位2"]
    assert names(first.cooperating) == ["区县单位2", "市直单位5"]
    assert dict(first.measures) == {"市直单位2": "一是牵头制定方案；二是组织实施。",
                                    "区县单位2": "一是配合开展活动；二是报送信息。"}
    assert first.guidance == ""  # the measures are duties, not one blob of guidance
    assert table.columns["测评指标"] == ColumnKind.INDICATOR
    assert table.columns["责任单位"] == ColumnKind.DEPARTMENTS
    assert table.columns["工作措施"] == ColumnKind.MEASURES
    departments = {name for task in section.tasks for name in names(task.lead) + names(task.cooperating)}
    assert departments == {f"市直单位{n}" for n in range(1, 8)} | {f"区县单位{n}" for n in range(1, 6)}


def test_two_row_header_gives_lead_and_cooperating():
    table = parse_file(corpus.two_row_header_docx(), "two.docx")
    [section] = table.sections
    assert [task.text for task in section.tasks] == ["成立领导小组", "制定实施方案"]
    assert [task.points for task in section.tasks] == [Decimal(2), Decimal(3)]
    assert names(section.tasks[0].lead) == ["办公室"]
    assert names(section.tasks[0].cooperating) == ["政治部", "人事科"]
    assert section.tasks[1].deadline == "4月底"
    assert table.columns["责任单位/牵头"] == ColumnKind.LEAD
    assert table.columns["责任单位/配合"] == ColumnKind.COOPERATING
    assert table.warnings == []


def test_compound_headers_and_extra_columns_are_kept_by_name():
    table = parse_file(corpus.compound_headers_docx(), "compound.docx")
    [section] = table.sections
    first, second = section.tasks
    assert first.text == "开展文明单位创建\n未开展扣2分"
    assert first.points == Decimal(2)
    assert (names(first.lead), names(first.cooperating)) == (["办公室"], ["政治部"])
    assert dict(first.extra) == {"责任领导": "张局长", "备注": "重点"}
    assert dict(second.extra) == {"责任领导": "李副局长"}


def test_enclosed_and_circled_numbers_split_and_totals_are_checked():
    table = parse_file(corpus.enclosed_numbers_xlsx(), "items.xlsx")
    [section] = table.sections
    assert [(task.text, task.points) for task in section.tasks] == [
        ("开展普法宣传", 2), ("制作宣传展板", 1), ("组建志愿队伍", 1), ("开展志愿活动", 2),
        ("集中学习", 1), ("专题讲座", 1),
    ]
    assert [task.ref for task in section.tasks[:2]] == ["宣传教育-1", "宣传教育-2"]
    assert table.warnings == ["表1：第3行分值列为 4 分，但各小项合计 3 分"]


def test_collective_names_of_any_wording_stay_collective_mentions():
    table = parse_file(corpus.collective_names_docx(), "groups.docx")
    mentions = [names(task.lead) + names(task.cooperating) for task in table.sections[0].tasks]
    assert mentions == [["办公室", "各业务科室"], ["全体干部职工"], ["各直属单位", "所有党支部"]]


def test_part_headings_inside_a_table_become_sections():
    table = parse_file(corpus.part_headings_xlsx(), "parts.xlsx")
    assert [(s.name, s.heading_points, len(s.tasks)) for s in table.sections] == [
        ("基础指标", 3, 2), ("重点工作", 4, 1)]
    assert table.title == "某区创文任务分解表"
    assert table.warnings == []


def test_several_sheets_are_sections_and_hidden_sheets_are_not():
    table = parse_file(corpus.hidden_draft_sheet(corpus.several_sheets_xlsx()), "sheets.xlsx")
    assert [(s.name, len(s.tasks)) for s in table.sections] == [("共性任务", 1), ("个性任务", 1)]


def test_repeated_header_and_a_table_split_at_a_page_break():
    table = parse_file(corpus.page_break_docx(), "pages.docx")
    [section] = table.sections
    assert [task.text for task in section.tasks] == ["成立机构", "制定方案", "开展活动", "总结"]
    assert len({task.ref for task in section.tasks}) == 4
    assert table.warnings == []


def test_standards_and_materials_headers():
    table = parse_file(corpus.standards_docx(), "standards.docx")
    first, second = table.sections[0].tasks
    assert (first.text, first.points, first.deadline, first.guidance) == ("按时公开政务信息", 2, "每季度", "截图")
    assert second.points == Decimal("1.5")
    assert names(second.lead) == ["法规股"]


def test_site_table_with_merged_category():
    table = parse_file(corpus.site_table_xlsx(), "sites.xlsx")
    [section] = table.sections
    assert section.name == "明查暗访"
    assert [(task.category, task.site, task.text) for task in section.tasks] == [
        ("公益广告", "单位大门", "单位大门"), ("公益广告", "电梯间", "电梯间")]


def test_task_and_materials_with_a_contact_column():
    table = parse_file(corpus.task_and_materials_docx(), "tasks.docx")
    first, second = table.sections[0].tasks
    assert (first.ref, first.text, first.points, first.guidance) == ("1", "开展文明家庭评选", 2, "评选文件")
    assert names(second.lead) + names(second.cooperating) == ["宣传办", "文化站"]
    assert dict(second.extra) == {"联系人": "李某"}


def test_short_headers_still_read():
    table = parse_file(corpus.items_without_header_number_docx(), "short.docx")
    assert [task.text for task in table.sections[0].tasks] == ["悬挂横幅", "发放资料"]
    assert names(table.sections[0].tasks[0].lead) == ["办公室"]


def test_a_correction_by_header_text_changes_the_reading():
    data = corpus.compound_headers_docx()
    table = parse_file(data, "compound.docx", {"评分标准（说明）": "guidance"})
    first = table.sections[0].tasks[0]
    assert (first.text, first.guidance) == ("开展文明单位创建", "未开展扣2分（2分）")
    detected = {column.header: column.detected for column in table.headers}
    assert detected["评分标准（说明）"] == ColumnKind.ITEM


def test_an_item_column_with_an_unknown_header_is_guessed_from_its_text():
    from .builders import docx_bytes

    data = docx_bytes([["序号", "主要目标", "牵头单位", "配合单位"],
                       ["1", "建成新时代文明实践站，按标准开展活动（2分）", "宣传科", "团委"],
                       ["2", "开展文明家庭评选活动（1分）", "妇联", ""]])
    table = parse_file(data, "unknown.docx")
    assert [task.text for task in table.sections[0].tasks] == ["建成新时代文明实践站，按标准开展活动", "开展文明家庭评选活动"]
    assert table.columns["主要目标"] == ColumnKind.ITEM
    corrected = parse_file(data, "unknown.docx", {"主要目标": "extra"})
    assert corrected.task_count == 0


def test_a_table_without_a_header_beside_the_task_table_is_skipped_with_a_warning():
    from .builders import docx_bytes

    data = docx_bytes([["考核项目", "考核内容", "责任单位"], ["组织", "成立机构（1分）", "办公室"]],
                      [["填表人", "张三"], ["日期", "2026年"]])
    table = parse_file(data, "notes.docx")
    assert table.task_count == 1
    assert table.warnings == ["第2个表格未识别出表头（不是任务表？），已跳过；如有误请检查表头"]
