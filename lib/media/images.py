"""Evidence-photo ingestion: validate, read EXIF, thumbnail and fingerprint in one decode.

Phone photos are ~12 megapixels but we only ever need a small thumbnail, so JPEGs are
decoded at reduced scale (libjpeg DCT scaling via ``Image.draft``) and everything —
thumbnail, perceptual hash — is derived from that reduced image.
"""

import hashlib
import io
import math
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import BinaryIO

import pillow_heif
from PIL import ExifTags, Image

from .errors import MediaError
from .sniff import DOCUMENT, IMAGE, FileKind, sniff_file

pillow_heif.register_heif_opener()

DEFAULT_MAX_PIXELS = 80_000_000
DEFAULT_THUMB_SIZE = (480, 480)
THUMB_JPEG_QUALITY = 82

# Two photos whose 64-bit dHashes differ in at most this many bits are treated as the
# same picture. Resizing or recompressing a photo flips 0–4 bits; unrelated photos
# differ in ~32 on average, so 6 leaves room for mild edits without false matches.
NEAR_DUPLICATE_DISTANCE = 6

# The image kinds we accept, mapped to the only Pillow plugin allowed to parse them,
# so a file never reaches a decoder other than the one its magic bytes announced.
_PILLOW_FORMATS = {
    FileKind.JPEG: "JPEG",
    FileKind.PNG: "PNG",
    FileKind.WEBP: "WEBP",
    FileKind.HEIC: "HEIF",
}

# What Pillow (and pillow-heif) raise for malformed or truncated input.
_DECODE_ERRORS = (OSError, ValueError, SyntaxError, EOFError)

_CORRUPT_MESSAGE = "图片已损坏或不完整，无法打开"
_ACCEPTED_HINT = "（请上传 JPEG、PNG、WebP 或 HEIC）"

# How to make a stored image upright for each EXIF orientation: the table of
# ImageOps.exif_transpose, which we avoid because it re-serialises the EXIF (which we
# discard anyway) and raises TypeError when a tag has the wrong type.
_UPRIGHTING = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_AXIS_SWAPPING_ORIENTATIONS = {5, 6, 7, 8}
_PHASH_PATTERN = re.compile(r"[0-9a-fA-F]{16}")


@dataclass(frozen=True)
class GpsPoint:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class PhotoResult:
    kind: FileKind
    width: int  # as displayed, i.e. after applying the EXIF orientation
    height: int
    size_bytes: int
    sha256: str  # hex digest of the original bytes: the exact-duplicate key
    phash: str  # 64-bit dHash as 16 hex digits: the near-duplicate key, see hamming()
    taken_at: datetime | None  # EXIF DateTimeOriginal, else DateTime; camera local time, naive
    camera_make: str | None
    camera_model: str | None
    gps: GpsPoint | None
    thumbnail: bytes = field(repr=False)  # upright RGB JPEG fitting within thumb_size


def ingest_photo(
    fileobj: BinaryIO,
    *,
    thumb_size: tuple[int, int] = DEFAULT_THUMB_SIZE,
    max_pixels: int = DEFAULT_MAX_PIXELS,
) -> PhotoResult:
    """Validate an uploaded photo and extract everything we store about it.

    ``fileobj`` must be a seekable binary stream; it is read from the start.
    Raises :class:`MediaError` for empty, unsupported, oversized or corrupt files.
    """
    size_bytes, sha256 = _digest(fileobj)
    if size_bytes == 0:
        raise MediaError("文件为空")
    kind = sniff_file(fileobj)
    with _open_image(fileobj, _pillow_format(kind), max_pixels) as image:
        try:
            return _ingest_image(image, kind, thumb_size, size_bytes, sha256)
        except _DECODE_ERRORS as exc:
            raise MediaError(_CORRUPT_MESSAGE) from exc


