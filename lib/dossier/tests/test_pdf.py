import shutil
from dataclasses import replace

import pytest
from docx import Document
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from lib.dossier import pdf as pdf_module
from lib.dossier.docx_writer import TOC_STYLE, write_dossier
from lib.dossier.model import Progress
from lib.dossier.pdf import PdfUnavailable, docx_to_pdf, number_contents
from lib.dossier.tests.builders import COVER, photo, task

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="需要 LibreOffice（scripts/system-deps.sh）")

LONG_TITLE = "2026年“我们的节日·春节”主题活动暨新时代文明实践志愿服务道德讲堂第一期"
FOUR_FIELDS = (("时间", "2026年3月5日"), ("地点", "局机关三楼会议室"),
               ("主题", "深入推进“我们的节日·春节”主题活动暨道德讲堂第一期"), ("主办单位", "局机关党委、政治部"))


def build_pdf(tmp_path, tasks, per_page):
    docx, pdf = tmp_path / "d.docx", tmp_path / "d.pdf"
    with docx.open("wb") as out:
        write_dossier(out, cover=COVER, tasks=tasks, photos_per_page=per_page, progress=Progress(total=0))
    number_contents(docx)
    docx_to_pdf(docx, pdf)
    return PdfReader(pdf)


@pytest.mark.parametrize("per_page", [1, 2, 4, 6])
def test_each_photo_sheet_fits_on_one_page_also_with_long_captions(tmp_path, per_page):
    """Portrait and landscape photos under a long title with four caption fields: a sheet that
    overflowed, or a break that fell on an empty page, would add pages."""
    photos = [replace(photo(n, size=(900, 1200) if n % 2 else (1200, 900)), captions=FOUR_FIELDS) for n in range(1, 8)]
    plain = task(photos)
    long_captions = replace(plain, activities=(replace(plain.activities[0], title=LONG_TITLE),))
    reader = build_pdf(tmp_path, [long_captions], per_page)
    assert len(reader.pages) == 3 + -(-7 // per_page)  # cover, contents, task page, the sheets
    text = reader.pages[3].extract_text().replace(" ", "")
    assert "图1" in text and "主办单位：局机关党委、政治部" in text


def test_the_pdf_contents_give_each_task_its_page_number(tmp_path):
    tasks = [task([photo(n) for n in range(1, 6)], ref=f"创建氛围-{n}") for n in (1, 2, 3)]
    reader = build_pdf(tmp_path, tasks, per_page=4)
    contents = reader.pages[1].extract_text()
    # Each task: its page, two sheets of photos; the footer counts the body from 1.
    numbers = [line.rstrip(". ").rsplit(".", 1)[-1].strip() for line in contents.splitlines() if "创建氛围-" in line]
    assert numbers == ["1", "4", "7"]
    assert "— 4 —" in reader.pages[2 + 3].extract_text() and "—" not in reader.pages[0].extract_text()


@pytest.mark.parametrize("failure", [PdfUnavailable("没有 LibreOffice"), PdfReadError("damaged")])
def test_contents_are_left_blank_when_the_layout_fails(tmp_path, monkeypatch, failure):
    """The Word file is still worth having: no page numbers, no leftover marks, no failed job."""
    docx = tmp_path / "d.docx"
    with docx.open("wb") as out:
        write_dossier(out, cover=COVER, tasks=[task()], photos_per_page=4, progress=Progress(total=0))
    def fail(*args, **kwargs):
        raise failure
    monkeypatch.setattr(pdf_module, "task_pages" if isinstance(failure, PdfReadError) else "docx_to_pdf", fail)
    number_contents(docx)
    entries = [p.text for p in Document(docx).paragraphs if p.style.name == TOC_STYLE]
    assert entries and all(e.endswith("\t") for e in entries)
