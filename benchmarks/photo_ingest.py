"""Photo-ingest benchmark: lib.media's ingest_photo against a bare Pillow thumbnailer.

Run from the repository root:

    .venv/bin/python benchmarks/photo_ingest.py [--count N] [--repeat R]

Synthetic 12-megapixel phone photos are generated once and cached in the temp dir.
Each phase runs in its own subprocess so that peak RSS reflects that phase alone.
Writes benchmarks/results/photo_ingest.json; stdout is exactly one summary line.
"""

import argparse
import io
import json
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import PIL  # noqa: E402
from PIL import ExifTags, Image, ImageChops, ImageDraw  # noqa: E402

from lib.media.images import DEFAULT_THUMB_SIZE, THUMB_JPEG_QUALITY, ingest_photo  # noqa: E402

PHOTO_SIZE = (4000, 3000)
PHOTO_QUALITY = 90
CACHE_DIR = (
    Path(tempfile.gettempdir()) / "chuangwen-photo-ingest-bench" / f"v1-{PHOTO_SIZE[0]}x{PHOTO_SIZE[1]}"
)
RESULTS_PATH = REPO_ROOT / "benchmarks" / "results" / "photo_ingest.json"
TARGET_RATIO = 1.5
TARGET_PEAK_RSS_MB = 300


def main() -> None:
    args = parse_args()
    if args.phase:
        run_phase(args.phase, args.count)
        return
    paths = ensure_photos(args.count)
    ingest_runs, baseline_runs = [], []
    for _ in range(args.repeat):  # interleaved so drift in machine load hits both phases alike
        baseline_runs.append(run_phase_in_subprocess("baseline", args.count))
        ingest_runs.append(run_phase_in_subprocess("ingest", args.count))
    report = summarise(paths, ingest_runs, baseline_runs)
    RESULTS_PATH.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_PATH.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(
        f"photos_per_s={report['photos_per_s']} ratio={report['ratio']} peak_rss_mb={report['peak_rss_mb']}"
    )


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=positive_int, default=100, help="number of photos (default 100)")
    parser.add_argument(
        "--repeat", type=positive_int, default=3, help="runs per phase; the least CPU time counts (default 3)"
    )
    parser.add_argument("--phase", choices=["ingest", "baseline"], help=argparse.SUPPRESS)  # subprocess use
    return parser.parse_args()


def positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


# --- synthetic photos ------------------------------------------------------------


def ensure_photos(count: int) -> list[Path]:
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    paths = photo_paths(count)
    missing = [(index, path) for index, path in enumerate(paths) if not path.exists()]
    if missing:
        noise = sensor_noise()
        for done, (index, path) in enumerate(missing, start=1):
            print(f"generating {path.name} ({done}/{len(missing)})", file=sys.stderr)
            write_photo(path, seed=index, noise=noise)
    return paths


def photo_paths(count: int) -> list[Path]:
    return [CACHE_DIR / f"photo_{index:03d}.jpg" for index in range(count)]


def sensor_noise() -> Image.Image:
    """Full-frame RGB noise; generating it takes seconds, so photos share one layer, shifted."""
    return Image.merge("RGB", [Image.effect_noise(PHOTO_SIZE, 60) for _ in range(3)])


def write_photo(path: Path, seed: int, noise: Image.Image) -> None:
    rng = random.Random(seed)
    shifted_noise = ImageChops.offset(noise, rng.randrange(PHOTO_SIZE[0]), rng.randrange(PHOTO_SIZE[1]))
    photo = Image.blend(synthetic_scene(rng), shifted_noise, 0.15)
    partial = path.with_suffix(".partial")  # renamed when complete, so the cache never holds half a file
    photo.save(partial, "JPEG", quality=PHOTO_QUALITY, exif=phone_exif(rng))
    partial.rename(path)


