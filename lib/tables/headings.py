"""Table captions: the document title and section headings such as "一、共性任务责任分解表（30分）"."""

import re
from dataclasses import dataclass
from decimal import Decimal

from .text import without_whitespace

_SENTENCE_PUNCTUATION = "，。；：,;:！？!?"
_CAPTION = re.compile(
    r"^(?:(?P<number>[一二三四五六七八九十]+)\s*[、.．]\s*|(?P<part>第[一二三四五六七八九十\d]+部分)\s*[、：:]?\s*)?"
    # A caption never starts like a numbered item ("1、", "①") and is not a sentence.
    rf"(?P<title>[^\d①-⑳{_SENTENCE_PUNCTUATION}][^{_SENTENCE_PUNCTUATION}]{{0,48}}?)\s*"
    r"(?:[（(]\s*(?P<points>\d+(?:\.\d+)?)\s*分\s*[）)])?$"
)
_TABLE_SUFFIX = re.compile(r"(?:责任)?(?:分解)?表$")
_TASK_SUFFIX = "任务"
# Parts of one paragraph, e.g. an Excel title row "益阳市…任务分解表——一、共性任务责任分解表（30分）".
_PART_SEPARATOR = re.compile(r"\s*(?:——|--)\s*")


@dataclass(frozen=True, slots=True)
class Caption:
    title: str  # without the number prefix and the points, e.g. "共性任务责任分解表"
    numbered: bool  # has a "一、" prefix
    points: Decimal | None

    @property
    def names_table(self) -> bool:
        """Ends in "表" or carries points. Inside a table or its extracted text only such lines are
        taken for captions, since "一、加强领导" may well be a line of guidance."""
        return self.title.endswith("表") or self.points is not None

    @property
    def is_section_heading(self) -> bool:
        """Numbered or scored captions head a section; a bare "…分解表" may be the document title."""
        return self.numbered or self.points is not None

    @property
    def section_name(self) -> str:
        """Short name: "共性任务责任分解表" gives "共性任务", "网上申报任务责任分解表" gives "网上申报"."""
        name = _TABLE_SUFFIX.sub("", self.title)
        # "共性"/"个性" alone mean nothing, so "任务" stays when it would leave two characters or fewer.
        if name.endswith(_TASK_SUFFIX) and len(name) - len(_TASK_SUFFIX) > 2:
            name = name[: -len(_TASK_SUFFIX)]
        return name


def parse_caption(text: str) -> Caption | None:
    """A short line that is numbered ("三、网上申报任务"), ends in "表" or carries points; item text and
    notes are not captions."""
    match = _CAPTION.match(text.strip())
    if match is None:
        return None
    caption = Caption(
        title=without_whitespace(match["title"]),
        numbered=match["number"] is not None or match["part"] is not None,
        points=Decimal(match["points"]) if match["points"] else None,
    )
    return caption if caption.numbered or caption.names_table else None


def paragraph_parts(text: str) -> list[str]:
    """The non-empty parts of a paragraph split at "——"."""
    return [part for part in _PART_SEPARATOR.split(text.strip()) if part]
