"""Password policy: which character classes a password uses (pure Python)."""

import unicodedata

CLASS_LABELS = {"lower": "小写字母", "upper": "大写字母", "digit": "数字", "symbol": "符号"}


def character_classes(password: str) -> set[str]:
    """The classes among lower-case letters, upper-case letters, digits and symbols that occur.

    Letters without case (汉字) count as symbols: they are neither guessable as a word list nor
    typed as digits, and a Chinese pass-phrase should not be rejected for lacking capitals."""
    classes = set()
    for char in password:
        if char.isdigit():
            classes.add("digit")
        elif char.islower():
            classes.add("lower")
        elif char.isupper():
            classes.add("upper")
        elif not char.isspace() and unicodedata.category(char)[0] != "C":
            classes.add("symbol")
    return classes


def missing_classes_message(password: str, min_classes: int) -> str:
    """The Chinese refusal when fewer than `min_classes` classes are used, else ""."""
    if len(character_classes(password)) >= min_classes:
        return ""
    return f"密码须至少包含{'、'.join(CLASS_LABELS.values())}中的 {min_classes} 类"
