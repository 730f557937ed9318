import io
import os
import shutil
import subprocess
import zipfile

import docx
import msoffcrypto
import openpyxl
from msoffcrypto.format.ooxml import OOXMLFile
import pytest

from lib.tables import Cell, Paragraph, Table, TableReadError, read_blocks
from lib.tables.convert import NO_CONVERTER
from lib.tables.readers import ENCRYPTED, UNSUPPORTED_FORMAT
from lib.tables.text import normalise_text

from .builders import FORMATS, add_table, docx_bytes, fixture_bytes, save_docx, xlsx_bytes


def tables(blocks):
    return [block for block in blocks if isinstance(block, Table)]


def paragraphs(blocks):
    return [block.text for block in blocks if isinstance(block, Paragraph)]


def table_shape(blocks):
    """Cell texts (blank lines dropped) and merge flags: what must agree across formats."""
    return [
        [[(normalise_text(cell.text), cell.merged) for cell in row] for row in table.rows]
        for table in tables(blocks)
    ]


# --- the fixtures -----------------------------------------------------------------------------------


@pytest.mark.parametrize("extension", FORMATS)
def test_fixture_has_five_tables_of_the_expected_size(extension):
    blocks = read_blocks(fixture_bytes(extension), f"table.{extension}")
    sizes = [(len(table.rows), len(table.rows[0])) for table in tables(blocks)]
    assert sizes == [(21, 4), (6, 3), (16, 4), (4, 4), (3, 4)]


def test_fixture_tables_agree_across_formats():
    shapes = {extension: table_shape(read_blocks(fixture_bytes(extension), "x")) for extension in FORMATS}
    assert shapes["txt"] == shapes["docx"] == shapes["xlsx"]


@pytest.mark.parametrize("extension", FORMATS)
def test_fixture_merged_category_copies_the_top_cell(extension):
    first = tables(read_blocks(fixture_bytes(extension), "x"))[0]
    assert [cell.merged for cell in first.rows[1]] == [False] * 4
    assert first.rows[2][0].merged
    assert normalise_text(first.rows[2][0].text) == "组织领导\n组织领导"
    assert not first.rows[6][0].merged  # 创建氛围 starts a new merge
    assert normalise_text(first.rows[6][0].text) == "创建氛围"


@pytest.mark.parametrize("extension", ["txt", "docx"])
def test_fixture_headings_stay_between_tables_in_order(extension):
    blocks = read_blocks(fixture_bytes(extension), "x")
    kinds = ["P" if isinstance(block, Paragraph) else "T" for block in blocks]
    assert "".join(kinds) == "PPTPTPTPPTPPT"
    assert paragraphs(blocks)[:2] == [
        "益阳市司法局创建全国文明城市工作任务分解表",
        "一、共性任务责任分解表（30分）",
    ]
    assert "四、明查暗访任务责任分解表" in paragraphs(blocks)


def test_fixture_xlsx_title_rows_become_paragraphs_one_sheet_per_table():
    blocks = read_blocks(fixture_bytes("xlsx"), "x")
    assert "".join("P" if isinstance(block, Paragraph) else "T" for block in blocks) == "PT" * 5
    assert blocks[0].text == "益阳市司法局创建全国文明城市工作任务分解表——一、共性任务责任分解表（30分）"
    assert [cell.text for cell in blocks[1].rows[0]] == [
        "考核项目",
        "考  核  实  施  细  则",
        "责任科室",
        "工作建议",
    ]


# --- format detection by content -----------------------------------------------------------------


@pytest.mark.parametrize("extension", FORMATS)
def test_format_is_told_by_content_not_by_name(extension):
    by_name = read_blocks(fixture_bytes(extension), f"table.{extension}")
    misnamed = read_blocks(fixture_bytes(extension), "table.pdf")
    assert misnamed == by_name


def test_text_in_gb18030_and_utf16_reads_like_utf8():
    text = fixture_bytes("txt").decode("utf-8")
    expected = read_blocks(text.encode("utf-8"), "a.txt")
    assert read_blocks(text.encode("gb18030"), "a.txt") == expected
    assert read_blocks(text.encode("utf-16"), "a.txt") == expected
    assert read_blocks(b"\xef\xbb\xbf" + text.encode("utf-8"), "a.txt") == expected


