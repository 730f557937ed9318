import io
import zipfile

import pillow_heif
import pytest
from PIL import Image

from lib.media import FileKind, sniff, sniff_file

from . import samples


def ftyp(major: bytes, *compatible: bytes) -> bytes:
    body = b"ftyp" + major + b"\x00\x00\x00\x00" + b"".join(compatible)
    return (len(body) + 4).to_bytes(4, "big") + body + b"\x00\x00\x00\x08meta"


def zip_with(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (samples.encode(Image.new("RGB", (4, 4)), "JPEG"), FileKind.JPEG),
        (samples.encode(Image.new("RGB", (4, 4)), "PNG"), FileKind.PNG),
        (samples.encode(Image.new("RGB", (4, 4)), "WEBP"), FileKind.WEBP),
        (samples.encode(Image.new("RGB", (4, 4)), "GIF"), FileKind.GIF),
        (ftyp(b"heic", b"mif1", b"heic"), FileKind.HEIC),
        (ftyp(b"mif1", b"heic"), FileKind.HEIC),
        (ftyp(b"msf1", b"msf1", b"hevc"), FileKind.HEIC),
        (ftyp(b"avif", b"mif1", b"miaf"), FileKind.UNKNOWN),  # AVIF: no decoder bundled
        (ftyp(b"isom", b"mp41"), FileKind.UNKNOWN),  # an MP4 video
        (samples.pdf(["x"]), FileKind.PDF),
        (b"\r\n\x00junk before header %PDF-1.7\n", FileKind.PDF),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, FileKind.OLE2),
        (zip_with("word/document.xml"), FileKind.ZIP),  # telling DOCX apart needs sniff_file
        (b"", FileKind.UNKNOWN),
        (b"plain text", FileKind.UNKNOWN),
    ],
)
def test_sniff_recognises_magic_bytes(head, kind):
    assert sniff(head) is kind


def test_sniff_recognises_heic_written_by_pillow_heif():
    if not pillow_heif.libheif_info()["encoders"].get("x265"):
        pytest.skip("libheif has no HEVC encoder")
    assert sniff(samples.encode(Image.new("RGB", (64, 64)), "HEIF")) is FileKind.HEIC


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (samples.docx_bytes(lambda document: document.add_paragraph("x")), FileKind.DOCX),
        (samples.xlsx_bytes({"Sheet": [[1]]}), FileKind.XLSX),
        (zip_with("photos/a.jpg"), FileKind.ZIP),
        (b"PK\x03\x04 but not really a zip", FileKind.ZIP),
        (samples.pdf(["x"]), FileKind.PDF),
    ],
)
def test_sniff_file_looks_inside_zips(data, kind):
    assert sniff_file(io.BytesIO(data)) is kind


def test_sniff_file_survives_an_archive_zipfile_cannot_read():
    data = bytearray(zip_with("word/document.xml"))
    directory_entry = data.index(b"PK\x01\x02")
    data[directory_entry + 6] = 0xFF  # "version needed to extract": beyond what zipfile supports
    assert sniff_file(io.BytesIO(bytes(data))) is FileKind.ZIP


def test_sniff_file_restores_the_stream_position():
    stream = io.BytesIO(b"prefix" + samples.xlsx_bytes({"Sheet": [[1]]}))
    stream.seek(6)
    assert sniff_file(stream) is FileKind.XLSX
    assert stream.tell() == 6


def test_kinds_carry_a_chinese_label_and_a_category():
    assert (FileKind.PDF.label_zh, FileKind.PDF.category) == ("PDF", "document")
    assert (FileKind.HEIC.value, FileKind.HEIC.category) == ("heic", "image")
    assert FileKind("docx") is FileKind.DOCX
    assert FileKind.UNKNOWN.category is None
