"""Understanding read blocks as a task table: sections, their columns, and one task per scored item."""

import dataclasses
from collections.abc import Sequence
from decimal import Decimal

from .columns import (
    HEADER_ERROR,
    Column,
    ColumnCorrections,
    ColumnKind,
    columns_of,
    header_label,
    header_texts,
    is_header,
    sub_header,
)
from .departments import split_departments, split_roles
from .errors import TableParseError
from .headings import Caption, paragraph_parts, parse_caption
from .items import (
    ItemPiece,
    indicator_path,
    points_value,
    split_indicator_code,
    split_items,
    split_measures,
    whole_item,
)
from .model import (
    Block,
    Cell,
    DeptMention,
    HeaderColumn,
    Paragraph,
    ParsedSection,
    ParsedTable,
    ParsedTask,
    Table,
)
from .readers import read_blocks
from .text import clean_lines, join_lines, normalise_text, without_whitespace

__all__ = ["TableParseError", "parse_blocks", "parse_file"]

_TOTAL_LABELS = ("合计", "总计", "小计")
_EXCERPT_LENGTH = 20
_SAMPLE_ROWS = 3
# A header sits near the top; a long table of data is not searched for one row by row.
_HEADER_SEARCH_ROWS = 10


def parse_file(data: bytes, filename: str, corrections: ColumnCorrections = {}) -> ParsedTable:
    """Read and parse an uploaded file. Raises TableReadError or TableParseError."""
    return parse_blocks(read_blocks(data, filename), corrections)


def parse_blocks(blocks: Sequence[Block], corrections: ColumnCorrections = {}) -> ParsedTable:
    """Sections and tasks of the blocks. ``corrections`` (header text → ColumnKind value) override the
    scored guess for every column with that header text, in every table."""
    headings = _Headings()
    sections: list[ParsedSection] = []
    warnings: list[str] = []
    previous: _SectionParser | None = None
    tables_seen = 0
    skipped: list[int] = []  # tables without a recognisable header
    for block in blocks:
        if isinstance(block, Paragraph):
            headings.add(block.text)
            continue
        if _is_caption_box(block):
            for row in block.rows:
                headings.add(_single_text(row))
            continue
        header_index = _header_index(block)
        tables_seen += 1
        if header_index is None:
            # A table Word split at a page break, with no header of its own: more rows of the last one.
            if previous is None or len(block.rows[0]) != len(previous.rows[0]):
                skipped.append(tables_seen)  # a notes or signature table beside the task table
                continue
            parsers = [previous.continued(block.rows)]
        else:
            for row in block.rows[:header_index]:  # a caption written into the table's top row
                headings.add(_single_text(row))
            parsers = _SectionParser.for_table(block.rows, header_index, headings, corrections,
                                              first_order=len(sections) + 1)
        for parser in parsers:
            if parser.continues:
                sections[-1] = _joined(sections[-1], parser.parse())
            else:
                sections.append(parser.parse())
            warnings.extend(parser.take_warnings())
            previous = parser
    if not sections:
        raise TableParseError(f"{HEADER_ERROR}（第{skipped[0]}个表格）" if skipped else "文件中没有找到表格")
    warnings.extend(f"第{number}个表格未识别出表头（不是任务表？），已跳过；如有误请检查表头" for number in skipped)
    for parsed_section in sections:
        warnings.extend(_total_warning(parsed_section))
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


def _header_index(table: Table) -> int | None:
    for index, row in enumerate(table.rows[:_HEADER_SEARCH_ROWS]):
        if is_header(row):
            return index
    return None


def _part_caption(row: list[Cell]) -> Caption | None:
    """A row of one text heading a part of the table: "第一部分 基础指标（40分）", "二、…（30分）"."""
    text = _single_text(row)
    caption = parse_caption(text) if text and len(set(_own_texts(row))) == 1 else None
    return caption if caption and caption.is_section_heading else None


@dataclasses.dataclass
class _Inherited:
    """What a row takes over from the rows above: a merged category, an indicator code."""

    category: str = ""
    category_code: str = ""
    indicator: str = ""
    indicator_title: str = ""
    indicator_parents: tuple[tuple[str, str], ...] = ()


