"""The 网上申报 package: per declaration item a folder with its 说明报告 (DOCX), the chosen captioned
photos, the normative documents and a filled 测评材料提交表, plus a warning list at the top."""

import io
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import BinaryIO

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from lib.dossier.docx_writer import BODY_FONT, HEADING_FONT, MARGINS_MM, TITLE_FONT, set_fonts
from lib.dossier.names import UniqueNames, safe_name
from lib.dossier.originals_zip import copy_into

WARNINGS_NAME = "警示清单.txt"
FORM_NAME = "测评材料提交表.docx"
REPORT_NAME = "说明报告.docx"


@dataclass(frozen=True)
class PackageFile:
    name: str
    open: Callable[[], BinaryIO]
    sha256: str = ""


@dataclass(frozen=True)
class DeclarationPackageItem:
    number: int
    ref: str
    title: str  # the task's text
    responsible: str
    contact: str
    report_title: str = ""
    report_text: str = ""
    report_chars: int = 0
    photos: tuple[PackageFile, ...] = ()  # already named "01 主题 时间.jpg", in the chosen order
    documents: tuple[PackageFile, ...] = ()
    warnings: tuple[str, ...] = ()


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
    document = _document()
    _title(document, item.report_title or f"{item.ref}说明报告")
    for line in item.report_text.splitlines():
        if line.strip():
            document.add_paragraph(line.strip()).paragraph_format.first_line_indent = Pt(32)
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
    rows = (("测评项目", f"{item.ref}　{item.title}"), ("责任单位", item.responsible),
            ("材料清单", "\n".join(f"{n}. {name}" for n, name in enumerate(contents, start=1)) or "（无）"),
            ("说明报告字数", f"{item.report_chars} 字" if item.report_text else "（未提供）"),
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
                  on_item: Callable[[], None] = lambda: None) -> list[str]:
    """Write the package; returns the warnings (also written to 警示清单.txt)."""
    top = UniqueNames()
    warnings: list[str] = []
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for item in items:
            folder = top.add(safe_name(f"{item.number:02d} {item.ref} {item.title}", max_bytes=80))
            names = UniqueNames()
            contents = []
            if item.report_text:
                archive.writestr(f"{folder}/{names.add(REPORT_NAME)}", report_docx(item))
                contents.append(f"说明报告（{item.report_chars}字）")
            for group, files in (("图片", item.photos), ("规范文件", item.documents)):
                group_names = UniqueNames()
                for file in files:
                    name = group_names.add(file.name)
                    copy_into(archive, f"{folder}/{group}/{name}", file.open, file.sha256)
                    contents.append(f"{group}：{name}")
            archive.writestr(f"{folder}/{names.add(FORM_NAME)}", submission_form_docx(item, contents))
            warnings += [f"{item.ref}：{warning}" for warning in item.warnings]
            on_item()
        archive.writestr(WARNINGS_NAME, ("\n".join(warnings) or "所有申报项目均已满足要求。") + "\n")
    return warnings
