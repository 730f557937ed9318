"""DOCX → PDF with LibreOffice headless, fonts embedded (LibreOffice always embeds the subset it uses)."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

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
