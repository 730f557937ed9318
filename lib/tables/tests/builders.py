"""Building small .docx / .xlsx files in memory for tests."""

import io
from pathlib import Path

import docx
import openpyxl

FIXTURES = Path("/work/shared/fixtures")
FORMATS = ("txt", "docx", "xlsx")


def fixture_bytes(extension: str) -> bytes:
    return (FIXTURES / f"yiyang-sfj-task-table.{extension}").read_bytes()


def docx_bytes(*blocks: str | list[list[str]]) -> bytes:
    """A Word document: a string is a paragraph, a list of rows is a table."""
    document = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
        else:
            add_table(document, block)
    return save_docx(document)


def add_table(document, rows: list[list[str]]):
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for row, texts in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    return table


def save_docx(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(sheets: dict[str, list[list[object]]], merges: dict[str, list[str]] | None = None) -> bytes:
    """A workbook with one sheet per entry; ``merges`` maps a sheet to ranges like "A3:A5"."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for cell_range in (merges or {}).get(title, []):
            sheet.merge_cells(cell_range)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
