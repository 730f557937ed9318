"""Blocks of a Word (.docx) document: body paragraphs and tables in document order."""

import io
from collections.abc import Iterator

from docx import Document
from docx.oxml.ns import qn

from .errors import MAX_CELLS, TOO_MANY_CELLS, TableReadError
from .model import Block, Cell, Paragraph, Table

_PARAGRAPH = qn("w:p")
_TABLE = qn("w:tbl")
_ROW = qn("w:tr")
_CELL = qn("w:tc")
_CONTENT_CONTROL = qn("w:sdt")
_CONTENT_CONTROL_BODY = qn("w:sdtContent")


def read_docx(data: bytes) -> list[Block]:
    try:
        document = Document(io.BytesIO(data))
    except Exception as error:  # python-docx fails with zip, XML and missing-part errors alike
        raise TableReadError("文件已损坏，无法作为 Word 文档读取") from error
    blocks = list(_blocks(document.element.body))
    if sum(len(row) for block in blocks if isinstance(block, Table) for row in block.rows) > MAX_CELLS:
        raise TableReadError(TOO_MANY_CELLS)
    return blocks


def _blocks(container) -> Iterator[Block]:
    for element in container.iterchildren():
        if element.tag == _PARAGRAPH and element.text.strip():
            yield Paragraph(element.text.strip())
        elif element.tag == _TABLE:
            yield _table(element)
        elif element.tag == _CONTENT_CONTROL:
            for body in element.iterchildren(_CONTENT_CONTROL_BODY):
                yield from _blocks(body)


def _table(table) -> Table:
    rows: list[list[Cell]] = []
    top_text: dict[int, str] = {}  # grid column → text of the cell a vertical merge started with
    for row in table.iterchildren(_ROW):
        cells = [Cell("")] * row.grid_before
        for cell in row.iterchildren(_CELL):
            column = len(cells)
            if cell.vMerge == "continue":
                cells.append(Cell(top_text.get(column, ""), merged=True))
            else:
                top_text[column] = _cell_text(cell)
                cells.append(Cell(top_text[column]))
            # One logical cell per grid column keeps columns aligned across rows.
            cells.extend([Cell("")] * (cell.grid_span - 1))
        rows.append(cells)
    width = max((len(cells) for cells in rows), default=0)
    return Table([cells + [Cell("")] * (width - len(cells)) for cells in rows])


def _cell_text(cell) -> str:
    return "\n".join(paragraph.text for paragraph in cell.iter(_PARAGRAPH))
