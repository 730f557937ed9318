"""Evidence requirements (佐证材料要求) stated in 工作建议 / 工作要求 guidance.

parse_requirements() splits the guidance into numbered clauses (①, 1、, 2）…) and sentences, finds
the evidence phrases of each sentence (the vocabulary of the national 测评体系: 样报图片, 网络截图,
电视截屏, 视频, 数据表格, 正式发文, 台账, 会议纪要, 签到表, 花名册, 案例 …) and merges the phrases of
one kind within a sentence into one Requirement, e.g. "情况说明（说明报告500字）" is a single report
of 500 characters and "实景图片，不少于2张作品的图片" a single photo requirement of at least 2.

Numbers:
* min_count is the total number of items required; for grouped counts ("每个讲堂2张图片" with
  "10个道德讲堂") it is group_count × per_group, and None when the number of groups is not stated
  ("每个单位…实景图片3张"). A range ("5-10张", "3至5张") sets min_count and max_count; a limit
  ("10张以内", "不超过10张") only max_count.
* a coverage minimum ("（不少于6类）") is group_count with group_label "类" and no per_group: the
  items must span that many kinds.
* a report's target_chars is per group when group_label is set ("每个单位300字左右").
* tolerance is 0.2 for "左右" (about), None for a bare number (read as "at least about").

No silent misses: a sentence naming evidence that yields no requirement, or naming a concrete
evidence noun (照片, 台账, 截图 …) that no requirement covers, is returned as unparsed.
"""

import re
from dataclasses import dataclass, replace

from ._numerals import ARABIC, INTEGER, to_int
from ._segment import split_clauses, split_sentences

PLAN = "plan"
SUMMARY = "summary"
PHOTOS = "photos"
SCREENSHOTS = "screenshots"
VIDEO = "video"
REPORT = "report"
DOCUMENT = "document"
STATISTICS = "statistics"
URL = "url"
RECORD = "record"  # 台账, 会议记录/纪要, 签到表, 讲义, 花名册, 案例
OTHER = "other"  # a coordinator's free-form requirement, checked by a person
KINDS = (PLAN, SUMMARY, PHOTOS, SCREENSHOTS, VIDEO, REPORT, DOCUMENT, STATISTICS, URL, RECORD, OTHER)
PICTURE_KINDS = frozenset({PHOTOS, SCREENSHOTS})  # counted in 张 and captioned
# A video cannot be uploaded (files are sniffed as images or documents), so only a person can check it.
HARD_KINDS = frozenset(KINDS) - {VIDEO, OTHER}
ABOUT_TOLERANCE = 0.2  # "500字左右"


@dataclass(frozen=True)
class Requirement:
    kind: str
    source: str  # exact substring of the guidance the requirement was read from
    min_count: int | None = None
    target_chars: int | None = None
    tolerance: float | None = None
    caption_fields: tuple[str, ...] = ()  # what each photo caption must state, normalised
    group_label: str | None = None  # "讲堂" for "每个讲堂2张图片"; "类" for "每类" or "不少于6类"
    group_count: int | None = None
    per_group: int | None = None
    hard: bool = True
    alternatives: tuple[str, ...] = ()  # accepted sources, any of ("活动照片", "样报图片", "视频截图")
    forms: tuple[str, ...] = ()  # required forms of a document ("电子文档", "红头页扫描图")
    clause: str | None = None  # numbered sub-item label ("①", "2、") the requirement belongs to
    max_count: int | None = None  # "不超过10张", "5-10张"


@dataclass(frozen=True)
class RequirementSet:
    requirements: list[Requirement]
    unparsed_sentences: list[str]  # sentences naming evidence the requirements do not account for


@dataclass(frozen=True)
class _Mention:
    kind: str
    start: int
    end: int
    count: int | None = None
    high: int | None = None  # upper end of a range, or a limit
    about: bool = False
    alternatives: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    bare_count: bool = False  # a picture count without its noun ("每类2张")


@dataclass(frozen=True)
class _Group:
    label: str
    count: int | None
    start: int
    end: int


