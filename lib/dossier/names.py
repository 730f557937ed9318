"""File and folder names that Windows Explorer, 7-Zip and WinRAR accept, for trees a person browses."""

import re
import unicodedata

# Characters Windows refuses in a name become their full-width forms, which it accepts and which
# read the same (09:00 → 09：00); ASCII control characters become ＿.
_FULL_WIDTH = str.maketrans('<>:"/\\|?*', "＜＞：＂／＼｜？＊")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(10)), *(f"LPT{n}" for n in range(10)),
             "COM¹", "COM²", "COM³", "LPT¹", "LPT²", "LPT³"}
# 255 UTF-16 units is the NTFS limit per name; names are bounded much lower, and whole paths too,
# so that a tree unpacked into a folder such as C:\Users\…\Downloads\原始资料\ stays under the
# 260-character MAX_PATH that Explorer still honours.
MAX_NAME_BYTES = 120
MAX_NAME_CHARS = 60
MAX_FOLDER_CHARS = 40
MAX_PATH_CHARS = 200
FALLBACK = "未命名"


def safe_name(name: str, *, max_bytes: int = MAX_NAME_BYTES, max_chars: int = MAX_NAME_CHARS,
              fallback: str = FALLBACK) -> str:
    """One path component: forbidden characters in full width, control characters ＿, whitespace
    runs one space, no trailing dots or spaces, reserved device names prefixed, at most ``max_bytes``
    of UTF-8 and ``max_chars`` characters with the extension kept."""
    text = unicodedata.normalize("NFC", name)
    text = _CONTROL.sub("＿", re.sub(r"\s+", " ", text.translate(_FULL_WIDTH))).strip(" .")
    stem, dot, extension = text.rpartition(".")
    if not dot or not stem or len(extension) > 10:
        stem, extension = text, ""
    stem = _truncate(stem.rstrip(" ."), max_bytes - (len(extension.encode()) + 1 if extension else 0))
    stem = stem[:max(max_chars - (len(extension) + 1 if extension else 0), 1)]
    stem = stem.rstrip(" .") or fallback
    if stem.split(".")[0].upper() in _RESERVED:
        stem = f"_{stem}"
    result = f"{stem}.{extension}" if extension else stem
    return _truncate(result, max_bytes)[:max_chars].rstrip(" .") or fallback


def _truncate(text: str, max_bytes: int) -> str:
    """Cut at a character boundary so that the UTF-8 form fits."""
    encoded = text.encode()
    if len(encoded) <= max_bytes:
        return text
    return encoded[:max(max_bytes, 0)].decode(errors="ignore")


class UniqueNames:
    """Numbers repeated names within one folder as Explorer does: 照片.jpg, 照片 (2).jpg. Compared
    case-insensitively, since Windows file systems are."""

    def __init__(self, *, max_bytes: int = MAX_NAME_BYTES, max_chars: int = MAX_NAME_CHARS) -> None:
        self._taken: set[str] = set()
        self._max_bytes, self._max_chars = max_bytes, max_chars

    def add(self, name: str, *, max_chars: int | None = None) -> str:
        """``max_chars``: a tighter bound for this name, such as what its folder's path leaves."""
        max_chars = min(self._max_chars, max_chars or self._max_chars)
        candidate = safe_name(name, max_bytes=self._max_bytes, max_chars=max_chars)
        stem, dot, extension = candidate.rpartition(".")
        if not dot:
            stem, extension = candidate, ""
        n = 2
        while candidate.casefold() in self._taken:
            suffix = f" ({n})" + (f".{extension}" if extension else "")
            stem_room = max(max_chars - len(suffix), 1)
            candidate = _truncate(stem, self._max_bytes - len(suffix.encode()))[:stem_room].rstrip(" .") + suffix
            n += 1
        self._taken.add(candidate.casefold())
        return candidate


def without_trailing_punctuation(text: str) -> str:
    """"深入推进“我们的节日”主题活动；" → "深入推进“我们的节日”主题活动": a task text's closing mark does not
    belong at the end of a title or folder name (closing quotes, brackets and the ellipsis of a
    shortened text stay)."""
    text = text.rstrip()
    while text and (unicodedata.category(text[-1]).startswith("P") or text[-1].isspace()) \
            and text[-1] not in "”’）)》】…":
        text = text[:-1]
    return text