def hamming(a: str, b: str) -> int:
    """Number of differing bits (0–64) between two ``PhotoResult.phash`` values.

    At most ``NEAR_DUPLICATE_DISTANCE`` means the photos are near-duplicates.
    """
    return (_phash_bits(a) ^ _phash_bits(b)).bit_count()


def _phash_bits(phash: str) -> int:
    if not _PHASH_PATTERN.fullmatch(phash):
        raise ValueError(f"not a 16-hex-digit perceptual hash: {phash!r}")
    return int(phash, 16)


def _digest(fileobj: BinaryIO) -> tuple[int, str]:
    """Size and sha256 of the whole stream, streamed so large uploads stay out of memory."""
    fileobj.seek(0)
    digest = hashlib.sha256()
    size = 0
    while chunk := fileobj.read(1 << 20):
        digest.update(chunk)
        size += len(chunk)
    fileobj.seek(0)
    return size, digest.hexdigest()


def _pillow_format(kind: FileKind) -> str:
    if kind in _PILLOW_FORMATS:
        return _PILLOW_FORMATS[kind]
    if kind.category == IMAGE:
        raise MediaError(f"不支持的图片格式：{kind.label_zh}{_ACCEPTED_HINT}")
    if kind.category == DOCUMENT:
        raise MediaError(f"文件内容与扩展名不符：内容是 {kind.label_zh}，不是图片")
    raise MediaError(f"无法识别的文件格式{_ACCEPTED_HINT}")


def _open_image(fileobj: BinaryIO, pillow_format: str, max_pixels: int) -> Image.Image:
    """Open lazily (header only) and refuse images whose pixel count could exhaust memory."""
    try:
        image = Image.open(fileobj, formats=[pillow_format])
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        # Pillow's own, process-wide limit tripped before ours; its message carries the size.
        raise _too_large_error(_pixels_in_pillow_message(str(exc)), max_pixels) from exc
    except _DECODE_ERRORS as exc:
        raise MediaError(_CORRUPT_MESSAGE) from exc
    pixels = image.width * image.height
    if pixels > max_pixels:
        image.close()
        raise _too_large_error(pixels, max_pixels)
    return image


def _pixels_in_pillow_message(message: str) -> int | None:
    match = re.search(r"\((\d+) pixels\)", message)
    return int(match.group(1)) if match else None


def _too_large_error(pixels: int | None, max_pixels: int) -> MediaError:
    size = f"（约 {round(pixels / 10_000)} 万像素）" if pixels else ""
    return MediaError(f"图片尺寸过大{size}，超过上限（{max_pixels // 10_000} 万像素）")


def _ingest_image(
    image: Image.Image, kind: FileKind, thumb_size: tuple[int, int], size_bytes: int, sha256: str
) -> PhotoResult:
    exif = image.getexif()
    # pillow-heif has already applied HEIF's own rotation and reset this tag to 1.
    orientation = exif.get(ExifTags.Base.Orientation, 1)
    width, height = _upright_size(image.size, orientation)
    thumbnail = _upright_thumbnail(image, orientation, thumb_size)
    return PhotoResult(
        kind=kind,
        width=width,
        height=height,
        size_bytes=size_bytes,
        sha256=sha256,
        phash=_dhash(thumbnail),
        taken_at=_taken_at(exif),
        camera_make=_exif_text(exif.get(ExifTags.Base.Make)),
        camera_model=_exif_text(exif.get(ExifTags.Base.Model)),
        gps=_gps_point(exif.get_ifd(ExifTags.IFD.GPSInfo)),
        thumbnail=_encode_jpeg(thumbnail),
    )


def _upright_size(stored_size: tuple[int, int], orientation: int) -> tuple[int, int]:
    width, height = stored_size
    return (height, width) if orientation in _AXIS_SWAPPING_ORIENTATIONS else (width, height)


