"""Peak memory of ingesting the largest photos a clerk can upload, one fresh process per file.

Builds each case once in $TMPDIR/chuangwen-photo-memory/ (a flat picture, so the files are small
however many pixels they claim), then runs ``ingest_photo`` on it in a subprocess and reads that
process's VmHWM (peak resident memory). Prints one line per case: accepted or the refusal, and MB.

    .venv/bin/python benchmarks/photo_memory.py
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(tempfile.gettempdir()) / "chuangwen-photo-memory"
RESULTS = ROOT / "benchmarks" / "results" / "photo_memory.json"

# name: (format, size, mode, save options)
CASES = {
    "jpeg-80mp": ("JPEG", (10000, 8000), "RGB", {"quality": 85}),
    "jpeg-progressive-48mp": ("JPEG", (8000, 6000), "RGB", {"quality": 85, "progressive": True}),
    "png-rgb-50mp": ("PNG", (8165, 6124), "RGB", {}),
    "png-rgb-79mp": ("PNG", (10240, 7720), "RGB", {}),
    "png-grey16-40mp": ("PNG", (7300, 5480), "I;16", {}),
    "webp-12mp": ("WEBP", (4000, 3000), "RGB", {"quality": 80}),
    "webp-80mp": ("WEBP", (10000, 8000), "RGB", {"quality": 80}),
    "heic-12mp": ("HEIF", (4032, 3024), "RGB", {"quality": 50}),
    "heic-24mp": ("HEIF", (5712, 4284), "RGB", {"quality": 50}),
    "heic-48mp-with-thumbnail": ("HEIF", (8064, 6048), "RGB", {"quality": 50, "thumbnails": [320]}),
    "heic-48mp": ("HEIF", (8064, 6048), "RGB", {"quality": 50}),
}

_MEASURE = """
import sys
from lib.media import MediaError, ingest_photo
def peak_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
before = peak_mb()
try:
    with open(sys.argv[1], "rb") as f:
        ingest_photo(f)
    outcome = "accepted"
except MediaError as error:
    outcome = error.message_zh
print(f"{before:.1f}\\t{peak_mb():.1f}\\t{outcome}")
"""


def build(name: str) -> Path:
    image_format, size, mode, options = CASES[name]
    path = CACHE / f"{name}.{image_format.lower()}"
    if not path.exists():
        import pillow_heif

        pillow_heif.register_heif_opener()
        CACHE.mkdir(parents=True, exist_ok=True)
        image = Image.linear_gradient("L").resize(size) if mode == "I;16" else Image.new(mode, size, (90, 140, 60))
        if mode == "I;16":
            image = image.convert("I").point(lambda value: value * 256).convert("I;16")
        image.save(path, image_format, **options)
    return path


def main() -> None:
    results = {}
    for name in sys.argv[1:] or CASES:
        path = build(name)
        out = subprocess.run([sys.executable, "-c", _MEASURE, str(path)], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.strip()
        before, peak, outcome = out.split("\t")
        results[name] = {"file_mb": round(path.stat().st_size / 2**20, 1), "baseline_mb": float(before),
                         "peak_mb": float(peak), "outcome": outcome}
        print(f"{name}\tpeak {peak} MB (interpreter {before} MB)\t{outcome}", flush=True)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
