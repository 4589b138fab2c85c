"""Benchmark of the report core: template load + sample import + validation, and autosave.

Run: ``.venv/bin/python -m bench.bench_core``. Prints milliseconds; not a test.
Figures: (1) cold process: read + check template, read sample JSON, validate, in a fresh
subprocess; (2) warm: the same in-process, repeated; (3) one autosave commit (set_value on a
real SQLite file, WAL + synchronous=FULL), p50/p95 over N commits.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COLD = """
import time; t0 = time.perf_counter()
from cchc_tui.domain.interchange import read_report
from cchc_tui.domain.validation import validate
from cchc_tui.service.samples import sample_path
report, template = read_report(sample_path())
result = validate(template, report)
print((time.perf_counter() - t0) * 1000, len(result.findings))
"""


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (0–100) of values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    """Run the three measurements and print them."""
    cold = []
    for _ in range(5):
        out = subprocess.run(
            [sys.executable, "-c", COLD], capture_output=True, text=True, check=True
        ).stdout.split()
        cold.append(float(out[0]))
    print(
        f"cold import+template+sample+validate (ms): median {statistics.median(cold):.0f}"
        f" (imports included)"
    )

    from cchc_tui.db.store import ReportStore
    from cchc_tui.domain.interchange import read_report
    from cchc_tui.domain.validation import validate
    from cchc_tui.service.samples import sample_path
    from cchc_tui.template.loader import builtin_templates, load_template_file

    tpl_file = next(iter(builtin_templates().values())).source
    folder = Path(str(sample_path())).parents[1] / "templates"
    times: dict[str, list[float]] = {"template load+check": [], "sample read": [], "validate": []}
    for _ in range(20):
        t0 = time.perf_counter()
        load_template_file(folder / tpl_file)
        t1 = time.perf_counter()
        report, template = read_report(sample_path())
        t2 = time.perf_counter()
        validate(template, report)
        t3 = time.perf_counter()
        times["template load+check"].append((t1 - t0) * 1000)
        times["sample read"].append((t2 - t1) * 1000)
        times["validate"].append((t3 - t2) * 1000)
    for name, values in times.items():
        print(f"warm {name} (ms): p50 {pct(values, 50):.1f} p95 {pct(values, 95):.1f}")

    with tempfile.TemporaryDirectory() as tmp:
        store = ReportStore.open(Path(tmp) / "bench.sqlite3", who="bench")
        rid = store.import_report(report)
        commits = []
        for i in range(200):
            t0 = time.perf_counter()
            store.set_value(rid, "BM1/2.1", 30 + i % 10)
            commits.append((time.perf_counter() - t0) * 1000)
        store.close()
    print(
        f"autosave commit set_value (ms, n=200): p50 {pct(commits, 50):.2f}"
        f" p95 {pct(commits, 95):.2f}"
    )


if __name__ == "__main__":
    main()
