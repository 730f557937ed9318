"""Blocks of an Excel (.xlsx) workbook: each visible sheet is a run of rows.

Rows above the table with at most one filled cell (the title, "一、共性任务责任分解表（30分）") become
paragraphs; the rest is the sheet's table.
"""

import datetime
import io

import openpyxl

from .errors import TableReadError
from .model import Block, Cell, Paragraph, Table


def read_xlsx(data: bytes) -> list[Block]:
    try:
        # data_only: a formula cell reads as the value Excel last computed.
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as error:  # openpyxl fails with zip, XML and missing-part errors alike
        raise TableReadError("文件已损坏，无法作为 Excel 工作簿读取") from error
    blocks: list[Block] = []
    for sheet in workbook.worksheets:
        # Hidden sheets hold lookup lists and drafts, not the table people read.
        if sheet.sheet_state == "visible":
            blocks.extend(_sheet_blocks(_grid(sheet)))
    return blocks


def _grid(sheet) -> list[list[Cell]]:
    grid = [[Cell(_text(value)) for value in row] for row in sheet.iter_rows(values_only=True)]
    for merged in sheet.merged_cells.ranges:
        top_text = grid[merged.min_row - 1][merged.min_col - 1].text
        for row in range(merged.min_row, min(merged.max_row, len(grid)) + 1):
            for column in range(merged.min_col, min(merged.max_col, len(grid[row - 1])) + 1):
                if column > merged.min_col:  # one logical cell per grid column, text in the first
                    grid[row - 1][column - 1] = Cell("")
                elif row > merged.min_row:
                    grid[row - 1][column - 1] = Cell(top_text, merged=True)
    return [row for row in grid if _filled(row)]


def _sheet_blocks(rows: list[list[Cell]]) -> list[Block]:
    blocks: list[Block] = []
    while rows and len(_filled(rows[0])) <= 1:
        blocks.append(Paragraph(_filled(rows[0])[0]))
        rows = rows[1:]
    if rows:
        width = max(index + 1 for row in rows for index, cell in enumerate(row) if cell.text)
        blocks.append(Table([row[:width] for row in rows]))
    return blocks


def _filled(row: list[Cell]) -> list[str]:
    return [cell.text.strip() for cell in row if cell.text.strip()]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value)