def synthetic_scene(rng: random.Random) -> Image.Image:
    """Gradients and random shapes; with the noise, JPEG sizes are comparable to phone photos."""
    gradient = Image.linear_gradient("L").resize(PHOTO_SIZE)
    radial = Image.radial_gradient("L").resize(PHOTO_SIZE)
    scene = Image.merge("RGB", (gradient, radial, gradient.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))
    draw = ImageDraw.Draw(scene)
    width, height = PHOTO_SIZE
    for _ in range(40):
        x0, y0 = rng.randrange(width), rng.randrange(height)
        box = (x0, y0, x0 + rng.randrange(100, width // 3), y0 + rng.randrange(100, height // 3))
        colour = tuple(rng.randrange(256) for _ in range(3))
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)(box, fill=colour)
    return scene


def phone_exif(rng: random.Random) -> Image.Exif:
    tags = Image.Exif()
    tags[ExifTags.Base.Make] = "BenchCam"
    tags[ExifTags.Base.Model] = "Synthetic 12MP"
    tags[ExifTags.Base.Orientation] = rng.choice([1, 1, 6, 8, 3])
    taken_at = f"2024:05:{rng.randrange(1, 29):02d} {rng.randrange(24):02d}:{rng.randrange(60):02d}:00"
    tags.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = taken_at
    return tags


# --- phases (each runs in a fresh subprocess) -------------------------------------


def run_phase_in_subprocess(phase: str, count: int) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--phase", phase, "--count", str(count)]
    completed = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(completed.stdout)


def run_phase(phase: str, count: int) -> None:
    paths = photo_paths(count)
    process_one = ingest_file if phase == "ingest" else baseline_thumbnail
    process_one(paths[0])  # untimed warm-up: Pillow loads its format plugins on first use
    # CPU time is what we compare: wall time on a shared machine mostly measures the neighbours.
    cpu_started, wall_started = time.process_time(), time.perf_counter()
    for path in paths:
        process_one(path)
    cpu_seconds, wall_seconds = time.process_time() - cpu_started, time.perf_counter() - wall_started
    print(
        json.dumps({"cpu_seconds": cpu_seconds, "wall_seconds": wall_seconds, "peak_rss_mb": peak_rss_mb()})
    )


def peak_rss_mb() -> float:
    """Peak resident set of this process (Linux VmHWM).

    Not getrusage's ru_maxrss: Linux carries the spawning parent's peak across exec into
    the child's ru_maxrss, so every phase would report the photo generator's memory.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024  # reported in kB
    raise RuntimeError("VmHWM missing from /proc/self/status: this benchmark needs Linux")


def ingest_file(path: Path) -> None:
    with path.open("rb") as photo:
        result = ingest_photo(photo)
    if result.taken_at is None:  # proves the EXIF work really happened
        raise AssertionError(f"{path.name}: DateTimeOriginal not read")


def baseline_thumbnail(path: Path) -> None:
    """The least a thumbnailer must do: reduced-scale decode, resample, encode."""
    with Image.open(path) as image:
        image.draft("RGB", twice_thumbnail_size(image.size, DEFAULT_THUMB_SIZE))
        image.thumbnail(DEFAULT_THUMB_SIZE)
        image.convert("RGB").save(io.BytesIO(), "JPEG", quality=THUMB_JPEG_QUALITY)


def twice_thumbnail_size(size: tuple[int, int], box: tuple[int, int]) -> tuple[int, int]:
    scale = min(box[0] / size[0], box[1] / size[1], 1.0)
    return max(1, round(size[0] * scale * 2)), max(1, round(size[1] * scale * 2))


# --- report ----------------------------------------------------------------------


def summarise(paths: list[Path], ingest_runs: list[dict], baseline_runs: list[dict]) -> dict:
    ingest_seconds = min(run["cpu_seconds"] for run in ingest_runs)
    baseline_seconds = min(run["cpu_seconds"] for run in baseline_runs)
    ratio = ingest_seconds / baseline_seconds
    peak_rss_mb = max(run["peak_rss_mb"] for run in ingest_runs)
    return {
        "photos_per_s": round(len(paths) / ingest_seconds, 1),
        "ratio": round(ratio, 2),
        "peak_rss_mb": round(peak_rss_mb, 1),
        "meets_targets": ratio <= TARGET_RATIO and peak_rss_mb < TARGET_PEAK_RSS_MB,
        "targets": {"ratio_at_most": TARGET_RATIO, "peak_rss_mb_below": TARGET_PEAK_RSS_MB},
        "photos": {
            "count": len(paths),
            "size": list(PHOTO_SIZE),
            "mean_bytes": round(sum(path.stat().st_size for path in paths) / len(paths)),
        },
        "ingest_runs": ingest_runs,
        "baseline_runs": baseline_runs,
        "environment": {
            "python": platform.python_version(),
            "pillow": PIL.__version__,
            "machine": platform.machine(),
            "processor": platform.processor() or None,
        },
    }


if __name__ == "__main__":
    main()
