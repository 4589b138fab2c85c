"""``kill -9`` during ``cchc office import``: every bundle is imported whole or not at all.

The import runs as a real subprocess over the 100 generated bundles and is killed (SIGKILL)
at a random moment just after it reported some new imports, three times; after each kill the
database is checked bundle by bundle (received row ⇔ report with every value, note,
explanation, narrative and document), then a last run completes the import.

This is a process-crash test, not a power-cut test (shared/PITFALLS.md): durability against
power loss comes from WAL + ``synchronous=FULL`` (tested in test_store.py).
"""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cchc_tui.db.store import ReportStore
from cchc_tui.domain.values import cell_to_storage
from cchc_tui.office.keys import add_key
from tests.bundle_factory import ROGUE, TAMPERED, OfficeSet, office_set
from tests.crash_helpers import kill_after

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


def command(db: Path, usb: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "cchc_tui.cli",
        "--db",
        str(db),
        "office",
        "import",
        str(usb),
    ]


def check_all_or_nothing(db: Path, bundles: OfficeSet) -> int:
    """Assert every bundle is fully imported or absent; return how many are imported."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        received = {
            code: (state, rid)
            for code, state, rid in conn.execute(
                "SELECT unit_code, state, report_id FROM received_bundle"
            )
        }
        reports = {
            rid: code
            for rid, code in conn.execute(
                "SELECT report.id, unit.code FROM report JOIN unit ON unit.id = report.unit_id"
            )
        }
        referenced = [rid for _state, rid in received.values() if rid is not None]
        assert sorted(referenced) == sorted(reports), "a report without its received row"
        imported = 0
        for made in bundles.made:
            state_id = received.get(made.unit_code)
            if made.index == TAMPERED:
                assert state_id is None
                continue
            if made.index == ROGUE:
                assert state_id in (None, ("held", None))
                continue
            if state_id is None:
                assert made.unit_code not in reports.values()
                continue
            state, rid = state_id
            assert state == "current" and reports[rid] == made.unit_code
            values = dict(
                conn.execute(
                    "SELECT row_key, value FROM value WHERE report_id = ?", (rid,)
                ).fetchall()
            )
            assert values == {k: cell_to_storage(v) for k, v in made.report.values.items()}
            for table, expected in (
                ("note", made.report.notes),
                ("explanation", made.report.explanations),
                ("narrative", made.report.narrative),
            ):
                count = conn.execute(
                    f"SELECT count(*) FROM {table} WHERE report_id = ?", (rid,)
                ).fetchone()[0]
                assert count == len(expected), (table, made.unit_code)
            docs = conn.execute(
                "SELECT count(*) FROM document WHERE report_id = ?", (rid,)
            ).fetchone()[0]
            assert docs == len(made.report.documents)
            imported += 1
        return imported
    finally:
        conn.close()


def test_kill_9_mid_import_leaves_each_bundle_whole_or_absent_and_a_rerun_completes(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    bundles = office_set(tmp_path_factory.getbasetemp() / "office-set")
    db = tmp_path / "office.sqlite3"
    store = ReportStore.open(db)
    for made in bundles.made:
        add_key(store, made.unit_code, made.public_pem)
    store.close()
    rng = random.Random(20250701)
    progress = []
    for _round in range(3):
        kill_after(command(db, bundles.usb), "[ĐÃ NHẬP] ", rng.randint(4, 12), rng, 0.06)
        progress.append(check_all_or_nothing(db, bundles))
    assert progress == sorted(progress) and 0 < progress[-1] < 98
    done = subprocess.run(command(db, bundles.usb), capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr  # the held and the tampered bundle
    assert check_all_or_nothing(db, bundles) == 98
    lines = done.stdout.splitlines()
    assert sum(x.startswith("[ĐÃ NHẬP] ") for x in lines) == 98 - progress[-1]
    assert sum(x.startswith("[ĐÃ CÓ] ") for x in lines) == progress[-1]
