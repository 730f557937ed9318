"""The dossier (台账) as a Word document in the manner of GB/T 9704: A4, its margins, 方正小标宋
title, 黑体 headings, 仿宋_GB2312 body, page numbers in the footer, a table of contents that Word
fills in on opening, and photo sheets of 1, 2, 4 or 6 captioned photos per page.

Photos bypass python-docx's ``add_picture``: it compares each new image's SHA-1 with every image
already added (hashing them all again), numbers the part by scanning them and the shape by searching
the whole document, so 1,000 photos took 17 s and 5,000 would take minutes; and it keeps every
image in memory until the save. Here each prepared photo is written to a spool folder and numbered
by a counter; its part reads the file back only when the document is saved."""

import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.shape import CT_Inline
from docx.shared import Length, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from lib.dossier.model import PHOTO_LAYOUTS, Activity, Cover, DossierTask, Progress
from lib.dossier.photos import PrintPhoto, box_pixels, print_photos

TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋_GB2312"
LATIN_FONT = "Times New Roman"
# GB/T 9704: top 37 mm, bottom 35 mm, left (binding side) 28 mm, right 26 mm → text area 156 × 225 mm.
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
TEXT_WIDTH_MM, TEXT_HEIGHT_MM = 156, 225
CAPTION_MM = 20  # 图n and three caption lines of 五号 text under each photo
# The page-break paragraph above a photo sheet and the paragraph Word requires after a table.
SHEET_OVERHEAD_MM = 16
CAPTION_STYLE = "照片说明"
CAPTION_STYLE_ID = "照片说明"  # python-docx derives the id from the name (spaces removed)
# photos per page → (columns, rows)
GRID = {1: (1, 1), 2: (1, 2), 4: (2, 2), 6: (2, 3)}
assert set(GRID) == set(PHOTO_LAYOUTS)


def slot_mm(per_page: int) -> tuple[float, float]:
    """The box one photo fits in, leaving room for its caption and the cell padding."""
    columns, rows = GRID[per_page]
    return (TEXT_WIDTH_MM / columns - 4, (TEXT_HEIGHT_MM - SHEET_OVERHEAD_MM) / rows - CAPTION_MM - 4)


def write_dossier(out: BinaryIO, *, cover: Cover, tasks: Iterable[DossierTask], photos_per_page: int,
                  progress: Progress, workers: int = 1) -> None:
    """``workers`` > 1 prepares the photos in that many processes while the document is laid out."""
    if photos_per_page not in GRID:
        raise ValueError(f"photos_per_page must be one of {PHOTO_LAYOUTS}")
    document = _new_document()
    _cover(document, cover)
    _contents(document, tasks := list(tasks))
    box_mm = slot_mm(photos_per_page)
    opens = (photo.open for task in tasks for activity in task.activities for photo in activity.photos)
    with tempfile.TemporaryDirectory(prefix="dossier-photos-") as spool:
        sheets = _Sheets(photos_per_page, box_mm, print_photos(opens, box_pixels(*box_mm), workers=workers),
                         progress, _PhotoSpool(document, Path(spool)))
        for task in tasks:
            _task(document, task, sheets)
            progress.step(0)
        document.save(out)


class _SpooledPhotoPart(Part):
    """A JPEG part whose bytes stay in the spool folder until the document is written."""

    def __init__(self, partname: PackURI, path: Path, package) -> None:
        super().__init__(partname, CONTENT_TYPE.JPEG, package=package)
        self._path = path

    @property
    def blob(self) -> bytes:
        return self._path.read_bytes()


class _PhotoSpool:
    # Shape ids and relationship ids far above those of the template and the text.
    FIRST_ID = 100_000

    def __init__(self, document: Document, folder: Path) -> None:
        self.part, self.folder, self.count = document.part, folder, 0

    def add(self, run, printed: PrintPhoto, width: Length, height: Length) -> None:
        self.count += 1
        path = self.folder / f"{self.count}.jpeg"
        path.write_bytes(printed.jpeg)
        photo_part = _SpooledPhotoPart(PackURI(f"/word/media/photo{self.count}.jpeg"), path, self.part.package)
        r_id = f"rId{self.FIRST_ID + self.count}"
        self.part.rels.add_relationship(RELATIONSHIP_TYPE.IMAGE, photo_part, r_id)
        inline = CT_Inline.new_pic_inline(self.FIRST_ID + self.count, r_id, path.name, width, height)
        run._r.add_drawing(inline)


