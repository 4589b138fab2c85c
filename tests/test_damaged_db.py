"""A damaged, foreign or newer database, a full disk, device errors, and one lock per real file
(issue 18, findings 3 and 4): one clear Vietnamese message, never a traceback, nothing changed.

Each finding is reproduced as it was met: a damaged data page made ``report export-json`` and
``bundle export`` print SQLAlchemy's "database disk image is malformed" traceback and the app
die; a database failing ``integrity_check`` was listed, exported and signed without a word; a
future schema showed Alembic's English "Can't locate revision…"; a full disk showed
SQLAlchemy's English text with a URL; through a symlink the command line wrote into a database
the app had open.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from cchc_tui import messages as msg
from cchc_tui.cli.entry import main
from cchc_tui.db import engine as db_engine
from cchc_tui.db.errors import (
    StoreBusy,
    StoreDamaged,
    StoreError,
    StoreForeign,
    StoreFull,
    StoreIOError,
    StoreNewer,
)
from cchc_tui.db.store import ReportStore
from cchc_tui.service.reports import ReportService

CLI = [sys.executable, "-m", "cchc_tui.cli"]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_cli(db_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, "--db", str(db_path), *args], capture_output=True, text=True, encoding="utf-8"
    )


@pytest.fixture
def closed_db(store: ReportStore, sample_id: int, db_path: Path) -> Path:
    """The sample stored, the database closed (WAL checkpointed into the file)."""
    store.close()
    assert not Path(str(db_path) + "-wal").exists()
    return db_path


def damage_a_data_page(db_path: Path, table: str = "narrative") -> None:
    """Overwrite the b-tree header of ``table``'s root page, as a bad sector would."""
    with sqlite3.connect(db_path) as connection:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        root = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
        ).fetchone()[0]
    connection.close()
    assert root > 1
    with open(db_path, "r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\x07" * 16)


# --- A damaged page ------------------------------------------------------------------------------


def test_damaged_page_is_refused_on_open_with_what_to_do(closed_db: Path) -> None:
    damage_a_data_page(closed_db)
    before = digest(closed_db)
    with pytest.raises(StoreDamaged) as refused:
        ReportStore.open(closed_db)
    text = str(refused.value)
    assert text.startswith(f"Cơ sở dữ liệu {closed_db} bị hỏng")
    assert "Tệp chưa bị thay đổi" in text and "bản sao lưu" in text
    assert refused.value.details  # SQLite's own lines, for check-db
    assert digest(closed_db) == before
    assert not Path(str(closed_db) + ".lock").exists() or _lock_free(closed_db)


def _lock_free(db_path: Path) -> bool:
    from filelock import FileLock

    lock = FileLock(str(db_path) + ".lock", timeout=0)
    lock.acquire()
    lock.release()
    return True


