import hashlib
import io
import warnings
from datetime import datetime

import pillow_heif
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from lib.media import NEAR_DUPLICATE_DISTANCE, FileKind, GpsPoint, MediaError, hamming, ingest_photo

from . import samples

TAKEN_AT = datetime(2024, 5, 1, 9, 30, 15)
RED = (255, 0, 0)


def ingest(data: bytes, **options):
    return ingest_photo(io.BytesIO(data), **options)


def open_thumbnail(result) -> Image.Image:
    thumbnail = Image.open(io.BytesIO(result.thumbnail))
    assert thumbnail.format == "JPEG"
    return thumbnail


def is_red(pixel) -> bool:
    r, g, b = pixel
    return r > 200 and g < 60 and b < 60


# --- happy paths -----------------------------------------------------------------


def test_jpeg_with_exif_is_rotated_upright_and_dated():
    stored = samples.photo((640, 480))
    stored.paste(RED, (0, 0, 120, 120))  # marks the stored top-left corner
    tags = samples.exif(taken_at=TAKEN_AT, orientation=6, make="Xiaomi", model="Redmi Note 12")
    result = ingest(samples.encode(stored, "JPEG", exif=tags))

    assert result.kind is FileKind.JPEG
    assert (result.width, result.height) == (480, 640)
    assert result.taken_at == TAKEN_AT
    assert (result.camera_make, result.camera_model) == ("Xiaomi", "Redmi Note 12")
    thumbnail = open_thumbnail(result)
    assert thumbnail.mode == "RGB"
    assert thumbnail.size == (360, 480)
    # Orientation 6 means "rotate 90° clockwise to display": top-left ends up top-right.
    assert is_red(thumbnail.getpixel((thumbnail.width - 10, 10)))
    assert not is_red(thumbnail.getpixel((10, 10)))


def test_malformed_exif_tag_does_not_break_ingest():
    data = samples.encode(samples.photo((64, 48)), "JPEG", exif=samples.exif_with_mistyped_tag(orientation=6))
    result = ingest(data)
    assert (result.width, result.height) == (48, 64)


def test_taken_at_falls_back_to_datetime_tag():
    tags = samples.exif(modified_at=TAKEN_AT)
    assert ingest(samples.encode(samples.photo(), "JPEG", exif=tags)).taken_at == TAKEN_AT


def test_gps_coordinates_are_signed_decimal_degrees():
    tags = samples.exif(gps=(-33.8568, -70.6483))
    gps = ingest(samples.encode(samples.photo(), "JPEG", exif=tags)).gps
    assert gps == GpsPoint(pytest.approx(-33.8568, abs=1e-5), pytest.approx(-70.6483, abs=1e-5))


def test_zero_zero_gps_means_no_fix():
    tags = samples.exif(gps=(0.0, 0.0))
    assert ingest(samples.encode(samples.photo(), "JPEG", exif=tags)).gps is None


def test_png_without_exif_has_no_metadata():
    result = ingest(samples.encode(samples.photo((300, 200)), "PNG"))
    assert result.kind is FileKind.PNG
    assert (result.width, result.height) == (300, 200)
    assert (result.taken_at, result.camera_make, result.camera_model, result.gps) == (None, None, None, None)
    assert open_thumbnail(result).size == (300, 200)  # never upscaled


def test_transparent_png_thumbnail_is_flattened_onto_white():
    transparent = Image.new("RGBA", (100, 100), (0, 0, 0, 0))
    thumbnail = open_thumbnail(ingest(samples.encode(transparent, "PNG")))
    assert all(channel > 245 for channel in thumbnail.getpixel((50, 50)))


def test_webp_is_accepted():
    tags = samples.exif(taken_at=TAKEN_AT)
    result = ingest(samples.encode(samples.photo((800, 600)), "WEBP", exif=tags))
    assert result.kind is FileKind.WEBP
    assert (result.width, result.height) == (800, 600)
    assert result.taken_at == TAKEN_AT


@pytest.mark.skipif(
    not pillow_heif.libheif_info()["encoders"].get("x265"), reason="libheif has no HEVC encoder"
)
def test_heic_is_accepted():
    tags = samples.exif(taken_at=TAKEN_AT, model="iPhone 15")
    result = ingest(samples.encode(samples.photo((640, 480)), "HEIF", exif=tags, quality=80))
    assert result.kind is FileKind.HEIC
    assert (result.width, result.height) == (640, 480)
    assert (result.taken_at, result.camera_model) == (TAKEN_AT, "iPhone 15")
    assert open_thumbnail(result).size == (480, 360)


def test_large_jpeg_reports_full_size_and_small_thumbnail():
    result = ingest(samples.encode(samples.photo((4000, 3000)), "JPEG", quality=85))
    assert (result.width, result.height) == (4000, 3000)
    assert open_thumbnail(result).size == (480, 360)


