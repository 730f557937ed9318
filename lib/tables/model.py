"""Data shapes of the task-table import: what the readers produce and what the parser produces."""

from dataclasses import dataclass
from decimal import Decimal


# --- reader output: document blocks -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cell:
    """One grid cell. ``merged`` marks the continuation of a vertically merged cell; its ``text`` is
    copied from the top cell of the merge."""

    text: str
    merged: bool = False


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Text outside tables (document title, section headings), in document order."""

    text: str


@dataclass(frozen=True, slots=True)
class Table:
    """Rows of cells, one cell per grid column so that columns line up."""

    rows: list[list[Cell]]


Block = Paragraph | Table


# --- parser output: sections and tasks -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DeptMention:
    """A department as written in the table; resolving it to a real department happens elsewhere."""

    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ParsedTask:
    ref: str  # short key, unique within the section and stable when the task text is corrected
    category: str  # 考核项目, e.g. "组织领导" or "理想信念教育"
    category_code: str  # e.g. "Ⅰ-1" when the category carries an indicator code
    indicator: str  # e.g. "Ⅲ-29"
    indicator_title: str  # e.g. "全民普法教育"
    text: str  # the item without its number and its "（2分）"
    points: Decimal | None
    lead: list[DeptMention]
    cooperating: list[DeptMention]
    departments_text: str  # the responsibility cell as written (normalised)
    guidance: str
    deadline: str
    site: str
    source_row: int  # 1-based row within its table, the header row included


@dataclass(frozen=True, slots=True)
class ParsedSection:
    name: str  # short, e.g. "共性任务", "网上申报"
    title: str  # e.g. "共性任务责任分解表"
    heading_points: Decimal | None  # from "（30分）" in the heading
    order: int  # 1-based position in the document
    columns: list[str]  # canonical column kinds found in the header, in header order
    tasks: list[ParsedTask]

    @property
    def points(self) -> Decimal | None:
        scored = [task.points for task in self.tasks if task.points is not None]
        return sum(scored, Decimal(0)) if scored else None


@dataclass(frozen=True, slots=True)
class ParsedTable:
    title: str
    sections: list[ParsedSection]
    warnings: list[str]
