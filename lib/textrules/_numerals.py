"""Number patterns shared by the parsers: Arabic (ASCII or full-width) and small Chinese numerals."""

from decimal import Decimal

ARABIC = "[0-9０-９]+"
# 一 … 九十九; larger Chinese numerals never occur in assessment guidance.
CHINESE = "(?:[一二两三四五六七八九]?十[一二三四五六七八九]?|[一二两三四五六七八九])"
INTEGER = f"(?:{ARABIC}|{CHINESE})"
DECIMAL = f"(?:{ARABIC}(?:\\.{ARABIC})?|{CHINESE})"

_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _chinese_to_int(text: str) -> int:
    if "十" not in text:
        return _DIGITS[text]
    tens, _, ones = text.partition("十")
    return _DIGITS.get(tens, 1) * 10 + _DIGITS.get(ones, 0)


def to_int(text: str) -> int:
    """Value of a string matched by INTEGER."""
    return _chinese_to_int(text) if text[0] in "一二两三四五六七八九十" else int(text)


def to_decimal(text: str) -> Decimal:
    """Value of a string matched by DECIMAL."""
    return Decimal(_chinese_to_int(text)) if text[0] in "一二两三四五六七八九十" else Decimal(text)
