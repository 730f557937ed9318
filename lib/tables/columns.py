"""Column kinds, recognised by the words inside a header cell rather than by its exact label.

Every header cell gets a score per kind from the keywords it contains ("工作任务及要求" contains 工作任务
(an item, 3) and 要求 (guidance, 1), so it is the item column); a trailing note in parentheses is
ignored unless nothing else is recognised. Unknown headers keep their text as named extra fields.
The result is a plain mapping (header text → kind) that the coordinator may correct before parsing.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from .model import Cell
from .text import without_whitespace


class ColumnKind(StrEnum):
    CATEGORY = "category"
    INDICATOR = "indicator"
    NUMBER = "number"
    ITEM = "item"
    POINTS = "points"
    DEPARTMENTS = "departments"
    LEAD = "lead"
    COOPERATING = "cooperating"
    GUIDANCE = "guidance"
    MEASURES = "measures"
    DEADLINE = "deadline"
    SITE = "site"
    EXTRA = "extra"  # kept verbatim under its header text


KIND_LABELS = {
    ColumnKind.CATEGORY: "考核项目（分类）",
    ColumnKind.INDICATOR: "测评指标（Ⅰ/Ⅱ/Ⅲ 编号）",
    ColumnKind.NUMBER: "序号",
    ColumnKind.ITEM: "考核内容（任务）",
    ColumnKind.POINTS: "分值",
    ColumnKind.DEPARTMENTS: "责任单位（首位牵头；有牵头列时为配合）",
    ColumnKind.LEAD: "牵头单位",
    ColumnKind.COOPERATING: "配合单位",
    ColumnKind.GUIDANCE: "工作要求（佐证资料）",
    ColumnKind.MEASURES: "工作措施（按单位分工）",
    ColumnKind.DEADLINE: "完成时限",
    ColumnKind.SITE: "考核场地范围",
    ColumnKind.EXTRA: "其他（原样保留）",
}

# Keyword → weight. 3: says the kind on its own; 2: strongly suggests it; 1: a hint.
_KEYWORDS: dict[ColumnKind, dict[str, int]] = {
    ColumnKind.CATEGORY: {"考核项目": 3, "测评项目": 3, "项目": 2, "类别": 2, "分类": 2, "一级指标": 2},
    ColumnKind.INDICATOR: {"测评指标": 3, "指标": 2, "测评体系": 2, "二级指标": 3, "三级指标": 3},
    ColumnKind.NUMBER: {"序号": 3, "编号": 2, "序": 1},
    ColumnKind.ITEM: {"考核实施细则": 3, "实施细则": 3, "细则": 2, "测评内容": 3, "考核内容": 3,
                      "任务内容": 3, "工作任务": 3, "评分标准": 3, "测评标准": 3, "考核标准": 3,
                      "任务": 2, "内容": 2, "标准": 1, "考核要点": 3},
    ColumnKind.POINTS: {"分值": 3, "分数": 3, "权重": 2, "得分": 1, "分": 1},
    ColumnKind.DEPARTMENTS: {"责任科室": 3, "责任单位": 3, "责任部门": 3, "责任股室": 3, "承办": 2,
                             "科室": 2, "单位": 2, "部门": 2},
    ColumnKind.LEAD: {"牵头": 4},
    ColumnKind.COOPERATING: {"配合": 4, "协助": 4, "协办": 4},
    ColumnKind.GUIDANCE: {"工作建议": 3, "工作要求": 3, "申报材料": 3, "佐证材料": 3, "资料要求": 3,
                          "材料": 2, "要求": 1, "建议": 1, "佐证": 2},
    ColumnKind.MEASURES: {"工作措施": 4, "措施": 3, "责任分工": 3, "具体分工": 3},
    ColumnKind.DEADLINE: {"完成时限": 3, "时限": 3, "完成时间": 3, "时间": 2},
    ColumnKind.SITE: {"考核场地范围": 3, "场地": 3, "点位": 3},
    # Recognised so that they are not mistaken for a department column; kept as extra fields.
    ColumnKind.EXTRA: {"责任领导": 5, "分管领导": 5, "领导": 3, "备注": 5, "说明": 2, "联系人": 5},
}
_MIN_SCORE = 2
# Header cells are labels: a longer cell is data, however many keywords it happens to contain.
_MAX_HEADER_LENGTH = 20
_NOTE = re.compile(r"[（(][^（()）]*[）)]")

HEADER_ERROR = "未能识别表头：缺少“考核内容”和“责任单位”等列"

ColumnCorrections = Mapping[str, str]  # header text → ColumnKind value, as the coordinator set it
_KINDS = {kind.value: kind for kind in ColumnKind}


def header_label(text: str) -> str:
    """The header text as shown and remembered: without whitespace."""
    return without_whitespace(text)


def kind_scores(header_text: str) -> dict[ColumnKind, int]:
    label = header_label(header_text)
    if not label or len(label) > _MAX_HEADER_LENGTH:
        return {}
    scores = _scores(_NOTE.sub("", label)) or _scores(label)
    # "牵头单位与配合单位" in one column: markers in each cell tell the roles apart.
    if ColumnKind.LEAD in scores and ColumnKind.COOPERATING in scores:
        scores = {ColumnKind.DEPARTMENTS: max(scores.pop(ColumnKind.LEAD), scores.pop(ColumnKind.COOPERATING))}
    return scores


def _scores(label: str) -> dict[ColumnKind, int]:
    scores: dict[ColumnKind, int] = {}
    for kind, keywords in _KEYWORDS.items():
        best = max((weight for keyword, weight in keywords.items() if keyword in label), default=0)
        if best:
            scores[kind] = best
    return scores


def guess_kind(header_text: str) -> ColumnKind | None:
    """The best-scoring kind, or None when no kind scores enough."""
    scores = kind_scores(header_text)
    if not scores:
        return None
    kind, score = max(scores.items(), key=lambda pair: pair[1])
    return kind if score >= _MIN_SCORE else None


def is_header(row: Sequence[Cell]) -> bool:
    """Two recognised labels, one of which says what is assessed or who is responsible."""
    found = {guess_kind(cell.text) for cell in row if not cell.merged} - {None, ColumnKind.EXTRA}
    says_what = found & {ColumnKind.ITEM, ColumnKind.SITE, ColumnKind.INDICATOR}
    says_who = found & {ColumnKind.DEPARTMENTS, ColumnKind.LEAD}
    return len(found) >= 2 and bool(says_what or says_who)


@dataclass(frozen=True, slots=True)
class Column:
    index: int
    header: str  # the header text, e.g. "责任单位/牵头"
    kind: ColumnKind
    detected: ColumnKind  # what the scoring said, before any correction


def header_texts(header_rows: Sequence[Sequence[Cell]]) -> list[str]:
    """One text per column from one or two header rows: a parent spanning "牵头 | 配合" gives
    "责任单位/牵头" and "责任单位/配合"."""
    top = list(header_rows[0])
    texts: list[str] = []
    parent = ""
    for index, cell in enumerate(top):
        own = header_label(cell.text)
        if own:
            parent = own
        elif not cell.merged and index and texts:
            own = parent  # the rest of a horizontally merged parent cell
        child = ""
        if len(header_rows) > 1 and index < len(header_rows[1]):
            below = header_rows[1][index]
            child = "" if below.merged else header_label(below.text)
        texts.append(f"{own}/{child}" if own and child and child != own else (child or own))
    return texts


def sub_header(row: Sequence[Cell], header: Sequence[Cell]) -> bool:
    """The row under a header that completes it: its own cells are short recognised labels standing
    under merged parents (the rest of the row continues the header's vertical merges)."""
    own = [(index, cell) for index, cell in enumerate(row) if not cell.merged and cell.text.strip()]
    if not own or any(guess_kind(cell.text) is None for _, cell in own):
        return False
    # At least one label stands under a parent cell spanning it (empty continuation in the header).
    return any(index < len(header) and not header[index].text.strip() for index, _ in own) or any(
        index + 1 < len(header) and not header[index + 1].text.strip() for index, _ in own
    )


def columns_of(headers: Sequence[str], corrections: ColumnCorrections = {}) -> list[Column]:
    """Each column's kind: the coordinator's correction for its header text, else the scored guess.
    Several columns may share a kind (工作要求 and 佐证材料); their texts are read together."""
    columns = []
    for index, text in enumerate(headers):
        detected = guess_kind(text) or ColumnKind.EXTRA
        kind = _KINDS.get(corrections.get(header_label(text), ""), detected)
        columns.append(Column(index=index, header=header_label(text), kind=kind, detected=detected))
    return columns