def _upright_thumbnail(image: Image.Image, orientation: int, thumb_size: tuple[int, int]) -> Image.Image:
    """Decode at reduced scale, shrink to ``thumb_size``, then rotate upright.

    Rotating after shrinking is cheaper, so the box is first expressed in the stored
    (not yet rotated) orientation.
    """
    box = _upright_size(thumb_size, orientation)
    image.draft("RGB", _draft_size(image.size, box))
    image.thumbnail(box)
    uprighting = _UPRIGHTING.get(orientation)
    thumbnail = image.transpose(uprighting) if uprighting is not None else image
    return _flatten_to_rgb(thumbnail)


def _draft_size(size: tuple[int, int], box: tuple[int, int]) -> tuple[int, int]:
    """Twice the final thumbnail size, the floor for ``Image.draft``.

    JPEG then decodes at the coarsest 1/2, 1/4 or 1/8 scale still this big (HEIC uses an
    embedded thumbnail if one is); the 2× margin keeps the final resample sharp.
    """
    scale = min(box[0] / size[0], box[1] / size[1], 1.0)
    return max(1, round(size[0] * scale * 2)), max(1, round(size[1] * scale * 2))


def _flatten_to_rgb(image: Image.Image) -> Image.Image:
    """JPEG has no alpha: composite transparent images onto white rather than black."""
    if image.mode == "RGB":
        return image
    if not image.has_transparency_data:
        return image.convert("RGB")
    rgba = image.convert("RGBA")
    background = Image.new("RGB", rgba.size, "white")
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background


def _dhash(image: Image.Image) -> str:
    """Difference hash: one bit per horizontally adjacent pixel pair of a 9×8 grayscale."""
    pixels = image.convert("L").resize((9, 8), Image.Resampling.LANCZOS).tobytes()
    bits = 0
    for row in range(8):
        for col in range(8):
            left, right = pixels[row * 9 + col], pixels[row * 9 + col + 1]
            bits = (bits << 1) | (left > right)
    return f"{bits:016x}"


def _encode_jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=THUMB_JPEG_QUALITY)
    return buffer.getvalue()


def _taken_at(exif: Image.Exif) -> datetime | None:
    original = exif.get_ifd(ExifTags.IFD.Exif).get(ExifTags.Base.DateTimeOriginal)
    return _parse_exif_datetime(original) or _parse_exif_datetime(exif.get(ExifTags.Base.DateTime))


def _parse_exif_datetime(raw: object) -> datetime | None:
    """EXIF writes "YYYY:MM:DD HH:MM:SS"; some apps use dashes in the date part."""
    text = _exif_text(raw)
    if text is None:
        return None
    try:
        return datetime.strptime(text[:10].replace("-", ":") + text[10:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:  # blank placeholders such as "    :  :     " or "0000:00:00 ..."
        return None


def _exif_text(raw: object) -> str | None:
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", "replace")
    if not isinstance(raw, str):
        return None
    return raw.replace("\x00", "").strip() or None


def _gps_point(gps_ifd: dict) -> GpsPoint | None:
    latitude = _gps_degrees(
        gps_ifd.get(ExifTags.GPS.GPSLatitude), gps_ifd.get(ExifTags.GPS.GPSLatitudeRef), "S"
    )
    longitude = _gps_degrees(
        gps_ifd.get(ExifTags.GPS.GPSLongitude), gps_ifd.get(ExifTags.GPS.GPSLongitudeRef), "W"
    )
    if latitude is None or longitude is None:
        return None
    if abs(latitude) > 90 or abs(longitude) > 180:
        return None
    if latitude == 0 and longitude == 0:  # phones write 0/0 when they had no fix
        return None
    return GpsPoint(round(latitude, 7), round(longitude, 7))


def _gps_degrees(dms: object, ref: object, negative_ref: str) -> float | None:
    """Degrees/minutes/seconds rationals to signed decimal degrees."""
    try:
        degrees, minutes, seconds = (float(part) for part in dms)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    value = degrees + minutes / 60 + seconds / 3600
    if not math.isfinite(value):
        return None
    ref_text = _exif_text(ref) or ""
    return -value if ref_text.upper() == negative_ref else value
