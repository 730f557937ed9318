"""Plain-text extraction from uploaded documents (DOCX, XLSX, PDF)."""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import BinaryIO

import msoffcrypto
import openpyxl
import pypdf
from docx import Document
from docx.text.paragraph import Paragraph
from lxml import etree

from lib import archives
from lib.archives import ArchiveError, ArchiveLimits, check_office_zip

from .errors import MediaError
from .sniff import FileKind

DEFAULT_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
# Real DOCX/XLSX parts compress below ~30:1; deflate bombs reach ~1000:1. Parts under
# the floor are too small to hurt whatever their ratio.
MAX_COMPRESSION_RATIO = 100
_RATIO_CHECK_FLOOR_BYTES = 1024 * 1024
MAX_ZIP_MEMBERS = 10_000

_ENCRYPTED_MESSAGE = "文档已加密，请取消密码后重新上传"
_CORRUPT_MESSAGE = "文档已损坏，无法读取"
_ZIP_BOMB_MESSAGE = "文档解压后体积异常，疑似恶意文件，已拒绝处理"
_LEGACY_OFFICE_MESSAGE = "不支持旧版 Office 格式（.doc/.xls/.ppt），请另存为 DOCX 或 XLSX 后重新上传"

# Every paragraph in document order, table cells included. Text boxes are stored twice
# (modern markup plus an mc:Fallback copy for old Word), so the fallback is skipped.
_DOCX_PARAGRAPHS = etree.XPath(
    ".//w:p[not(ancestor::mc:Fallback)]",
    namespaces={
        "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    },
)


def extract_text(
    fileobj: BinaryIO,
    kind: FileKind,
    *,
    max_uncompressed_bytes: int = DEFAULT_MAX_UNCOMPRESSED_BYTES,
) -> str:
    """Text of a document as non-empty lines, in reading order.

    ``kind`` comes from :func:`lib.media.sniff.sniff_file`; ``fileobj`` must be a
    seekable binary stream and is read from the start. Raises :class:`MediaError`
    for encrypted, corrupt, oversized or unsupported documents.
    """
    extractor = _EXTRACTORS.get(kind)
    if extractor is None:
        raise MediaError(f"不支持的文档格式：{kind.label_zh}（请上传 DOCX、XLSX 或 PDF）")
    fileobj.seek(0)
    with _parser_failures_as_corrupt():
        if kind in (FileKind.DOCX, FileKind.XLSX):
            _refuse_zip_bomb(fileobj, max_uncompressed_bytes)
        return extractor(fileobj)


@contextmanager
def _parser_failures_as_corrupt() -> Iterator[None]:
    try:
        yield
    except MediaError:
        raise
    except Exception as exc:  # the parsers raise arbitrary exception types on malformed input
        raise MediaError(_CORRUPT_MESSAGE) from exc


def _refuse_zip_bomb(fileobj: BinaryIO, max_uncompressed_bytes: int) -> None:
    """Inflate every member once, counting real bytes, before any parser touches the archive."""
    limits = ArchiveLimits(max_members=MAX_ZIP_MEMBERS, max_total_bytes=max_uncompressed_bytes,
                           max_ratio=MAX_COMPRESSION_RATIO, ratio_floor_bytes=_RATIO_CHECK_FLOOR_BYTES)
    try:
        check_office_zip(fileobj, limits)
    except ArchiveError as error:
        if error.message in (archives.DAMAGED_MESSAGE, archives.NOT_ZIP_MESSAGE):
            raise MediaError(_CORRUPT_MESSAGE) from error
        if error.message == archives.DTD_MESSAGE:
            raise MediaError(error.message) from error
        raise MediaError(_ZIP_BOMB_MESSAGE) from error


def _docx_text(fileobj: BinaryIO) -> str:
    document = Document(fileobj)
    paragraphs = _DOCX_PARAGRAPHS(document.element.body)
    return _join_lines(Paragraph(paragraph, document).text for paragraph in paragraphs)


def _xlsx_text(fileobj: BinaryIO) -> str:
    # read_only streams rows instead of building every sheet in memory.
    workbook = openpyxl.load_workbook(fileobj, read_only=True, data_only=True)
    try:
        return _join_lines(_xlsx_rows(workbook))
    finally:
        workbook.close()


def _xlsx_rows(workbook: openpyxl.Workbook) -> Iterator[str]:
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            yield "\t".join(str(value) for value in row if value is not None)


def _pdf_text(fileobj: BinaryIO) -> str:
    reader = pypdf.PdfReader(fileobj)
    # A PDF with only an owner password (print/copy restrictions) opens with the empty
    # user password; only a real user password stops us.
    if reader.is_encrypted and reader.decrypt("") == pypdf.PasswordType.NOT_DECRYPTED:
        raise MediaError(_ENCRYPTED_MESSAGE)
    return _join_lines(page.extract_text() for page in reader.pages)


def _reject_ole2(fileobj: BinaryIO) -> str:
    """OLE2 is either a password-protected DOCX/XLSX (Office wraps those) or a legacy binary file."""
    try:
        encrypted = msoffcrypto.OfficeFile(fileobj).is_encrypted()
    except msoffcrypto.exceptions.FileFormatError:  # valid OLE2, but no Office streams
        encrypted = False
    raise MediaError(_ENCRYPTED_MESSAGE if encrypted else _LEGACY_OFFICE_MESSAGE)


def _join_lines(lines: Iterable[str]) -> str:
    return "\n".join(line for line in lines if line.strip())


_EXTRACTORS: dict[FileKind, Callable[[BinaryIO], str]] = {
    FileKind.DOCX: _docx_text,
    FileKind.XLSX: _xlsx_text,
    FileKind.PDF: _pdf_text,
    FileKind.OLE2: _reject_ole2,
}
