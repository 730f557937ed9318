"""Column kinds, recognised by the meaning of the header text rather than by position."""

import re
from enum import StrEnum

from .model import Cell
from .text import without_whitespace


class ColumnKind(StrEnum):
    CATEGORY = "category"
    NUMBER = "number"
    ITEM = "item"
    POINTS = "points"
    DEPARTMENTS = "departments"
    LEAD = "lead"
    COOPERATING = "cooperating"
    GUIDANCE = "guidance"
    DEADLINE = "deadline"
    SITE = "site"


_HEADER_LABELS = {
    ColumnKind.CATEGORY: ("考核项目", "测评项目", "项目", "类别"),
    ColumnKind.NUMBER: ("序号", "编号"),
    ColumnKind.ITEM: ("考核实施细则", "测评内容", "考核内容", "实施细则", "任务内容"),
    ColumnKind.POINTS: ("分值", "分数", "权重"),
    ColumnKind.DEPARTMENTS: ("责任科室", "责任单位", "责任部门"),
    ColumnKind.LEAD: ("牵头单位", "牵头科室", "牵头部门"),
    ColumnKind.COOPERATING: ("配合单位", "配合科室", "配合部门"),
    ColumnKind.GUIDANCE: ("工作建议", "工作要求", "申报材料要求", "佐证材料", "工作措施"),
    ColumnKind.DEADLINE: ("完成时限", "时限要求", "完成时间"),
    ColumnKind.SITE: ("考核场地范围", "场地范围", "点位"),
}
_KIND_BY_LABEL = {label: kind for kind, labels in _HEADER_LABELS.items() for label in labels}
# "分值（分）", "责任单位(牵头单位列第一)": a trailing note does not change the column's meaning.
_TRAILING_NOTE = re.compile(r"[（(][^（()）]*[）)]$")

HEADER_ERROR = "未能识别表头：缺少“考核实施细则”和“责任科室”等列"


def column_kind(header_text: str) -> ColumnKind | None:
    label = _TRAILING_NOTE.sub("", without_whitespace(header_text))
    return _KIND_BY_LABEL.get(label)


def row_kinds(row: list[Cell]) -> list[ColumnKind | None]:
    return [column_kind(cell.text) for cell in row]


def is_header(kinds: list[ColumnKind | None]) -> bool:
    """Two known labels, one of which says what is assessed or who is responsible."""
    found = {kind for kind in kinds if kind is not None}
    says_what = found & {ColumnKind.ITEM, ColumnKind.SITE}
    says_who = found & {ColumnKind.DEPARTMENTS, ColumnKind.LEAD}
    return len(found) >= 2 and bool(says_what or says_who)


def column_positions(kinds: list[ColumnKind | None]) -> dict[ColumnKind, int]:
    """The first column of each kind; a repeated kind is ignored."""
    positions: dict[ColumnKind, int] = {}
    for index, kind in enumerate(kinds):
        if kind is not None:
            positions.setdefault(kind, index)
    return positions
