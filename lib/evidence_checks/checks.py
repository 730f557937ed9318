"""Evaluate one activity's evidence against its task's requirements.

Pure Python: the evidence app turns its rows into the summaries below and shows the
messages as they are ("还缺2张照片（要求至少5张，已上传3张）", "第3张照片缺少地点").

A submission is one activity (one 道德讲堂, one festival). So for grouped counts
("10个讲堂，每个讲堂2张") the activity itself must reach the per-group number, while the
total over all groups is reported across the task's activities as a soft progress line:
one activity cannot, and need not, cover every group.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import re

from lib.textrules.requirements import (
    ABOUT_TOLERANCE,
    DOCUMENT,
    OTHER,
    PHOTOS,
    PICTURE_KINDS,
    PLAN,
    RECORD,
    REPORT,
    SCREENSHOTS,
    STATISTICS,
    SUMMARY,
    URL,
    VIDEO,
)

PHOTO_ROLE = "photo"  # role of an ordinary photo; screenshots have the role SCREENSHOTS

# The one set of Chinese names of requirement kinds (and the photo role); evidence.models builds its
# choices from it.
LABELS = {
    PLAN: "方案（计划）",
    SUMMARY: "总结",
    PHOTOS: "照片",
    SCREENSHOTS: "截图",
    VIDEO: "视频",
    REPORT: "说明报告",
    DOCUMENT: "制度、规范文件",
    STATISTICS: "统计表格",
    URL: "网址",
    RECORD: "台账记录",
    OTHER: "其他",
    PHOTO_ROLE: "照片",
}
_DOCUMENT_KINDS = (PLAN, SUMMARY, DOCUMENT, STATISTICS, RECORD, VIDEO)
# How guidance names screenshots among accepted photo sources ("活动照片或视频截图").
_SCREENSHOT_SOURCE = re.compile("截[图屏]")


@dataclass(frozen=True)
class RequirementSpec:
    ref: object  # identifies the requirement to the caller (a primary key); returned as is
    kind: str
    hard: bool = True
    min_count: int | None = None  # total items; for grouped counts group_count × per_group
    max_count: int | None = None  # "不超过10张"
    target_chars: int | None = None  # report length, per group when group_label is set
    tolerance: float | None = None  # 0.2 for "左右"; None for a bare number (at least about)
    caption_fields: tuple[str, ...] = ()  # "时间", "地点", "主题", "主办单位" …
    group_label: str = ""  # "讲堂" for "每个讲堂2张"; "类" for "每类3张"
    group_count: int | None = None  # with no per_group: the kinds the items must span ("不少于6类")
    per_group: int | None = None
    alternatives: tuple[str, ...] = ()  # accepted photo sources ("活动照片", "视频截图")
    forms: tuple[str, ...] = ()  # required forms of a document ("电子文档", "红头页扫描图")


@dataclass(frozen=True)
class PhotoSummary:
    role: str = PHOTO_ROLE  # PHOTO_ROLE or SCREENSHOTS
    captions: Mapping[str, str] = field(default_factory=dict)  # caption field → text
    number: int | None = None  # the number the photo is shown with; None: its place among its role


@dataclass(frozen=True)
class DocumentSummary:
    role: str  # a requirement kind other than PHOTOS, SCREENSHOTS and URL
    char_count: int | None = None  # 字数; None when the file has no countable text (a scan)


@dataclass(frozen=True)
class Evidence:
    photos: Sequence[PhotoSummary] = ()  # in display order: messages number them per role
    documents: Sequence[DocumentSummary] = ()
    report_chars: int = 0  # 字数 of the report text pasted into the form
    url: str = ""
    # Photos per role in the task's other activities, for the totals of grouped counts.
    photos_elsewhere: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class CheckResult:
    requirement: object  # RequirementSpec.ref
    ok: bool
    hard: bool  # a failed hard check keeps the activity from going to review
    message_zh: str


def evaluate(requirements: Sequence[RequirementSpec], evidence: Evidence) -> list[CheckResult]:
    """Every requirement's results, in requirement order (OTHER requirements yield none)."""
    results: list[CheckResult] = []
    for requirement in requirements:
        if requirement.kind in PICTURE_KINDS:
            results += _photo_results(requirement, evidence)
        elif requirement.kind == REPORT:
            results.append(_report_result(requirement, evidence))
        elif requirement.kind in _DOCUMENT_KINDS:
            results.append(_document_result(requirement, evidence))
            if _coverage(requirement):
                have = sum(1 for document in evidence.documents if document.role == requirement.kind)
                results.append(_coverage_result(requirement, have))
        elif requirement.kind == URL:
            ok = bool(evidence.url.strip())
            results.append(_result(requirement, ok, "已填写网址" if ok else "缺少网址"))
    return results


