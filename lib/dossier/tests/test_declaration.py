import io
import zipfile

import pytest
from docx import Document
from PIL import Image

from lib.dossier.declaration import (
    REPORT_NAME,
    WARNINGS_NAME,
    DeclarationPackageItem,
    PackagePhoto,
    PackageReport,
    report_title,
    write_package,
)
from lib.media.tests import samples


@pytest.mark.parametrize("title, expected", [
    ("深入推进“我们的节日”主题活动；", "Ⅲ-1 深入推进“我们的节日”主题活动说明报告"),
    ("开展道德讲堂活动情况。 ", "Ⅲ-1 开展道德讲堂活动情况说明报告"),
    ("开展道德讲堂活动情况：", "Ⅲ-1 开展道德讲堂活动情况说明报告"),
    ("引用“我们的节日”", "Ⅲ-1 引用“我们的节日”说明报告"),
    ("很长的任务内容…", "Ⅲ-1 很长的任务内容…说明报告"),
    ("（含括号）", "Ⅲ-1 （含括号）说明报告"),
])
def test_report_title_drops_trailing_punctuation_only(title, expected):
    assert report_title("Ⅲ-1", title) == expected


def _photo(stem: str, data: bytes, extension: str = "jpg") -> PackagePhoto:
    return PackagePhoto(stem=stem, extension=extension, open=lambda: io.BytesIO(data))


def _package(item: DeclarationPackageItem) -> tuple[zipfile.ZipFile, list[str]]:
    out = io.BytesIO()
    warnings = write_package(out, [item])
    return zipfile.ZipFile(out), warnings


def test_photos_become_upright_bounded_jpegs_and_undecodable_ones_are_kept_and_warned():
    big = samples.encode(samples.photo((4000, 3000), seed=1), "JPEG", exif=samples.exif(orientation=8))
    webp = samples.encode(samples.photo((800, 600), seed=2), "WEBP")
    item = DeclarationPackageItem(number=1, ref="Ⅲ-1", title="任务", responsible="行财科", contact="张三", photos=(
        _photo("01 主题 时间", big), _photo("02 网页", webp, "webp"), _photo("03 坏图", b"not an image", "heic")))
    archive, warnings = _package(item)
    folder = "01 Ⅲ-1 任务/图片/"
    upright = Image.open(io.BytesIO(archive.read(f"{folder}01 主题 时间.jpg")))
    assert upright.format == "JPEG" and upright.size == (1200, 1600)  # portrait once upright, long side 1600
    assert Image.open(io.BytesIO(archive.read(f"{folder}02 网页.jpg"))).format == "JPEG"
    assert archive.read(f"{folder}03 坏图.heic") == b"not an image"
    assert warnings == ["Ⅲ-1：图片“03 坏图.heic”无法转换为 JPEG，已放入原文件，请人工处理"]
    assert warnings[0] in archive.read(WARNINGS_NAME).decode()


def test_a_small_photo_is_not_enlarged():
    small = samples.encode(samples.photo((640, 480), seed=3), "JPEG")
    item = DeclarationPackageItem(number=1, ref="Ⅲ-1", title="任务", responsible="", contact="",
                                  photos=(_photo("01 小图", small),))
    archive, _ = _package(item)
    assert Image.open(io.BytesIO(archive.read("01 Ⅲ-1 任务/图片/01 小图.jpg"))).size == (640, 480)


def test_one_report_has_no_unit_heading_and_several_have_one_each():
    one = DeclarationPackageItem(number=1, ref="Ⅲ-1", title="任务", responsible="", contact="", report_title="标题",
                                 reports=(PackageReport("行财科《讲堂》", "正文。", 3),))
    archive, _ = _package(one)
    assert [p.text for p in Document(io.BytesIO(archive.read(f"01 Ⅲ-1 任务/{REPORT_NAME}"))).paragraphs] == [
        "标题", "正文。", "（全文 3 字）"]
    several = DeclarationPackageItem(number=1, ref="Ⅲ-1", title="任务", responsible="", contact="",
                                     report_title="标题", reports=(PackageReport("行财科《一》", "甲。", 2),
                                                                 PackageReport("人事科《二》", "乙乙。", 3)))
    archive, _ = _package(several)
    assert [p.text for p in Document(io.BytesIO(archive.read(f"01 Ⅲ-1 任务/{REPORT_NAME}"))).paragraphs] == [
        "标题", "行财科《一》", "甲。", "（本部分 2 字）", "人事科《二》", "乙乙。", "（本部分 3 字）", "（全文 5 字）"]


def test_a_task_texts_closing_mark_leaves_the_folder_and_the_submission_form():
    item = DeclarationPackageItem(number=7, ref="Ⅲ-13-1", title="深入推进“我们的节日”主题活动；", responsible="人事科",
                                  contact="张三")
    archive, _ = _package(item)
    folder = "07 Ⅲ-13-1 深入推进“我们的节日”主题活动/"
    assert f"{folder}测评材料提交表.docx" in archive.namelist()
    form = Document(io.BytesIO(archive.read(f"{folder}测评材料提交表.docx")))
    assert form.tables[0].cell(0, 1).text == "Ⅲ-13-1　深入推进“我们的节日”主题活动"
