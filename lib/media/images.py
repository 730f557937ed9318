"""Evidence-photo ingestion: validate, read EXIF, thumbnail and fingerprint in one decode.

Phone photos are ~12 megapixels but we only ever need a small thumbnail, so JPEGs are
decoded at reduced scale (libjpeg DCT scaling via ``Image.draft``) and everything —
thumbnail, perceptual hash — is derived from that reduced image.

A photo is judged by its pixels, its metadata only adds to it: damaged EXIF or XMP loses the
metadata, never the photo. What cannot be decoded within ``decode_budget`` bytes is refused
before the decoder allocates it.
"""

import hashlib
import io
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from collections.abc import Iterator
from typing import BinaryIO, NamedTuple

import pillow_heif
from PIL import ExifTags, Image

from .errors import MediaError
from .sniff import DOCUMENT, IMAGE, FileKind, sniff_file

pillow_heif.register_heif_opener()

DEFAULT_MAX_PIXELS = 80_000_000
DEFAULT_THUMB_SIZE = (480, 480)
THUMB_JPEG_QUALITY = 82
# What the decoder may hold at once for one upload; with the interpreter's ~60 MB this keeps
# a worker's peak under 300 MB whatever is uploaded (see benchmarks/README.md, photo memory).
DEFAULT_DECODE_BUDGET = 200 * 1024 * 1024
# Camera clocks that were never set report 1970, 2000 or 2099; such times are flagged, not used.
EARLIEST_PLAUSIBLE_CAPTURE = datetime(2000, 1, 1)

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

# Full-size copies of the raster each decoder holds at its peak, measured (benchmarks/README.md):
# libwebp decodes into its own RGBA canvas, which is copied into a bytes object and then into
# Pillow's image; libheif keeps its planes beside Pillow's copy. JPEG and PNG decode in place.
_DECODER_COPIES = {"JPEG": 1.0, "PNG": 1.0, "WEBP": 4.0, "HEIF": 2.0}

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
    # When the shutter fired: EXIF DateTimeOriginal, else DateTimeDigitized, else XMP's capture
    # time; camera local time, naive. Never EXIF DateTime, which editors set when they save.
    taken_at: datetime | None
    # A capture time the file states but that cannot be true (before 2000, after tomorrow), as written.
    implausible_taken_at: str | None
    camera_make: str | None
    camera_model: str | None
    gps: GpsPoint | None
    thumbnail: bytes = field(repr=False)  # upright RGB JPEG fitting within thumb_size


def ingest_photo(
    fileobj: BinaryIO,
    *,
    thumb_size: tuple[int, int] = DEFAULT_THUMB_SIZE,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    decode_budget: int = DEFAULT_DECODE_BUDGET,
    latest_plausible: date | None = None,
) -> PhotoResult:
    """Validate an uploaded photo and extract everything we store about it.

    ``fileobj`` must be a seekable binary stream; it is read from the start.
    ``latest_plausible`` is the last day a capture time may fall on (default: tomorrow).
    Raises :class:`MediaError` for empty, unsupported, animated, oversized or corrupt files.
    """
    size_bytes, sha256 = _digest(fileobj)
    if size_bytes == 0:
        raise MediaError("文件为空")
    kind = sniff_file(fileobj)
    pillow_format = _pillow_format(kind)
    if kind is FileKind.HEIC and not _bmff_complete(fileobj, size_bytes):
        # libheif decodes the missing tiles of a cut-off HEIC as flat green instead of failing.
        raise MediaError(_CORRUPT_MESSAGE)
    latest = latest_plausible or date.today() + timedelta(days=1)
    with _open_image(fileobj, pillow_format, max_pixels) as image:
        if getattr(image, "is_animated", False):
            raise MediaError(f"不支持动图（动画 {kind.label_zh}），请上传静态照片{_ACCEPTED_HINT}")
        try:
            return _ingest_image(image, kind, thumb_size, size_bytes, sha256, decode_budget, latest)
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


