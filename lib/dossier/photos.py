"""Photos for print: upright, decoded at reduced scale, shrunk to the slot they fill, JPEG."""

import io
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import BinaryIO

from PIL import Image

# One table of EXIF uprighting for the whole code base (it also registers the HEIC opener).
from lib.media.images import _AXIS_SWAPPING_ORIENTATIONS, _DECODE_ERRORS, _UPRIGHTING

MM_PER_INCH = 25.4
PRINT_DPI = 150  # what an office laser printer resolves on a photo sheet; more only grows the file
JPEG_QUALITY = 85


@dataclass(frozen=True)
class PrintPhoto:
    jpeg: bytes
    width_px: int
    height_px: int


def box_pixels(width_mm: float, height_mm: float, dpi: int = PRINT_DPI) -> tuple[int, int]:
    return round(width_mm / MM_PER_INCH * dpi), round(height_mm / MM_PER_INCH * dpi)


def print_photo(fileobj: BinaryIO, box: tuple[int, int]) -> PrintPhoto | None:
    """Fit the photo into ``box`` pixels, upright; None if it cannot be decoded. JPEG decodes straight
    at 1/2, 1/4 or 1/8 scale (``draft``), so a 12-megapixel photo never exists in memory at full size."""
    try:
        return _print_photo(fileobj, box)
    except _DECODE_ERRORS:
        return None


def _print_photo(fileobj: BinaryIO, box: tuple[int, int]) -> PrintPhoto:
    with Image.open(fileobj) as image:
        orientation = image.getexif().get(0x0112, 1)
        stored_box = (box[1], box[0]) if orientation in _AXIS_SWAPPING_ORIENTATIONS else box
        image.draft("RGB", stored_box)
        image.thumbnail(stored_box, Image.Resampling.BILINEAR, reducing_gap=2.0)
        uprighting = _UPRIGHTING.get(orientation)
        upright = image.transpose(uprighting) if uprighting is not None else image
        if upright.mode != "RGB":
            upright = _on_white(upright)
        buffer = io.BytesIO()
        upright.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=False)
        return PrintPhoto(jpeg=buffer.getvalue(), width_px=upright.width, height_px=upright.height)


def _on_white(image: Image.Image) -> Image.Image:
    """JPEG has no alpha: composite transparency onto white, not black."""
    rgba = image.convert("RGBA")
    background = Image.new("RGB", rgba.size, "white")
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background


def _print_bytes(data: bytes, box: tuple[int, int]) -> PrintPhoto | None:
    return print_photo(io.BytesIO(data), box)


def print_photos(opens: Iterable[Callable[[], BinaryIO]], box: tuple[int, int], *,
                 workers: int = 1) -> Iterator[PrintPhoto | None]:
    """``print_photo`` for each photo, in order. With several workers the decoding runs in a process
    pool (Pillow's decoder holds the GIL), with only a few photos in flight so memory stays bounded.
    Processes come from a fork server: forking a Django worker with open database connections or
    threads is unsafe."""
    if workers <= 1:
        for open_photo in opens:
            with open_photo() as fileobj:
                yield print_photo(fileobj, box)
        return
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending: deque = deque()
        for open_photo in opens:
            with open_photo() as fileobj:
                pending.append(pool.submit(_print_bytes, fileobj.read(), box))
            if len(pending) > workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
