"""Whitespace handling shared by the readers and the parser.

The same cell arrives as Word paragraphs, an Excel value with line breaks, or extracted text with
blank lines between paragraphs; cleaning lines the same way makes the three read alike.
"""

import re

_WHITESPACE = re.compile(r"\s+")


def clean_lines(text: str) -> list[str]:
    """The non-blank lines of ``text``, each stripped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def normalise_text(text: str) -> str:
    """Stripped lines without blank ones, joined by "\\n"; otherwise verbatim."""
    return "\n".join(clean_lines(text))


def join_lines(text: str) -> str:
    """Lines joined without separators: narrow cells wrap short names ("未成年人\\n服务")."""
    return "".join(clean_lines(text))


def without_whitespace(text: str) -> str:
    return _WHITESPACE.sub("", text)