_NO_PUNCTUATION = r"[^\s，。；、,;（）()\n]"
_SCREENSHOT_NOUN = "(?:视频|网络|网页|电视|手机|微信)?截(?:图|屏)"
_PICTURE_NOUN = f"(?:(?:活动|实景|现场|样报|工作|宣传)?(?:照片|图片|相片)|{_SCREENSHOT_NOUN})"
# "活动照片或样报图片或视频截图": one requirement that accepts any of these sources.
_PICTURE_CHAIN = f"{_PICTURE_NOUN}(?:[或/]{_PICTURE_NOUN})*"
_AT_LEAST = "(?:至少|不少于|不低于|最少)"
_AT_MOST = "(?:不超过|不多于|最多|至多)"
# "5张", "5-10张", "3至5张", "10张以内".
_RANGE = f"(?P<n>{INTEGER})(?:\\s*[-－—–~～至到]\\s*(?P<m>{INTEGER}))?"
_LIMIT_AFTER = "(?P<within>以内|以下)?"


def _counted(measure: str) -> str:
    return f"(?P<most>{_AT_MOST})?{_AT_LEAST}?{_RANGE}\\s*{measure}{_LIMIT_AFTER}"


_PICTURE_MEASURE = "[张幅]"
# "至少5张照片", "3张样报图片或…", "5张反映志愿服务开展情况的现场图片" (words may sit between 张 and the noun).
_PICTURES_COUNT_FIRST = re.compile(
    f"{_counted(_PICTURE_MEASURE)}[^，。；;,（）()\\n]{{0,20}}?(?P<chain>{_PICTURE_CHAIN})"
)
# "实景图片3张", "现场照片不少于5张", "照片（不超过10张）", "照片3-5张".
_PICTURES_COUNT_AFTER = re.compile(f"(?P<chain>{_PICTURE_CHAIN})[（(，,]?{_counted(_PICTURE_MEASURE)}")
# A picture noun without a number; "每张图片注明…" is a caption rule, not another picture requirement.
_PICTURES_BARE = re.compile(f"(?<!每张)(?P<chain>{_PICTURE_CHAIN})")
# A count on its own ("每类不少于2张") belongs to the pictures of the same sentence.
_PICTURES_COUNT_ONLY = re.compile(_counted(_PICTURE_MEASURE))

_REPORT_NOUN = "(?:情况)?说明报告"
# "说明报告500字", "说明报告500左右", "说明报告600字左右".
_REPORT_THEN_LENGTH = re.compile(f"{_REPORT_NOUN}(?P<n>{ARABIC})字?(?P<about>左右)?")
# "500字的说明报告".
_LENGTH_THEN_REPORT = re.compile(f"(?P<n>{ARABIC})字(?P<about>左右)?的?{_REPORT_NOUN}")
_REPORT_BARE = re.compile(f"{_REPORT_NOUN}|情况说明|(?:情况|工作|自查|调研|专题|书面)报告")
# A length on its own ("每个单位300字左右") belongs to the report of the same sentence; a limit
# ("800字以内") is no target length.
_LENGTH_ONLY = re.compile(f"(?P<n>{ARABIC})字(?P<about>左右)?(?!以内|以下)")

# Nouns of the other kinds; a count in 份/个/篇/本/期/套/段 may stand before or after them.
_ITEM_MEASURE = "[份个篇本期套段部]"
_NOUNS = (
    # "有方案（计划）", "活动方案", "实施方案", "有计划", "工作计划".
    (PLAN, r"有?(?:活动|实施|工作)?方案(?:[（(]计划[）)])?|有计划|(?:工作|活动|年度)计划"),
    (SUMMARY, "(?:工作|活动|年度)?总结"),
    (VIDEO, "视频(?!截|会议|监控)(?:资料)?|影像资料"),
    # Only "有制度" asks for a 制度 as evidence; "学法用法制度的意见" merely names one.
    (
        DOCUMENT,
        "规范性?文件|正式发文|(?:相关|有关|红头|政策|工作|小组)文件|有制度|(?P<form>电子文档)"
        "|(?P<pages>(?:红头页|盖章页)(?:、(?:红头页|盖章页))*)(?P<scan>扫描[图件])?",
    ),
    (STATISTICS, "(?:统计|数据)(?:报表|表格?)|汇总表|一览表"),
    (URL, "网址|(?:网页)?链接"),
    (
        RECORD,
        "(?:工作|活动)?台账|(?:会议|工作|活动|巡查|检查|学习|培训|值班|服务|整改|督查|讲课)(?:记录|纪要)|(?:听课|学习)笔记|纪要|签到(?:表|册|簿)|讲义|课件"
        "|(?:花)?名册|登记表|(?:典型)?案例",
    ),
)


def _noun_rules(kind: str, noun: str) -> tuple[tuple[str, re.Pattern], ...]:
    return (
        (kind, re.compile(f"{_counted(_ITEM_MEASURE)}(?:{noun})")),
        (kind, re.compile(f"(?:{noun})[（(]?{_counted(_ITEM_MEASURE)}")),
        (kind, re.compile(noun)),
    )


