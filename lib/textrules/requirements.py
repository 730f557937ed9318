"""Evidence requirements (佐证材料要求) stated in 工作建议 / 工作要求 guidance.

parse_requirements() splits the guidance into numbered clauses (①, 1、, 2）…) and sentences, finds
the evidence phrases of each sentence and merges the phrases of one kind within a sentence into one
Requirement, e.g. "情况说明（说明报告500字）" is a single report of 500 characters and
"实景图片，不少于2张作品的图片" a single photo requirement of at least 2.

Numbers:
* min_count is the total number of items required; for grouped counts ("每个讲堂2张图片" with
  "10个道德讲堂") it is group_count × per_group, and None when the number of groups is not stated
  ("每个单位…实景图片3张").
* a report's target_chars is per group when group_label is set ("每个单位300字左右").
* tolerance is 0.2 for "左右" (about), None for a bare number (read as "at least about").
"""

import re
from dataclasses import dataclass, replace

from ._numerals import ARABIC, INTEGER, to_int
from ._segment import split_clauses, split_sentences

PLAN = "plan"
SUMMARY = "summary"
PHOTOS = "photos"
REPORT = "report"
DOCUMENT = "document"
STATISTICS = "statistics"
URL = "url"
VIDEO_SCREENSHOT = "video_screenshot"
KINDS = (PLAN, SUMMARY, PHOTOS, REPORT, DOCUMENT, STATISTICS, URL, VIDEO_SCREENSHOT)
HARD_KINDS = frozenset({PLAN, SUMMARY, PHOTOS, REPORT, DOCUMENT, STATISTICS, URL})
ABOUT_TOLERANCE = 0.2  # "500字左右"


@dataclass(frozen=True)
class Requirement:
    kind: str
    source: str  # exact substring of the guidance the requirement was read from
    min_count: int | None = None
    target_chars: int | None = None
    tolerance: float | None = None
    caption_fields: tuple[str, ...] = ()  # what each photo caption must state, normalised
    group_label: str | None = None  # "讲堂" for "每个讲堂2张图片"; "类" for "每类"
    group_count: int | None = None
    per_group: int | None = None
    hard: bool = True
    alternatives: tuple[str, ...] = ()  # accepted sources, any of ("活动照片", "样报图片", "视频截图")
    forms: tuple[str, ...] = ()  # required forms of a document ("电子文档", "红头页扫描图")
    clause: str | None = None  # numbered sub-item label ("①", "2、") the requirement belongs to


@dataclass(frozen=True)
class RequirementSet:
    requirements: list[Requirement]
    unparsed_sentences: list[str]  # sentences that mention evidence but yielded no requirement


@dataclass(frozen=True)
class _Mention:
    kind: str
    start: int
    end: int
    count: int | None = None
    about: bool = False
    alternatives: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Group:
    label: str
    count: int | None
    start: int
    end: int


_PHOTO_NOUN = "(?:(?:活动|实景|现场|样报)?(?:照片|图片)|视频截图)"
# "活动照片或样报图片或视频截图": one requirement that accepts any of these sources.
_PHOTO_CHAIN = f"{_PHOTO_NOUN}(?:或{_PHOTO_NOUN})*"
# "至少5张照片", "3张样报图片或…", "不少于2张作品的图片" (a few words may sit between 张 and the noun).
_PHOTOS_COUNT_FIRST = re.compile(
    f"(?:至少|不少于|不低于)?(?P<n>{INTEGER})张[^\\s，。；、,;（）()]{{0,6}}?(?P<chain>{_PHOTO_CHAIN})"
)
# "实景图片3张", "现场照片10张", "现场照片不少于5张".
_PHOTOS_COUNT_AFTER = re.compile(f"(?P<chain>{_PHOTO_CHAIN})(?:至少|不少于|不低于)?(?P<n>{INTEGER})张")
# A photo noun without a number; "每张图片注明…" is a caption rule, not another photo requirement.
_PHOTOS_BARE = re.compile(f"(?<!每张)(?P<chain>{_PHOTO_CHAIN})")

