"""The SQLite store: durability settings, STRICT tables, audit, locking, signed reports."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory

from cchc_tui.db import engine as db_engine
from cchc_tui.db.engine import StoreBusy, StoreError
from cchc_tui.db.store import DuplicateReport, ReportLocked, ReportStore
from cchc_tui.service.samples import load_sample


def test_database_is_wal_with_full_sync_and_strict_tables(
    store: ReportStore, db_path: Path
) -> None:
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    raw = sqlite3.connect(db_path)
    sql = dict(raw.execute("SELECT name, sql FROM sqlite_master WHERE type='table'").fetchall())
    for table in ("unit", "report", "value", "note", "narrative", "document", "audit"):
        assert sql[table].rstrip().endswith("STRICT"), table
    raw.close()


def test_strict_table_refuses_wrong_type(store: ReportStore, sample_id: int) -> None:
    with store.engine.begin() as conn, pytest.raises(Exception, match="cannot store TEXT"):
        conn.exec_driver_sql("UPDATE report SET revision = 'abc' WHERE id = ?", (sample_id,))


def test_head_revision_constant_matches_alembic_scripts() -> None:
    config = Config()
    config.set_main_option("script_location", str(db_engine.migrations_dir()))
    assert ScriptDirectory.from_config(config).get_current_head() == db_engine.HEAD_REVISION


def test_each_value_is_committed_and_audited(
    store: ReportStore, sample_id: int, db_path: Path
) -> None:
    store.set_value(sample_id, "BM3/1.1", 0)
    store.set_value(sample_id, "BM1/1", 44)
    # Read with a separate plain connection: what is committed is on disk.
    raw = sqlite3.connect(db_path)
    assert raw.execute(
        "SELECT value FROM value WHERE report_id=? AND row_key='BM1/1'", (sample_id,)
    ).fetchone() == ("44",)
    raw.close()
    log = store.audit_log(sample_id)
    assert [(a.key, a.old, a.new) for a in log[-2:]] == [
        ("BM3/1.1", None, "0"),
        ("BM1/1", "45", "44"),
    ]
    assert log[-1].who == "Nguyễn Văn Kiểm — Văn phòng - Thống kê"


def test_notes_narrative_explanations_documents(store: ReportStore, sample_id: int) -> None:
    store.set_note(sample_id, "BM3/1.1", "Không phát sinh")
    store.set_narrative(sample_id, "I.2.1", "Nội dung mới")
    store.set_explanation(sample_id, "derived:BM6/1", "Số in sai, đúng là 6,02%")
    report = store.load_report(sample_id)
    store.delete_document(sample_id, 0)
    after = store.load_report(sample_id)
    assert report.notes["BM3/1.1"] == "Không phát sinh"
    assert report.narrative["I.2.1"] == "Nội dung mới"
    assert report.explanations["derived:BM6/1"].startswith("Số in sai")
    assert len(after.documents) == 44 and after.documents[0] == report.documents[1]


def test_duplicate_import_is_refused(store: ReportStore, sample_id: int) -> None:
    report, _ = load_sample()
    with pytest.raises(DuplicateReport, match=f"mã báo cáo {sample_id}"):
        store.import_report(report)
    assert len(store.list_reports()) == 1


def test_signed_report_refuses_changes_through_the_store(
    store: ReportStore, sample_id: int
) -> None:
    with store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE report SET status='signed' WHERE id=?", (sample_id,))
    with pytest.raises(ReportLocked, match="đã ký duyệt"):
        store.set_value(sample_id, "BM1/1", 1)
    assert store.load_report(sample_id).values["BM1/1"] == 45


def test_second_process_gets_a_clear_message(store: ReportStore, db_path: Path) -> None:
    code = (
        "import sys\n"
        "from cchc_tui.db.store import ReportStore\n"
        "from cchc_tui.db.engine import StoreBusy\n"
        f"try:\n    ReportStore.open({str(db_path)!r})\n"
        "except StoreBusy as e:\n    print(e); sys.exit(3)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 3, done.stderr
    assert "đang được một cửa sổ cchc khác sử dụng" in done.stdout
    assert "Traceback" not in done.stderr


def test_lock_is_released_on_close(db_path: Path) -> None:
    first = ReportStore.open(db_path)
    with pytest.raises(StoreBusy):
        ReportStore.open(db_path)  # same process, second opener: refused too
    first.close()
    ReportStore.open(db_path).close()


def test_not_a_database_gives_a_vietnamese_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="không phải cơ sở dữ liệu") as refused:
        ReportStore.open(bad)
    assert "Tệp chưa bị thay đổi" in str(refused.value) and "bản sao lưu" in str(refused.value)
    assert bad.read_bytes() == b"this is not sqlite" * 100


def test_decimal_values_survive_storage(store: ReportStore, sample_id: int) -> None:
    store.set_value(sample_id, "BM6/1.2", Decimal("656.35"))
    assert store.load_report(sample_id).values["BM6/1.2"] == Decimal("656.35")