# Tried in this order when two phrases start at the same place.
_RULES = (
    (PHOTOS, _PICTURES_COUNT_FIRST),
    (PHOTOS, _PICTURES_COUNT_AFTER),
    (PHOTOS, _PICTURES_BARE),
    (PHOTOS, _PICTURES_COUNT_ONLY),
    (REPORT, _REPORT_THEN_LENGTH),
    (REPORT, _LENGTH_THEN_REPORT),
    (REPORT, _REPORT_BARE),
    (REPORT, _LENGTH_ONLY),
    *(rule for kind, noun in _NOUNS for rule in _noun_rules(kind, noun)),
)

# "每个讲堂…", "每种方式提供…", "每类…": counts up to the next clause punctuation are per group.
_GROUP_SCOPE = re.compile(
    f"每(?:(?P<measure>[个种])(?P<label>[\u4e00-\u9fff]{{1,4}}?)"
    f"(?=需要|需|要|提供|[0-9０-９]|[，、,（(]|{_PICTURE_NOUN})|类)"
)
_SCOPE_END = re.compile(r"[，。；;,（）()]")
# "网上访谈、基层宣讲、展览展示、演讲征文": the listed groups when their number is not written out.
_ENUMERATION = re.compile("[\u4e00-\u9fff]{1,8}(?:、[\u4e00-\u9fff]{1,8})+")
# "（不少于6类）", "涵盖至少3种": the evidence must span that many kinds.
_COVERAGE = re.compile(f"(?:{_AT_LEAST}|涵盖|覆盖)(?P<n>{INTEGER})(?P<label>类|种|项|个方面)(?![\u4e00-\u9fff])")

# "每张注明时间、地点、主题", "图片需标注拍摄时间和地点", "每张照片配文字说明".
_CAPTION = re.compile(r"(?:每张(?:图片|照片|截图)?)?[需须要应]?(?:注明|标注|标明|写明)(?P<fields>[^，。；;,）)]+)")
_CAPTION_NOTE = re.compile("(?:每张(?:图片|照片|截图)?)?[需须要应]?[配附](?:以|有)?(?:简要)?文字说明")
_CAPTION_SEPARATOR = re.compile("[、和及与]")
_CAPTION_ALIASES = {
    "活动时间": "时间", "拍摄时间": "时间", "活动地点": "地点", "拍摄地点": "地点", "学习主题": "主题", "活动主题": "主题",
}
_CAPTION_NOTE_FIELD = "文字说明"

# Sentences with these words are about evidence: when nothing is parsed from one it is unparsed.
# "资料员" is a person, not material.
_EVIDENCE_WORD = re.compile(
    "方案|计划|总结|照片|图片|相片|截图|截屏|视频|报告|说明|文件|发文|文档|扫描|表格|报表|网址|链接|记录"
    "|纪要|台账|签到|讲义|名册|案例|资料(?!员)"
)
# Concrete evidence nouns: one that no requirement covers makes the sentence unparsed even when
# something else in it was parsed ("提供方案和活动影像" must not silently lose the 影像).
_EVIDENCE_NOUN = re.compile(
    "方案|总结|照片|图片|相片|截图|截屏|视频(?!会议|监控)|台账|记录|纪要|签到|讲义|名册|案例|网址|影像|发文|文件"
)


def parse_requirements(guidance: str) -> RequirementSet:
    requirements: list[Requirement] = []
    unparsed: list[str] = []
    for clause in split_clauses(guidance):
        for span in split_sentences(guidance, clause.body, clause.end):
            sentence = guidance[span.start : span.end]
            found, covered = _sentence_requirements(sentence, clause.label)
            requirements += found
            if (not found and _EVIDENCE_WORD.search(sentence)) or _uncovered_noun(sentence, covered):
                unparsed.append(sentence)
    return RequirementSet(requirements, unparsed)


def _uncovered_noun(sentence: str, covered: list[tuple[int, int]]) -> bool:
    return any(
        not any(start <= noun.start() and noun.end() <= end for start, end in covered)
        for noun in _EVIDENCE_NOUN.finditer(sentence)
    )