_REPORT_NOUN = "(?:情况)?说明报告"
# "说明报告500字", "说明报告500左右", "说明报告600字左右".
_REPORT_THEN_LENGTH = re.compile(f"{_REPORT_NOUN}(?P<n>{ARABIC})字?(?P<about>左右)?")
# "500字的说明报告".
_LENGTH_THEN_REPORT = re.compile(f"(?P<n>{ARABIC})字(?P<about>左右)?的?{_REPORT_NOUN}")
_REPORT_BARE = re.compile(f"{_REPORT_NOUN}|情况说明")
# A length on its own ("每个单位300字左右") belongs to the report of the same sentence.
_LENGTH_ONLY = re.compile(f"(?P<n>{ARABIC})字(?P<about>左右)?")

# "有方案（计划）", "活动方案", "实施方案", "有计划".
_PLAN = re.compile(r"有?(?:活动|实施)?方案(?:[（(]计划[）)])?|有计划")
_SUMMARY = re.compile("总结")
# Only "有制度" asks for a 制度 as evidence; "学法用法制度的意见" merely names one.
_DOCUMENT = re.compile(
    "规范性?文件|有制度|(?P<form>电子文档)|(?P<pages>(?:红头页|盖章页)(?:、(?:红头页|盖章页))*)(?P<scan>扫描[图件])?"
)
_STATISTICS = re.compile("统计表格?")
_URL = re.compile("网址")

# Tried in this order when two phrases start at the same place.
_RULES = (
    (PHOTOS, _PHOTOS_COUNT_FIRST),
    (PHOTOS, _PHOTOS_COUNT_AFTER),
    (PHOTOS, _PHOTOS_BARE),
    (REPORT, _REPORT_THEN_LENGTH),
    (REPORT, _LENGTH_THEN_REPORT),
    (REPORT, _REPORT_BARE),
    (REPORT, _LENGTH_ONLY),
    (PLAN, _PLAN),
    (SUMMARY, _SUMMARY),
    (DOCUMENT, _DOCUMENT),
    (STATISTICS, _STATISTICS),
    (URL, _URL),
)

# "每个讲堂…", "每种方式提供…", "每类…": counts up to the next clause punctuation are per group.
_GROUP_SCOPE = re.compile(
    f"每(?:(?P<measure>[个种])(?P<label>[\u4e00-\u9fff]{{1,4}}?)"
    f"(?=需要|需|要|提供|[0-9０-９]|[，、,（(]|{_PHOTO_NOUN})|类)"
)
_SCOPE_END = re.compile(r"[，。；;,（）()]")
# "网上访谈、基层宣讲、展览展示、演讲征文": the listed groups when their number is not written out.
_ENUMERATION = re.compile("[\u4e00-\u9fff]{1,8}(?:、[\u4e00-\u9fff]{1,8})+")

# "每张注明时间、地点、主题", "每张图片需注明…".
_CAPTION = re.compile(r"每张(?:图片|照片)?需?注明(?P<fields>[^，。；;,）)]+)")
_CAPTION_SEPARATOR = re.compile("[、和及]")
_CAPTION_ALIASES = {"活动时间": "时间", "活动地点": "地点", "学习主题": "主题", "活动主题": "主题"}

# Words that show a sentence is about evidence; such a sentence yielding nothing is reported as unparsed.
# "资料员" is a person, not material.
_EVIDENCE_WORD = re.compile(
    "方案|计划|总结|照片|图片|截图|报告|说明|文件|文档|扫描|表格|网址|记录|台账|资料(?!员)"
)


def parse_requirements(guidance: str) -> RequirementSet:
    requirements: list[Requirement] = []
    unparsed: list[str] = []
    for clause in split_clauses(guidance):
        for span in split_sentences(guidance, clause.body, clause.end):
            sentence = guidance[span.start : span.end]
            found = _sentence_requirements(sentence, clause.label)
            requirements += found
            if not found and _EVIDENCE_WORD.search(sentence):
                unparsed.append(sentence)
    return RequirementSet(requirements, unparsed)


def _sentence_requirements(sentence: str, clause: str | None) -> list[Requirement]:
    by_kind: dict[str, list[_Mention]] = {}
    for mention in _mentions(sentence):
        by_kind.setdefault(mention.kind, []).append(mention)
    groups = _groups(sentence)
    requirements = [_merge(kind, mentions, sentence, groups, clause) for kind, mentions in by_kind.items()]
    return _with_caption(requirements, _caption_fields(sentence))


def _mentions(sentence: str) -> list[_Mention]:
    """Non-overlapping evidence phrases, leftmost first; _RULES order breaks ties."""
    candidates = sorted(
        (
            (match.start(), priority, kind, match)
            for priority, (kind, regex) in enumerate(_RULES)
            for match in regex.finditer(sentence)
        ),
        key=lambda candidate: candidate[:2],
    )
    mentions, taken_until = [], 0
    for start, _, kind, match in candidates:
        if start >= taken_until:
            mentions.append(_to_mention(kind, match))
            taken_until = match.end()
    return mentions


