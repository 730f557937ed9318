"""Spreadsheet cells into table rows, bounded by the cells really written rather than declared sizes.

Both spreadsheet readers (.xlsx, .xls) hand over the non-empty cells and the merged ranges; rows
and columns without any text are dropped before a grid is built, so a lone cell in the far corner
or a merged range "A1:XFD1048576" costs only the grid of what is there.
"""

from collections.abc import Iterable

from .model import Block, Cell, Paragraph, Table

Bounds = tuple[int, int, int, int]  # min_row, min_col, max_row, max_col; inclusive, any base


def compact_grid(texts: dict[tuple[int, int], str], merges: Iterable[Bounds | None]) -> list[list[Cell]]:
    rows = sorted({row for row, _ in texts})
    columns = sorted({column for _, column in texts})
    row_at = {row: index for index, row in enumerate(rows)}
    column_at = {column: index for index, column in enumerate(columns)}
    grid = [[Cell("") for _ in columns] for _ in rows]
    for (row, column), text in texts.items():
        grid[row_at[row]][column_at[column]] = Cell(text)
    for bounds in merges:
        if bounds is not None:
            _spread_merge(grid, bounds, rows, columns, row_at, column_at)
    return grid


def _spread_merge(grid, bounds: Bounds, rows, columns, row_at, column_at) -> None:
    """The top-left text goes down the first column as merged continuations; the other columns of
    the range become empty (one logical cell per grid column). Only rows and columns of the compact
    grid are visited."""
    min_row, min_col, max_row, max_col = bounds
    if min_row not in row_at or min_col not in column_at:
        return  # the top-left cell is empty: nothing to copy
    top_text = grid[row_at[min_row]][column_at[min_col]].text
    for row in rows[row_at[min_row] + 1 :]:
        if row > max_row:
            break
        grid[row_at[row]][column_at[min_col]] = Cell(top_text, merged=True)
    for column in columns[column_at[min_col] + 1 :]:
        if column > max_col:
            break
        for row in rows[row_at[min_row] :]:
            if row > max_row:
                break
            grid[row_at[row]][column_at[column]] = Cell("")


def sheet_blocks(rows: list[list[Cell]]) -> list[Block]:
    """Rows above the table with at most one filled cell are its title and headings."""
    blocks: list[Block] = []
    while rows and len(_filled(rows[0])) <= 1:
        blocks.append(Paragraph(_filled(rows[0])[0]))
        rows = rows[1:]
    if rows:
        blocks.append(Table(rows))
    return blocks


def _filled(row: list[Cell]) -> list[str]:
    return [cell.text.strip() for cell in row if cell.text.strip()]
