"""The dossier (台账) as a Word document in the manner of GB/T 9704: A4, its margins, 方正小标宋
title, 黑体 headings, 仿宋_GB2312 body, page numbers in the footer, a table of contents that Word
fills in on opening, and photo sheets of 1, 2, 4 or 6 captioned photos per page.

Photos bypass python-docx's ``add_picture``: it compares each new image's SHA-1 with every image
already added (hashing them all again), numbers the part by scanning them and the shape by searching
the whole document, so 1,000 photos took 17 s and 5,000 would take minutes; and it keeps every
image in memory until the save. Here each prepared photo is written to a spool folder and numbered
by a counter; its part reads the file back only when the document is saved."""

import math
import re
import shutil
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.opc.oxml import serialize_part_xml
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.shape import CT_Inline
from docx.shared import Length, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from lib.dossier.model import PHOTO_LAYOUTS, Activity, Cover, DossierTask, Progress
from lib.dossier.originals_zip import STORED_EXTENSIONS
from lib.dossier.photos import PrintPhoto, box_pixels, print_photos

TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋_GB2312"
LATIN_FONT = "Times New Roman"
# GB/T 9704: top 37 mm, bottom 35 mm, left (binding side) 28 mm, right 26 mm → text area 156 × 225 mm.
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
TEXT_WIDTH_MM, TEXT_HEIGHT_MM = 156, 225
BODY_PT, TABLE_PT, CAPTION_PT = 16, 14, 10.5  # 三号 body, 四号 tables, 五号 captions
# One caption line of 五号 CJK text: the CJK faces' line height is about 1.4 em.
CAPTION_LINE_MM = 5.5
CAPTION_LINES_PER_FIELD = 2  # a longer caption value is shortened with … rather than push the sheet over
CELL_MARGIN_MM = 1.9  # Word's default left and right cell margins
CELL_PADDING_MM = 4  # the picture line's spacing and the cell's own margins
# The 1-point paragraph that starts each sheet on a new page (Word needs a paragraph between tables).
SHEET_START_MM = 2
CAPTION_STYLE = "照片说明"
CAPTION_STYLE_ID = "照片说明"  # python-docx derives the id from the name (spaces removed)
TOC_STYLE = "目录条目"
# photos per page → (columns, rows)
GRID = {1: (1, 1), 2: (1, 2), 4: (2, 2), 6: (2, 3)}
assert set(GRID) == set(PHOTO_LAYOUTS)
# Stands for a task's page number in the table of contents until fill_toc_pages writes it.
TOC_MARK = "〔页码{}〕"
_TOC_MARK_PATTERN = re.compile("〔页码([0-9]+)〕")
# 四号 characters a contents line holds beside its dot leader and page number (or the wider mark
# standing for it in the first layout: a wrapped line there would lengthen the contents).
TOC_ENTRY_WIDTH = TEXT_WIDTH_MM / (TABLE_PT / 72 * 25.4) - 8


def row_height_mm(per_page: int) -> float:
    """Each row of a sheet has this exact height, so a sheet never runs onto a second page."""
    return (TEXT_HEIGHT_MM - SHEET_START_MM) / GRID[per_page][1]


def slot_mm(per_page: int, caption_lines: int = 2) -> tuple[float, float]:
    """The box one photo fits in above ``caption_lines`` lines of caption."""
    columns, _ = GRID[per_page]
    return (TEXT_WIDTH_MM / columns - 2 * CELL_MARGIN_MM,
            row_height_mm(per_page) - caption_lines * CAPTION_LINE_MM - CELL_PADDING_MM)


def max_caption_lines(per_page: int) -> int:
    """The photo keeps at least 40% of its row; the caption has the rest."""
    return int((row_height_mm(per_page) * 0.6 - CELL_PADDING_MM) / CAPTION_LINE_MM)


def caption_lines(per_page: int, title: str, number: int, captions: tuple[tuple[str, str], ...]) -> list[str]:
    """The caption printed under a photo: 图n and the activity on one line, then each field on at most
    two lines as they fit the column; one line each, and at last fewer fields, when that would take
    more than the caption's share of the row."""
    width, room = _line_width(per_page), max_caption_lines(per_page)
    fields = [f"{label}：{value or '未注明'}" for label, value in captions]
    first = _fit(f"图{number}　{title}", width)
    for lines_per_field in (CAPTION_LINES_PER_FIELD, 1):
        lines = [first] + [_fit(field, width * lines_per_field) for field in fields]
        if caption_height_lines(per_page, lines) <= room:
            return lines
    return lines[:room - 1] + ["…"]


def caption_height_lines(per_page: int, lines: list[str]) -> int:
    width = _line_width(per_page)
    return sum(max(1, math.ceil(text_width(line) / width)) for line in lines)