class _Sheets:
    """How photo sheets are laid out, and the prepared photos in document order."""

    def __init__(self, per_page: int, box_mm: tuple[float, float], printed: Iterator[PrintPhoto | None],
                 progress: Progress, spool: _PhotoSpool) -> None:
        self.per_page, self.box_mm, self.printed, self.progress = per_page, box_mm, printed, progress
        self.spool = spool


# --- document set-up --------------------------------------------------------------------------

def set_fonts(target, east_asian: str, size_pt: float | None = None, *, bold: bool | None = None) -> None:
    """Word picks the Chinese font from w:eastAsia; python-docx's font.name sets only the Latin one."""
    font = target.font
    font.name = LATIN_FONT
    if size_pt is not None:
        font.size = Pt(size_pt)
    if bold is not None:
        font.bold = bold
    font.color.rgb = RGBColor(0, 0, 0)
    r_pr = target.element.get_or_add_rPr()
    fonts = r_pr.get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    fonts.set(qn("w:eastAsia"), east_asian)


def _new_document() -> Document:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side, mm in MARGINS_MM.items():
        setattr(section, f"{side}_margin", Mm(mm))
    section.footer_distance = Mm(20)
    styles = document.styles
    set_fonts(styles["Normal"], BODY_FONT, 14)
    _chinese_language(styles["Normal"])
    styles["Normal"].paragraph_format.space_after = Pt(0)
    styles["Normal"].paragraph_format.line_spacing = 1.25
    set_fonts(styles["Title"], TITLE_FONT, 22, bold=False)
    _remove_border(styles["Title"])
    for name, size in (("Heading 1", 16), ("Heading 2", 14), ("Heading 3", 14)):
        set_fonts(styles[name], HEADING_FONT, size, bold=False)
        styles[name].paragraph_format.space_before = Pt(12)
        styles[name].paragraph_format.space_after = Pt(6)
    caption = styles.add_style(CAPTION_STYLE, 1)
    caption.base_style = styles["Normal"]
    set_fonts(caption, BODY_FONT, 10.5)
    caption.paragraph_format.line_spacing = 1.0
    _footer_page_number(section)
    _update_fields_on_open(document)
    return document


def _chinese_language(style) -> None:
    """Simplified Chinese text: LibreOffice then picks the SC face of a fallback font, not the JP one."""
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")
    style.element.get_or_add_rPr().append(lang)


def _remove_border(style) -> None:
    """The default template underlines Title with a blue rule; GB/T 9704 titles have none."""
    p_pr = style.element.pPr
    for border in p_pr.findall(qn("w:pBdr")) if p_pr is not None else ():
        p_pr.remove(border)


def _field(paragraph: Paragraph, instruction: str, placeholder: str = "") -> None:
    """A complex field (PAGE, TOC …) with an optional cached result shown until it is updated."""
    def fld_char(kind: str):
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)
        return run
    fld_char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    fld_char("separate")
    if placeholder:
        paragraph.add_run(placeholder)
    fld_char("end")


def _footer_page_number(section) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("— ")
    _field(paragraph, "PAGE", "1")
    paragraph.add_run(" —")
    for run in paragraph.runs:
        run.font.size = Pt(14)


def _update_fields_on_open(document: Document) -> None:
    """Word asks to update the table of contents and page numbers when the file opens."""
    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


# --- content ------------------------------------------------------------------------------------

