"""Quantitative standards in assessment criteria and 工作要求 ("知晓率为100%", "面积不小于2.4㎡").

Metrics keep their subject so that two standards in one sentence stay distinguishable:
"对创建工作相关知识内容知晓率为100%" → "创建工作相关知识知晓率"; "面积" takes the object
named just before it ("院内有创文宣传栏，面积不小于2.4㎡" → "创文宣传栏面积").
Dimensions are multiplied out: "面积不小于0.6m*0.8m" → >= 0.48 ㎡.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from ._numerals import DECIMAL, INTEGER, to_decimal, to_int

_AT_LEAST = ("不小于", "不少于", "不低于", "大于等于", "≥", ">=", "达到", "达", "以上", "及以上")
_AT_MOST = ("不大于", "不超过", "不高于", "小于等于", "≤", "<=", "以下", "以内")
_COMPARATOR = "不小于|不少于|不低于|大于等于|≥|>=|不大于|不超过|不高于|小于等于|≤|<="
_CJK_RUN = "[\u4e00-\u9fff]"

# "知晓率为100%", "普及率≥80%", "达到90%以上".
_RATE = re.compile(
    f"(?P<metric>{_CJK_RUN}{{1,2}}率)\\s*(?P<op>为|达到|达|{_COMPARATOR})\\s*"
    f"(?P<n>{DECIMAL})\\s*[%％](?P<suffix>及?以上|以下|以内)?"
)
# "占单位人数的60%以上", "不少于围墙面积的60%": a share of a whole.
_SHARE = re.compile(
    f"(?P<op>占|{_COMPARATOR})(?P<whole>{_CJK_RUN}{{1,10}}?)的?(?P<n>{DECIMAL})\\s*[%％](?P<suffix>及?以上|以下|以内)?"
)
_LENGTH_UNIT = "(?:m|米|cm|厘米)"
# "面积不小于0.6m*0.8m": width × height.
_AREA_DIMENSIONS = re.compile(
    f"面积\\s*(?P<op>{_COMPARATOR})\\s*(?P<a>{DECIMAL})\\s*(?P<ua>{_LENGTH_UNIT})\\s*[*×xX＊]\\s*"
    f"(?P<b>{DECIMAL})\\s*(?P<ub>{_LENGTH_UNIT})"
)
# "面积不小于2.4㎡", "面积不小于2.4㎡/块".
_AREA = re.compile(
    f"面积\\s*(?P<op>{_COMPARATOR})\\s*(?P<n>{DECIMAL})\\s*(?:㎡|平方米|平米|m²|m2)(?:/[块个处])?"
)
# "每10m可见一处文明提示牌": at most 10 m between two signs.
_SPACING = re.compile(
    f"每\\s*(?P<n>{DECIMAL})\\s*(?:m|米)\\s*(?:可见|设置|设|有)?(?:一|1)\\s*[处块个](?P<object>{_CJK_RUN}{{0,12}})"
)
_COUNTED_UNIT = "[处块面幅座]"
# "不少于6处文明餐桌宣传提示牌", "不少于两块公益广告宣传栏".
_COUNT = re.compile(
    f"(?P<op>不少于|至少|不低于)\\s*(?P<n>{INTEGER})\\s*(?P<unit>{_COUNTED_UNIT})(?P<object>{_CJK_RUN}{{0,12}})"
)
# "一处以上公益广告宣传内容".
_COUNT_OR_MORE = re.compile(f"(?P<n>{INTEGER})(?P<unit>{_COUNTED_UNIT})及?以上(?P<object>{_CJK_RUN}{{0,12}})")

# In these requirements a share of a wall is always the public-service advertising on it.
_ADVERTISING = re.compile("公益(?:宣传)?广告")
# Characters that end a subject when reading backwards from a metric.
_SUBJECT_STOP = re.compile(r"[，、；：。（）()\s,;:“”\"《》对占]")
_SUBJECT_NOISE = re.compile("(?:的|内容)+$")
_CLAUSE_STOP = re.compile(r"[，,。；;\n]")
_SENTENCE_STOP = re.compile(r"[。；;\n]")
# Verbs after which the object of a clause begins ("院内有创文宣传栏", "设置文明餐桌宣传栏").
_OBJECT_VERB = re.compile("有|设置|张贴|悬挂|制作")
_LEADING_QUANTITY = re.compile(f"^(?:不少于|至少)?{INTEGER}{_COUNTED_UNIT}(?:及?以上)?")
_CONNECTIVE = re.compile("^(?:且|并且|并|其)")
_MAX_SUBJECT = 20  # longest subject read backwards from a rate or share
_MAX_OBJECT = 30  # longest measured object kept for an area metric


@dataclass(frozen=True)
class Standard:
    source: str  # exact substring of the input
    metric: str
    operator: str  # ">=" | "=" | "<="
    value: Decimal
    unit: str


def parse_standards(text: str) -> list[Standard]:
    """Standards in order of appearance; where patterns overlap the earlier rule in _RULES wins."""
    found: list[tuple[int, Standard]] = []
    taken: list[tuple[int, int]] = []
    for regex, build in _RULES:
        for match in regex.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            taken.append(match.span())
            found.append((match.start(), build(text, match)))
    return [standard for _, standard in sorted(found, key=lambda item: item[0])]


def _rate(text: str, match: re.Match) -> Standard:
    subject_start, subject = _subject_before(text, match.start())
    operator = _operator(match["op"], match["suffix"])
    return Standard(
        text[subject_start : match.end()], subject + match["metric"], operator, _value(match), "%"
    )


def _share(text: str, match: re.Match) -> Standard:
    if match["op"] == "占":
        source_start, subject = _subject_before(text, match.start())
    else:
        source_start, subject = match.start(), _advertising_near(text, match.start())
    metric = f"{subject}占{match['whole']}" if subject else f"{match['whole']}占比"
    operator = _operator("" if match["op"] == "占" else match["op"], match["suffix"])
    return Standard(text[source_start : match.end()], metric, operator, _value(match), "%")


def _area_dimensions(text: str, match: re.Match) -> Standard:
    area = _metres(match["a"], match["ua"]) * _metres(match["b"], match["ub"])
    metric = _object_before(text, match.start()) + "面积"
    return Standard(match.group(), metric, _operator(match["op"]), area, "㎡")


def _area(text: str, match: re.Match) -> Standard:
    metric = _object_before(text, match.start()) + "面积"
    return Standard(match.group(), metric, _operator(match["op"]), _value(match), "㎡")


def _spacing(text: str, match: re.Match) -> Standard:
    return Standard(match.group(), match["object"] + "间距", "<=", _value(match), "m")


def _count(text: str, match: re.Match) -> Standard:
    return Standard(match.group(), match["object"], ">=", Decimal(to_int(match["n"])), match["unit"])


_RULES = (
    (_AREA_DIMENSIONS, _area_dimensions),
    (_AREA, _area),
    (_SPACING, _spacing),
    (_RATE, _rate),
    (_SHARE, _share),
    (_COUNT, _count),
    (_COUNT_OR_MORE, _count),
)


def _operator(comparator: str, suffix: str | None = None) -> str:
    """Operator from the comparator or a trailing 以上/以下: ">=", "<=", otherwise "="."""
    for word in (comparator, suffix or ""):
        if word in _AT_LEAST:
            return ">="
        if word in _AT_MOST:
            return "<="
    return "="


def _value(match: re.Match) -> Decimal:
    return to_decimal(match["n"])


def _metres(number: str, unit: str) -> Decimal:
    return to_decimal(number) / (100 if unit in ("cm", "厘米") else 1)


def _subject_before(text: str, end: int) -> tuple[int, str]:
    """(start, subject) of the words right before `end`, back to punctuation or "对", without
    a trailing 的/内容: "对社会主义核心价值观内容" → "社会主义核心价值观"."""
    start = _last_end(_SUBJECT_STOP, text, max(end - _MAX_SUBJECT, 0), end)
    return start, _SUBJECT_NOISE.sub("", text[start:end])


def _advertising_near(text: str, position: int) -> str:
    """The subject of a wall share: "公益广告" when the surrounding sentence is about such ads, else ""."""
    after = _SENTENCE_STOP.search(text, position)
    sentence = text[_last_end(_SENTENCE_STOP, text, 0, position) : after.start() if after else len(text)]
    return "公益广告" if _ADVERTISING.search(sentence) else ""


def _object_before(text: str, position: int) -> str:
    """What a "面积…" clause measures: the words before it in the same clause, or else the object
    of the previous clause ("晨练区有不少于两块公益广告宣传栏，面积…" → "公益广告宣传栏")."""
    clause_start = _last_end(_CLAUSE_STOP, text, 0, position)
    own = _CONNECTIVE.sub("", text[clause_start:position].strip())
    if own:
        return _object_of(own)
    if clause_start == 0:
        return ""
    return _object_of(text[_last_end(_CLAUSE_STOP, text, 0, clause_start - 1) : clause_start - 1])


def _last_end(regex: re.Pattern, text: str, start: int, end: int) -> int:
    """Position just after the last match of `regex` in text[start:end], or `start`."""
    matches = list(regex.finditer(text, start, end))
    return matches[-1].end() if matches else start


def _object_of(clause: str) -> str:
    verbs = list(_OBJECT_VERB.finditer(clause))
    words = clause[verbs[-1].end() :] if verbs else clause
    return _LEADING_QUANTITY.sub("", words.strip())[-_MAX_OBJECT:]