def _line_width(per_page: int) -> float:
    """How many CJK characters of 五号 a caption line of the column holds, with a margin for the
    measure being an estimate: a line that wrapped unforeseen would be clipped by the fixed row."""
    column_mm = TEXT_WIDTH_MM / GRID[per_page][0] - 2 * CELL_MARGIN_MM
    return 0.9 * column_mm / (CAPTION_PT / 72 * 25.4)


def text_width(text: str) -> float:
    """In CJK characters: a Latin letter or digit is about half as wide."""
    return sum(1 if unicodedata.east_asian_width(c) in "WF" else 0.55 for c in text)


def _fit(text: str, width: float) -> str:
    if text_width(text) <= width:
        return text
    kept, used = [], 0.0
    for character in text:
        used += text_width(character)
        if used > width - 1:
            break
        kept.append(character)
    return "".join(kept) + "…"


def write_dossier(out: BinaryIO, *, cover: Cover, tasks: Iterable[DossierTask], photos_per_page: int,
                  progress: Progress, workers: int = 1) -> None:
    """``workers`` > 1 prepares the photos in that many processes while the document is laid out."""
    if photos_per_page not in GRID:
        raise ValueError(f"photos_per_page must be one of {PHOTO_LAYOUTS}")
    document = _new_document()
    _cover(document, cover)
    _contents(document, tasks := list(tasks))
    # Photos are prepared for the largest box (the fewest caption lines); a sheet with longer
    # captions shows them smaller.
    box_mm = slot_mm(photos_per_page)
    opens = (photo.open for task in tasks for activity in task.activities for photo in activity.photos)
    with tempfile.TemporaryDirectory(prefix="dossier-photos-") as spool:
        sheets = _Sheets(photos_per_page, print_photos(opens, box_pixels(*box_mm), workers=workers),
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

    def __init__(self, per_page: int, printed: Iterator[PrintPhoto | None], progress: Progress,
                 spool: _PhotoSpool) -> None:
        self.per_page, self.printed, self.progress, self.spool = per_page, printed, progress, spool


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
    set_fonts(styles["Normal"], BODY_FONT, BODY_PT)
    _chinese_language(styles["Normal"])
    _east_asian_defaults(document)
    styles["Normal"].paragraph_format.space_after = Pt(0)
    styles["Normal"].paragraph_format.line_spacing = 1.25
    set_fonts(styles["Title"], TITLE_FONT, 22, bold=False)
    _remove_border(styles["Title"])
    for name, size in (("Heading 1", 16), ("Heading 2", 16), ("Heading 3", 16)):
        set_fonts(styles[name], HEADING_FONT, size, bold=False)
        styles[name].paragraph_format.space_before = Pt(12)
        styles[name].paragraph_format.space_after = Pt(6)
    caption = styles.add_style(CAPTION_STYLE, 1)
    caption.base_style = styles["Normal"]
    set_fonts(caption, BODY_FONT, CAPTION_PT)
    caption.paragraph_format.line_spacing = 1.0
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    toc = styles.add_style(TOC_STYLE, 1)
    toc.base_style = styles["Normal"]
    set_fonts(toc, BODY_FONT, TABLE_PT)
    toc.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    _font_fallbacks(document)
    _update_fields_on_open(document)
    return document


# The GB fonts a government PC has, and what Word should take where one is missing.
FONT_FALLBACKS = {TITLE_FONT: ("宋体", "roman"), HEADING_FONT: ("SimHei", "modern"),
                  BODY_FONT: ("仿宋", "modern")}


def _font_fallbacks(document: Document) -> None:
    """Declare the Chinese fonts in the font table with an alternative name and the GB2312 character
    set, so Word on a PC without 方正小标宋 or 仿宋_GB2312 substitutes a Chinese face, not a Latin one."""
    part = document.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE)
    fonts = parse_xml(part.blob)
    for name, (alternative, family) in FONT_FALLBACKS.items():
        fonts.append(parse_xml(
            f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alternative}"/>'
            f'<w:charset w:val="86"/><w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>'))
    part._blob = serialize_part_xml(fonts)


def _east_asian_defaults(document: Document) -> None:
    """The template's document defaults name a Japanese theme font for East Asian text; anything
    not styled here would be set in it."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    fonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    for theme in ("w:eastAsiaTheme", "w:asciiTheme", "w:hAnsiTheme"):
        fonts.attrib.pop(qn(theme), None)
    fonts.set(qn("w:eastAsia"), BODY_FONT)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)


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


def _field_char(paragraph: Paragraph, kind: str) -> None:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(element)


def _field_begin(paragraph: Paragraph, instruction: str) -> None:
    """Begin a complex field; its cached result is what follows until the "end" mark, which may be
    in a later paragraph."""
    _field_char(paragraph, "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    _field_char(paragraph, "separate")


def _field(paragraph: Paragraph, instruction: str, placeholder: str = "") -> None:
    """A complex field (PAGE …) in one paragraph, with the result shown until it is updated."""
    _field_begin(paragraph, instruction)
    if placeholder:
        paragraph.add_run(placeholder)
    _field_char(paragraph, "end")


def _footer_page_number(section) -> None:
    """Page numbers from 1 on the body's first page; the cover and the contents carry none."""
    footer = section.footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("— ")
    _field(paragraph, "PAGE", "1")
    paragraph.add_run(" —")
    for run in paragraph.runs:
        run.font.size = Pt(14)
    numbering = OxmlElement("w:pgNumType")
    numbering.set(qn("w:start"), "1")
    section._sectPr.insert_element_before(numbering, *_AFTER_PG_NUM_TYPE)


