"""Benchmark of templates authored in Excel: from-xlsx of the largest shipped template.

Run: ``.venv/bin/python -m bench.bench_templates``. Prints milliseconds; not a test.

The largest template (most indicator rows) is written to a workbook once
(``authoring.workbook.template_to_workbook``); then

* **in-process**: ``read_workbook`` (openpyxl load, every sheet read, formulas translated,
  the template compiled and checked) and ``template_to_yaml``, 20 runs, p50/p95;
* **cold**: ``cchc templates from-xlsx FILE --out T.yaml`` as a fresh process (imports of
  openpyxl included, the YAML written safely), median of 5;
* for comparison: ``template_to_workbook`` (to-xlsx) in-process, and ``lint_template``.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (0–100) of values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    """Print the figures."""
    from cchc_tui.authoring.workbook import read_workbook, template_to_workbook
    from cchc_tui.template.lint import lint_template
    from cchc_tui.template.loader import builtin_templates
    from cchc_tui.template.writer import template_to_yaml

    largest = max(builtin_templates().values(), key=lambda t: len(t.indicators))
    print(
        f"template: {largest.full_id} ({len(largest.indicators)} rows, "
        f"{len(largest.template.forms)} forms, {len(largest.template.sections)} sections)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "mau.xlsx"
        writes = []
        for _ in range(10):
            t0 = time.perf_counter()
            data = template_to_workbook(largest)
            writes.append((time.perf_counter() - t0) * 1000)
        book.write_bytes(data)
        print(f"workbook: {len(data) / 1024:.0f} KB")
        reads, yamls, lints = [], [], []
        for _ in range(20):
            t0 = time.perf_counter()
            loaded = read_workbook(book)
            t1 = time.perf_counter()
            template_to_yaml(loaded.template)
            t2 = time.perf_counter()
            lint_template(loaded)
            t3 = time.perf_counter()
            reads.append((t1 - t0) * 1000)
            yamls.append((t2 - t1) * 1000)
            lints.append((t3 - t2) * 1000)
        cold = []
        for i in range(5):
            t0 = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "cchc_tui.cli", "templates", "from-xlsx", str(book),
                 "--out", str(Path(tmp) / f"t{i}.yaml")],
                check=True, capture_output=True,
            )  # fmt: skip
            cold.append((time.perf_counter() - t0) * 1000)
    print(
        f"read_workbook (from-xlsx in-process), n=20: p50 {pct(reads, 50):.1f} ms, "
        f"p95 {pct(reads, 95):.1f} ms"
    )
    print(f"template_to_yaml, n=20: p50 {pct(yamls, 50):.1f} ms")
    print(f"lint_template, n=20: p50 {pct(lints, 50):.1f} ms")
    print(f"template_to_workbook (to-xlsx in-process), n=10: p50 {pct(writes, 50):.1f} ms")
    print(f"cchc templates from-xlsx, fresh process, median of 5: {statistics.median(cold):.0f} ms")


if __name__ == "__main__":
    main()
