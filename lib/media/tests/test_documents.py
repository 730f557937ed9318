import io
import zipfile
from datetime import date

import pytest
from msoffcrypto.format.ooxml import OOXMLFile
from pypdf import PdfWriter

from lib.media import FileKind, MediaError, extract_text, sniff_file

from lib.tests.zips import with_declared_sizes

from . import samples

ENCRYPTED = "文档已加密，请取消密码后重新上传"
CORRUPT = "文档已损坏，无法读取"
ZIP_BOMB = "文档解压后体积异常，疑似恶意文件，已拒绝处理"


def extract(data: bytes, **options) -> str:
    stream = io.BytesIO(data)
    return extract_text(stream, sniff_file(stream), **options)


def rejection(data: bytes, kind: FileKind | None = None, **options) -> str:
    stream = io.BytesIO(data)
    with pytest.raises(MediaError) as caught:
        extract_text(stream, kind or sniff_file(stream), **options)
    return caught.value.message_zh


def report_docx(document) -> None:
    document.add_heading("创建全国文明城市工作报告", level=1)
    document.add_paragraph("一、工作进展")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "任务"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "完成情况"  # merged cell: text once
    table.cell(1, 0).text = "背街小巷整治"
    table.cell(1, 1).text = "已完成"
    table.cell(1, 2).text = "100%"
    document.add_paragraph("二、下一步计划")


def encrypt_pdf(data: bytes, **passwords: str) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(data))
    writer.encrypt(algorithm="AES-256", **passwords)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def with_member(data: bytes, name: str, content: bytes) -> bytes:
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


# --- extraction ------------------------------------------------------------------


def test_docx_paragraphs_and_table_cells_in_reading_order():
    assert extract(samples.docx_bytes(report_docx)).splitlines() == [
        "创建全国文明城市工作报告",
        "一、工作进展",
        "任务",
        "完成情况",
        "背街小巷整治",
        "已完成",
        "100%",
        "二、下一步计划",
    ]


def test_xlsx_cells_row_by_row_across_sheets():
    data = samples.xlsx_bytes(
        {
            "任务表": [["序号", "任务", "责任单位"], [1, "道路保洁", "城管局"], [None, None, None]],
            "进度": [["截止日期", date(2024, 6, 30)]],
        }
    )
    assert extract(data).splitlines() == [
        "序号\t任务\t责任单位",
        "1\t道路保洁\t城管局",
        "截止日期\t2024-06-30 00:00:00",
    ]


def test_pdf_text():
    text = extract(samples.pdf(["Civilised city inspection", "Score: 95"]))
    assert "Civilised city inspection" in text
    assert "Score: 95" in text


def test_pdf_with_owner_password_only_is_readable():
    data = encrypt_pdf(samples.pdf(["restricted but readable"]), user_password="", owner_password="owner")
    assert "restricted but readable" in extract(data)


# --- rejections ------------------------------------------------------------------


def test_pdf_with_user_password_is_refused():
    data = encrypt_pdf(samples.pdf(["secret"]), user_password="1234", owner_password="owner")
    assert rejection(data) == ENCRYPTED


def test_password_protected_docx_is_refused():
    encrypted = io.BytesIO()
    OOXMLFile(io.BytesIO(samples.docx_bytes(report_docx))).encrypt("1234", encrypted)
    encrypted.seek(0)
    assert sniff_file(encrypted) is FileKind.OLE2  # Office wraps encrypted DOCX in OLE2
    assert rejection(encrypted.getvalue()) == ENCRYPTED


def test_damaged_ole2_is_corrupt():
    assert rejection(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\xff" * 600) == CORRUPT


def test_damaged_pdf_is_corrupt():
    assert rejection(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n garbage") == CORRUPT


def test_zip_without_document_part_is_corrupt_docx():
    data = with_member(samples.xlsx_bytes({"Sheet": [[1]]}), "note.txt", b"x")
    assert rejection(data, FileKind.DOCX) == CORRUPT


def test_truncated_docx_is_corrupt():
    data = samples.docx_bytes(report_docx)
    assert rejection(data[: len(data) // 2], FileKind.DOCX) == CORRUPT


def test_zip_bomb_by_compression_ratio_is_refused():
    bomb = with_member(samples.docx_bytes(report_docx), "word/media/filler.bin", bytes(20 * 1024 * 1024))
    assert rejection(bomb) == ZIP_BOMB


def test_zip_bomb_that_lies_about_its_sizes_is_refused():
    bomb = with_member(samples.docx_bytes(report_docx), "word/media/filler.bin", bytes(20 * 1024 * 1024))
    lying = with_declared_sizes(bomb, compress_size=2**31 - 1, file_size=2**31 - 1)
    assert rejection(lying) in (ZIP_BOMB, CORRUPT)


def test_zip_bomb_by_total_size_is_refused():
    data = samples.xlsx_bytes({"Sheet": [[1]]})
    assert rejection(data, max_uncompressed_bytes=5_000) == ZIP_BOMB


def test_images_are_not_documents():
    assert (
        rejection(samples.encode(samples.photo(), "JPEG"))
        == "不支持的文档格式：JPEG（请上传 DOCX、XLSX 或 PDF）"
    )
