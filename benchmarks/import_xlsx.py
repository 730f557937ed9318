"""Table-import benchmark: parsing a 2,000-row XLSX task table against a bare openpyxl load of it.

Run from the repository root:

    .venv/bin/python benchmarks/import_xlsx.py [--rows N] [--repeat R]

The workbook is a city office's table (indicator codes, lead and responsible units, measures per
unit), built in memory. Each phase runs in its own subprocess, `--repeat` times, interleaved; the
fastest run counts. Phases:
  - baseline: `openpyxl.load_workbook(data)` — the least any reader of the file does;
  - import:   `lib.tables.bounded.parse_file_bounded(data, …)` — archive check, streamed read,
              column classification and parse in a bounded child process, as the worker runs it.
Writes benchmarks/results/import_xlsx.json; stdout is exactly one summary line.
"""

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

RESULTS_PATH = REPO_ROOT / "benchmarks" / "results" / "import_xlsx.json"
TARGET_RATIO = 2.0

_PHASES = {
    "baseline": "import io, openpyxl; openpyxl.load_workbook(io.BytesIO(data))",
    "import": "from lib.tables.bounded import parse_file_bounded; table = parse_file_bounded(data, 't.xlsx'); "
              "assert table.task_count == ROWS, table.task_count",
}
_RUNNER = """
import resource, sys, time
sys.path.insert(0, {root!r})
ROWS = {rows}
data = open({path!r}, 'rb').read()
started = time.perf_counter()
{code}
elapsed = time.perf_counter() - started
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(elapsed, max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, children) // 1024)
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()

    from lib.tables.tests.corpus import city_xlsx

    path = Path(tempfile.gettempdir()) / f"chuangwen-import-bench-{options.rows}.xlsx"
    path.write_bytes(city_xlsx(options.rows))
    runs: dict[str, list[dict]] = {phase: [] for phase in _PHASES}
    for _ in range(options.repeat):
        for phase, code in _PHASES.items():
            script = _RUNNER.format(root=str(REPO_ROOT), rows=options.rows, path=str(path), code=code)
            output = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
            seconds, peak_mb = output.stdout.split()
            runs[phase].append({"seconds": round(float(seconds), 3), "peak_rss_mb": int(peak_mb)})
    best = {phase: min(results, key=lambda run: run["seconds"]) for phase, results in runs.items()}
    ratio = best["import"]["seconds"] / best["baseline"]["seconds"]
    results = {
        "rows": options.rows,
        "file_bytes": path.stat().st_size,
        "best": best,
        "ratio": round(ratio, 2),
        "target_ratio": TARGET_RATIO,
        "runs": runs,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "recorded_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    RESULTS_PATH.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_PATH.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"rows={options.rows} import_s={best['import']['seconds']} baseline_s={best['baseline']['seconds']} "
          f"ratio={ratio:.2f} import_peak_rss_mb={best['import']['peak_rss_mb']}")


if __name__ == "__main__":
    main()