def _to_mention(kind: str, match: re.Match) -> _Mention:
    groups = match.groupdict()
    nouns = tuple(groups["chain"].split("或")) if groups.get("chain") else ()
    if nouns == ("视频截图",):
        kind = VIDEO_SCREENSHOT
    return _Mention(
        kind=kind,
        start=match.start(),
        end=match.end(),
        count=to_int(groups["n"]) if groups.get("n") else None,
        about=bool(groups.get("about")),
        alternatives=nouns if len(nouns) > 1 else (),
        forms=_document_forms(groups),
    )


def _document_forms(groups: dict[str, str | None]) -> tuple[str, ...]:
    """Required forms of a document: 红头页、盖章页扫描图 → (红头页扫描图, 盖章页扫描图)."""
    if groups.get("form"):
        return (groups["form"],)
    if groups.get("pages"):
        return tuple(page + (groups["scan"] or "") for page in groups["pages"].split("、"))
    return ()


def _groups(sentence: str) -> list[_Group]:
    groups = []
    for match in _GROUP_SCOPE.finditer(sentence):
        label = match["label"] or "类"
        scope_end = _SCOPE_END.search(sentence, match.end())
        end = scope_end.start() if scope_end else len(sentence)
        count = _group_count(sentence[: match.start()], sentence[end:], match["measure"], label)
        groups.append(_Group(label, count, match.start(), end))
    return groups


def _group_count(before: str, after: str, measure: str | None, label: str) -> int | None:
    """How many groups: "至少3个传统节日" / "10个道德讲堂" before the scope, or written after it
    ("每个节日10张图片，至少3个传统节日"), else the nearest list before it."""
    if measure is None:
        explicit = re.compile(f"({INTEGER})类")
    else:
        explicit = re.compile(f"({INTEGER})[个种][^，。；、,;（）()]{{0,8}}?{re.escape(label)}")
    numbers = explicit.findall(before)
    if numbers:
        return to_int(numbers[-1])
    numbers = explicit.findall(after)
    if numbers:
        return to_int(numbers[0])
    lists = _ENUMERATION.findall(before)
    return lists[-1].count("、") + 1 if lists else None


def _merge(
    kind: str, mentions: list[_Mention], sentence: str, groups: list[_Group], clause: str | None
) -> Requirement:
    """One requirement from a sentence's mentions of one kind; the first mention with a number supplies it."""
    requirement = Requirement(
        kind=kind,
        source=sentence[mentions[0].start : mentions[-1].end],
        hard=kind in HARD_KINDS,
        alternatives=next((m.alternatives for m in mentions if m.alternatives), ()),
        forms=tuple(dict.fromkeys(form for m in mentions for form in m.forms)),
        clause=clause,
    )
    counted = next((m for m in mentions if m.count is not None), None)
    if counted is None:
        return requirement
    group = next((g for g in groups if g.start <= counted.start < g.end), None)
    if group is not None:
        requirement = replace(requirement, group_label=group.label, group_count=group.count)
    if kind == REPORT:
        tolerance = ABOUT_TOLERANCE if counted.about else None
        return replace(requirement, target_chars=counted.count, tolerance=tolerance)
    if group is None:
        return replace(requirement, min_count=counted.count)
    total = group.count * counted.count if group.count is not None else None
    return replace(requirement, per_group=counted.count, min_count=total)


def _caption_fields(sentence: str) -> tuple[str, ...]:
    match = _CAPTION.search(sentence)
    if match is None:
        return ()
    fields = (field.strip() for field in _CAPTION_SEPARATOR.split(match["fields"]))
    return tuple(_CAPTION_ALIASES.get(field, field) for field in fields if field)


def _with_caption(requirements: list[Requirement], fields: tuple[str, ...]) -> list[Requirement]:
    """Attach caption fields to the sentence's photo requirement (or its screenshot one)."""
    if not fields:
        return requirements
    for kind in (PHOTOS, VIDEO_SCREENSHOT):
        for i, requirement in enumerate(requirements):
            if requirement.kind == kind:
                return (
                    requirements[:i] + [replace(requirement, caption_fields=fields)] + requirements[i + 1 :]
                )
    return requirements
