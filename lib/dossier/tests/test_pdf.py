import shutil

import pytest
from pypdf import PdfReader

from lib.dossier.docx_writer import write_dossier
from lib.dossier.model import Progress
from lib.dossier.pdf import docx_to_pdf
from lib.dossier.tests.builders import COVER, photo, task

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="需要 LibreOffice（scripts/system-deps.sh）")


@pytest.mark.parametrize("per_page", [1, 6])
def test_each_photo_sheet_fits_on_one_page(tmp_path, per_page):
    """Portrait and landscape photos with their captions: a sheet that overflowed would add pages."""
    photos = [photo(n, size=(900, 1200) if n % 2 else (1200, 900)) for n in range(1, 8)]
    docx, pdf = tmp_path / "d.docx", tmp_path / "d.pdf"
    with docx.open("wb") as out:
        write_dossier(out, cover=COVER, tasks=[task(photos)], photos_per_page=per_page, progress=Progress(total=7))
    docx_to_pdf(docx, pdf)
    reader = PdfReader(pdf)
    assert len(reader.pages) == 3 + -(-7 // per_page)  # cover, contents, task page, the sheets
    text = reader.pages[3].extract_text().replace(" ", "")
    assert "图1" in text and "主题：道德讲堂" in text
