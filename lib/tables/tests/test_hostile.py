"""Hostile tables: each is refused (or read) within seconds and bounded memory, with a Chinese message.

They go through ``parse_file_bounded``, the path the background worker takes.
"""

import io
import re
import time
import zipfile

import pytest
from msoffcrypto.format.ooxml import OOXMLFile

from lib import archives
from lib.tables import TableImportError
from lib.tables.bounded import MEMORY_MESSAGE, TIMEOUT_MESSAGE, parse_file_bounded
from lib.tables.errors import TOO_MANY_CELLS
from lib.tables.readers import ENCRYPTED, MACRO_MESSAGE, check_upload
from lib.tests.zips import with_declared_sizes

from .builders import docx_bytes, xlsx_bytes

ROWS = [["考核项目", "考核内容", "责任单位"], ["组织领导", "1、成立机构（2分）", "办公室"]]


def replaced(data: bytes, member: str, change) -> bytes:
    """The archive with one member's bytes changed (added when missing)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        names = source.namelist()
        for name in names:
            content = source.read(name)
            target.writestr(name, change(content) if name == member else content)
        if member not in names:
            target.writestr(member, change(b""))
    return buffer.getvalue()


def refusal(data: bytes, filename: str, *, seconds: float = 20) -> str:
    started = time.monotonic()
    with pytest.raises(TableImportError) as caught:
        parse_file_bounded(data, filename, seconds=seconds)
    assert time.monotonic() - started < seconds + 5
    assert re.search(r"[\u4e00-\u9fff]", caught.value.message)
    return caught.value.message


def test_honest_bomb_is_refused_before_inflating():
    bomb = replaced(docx_bytes(ROWS), "word/media/fill.bin", lambda _: bytes(110 * 1024 * 1024))
    started = time.monotonic()
    with pytest.raises(TableImportError) as caught:
        check_upload(bomb, "bomb.docx")
    assert caught.value.message == archives.BOMB_MESSAGE
    assert time.monotonic() - started < 2


def test_bomb_in_the_document_part_is_refused_while_streaming():
    bomb = replaced(docx_bytes(ROWS), "word/document.xml",
                    lambda xml: xml.replace(b"</w:body>", b"<w:p/>" * 8_000_000 + b"</w:body>"))
    assert refusal(bomb, "bomb.docx") == archives.BOMB_MESSAGE


def test_bomb_that_lies_about_its_sizes_is_refused():
    bomb = replaced(docx_bytes(ROWS), "word/media/fill.bin", lambda _: bytes(30 * 1024 * 1024))
    assert refusal(with_declared_sizes(bomb, file_size=4096), "bomb.docx") in (
        "文件已损坏，无法作为 Word 文档读取", archives.BOMB_MESSAGE)


def test_billion_laughs_is_refused():
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + b"".join(b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10)
                         for n in range(1, 10))
              + b"]><w:document>&lol9;</w:document>")
    assert refusal(replaced(docx_bytes(ROWS), "word/document.xml", lambda _: laughs), "a.docx") == \
        archives.DTD_MESSAGE


def test_external_entity_is_refused():
    xxe = b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY x SYSTEM "file:///etc/passwd">]><sst>&x;</sst>'
    data = replaced(xlsx_bytes({"表": ROWS}), "xl/sharedStrings.xml", lambda _: xxe)
    assert refusal(data, "a.xlsx") == archives.DTD_MESSAGE


def test_twenty_thousand_entries_are_refused_at_upload():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", b"<w:document/>")
        for index in range(20_000):
            archive.writestr(f"word/media/{index}.xml", b"")
    with pytest.raises(TableImportError) as caught:
        check_upload(buffer.getvalue(), "many.docx")
    assert caught.value.message == archives.TOO_MANY_MEMBERS_MESSAGE


def _sheet_xml_with(data: bytes, change) -> bytes:
    return replaced(data, "xl/worksheets/sheet1.xml", change)


def test_a_cell_in_the_far_corner_costs_nothing():
    far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    data = _sheet_xml_with(xlsx_bytes({"表": ROWS}), lambda xml: xml.replace(b"</sheetData>", far))
    started = time.monotonic()
    table = parse_file_bounded(data, "far.xlsx")
    assert time.monotonic() - started < 5
    assert [task.text for task in table.sections[0].tasks] == ["成立机构"]


def test_a_lying_dimension_and_merge_cost_nothing():
    def lie(xml: bytes) -> bytes:
        xml = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', xml)
        return xml.replace(b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A2:A1048576"/>'
                                            b"</mergeCells>")
    started = time.monotonic()
    table = parse_file_bounded(_sheet_xml_with(xlsx_bytes({"表": ROWS}), lie), "dim.xlsx")
    assert time.monotonic() - started < 5
    assert table.sections[0].tasks[0].category == "组织领导"


def test_more_cells_than_a_task_table_has_are_refused(monkeypatch):
    import lib.tables.xlsx_reader as xlsx_reader

    monkeypatch.setattr(xlsx_reader, "MAX_CELLS", 1_000)  # the forked child sees it; the real limit is 200,000
    many = b"".join(b'<row r="%d">' % row + b"".join(b'<c r="%s%d" t="n"><v>1</v></c>' % (col, row)
                                                     for col in (b"A", b"B", b"C", b"D", b"E"))
                    + b"</row>" for row in range(3, 400))
    data = _sheet_xml_with(xlsx_bytes({"表": ROWS}), lambda xml: xml.replace(b"</sheetData>", many + b"</sheetData>"))
    assert refusal(data, "cells.xlsx") == TOO_MANY_CELLS


def test_truncated_files_are_damaged():
    data = xlsx_bytes({"表": ROWS})
    assert "损坏" in refusal(data[: len(data) * 2 // 3], "cut.xlsx")


def test_encrypted_files_ask_for_the_password_to_be_removed():
    encrypted = io.BytesIO()
    OOXMLFile(io.BytesIO(docx_bytes(ROWS))).encrypt("secret", encrypted)
    assert refusal(encrypted.getvalue(), "secret.docx") == ENCRYPTED


def test_macro_files_are_refused():
    data = replaced(xlsx_bytes({"表": ROWS}), "xl/vbaProject.bin", lambda _: b"\xd0\xcf\x11\xe0macro")
    assert refusal(data, "macro.xlsm") == MACRO_MESSAGE


def test_a_parse_that_runs_too_long_is_stopped():
    # No real parse answers within a millisecond; the child is killed and the caller told why.
    message = refusal(docx_bytes(ROWS), "slow.docx", seconds=0.001)
    assert message == TIMEOUT_MESSAGE.format(seconds=0)


def test_a_parse_that_needs_too_much_memory_is_stopped(monkeypatch):
    import lib.tables.bounded as bounded

    monkeypatch.setattr(bounded, "parse_file", lambda *args: bytearray(4 * 1024 * 1024 * 1024))
    started = time.monotonic()
    with pytest.raises(TableImportError) as caught:
        parse_file_bounded(docx_bytes(ROWS), "big.docx")
    assert caught.value.message == MEMORY_MESSAGE
    assert time.monotonic() - started < 10


def test_the_bounded_parse_gives_what_the_plain_parse_gives():
    from lib.tables import parse_file

    from .builders import fixture_bytes

    assert parse_file_bounded(fixture_bytes("docx"), "t.docx") == parse_file(fixture_bytes("docx"), "t.docx")