def describe(requirement: RequirementSpec) -> str:
    """The requirement in one line: "照片：至少5张；每张注明时间、地点、主题"."""
    label = LABELS.get(requirement.kind, LABELS[OTHER])
    if requirement.kind == OTHER:
        label += "（人工核对）"
    details = []
    measure = "张" if requirement.kind in PICTURE_KINDS else "份"
    if requirement.group_label and requirement.per_group:
        total = (f"×{requirement.group_count}{_group_unit(requirement)}（共{requirement.min_count}{measure}）"
                 if requirement.group_count else "")
        details.append(f"{_group_phrase(requirement)}{requirement.per_group}{measure}{total}")
    elif requirement.kind != REPORT and (requirement.min_count or requirement.max_count):
        details.append(_count_phrase(requirement.min_count, requirement.max_count, measure))
    if _coverage(requirement):
        details.append(f"涵盖不少于{requirement.group_count}{requirement.group_label}")
    if requirement.kind in PICTURE_KINDS:
        if requirement.alternatives:
            details.append(f"可用{'或'.join(requirement.alternatives)}")
        if requirement.caption_fields:
            details.append(f"每张注明{'、'.join(requirement.caption_fields)}")
    elif requirement.kind == REPORT and requirement.target_chars:
        details.append(_length_phrase(requirement, *_bounds(requirement.target_chars, requirement.tolerance)))
    if requirement.forms:
        details.append("、".join(requirement.forms))
    return f"{label}：{'；'.join(details)}" if details else label


def _count_phrase(low: int | None, high: int | None, measure: str) -> str:
    if low and high:
        return f"{low}–{high}{measure}"
    return f"至少{low}{measure}" if low else f"不超过{high}{measure}"


def _coverage(requirement: RequirementSpec) -> bool:
    """"不少于6类": a number of kinds to span, not a count per group."""
    return bool(requirement.kind != REPORT and requirement.group_label and requirement.group_count
                and not requirement.per_group)


def blocking(results: Sequence[CheckResult]) -> list[CheckResult]:
    """The failed hard checks."""
    return [result for result in results if result.hard and not result.ok]


def _result(requirement: RequirementSpec, ok: bool, message: str, *, hard: bool | None = None) -> CheckResult:
    return CheckResult(requirement.ref, ok, requirement.hard if hard is None else hard, message)


# --- photos -----------------------------------------------------------------------------------

def _accepted_roles(requirement: RequirementSpec) -> tuple[str, ...]:
    if requirement.kind == SCREENSHOTS:
        return (SCREENSHOTS,)
    if any(_SCREENSHOT_SOURCE.search(source) for source in requirement.alternatives):
        return (PHOTO_ROLE, SCREENSHOTS)
    return (PHOTO_ROLE,)


def _group_phrase(requirement: RequirementSpec) -> str:
    return "每类" if requirement.group_label == "类" else f"每个{requirement.group_label}"


def _group_unit(requirement: RequirementSpec) -> str:
    return "类" if requirement.group_label == "类" else f"个{requirement.group_label}"


def _photo_results(requirement: RequirementSpec, evidence: Evidence) -> list[CheckResult]:
    roles = _accepted_roles(requirement)
    by_role = {role: [photo for photo in evidence.photos if photo.role == role] for role in roles}
    have = sum(len(photos) for photos in by_role.values())
    results = [_photo_count_result(requirement, have)]
    if requirement.group_label and requirement.per_group and requirement.group_count:
        elsewhere = sum(evidence.photos_elsewhere.get(role, 0) for role in roles)
        results.append(_group_total_result(requirement, have + elsewhere))
    if _coverage(requirement):
        results.append(_coverage_result(requirement, have))
    if requirement.max_count is not None and have > requirement.max_count:
        results.append(_result(requirement, False, f"{LABELS[requirement.kind]}已上传{have}张，超过上限{requirement.max_count}张，"
                                                   f"请删去{have - requirement.max_count}张"))
    return results + _caption_results(requirement, by_role)


def _photo_count_result(requirement: RequirementSpec, have: int) -> CheckResult:
    noun = LABELS[requirement.kind]
    if requirement.group_label and requirement.per_group:
        need = requirement.per_group
        head = f"{_group_phrase(requirement)}{need}张：本活动已上传{have}张"
        return _result(requirement, have >= need, head if have >= need else f"{head}，还缺{need - have}张")
    if requirement.min_count is None:
        ok = have > 0
        return _result(requirement, ok, f"已上传{noun}{have}张" if ok else f"缺少{noun}")
    need = requirement.min_count
    if have >= need:
        return _result(requirement, True, f"{noun}{have}张，符合要求（至少{need}张）")
    return _result(requirement, False, f"还缺{need - have}张{noun}（要求至少{need}张，已上传{have}张）")


