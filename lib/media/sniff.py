"""Identify an uploaded file by its content (magic bytes), never by its extension.

Phones and office tools routinely produce files whose extension lies (a HEIC saved
as ``.jpg``, a PDF renamed to ``.jpg``), so every upload is classified from its bytes.
"""

import zipfile
from enum import Enum
from typing import BinaryIO

# Enough for every signature below, including a PDF header preceded by junk bytes,
# which readers tolerate within the first kilobyte.
SNIFF_BYTES = 1024

IMAGE = "image"
DOCUMENT = "document"


class FileKind(Enum):
    """What a file really is. ``value`` is a stable code suitable for storage."""

    JPEG = ("jpeg", "JPEG", IMAGE)
    PNG = ("png", "PNG", IMAGE)
    WEBP = ("webp", "WebP", IMAGE)
    HEIC = ("heic", "HEIC", IMAGE)
    GIF = ("gif", "GIF", IMAGE)
    PDF = ("pdf", "PDF", DOCUMENT)
    DOCX = ("docx", "Word 文档（DOCX）", DOCUMENT)
    XLSX = ("xlsx", "Excel 表格（XLSX）", DOCUMENT)
    OLE2 = ("ole2", "加密或旧版 Office 文档", DOCUMENT)
    ZIP = ("zip", "ZIP 压缩包", DOCUMENT)
    UNKNOWN = ("unknown", "未知格式", None)

    label_zh: str
    category: str | None  # "image", "document", or None for UNKNOWN

    def __new__(cls, code: str, label_zh: str, category: str | None) -> "FileKind":
        member = object.__new__(cls)
        member._value_ = code
        member.label_zh = label_zh
        member.category = category
        return member


_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")  # local file header; empty archive

# HEIF brands whose image payload is HEVC, which the bundled libheif can decode.
_HEVC_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs"}
# Generic HEIF brands: HEVC unless the file also declares AVIF, which we cannot decode.
_GENERIC_HEIF_BRANDS = {b"mif1", b"msf1"}
_AVIF_BRANDS = {b"avif", b"avis"}


def sniff(head: bytes) -> FileKind:
    """Classify a file from its first bytes (pass at least ``SNIFF_BYTES`` when available).

    A ZIP is reported as ``ZIP`` because telling DOCX from XLSX needs the archive's
    directory; use :func:`sniff_file` for that.
    """
    if head.startswith(b"\xff\xd8\xff"):
        return FileKind.JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileKind.PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return FileKind.WEBP
    if head.startswith((b"GIF87a", b"GIF89a")):
        return FileKind.GIF
    if _is_heif(head):
        return FileKind.HEIC
    if b"%PDF-" in head[:SNIFF_BYTES]:
        return FileKind.PDF
    if head.startswith(_OLE2_MAGIC):
        return FileKind.OLE2
    if head.startswith(_ZIP_MAGICS):
        return FileKind.ZIP
    return FileKind.UNKNOWN


def sniff_file(fileobj: BinaryIO) -> FileKind:
    """Classify a seekable binary stream, looking inside ZIPs for DOCX/XLSX parts.

    The stream is read from its current position, which is restored afterwards.
    """
    start = fileobj.tell()
    try:
        kind = sniff(fileobj.read(SNIFF_BYTES))
        if kind is FileKind.ZIP:
            fileobj.seek(start)
            kind = _office_kind(fileobj)
        return kind
    finally:
        fileobj.seek(start)


def _is_heif(head: bytes) -> bool:
    """ISO-BMFF ``ftyp`` box: size, b"ftyp", major brand, minor version, compatible brands."""
    if head[4:8] != b"ftyp":
        return False
    box_end = min(int.from_bytes(head[:4], "big"), len(head))
    compatible = (head[offset : offset + 4] for offset in range(16, box_end - 3, 4))
    brands = {head[8:12], *compatible}
    if brands & _HEVC_BRANDS:
        return True
    return bool(brands & _GENERIC_HEIF_BRANDS) and not brands & _AVIF_BRANDS


def _office_kind(fileobj: BinaryIO) -> FileKind:
    """Tell DOCX/XLSX apart from other ZIPs by their main part; only the directory is read."""
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):  # damaged or exotic archive
        return FileKind.ZIP
    if "word/document.xml" in names:
        return FileKind.DOCX
    if "xl/workbook.xml" in names:
        return FileKind.XLSX
    return FileKind.ZIP