class _SectionParser:
    """The rows of one section: a table, or a part of one between part headings."""

    def __init__(self, rows: list[list[Cell]], header_rows: list[list[Cell]], columns: list[Column],
                 caption: Caption | None, order: int, first_row: int):
        width = max(len(row) for row in [*rows, *header_rows])
        # Readers give rectangular rows; blocks built by hand may be ragged.
        self.rows = [row + [Cell("")] * (width - len(row)) for row in rows]
        self.header_rows = header_rows
        self.header_labels = [[header_label(cell.text) for cell in row] for row in header_rows]
        self.columns = columns
        self.by_kind: dict[ColumnKind, list[int]] = {}
        for column in columns:
            self.by_kind.setdefault(column.kind, []).append(column.index)
        self.order = order
        self.first_row = first_row  # the 1-based table row of self.rows[0]
        self.name = (caption.section_name if caption else "") or f"表{order}"
        self.title = caption.title if caption else self.name
        self.heading_points = caption.points if caption else None
        self.inherited = _Inherited()
        self.warnings: list[str] = []
        self.continues = False  # its tasks join the section before

    @classmethod
    def for_table(cls, rows: list[list[Cell]], header_index: int, headings: "_Headings",
                  corrections: ColumnCorrections, first_order: int) -> list["_SectionParser"]:
        """One parser per part: part headings inside the table ("第一部分 …（40分）") start sections."""
        header_rows = [rows[header_index]]
        if header_index + 1 < len(rows) and sub_header(rows[header_index + 1], rows[header_index]):
            header_rows.append(rows[header_index + 1])
        texts = header_texts(header_rows)
        texts = [text or f"第{index + 1}列" for index, text in enumerate(texts)]
        body_start = header_index + len(header_rows)
        columns = _with_item_column(columns_of(texts, corrections), rows[body_start:], corrections)
        parts: list[tuple[Caption | None, int, list[list[Cell]]]] = [(headings.take(), body_start + 1, [])]
        for number, row in enumerate(rows[body_start:], start=body_start + 1):
            caption = _part_caption(row)
            if caption is not None:
                if parts[-1][2]:
                    parts.append((caption, number + 1, []))
                else:  # right below the header, the part heading names the rows that follow
                    parts[-1] = (caption, number + 1, [])
            else:
                parts[-1][2].append(row)
        parts = [part for part in parts if part[2]] or parts[:1]
        return [cls(part_rows, header_rows, columns, caption, first_order + offset, first_row)
                for offset, (caption, first_row, part_rows) in enumerate(parts)]

    def continued(self, rows: list[list[Cell]]) -> "_SectionParser":
        """A parser for rows that carry on this section in a table of their own."""
        follower = _SectionParser(rows, self.header_rows, self.columns, None, self.order, 1)
        follower.name, follower.title, follower.heading_points = self.name, self.title, self.heading_points
        follower.inherited = dataclasses.replace(self.inherited)
        follower.continues = True
        return follower

    def take_warnings(self) -> list[str]:
        warnings, self.warnings = self.warnings, []
        return warnings

    def parse(self) -> ParsedSection:
        drafts: list[tuple[ParsedTask, str | None]] = []
        for row_number, row in enumerate(self.rows, start=self.first_row):
            if self._holds_tasks(row):
                drafts.extend(self._row_tasks(row, row_number))
        return ParsedSection(
            name=self.name,
            title=self.title,
            heading_points=self.heading_points,
            order=self.order,
            columns=list(dict.fromkeys(str(column.kind) for column in self.columns
                                       if column.kind != ColumnKind.EXTRA)),
            tasks=_with_refs(drafts),
            headers=[HeaderColumn(column.header, str(column.kind), str(column.detected), self._samples(column))
                     for column in self.columns],
        )

    def _samples(self, column: Column) -> tuple[str, ...]:
        samples: list[str] = []
        for row in self.rows:
            if len(samples) == _SAMPLE_ROWS:
                break
            text = row[column.index].text.strip()
            if text and self._holds_tasks(row):
                samples.append(_excerpt(text))
        return tuple(samples)

    def _holds_tasks(self, row: list[Cell]) -> bool:
        """False for empty rows, a header repeated on a new page, total rows and caption rows."""
        own = _own_texts(row)
        if not own or any(_repeats(row, labels) for labels in self.header_labels):
            return False
        if without_whitespace(own[0]).startswith(_TOTAL_LABELS):
            return False
        caption = parse_caption(own[0]) if len(set(own)) == 1 else None
        return not (caption and caption.names_table)

    def _text(self, row: list[Cell], kind: ColumnKind) -> str:
        """The row's text in the columns of one kind; several columns of a kind read as one."""
        return "\n".join(row[index].text for index in self.by_kind.get(kind, ()) if row[index].text.strip())

    def _row_tasks(self, row: list[Cell], row_number: int) -> list[tuple[ParsedTask, str | None]]:
        self._take_category(row)
        self._take_indicator(row)
        item_lines = clean_lines(self._text(row, ColumnKind.ITEM))
        own_indicator = split_indicator_code(item_lines[0]) if item_lines else None
        if own_indicator:
            self.inherited.indicator, self.inherited.indicator_title = own_indicator
            item_lines = item_lines[1:]
        site = join_lines(self._text(row, ColumnKind.SITE))
        pieces = self._pieces(row, row_number, item_lines,
                              fallback=(own_indicator[1] if own_indicator else "") or site)
        if not pieces:
            self.warnings.append(f"{self.name}：第{row_number}行没有考核内容，已跳过")
            return []
        if self.heading_points is not None and all(piece.points is None for piece in pieces):
            excerpt = _excerpt(pieces[0].text)
            self.warnings.append(f"{self.name}：第{row_number}行“{excerpt}”未标注分值")
        lead, cooperating, departments_text = self._responsibility(row)
        general, measures = split_measures(self._text(row, ColumnKind.MEASURES))
        guidance = "\n".join(filter(None, [normalise_text(self._text(row, ColumnKind.GUIDANCE)), general]))
        deadline = normalise_text(self._text(row, ColumnKind.DEADLINE))
        serial = without_whitespace(self._text(row, ColumnKind.NUMBER))
        extra = tuple((self.columns[index].header, normalise_text(row[index].text))
                      for index in self.by_kind.get(ColumnKind.EXTRA, ()) if row[index].text.strip())
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
                    indicator_parents=self.inherited.indicator_parents,
                    measures=measures,
                    extra=extra,
                ),
                # A 序号 column numbers the row; items split out of one cell keep their own numbers.
                piece.number if len(pieces) > 1 else (serial or piece.number),
            )
            for piece in pieces
        ]

    def _take_category(self, row: list[Cell]) -> None:
        indexes = self.by_kind.get(ColumnKind.CATEGORY, ())
        if not indexes or all(row[index].merged or not row[index].text.strip() for index in indexes):
            return  # merged or left empty: the category above goes on
        category, code = _category(self._text(row, ColumnKind.CATEGORY))
        if (category, code) != (self.inherited.category, self.inherited.category_code):
            self.inherited = _Inherited(category, code)  # indicators do not carry into a new category

    def _take_indicator(self, row: list[Cell]) -> None:
        """An indicator column: "Ⅲ-4 公共文化\nⅢ-4-1 文化设施" names the task's code and its parents."""
        indexes = self.by_kind.get(ColumnKind.INDICATOR, ())
        if not indexes or all(row[index].merged or not row[index].text.strip() for index in indexes):
            return
        path = indicator_path(self._text(row, ColumnKind.INDICATOR))
        if path:
            *parents, (code, title) = path
            self.inherited.indicator, self.inherited.indicator_title = code, title
            self.inherited.indicator_parents = tuple(parents)

    def _pieces(self, row: list[Cell], row_number: int, item_lines: list[str], fallback: str) -> list[ItemPiece]:
        column_points = points_value(self._text(row, ColumnKind.POINTS))
        pieces = split_items(item_lines)
        if column_points is not None and len(pieces) > 1 and all(p.points is not None for p in pieces):
            total = sum((piece.points for piece in pieces), Decimal(0))
            if total != column_points:
                self.warnings.append(
                    f"{self.name}：第{row_number}行分值列为 {_points_text(column_points)} 分，"
                    f"但各小项合计 {_points_text(total)} 分")
            return pieces
        if column_points is not None and item_lines:
            return [whole_item(item_lines)._replace(points=column_points)]
        if not pieces and fallback:
            # "Ⅲ-10发挥榜样作用" alone, or a site table: the indicator title or the site is the task.
            return [ItemPiece(None, fallback, column_points)]
        return pieces

    def _responsibility(self, row: list[Cell]) -> tuple[list[DeptMention], list[DeptMention], str]:
        departments = self._text(row, ColumnKind.DEPARTMENTS)
        if ColumnKind.LEAD not in self.by_kind and ColumnKind.COOPERATING not in self.by_kind:
            lead, cooperating = split_roles(departments)
            return lead, cooperating, normalise_text(departments)
        lead_text = self._text(row, ColumnKind.LEAD)
        # Beside a 牵头 column, a 责任单位 column names the departments that work with the lead.
        cooperating_text = "\n".join(filter(None, [self._text(row, ColumnKind.COOPERATING), departments]))
        lead = split_departments(lead_text)
        written = split_departments(cooperating_text)
        lead_names = {mention.name for mention in lead}
        cooperating = [mention for mention in _unique_mentions(written) if mention.name not in lead_names]
        return lead, cooperating, _role_summary(lead, written)