# What may follow w:pgNumType in a w:sectPr, which is a sequence in the schema.
_AFTER_PG_NUM_TYPE = ("w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection",
                      "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")


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
    """A TOC field whose cached result lists the tasks, one line each, with a page-number mark that
    fill_toc_pages replaces (LibreOffice does not update fields, so the PDF shows this list); Word
    rebuilds the list when it updates the field on opening."""
    heading = document.add_paragraph("目　录")
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_fonts(heading.runs[0], HEADING_FONT, 16)
    if not tasks:
        document.add_paragraph("（所选范围内没有任务）")
    entries = [document.add_paragraph(style=TOC_STYLE) for _ in tasks]
    for n, (paragraph, task) in enumerate(zip(entries, tasks)):
        if n == 0:
            _field_begin(paragraph, 'TOC \\o "1-1" \\h \\z \\u')
        paragraph.add_run(f"{_fit(_task_heading(task), TOC_ENTRY_WIDTH)}\t{TOC_MARK.format(n)}")
    if entries:
        _field_char(entries[-1], "end")
    body = document.add_section(WD_SECTION.NEW_PAGE)
    _footer_page_number(body)


def fill_toc_pages(docx: Path, pages: Sequence[int | None]) -> None:
    """Write the page number of each task into the contents (``pages[n]`` for the n-th task; None:
    left blank), rewriting only the document part of the saved file. A list that does not have one
    entry per task leaves them all blank: a layout that lost a heading would misnumber every task
    after it."""
    filled = docx.with_suffix(".filled.docx")
    with zipfile.ZipFile(docx) as source, zipfile.ZipFile(filled, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename == "word/document.xml":
                target.writestr(info, _numbered(source.read(info).decode(), pages).encode())
                continue
            copied = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            # The photos are JPEG already: deflating them again took longer than the rest.
            stored = info.filename.rpartition(".")[2].lower() in STORED_EXTENSIONS
            copied.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            with source.open(info) as member, target.open(copied, "w") as copy:
                shutil.copyfileobj(member, copy, 1024 * 1024)
    filled.replace(docx)


def _numbered(xml: str, pages: Sequence[int | None]) -> str:
    marks = len(_TOC_MARK_PATTERN.findall(xml))
    if len(pages) != marks:
        pages = [None] * marks
    return _TOC_MARK_PATTERN.sub(lambda mark: "" if (page := pages[int(mark.group(1))]) is None else str(page), xml)


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
        for cell, text in zip(row, (label, value)):
            cell.paragraphs[0].add_run(text).font.size = Pt(TABLE_PT)
            cell.paragraphs[0].paragraph_format.line_spacing = 1.0
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
                document.add_paragraph(line.strip()).paragraph_format.first_line_indent = Pt(2 * BODY_PT)
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


def _sheet_start(document: Document) -> None:
    """A 1-point paragraph that begins a new page. As "page break before" rather than a break
    character, it adds no empty page when the sheet before it filled its page exactly."""
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.page_break_before = True
    paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = Pt(1)


def _fixed_rows(table, height_mm: float) -> None:
    for row in table.rows:
        row.height, row.height_rule = Mm(height_mm), WD_ROW_HEIGHT_RULE.EXACTLY
        row._tr.get_or_add_trPr().insert_element_before(OxmlElement("w:cantSplit"), "w:trHeight")


def _photo_sheet(document: Document, activity: Activity, photos, sheets: _Sheets) -> None:
    per_page = sheets.per_page
    columns, rows = GRID[per_page]
    captions = [caption_lines(per_page, activity.title, photo.number, photo.captions) for photo in photos]
    box_mm = slot_mm(per_page, max(caption_height_lines(per_page, lines) for lines in captions))
    _sheet_start(document)
    table = document.add_table(rows=rows, cols=columns)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _fixed_rows(table, row_height_mm(per_page))
    for column in table.columns:
        column.width = Mm(TEXT_WIDTH_MM / columns)
    for index, lines in enumerate(captions):
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
        for line in lines:
            _caption(cell, line)
        sheets.progress.step()
