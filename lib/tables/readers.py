"""Reading an uploaded task table into blocks, whatever the file is named.

The format is told from the content: a zip with word/document.xml is Word, with xl/workbook.xml is
Excel; an OLE2 compound file is an encrypted or legacy Office file (.xls is read directly, .doc, .wps
and .et are converted with LibreOffice); anything else is read as text. A zip is inflated once under
``IMPORT_ARCHIVE_LIMITS`` before any parser sees it.
"""

import codecs
import io
import zipfile
from pathlib import PurePath

import msoffcrypto

from lib import archives
from lib.archives import ArchiveError, ArchiveLimits, check_office_zip

from .convert import convert_with_libreoffice
from .docx_reader import read_docx
from .errors import TableReadError
from .model import Block, Table
from .text_reader import read_text
from .xls_reader import read_xls
from .xlsx_reader import read_xlsx

__all__ = ["TableReadError", "read_blocks"]

UNSUPPORTED_FORMAT = "不支持的文件格式（支持 .docx、.xlsx、.xls、.doc、.wps、.et 和 .txt）"
# A task table is a few megabytes of XML at most; evidence documents may be larger.
IMPORT_ARCHIVE_LIMITS = ArchiveLimits(max_members=2_000, max_total_bytes=100 * 1024 * 1024)
_OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DAMAGED_WORD = "文件已损坏，无法作为 Word 文档读取"
_DAMAGED_EXCEL = "文件已损坏，无法作为 Excel 工作簿读取"
MACRO_MESSAGE = "文件含有宏（.docm/.xlsm），为安全起见不予读取；请另存为不含宏的 .docx 或 .xlsx 后再导入"
_MACRO_PARTS = frozenset({"word/vbaProject.bin", "xl/vbaProject.bin"})
ENCRYPTED = "文件已加密，请先在 Word/Excel/WPS 中取消密码后再导入"
_SPREADSHEET_SUFFIXES = (".xls", ".et", ".ett")
_TEXT_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_TEXT_WHITESPACE = frozenset("\t\n\r\f\v")


def read_blocks(data: bytes, filename: str) -> list[Block]:
    """Paragraphs and tables of the file in document order.

    ``filename`` only refines the message for a damaged zip. Raises TableReadError.
    """
    blocks = _read_by_content(data, filename)
    if not any(isinstance(block, Table) for block in blocks):
        raise TableReadError("文件中没有找到表格")
    return blocks


def check_upload(data: bytes, filename: str) -> None:
    """The cheap checks an upload passes before it is stored and queued: not empty, a known kind of
    file, and a ZIP directory that admits to nothing excessive (nothing is inflated here)."""
    if not data.strip():
        raise TableReadError("文件为空")
    if data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                members = archive.infolist()
        except (zipfile.BadZipFile, ValueError) as error:
            raise TableReadError(_damaged_zip_message(data, filename)) from error
        if len(members) > IMPORT_ARCHIVE_LIMITS.max_members:
            raise TableReadError(archives.TOO_MANY_MEMBERS_MESSAGE)
        if sum(member.file_size for member in members) > IMPORT_ARCHIVE_LIMITS.max_total_bytes:
            raise TableReadError(archives.BOMB_MESSAGE)
        names = {member.filename for member in members}
        if names & _MACRO_PARTS:
            raise TableReadError(MACRO_MESSAGE)
        if not names & {"word/document.xml", "xl/workbook.xml"}:
            raise TableReadError(UNSUPPORTED_FORMAT)
    elif not data.startswith(_OLE2_SIGNATURE):
        _decode_text(data)


def _read_by_content(data: bytes, filename: str) -> list[Block]:
    if not data.strip():
        raise TableReadError("文件为空")
    if data.startswith(b"PK"):
        return _read_zip(data, filename)
    if data.startswith(_OLE2_SIGNATURE):
        return _read_ole2(data, filename)
    return read_text(_decode_text(data))


def _read_zip(data: bytes, filename: str) -> list[Block]:
    try:
        check_office_zip(data, IMPORT_ARCHIVE_LIMITS)
    except ArchiveError as error:
        if error.message not in (archives.DAMAGED_MESSAGE, archives.NOT_ZIP_MESSAGE):
            raise TableReadError(error.message) from error
        raise TableReadError(_damaged_zip_message(data, filename)) from error
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError) as error:
        raise TableReadError(_damaged_zip_message(data, filename)) from error
    if names & _MACRO_PARTS:
        raise TableReadError(MACRO_MESSAGE)
    if "word/document.xml" in names:
        return read_docx(data)
    if "xl/workbook.xml" in names:
        return read_xlsx(data)
    raise TableReadError(UNSUPPORTED_FORMAT)


def _damaged_zip_message(data: bytes, filename: str) -> str:
    # Entry names survive in the local headers of a truncated zip; the extension is the last resort.
    extension = PurePath(filename).suffix.lower()
    if b"word/" in data or (b"xl/" not in data and extension == ".docx"):
        return _DAMAGED_WORD
    if b"xl/" in data or extension == ".xlsx":
        return _DAMAGED_EXCEL
    return "文件已损坏，无法读取"


def _read_ole2(data: bytes, filename: str) -> list[Block]:
    """Encrypted OOXML, Excel 97 (read directly), or Word 97 / WPS / ET (converted)."""
    try:
        office_file = msoffcrypto.OfficeFile(io.BytesIO(data))
        office_format, encrypted = office_file.format, office_file.is_encrypted()
    except Exception:  # msoffcrypto and olefile raise assorted errors; WPS files are not known to it
        office_format, encrypted = None, False
    if office_format == "ooxml" or encrypted:
        raise TableReadError(ENCRYPTED)
    suffix = PurePath(filename).suffix.lower()
    if office_format == "xls97":
        return read_xls(data)
    if office_format == "doc97" or suffix in (".doc", ".wps", ".wpt", ".dot"):
        converted = convert_with_libreoffice(data, source_suffix=suffix if suffix in (".wps", ".wpt", ".dot") else ".doc",
                                             target="docx", kind="Word/WPS 文字")
        return _read_zip(converted, "converted.docx")
    if suffix in _SPREADSHEET_SUFFIXES:
        converted = convert_with_libreoffice(data, source_suffix=suffix, target="xlsx", kind="Excel/WPS 表格")
        return _read_zip(converted, "converted.xlsx")
    raise TableReadError(UNSUPPORTED_FORMAT)


def _decode_text(data: bytes) -> str:
    text = _decode(data)
    if text is None or any(ord(char) < 32 and char not in _TEXT_WHITESPACE for char in text):
        raise TableReadError(UNSUPPORTED_FORMAT)
    if _is_web_page(text):
        raise TableReadError("文件实际是网页格式（HTML），请在 Word 中打开后另存为 .docx 再导入")
    return text


def _decode(data: bytes) -> str | None:
    for bom, encoding in _TEXT_BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    # Plain text from Chinese Windows is often GB18030 (GBK) rather than UTF-8.
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _is_web_page(text: str) -> bool:
    """Web systems export "Word" files that are HTML or MHT in disguise."""
    start = text.lstrip()[:200].lower()
    return start.startswith(("<!doctype html", "<html", "mime-version:"))
