"""Split guidance between the departments (责任科室) it names.

Segments are numbered items, then sentences (。；;), then comma clauses — a "，" only splits when the
clause after it names a department the clause before it does not. A segment naming no department
belongs to the departments of the run of naming segments right before it in the same numbered item:
in "教培科、法规科负责邀请…。行财科负责经费保障。各类活动要有方案（计划）…。" the last sentence goes
to all three. Unnamed segments before any naming one (or at the start of a numbered item) go to nobody.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from ._segment import COMMAS, Span, split_at, split_clauses, split_sentences


@dataclass(frozen=True)
class _Segment:
    start: int
    end: int
    named: frozenset[str]  # canonical departments the segment names


def duties_by_department(guidance: str, departments: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Canonical department → its segments of the guidance, one per line (each an exact substring).

    Empty when the guidance names fewer than two different departments."""
    find = _department_finder(departments)
    if find is None:
        return {}
    items = [_segments(guidance, clause.start, clause.end, find) for clause in split_clauses(guidance)]
    if len(frozenset().union(*(segment.named for segments in items for segment in segments))) < 2:
        return {}
    duties: dict[str, list[str]] = {}
    for segments in items:
        for segment, owners in _owners(segments):
            text = guidance[segment.start : segment.end].rstrip(COMMAS).rstrip()
            for department in sorted(owners):
                duties.setdefault(department, []).append(text)
    return {department: "\n".join(texts) for department, texts in duties.items()}


def _department_finder(departments: dict[str, tuple[str, ...]]) -> Callable[[str], frozenset[str]] | None:
    """A function giving the canonical departments a text names, preferring the longest name at each
    place so that the alias "教培科" is not found again inside "司考教培科"."""
    canonical = {
        name: department for department, aliases in departments.items() for name in (department, *aliases)
    }
    canonical.pop("", None)
    if not canonical:
        return None
    names = re.compile("|".join(re.escape(name) for name in sorted(canonical, key=len, reverse=True)))
    return lambda text: frozenset(canonical[match.group()] for match in names.finditer(text))


def _segments(text: str, start: int, end: int, find: Callable[[str], frozenset[str]]) -> list[_Segment]:
    return [
        segment
        for sentence in split_sentences(text, start, end)
        for segment in _sentence_segments(text, sentence, find)
    ]


def _sentence_segments(text: str, sentence: Span, find: Callable[[str], frozenset[str]]) -> list[_Segment]:
    """Comma clauses of a sentence, joined unless a clause names a department the one before does not."""
    segments: list[_Segment] = []
    for part in split_at(text, sentence.start, sentence.end, COMMAS):
        named = find(text[part.start : part.end])
        last = segments[-1] if segments else None
        if last is not None and not (last.named and named - last.named):
            segments[-1] = _Segment(last.start, part.end, last.named | named)
        else:
            segments.append(_Segment(part.start, part.end, named))
    return segments


def _owners(segments: list[_Segment]) -> list[tuple[_Segment, frozenset[str]]]:
    """Each segment with the departments it belongs to (see the module docstring)."""
    owned, run, previous_named = [], frozenset(), False
    for segment in segments:
        if segment.named:
            run = run | segment.named if previous_named else segment.named
            owned.append((segment, segment.named))
        else:
            owned.append((segment, run))
        previous_named = bool(segment.named)
    return owned
