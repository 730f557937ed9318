"""The task decomposition table with progress columns, as a workbook that prints on A4 landscape.

One sheet per section: a title row, a summary row, the header row (repeated on every printed
page), one row per task with its category cells merged like the paper table, and a totals row.
"""

import re
import unicodedata
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from io import BytesIO
from itertools import groupby
from math import ceil

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from frameworks.models import Framework, Section
from lib.scoring import rules
from scores.selectors import FrameworkScores, ScoredTask

# (header, width in characters); the widths add up to what fits A4 landscape at about 90 %.
COLUMNS = [
    ("考核项目", 13), ("考核实施细则", 52), ("分值", 6), ("责任科室", 18), ("状态", 8),
    ("资料完成情况", 20), ("预计得分", 7), ("自评分", 7), ("实际得分", 7), ("逾期", 7),
]
# 考核实施细则, 责任科室, 资料完成情况 read as text (top-aligned); the rest are short values (centred).
_TEXT_COLUMNS = {2, 4, 6}
TITLE_ROW, SUMMARY_ROW, HEADER_ROW = 1, 2, 3
LAST_COLUMN = get_column_letter(len(COLUMNS))

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTRE = Alignment(wrap_text=True, vertical="center", horizontal="center")
_HEADER_FILL = PatternFill("solid", fgColor="E9ECEF")
_BODY_FONT = Font(name="宋体", size=10)
_BOLD = Font(name="宋体", size=10, bold=True)
_OVERDUE_FONT = Font(name="宋体", size=10, color="C00000", bold=True)
_LINE_HEIGHT = 15.0  # points per line of 10-point CJK text, with leading
# Characters Excel refuses in sheet names.
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def download_name(framework: Framework, day: date) -> str:
    return f"{framework.year}年创文任务分解表进度-{day:%Y%m%d}.xlsx"


def workbook_bytes(scores: FrameworkScores, *, on_progress: Callable[[float], None] = lambda share: None) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    sections = scores.by_section
    for done, (section, tasks) in enumerate(sections, start=1):
        _write_section(workbook.create_sheet(_sheet_name(section.name, workbook.sheetnames)),
                       scores, section, tasks)
        on_progress(done / len(sections))
    if not sections:
        workbook.create_sheet("分解表")["A1"] = "暂无考核任务"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_name(name: str, taken: list[str]) -> str:
    base = _SHEET_NAME_FORBIDDEN.sub("", name)[:28] or "分表"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}{n}", n + 1
    return candidate