@pytest.mark.parametrize(
    "args",
    [
        ("report", "list"),
        ("report", "export-json", "1", "out.json"),
        ("bundle", "export", "1", "--out", ".", "--passphrase-file", "p.txt"),
        ("signoff", "1", "--signer", "A", "--title", "CHỦ TỊCH", "--passphrase-file", "p.txt"),
        ("check-db",),
    ],
    ids=lambda a: "-".join(a[:2]),
)
def test_damaged_page_on_the_command_line(
    closed_db: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    damage_a_data_page(closed_db)
    before = digest(closed_db)
    (tmp_path / "p.txt").write_text("mật khẩu", encoding="utf-8")
    done = subprocess.run(
        [*CLI, "--db", str(closed_db), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=tmp_path,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "bị hỏng" in done.stderr and "bản sao lưu" in done.stderr
    assert "Traceback" not in done.stderr and "malformed" not in done.stderr
    assert digest(closed_db) == before
    assert not (tmp_path / "out.json").exists()
    assert not list(tmp_path.glob("*.cchc.zip"))


def test_a_page_damaged_while_open_is_translated(
    store: ReportStore, sample_id: int, db_path: Path
) -> None:
    store.engine.dispose()  # no page cached: the next read goes to the file
    with sqlite3.connect(db_path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    damage_a_data_page(db_path)
    store.engine.dispose()
    with pytest.raises(StoreDamaged, match="bị hỏng"):
        store.load_report(sample_id)


async def test_damaged_page_stops_the_app_with_the_message(
    closed_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cchc_tui.app import CchcApp
    from cchc_tui.service.settings import Settings
    from tests.ui_helpers import settle

    damage_a_data_page(closed_db)
    app = CchcApp(None, Settings(), save_settings_on_change=False, db_path=closed_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
    assert app.return_code == 1
    shown = " ".join(capsys.readouterr().err.split())  # what the terminal shows after exit
    assert "bị hỏng" in shown and "bản sao lưu" in shown and "Traceback" not in shown


# --- Foreign and newer databases -----------------------------------------------------------------


def test_foreign_database_is_refused_and_untouched(tmp_path: Path) -> None:
    other = tmp_path / "ke-toan.sqlite3"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
        connection.execute("INSERT INTO invoices (total) VALUES (12.5)")
    connection.close()
    before = digest(other)
    with pytest.raises(StoreForeign, match="của một phần mềm khác"):
        ReportStore.open(other)
    assert digest(other) == before  # not even switched to WAL
    done = run_cli(other, "report", "list")
    assert done.returncode == 1 and "phần mềm khác" in done.stderr
    assert digest(other) == before


def test_newer_schema_is_named_not_alembics_english(closed_db: Path) -> None:
    with sqlite3.connect(closed_db) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099'")
    connection.close()
    before = digest(closed_db)
    with pytest.raises(StoreNewer) as refused:
        ReportStore.open(closed_db)
    assert str(refused.value) == msg.DB_NEWER.format(
        path=closed_db, found="0099", head=db_engine.HEAD_REVISION
    )
    done = run_cli(closed_db, "report", "list")
    assert done.returncode == 1 and "phiên bản mới hơn" in done.stderr
    assert "Can't locate revision" not in done.stderr + done.stdout
    assert digest(closed_db) == before


def test_unknown_revision_is_a_foreign_database(closed_db: Path) -> None:
    with sqlite3.connect(closed_db) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'ae1027a6acf'")
    connection.close()
    with pytest.raises(StoreForeign):
        ReportStore.open(closed_db)


# --- Disk full and device errors ----------------------------------------------------------------


def _cap_growth(monkeypatch: pytest.MonkeyPatch, db_path: Path) -> None:
    """Every new connection may not grow the file: SQLite's own "database or disk is full"."""
    with sqlite3.connect(db_path) as connection:
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
    connection.close()
    original = db_engine.make_engine

    def capped(path: Path) -> Any:
        engine = original(path)

        def cap(dbapi: sqlite3.Connection, _record: Any) -> None:
            dbapi.execute(f"PRAGMA max_page_count = {pages}")

        event.listen(engine, "connect", cap)
        return engine

    monkeypatch.setattr(db_engine, "make_engine", capped)


def test_disk_full_is_said_in_vietnamese_and_keeps_what_was_saved(
    closed_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _cap_growth(monkeypatch, closed_db)
    store = ReportStore.open(closed_db)
    before = store.load_report(1).narrative
    key = next(iter(before))
    with pytest.raises(StoreFull) as refused:
        store.set_narrative(1, key, "Đoạn văn rất dài. " * 20_000)
    assert str(refused.value) == msg.DB_FULL.format(path=closed_db)
    assert store.load_report(1).narrative == before
    store.close()


def test_disk_full_on_the_command_line(
    closed_db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _cap_growth(monkeypatch, closed_db)
    code = main(["--db", str(closed_db), "sample", "load", "--name", _other_sample()])
    err = capsys.readouterr().err
    assert code == 1, err
    assert msg.DB_FULL.format(path=closed_db) in err
    assert "sqlalchemy" not in err.lower() and "http" not in err
    store = ReportStore.open(closed_db)
    assert len(store.list_reports()) == 1  # the first sample, nothing of the second
    store.close()


def _other_sample() -> str:
    from cchc_tui.service.samples import DEFAULT_SAMPLE, sample_names

    return next(name for name in sample_names() if name != DEFAULT_SAMPLE)


def test_device_errors_are_translated(
    store: ReportStore, sample_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import OperationalError
    from sqlmodel import Session

    error = sqlite3.OperationalError("disk I/O error")
    error.sqlite_errorcode = 10 | (3 << 8)  # type: ignore[attr-defined]  # SQLITE_IOERR_WRITE
    translated = db_engine.translate_error(OperationalError("UPDATE", {}, error), store.path)
    assert isinstance(translated, StoreIOError)
    assert str(translated) == msg.DB_IO_ERROR.format(path=store.path)

    def failing(self: Session) -> None:
        raise OperationalError("COMMIT", {}, error)

    with monkeypatch.context() as patched:
        patched.setattr(Session, "commit", failing)
        with pytest.raises(StoreIOError):
            store.set_value(sample_id, "BM1/1", 46)
    assert store.load_report(sample_id).values["BM1/1"] == 45


def test_other_database_errors_are_not_disguised(store: ReportStore) -> None:
    """A programming error (no SQLite result code) stays what it is, for the log."""
    from sqlalchemy.exc import ProgrammingError

    assert db_engine.translate_error(ProgrammingError("x", {}, ValueError("y")), "p") is None
    integrity = sqlite3.IntegrityError("UNIQUE constraint failed")
    integrity.sqlite_errorcode = 19 | (8 << 8)  # type: ignore[attr-defined]
    assert db_engine.translate_error(integrity, "p") is None


# --- One lock per real file ------------------------------------------------------------------


def test_a_symlink_or_another_spelling_cannot_open_a_second_writer(
    store: ReportStore, sample_id: int, db_path: Path, tmp_path: Path
) -> None:
    link = tmp_path / "lối-tắt.sqlite3"
    link.symlink_to(db_path)
    (tmp_path / "sub").mkdir()
    for other in (link, tmp_path / "sub" / ".." / db_path.name, Path(os.path.relpath(db_path))):
        with pytest.raises(StoreBusy, match="đang được một cửa sổ cchc khác sử dụng"):
            ReportStore.open(other)
    before = store.load_report(sample_id)
    done = run_cli(link, "report", "explain", str(sample_id), "BM3/1.1", "ghi qua lối tắt")
    assert done.returncode == 1 and "đang được một cửa sổ cchc khác sử dụng" in done.stderr
    assert store.load_report(sample_id) == before
    assert len(store.audit_log(sample_id)) == 1


def test_a_hard_link_cannot_open_a_second_writer(
    store: ReportStore, db_path: Path, tmp_path: Path
) -> None:
    other_folder = tmp_path / "khac"
    other_folder.mkdir()
    hard = other_folder / "ban-sao.sqlite3"
    os.link(db_path, hard)
    with pytest.raises(StoreBusy):
        ReportStore.open(hard)


def test_the_lock_is_released_for_the_next_opener(db_path: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.sqlite3"
    first = ReportStore.open(db_path)
    link.symlink_to(db_path)
    first.close()
    second = ReportStore.open(link)
    ReportService(second).ensure_sample()
    second.close()
    third = ReportStore.open(db_path)
    assert third.list_reports()
    third.close()


def test_store_error_kinds_are_refusals() -> None:
    for kind in (StoreDamaged, StoreForeign, StoreNewer, StoreFull, StoreIOError):
        assert issubclass(kind, StoreError)
