"""Data shapes of the task-table import: what the readers produce and what the parser produces."""

import dataclasses
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
    # Codes above the indicator in an indicator column ("Ⅲ-4 公共文化" above "Ⅲ-4-1 …"), outermost first.
    indicator_parents: tuple[tuple[str, str], ...] = ()
    # A measures column split per department ("法治宣传科：一是……"): (name as written, its duty).
    measures: tuple[tuple[str, str], ...] = ()
    # Columns of no known kind, verbatim: (header text, cell text).
    extra: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class ParsedSection:
    name: str  # short, e.g. "共性任务", "网上申报"
    title: str  # e.g. "共性任务责任分解表"
    heading_points: Decimal | None  # from "（30分）" in the heading
    order: int  # 1-based position in the document
    columns: list[str]  # canonical column kinds found in the header, in header order
    tasks: list[ParsedTask]
    headers: list["HeaderColumn"] = dataclasses.field(default_factory=list)

    @property
    def points(self) -> Decimal | None:
        scored = [task.points for task in self.tasks if task.points is not None]
        return sum(scored, Decimal(0)) if scored else None


@dataclass(frozen=True, slots=True)
class HeaderColumn:
    """One column of a table's header and what it was taken to mean."""

    header: str  # the header text without whitespace, e.g. "责任单位/牵头"
    kind: str  # the ColumnKind value used
    detected: str  # the ColumnKind value the scoring guessed, before any correction
    samples: tuple[str, ...] = ()  # the first cells below the header, for the preview


@dataclass(frozen=True, slots=True)
class ParsedTable:
    title: str
    sections: list[ParsedSection]
    warnings: list[str]

    @property
    def task_count(self) -> int:
        return sum(len(section.tasks) for section in self.sections)

    @property
    def headers(self) -> list[HeaderColumn]:
        """Each header text once, as first met: corrections apply by header text to every table."""
        seen: dict[str, HeaderColumn] = {}
        for section in self.sections:
            for column in section.headers:
                seen.setdefault(column.header, column)
        return list(seen.values())

    @property
    def columns(self) -> dict[str, str]:
        """Header text → the kind used, over all tables."""
        return {column.header: column.kind for column in self.headers}


# --- plain data, for storing a parse between the worker and the preview ------------------------------


def table_to_data(table: ParsedTable) -> dict:
    """JSON-safe data from which :func:`table_from_data` rebuilds the same table. Written out rather
    than ``dataclasses.asdict``, which deep-copies every value and costs more than the parse."""
    return {
        "title": table.title,
        "warnings": list(table.warnings),
        "sections": [
            {
                "name": section.name, "title": section.title, "heading_points": _text(section.heading_points),
                "order": section.order, "columns": list(section.columns),
                "headers": [{"header": column.header, "kind": column.kind, "detected": column.detected,
                             "samples": list(column.samples)} for column in section.headers],
                "tasks": [_task_to_data(task) for task in section.tasks],
            }
            for section in table.sections
        ],
    }


def _task_to_data(task: ParsedTask) -> dict:
    values = {name: getattr(task, name) for name in ParsedTask.__dataclass_fields__}
    values["points"] = _text(task.points)
    for role in ("lead", "cooperating"):
        values[role] = [{"name": mention.name, "aliases": list(mention.aliases)} for mention in values[role]]
    for pairs in ("indicator_parents", "measures", "extra"):
        values[pairs] = [list(pair) for pair in values[pairs]]
    return values


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def table_from_data(data: dict) -> ParsedTable:
    return ParsedTable(
        title=data["title"],
        warnings=list(data["warnings"]),
        sections=[_section_from_data(section) for section in data["sections"]],
    )


def _section_from_data(data: dict) -> ParsedSection:
    return ParsedSection(
        name=data["name"], title=data["title"], heading_points=_decimal(data["heading_points"]),
        order=data["order"], columns=list(data["columns"]),
        tasks=[_task_from_data(task) for task in data["tasks"]],
        headers=[HeaderColumn(column["header"], column["kind"], column["detected"], tuple(column["samples"]))
                 for column in data["headers"]],
    )


def _task_from_data(data: dict) -> ParsedTask:
    values = dict(data)
    values["points"] = _decimal(values["points"])
    for role in ("lead", "cooperating"):
        values[role] = [DeptMention(mention["name"], tuple(mention["aliases"])) for mention in values[role]]
    for pairs in ("indicator_parents", "measures", "extra"):
        values[pairs] = tuple(tuple(pair) for pair in values[pairs])
    return ParsedTask(**values)


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)
