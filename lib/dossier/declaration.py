"""The 网上申报 package: per declaration item a folder with its 说明报告 (DOCX), the chosen photos as
upright, size-bounded JPEGs named by their captions, the normative documents and a filled
测评材料提交表, plus a warning list at the top."""

import io
import time
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import BinaryIO

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from lib.dossier.docx_writer import BODY_FONT, HEADING_FONT, MARGINS_MM, TITLE_FONT, set_fonts
from lib.dossier.names import UniqueNames, safe_name, without_trailing_punctuation
from lib.dossier.originals_zip import copy_into
from lib.dossier.photos import print_photos

WARNINGS_NAME = "警示清单.txt"
FORM_NAME = "测评材料提交表.docx"
REPORT_NAME = "说明报告.docx"
# Web upload forms take a photo of a few hundred KB and show it on screen: a long side of 1,600 px
# keeps a 4:3 photo at 1600×1200 (1200×1600 upright portrait), about 300–500 KB at JPEG quality 85.
WEB_PHOTO_BOX = (1600, 1600)


@dataclass(frozen=True)
class PackageFile:
    name: str
    open: Callable[[], BinaryIO]
    sha256: str = ""


@dataclass(frozen=True)
class PackagePhoto:
    stem: str  # "01 主题 时间": the file name without extension; the package stores it as .jpg
    extension: str  # the original's, for the copy kept when the photo cannot be decoded
    open: Callable[[], BinaryIO]
    sha256: str = ""


@dataclass(frozen=True)
class PackageReport:
    heading: str  # "行财科《道德讲堂》": which unit's activity the text reports on
    text: str
    chars: int


@dataclass(frozen=True)
class DeclarationPackageItem:
    number: int
    ref: str
    title: str  # the task's text
    responsible: str
    contact: str
    report_title: str = ""
    reports: tuple[PackageReport, ...] = ()  # the approved reports, one per activity
    photos: tuple[PackagePhoto, ...] = ()  # in the chosen order
    documents: tuple[PackageFile, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def report_chars(self) -> int:
        return sum(report.chars for report in self.reports)


def report_title(ref: str, title: str) -> str:
    """"Ⅲ-13-1 深入推进“我们的节日”主题活动说明报告": a task text ending in "；" or "。" must not
    leave that mark in the middle of the title (closing quotes, brackets and the ellipsis of a
    shortened text stay)."""
    return f"{ref} {without_trailing_punctuation(title)}说明报告"


def _document() -> Document:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side, mm in MARGINS_MM.items():
        setattr(section, f"{side}_margin", Mm(mm))
    set_fonts(document.styles["Normal"], BODY_FONT, 16)
    return document


def _title(document: Document, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_fonts(paragraph.add_run(text), TITLE_FONT, 22)


def report_docx(item: DeclarationPackageItem) -> bytes:
    """One document for the item, as the declaration takes one 说明报告 per item; with several
    approved reports (每个单位300字) each follows under its unit and activity, with its own 字数."""
    document = _document()
    _title(document, item.report_title or f"{item.ref}说明报告")
    several = len(item.reports) > 1
    for report in item.reports:
        if several:
            set_fonts(document.add_paragraph().add_run(report.heading), HEADING_FONT, 16)
        for line in report.text.splitlines():
            if line.strip():
                document.add_paragraph(line.strip()).paragraph_format.first_line_indent = Pt(32)
        if several:
            document.add_paragraph(f"（本部分 {report.chars} 字）").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    note = document.add_paragraph(f"（全文 {item.report_chars} 字）")
    note.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return _bytes(document)


def submission_form_docx(item: DeclarationPackageItem, contents: list[str]) -> bytes:
    document = _document()
    _title(document, "测评材料提交表")
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.autofit = False
    table.columns[0].width, table.columns[1].width = Mm(35), Mm(121)
    rows = (("测评项目", f"{item.ref}　{without_trailing_punctuation(item.title)}"), ("责任单位", item.responsible),
            ("材料清单", "\n".join(f"{n}. {name}" for n, name in enumerate(contents, start=1)) or "（无）"),
            ("说明报告字数", f"{item.report_chars} 字" if item.reports else "（未提供）"),
            ("联系人", item.contact), ("联系电话", ""))
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].width, cells[1].width = Mm(35), Mm(121)
        set_fonts(cells[0].paragraphs[0].add_run(label), HEADING_FONT, 14)
        cells[1].text = value
    return _bytes(document)


def _bytes(document: Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write_package(out: BinaryIO, items: Iterable[DeclarationPackageItem], *,
                  on_item: Callable[[], None] = lambda: None, workers: int = 1) -> list[str]:
    """Write the package; returns the warnings (also written to 警示清单.txt)."""
    top = UniqueNames()
    warnings: list[str] = []
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for item in items:
            folder = top.add(without_trailing_punctuation(
                safe_name(f"{item.number:02d} {item.ref} {item.title}", max_bytes=80)))
            names = UniqueNames()
            contents = []
            item_warnings = list(item.warnings)
            if item.reports:
                archive.writestr(f"{folder}/{names.add(REPORT_NAME)}", report_docx(item))
                contents.append(f"说明报告（{item.report_chars}字）")
            photo_names = UniqueNames()
            converted = print_photos((photo.open for photo in item.photos), WEB_PHOTO_BOX, workers=workers)
            for photo, jpeg in zip(item.photos, converted, strict=True):
                if jpeg is None:  # undecodable: the original still goes in, and the list says so
                    name = photo_names.add(f"{photo.stem}.{photo.extension}")
                    copy_into(archive, f"{folder}/图片/{name}", photo.open, photo.sha256)
                    item_warnings.append(f"图片“{name}”无法转换为 JPEG，已放入原文件，请人工处理")
                else:
                    name = photo_names.add(f"{photo.stem}.jpg")
                    _write_stored(archive, f"{folder}/图片/{name}", jpeg.jpeg)
                contents.append(f"图片：{name}")
            document_names = UniqueNames()
            for file in item.documents:
                name = document_names.add(file.name)
                copy_into(archive, f"{folder}/规范文件/{name}", file.open, file.sha256)
                contents.append(f"规范文件：{name}")
            archive.writestr(f"{folder}/{names.add(FORM_NAME)}", submission_form_docx(item, contents))
            warnings += [f"{item.ref}：{warning}" for warning in item_warnings]
            on_item()
        archive.writestr(WARNINGS_NAME, ("\n".join(warnings) or "所有申报项目均已满足要求。") + "\n")
    return warnings


def _write_stored(archive: zipfile.ZipFile, path: str, data: bytes) -> None:
    """A JPEG is compressed already: deflating it again costs time and saves nothing."""
    info = zipfile.ZipInfo(path, date_time=time.localtime()[:6])
    info.compress_type = zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)
