"""Backup and restore (issue 10): officers change PCs, disks fail, and the unit's key must
travel with its data so that the office keeps trusting the unit's bundles."""

from __future__ import annotations

import os
import sqlite3
import zipfile
from pathlib import Path

import pytest

from cchc_tui import messages as msg
from cchc_tui.base.locations import default_db_path, keys_dir
from cchc_tui.cli import main
from cchc_tui.db.store import ReportStore
from cchc_tui.exports.package import build_report_bundle
from cchc_tui.office.database import open_office_store
from cchc_tui.office.importer import Kind, import_bytes
from cchc_tui.office.keys import add_key
from cchc_tui.service.backup import BackupRefused, make_backup, read_backup, restore_backup
from cchc_tui.service.reports import ReportService, SignOffRequest
from tests.ui_helpers import make_app, press, settle

PASSPHRASE = "Bình Lãng ký duyệt 2023"


def signed_sample(service: ReportService, report_id: int) -> None:
    ws = service.open_report(report_id)
    ws.enter_value("BM3/1.1", "0")
    for finding in ws.result.warnings:
        ws.explain(finding.id, "Đã kiểm tra.")
    service.sign_off(report_id, SignOffRequest("Trần Xuân Mãng", "CHỦ TỊCH", PASSPHRASE, "101"))


def move_home(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    """A new PC: another profile (data, config and log folders), the same USB stick."""
    for name, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                      ("XDG_STATE_HOME", "state")):  # fmt: skip
        monkeypatch.setenv(name, str(home / sub))
    monkeypatch.delenv("CCHC_DB")


def test_backup_while_open_restore_on_a_new_pc_and_the_office_trusts_revision_2(
    store: ReportStore, sample_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = ReportService(store)
    signed_sample(service, sample_id)
    first = build_report_bundle(service, sample_id, PASSPHRASE)
    usb = tmp_path / "usb"
    usb.mkdir()
    backup = make_backup(usb, database=store.path)  # the store is open: online backup
    assert backup.name.startswith("cchc-backup-") and backup.suffix == ".cchcbak"
    office = open_office_store(tmp_path / "office.sqlite3")
    add_key(office, "11092", (keys_dir() / "unit-11092.pub.pem").read_bytes())
    assert import_bytes(office, first.data, first.name).kind is Kind.IMPORTED
    store.close()

    move_home(monkeypatch, tmp_path / "new-pc")
    assert not default_db_path().exists() and not keys_dir().exists()
    done = restore_backup(backup)
    assert done.keys == ("unit-11092.key.pem", "unit-11092.pub.pem")
    new_pc = ReportService.open()
    reopened = new_pc.reopen(sample_id, "Bổ sung văn bản 224/UBND-VP").report_id
    new_pc.sign_off(reopened, SignOffRequest("Trần Xuân Mãng", "CHỦ TỊCH", PASSPHRASE, "102"))
    second = build_report_bundle(new_pc, reopened, PASSPHRASE)
    assert second.fingerprint == first.fingerprint  # the same key: the chain of trust holds
    outcome = import_bytes(office, second.data, second.name)
    assert outcome.kind is Kind.SUPERSEDED and outcome.revision == 2
    new_pc.close()
    office.close()


def test_a_damaged_or_foreign_backup_is_refused_and_changes_nothing(
    store: ReportStore, sample_id: int, tmp_path: Path
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    backup = make_backup(usb, database=store.path)
    store.close()
    before = store.path.read_bytes()
    damaged = tmp_path / "damaged.cchcbak"
    data = bytearray(backup.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    foreign = tmp_path / "foreign.cchcbak"
    with zipfile.ZipFile(foreign, "w") as zf:
        zf.writestr("manifest.json", '{"format": "something-else/1"}')
    for bad, reason in ((damaged, msg.BACKUP_DAMAGED), (foreign, msg.BACKUP_NOT_OURS)):
        with pytest.raises(BackupRefused) as refused:
            restore_backup(bad, database=store.path, replace=True)
        assert refused.value.message == msg.BACKUP_REFUSED.format(file=bad.name, reason=reason)
    assert store.path.read_bytes() == before


def test_restore_never_replaces_newer_data_without_asking(
    store: ReportStore, sample_id: int, tmp_path: Path
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    backup = make_backup(usb, database=store.path)
    store.set_value(sample_id, "BM3/1.1", 7)  # a change made after the backup
    store.close()
    with pytest.raises(BackupRefused, match="mới hơn bản sao lưu"):
        restore_backup(backup, database=store.path)
    assert _value(store.path, "BM3/1.1") == "7"
    restore_backup(backup, database=store.path, replace=True)  # the officer confirmed
    assert _value(store.path, "BM3/1.1") is None


def test_restore_refuses_while_the_app_has_the_database(
    store: ReportStore, sample_id: int, tmp_path: Path
) -> None:
    from cchc_tui.db.errors import StoreBusy

    usb = tmp_path / "usb"
    usb.mkdir()
    backup = make_backup(usb, database=store.path)
    with pytest.raises(StoreBusy):
        restore_backup(backup, database=store.path, replace=True)


def test_cli_backup_and_restore(
    capsys: pytest.CaptureFixture[str], store: ReportStore, sample_id: int, tmp_path: Path
) -> None:
    store.close()
    usb = tmp_path / "usb"
    usb.mkdir()
    assert main(["backup", str(usb)]) == 0
    [backup] = usb.iterdir()
    assert f"Đã sao lưu vào {backup}" in capsys.readouterr().out
    info, _ = read_backup(backup)
    assert info.schema is not None and info.last_change is not None
    os.remove(store.path)
    assert main(["restore", str(backup)]) == 0
    assert "Đã khôi phục cơ sở dữ liệu" in capsys.readouterr().out
    assert ReportService.open().overview()[0].report_id == sample_id
    assert main(["restore", str(tmp_path / "khong-co.cchcbak")]) == 2


async def test_backup_and_restore_from_the_home_screen(
    store: ReportStore, sample_id: int, tmp_path: Path
) -> None:
    from textual.widgets import Input, Static

    from cchc_tui.screens.backup import BackupScreen

    usb = tmp_path / "usb"
    usb.mkdir()
    app = make_app(store)
    async with app.run_test(size=(80, 30)) as pilot:
        await press(pilot, "ctrl+b")
        dialog = app.screen
        assert isinstance(dialog, BackupScreen)
        dialog.query_one("#folder", Input).value = str(usb)
        await press(pilot, "enter")
        [backup] = usb.iterdir()
        assert str(dialog.query_one("#status", Static).render()) == msg.BACKUP_WRITTEN.format(
            file=backup
        )
        app.service.store.set_value(sample_id, "BM3/1.1", 3)  # type: ignore[union-attr]
        dialog.query_one("#file", Input).value = str(backup)
        dialog._restore(replace=False)
        await settle(pilot)
        assert "mới hơn bản sao lưu" in str(dialog.query_one("#status", Static).render())
        assert app.store_ready  # refused: the database is open again, unchanged
        dialog._restore(replace=True)
        await settle(pilot)
        assert "Đã khôi phục" in str(dialog.query_one("#status", Static).render())
        assert app.store_ready and dialog.restored
        assert app.service.store.load_report(sample_id).values.get("BM3/1.1") is None  # type: ignore[union-attr]
    app.close_service()


def _value(db: Path, key: str) -> str | None:
    con = sqlite3.connect(db)
    try:
        row = con.execute("SELECT value FROM value WHERE row_key = ?", (key,)).fetchone()
        return row[0] if row else None
    finally:
        con.close()
