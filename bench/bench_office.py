"""Benchmark of the receiving office: import of N signed bundles, status and consolidation.

Run: ``.venv/bin/python -m bench.bench_office [N]`` (default 1000). Prints seconds; not a test.
Bundles come from ``tests/bundle_factory.py`` (``report.json`` only, one key per unit); the
office database is a real SQLite file (WAL + ``synchronous=FULL``: one fsync per bundle).
Figures: generation (not the office's cost), ``cchc office import`` of the folder in-process
(s, bundles/s), a second import of the same folder (every bundle already known), the status of
the period (every report validated), and the consolidation (figures, then the workbook).
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path


def main() -> None:
    """Generate, import, re-import, status, consolidate; print the figures."""
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    from cchc_tui.db.store import ReportStore
    from cchc_tui.office.consolidate import consolidate, consolidation_workbook
    from cchc_tui.office.importer import Kind, find_bundles, import_paths
    from cchc_tui.office.keys import add_key
    from cchc_tui.office.status import period_status
    from tests.bundle_factory import BundleFactory

    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        t0 = time.perf_counter()
        factory = BundleFactory(base / "usb", keys_folder=base / "keys", seed=7)
        made = factory.make(count)
        print(f"generate {count} bundles: {time.perf_counter() - t0:.1f} s (test data, not timed)")

        store = ReportStore.open(base / "office.sqlite3")
        for bundle in made:
            add_key(store, bundle.unit_code, bundle.public_pem)
        files, _ = find_bundles([base / "usb"])

        t0 = time.perf_counter()
        kinds = [o.kind for o in import_paths(store, files)]
        spent = time.perf_counter() - t0
        assert kinds.count(Kind.IMPORTED) == count, kinds
        print(
            f"import {count} bundles: {spent:.1f} s, {count / spent:.1f} bundles/s, "
            f"{spent / count * 1000:.1f} ms/bundle"
        )

        t0 = time.perf_counter()
        again = [o.kind for o in import_paths(store, files)]
        spent = time.perf_counter() - t0
        assert again.count(Kind.ALREADY) == count
        print(f"re-import (all already known): {spent:.1f} s, {count / spent:.0f} bundles/s")

        t0 = time.perf_counter()
        rows = period_status(store, "2023-nam")
        print(
            f"status of {len(rows)} units (each report validated): {time.perf_counter() - t0:.1f} s"
        )

        t0 = time.perf_counter()
        result = consolidate(store, "2023-nam")
        figures = time.perf_counter() - t0
        t1 = time.perf_counter()
        workbook = consolidation_workbook(result, datetime.now(UTC))
        book = time.perf_counter() - t1
        print(
            f"consolidate {len(result.units)} units: figures {figures:.1f} s, workbook "
            f"{book:.1f} s ({len(workbook) / 1024**2:.1f} MB), total {figures + book:.1f} s"
        )
        size = (base / "office.sqlite3").stat().st_size
        print(f"database: {size / 1024**2:.0f} MB")
        store.close()


if __name__ == "__main__":
    main()