# --- Word structure ---------------------------------------------------------------------------------


def test_docx_paragraphs_between_tables_are_kept_in_order():
    data = docx_bytes(
        "标题", "一、甲表", [["考核项目", "责任科室"], ["a", "b"]], "", "二、乙表", [["x", "y"]]
    )
    blocks = read_blocks(data, "a.docx")
    assert blocks == [
        Paragraph("标题"),
        Paragraph("一、甲表"),
        Table([[Cell("考核项目"), Cell("责任科室")], [Cell("a"), Cell("b")]]),
        Paragraph("二、乙表"),
        Table([[Cell("x"), Cell("y")]]),
    ]


def test_docx_merges_yield_one_logical_cell_per_grid_column():
    document = docx.Document()
    table = add_table(document, [["项目", "内容", "科室"], ["", "", ""], ["", "", ""], ["", "", ""]])
    category = table.cell(1, 0).merge(table.cell(3, 0))
    category.text = "组织领导"
    spanning = table.cell(2, 1).merge(table.cell(2, 2))
    spanning.text = "跨两列"
    table.cell(1, 1).text = "1、内容"
    table.cell(1, 2).text = "政治部"
    [found] = tables(read_blocks(save_docx(document), "a.docx"))
    assert found.rows[1] == [Cell("组织领导"), Cell("1、内容"), Cell("政治部")]
    assert found.rows[2] == [Cell("组织领导", merged=True), Cell("跨两列"), Cell("")]
    assert found.rows[3][0] == Cell("组织领导", merged=True)
    assert all(len(row) == 3 for row in found.rows)


# --- Excel structure --------------------------------------------------------------------------------


def test_xlsx_merged_ranges_resolve_vertically_and_horizontally():
    data = xlsx_bytes(
        {
            "表": [
                ["标题"],
                ["考核项目", "考核实施细则", "分值"],
                ["组织领导", "1、甲", 2],
                [None, "2、乙", 1.5],
            ]
        },
        merges={"表": ["A1:C1", "A3:A4"]},
    )
    blocks = read_blocks(data, "a.xlsx")
    assert blocks[0] == Paragraph("标题")
    assert blocks[1].rows == [
        [Cell("考核项目"), Cell("考核实施细则"), Cell("分值")],
        [Cell("组织领导"), Cell("1、甲"), Cell("2")],
        [Cell("组织领导", merged=True), Cell("2、乙"), Cell("1.5")],
    ]


def test_xlsx_skips_hidden_and_empty_sheets_and_empty_rows():
    workbook = openpyxl.load_workbook(
        io.BytesIO(xlsx_bytes({"甲": [["a", "b"], [], ["c", "d"]], "乙": [], "丙": [["x", "y"]]}))
    )
    workbook["丙"].sheet_state = "hidden"
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert read_blocks(buffer.getvalue(), "a.xlsx") == [
        Table([[Cell("a"), Cell("b")], [Cell("c"), Cell("d")]])
    ]


# --- text structure ---------------------------------------------------------------------------------


def test_text_caption_after_a_complete_row_ends_the_table_but_item_lines_do_not():
    text = "\n".join(
        [
            "一、甲表（3分）",
            "\t考核项目",
            "\t考核内容",
            "\t工作要求",
            "",
            "\t组织领导",
            "\t1、甲（2分）",
            "\t要求一",
            "2、续行（1分）",  # continues the last cell at a row's end: not a caption
            "",
            "\t",
            "\t3、丙",
            "\t要求三",
            "二、乙任务责任分解表",
            "\t考核项目",
            "\t责任科室",
            "",
            "\tx",
            "\ty",
        ]
    )
    blocks = read_blocks(text.encode(), "a.txt")
    assert paragraphs(blocks) == ["一、甲表（3分）", "二、乙任务责任分解表"]
    first, second = tables(blocks)
    assert first.rows[1][2].text == "要求一\n2、续行（1分）"
    assert first.rows[2] == [Cell("组织领导", merged=True), Cell("3、丙"), Cell("要求三")]
    assert second.rows == [[Cell("考核项目"), Cell("责任科室")], [Cell("x"), Cell("y")]]


# --- bad input --------------------------------------------------------------------------------------