def _write_section(ws: Worksheet, scores: FrameworkScores, section: Section, tasks: list[ScoredTask]) -> None:
    total = rules.tally(t.tally for t in tasks)
    _title(ws, TITLE_ROW, f"{scores.framework.title}——{section.title or section.name}",
           Font(name="黑体", size=15, bold=True), height=30)
    _title(ws, SUMMARY_ROW, _summary(scores, total), Font(name="宋体", size=10), height=20)

    for column, (header, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
        cell = ws.cell(HEADER_ROW, column, header)
        cell.font, cell.alignment, cell.border, cell.fill = _BOLD, _CENTRE, _BORDER, _HEADER_FILL

    row = HEADER_ROW
    for row, scored in enumerate(tasks, start=HEADER_ROW + 1):
        values = _task_values(scored)
        for column, value in enumerate(values, start=1):
            cell = ws.cell(row, column, value)
            cell.font, cell.border = _BODY_FONT, _BORDER
            cell.alignment = _WRAP if column in _TEXT_COLUMNS else _CENTRE
        ws.row_dimensions[row].height = _row_height(values)
        if scored.result.overdue:
            ws.cell(row, len(COLUMNS)).font = _OVERDUE_FONT
    _merge_categories(ws, tasks)

    has_points = bool(total.points)
    totals = ["合计", f"共 {total.tasks} 项，已达标 {total.met} 项", _number(total.points) if has_points else "",
              "", "", "", _number(total.projected) if has_points else "", _assessed(total.self_score, total.self_assessed),
              _assessed(total.official_score, total.official_assessed), total.overdue or ""]
    for column, value in enumerate(totals, start=1):
        cell = ws.cell(row + 1, column, value)
        cell.font, cell.border, cell.alignment, cell.fill = _BOLD, _BORDER, _CENTRE, _HEADER_FILL
    _page_setup(ws)


def _title(ws: Worksheet, row: int, text: str, font: Font, *, height: float) -> None:
    ws.merge_cells(f"A{row}:{LAST_COLUMN}{row}")
    cell = ws.cell(row, 1, text)
    cell.font, cell.alignment = font, Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[row].height = height


def _summary(scores: FrameworkScores, total: rules.Tally) -> str:
    parts = [f"截至 {_chinese_date(scores.today)}"]
    if total.points:
        parts += [f"分值 {_number(total.points)}", f"预计得分 {_number(total.projected)}"]
    else:
        parts.append("本表不计分")
    if total.self_assessed:
        parts.append(f"自评分 {_number(total.self_score)}")
    if total.official_assessed:
        parts.append(f"实际得分 {_number(total.official_score)}")
    parts.append(f"资料截止 {_chinese_date(scores.due_date)}")
    return "　".join(parts)


def _chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _task_values(scored: ScoredTask) -> list:
    task, result = scored.task, scored.result
    has_points = task.points is not None
    return [
        task.category,
        task.text,
        _number(task.points) if has_points else "",
        _departments(scored),
        result.status.label,
        scored.evidence_summary,
        _number(result.projected) if has_points else "",
        _number(scored.self_score),
        _number(scored.official_score),
        _overdue(result),
    ]


def _departments(scored: ScoredTask) -> str:
    """As the table wrote it (各科（室）stays short); the resolved names if the text is missing."""
    if scored.task.departments_text.strip():
        return scored.task.departments_text.strip()
    return "、".join(r.department.name for r in scored.responsibilities)


def _overdue(result: rules.TaskResult) -> str:
    if not result.overdue:
        return ""
    return f"缺{result.windows_missed}期" if result.recurring else "已逾期"


def _number(value: Decimal | None) -> Decimal | int | None:
    """2.00 prints as 2, 1.50 as 1.5."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value.normalize()


def _assessed(score: Decimal, count: int):
    return _number(score) if count else ""


def _row_height(values: list) -> float:
    """Height that shows every wrapped line. Spreadsheet programs do not reliably grow rows for
    wrapped text on their own, and a clipped row prints clipped. The category column is left out:
    its cell is merged over the whole run of rows."""
    lines = max(_line_count(str(value or ""), width) for value, (_, width) in zip(values[1:], COLUMNS[1:]))
    return lines * _LINE_HEIGHT + 4


def _line_count(text: str, width: int) -> int:
    usable = width - 1  # cell padding
    return sum(max(1, ceil(_display_width(paragraph) / usable)) for paragraph in text.split("\n"))


def _display_width(text: str) -> int:
    """Column-width units: a Chinese character is about two digits wide."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _merge_categories(ws: Worksheet, tasks: list[ScoredTask]) -> None:
    """Merge runs of the same category in column A, as the paper table does, and give a short
    run enough height for its category name."""
    width = COLUMNS[0][1]
    row = HEADER_ROW + 1
    for category, run in groupby(tasks, key=lambda t: t.task.category):
        size = len(list(run))
        last = row + size - 1
        if size > 1:
            ws.merge_cells(start_row=row, end_row=last, start_column=1, end_column=1)
        needed = _line_count(category, width) * _LINE_HEIGHT + 4
        available = sum(ws.row_dimensions[r].height for r in range(row, last + 1))
        if needed > available:
            ws.row_dimensions[last].height += needed - available
        row = last + 1


def _page_setup(ws: Worksheet) -> None:
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.6, header=0.2, footer=0.3)
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)
