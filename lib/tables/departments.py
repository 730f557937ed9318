"""Department mentions in a responsibility cell, and who leads and who cooperates."""

import re

from .model import DeptMention

_SEPARATORS = frozenset("、，,；;")
_OPENING = "（("
_CLOSING = "）)"
# "政治部牵头", "政治部（牵头）", "牵头：政治部", "牵头单位：政治部"; 协助 means the same as 配合.
_ROLE_MARKER = re.compile(r"[（(]?(?P<role>牵头|配合|协助)(?:单位|科室|部门)?[）)]?\s*(?P<colon>[:：])?")


def is_separator(char: str) -> bool:
    return char in _SEPARATORS or char.isspace()


def split_departments(text: str) -> list[DeptMention]:
    """Split on newlines, spaces, 、，,；; but never inside parentheses.

    "法援中心（公共法律服务中心）" names one department with an alias, and so does "法援中心" followed by a
    segment "（公共法律服务中心）". A parenthetical that is not a name of its own ("各科（室）") stays part of
    the name.
    """
    mentions: list[DeptMention] = []
    for segment in _segments(text):
        if _closing_partner(segment, 0) == len(segment) - 1:
            _attach_parenthetical(mentions, segment)
        else:
            mentions.append(_mention(segment))
    return mentions


def split_roles(text: str) -> tuple[list[DeptMention], list[DeptMention]]:
    """(lead, cooperating) from one responsibility cell.

    Markers decide where present ("X牵头，Y、Z配合", "牵头：X；配合：Y"); unmarked departments follow
    the usual convention that the first one listed leads.
    """
    lead: list[DeptMention] = []
    cooperating: list[DeptMention] = []
    unmarked: list[DeptMention] = []
    target = {"牵头": lead, "配合": cooperating, "协助": cooperating}
    position = 0
    announced: list[DeptMention] | None = None  # the role named by a "牵头：" before its departments
    for marker in _ROLE_MARKER.finditer(text):
        before = split_departments(text[position : marker.start()])
        if announced is not None:
            announced.extend(before)
        elif marker["colon"]:
            unmarked.extend(before)
        else:
            target[marker["role"]].extend(before)
        announced = target[marker["role"]] if marker["colon"] else None
        position = marker.end()
    (announced if announced is not None else unmarked).extend(split_departments(text[position:]))
    if not lead and unmarked:
        lead.append(unmarked.pop(0))
    cooperating.extend(unmarked)
    lead = _unique(lead)
    lead_names = {mention.name for mention in lead}
    return lead, [mention for mention in _unique(cooperating) if mention.name not in lead_names]


def _segments(text: str) -> list[str]:
    segments: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        if char in _OPENING:
            depth += 1
        elif char in _CLOSING:
            depth = max(depth - 1, 0)
        if depth == 0 and is_separator(char):
            segments.append("".join(current))
            current = []
        else:
            current.append(char)
    segments.append("".join(current))
    return [segment for segment in segments if segment]


def _attach_parenthetical(mentions: list[DeptMention], segment: str) -> None:
    """A segment wholly in parentheses ("（法援中心）") speaks of the department before it."""
    inner = segment[1:-1].strip()
    if not inner:
        return
    previous = mentions[-1] if mentions else None
    if previous and _is_department_like(inner):
        mentions[-1] = DeptMention(previous.name, (*previous.aliases, inner))
    elif previous and not previous.aliases:  # "各科" + "（室）": part of the name
        mentions[-1] = DeptMention(previous.name + segment)
    else:  # nothing to attach to without reordering the text
        mentions.append(DeptMention(inner if _is_department_like(inner) else segment))


def _mention(segment: str) -> DeptMention:
    """Peel aliases off the end: "纪检组（监察室）" is 纪检组 alias 监察室; "各科（室）" stays whole."""
    name = segment
    aliases: list[str] = []
    while name and name[-1] in _CLOSING:
        opening = _opening_partner(name, len(name) - 1)
        if not opening:  # unbalanced, or nothing left in front to be the name
            break
        inner = name[opening + 1 : -1].strip()
        if not _is_department_like(inner):
            break
        aliases.insert(0, inner)
        name = name[:opening]
    return DeptMention(name, tuple(aliases))


def _is_department_like(text: str) -> bool:
    """A name of its own: two characters or more, no separators, no parentheses."""
    return len(text) >= 2 and not any(
        is_separator(char) or char in _OPENING or char in _CLOSING for char in text
    )


def _closing_partner(text: str, opening: int) -> int | None:
    if not text or text[opening] not in _OPENING:
        return None
    depth = 0
    for index in range(opening, len(text)):
        if text[index] in _OPENING:
            depth += 1
        elif text[index] in _CLOSING:
            depth -= 1
            if depth == 0:
                return index
    return None


def _opening_partner(text: str, closing: int) -> int | None:
    depth = 0
    for index in range(closing, -1, -1):
        if text[index] in _CLOSING:
            depth += 1
        elif text[index] in _OPENING:
            depth -= 1
            if depth == 0:
                return index
    return None


def _unique(mentions: list[DeptMention]) -> list[DeptMention]:
    seen: set[str] = set()
    unique = []
    for mention in mentions:
        if mention.name not in seen:
            seen.add(mention.name)
            unique.append(mention)
    return unique
