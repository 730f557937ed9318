import hashlib
import io
import zipfile
import zlib

from hypothesis import given, settings
from hypothesis import strategies as st
from isal import isal_zlib
from openpyxl import load_workbook

from lib.dossier.names import MAX_PATH_CHARS
from lib.dossier.originals_zip import INDEX_HEADERS, INDEX_NAME, Original, write_originals

UTF8_FLAG = 0x800


def original(folders, name, data=b"data", **kw):
    return Original(folders=folders, name=name, open=lambda: io.BytesIO(data), **kw)


def build(originals):
    out = io.BytesIO()
    count = write_originals(out, originals)
    out.seek(0)
    return zipfile.ZipFile(out), count


def test_tree_names_index_and_hashes():
    jpeg = bytes(range(256)) * 5000
    archive, count = build([
        original(("共性任务", "创建氛围-2 制作悬挂公益广告", "行财科", "第一期:道德讲堂"), "照片1.jpg", jpeg,
                 task="创建氛围-2", department="行财科", caption="时间：2026年3月5日", taken_at="2026-03-05 09:30"),
        original(("共性任务", "创建氛围-2 制作悬挂公益广告", "行财科", "第一期:道德讲堂"), "照片1.jpg", b"other"),
        original(("共性任务", "创建氛围-2 制作悬挂公益广告", "行财科", "第一期:道德讲堂"), "方案.docx", b"docx"),
    ])
    assert count == 3
    folder = "共性任务/创建氛围-2 制作悬挂公益广告/行财科/第一期：道德讲堂/"
    assert archive.namelist() == [folder + "照片1.jpg", folder + "照片1 (2).jpg", folder + "方案.docx", INDEX_NAME]
    assert all(info.flag_bits & UTF8_FLAG for info in archive.infolist())
    assert archive.getinfo(folder + "照片1.jpg").compress_type == zipfile.ZIP_STORED
    assert archive.read(folder + "照片1.jpg") == jpeg
    rows = list(load_workbook(io.BytesIO(archive.read(INDEX_NAME))).active.values)
    assert rows[0] == INDEX_HEADERS
    assert rows[1][0] == folder + "照片1.jpg"
    assert rows[1][-1] == hashlib.sha256(jpeg).hexdigest()
    assert rows[1][-2] == len(jpeg)
    assert rows[1][6] == "时间：2026年3月5日"
    assert archive.testzip() is None


def test_sibling_folders_that_clash_after_cleaning_are_numbered():
    archive, _ = build([original(("分表", "a."), "x.txt"), original(("分表", "A"), "x.txt")])
    assert archive.namelist()[:2] == ["分表/a/x.txt", "分表/A (2)/x.txt"]


@settings(deadline=None, max_examples=40)  # each example writes a workbook: slow on a busy machine
@given(st.lists(st.tuples(st.text(max_size=30), st.text(max_size=30)), min_size=1, max_size=8))
def test_every_file_gets_its_own_path(pairs):
    archive, count = build([original(("表", folder), name, name.encode()) for folder, name in pairs])
    names = archive.namelist()
    assert count == len(pairs) and len(set(names)) == len(names) == len(pairs) + 1


def test_two_activities_with_the_same_title_are_two_folders():
    archive, _ = build([original(("表", "讲堂"), "a.jpg", folder_ids=(1, 10)),
                        original(("表", "讲堂"), "a.jpg", folder_ids=(1, 11))])
    assert archive.namelist()[:2] == ["表/讲堂/a.jpg", "表/讲堂 (2)/a.jpg"]


@settings(max_examples=200)
@given(st.binary(max_size=70_000), st.integers(min_value=0, max_value=2**32 - 1))
def test_the_fast_crc_zipfile_uses_is_zlibs_crc(data, start):
    assert zipfile.crc32 is isal_zlib.crc32  # swapped in by originals_zip: without it, ZIPs take 1.5× as long
    assert zipfile.crc32(data, start) == zlib.crc32(data, start)


def test_archive_checksums_verify_with_zlib():
    jpeg, text = bytes(range(256)) * 9000, "方案".encode() * 5000
    archive, _ = build([original(("表",), "a.jpg", jpeg), original(("表",), "b.txt", text)])
    for info, data in zip(archive.infolist(), (jpeg, text)):
        assert info.CRC == zlib.crc32(data)


@settings(deadline=None, max_examples=30)
@given(st.lists(st.tuples(st.lists(st.text(min_size=30, max_size=150), min_size=4, max_size=4),
                          st.text(min_size=1, max_size=250)), min_size=1, max_size=4))
def test_whole_paths_stay_short_enough_to_unpack_on_windows(entries):
    entries.append((["Activity photos of the third quarter " * 3] * 4, "IMG_20260305_093012_HDR_" * 8 + ".jpg"))
    archive, _ = build([original(tuple(folders), name) for folders, name in entries])
    assert all(len(name) <= MAX_PATH_CHARS for name in archive.namelist())
    assert archive.namelist()[-2].endswith(".jpg")


def test_entries_carry_their_own_date_and_the_index_is_ready_to_filter():
    archive, _ = build([original(("表",), "a.jpg", modified=(2026, 3, 5, 9, 30, 12)), original(("表",), "b.jpg")])
    assert archive.getinfo("表/a.jpg").date_time == (2026, 3, 5, 9, 30, 12)
    assert archive.getinfo("表/b.jpg").date_time[0] >= 2026
    sheet = load_workbook(io.BytesIO(archive.read(INDEX_NAME))).active
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:J3"
    assert sheet.column_dimensions["A"].width > 40


def test_a_date_before_1980_is_not_refused_but_replaced_by_now():
    """ZIP dates start in 1980; a camera clock left at 1970 must not stop the archive."""
    archive, _ = build([original(("表",), "a.jpg", modified=(1970, 1, 1, 0, 0, 0))])
    assert archive.getinfo("表/a.jpg").date_time[0] >= 2026
