"""``kill -9`` during ``cchc contribution import``: each report is as it was before its
contribution, or holds the whole contribution — never a part of one.

Twenty reports (the Bình Lãng sample under twenty unit codes) in the compiler's database; in
each, BM7 and section I.7 are assigned to officer A, who changes every editable row of BM7 and
every sub-heading of I.7 on their own database, while the compiler changes BM7/3 too (so each
merge also records a conflict). The twenty contributions are imported by a real subprocess,
killed (SIGKILL) at a random moment just after it reported some merges, three times; after each
kill every report is checked on the file: its contribution row ⇔ every value, text, conflict and
officer's audit row of that contribution; the audit chains hold. A last run merges the rest.

A process-crash test, not a power-cut test (shared/PITFALLS.md): durability against power loss
comes from WAL + ``synchronous=FULL``.
"""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from cchc_tui.db.store import ReportStore
from cchc_tui.domain.values import cell_to_storage
from cchc_tui.service.samples import load_sample
from tests.contribution_helpers import OFFICER_A, make_commune
from tests.crash_helpers import kill_after

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

REPORTS = 20
CONFLICT_ROW = "BM7/3"


@dataclass
class Expected:
    """One report: its values before the merge and after the whole contribution."""

    report_id: int
    before: dict[str, str | None]
    after: dict[str, str | None]
    narrative_after: dict[str, str]
    rows: int
    """Audit rows the contribution carries."""
    theirs: str | None
    """What the officer put on the conflicting row."""


def _prepare(root: Path) -> tuple[Path, list[Expected]]:
    commune = make_commune(root, report_id=0)
    expected: list[Expected] = []
    try:
        for n in range(REPORTS):
            report, template = load_sample()
            report.unit.code = f"K{n:04d}"
            rid = commune.compiler.import_report(report)
            commune.report_id = rid
            for part in ("BM7", "I.7"):
                commune.compiler.contributions.assign(rid, part, OFFICER_A)
            package = commune.send_packages()[OFFICER_A]
            copy = commune.open_on(commune.a, package)
            work = commune.a.open_report(copy)
            rows = [i for i in template.form_indicators(template.form("BM7")) if i.editable]
            for info in rows:
                codes = sorted(info.indicator.codes)
                work.enter_value(info.key, str(codes[0]) if codes else "7")
            for sub in template.template.sections[6].subheadings:
                work.set_narrative(sub.key, f"Chính quyền số, báo cáo {n}: {sub.key}.")
            commune.compiler.open_report(rid).enter_value(CONFLICT_ROW, "88")
            before = {
                k: cell_to_storage(v)
                for k, v in commune.compiler.store.load_report(rid).values.items()
            }
            theirs = {
                k: cell_to_storage(v) for k, v in commune.a.store.load_report(copy).values.items()
            }
            after = dict(before)
            for info in rows:
                if info.key != CONFLICT_ROW:
                    after[info.key] = theirs[info.key]
            narrative = dict(commune.a.store.load_report(copy).narrative)
            path = commune.contribute(commune.a, copy)
            count = len(commune.a.store.audit_after(copy, 0)) - 3  # without import, open, export
            expected.append(
                Expected(
                    rid,
                    before,
                    after,
                    {k: v for k, v in narrative.items() if k.startswith("I.7.")},
                    count,
                    theirs[CONFLICT_ROW],
                )
            )
            assert path.exists()
    finally:
        commune.close()
    return root / "compiler.sqlite3", expected


def _check(db: Path, expected: list[Expected]) -> int:
    """Assert each report is before its merge or wholly after it; how many are merged."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        merged = 0
        for made in expected:
            rid = made.report_id
            values = dict(
                conn.execute("SELECT row_key, value FROM value WHERE report_id = ?", (rid,))
            )
            narrative = dict(
                conn.execute(
                    "SELECT section_key, text FROM narrative WHERE report_id = ? "
                    "AND section_key LIKE 'I.7.%'",
                    (rid,),
                )
            )
            contributions = conn.execute(
                "SELECT id FROM contribution WHERE report_id = ?", (rid,)
            ).fetchall()
            conflicts = conn.execute(
                "SELECT item, mine, theirs FROM conflict WHERE report_id = ?", (rid,)
            ).fetchall()
            carried = conn.execute(
                "SELECT count(*) FROM contribution_row r JOIN contribution c "
                "ON c.id = r.contribution_id WHERE c.report_id = ?",
                (rid,),
            ).fetchone()[0]
            if contributions:
                assert values == made.after, rid
                assert narrative == made.narrative_after, rid
                assert conflicts == [(f"value:{CONFLICT_ROW}", "88", made.theirs)], rid
                assert carried == made.rows, rid
                merged += 1
            else:
                assert values == made.before, rid
                assert narrative != made.narrative_after, rid
                assert conflicts == [] and carried == 0, rid
        return merged
    finally:
        conn.close()


def _command(db: Path, usb: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "cchc_tui.cli",
        "--db",
        str(db),
        "contribution",
        "import",
        str(usb),
    ]


def test_kill_9_mid_merge_leaves_each_report_before_or_wholly_after(tmp_path: Path) -> None:
    db, expected = _prepare(tmp_path)
    usb = tmp_path / "usb"
    rng = random.Random(20250716)
    progress = []
    for _round in range(3):
        kill_after(_command(db, usb), "[ĐÃ GỘP] ", rng.randint(1, 4), rng, 0.05)
        progress.append(_check(db, expected))
    assert progress == sorted(progress) and 0 < progress[-1] < REPORTS
    done = subprocess.run(_command(db, usb), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert _check(db, expected) == REPORTS
    lines = done.stdout.splitlines()
    assert sum(x.startswith("[ĐÃ GỘP] ") for x in lines) == REPORTS - progress[-1]
    assert sum(x.startswith("[ĐÃ CÓ] ") for x in lines) == progress[-1]
    store = ReportStore.open(db)
    try:
        breaks, _count = store.chain_breaks()
    finally:
        store.close()
    assert breaks == []
