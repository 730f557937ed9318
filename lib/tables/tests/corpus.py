"""Task tables of other shapes than the bundled one, built in memory: what other units send in."""

import docx

from .builders import add_table, docx_bytes, save_docx, xlsx_bytes

CITY_HEADER = ["序号", "测评指标", "测评内容", "分值", "牵头单位", "责任单位", "工作措施"]


def city_rows(count: int) -> list[list[str]]:
    """A city office's table: indicator codes, lead and responsible units, measures per unit."""
    rows = [CITY_HEADER]
    for number in range(1, count + 1):
        group, item = divmod(number - 1, 4)
        rows.append([
            str(number),
            f"Ⅲ-{group + 1} 指标{group + 1}\nⅢ-{group + 1}-{item + 1} 细项{number}",
            f"第{number}项测评内容，按要求落实到位。",
            "2",
            f"市直单位{number % 7 + 1}",
            f"区县单位{number % 5 + 1}、市直单位{(number + 3) % 7 + 1}",
            f"市直单位{number % 7 + 1}：一是牵头制定方案；二是组织实施。\n"
            f"区县单位{number % 5 + 1}：一是配合开展活动；二是报送信息。",
        ])
    return rows


def city_xlsx(count: int = 12) -> bytes:
    return xlsx_bytes({"测评体系": [["某市创建全国文明城市测评体系任务分解表"], *city_rows(count)]})


def two_row_header_docx() -> bytes:
    """责任单位 spans 牵头 | 配合 in a second header row; the other header cells are merged downwards."""
    document = docx.Document()
    document.add_paragraph("某县司法局创文工作任务分解表")
    document.add_paragraph("一、重点任务（5分）")
    rows = [
        ["考核项目", "考核内容", "分值", "责任单位", "", "完成时限"],
        ["", "", "", "牵头", "配合", ""],
        ["组织领导", "成立领导小组", "2", "办公室", "政治部、人事科", "3月底"],
        ["组织领导", "制定实施方案", "3", "政治部", "办公室", "4月底"],
    ]
    table = add_table(document, rows)
    for column in (0, 1, 2, 5):
        table.cell(0, column).merge(table.cell(1, column))
    table.cell(0, 3).merge(table.cell(0, 4))
    table.cell(2, 0).merge(table.cell(3, 0))
    # python-docx keeps both texts in a merged cell; a real table has the text once.
    for column, text in ((0, "考核项目"), (1, "考核内容"), (2, "分值"), (3, "责任单位"), (5, "完成时限")):
        table.cell(0, column).text = text
    table.cell(2, 0).text = "组织领导"
    return save_docx(document)


def compound_headers_docx() -> bytes:
    return docx_bytes(
        "某局创文任务分解表",
        [
            ["工作任务及要求", "评分标准（说明）", "责任科室（排第一位的为牵头科室）", "责任领导", "备注"],
            ["开展文明单位创建", "未开展扣2分（2分）", "办公室、政治部", "张局长", "重点"],
            ["开展志愿服务活动", "每季度一次（3分）", "团委", "李副局长", ""],
        ],
    )


def enclosed_numbers_xlsx() -> bytes:
    """Items numbered （一） and ① in one cell, each with its points; the 分值 column holds the total."""
    return xlsx_bytes({"任务": [
        ["考核项目", "考核实施细则", "分值", "责任科室"],
        ["宣传教育", "（一）开展普法宣传（2分）\n（二）制作宣传展板（1分）", "3", "法治宣传科"],
        ["志愿服务", "①组建志愿队伍（1分）\n②开展志愿活动（2分）", "4", "团委、办公室"],
        ["学习教育", "1）集中学习（1分）\n2）专题讲座（1分）", "2", "政治部"],
    ]})


def collective_names_docx() -> bytes:
    return docx_bytes(
        "一、共性任务（3分）",
        [
            ["考核项目", "考核内容", "责任科室", "工作要求"],
            ["创建氛围", "1、张贴标语（1分）", "办公室、各业务科室", "照片"],
            ["创建氛围", "2、参加活动（1分）", "全体干部职工", "签到表"],
            ["创建氛围", "3、完成任务（1分）", "各直属单位、所有党支部", "总结"],
        ],
    )


def part_headings_xlsx() -> bytes:
    return xlsx_bytes({"分解表": [
        ["某区创文任务分解表"],
        ["序号", "测评项目", "测评内容", "分值", "责任单位"],
        ["第一部分 基础指标（3分）"],
        ["1", "组织领导", "成立机构", "1", "办公室"],
        ["2", "组织领导", "制定方案", "2", "政治部"],
        ["第二部分 重点工作（4分）"],
        ["1", "创建活动", "开展活动", "4", "团委"],
    ]})


def several_sheets_xlsx() -> bytes:
    header = ["考核项目", "考核内容", "分值", "责任部门"]
    return xlsx_bytes({
        "共性": [["一、共性任务（3分）"], header, ["组织", "建立台账", "3", "办公室"]],
        "个性": [["二、个性任务（2分）"], header, ["业务", "开展调解", "2", "调解科"]],
        "草稿": [header, ["x", "隐藏表不导入", "9", "某科"]],
    })


def hidden_draft_sheet(data: bytes) -> bytes:
    import io

    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(data))
    workbook["草稿"].sheet_state = "hidden"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def page_break_docx() -> bytes:
    """The header repeated on a second page, and a table Word split at a page break."""
    header = ["考核项目", "考核内容", "责任单位", "工作要求"]
    return docx_bytes(
        "一、共性任务（4分）",
        [header, ["组织领导", "1、成立机构（1分）", "办公室", "文件"], header,
         ["组织领导", "2、制定方案（1分）", "政治部", "方案"]],
        [["创建活动", "3、开展活动（1分）", "团委", "照片"], ["创建活动", "4、总结（1分）", "办公室", "总结"]],
    )


def standards_docx() -> bytes:
    return docx_bytes(
        [
            ["测评项目", "测评标准", "分值", "责任股室", "完成时间", "佐证资料要求"],
            ["政务公开", "按时公开政务信息", "2分", "办公室", "每季度", "截图"],
            ["依法行政", "规范执法行为", "1.5", "法规股", "全年", "案卷"],
        ],
    )


def site_table_xlsx() -> bytes:
    return xlsx_bytes({"点位": [
        ["五、明查暗访任务分解表"],
        ["考核项目", "点位", "责任单位", "工作要求"],
        ["公益广告", "单位大门", "办公室", "设置公益广告"],
        ["公益广告", "电梯间", "行财科", "张贴宣传画"],
    ]}, merges={"点位": ["A3:A4"]})


def task_and_materials_docx() -> bytes:
    return docx_bytes(
        "某镇创文工作任务清单",
        [
            ["编号", "工作任务", "分数", "责任部门", "完成时间", "佐证材料", "联系人"],
            ["1", "开展文明家庭评选（2分）", "2", "妇联", "6月", "评选文件", "王某"],
            ["2", "建设道德讲堂（3分）", "3", "宣传办、文化站", "9月", "照片", "李某"],
        ],
    )


def items_without_header_number_docx() -> bytes:
    """A header whose item column says only 内容 and whose department column says 单位."""
    return docx_bytes(
        [
            ["类别", "内容", "单位", "要求"],
            ["宣传", "1.悬挂横幅（1分）\n2.发放资料（1分）", "办公室", "照片"],
        ],
    )
