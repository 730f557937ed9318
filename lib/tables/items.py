"""Reading the text of an assessment item: indicator codes, item numbers and points."""

import re
import unicodedata
from decimal import Decimal
from typing import NamedTuple

_DASH = "-－—–‐"
_INDICATOR_CODE = re.compile(
    rf"^(?P<level>Ⅲ|Ⅱ|Ⅰ|III|II|I)\s*[{_DASH}]\s*(?P<numbers>\d+(?:\s*[{_DASH}]\s*\d+)*)\s*"
)
_LEVELS = {"I": "Ⅰ", "II": "Ⅱ", "III": "Ⅲ"}
# "1、", "1.", "2）", "(3)", "①", "（一）"; "1.5倍" and "2016年" are not item numbers.
_ITEM_NUMBER = re.compile(
    r"^(?:(?P<plain>\d{1,3})\s*(?:[、．]|\.(?!\d))|(?P<closed>\d{1,3})\s*[）)]"
    r"|[（(]\s*(?P<enclosed>\d{1,3})\s*[）)]|(?P<circled>[①-⑳])"
    r"|[（(]\s*(?P<chinese>[一二三四五六七八九十]{1,3})\s*[）)])\s*"
)
_CHINESE_DIGITS = {character: value for value, character in enumerate("零一二三四五六七八九", start=0)}
_POINTS = re.compile(r"\s*[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[）)]")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


class ItemPiece(NamedTuple):
    number: str | None  # "1" for "1、…"
    text: str  # without the number and the points
    points: Decimal | None


def split_indicator_code(line: str) -> tuple[str, str] | None:
    """Code and title: "Ⅲ-29全民普法教育" gives ("Ⅲ-29", "全民普法教育"); ASCII "III-29" reads as "Ⅲ-29"."""
    match = _INDICATOR_CODE.match(line)
    if match is None:
        return None
    level = _LEVELS.get(match["level"], match["level"])
    numbers = re.split(rf"\s*[{_DASH}]\s*", match["numbers"])
    return "-".join([level, *numbers]), line[match.end() :].strip()


def indicator_path(text: str) -> list[tuple[str, str]]:
    """Codes and titles of an indicator cell, outermost first: "Ⅲ-4 公共文化\nⅢ-4-1\n文化设施" gives
    [("Ⅲ-4", "公共文化"), ("Ⅲ-4-1", "文化设施")]; a line without a code continues the title above."""
    path: list[tuple[str, str]] = []
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        found = split_indicator_code(line)
        if found:
            path.append(found)
        elif path:
            code, title = path[-1]
            path[-1] = (code, title + line)
    return path


# "法治宣传科：一是……": a department's name, then its share of the measures.
_MEASURE_OWNER = re.compile(r"^(?P<name>[^：:，,。；;\s]{2,20}?)[：:](?P<duty>.*)$")


def split_measures(text: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """(general text, ((department as written, its duty), …)) from a measures cell written one department
    per line; lines before the first department are general, later unprefixed lines continue the duty
    above. Several departments before one colon ("政治部、办公室：…") share it."""
    general: list[str] = []
    duties: list[tuple[list[str], list[str]]] = []
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        match = _MEASURE_OWNER.match(line)
        names = re.split(r"[、/]", match["name"]) if match else []
        if match and all(len(name) >= 2 for name in names):
            duties.append((names, [match["duty"].strip()] if match["duty"].strip() else []))
        elif duties:
            duties[-1][1].append(line)
        else:
            general.append(line)
    pairs = tuple((name, "\n".join(lines)) for names, lines in duties for name in names if lines)
    return "\n".join(general), pairs


def _split_item_number(line: str) -> tuple[str | None, str]:
    """Number and rest: "2）落实…" gives ("2", "落实…")."""
    match = _ITEM_NUMBER.match(line)
    if match is None:
        return None, line
    if match["circled"]:
        number = str(int(unicodedata.numeric(match["circled"])))
    elif match["chinese"]:
        number = str(chinese_number(match["chinese"]))
    else:
        number = match["plain"] or match["closed"] or match["enclosed"]
    return number, line[match.end() :]


def chinese_number(text: str) -> int:
    """"三" gives 3, "十二" 12, "二十" 20 (the numerals items and parts are numbered with)."""
    if "十" not in text:
        return int("".join(str(_CHINESE_DIGITS[character]) for character in text))
    tens, _, units = text.partition("十")
    return (_CHINESE_DIGITS[tens] if tens else 1) * 10 + (_CHINESE_DIGITS[units] if units else 0)


def points_value(text: str) -> Decimal | None:
    """The number in a 分值 cell ("2", "2分", "1.5")."""
    match = _NUMBER.search(text)
    return Decimal(match.group()) if match else None


def whole_item(lines: list[str]) -> ItemPiece:
    """The lines as one item: a leading number goes to ``number``, "（2分）" to ``points``."""
    number, first = _split_item_number(lines[0])
    text = "\n".join([first, *lines[1:]])
    found = _POINTS.findall(text)
    # The score closes the item, so the last one counts.
    points = Decimal(found[-1]) if found else None
    return ItemPiece(number, _POINTS.sub("", text).strip(), points)


def split_items(lines: list[str]) -> list[ItemPiece]:
    """Items of one cell.

    Without points anywhere the cell is one item. Otherwise every scored item is its own task: an item
    starts at a numbered line (or an unnumbered one when none is open) and ends at its "（N分）"; what
    never reaches a score ("未成年人思想道德建设：", "5、营造良好社会文化环境") is context only.
    """
    if not lines:
        return []
    if not any(_POINTS.search(line) for line in lines):
        return [whole_item(lines)]
    pieces: list[ItemPiece] = []
    open_lines: list[str] | None = None
    for line in lines:
        if open_lines is None or _ITEM_NUMBER.match(line):
            open_lines = [line]
        else:
            open_lines.append(line)
        if _POINTS.search(line):
            pieces.append(whole_item(open_lines))
            open_lines = None
    return pieces