def _sentence_requirements(sentence: str, clause: str | None) -> tuple[list[Requirement], list[tuple[int, int]]]:
    """The sentence's requirements and the spans of it they were read from."""
    by_kind: dict[str, list[_Mention]] = {}
    mentions = _mentions(sentence)
    # A bare picture count counts the sentence's screenshots when it names no photos.
    named = {mention.kind for mention in mentions if not mention.bare_count}
    picture_kind = SCREENSHOTS if SCREENSHOTS in named and PHOTOS not in named else PHOTOS
    for mention in mentions:
        kind = picture_kind if mention.bare_count else mention.kind
        by_kind.setdefault(kind, []).append(mention)
    groups = _groups(sentence)
    merged = {kind: _merge(kind, mentions, sentence, groups, clause) for kind, mentions in by_kind.items()}
    _with_coverage(merged, by_kind, sentence)
    fields, caption_spans = _caption_fields(sentence)
    covered = [(m.start, m.end) for mentions in by_kind.values() for m in mentions] + caption_spans
    return _with_caption(list(merged.values()), fields), covered


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
    nouns = tuple(re.split("[或/]", groups["chain"])) if groups.get("chain") else ()
    if nouns and all(re.fullmatch(_SCREENSHOT_NOUN, noun) for noun in nouns):
        kind = SCREENSHOTS
    low = to_int(groups["n"]) if groups.get("n") else None
    high = to_int(groups["m"]) if groups.get("m") else None
    if low is not None and high is not None and high < low:
        low, high = high, low
    if groups.get("most") or groups.get("within"):  # "不超过10张", "10张以内": a maximum only
        low, high = None, low
    return _Mention(
        kind=kind,
        start=match.start(),
        end=match.end(),
        count=low,
        high=high,
        about=bool(groups.get("about")),
        alternatives=nouns if len(nouns) > 1 else (),
        forms=_document_forms(groups),
        bare_count=kind in PICTURE_KINDS and "chain" not in groups,
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
        max_count=next((m.high for m in mentions if m.high is not None), None),
    )
    counted = next((m for m in mentions if m.count is not None), None)
    if counted is None:
        return requirement
    group = next((g for g in groups if g.start <= counted.start < g.end), None)
    if group is not None:
        requirement = replace(requirement, group_label=group.label, group_count=group.count)
    if kind == REPORT:
        tolerance = ABOUT_TOLERANCE if counted.about else None
        return replace(requirement, target_chars=counted.count, tolerance=tolerance, max_count=None)
    if group is None:
        return replace(requirement, min_count=counted.count)
    total = group.count * counted.count if group.count is not None else None
    return replace(requirement, per_group=counted.count, min_count=total, max_count=None)


def _with_coverage(merged: dict[str, Requirement], by_kind: dict[str, list[_Mention]], sentence: str) -> None:
    """"宣传图片（不少于6类）": the requirement named nearest before the minimum (else the first one
    after it) must span that many kinds; requirements already counted per group keep their groups."""
    for coverage in _COVERAGE.finditer(sentence):
        before = [(m.start, kind) for kind, mentions in by_kind.items() for m in mentions if m.start < coverage.start()]
        after = [(m.start, kind) for kind, mentions in by_kind.items() for m in mentions if m.start > coverage.start()]
        if before:
            kind = max(before)[1]
        elif after:
            kind = min(after)[1]
        else:
            continue
        requirement = merged[kind]
        if requirement.group_label is None:
            label = coverage["label"].removeprefix("个")
            merged[kind] = replace(requirement, group_label=label, group_count=to_int(coverage["n"]))


def _caption_fields(sentence: str) -> tuple[tuple[str, ...], list[tuple[int, int]]]:
    """What each picture's caption must state, and where the sentence says so."""
    fields: list[str] = []
    spans = []
    match = _CAPTION.search(sentence)
    if match is not None:
        spans.append(match.span())
        for field in _CAPTION_SEPARATOR.split(match["fields"]):
            field = field.strip().removesuffix("等")
            if field:
                fields.append(_CAPTION_ALIASES.get(field, field))
    note = _CAPTION_NOTE.search(sentence)
    if note is not None:
        spans.append(note.span())
        fields.append(_CAPTION_NOTE_FIELD)
    return tuple(dict.fromkeys(fields)), spans


def _with_caption(requirements: list[Requirement], fields: tuple[str, ...]) -> list[Requirement]:
    """Attach caption fields to the sentence's photo requirement (or its screenshot one)."""
    if not fields:
        return requirements
    for kind in (PHOTOS, SCREENSHOTS):
        for i, requirement in enumerate(requirements):
            if requirement.kind == kind:
                return (
                    requirements[:i] + [replace(requirement, caption_fields=fields)] + requirements[i + 1 :]
                )
    return requirements