def read_error(data: bytes, filename: str = "a.docx") -> str:
    with pytest.raises(TableReadError) as raised:
        read_blocks(data, filename)
    return str(raised.value)


def zip_bytes(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize("data", [b"", b"  \r\n\t "], ids=["nothing", "whitespace"])
def test_empty_file(data):
    assert read_error(data) == "文件为空"


def test_random_bytes_are_unsupported():
    assert read_error(os.urandom(4096), "a.txt") == UNSUPPORTED_FORMAT


def test_zip_that_is_not_office_is_unsupported():
    assert (
        read_error(zip_bytes({"readme.txt": "hello"}), "a.zip")
        == UNSUPPORTED_FORMAT
    )


def test_docx_without_tables():
    assert read_error(docx_bytes("只有一段文字")) == "文件中没有找到表格"


def test_text_without_tables():
    assert read_error("只有一段文字\n第二段".encode(), "a.txt") == "文件中没有找到表格"


def test_truncated_docx_is_damaged_word():
    data = fixture_bytes("docx")
    assert read_error(data[: len(data) // 2]) == "文件已损坏，无法作为 Word 文档读取"
    assert read_error(data[:40], "table.docx") == "文件已损坏，无法作为 Word 文档读取"


def test_truncated_xlsx_is_damaged_excel():
    data = fixture_bytes("xlsx")
    assert read_error(data[: len(data) // 2], "a.bin") == "文件已损坏，无法作为 Excel 工作簿读取"


def test_docx_with_broken_document_xml_is_damaged_word():
    data = zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document"})
    assert read_error(data) == "文件已损坏，无法作为 Word 文档读取"


def test_encrypted_xlsx():
    encrypted = io.BytesIO()
    OOXMLFile(io.BytesIO(fixture_bytes("xlsx"))).encrypt("secret", encrypted)
    assert read_error(encrypted.getvalue(), "a.xlsx") == ENCRYPTED


def test_compound_file_that_is_not_office_is_unsupported():
    fake_ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    assert read_error(fake_ole2) == UNSUPPORTED_FORMAT


def legacy_bytes(data: bytes, suffix: str, target: str, tmp_path) -> bytes:
    """A real Word 97 / Excel 97 file, saved by LibreOffice."""
    source = tmp_path / f"modern{suffix}"
    source.write_bytes(data)
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", target, "--outdir", str(tmp_path), str(source)], check=True,
                   capture_output=True, timeout=120)
    return (tmp_path / f"modern.{target}").read_bytes()


needs_libreoffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice 未安装")
LEGACY_ROWS = [["考核项目", "考核实施细则", "责任科室"], ["组织领导", "1、成立领导小组（2分）", "办公室"],
               ["", "2、制定方案（1分）", "政治部、办公室"]]


@needs_libreoffice
def test_xls_is_read_directly_with_its_merges(tmp_path):
    xls = legacy_bytes(xlsx_bytes({"表": LEGACY_ROWS}, merges={"表": ["A2:A3"]}), ".xlsx", "xls", tmp_path)
    table = tables(read_blocks(xls, "table.xls"))[0]
    assert table.rows[2] == [Cell("组织领导", merged=True), Cell("2、制定方案（1分）"), Cell("政治部、办公室")]


@needs_libreoffice
def test_doc_is_converted_with_libreoffice(tmp_path):
    # python-docx writes tables without column widths, which LibreOffice drops on saving a .doc.
    doc = legacy_bytes(fixture_bytes("docx"), ".docx", "doc", tmp_path)
    converted, original = (table_shape(read_blocks(data, "table.doc"))[0] for data in (doc, fixture_bytes("docx")))
    assert converted == original


def test_doc_without_libreoffice_asks_to_save_as_docx(monkeypatch):
    class Word97:
        format = "doc97"

        def is_encrypted(self):
            return False

    monkeypatch.setattr(msoffcrypto, "OfficeFile", lambda file: Word97())
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert read_error(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "a.doc") == NO_CONVERTER.format(
        kind="Word/WPS 文字", target=".docx")


def test_html_saved_as_doc_asks_to_save_as_docx():
    message = read_error(
        "<html><body><table><tr><td>考核项目</td></tr></table></body></html>".encode(), "a.doc"
    )
    assert message == "文件实际是网页格式（HTML），请在 Word 中打开后另存为 .docx 再导入"