def _cover(document: Document, cover: Cover) -> None:
    for _ in range(4):
        document.add_paragraph()
    unit = document.add_paragraph(cover.unit)
    unit.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_fonts(unit.runs[0], HEADING_FONT, 18)
    document.add_paragraph()
    title = document.add_paragraph(cover.title, style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle = document.add_paragraph(cover.subtitle)
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_fonts(subtitle.runs[0], HEADING_FONT, 16)
    for _ in range(8):
        document.add_paragraph()
    for line in (f"考核年度：{cover.year}年", f"编制日期：{cover.date}"):
        paragraph = document.add_paragraph(line)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_fonts(paragraph.runs[0], BODY_FONT, 16)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _contents(document: Document, tasks: list[DossierTask]) -> None:
    heading = document.add_paragraph("目　录")
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_fonts(heading.runs[0], HEADING_FONT, 16)
    paragraph = document.add_paragraph()
    # Until Word updates the field (it asks on opening), the task list stands in for it.
    _field(paragraph, 'TOC \\o "1-2" \\h \\z \\u', "（打开文件时选择“是”更新目录以显示页码）")
    for task in tasks:
        document.add_paragraph(_task_heading(task))
    document.add_section(WD_SECTION.NEW_PAGE)


def _task_heading(task: DossierTask) -> str:
    return f"{task.ref}　{_short(task.text, 40)}"


def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _task(document: Document, task: DossierTask, sheets: _Sheets) -> None:
    document.add_heading(_task_heading(task), level=1).paragraph_format.page_break_before = True
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    table.columns[0].width, table.columns[1].width = Mm(30), Mm(126)
    for label, value in (("分表", task.section), ("考核项目", task.category), ("考核内容", task.text),
                         ("分值", task.points or "不计分"), ("责任科室", task.departments)):
        row = table.add_row().cells
        row[0].width, row[1].width = Mm(30), Mm(126)
        row[0].text, row[1].text = label, value
    if task.requirements:
        document.add_paragraph("资料要求：").runs[0].bold = True
        for requirement in task.requirements:
            mark = "☑" if requirement.met else "☐"
            document.add_paragraph(f"{mark} {requirement.description}（{'已满足' if requirement.met else '未满足'}）")
    if not task.activities:
        document.add_paragraph("（暂无符合条件的活动资料）")
    for activity in task.activities:
        _activity(document, activity, sheets)


def _activity(document: Document, activity: Activity, sheets: _Sheets) -> None:
    document.add_heading(activity.title, level=2)
    document.add_paragraph(f"日期：{activity.date or '未填'}　科室：{activity.department}　状态：{activity.status}")
    for label, text in activity.fields:
        document.add_paragraph(f"{label}：").runs[0].bold = True
        for line in text.splitlines():
            if line.strip():
                document.add_paragraph(line.strip()).paragraph_format.first_line_indent = Pt(28)
    if activity.attachments:
        document.add_paragraph("附件：").runs[0].bold = True
        for n, attachment in enumerate(activity.attachments, start=1):
            document.add_paragraph(f"{n}. 【{attachment.role}】{attachment.name}")
    photos, per_page = activity.photos, sheets.per_page
    for start in range(0, len(photos), per_page):
        _photo_sheet(document, activity, photos[start:start + per_page], sheets)


def _caption(cell, text: str) -> Paragraph:
    """Set the style id directly: python-docx resolves a style given by name or object with an
    XPath search per paragraph, a quarter of the layout time of a photo sheet."""
    paragraph = cell.add_paragraph(text)
    paragraph._p.style = CAPTION_STYLE_ID
    return paragraph


def _photo_sheet(document: Document, activity: Activity, photos, sheets: _Sheets) -> None:
    columns, rows = GRID[sheets.per_page]
    box_mm = sheets.box_mm
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    table = document.add_table(rows=rows, cols=columns)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column in table.columns:
        column.width = Mm(TEXT_WIDTH_MM / columns)
    for index, photo in enumerate(photos):
        cell = table.cell(index // columns, index % columns)
        cell.width = Mm(TEXT_WIDTH_MM / columns)
        printed = next(sheets.printed)
        picture = cell.paragraphs[0]
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if printed is None:  # a damaged file must not stop a whole table's dossier
            picture.add_run("（照片文件已损坏，无法显示）")
        else:
            scale = min(box_mm[0] / printed.width_px, box_mm[1] / printed.height_px)
            sheets.spool.add(picture.add_run(), printed, Mm(printed.width_px * scale), Mm(printed.height_px * scale))
        caption = _caption(cell, f"图{photo.number}　{activity.title}")
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for label, value in photo.captions:
            _caption(cell, f"{label}：{value or '未注明'}")
        sheets.progress.step()
