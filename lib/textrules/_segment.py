"""Clause and sentence segmentation shared by the requirement and duty parsers.

Everything works on offsets into the original text so that callers can always return
exact substrings of their input.
"""

import re
from dataclasses import dataclass

# A numbered sub-item: ①…⑳ anywhere; "1、", "2）", "（3）" only at the start of the text or after
# whitespace / a sentence end, so that "500字、" or "（2分）" inside a sentence are not taken for markers.
_CLAUSE_MARKER = re.compile(r"[①-⑳]|(?:^|(?<=[\s。；;]))(?:[0-9]{1,2}\s*[、）)]|[（(][0-9]{1,2}[）)])")
_OPENING = "（("
_CLOSING = "）)"
_SENTENCE_ENDS = "。；;！？!?\n"
COMMAS = "，,"


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Clause:
    label: str | None  # the marker without whitespace ("①", "2、"); None before the first marker
    start: int  # where the marker begins
    body: int  # where the text after the marker begins
    end: int


def split_clauses(text: str) -> list[Clause]:
    """Split text at numbered sub-item markers; text before the first marker is an unlabelled clause."""
    markers = list(_CLAUSE_MARKER.finditer(text))
    first = markers[0].start() if markers else len(text)
    clauses = [Clause(None, 0, 0, first)] if text[:first].strip() else []
    ends = [m.start() for m in markers[1:]] + [len(text)]
    for marker, end in zip(markers, ends):
        clauses.append(Clause(re.sub(r"\s", "", marker.group()), marker.start(), marker.end(), end))
    return clauses


def split_at(text: str, start: int, end: int, delimiters: str) -> list[Span]:
    """Split text[start:end] after each delimiter outside parentheses; pieces are whitespace-trimmed."""
    pieces, depth, piece_start = [], 0, start
    for i in range(start, end):
        char = text[i]
        if char in _OPENING:
            depth += 1
        elif char in _CLOSING:
            depth = max(depth - 1, 0)
        elif char in delimiters and depth == 0:
            pieces.append(_trim(text, piece_start, i + 1))
            piece_start = i + 1
    pieces.append(_trim(text, piece_start, end))
    return [piece for piece in pieces if piece.end > piece.start]


def split_sentences(text: str, start: int, end: int) -> list[Span]:
    """Sentences of text[start:end]; a piece that is only a parenthetical, such as the
    "（电子文档、红头页、盖章页扫描图）" line after "…规范文件。", stays with the sentence before it."""
    sentences: list[Span] = []
    for piece in split_at(text, start, end, _SENTENCE_ENDS):
        if sentences and text[piece.start] in _OPENING:
            sentences[-1] = Span(sentences[-1].start, piece.end)
        else:
            sentences.append(piece)
    return sentences


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)
