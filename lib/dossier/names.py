"""File and folder names that Windows Explorer, 7-Zip and WinRAR accept, for trees a person browses."""

import re
import unicodedata

# Characters Windows refuses in a name, and ASCII control characters.
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(10)), *(f"LPT{n}" for n in range(10)),
             "COM¹", "COM²", "COM³", "LPT¹", "LPT²", "LPT³"}
# 255 UTF-16 units is the NTFS limit per name; bytes are bounded lower so that a whole path of
# four folders plus a file name stays under the 260-character MAX_PATH that Explorer still honours.
MAX_NAME_BYTES = 120
FALLBACK = "未命名"


def safe_name(name: str, *, max_bytes: int = MAX_NAME_BYTES, fallback: str = FALLBACK) -> str:
    """One path component: forbidden characters become ＿, whitespace runs one space, no trailing
    dots or spaces, reserved device names prefixed, at most ``max_bytes`` of UTF-8 with the
    extension kept."""
    text = unicodedata.normalize("NFC", name)
    text = _FORBIDDEN.sub("＿", text)
    text = re.sub(r"\s+", " ", text).strip(" .")
    stem, dot, extension = text.rpartition(".")
    if not dot or not stem or len(extension) > 10:
        stem, extension = text, ""
    stem = _truncate(stem.rstrip(" ."), max_bytes - (len(extension.encode()) + 1 if extension else 0))
    stem = stem.rstrip(" .") or fallback
    if stem.split(".")[0].upper() in _RESERVED:
        stem = f"_{stem}"
    result = f"{stem}.{extension}" if extension else stem
    return _truncate(result, max_bytes).rstrip(" .") or fallback


def _truncate(text: str, max_bytes: int) -> str:
    """Cut at a character boundary so that the UTF-8 form fits."""
    encoded = text.encode()
    if len(encoded) <= max_bytes:
        return text
    return encoded[:max(max_bytes, 0)].decode(errors="ignore")


class UniqueNames:
    """Numbers repeated names within one folder as Explorer does: 照片.jpg, 照片 (2).jpg. Compared
    case-insensitively, since Windows file systems are."""

    def __init__(self, *, max_bytes: int = MAX_NAME_BYTES) -> None:
        self._taken: set[str] = set()
        self._max_bytes = max_bytes

    def add(self, name: str) -> str:
        candidate = safe_name(name, max_bytes=self._max_bytes)
        stem, dot, extension = candidate.rpartition(".")
        if not dot:
            stem, extension = candidate, ""
        n = 2
        while candidate.casefold() in self._taken:
            suffix = f" ({n})" + (f".{extension}" if extension else "")
            candidate = _truncate(stem, self._max_bytes - len(suffix.encode())).rstrip(" .") + suffix
            n += 1
        self._taken.add(candidate.casefold())
        return candidate
