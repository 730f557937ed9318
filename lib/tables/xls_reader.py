"""Blocks of a legacy Excel 97–2003 (.xls) workbook, read directly with xlrd."""

import xlrd

from .errors import MAX_CELLS, TOO_MANY_CELLS, TableReadError
from .grid import compact_grid, sheet_blocks
from .model import Block
from .xlsx_reader import cell_text

DAMAGED_XLS = "文件已损坏，无法作为 Excel 97-2003 工作簿读取"

def read_xls(data: bytes) -> list[Block]:
    try:
        # formatting_info: xlrd only reports merged ranges with it.
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, ragged_rows=True)
    except Exception as error:  # xlrd raises XLRDError, struct and index errors on damaged files
        raise TableReadError(DAMAGED_XLS) from error
    blocks: list[Block] = []
    budget = MAX_CELLS
    for sheet in book.sheets():
        if sheet.visibility != 0:  # hidden sheets hold lookup lists and drafts
            continue
        texts: dict[tuple[int, int], str] = {}
        for row in range(sheet.nrows):
            for column, cell in enumerate(sheet.row(row)):
                text = cell_text(_value(book, cell))
                if text.strip():
                    budget -= 1
                    if budget < 0:
                        raise TableReadError(TOO_MANY_CELLS)
                    texts[row, column] = text
        # xlrd ranges are 0-based and half-open.
        merges = [(rlo, clo, rhi - 1, chi - 1) for rlo, rhi, clo, chi in sheet.merged_cells]
        blocks.extend(sheet_blocks(compact_grid(texts, merges)))
    return blocks

def _value(book, cell) -> object:
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return cell.value
    if cell.ctype in (xlrd.XL_CELL_ERROR, xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    return cell.value

