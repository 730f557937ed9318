"""DOCX → PDF with LibreOffice headless, fonts embedded (LibreOffice always embeds the subset it uses),
and the dossier's table of contents numbered from LibreOffice's own layout."""

import logging
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from lib.dossier.docx_writer import fill_toc_pages

logger = logging.getLogger(__name__)
FONTS_CONF = Path(__file__).with_name("fonts.conf")
TIMEOUT_SECONDS = 1800


class PdfUnavailable(RuntimeError):
    pass


def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        raise PdfUnavailable("未安装 LibreOffice（soffice），无法生成 PDF；请运行 scripts/system-deps.sh")
    return path


def docx_to_pdf(docx: Path, pdf: Path, *, timeout: int = TIMEOUT_SECONDS) -> None:
    """Each conversion gets its own LibreOffice profile: two at once would otherwise share one and
    the second would hand its document to the first process and exit without converting."""
    with tempfile.TemporaryDirectory(prefix="dossier-pdf-") as work:
        work_dir = Path(work)
        source = work_dir / "dossier.docx"
        shutil.copyfile(docx, source)
        env = {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF), "HOME": str(work_dir)}
        subprocess.run(
            [soffice(), f"-env:UserInstallation=file://{work_dir / 'profile'}", "--headless", "--norestore",
             "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(work_dir), str(source)],
            env=env, check=True, timeout=timeout, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        result = work_dir / "dossier.pdf"
        if not result.exists():
            raise PdfUnavailable("LibreOffice 未能生成 PDF")
        shutil.move(result, pdf)


def number_contents(docx: Path) -> None:
    """Write the page numbers into the dossier's contents: lay the document out once (as PDF), read
    where each task heading landed, and fill them in. The numbers take the place of marks on lines
    that already ended in them, so they move no heading to another page; Word renumbers anyway when
    it updates the field. Without LibreOffice, or if it fails, they stay blank: the Word file is
    still worth having."""
    try:
        with tempfile.TemporaryDirectory(prefix="dossier-toc-") as work:
            laid_out = Path(work) / "layout.pdf"
            docx_to_pdf(docx, laid_out)
            pages = task_pages(laid_out)
    except (PdfUnavailable, subprocess.SubprocessError, OSError, PyPdfError):
        logger.warning("Contents left unnumbered: LibreOffice could not lay out %s", docx, exc_info=True)
        pages = []
    fill_toc_pages(docx, pages)


def task_pages(pdf: Path) -> list[int]:
    """The printed page number of each task heading (the PDF's top-level bookmarks, in order),
    counting from the first task's page as 1, as the body's footer does."""
    reader = PdfReader(pdf)
    top_level = [entry for entry in reader.outline if not isinstance(entry, list)]
    physical = [reader.get_destination_page_number(entry) for entry in top_level]
    return [page - physical[0] + 1 for page in physical] if physical else []