def _bmff_complete(fileobj: BinaryIO, size_bytes: int) -> bool:
    """Whether every top-level ISO-BMFF box (ftyp, meta, mdat …) of a HEIC ends within the file."""
    offset = 0
    try:
        while offset < size_bytes:
            fileobj.seek(offset)
            header = fileobj.read(16)
            if len(header) < 8:
                return False
            box_size = int.from_bytes(header[:4], "big")
            if box_size == 1:  # a 64-bit size follows the type
                if len(header) < 16:
                    return False
                box_size = int.from_bytes(header[8:16], "big")
            elif box_size == 0:  # the box runs to the end of the file
                return True
            if box_size < 8 or offset + box_size > size_bytes:
                return False
            offset += box_size
        return True
    finally:
        fileobj.seek(0)


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


class _Metadata(NamedTuple):
    orientation: int = 1
    captured: str | None = None  # the capture time as written
    camera_make: str | None = None
    camera_model: str | None = None
    gps: GpsPoint | None = None


def _ingest_image(
    image: Image.Image, kind: FileKind, thumb_size: tuple[int, int], size_bytes: int, sha256: str,
    decode_budget: int, latest: date,
) -> PhotoResult:
    stored_size = image.size
    # Before the metadata: Pillow finds a PNG's EXIF by decoding the whole image.
    _draft_within_budget(image, kind, max(thumb_size), decode_budget)
    metadata = _metadata(image)
    width, height = _upright_size(stored_size, metadata.orientation)
    thumbnail = _upright_thumbnail(image, metadata.orientation, thumb_size)
    taken_at = _parse_capture_time(metadata.captured)
    plausible = taken_at is not None and EARLIEST_PLAUSIBLE_CAPTURE <= taken_at and taken_at.date() <= latest
    return PhotoResult(
        kind=kind,
        width=width,
        height=height,
        size_bytes=size_bytes,
        sha256=sha256,
        phash=_dhash(thumbnail),
        taken_at=taken_at if plausible else None,
        implausible_taken_at=None if plausible or metadata.captured is None else metadata.captured[:40],
        camera_make=metadata.camera_make,
        camera_model=metadata.camera_model,
        gps=metadata.gps,
        thumbnail=_encode_jpeg(thumbnail),
    )


def _metadata(image: Image.Image) -> _Metadata:
    """EXIF, with XMP for the capture time. Pillow's EXIF reader raises whatever its parsing meets
    (struct.error for a block that starts like BigTIFF, ``II+\\0``, KeyError, TypeError …); any
    failure only loses the metadata."""
    try:
        exif = image.getexif()
        orientation = exif.get(ExifTags.Base.Orientation, 1)
        sub_ifd = exif.get_ifd(ExifTags.IFD.Exif)
        captured = _exif_text(sub_ifd.get(ExifTags.Base.DateTimeOriginal)) or _exif_text(
            sub_ifd.get(ExifTags.Base.DateTimeDigitized))
        metadata = _Metadata(
            # pillow-heif has already applied HEIF's own rotation and reset this tag to 1.
            orientation=orientation if orientation in _UPRIGHTING else 1,
            captured=captured,
            camera_make=_exif_text(exif.get(ExifTags.Base.Make)),
            camera_model=_exif_text(exif.get(ExifTags.Base.Model)),
            gps=_gps_point(exif.get_ifd(ExifTags.IFD.GPSInfo)),
        )
    except Exception:  # noqa: BLE001 — see the docstring
        metadata = _Metadata()
    if metadata.captured is None:
        metadata = metadata._replace(captured=_xmp_capture_time(image))
    return metadata


# XMP properties that record when the photo was taken, most specific first; xmp:ModifyDate and
# xmp:MetadataDate are save times and never used.
_XMP_CAPTURE_KEYS = ("DateTimeOriginal", "DateCreated", "CreateDate", "DateTimeDigitized")


def _xmp_capture_time(image: Image.Image) -> str | None:
    try:
        xmp = image.getxmp()  # parsed with defusedxml: entity expansion is refused
    except Exception:  # noqa: BLE001 — malformed XMP loses only the XMP
        return None
    found = {key: value for key, value in _xmp_items(xmp) if key in _XMP_CAPTURE_KEYS}
    return next((found[key] for key in _XMP_CAPTURE_KEYS if key in found), None)


