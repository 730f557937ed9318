"""Understanding read blocks as a task table: sections, their columns, and one task per scored item."""

import dataclasses
from collections.abc import Sequence
from decimal import Decimal

from .columns import HEADER_ERROR, ColumnKind, column_positions, is_header, row_kinds
from .departments import split_departments, split_roles
from .errors import TableParseError
from .headings import Caption, paragraph_parts, parse_caption
from .items import ItemPiece, points_value, split_indicator_code, split_items, whole_item
from .model import Block, Cell, DeptMention, Paragraph, ParsedSection, ParsedTable, ParsedTask, Table
from .readers import read_blocks
from .text import clean_lines, join_lines, normalise_text, without_whitespace

__all__ = ["TableParseError", "parse_blocks", "parse_file"]

_TOTAL_LABELS = ("合计", "总计", "小计")
_EXCERPT_LENGTH = 20


def parse_file(data: bytes, filename: str) -> ParsedTable:
    """Read and parse an uploaded file. Raises TableReadError or TableParseError."""
    return parse_blocks(read_blocks(data, filename))


def parse_blocks(blocks: Sequence[Block]) -> ParsedTable:
    headings = _Headings()
    sections: list[ParsedSection] = []
    warnings: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            headings.add(block.text)
        elif _is_caption_box(block):
            for row in block.rows:
                headings.add(_single_text(row))
        else:
            header_index = _header_index(block, order=len(sections) + 1)
            for row in block.rows[:header_index]:  # a caption written into the table's top row
                headings.add(_single_text(row))
            section, section_warnings = _SectionParser(
                block.rows, header_index, headings.take(), order=len(sections) + 1
            ).parse()
            sections.append(section)
            warnings.extend(section_warnings)
    if not sections:
        raise TableParseError("文件中没有找到表格")
    return ParsedTable(title=headings.title, sections=sections, warnings=warnings)


class _Headings:
    """The document title, and the section heading waiting for the next table."""

    def __init__(self) -> None:
        self.title = ""
        self._before_first_table = True
        self._pending: Caption | None = None

    def add(self, text: str) -> None:
        for part in paragraph_parts(text):
            caption = parse_caption(part)
            if self._before_first_table and not self.title and not (caption and caption.is_section_heading):
                self.title = part
            elif caption and part != self.title:  # the title is repeated above tables on later pages
                self._pending = caption

    def take(self) -> Caption | None:
        self._before_first_table = False
        caption, self._pending = self._pending, None
        return caption


def _own_texts(row: list[Cell]) -> list[str]:
    """Texts written in this row, not copied down from a merged cell above."""
    return [cell.text.strip() for cell in row if not cell.merged and cell.text.strip()]


def _single_text(row: list[Cell]) -> str:
    texts = set(_own_texts(row))
    return texts.pop() if len(texts) == 1 else ""


def _is_caption_box(table: Table) -> bool:
    """A table used as a frame around a title has no row with two different texts."""
    return all(len(set(_own_texts(row))) <= 1 for row in table.rows)


def _header_index(table: Table, order: int) -> int:
    for index, row in enumerate(table.rows):
        if is_header(row_kinds(row)):
            return index
    raise TableParseError(f"{HEADER_ERROR}（第{order}个表格）")


@dataclasses.dataclass
class _Inherited:
    """What a row takes over from the rows above: a merged category, an indicator code."""

    category: str = ""
    category_code: str = ""
    indicator: str = ""
    indicator_title: str = ""


