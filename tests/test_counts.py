"""The counts a list shows (Đủ %, Lỗi, Cảnh báo; the office's unexplained warnings) are stored
with each change, in its transaction (issue 11): the home list and the office's status read
them without validating a report, and a report whose counts are missing or stale (stored by
another version, or by a path that did not count it) is counted once when a list needs it.

Checked on the real SQLite file with a separate ``sqlite3`` connection: after every kind of
change the stored row belongs to the report's last change and equals a fresh validation of the
report read back.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from cchc_tui.db.errors import StoreFull
from cchc_tui.db.store import ReportStore
from cchc_tui.domain.counts import ReportCounts
from cchc_tui.domain.report import Document, ReportData
from cchc_tui.domain.validation import validate
from cchc_tui.service.overview import early_overview
from cchc_tui.service.reports import ReportService
from cchc_tui.template.loader import get_template


def stored(db: Path, report_id: int) -> tuple[ReportCounts, bool] | None:
    """The counts row of a report and whether it belongs to the report's last change."""
    with sqlite3.connect(db) as conn:
        row = conn.execute(
            "SELECT c.percent, c.errors, c.warnings, c.unexplained, c.stamp = r.updated_at "
            "FROM report_counts c JOIN report r ON r.id = c.report_id WHERE r.id = ?",
            (report_id,),
        ).fetchone()
    return None if row is None else (ReportCounts(*row[:4]), bool(row[4]))


def fresh(store: ReportStore, report_id: int) -> ReportCounts:
    """The counts of the report as read back now, validated from scratch."""
    report = store.load_report(report_id)
    return ReportCounts.of(report, validate(get_template(report.template_id), report))


def test_every_change_stores_the_counts_of_the_report_as_changed(
    service: ReportService, sample_id: int, db_path: Path
) -> None:
    store = service.store
    assert stored(db_path, sample_id) == (ReportCounts(99, 1, 27, 27), True)  # at import
    ws = service.open_report(sample_id)
    doc = Document("Kế hoạch", "12/KH-UBND", date(2023, 3, 1), "Kế hoạch CCHC năm 2023")
    changes = [
        lambda: ws.enter_value("BM3/1.1", "0"),
        lambda: ws.enter_value("BM1/2.1", "3"),
        lambda: ws.enter_value("BM1/2.1", ""),
        lambda: ws.explain("derived:BM6/1", "In sai, đúng là 6,02"),
        lambda: ws.set_note("BM1/1", "Theo sổ theo dõi"),
        lambda: ws.set_narrative(ws.template.section_keys[0], ""),
        lambda: ws.add_document(doc),
        lambda: ws.update_document(len(ws.report.documents) - 1, doc),
        lambda: ws.delete_document(len(ws.report.documents) - 1),
        lambda: ws.set_header(ws.header_form()),
    ]
    seen = []
    for change in changes:
        change()
        counts = fresh(store, sample_id)
        assert stored(db_path, sample_id) == (counts, True)
        seen.append(counts)
    assert seen[0] == ReportCounts(100, 0, 27, 27)  # the one empty required row filled
    assert seen[3].unexplained == seen[2].unexplained - 1  # one warning explained
    assert seen[4] == seen[3]  # a note moves no count; they stay valid


def test_a_list_reads_no_report_and_counts_a_stale_one_once(
    service: ReportService, sample_id: int, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = service.store
    store.set_value(sample_id, "BM3/1.1", 0)  # a change made without its counts
    assert stored(db_path, sample_id) == (ReportCounts(99, 1, 27, 27), False)
    read: list[int] = []
    real = store.load_report

    def counted(report_id: int) -> ReportData:
        read.append(report_id)
        return real(report_id)

    monkeypatch.setattr(store, "load_report", counted)
    [line] = service.overview()
    assert (line.percent, line.errors, line.warnings) == (100, 0, 27) and read == [sample_id]
    assert stored(db_path, sample_id) == (ReportCounts(100, 0, 27, 27), True)
    read.clear()
    assert service.overview() == [line] and read == []


def test_counts_of_another_app_version_are_counted_again(
    service: ReportService, sample_id: int, db_path: Path
) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE report_counts SET engine = '0.0.1', errors = 7")
    assert early_overview(db_path) is None
    [line] = service.overview()
    assert line.errors == 1
    assert [(o.report_id, o.errors) for o in early_overview(db_path) or []] == [(sample_id, 1)]


def test_the_early_list_equals_the_stores_and_needs_no_sqlalchemy(
    service: ReportService, sample_id: int, db_path: Path, tmp_path: Path
) -> None:
    service.open_report(sample_id).enter_value("BM3/1.1", "0")
    assert early_overview(db_path) == service.overview()
    assert early_overview(tmp_path / "none.sqlite3") is None
    (tmp_path / "junk.sqlite3").write_bytes(b"not a database at all" * 100)
    assert early_overview(tmp_path / "junk.sqlite3") is None
    code = (
        "import sys; from pathlib import Path; from cchc_tui.service.overview import "
        f"early_overview; lines = early_overview(Path({str(db_path)!r})); "
        "print(len(lines), sorted(m for m in ('sqlalchemy', 'sqlmodel', 'pydantic', 'yaml') "
        "if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["1", "[]"]


def test_a_failed_commit_leaves_the_report_in_memory_as_on_disk(
    service: ReportService, sample_id: int, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = service.open_report(sample_id)
    findings = list(ws.result.findings)

    def full(*_args: object, **_kwargs: object) -> None:
        raise StoreFull("Ổ đĩa đầy")

    monkeypatch.setattr(service.store, "set_value", full)
    with pytest.raises(StoreFull):
        ws.enter_value("BM3/1.1", "0")
    assert "BM3/1.1" not in ws.report.values and ws.result.findings == findings
    monkeypatch.setattr(service.store, "add_document", full)
    doc = Document("Kế hoạch", "12/KH-UBND", date(2023, 3, 1), "Kế hoạch CCHC năm 2023")
    count = len(ws.report.documents)
    with pytest.raises(StoreFull):
        ws.add_document(doc)
    assert len(ws.report.documents) == count


def test_reopen_and_sign_off_keep_counts_valid(
    service: ReportService, sample_id: int, db_path: Path
) -> None:
    from cchc_tui.service.reports import SignOffRequest
    from tests.test_service import PASSPHRASE, make_ready

    make_ready(service, sample_id)
    service.sign_off(sample_id, SignOffRequest("Trần Xuân Mãng", "CHỦ TỊCH", PASSPHRASE))
    assert stored(db_path, sample_id) == (fresh(service.store, sample_id), True)
    new_id = service.reopen(sample_id, "Sửa số liệu").report_id
    assert stored(db_path, new_id) == (fresh(service.store, new_id), True)
    assert [o.report_id for o in early_overview(db_path) or []] == [new_id, sample_id]