def _coverage_result(requirement: RequirementSpec, have: int) -> CheckResult:
    """Soft: whether the items span the kinds is for the reviewer; fewer items than kinds cannot."""
    need = requirement.group_count
    head = f"须涵盖不少于{need}{requirement.group_label}"
    if have >= need:
        return _result(requirement, True, f"{head}（审核时核对类别）", hard=False)
    return _result(requirement, False, f"{head}，现只有{have}份，至少还需{need - have}份", hard=False)


def _group_total_result(requirement: RequirementSpec, total: int) -> CheckResult:
    """Progress over all the task's activities; soft, because each activity is one group."""
    need = requirement.per_group * requirement.group_count
    head = (f"{_group_phrase(requirement)}{requirement.per_group}张×{requirement.group_count}{_group_unit(requirement)}"
            f"：已上传{total}张")
    if total >= need:
        return _result(requirement, True, head, hard=False)
    return _result(requirement, False, f"{head}，还缺{need - total}张", hard=False)


def _caption_results(requirement: RequirementSpec, by_role: Mapping[str, Sequence[PhotoSummary]]) -> list[CheckResult]:
    """One failure per distinct set of missing fields: "第1、4张照片缺少地点"."""
    fields = requirement.caption_fields
    if not fields or not any(by_role.values()):
        return []
    numbers_by_gap: dict[tuple[str, tuple[str, ...]], list[int]] = {}
    for role, photos in by_role.items():
        for place, photo in enumerate(photos, start=1):
            missing = tuple(f for f in fields if not (photo.captions.get(f) or "").strip())
            if missing:
                numbers_by_gap.setdefault((role, missing), []).append(photo.number or place)
    if not numbers_by_gap:
        return [_result(requirement, True, f"{LABELS[requirement.kind]}均已注明{'、'.join(fields)}")]
    return [
        _result(requirement, False, f"第{'、'.join(map(str, numbers))}张{LABELS[role]}缺少{'、'.join(missing)}")
        for (role, missing), numbers in numbers_by_gap.items()
    ]


# --- documents and the report ---------------------------------------------------------------

def _document_result(requirement: RequirementSpec, evidence: Evidence) -> CheckResult:
    label = LABELS[requirement.kind]
    count = sum(1 for document in evidence.documents if document.role == requirement.kind)
    need = requirement.per_group or requirement.min_count or 1
    if count >= need:
        return _result(requirement, True, f"已上传{label}" + (f"{count}份" if count > 1 else ""))
    if count:
        return _result(requirement, False, f"还缺{need - count}份{label}（要求至少{need}份，已上传{count}份）")
    forms = f"（{'、'.join(requirement.forms)}）" if requirement.forms else ""
    return _result(requirement, False, f"缺少{label}{forms}")


def _report_result(requirement: RequirementSpec, evidence: Evidence) -> CheckResult:
    reports = [document for document in evidence.documents if document.role == REPORT]
    lengths = [document.char_count for document in reports if document.char_count is not None]
    if evidence.report_chars:
        lengths.append(evidence.report_chars)
    target = requirement.target_chars
    if target is None:
        ok = bool(lengths or reports)
        return _result(requirement, ok, "已提供说明报告" if ok else "缺少说明报告")
    low, high = _bounds(target, requirement.tolerance)
    wanted = _length_phrase(requirement, low, high)
    if not lengths:
        if reports:  # only scans: the length cannot be counted, so a person has to judge it
            return _result(requirement, False, f"说明报告为扫描件，无法统计字数，请人工核对是否{wanted}", hard=False)
        return _result(requirement, False, f"缺少说明报告（要求{wanted}）")
    best = min(lengths, key=lambda length: _distance(length, low, high))
    if _distance(best, low, high) == 0:
        return _result(requirement, True, f"说明报告{best}字，符合要求（{wanted}）")
    return _result(requirement, False, f"说明报告{best}字，要求{wanted}")


def _bounds(target: int, tolerance: float | None) -> tuple[int, int | None]:
    """"500字左右" is 400–600; a bare "500字" means at least about 500, i.e. 400 or more."""
    if tolerance is None:
        return round(target * (1 - ABOUT_TOLERANCE)), None
    return round(target * (1 - tolerance)), round(target * (1 + tolerance))


def _length_phrase(requirement: RequirementSpec, low: int, high: int | None) -> str:
    target = requirement.target_chars
    per = _group_phrase(requirement) if requirement.group_label else ""
    if high is None:
        return f"{per}约{target}字（不少于{low}字）"
    if low == high:
        return f"{per}{target}字"
    return f"{per}{target}字左右（{low}–{high}字）"


def _distance(length: int, low: int, high: int | None) -> int:
    if length < low:
        return low - length
    if high is not None and length > high:
        return length - high
    return 0