def test_thumb_size_box_applies_to_the_upright_image():
    tags = samples.exif(orientation=8)
    result = ingest(samples.encode(samples.photo((800, 400)), "JPEG", exif=tags), thumb_size=(100, 300))
    assert (result.width, result.height) == (400, 800)
    assert open_thumbnail(result).size == (100, 200)


def test_sha256_and_size_describe_the_original_bytes():
    data = samples.encode(samples.photo(), "JPEG")
    first, second = ingest(data), ingest(data)
    assert first.sha256 == second.sha256 == hashlib.sha256(data).hexdigest()
    assert first.size_bytes == len(data)


# --- near duplicates -------------------------------------------------------------


def test_resized_and_recompressed_copy_is_a_near_duplicate():
    original = samples.photo((1600, 1200), seed=1)
    copy = original.resize((800, 600))
    distance = hamming(
        ingest(samples.encode(original, "JPEG", quality=92)).phash,
        ingest(samples.encode(copy, "JPEG", quality=55)).phash,
    )
    assert distance <= NEAR_DUPLICATE_DISTANCE


def test_rotation_by_exif_or_by_pixels_hashes_alike():
    upright = samples.photo((480, 640), seed=3)
    stored_sideways = upright.transpose(Image.Transpose.ROTATE_90)  # undone by orientation 6
    tagged = ingest(samples.encode(stored_sideways, "JPEG", exif=samples.exif(orientation=6)))
    assert hamming(tagged.phash, ingest(samples.encode(upright, "JPEG")).phash) <= NEAR_DUPLICATE_DISTANCE


def test_different_photos_are_not_near_duplicates():
    first = ingest(samples.encode(samples.photo((1600, 1200), seed=1), "JPEG"))
    second = ingest(samples.encode(samples.photo((1600, 1200), seed=2), "JPEG"))
    assert hamming(first.phash, second.phash) > NEAR_DUPLICATE_DISTANCE


PHASHES = st.integers(min_value=0, max_value=2**64 - 1).map(lambda bits: f"{bits:016x}")


@given(PHASHES, PHASHES)
def test_hamming_is_a_symmetric_bounded_distance(a, b):
    assert hamming(a, a) == 0
    assert hamming(a, b) == hamming(b, a)
    assert 0 <= hamming(a, b) <= 64


def test_hamming_rejects_malformed_hashes():
    with pytest.raises(ValueError):
        hamming("abc", "0" * 16)


# --- rejections ------------------------------------------------------------------


def rejection(data: bytes, **options) -> str:
    with pytest.raises(MediaError) as caught:
        ingest(data, **options)
    return caught.value.message_zh


def test_empty_file():
    assert rejection(b"") == "文件为空"


def test_truncated_jpeg():
    data = samples.encode(samples.photo(), "JPEG")
    assert rejection(data[: len(data) // 2]) == "图片已损坏或不完整，无法打开"


def test_jpeg_signature_followed_by_garbage():
    assert rejection(b"\xff\xd8\xff" + b"\x00garbage" * 50) == "图片已损坏或不完整，无法打开"


def test_pdf_named_jpg_is_rejected():
    assert rejection(samples.pdf(["hello"])) == "文件内容与扩展名不符：内容是 PDF，不是图片"


def test_gif_is_rejected():
    gif = samples.encode(Image.new("RGB", (10, 10)), "GIF")
    assert rejection(gif) == "不支持的图片格式：GIF（请上传 JPEG、PNG、WebP 或 HEIC）"


def test_unknown_content_is_rejected():
    assert rejection(b"just some text") == "无法识别的文件格式（请上传 JPEG、PNG、WebP 或 HEIC）"


def test_decompression_bomb_refused_by_pillow_limit():
    message = rejection(samples.png_claiming_size(30000, 30000))
    assert message == "图片尺寸过大（约 90000 万像素），超过上限（8000 万像素）"


def test_decompression_bomb_refused_by_our_limit():
    message = rejection(samples.png_claiming_size(9000, 9000))
    assert message == "图片尺寸过大（约 8100 万像素），超过上限（8000 万像素）"


def test_pixel_limit_is_configurable():
    data = samples.encode(samples.photo((640, 480)), "PNG")
    assert rejection(data, max_pixels=100_000) == "图片尺寸过大（约 31 万像素），超过上限（10 万像素）"


def test_pillow_bomb_warning_raised_as_error_becomes_our_error():
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        message = rejection(samples.png_claiming_size(10000, 10000), max_pixels=200_000_000)
    assert message == "图片尺寸过大（约 10000 万像素），超过上限（20000 万像素）"