class _SectionParser:
    def __init__(self, rows: list[list[Cell]], header_index: int, caption: Caption | None, order: int):
        width = max(len(row) for row in rows)
        # Readers give rectangular rows; blocks built by hand may be ragged.
        self.rows = [row + [Cell("")] * (width - len(row)) for row in rows]
        self.header_index = header_index
        self.header_kinds = row_kinds(rows[header_index])
        self.columns = column_positions(self.header_kinds)
        self.order = order
        self.name = (caption.section_name if caption else "") or f"表{order}"
        self.title = caption.title if caption else self.name
        self.heading_points = caption.points if caption else None
        self.inherited = _Inherited()
        self.warnings: list[str] = []

    def parse(self) -> tuple[ParsedSection, list[str]]:
        drafts: list[tuple[ParsedTask, str | None]] = []
        for row_number, row in enumerate(self.rows[self.header_index + 1 :], start=self.header_index + 2):
            if self._holds_tasks(row):
                drafts.extend(self._row_tasks(row, row_number))
        section = ParsedSection(
            name=self.name,
            title=self.title,
            heading_points=self.heading_points,
            order=self.order,
            columns=[str(kind) for kind in self.columns],
            tasks=_with_refs(drafts),
        )
        self._check_total(section)
        return section, self.warnings

    def _holds_tasks(self, row: list[Cell]) -> bool:
        """False for empty rows, a header repeated on a new page, total rows and caption rows."""
        own = _own_texts(row)
        if not own or row_kinds(row) == self.header_kinds:
            return False
        if without_whitespace(own[0]).startswith(_TOTAL_LABELS):
            return False
        caption = parse_caption(own[0]) if len(set(own)) == 1 else None
        return not (caption and caption.names_table)

    def _text(self, row: list[Cell], kind: ColumnKind) -> str:
        index = self.columns.get(kind)
        return row[index].text if index is not None else ""

    def _row_tasks(self, row: list[Cell], row_number: int) -> list[tuple[ParsedTask, str | None]]:
        self._take_category(row)
        item_lines = clean_lines(self._text(row, ColumnKind.ITEM))
        own_indicator = split_indicator_code(item_lines[0]) if item_lines else None
        if own_indicator:
            self.inherited.indicator, self.inherited.indicator_title = own_indicator
            item_lines = item_lines[1:]
        site = join_lines(self._text(row, ColumnKind.SITE))
        pieces = self._pieces(row, item_lines, fallback=(own_indicator[1] if own_indicator else "") or site)
        if not pieces:
            self.warnings.append(f"{self.name}：第{row_number}行没有考核内容，已跳过")
            return []
        if self.heading_points is not None and all(piece.points is None for piece in pieces):
            excerpt = _excerpt(pieces[0].text)
            self.warnings.append(f"{self.name}：第{row_number}行“{excerpt}”未标注分值")
        lead, cooperating, departments_text = self._responsibility(row)
        guidance = normalise_text(self._text(row, ColumnKind.GUIDANCE))
        deadline = normalise_text(self._text(row, ColumnKind.DEADLINE))
        serial = without_whitespace(self._text(row, ColumnKind.NUMBER))
        return [
            (
                ParsedTask(
                    ref="",  # given once the whole section is known
                    category=self.inherited.category,
                    category_code=self.inherited.category_code,
                    indicator=self.inherited.indicator,
                    indicator_title=self.inherited.indicator_title,
                    text=piece.text,
                    points=piece.points,
                    lead=list(lead),
                    cooperating=list(cooperating),
                    departments_text=departments_text,
                    guidance=guidance,
                    deadline=deadline,
                    site=site,
                    source_row=row_number,
                ),
                # A 序号 column numbers the row; items split out of one cell keep their own numbers.
                piece.number if len(pieces) > 1 else (serial or piece.number),
            )
            for piece in pieces
        ]

    def _take_category(self, row: list[Cell]) -> None:
        index = self.columns.get(ColumnKind.CATEGORY)
        if index is None or row[index].merged or not row[index].text.strip():
            return  # merged or left empty: the category above goes on
        category, code = _category(row[index].text)
        if (category, code) != (self.inherited.category, self.inherited.category_code):
            self.inherited = _Inherited(category, code)  # indicators do not carry into a new category

    def _pieces(self, row: list[Cell], item_lines: list[str], fallback: str) -> list[ItemPiece]:
        column_points = points_value(self._text(row, ColumnKind.POINTS))
        if column_points is not None and item_lines:
            return [whole_item(item_lines)._replace(points=column_points)]
        pieces = split_items(item_lines)
        if not pieces and fallback:
            # "Ⅲ-10发挥榜样作用" alone, or a site table: the indicator title or the site is the task.
            return [ItemPiece(None, fallback, column_points)]
        return pieces

    def _responsibility(self, row: list[Cell]) -> tuple[list[DeptMention], list[DeptMention], str]:
        departments = self._text(row, ColumnKind.DEPARTMENTS)
        if ColumnKind.LEAD not in self.columns and ColumnKind.COOPERATING not in self.columns:
            lead, cooperating = split_roles(departments)
            return lead, cooperating, normalise_text(departments)
        lead_text = self._text(row, ColumnKind.LEAD)
        cooperating_text = self._text(row, ColumnKind.COOPERATING)
        summary = normalise_text(departments) or _role_summary(lead_text, cooperating_text)
        return split_departments(lead_text), split_departments(cooperating_text), summary

    def _check_total(self, section: ParsedSection) -> None:
        if self.heading_points is None or section.points == self.heading_points:
            return
        total = _points_text(section.points or Decimal(0))
        self.warnings.append(
            f"{self.name}：各项分值合计 {total} 分，与标题（{_points_text(self.heading_points)}分）不一致"
        )


def _category(text: str) -> tuple[str, str]:
    """Category and code: "Ⅰ-1\\n理想\\n信念\\n教育" gives ("理想信念教育", "Ⅰ-1"),
    "组织领导\\n组织领导" gives ("组织领导", "")."""
    lines = clean_lines(text)
    code = ""
    code_and_rest = split_indicator_code(lines[0])
    if code_and_rest:
        code, rest = code_and_rest
        lines = [rest, *lines[1:]]
    return "".join(_without_repetition(lines)), code


def _without_repetition(lines: list[str]) -> list[str]:
    """Word files sometimes carry a merged cell's text twice ("组织领导" / "组织领导")."""
    for split in range(1, len(lines)):
        if "".join(lines[:split]) == "".join(lines[split:]):
            return lines[:split]
    return lines


def _with_refs(drafts: list[tuple[ParsedTask, str | None]]) -> list[ParsedTask]:
    """Refs from indicator or category and item number (or site), never from the text, so that a
    corrected text keeps its ref. The category is only needed when the section has several."""
    several_categories = len({task.category for task, _ in drafts}) > 1
    used: set[str] = set()
    tasks = []
    for ordinal, (task, number) in enumerate(drafts, start=1):
        group = task.indicator or (task.category if several_categories else "")
        ref = "-".join(part for part in (group, number or task.site) if part) or str(ordinal)
        unique_ref, repeat = ref, 2
        while unique_ref in used:
            unique_ref, repeat = f"{ref}#{repeat}", repeat + 1
        used.add(unique_ref)
        tasks.append(dataclasses.replace(task, ref=unique_ref))
    return tasks


def _role_summary(lead_text: str, cooperating_text: str) -> str:
    parts = [
        f"{label}：{'、'.join(clean_lines(text))}"
        for label, text in (("牵头", lead_text), ("配合", cooperating_text))
        if text.strip()
    ]
    return "；".join(parts)


def _excerpt(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    return first_line if len(first_line) <= _EXCERPT_LENGTH else first_line[:_EXCERPT_LENGTH] + "…"


def _points_text(points: Decimal) -> str:
    return format(points.normalize(), "f")
