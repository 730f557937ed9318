"""Blocks of an Excel (.xlsx) workbook: each visible sheet is a run of rows.

Rows above the table with at most one filled cell (the title, "一、共性任务责任分解表（30分）") become
paragraphs; the rest is the sheet's table.

Sheets are streamed and only the cells really written in the file are kept (see ``grid``): the
declared dimension (``<dimension ref="A1:XFD1048576">``) and a lone cell in the far corner cost nothing.
"""

import datetime
import io

import openpyxl
from openpyxl.utils.cell import range_boundaries

# openpyxl's own streaming sheet parser (what its read-only mode uses), called directly because the
# read-only iterator pads every row to the declared width and every gap with empty rows.
from openpyxl.worksheet._reader import WorkSheetParser

from .errors import MAX_CELLS, TOO_MANY_CELLS, TableReadError
from .grid import compact_grid, sheet_blocks
from .model import Block

DAMAGED_EXCEL = "文件已损坏，无法作为 Excel 工作簿读取"


def read_xlsx(data: bytes) -> list[Block]:
    try:
        # data_only: a formula cell reads as the value Excel last computed.
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl fails with zip, XML and missing-part errors alike
        raise TableReadError(DAMAGED_EXCEL) from error
    try:
        blocks: list[Block] = []
        cells_left = MAX_CELLS
        for sheet in workbook.worksheets:
            # Hidden sheets hold lookup lists and drafts, not the table people read.
            if sheet.sheet_state == "visible":
                grid, cells_left = _grid(workbook, sheet, cells_left)
                blocks.extend(sheet_blocks(grid))
        return blocks
    except TableReadError:
        raise
    except Exception as error:  # a damaged sheet part
        raise TableReadError(DAMAGED_EXCEL) from error
    finally:
        workbook.close()


def _grid(workbook, sheet, cells_left: int):
    """The sheet's compact grid, and how many cells the workbook may still have."""
    texts: dict[tuple[int, int], str] = {}  # (row, column), 1-based, only cells with text
    with workbook._archive.open(sheet._worksheet_path) as source:
        parser = WorkSheetParser(source, workbook.shared_strings, data_only=True, epoch=workbook.epoch,
                                 date_formats=workbook._date_formats,
                                 timedelta_formats=workbook._timedelta_formats)
        for row_number, cells in parser.parse():
            for cell in cells:
                text = cell_text(cell["value"])
                if text.strip():
                    cells_left -= 1
                    if cells_left < 0:
                        raise TableReadError(TOO_MANY_CELLS)
                    texts[row_number, cell["column"]] = text
        merges = parser.merged_cells.mergeCell if parser.merged_cells else []
    return compact_grid(texts, [_bounds(merge.ref) for merge in merges]), cells_left


def _bounds(ref: str) -> tuple[int, int, int, int] | None:
    try:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
    except (TypeError, ValueError):
        return None
    return min_row, min_col, max_row, max_col


def cell_text(value: object) -> str:
    """A spreadsheet value as the text people see: 3.0 as "3", a date as "2026年3月1日"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value)
