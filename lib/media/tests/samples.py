"""Builders for the test files: photos with EXIF, crafted headers, DOCX/XLSX/PDF."""

import io
import random
import struct
import zlib
from datetime import datetime

import docx
import openpyxl
from PIL import ExifTags, Image, ImageDraw


def photo(size: tuple[int, int] = (640, 480), seed: int = 0) -> Image.Image:
    """A deterministic 'scene': a colour gradient with random shapes, so dHash has structure."""
    rng = random.Random(seed)
    gradient = Image.linear_gradient("L").resize(size)
    image = Image.merge("RGB", (gradient, gradient.transpose(Image.Transpose.ROTATE_180), gradient))
    draw = ImageDraw.Draw(image)
    width, height = size
    for _ in range(12):
        x0, y0 = rng.randrange(width), rng.randrange(height)
        x1, y1 = x0 + rng.randrange(width // 8, width // 2), y0 + rng.randrange(height // 8, height // 2)
        colour = tuple(rng.randrange(256) for _ in range(3))
        shape = draw.ellipse if rng.random() < 0.5 else draw.rectangle
        shape((x0, y0, x1, y1), fill=colour)
    return image


def exif(
    *,
    taken_at: datetime | None = None,
    digitized_at: datetime | None = None,
    modified_at: datetime | None = None,
    raw_taken_at: str | None = None,
    orientation: int | None = None,
    make: str | None = None,
    model: str | None = None,
    gps: tuple[float, float] | None = None,
) -> Image.Exif:
    tags = Image.Exif()
    if orientation is not None:
        tags[ExifTags.Base.Orientation] = orientation
    if make is not None:
        tags[ExifTags.Base.Make] = make
    if model is not None:
        tags[ExifTags.Base.Model] = model
    if modified_at is not None:
        tags[ExifTags.Base.DateTime] = modified_at.strftime("%Y:%m:%d %H:%M:%S")
    if taken_at is not None:
        tags.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = taken_at.strftime(
            "%Y:%m:%d %H:%M:%S"
        )
    if digitized_at is not None:
        tags.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeDigitized] = digitized_at.strftime(
            "%Y:%m:%d %H:%M:%S"
        )
    if raw_taken_at is not None:
        tags.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = raw_taken_at
    if gps is not None:
        _set_gps(tags.get_ifd(ExifTags.IFD.GPSInfo), *gps)
    return tags


# EXIF blocks Pillow cannot parse, as found in real files: a TIFF header announcing BigTIFF
# (``II+\0``, written by some PNG/WebP/HEIC encoders and DPI-writing tools), an IFD offset past
# the end, an entry count larger than the block, and a block cut off in an entry.
def _tiff_with_one_entry() -> bytes:
    entry = struct.pack("<HHIHH", ExifTags.Base.Orientation, 3, 1, 6, 0)
    return b"II*\x00" + struct.pack("<IH", 8, 1) + entry + struct.pack("<I", 0)


DAMAGED_EXIF = {
    "bigtiff": b"Exif\x00\x00II+\x00\x08\x00\x00\x00" + b"\x00" * 24,
    "offset_past_end": b"Exif\x00\x00II*\x00\xff\xff\x00\x00",
    "entry_count_too_large": b"Exif\x00\x00II*\x00\x08\x00\x00\x00\xff\xff" + b"\x01" * 30,
    "cut_in_an_entry": b"Exif\x00\x00" + _tiff_with_one_entry()[:14],
    "not_tiff": b"Exif\x00\x00" + b"\x13" * 40,
}


def xmp(**properties: str) -> bytes:
    """An XMP packet with ``prefix_Name="value"`` properties, half as attributes, half as elements."""
    namespaces = {
        "xmp": "http://ns.adobe.com/xap/1.0/",
        "photoshop": "http://ns.adobe.com/photoshop/1.0/",
        "exif": "http://ns.adobe.com/exif/1.0/",
    }
    items = [(key.replace("_", ":", 1), value) for key, value in properties.items()]
    attributes = " ".join(f'{name}="{value}"' for name, value in items[::2])
    elements = "".join(f"<{name}>{value}</{name}>" for name, value in items[1::2])
    declared = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in namespaces.items())
    return (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        f'<rdf:Description rdf:about="" {declared} {attributes}>{elements}</rdf:Description>'
        "</rdf:RDF></x:xmpmeta>"
    ).encode()


def animated(image_format: str, frames: int = 3) -> bytes:
    images = [photo((120, 90), seed=n) for n in range(frames)]
    return encode(images[0], image_format, save_all=True, append_images=images[1:], duration=100)


def grey16(size: tuple[int, int] = (256, 64)) -> Image.Image:
    """A 16-bit grey left-to-right ramp over the whole 0–65535 range."""
    ramp = Image.linear_gradient("L").rotate(90).resize(size)
    return ramp.convert("I").point(lambda value: value * 257).convert("I;16")


def exif_with_mistyped_tag(orientation: int) -> bytes:
    """Raw EXIF with a valid Orientation but XResolution stored as text instead of a
    rational: Pillow reads it but cannot serialise it back."""
    entries = [
        struct.pack("<HHIHH", ExifTags.Base.Orientation, 3, 1, orientation, 0),  # SHORT
        struct.pack("<HHI4s", ExifTags.Base.XResolution, 2, 4, b"abc\x00"),  # ASCII
    ]
    tiff = b"II*\x00" + struct.pack("<IH", 8, len(entries)) + b"".join(entries) + struct.pack("<I", 0)
    return b"Exif\x00\x00" + tiff


def _set_gps(gps_ifd: dict, latitude: float, longitude: float) -> None:
    gps_ifd[ExifTags.GPS.GPSLatitudeRef] = "N" if latitude >= 0 else "S"
    gps_ifd[ExifTags.GPS.GPSLatitude] = _dms(abs(latitude))
    gps_ifd[ExifTags.GPS.GPSLongitudeRef] = "E" if longitude >= 0 else "W"
    gps_ifd[ExifTags.GPS.GPSLongitude] = _dms(abs(longitude))


def _dms(value: float) -> tuple[float, float, float]:
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round((value - degrees - minutes / 60) * 3600, 4)
    return (float(degrees), float(minutes), seconds)


def encode(image: Image.Image, image_format: str, **params: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, image_format, **params)
    return buffer.getvalue()


def png_claiming_size(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge canvas: the classic decompression-bomb probe."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixel_data = zlib.compress(b"\x00" * 4)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", pixel_data)
        + _png_chunk(b"IEND", b"")
    )


def _png_chunk(chunk_type: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(chunk_type + data)
    return struct.pack(">I", len(data)) + chunk_type + data + struct.pack(">I", crc)


def pdf(lines: list[str]) -> bytes:
    """A minimal one-page PDF showing ``lines`` (ASCII) in Helvetica."""
    shown = " ".join(f"({_pdf_escape(line)}) Tj T*" for line in lines)
    content = f"BT /F1 12 Tf 14 TL 72 720 Td {shown} ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref_at)
    return bytes(out)


def _pdf_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def docx_bytes(build) -> bytes:
    """Run ``build(document)`` on a fresh python-docx Document and return the file bytes."""
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(sheets: dict[str, list[list[object]]]) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
