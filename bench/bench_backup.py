"""Backup and restore of the sample database (issue 10): time per run, sizes.

    .venv/bin/python -m bench.bench_backup

Prints the median and max of 10 backups (SQLite online backup + zip + safe write) and 10
restores (read, check hashes, lock, write) of a database holding the four samples.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path


def main() -> None:
    """Measure and print."""
    from cchc_tui.service.backup import make_backup, restore_backup
    from cchc_tui.service.reports import ReportService
    from cchc_tui.service.samples import sample_names

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = folder / "data" / "cchc.sqlite3"
        service = ReportService.open(db, who="bench")
        for name in sample_names():
            service.ensure_sample(name)
        service.close()
        usb = folder / "usb"
        usb.mkdir()
        keys = folder / "keys"
        backups, restores, size = [], [], 0
        for i in range(10):
            target = usb / f"b{i}.cchcbak"
            t0 = time.perf_counter()
            path = make_backup(target, database=db, keys_folder=keys, settings_file=folder / "x")
            backups.append((time.perf_counter() - t0) * 1000)
            size = path.stat().st_size
            t1 = time.perf_counter()
            restore_backup(path, database=db, keys_folder=keys, replace=True)
            restores.append((time.perf_counter() - t1) * 1000)
        print(
            f"database {db.stat().st_size / 1024:.0f} KiB (4 samples), backup file "
            f"{size / 1024:.0f} KiB"
        )
        print(f"backup, ms: median {statistics.median(backups):.0f} max {max(backups):.0f}")
        print(f"restore, ms: median {statistics.median(restores):.0f} max {max(restores):.0f}")


if __name__ == "__main__":
    main()
