"""Tables in text extracted from a Word file.

Each cell starts with a tab; lines without one continue the cell before. The header row (its cells
run up to the first blank line) gives the column count, so cells group into rows by counting. An empty
first cell marks a row whose first column is merged with the row above. Lines outside tables are
paragraphs; a caption ("四、明查暗访任务责任分解表") right after a complete row ends the table.
"""

from .headings import parse_caption
from .model import Block, Cell, Paragraph, Table


def read_text(text: str) -> list[Block]:
    return _TextTables().read(text.splitlines())


class _TextTables:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.cells: list[list[str]] = []  # lines of each cell of the open table
        self.width: int | None = None  # known once the header row has ended

    def read(self, lines: list[str]) -> list[Block]:
        for line in lines:
            if line.startswith("\t"):
                self.cells.append([line[1:]])
            elif not self.cells:
                self._add_paragraph(line)
            elif self._at_row_end() and _names_table(line):
                self._close_table()
                self._add_paragraph(line)
            else:
                self._continue_cell(line)
        self._close_table()
        return self.blocks

    def _continue_cell(self, line: str) -> None:
        if self.width is None and not line.strip():
            self.width = len(self.cells)
        self.cells[-1].append(line)

    def _at_row_end(self) -> bool:
        # Guidance is the last column, so its continuation lines also arrive at a row's end; only
        # captions close the table there.
        return self.width is None or len(self.cells) % self.width == 0

    def _add_paragraph(self, line: str) -> None:
        if line.strip():
            self.blocks.append(Paragraph(line.strip()))

    def _close_table(self) -> None:
        if self.cells:
            width = self.width or len(self.cells)
            texts = ["\n".join(lines).rstrip() for lines in self.cells]  # blank lines end rows
            texts += [""] * (-len(texts) % width)
            self.blocks.append(Table(_rows([texts[i : i + width] for i in range(0, len(texts), width)])))
        self.cells = []
        self.width = None


def _rows(texts: list[list[str]]) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for index, row in enumerate(texts):
        first = row[0]
        # rows[0] is the header: the first data row has nothing to merge with.
        if index >= 2 and not first.strip():
            rows.append([Cell(rows[-1][0].text, merged=True)])
        else:
            rows.append([Cell(first)])
        rows[-1].extend(Cell(text) for text in row[1:])
    return rows


def _names_table(line: str) -> bool:
    caption = parse_caption(line)
    return caption is not None and caption.names_table