def _xmp_items(node: object, depth: int = 0) -> Iterator[tuple[str, str]]:
    """(property, text) pairs anywhere in Pillow's nested XMP dict (attributes and elements alike)."""
    if depth > 20:
        return
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, str):
                if text := _exif_text(value):
                    yield key, text
            else:
                yield from _xmp_items(value, depth + 1)
    elif isinstance(node, list):
        for item in node:
            yield from _xmp_items(item, depth + 1)


def _upright_size(stored_size: tuple[int, int], orientation: int) -> tuple[int, int]:
    width, height = stored_size
    return (height, width) if orientation in _AXIS_SWAPPING_ORIENTATIONS else (width, height)


def _draft_within_budget(image: Image.Image, kind: FileKind, side: int, decode_budget: int) -> None:
    """Ask the decoder for the least it needs for a thumbnail of at most ``side`` pixels (JPEG
    decodes at 1/2–1/8 scale, HEIC from an embedded thumbnail), and refuse the image, before
    anything is decoded, when that still would not fit in ``decode_budget``."""
    full_pixels = image.width * image.height
    image.draft("RGB", _draft_size(image.size, (side, side)))
    if _decode_bytes(image, full_pixels) > decode_budget and image.format == "HEIF":
        # Too large to decode: the camera's own embedded thumbnail, however small, is enough.
        image.draft("RGB", (1, 1))
    needed = _decode_bytes(image, full_pixels)
    if needed > decode_budget:
        raise MediaError(
            f"图片像素过多（{kind.label_zh} 格式约 {round(full_pixels / 10_000)} 万像素），"
            f"处理需要约 {math.ceil(needed / 2**20)} MB 内存，超过每张照片 {decode_budget // 2**20} MB 的上限；"
            "请缩小尺寸或另存为 JPEG 后重新上传"
        )


def _decode_bytes(image: Image.Image, full_pixels: int) -> int:
    """Bytes the decoder holds at its peak for ``image`` at its drafted size: Pillow stores 1, 2
    (16-bit grey) or 4 bytes a pixel (RGB is padded to 4), times the decoder's own copies."""
    mode = image.mode
    per_pixel = 1 if mode in ("1", "L", "P") else 2 if mode.startswith("I;16") else 4
    needed = image.width * image.height * per_pixel * _DECODER_COPIES.get(image.format, 1.0)
    if image.format == "JPEG" and image.info.get("progressive"):
        # A progressive scan keeps every DCT coefficient (2 bytes) of every component at full size,
        # whatever scale it is decoded at; chroma planes are smaller by their subsampling.
        sampling = [h * v for _, h, v, _ in getattr(image, "layer", [])] or [1, 1, 1]
        needed += full_pixels * 2 * sum(sampling) / max(sampling)
    return math.ceil(needed)


def _upright_thumbnail(image: Image.Image, orientation: int, thumb_size: tuple[int, int]) -> Image.Image:
    """Shrink the (drafted) image to ``thumb_size``, then rotate upright.

    Rotating after shrinking is cheaper, so the box is first expressed in the stored
    (not yet rotated) orientation.
    """
    box = _upright_size(thumb_size, orientation)
    # Pillow's fast integer reduce() has no 16-bit grey mode; plain resampling has.
    image.thumbnail(box, reducing_gap=None if image.mode.startswith("I;16") else 2.0)
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
    if image.mode.startswith("I;16") or image.mode == "I":
        # 16-bit grey (PNG): Pillow clips at 255 when converting, which turns the whole photo white.
        image = image.convert("I").point(lambda value: value / 257).convert("L")
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


# "YYYY:MM:DD HH:MM:SS" (EXIF), with dashes (some apps), or ISO 8601 "YYYY-MM-DDTHH:MM[:SS][.fff][±hh:mm|Z]"
# (XMP). The camera's wall-clock time is kept; an ISO offset only says which zone that clock was in.
_CAPTURE_TIME = re.compile(r"(\d{4})[:-](\d{2})[:-](\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?")


def _parse_capture_time(text: str | None) -> datetime | None:
    match = _CAPTURE_TIME.match(text or "")
    if match is None:  # blank placeholders such as "    :  :     ", or a date without a time
        return None
    try:
        return datetime(*(int(part or 0) for part in match.groups()))
    except ValueError:  # "0000:00:00 00:00:00" and other impossible dates
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