def _with_item_column(columns: list[Column], body: list[list[Cell]], corrections: ColumnCorrections) -> list[Column]:
    """A header that names who but not what ("责任单位" beside "主要内容及目标"): the unrecognised
    column with the most text is taken for the item, so the rows still give tasks. Only a guess; an
    explicit correction of that column stands."""
    if any(column.kind in (ColumnKind.ITEM, ColumnKind.SITE) for column in columns):
        return columns
    candidates = [column for column in columns
                  if column.detected == ColumnKind.EXTRA and column.header not in corrections]
    lengths = {column.index: sum(len(row[column.index].text) for row in body if column.index < len(row))
               for column in candidates}
    chosen = max(candidates, key=lambda column: lengths[column.index], default=None)
    if chosen is None or not lengths[chosen.index]:
        return columns
    return [dataclasses.replace(column, kind=ColumnKind.ITEM, detected=ColumnKind.ITEM)
            if column is chosen else column for column in columns]


def _repeats(row: list[Cell], labels: list[str]) -> bool:
    """The row says what a header row says (compared cell by cell, stopping at the first difference)."""
    return len(row) == len(labels) and all(header_label(cell.text) == label for cell, label in zip(row, labels))


def _joined(first: ParsedSection, more: ParsedSection) -> ParsedSection:
    """A section continued in a later table: the tasks of both, refs unique across them."""
    used = {task.ref for task in first.tasks}
    tasks = list(first.tasks)
    for task in more.tasks:
        ref, repeat = task.ref, 2
        while ref in used:
            ref, repeat = f"{task.ref}#{repeat}", repeat + 1
        used.add(ref)
        tasks.append(dataclasses.replace(task, ref=ref))
    return dataclasses.replace(first, tasks=tasks)


def _total_warning(section: ParsedSection) -> list[str]:
    if section.heading_points is None or section.points == section.heading_points:
        return []
    total = _points_text(section.points or Decimal(0))
    return [f"{section.name}：各项分值合计 {total} 分，与标题（{_points_text(section.heading_points)}分）不一致"]


def _unique_mentions(mentions: list[DeptMention]) -> list[DeptMention]:
    return list({mention.name: mention for mention in reversed(mentions)}.values())[::-1]


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


def _role_summary(lead: list[DeptMention], cooperating: list[DeptMention]) -> str:
    parts = [
        f"{label}：{'、'.join(mention.name for mention in mentions)}"
        for label, mentions in (("牵头", lead), ("配合", cooperating))
        if mentions
    ]
    return "；".join(parts)


def _excerpt(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    return first_line if len(first_line) <= _EXCERPT_LENGTH else first_line[:_EXCERPT_LENGTH] + "…"


def _points_text(points: Decimal) -> str:
    return format(points.normalize(), "f")
