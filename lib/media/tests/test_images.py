import hashlib
import io
import warnings
from datetime import date, datetime

import pillow_heif
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image, PngImagePlugin

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


def test_datetime_tag_is_the_save_time_and_never_the_capture_time():
    tags = samples.exif(modified_at=TAKEN_AT)
    result = ingest(samples.encode(samples.photo(), "JPEG", exif=tags))
    assert (result.taken_at, result.implausible_taken_at) == (None, None)


def test_original_time_wins_over_the_editors_save_time():
    tags = samples.exif(taken_at=TAKEN_AT, modified_at=datetime(2025, 1, 2, 3, 4, 5))
    assert ingest(samples.encode(samples.photo(), "JPEG", exif=tags)).taken_at == TAKEN_AT


def test_digitized_time_is_used_without_an_original_time():
    tags = samples.exif(digitized_at=TAKEN_AT, modified_at=datetime(2025, 1, 2, 3, 4, 5))
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


# --- damaged metadata loses the metadata, not the photo ------------------------------


def _encode_for(image_format: str, image: Image.Image, **params) -> bytes:
    if image_format == "HEIF" and not pillow_heif.libheif_info()["encoders"].get("x265"):
        pytest.skip("libheif has no HEVC encoder")
    return samples.encode(image, image_format, **params)


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP", "HEIF"])
@pytest.mark.parametrize("damage", sorted(samples.DAMAGED_EXIF))
def test_damaged_exif_keeps_the_photo(image_format, damage):
    stored = samples.photo((160, 120))
    result = ingest(_encode_for(image_format, stored, exif=samples.DAMAGED_EXIF[damage]))
    assert (result.width, result.height) == (160, 120)
    assert (result.taken_at, result.camera_make, result.gps) == (None, None, None)
    expected = ingest(samples.encode(stored, "PNG")).phash
    assert hamming(result.phash, expected) <= NEAR_DUPLICATE_DISTANCE


@pytest.mark.parametrize("orientation", [0, 9, 65535])
def test_orientation_outside_one_to_eight_is_ignored(orientation):
    tags = samples.exif()
    tags[0x0112] = orientation
    result = ingest(samples.encode(samples.photo((160, 120)), "JPEG", exif=tags))
    assert (result.width, result.height) == (160, 120)


# --- capture times -------------------------------------------------------------------


@pytest.mark.parametrize("written", ["0001:01:01 00:00:00", "1970:01:01 08:00:00", "1999:12:31 23:59:59",
                                     "2099:01:01 00:00:00"])
def test_implausible_capture_time_is_flagged_and_not_used(written):
    tags = samples.exif(raw_taken_at=written)
    result = ingest(samples.encode(samples.photo(), "JPEG", exif=tags))
    assert result.taken_at is None
    assert result.implausible_taken_at == written


def test_capture_time_may_be_tomorrow_but_not_later():
    tags = samples.exif(taken_at=TAKEN_AT)
    data = samples.encode(samples.photo(), "JPEG", exif=tags)
    assert ingest(data, latest_plausible=TAKEN_AT.date()).taken_at == TAKEN_AT
    late = ingest(data, latest_plausible=date(2024, 4, 30))
    assert (late.taken_at, late.implausible_taken_at) == (None, "2024:05:01 09:30:15")


@pytest.mark.parametrize("written", ["0000:00:00 00:00:00", "    :  :     :  :  ", "2024:13:45 10:00:00", "garbage"])
def test_placeholder_capture_time_is_simply_absent(written):
    tags = samples.exif(raw_taken_at=written)
    result = ingest(samples.encode(samples.photo(), "JPEG", exif=tags))
    assert result.taken_at is None


@pytest.mark.parametrize("written, expected", [
    ("2024-05-01T09:30:15+08:00", TAKEN_AT),
    ("2024-05-01T09:30:15.123Z", TAKEN_AT),
    ("2024-05-01T09:30", TAKEN_AT.replace(second=0)),
    ("2024-05-01 09:30:15", TAKEN_AT),
])
def test_iso_capture_times_keep_the_cameras_wall_clock(written, expected):
    tags = samples.exif(raw_taken_at=written)
    assert ingest(samples.encode(samples.photo(), "JPEG", exif=tags)).taken_at == expected


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_xmp_capture_time_is_read_when_exif_has_none(image_format):
    packet = samples.xmp(xmp_ModifyDate="2025-02-02T10:00:00", photoshop_DateCreated="2024-05-01T09:30:15+08:00")
    if image_format == "PNG":  # PNG keeps XMP in an iTXt chunk
        text = PngImagePlugin.PngInfo()
        text.add_itxt("XML:com.adobe.xmp", packet.decode())
        data = samples.encode(samples.photo(), "PNG", pnginfo=text)
    else:
        data = samples.encode(samples.photo(), image_format, xmp=packet)
    result = ingest(data)
    assert result.taken_at == TAKEN_AT


