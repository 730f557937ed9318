"""Reading an uploaded task table into blocks, whatever the file is named.

The format is told from the content: a zip with word/document.xml is Word, with xl/workbook.xml is
Excel; an OLE2 compound file is an encrypted or legacy Office file; anything else is read as text.
"""

import codecs
import io
import zipfile
from pathlib import PurePath

import msoffcrypto

from .docx_reader import read_docx
from .errors import TableReadError
from .model import Block, Table
from .text_reader import read_text
from .xlsx_reader import read_xlsx

__all__ = ["TableReadError", "read_blocks"]

UNSUPPORTED_FORMAT = "不支持的文件格式（仅支持 .docx、.xlsx 和 .txt）"
_OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DAMAGED_WORD = "文件已损坏，无法作为 Word 文档读取"
_DAMAGED_EXCEL = "文件已损坏，无法作为 Excel 工作簿读取"
_OLE2_MESSAGES = {  # msoffcrypto's format name → what the user should do
    "ooxml": "文件已加密，请先在 Word/Excel 中取消密码后再导入",
    "doc97": "这是旧版 Word 文件（.doc），请在 Word 中另存为 .docx 后再导入",
    "xls97": "这是旧版 Excel 文件（.xls），请在 Excel 中另存为 .xlsx 后再导入",
}
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


def _read_by_content(data: bytes, filename: str) -> list[Block]:
    if not data.strip():
        raise TableReadError("文件为空")
    if data.startswith(b"PK"):
        return _read_zip(data, filename)
    if data.startswith(_OLE2_SIGNATURE):
        raise TableReadError(_ole2_message(data))
    return read_text(_decode_text(data))


def _read_zip(data: bytes, filename: str) -> list[Block]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError) as error:
        raise TableReadError(_damaged_zip_message(data, filename)) from error
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


def _ole2_message(data: bytes) -> str:
    try:
        office_file = msoffcrypto.OfficeFile(io.BytesIO(data))
    except Exception:  # msoffcrypto and olefile raise assorted errors for unknown compound files
        return UNSUPPORTED_FORMAT
    return _OLE2_MESSAGES.get(office_file.format, UNSUPPORTED_FORMAT)


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
