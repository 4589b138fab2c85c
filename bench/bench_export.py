"""Benchmark of the sample's exports: the signed bundle (cold, warm, verify) and the draft.

Run: ``.venv/bin/python -m bench.bench_export``. Prints milliseconds; not a test.
Cold: a fresh process signs nothing new but builds (report.json, forms.xlsx, report.docx),
signs and writes the bundle of an already signed sample (imports of openpyxl, python-docx and
cryptography included). Warm: the same in-process, repeated. Verify: ``verify_bundle`` on
the written file, in-process.
Draft: ``exports.draft.build_draft`` (the .docx with its findings page and the .xlsx, both
marked "DỰ THẢO") of the unsigned sample and both files written safely — cold in a fresh
process (imports of openpyxl and python-docx included), warm in-process, repeated.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PASSPHRASE = "bench"

COLD = """
import sys, time
t0 = time.perf_counter()
from pathlib import Path
from cchc_tui.base.atomic import write_bundle
from cchc_tui.db.store import ReportStore
from cchc_tui.exports.package import build_report_bundle
from cchc_tui.service.reports import ReportService
service = ReportService(ReportStore.open(Path(sys.argv[1])), keys_folder=Path(sys.argv[2]))
built = build_report_bundle(service, 1, sys.argv[4])
write_bundle(Path(sys.argv[3]), built.name, built.data)
service.close()
print((time.perf_counter() - t0) * 1000)
"""


DRAFT_COLD = """
import sys, time
t0 = time.perf_counter()
from datetime import UTC, datetime
from pathlib import Path
from cchc_tui.exports.draft import export_draft
from cchc_tui.service.reports import ReportService
service = ReportService.open(Path(sys.argv[1]))
export_draft(service, int(sys.argv[2]), Path(sys.argv[3]), datetime.now(UTC))
service.close()
print((time.perf_counter() - t0) * 1000)
"""


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (0–100) of values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    """Prepare a signed sample, then time export (cold, warm) and verify."""
    from cchc_tui.base.atomic import write_bundle
    from cchc_tui.db.store import ReportStore
    from cchc_tui.domain.validation import validate
    from cchc_tui.exports.package import build_report_bundle
    from cchc_tui.exports.verify import verify_bundle
    from cchc_tui.service.reports import ReportService, SignOffRequest
    from cchc_tui.template.loader import get_template

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db, keys, out = folder / "b.sqlite3", folder / "keys", folder / "usb"
        out.mkdir()
        store = ReportStore.open(db)
        service = ReportService(store, keys_folder=keys)
        rid, _ = service.ensure_sample()
        store.set_value(rid, "BM3/1.1", 0)
        report = store.load_report(rid)
        for finding in validate(get_template(report.template_id), report).warnings:
            store.set_explanation(rid, finding.id, "bench")
        service.sign_off(rid, SignOffRequest("Người Ký", "CHỦ TỊCH", PASSPHRASE))
        store.close()

        cold = []
        for _ in range(5):
            done = subprocess.run(
                [sys.executable, "-c", COLD, str(db), str(keys), str(out), PASSPHRASE],
                capture_output=True,
                text=True,
                check=True,
            )
            cold.append(float(done.stdout.split()[-1]))
        print(
            f"export cold (new process, imports included), ms: median {statistics.median(cold):.0f}"
        )

        service = ReportService(ReportStore.open(db), keys_folder=keys)
        warm, verify, size = [], [], 0
        for _ in range(10):
            t0 = time.perf_counter()
            built = build_report_bundle(service, rid, PASSPHRASE)
            path = write_bundle(out, built.name, built.data)
            warm.append((time.perf_counter() - t0) * 1000)
            size = len(built.data)
            t1 = time.perf_counter()
            assert verify_bundle(path).ok
            verify.append((time.perf_counter() - t1) * 1000)
        service.close()
        print(
            f"export warm (build + sign + safe write), ms: p50 {pct(warm, 50):.0f} "
            f"p95 {pct(warm, 95):.0f}; bundle {size / 1024:.1f} KiB"
        )
        print(f"verify, ms: p50 {pct(verify, 50):.1f} p95 {pct(verify, 95):.1f}")
        bench_draft(folder, out)


def bench_draft(folder: Path, out: Path) -> None:
    """Time the draft of the unsigned sample (with its findings), cold and warm."""
    from datetime import UTC, datetime

    from cchc_tui.exports.draft import export_draft
    from cchc_tui.service.reports import ReportService

    db = folder / "draft.sqlite3"
    service = ReportService.open(db)
    rid, _ = service.ensure_sample()
    service.close()
    cold = []
    for _ in range(5):
        done = subprocess.run(
            [sys.executable, "-c", DRAFT_COLD, str(db), str(rid), str(out)],
            capture_output=True,
            text=True,
            check=True,
        )
        cold.append(float(done.stdout.split()[-1]))
    print(f"draft cold (new process, imports included), ms: median {statistics.median(cold):.0f}")
    service = ReportService.open(db)
    warm, size = [], 0
    for _ in range(10):
        t0 = time.perf_counter()
        paths = export_draft(service, rid, out, datetime.now(UTC))
        warm.append((time.perf_counter() - t0) * 1000)
        size = sum(p.stat().st_size for p in paths)
    service.close()
    print(
        f"draft warm (load + build docx and xlsx + safe write), ms: p50 {pct(warm, 50):.0f} "
        f"p95 {pct(warm, 95):.0f}; files {size / 1024:.1f} KiB"
    )


if __name__ == "__main__":
    main()