def test_xmp_original_time_beats_its_create_date_and_exif_beats_xmp():
    packet = samples.xmp(xmp_CreateDate="2024-06-01T00:00:00", exif_DateTimeOriginal="2024-05-01T09:30:15")
    assert ingest(samples.encode(samples.photo(), "JPEG", xmp=packet)).taken_at == TAKEN_AT
    tags = samples.exif(taken_at=datetime(2024, 7, 7, 7, 7, 7))
    both = ingest(samples.encode(samples.photo(), "JPEG", xmp=packet, exif=tags))
    assert both.taken_at == datetime(2024, 7, 7, 7, 7, 7)


def test_xmp_save_time_alone_is_not_a_capture_time():
    packet = samples.xmp(xmp_ModifyDate="2024-05-01T09:30:15", xmp_MetadataDate="2024-05-01T09:30:15")
    assert ingest(samples.encode(samples.photo(), "JPEG", xmp=packet)).taken_at is None


def test_malformed_xmp_keeps_the_photo():
    result = ingest(samples.encode(samples.photo((64, 48)), "JPEG", xmp=b"<x:xmpmeta><unclosed"))
    assert (result.width, result.taken_at) == (64, None)


# --- truncated and animated images ---------------------------------------------------


@pytest.mark.parametrize("image_format, params", [
    ("JPEG", {}), ("JPEG", {"progressive": True}), ("PNG", {}), ("WEBP", {}), ("WEBP", {"lossless": True}),
    ("HEIF", {"quality": 60, "thumbnails": [96]}),  # iPhones embed a thumbnail that decodes fine
])
@pytest.mark.parametrize("kept", [0.5, 0.9])
def test_truncated_images_are_rejected(image_format, params, kept):
    data = _encode_for(image_format, samples.photo((320, 240)), **params)
    assert rejection(data[: int(len(data) * kept)]) == "图片已损坏或不完整，无法打开"


def test_heic_cut_inside_its_last_box_is_rejected():
    data = _encode_for("HEIF", samples.photo((320, 240)), quality=60, thumbnails=[96])
    assert rejection(data[:-16]) == "图片已损坏或不完整，无法打开"


@pytest.mark.parametrize("image_format, label", [("PNG", "PNG"), ("WEBP", "WebP")])
def test_animated_images_are_refused(image_format, label):
    message = rejection(samples.animated(image_format))
    assert message == f"不支持动图（动画 {label}），请上传静态照片（请上传 JPEG、PNG、WebP 或 HEIC）"


def test_single_frame_webp_saved_as_animation_is_a_photo():
    assert ingest(samples.animated("WEBP", frames=1)).kind is FileKind.WEBP


# --- decode memory -------------------------------------------------------------------


def test_png_over_the_decode_budget_is_refused_before_decoding():
    # The header claims 64 megapixels but no pixel data follows: decoding would fail as corrupt,
    # so this message proves the refusal came first.
    message = rejection(samples.png_claiming_size(8000, 8000))
    assert message.startswith("图片像素过多（PNG 格式约 6400 万像素），处理需要约 245 MB 内存，超过每张照片 200 MB")


def test_decode_budget_counts_webps_extra_copies():
    data = samples.encode(samples.photo((400, 300)), "WEBP")
    png = samples.encode(samples.photo((400, 300)), "PNG")
    budget = 400 * 300 * 4 * 2
    assert ingest(png, decode_budget=budget).kind is FileKind.PNG
    assert rejection(data, decode_budget=budget).startswith("图片像素过多（WebP 格式约 12 万像素）")


def test_large_baseline_jpeg_decodes_at_reduced_scale_within_budget():
    data = samples.encode(samples.photo((4000, 3000)), "JPEG", quality=85)
    assert ingest(data, decode_budget=4000 * 3000).width == 4000  # a full decode would need 48 MB


def test_progressive_jpeg_counts_its_full_size_coefficients():
    image = samples.photo((2000, 1500))
    budget = 2000 * 1500 * 2
    assert ingest(samples.encode(image, "JPEG"), decode_budget=budget).width == 2000
    assert rejection(samples.encode(image, "JPEG", progressive=True), decode_budget=budget).startswith("图片像素过多")


def test_heic_over_budget_uses_its_embedded_thumbnail():
    data = _encode_for("HEIF", samples.photo((640, 480)), quality=60, thumbnails=[160])
    result = ingest(data, decode_budget=640 * 480 * 4)
    assert (result.width, result.height) == (640, 480)
    assert open_thumbnail(result).size == (160, 120)


def test_heic_over_budget_without_a_thumbnail_is_refused():
    data = _encode_for("HEIF", samples.photo((640, 480)), quality=60)
    assert rejection(data, decode_budget=640 * 480 * 4).startswith("图片像素过多（HEIC 格式约 31 万像素）")


# --- pixel formats -------------------------------------------------------------------


def test_16_bit_grey_png_keeps_its_tones():
    result = ingest(samples.encode(samples.grey16(), "PNG"))
    thumbnail = open_thumbnail(result).convert("L")
    left, middle, right = (thumbnail.getpixel((x, 32)) for x in (4, 128, 251))
    assert left < 20 and 100 < middle < 156 and right > 235
