"""An unexpected error (a bug) never reaches the officer as a traceback, and is never lost.

For each command family and each thread worker, a programming error is forced inside the
work: the officer sees "Lỗi không mong đợi, đã ghi vào nhật ký: PATH", the log file at PATH
holds the traceback, the command exits 1, and the database holds nothing half-written.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Static

from cchc_tui import messages as msg
from cchc_tui.base.locations import log_path
from cchc_tui.cli import main
from cchc_tui.db.store import ReportStore
from cchc_tui.screens.export import ExportScreen
from cchc_tui.screens.signoff import SignoffScreen
from cchc_tui.service.reports import ReportService
from cchc_tui.service.samples import sample_path
from tests.bundle_factory import BundleFactory
from tests.ui_helpers import make_app, notices, press, settle, text_of

BUG = "a bug planted by the test"


class PlantedBug(RuntimeError):
    """What the planted code raises (a programming error, not a CchcError)."""


def boom(*_args: Any, **_kwargs: Any) -> Any:
    raise PlantedBug(BUG)


def expected_line() -> str:
    return msg.ERROR_UNEXPECTED.format(path=log_path())


def assert_logged() -> None:
    text = log_path().read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and f"PlantedBug: {BUG}" in text


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.err


# --- command lines ---------------------------------------------------------------------------


def test_sample_load_bug_leaves_no_half_report(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, db_path: Path
) -> None:
    monkeypatch.setattr("cchc_tui.db.store.cell_to_storage", boom)  # mid-transaction
    code, err = run(capsys, "--db", str(db_path), "sample", "load")
    assert (code, err.strip()) == (1, msg.CLI_ERROR.format(message=expected_line()))
    assert_logged()
    assert rows(db_path, "SELECT count(*) FROM report") == [(0,)]
    assert rows(db_path, "SELECT count(*) FROM value") == [(0,)]


def test_report_explain_bug_stores_no_explanation(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    store: ReportStore,
    sample_id: int,
    db_path: Path,
) -> None:
    store.close()
    monkeypatch.setattr(ReportStore, "_audit", boom)
    code, err = run(capsys, "--db", str(db_path), "report", "explain", "1", "BM6/1", "x")
    assert code == 1 and expected_line() in err
    assert_logged()
    assert rows(db_path, "SELECT count(*) FROM explanation WHERE text = 'x'") == [(0,)]


def test_signoff_bug_leaves_the_report_a_draft(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    store: ReportStore,
    sample_id: int,
    db_path: Path,
    tmp_path: Path,
) -> None:
    store.set_value(sample_id, "BM3/1.1", 0)
    service = ReportService(store)
    for finding in service.open_report(sample_id).result.warnings:
        service.explain(sample_id, finding.id, "Đã kiểm tra.")
    store.close()
    secret = tmp_path / "pass.txt"
    secret.write_text("mật khẩu dài đủ", encoding="utf-8")
    monkeypatch.setattr(ReportStore, "_audit", boom)
    code, err = run(
        capsys,
        "--db", str(db_path), "signoff", "1", "--signer", "Trần Xuân Mãng",
        "--title", "CHỦ TỊCH", "--passphrase-file", str(secret),
    )  # fmt: skip
    assert code == 1 and expected_line() in err
    assert_logged()
    assert rows(db_path, "SELECT status, signed_at FROM report") == [("draft", None)]


@pytest.mark.parametrize(
    ("target", "args"),
    [
        ("cchc_tui.domain.validation._Run.check_documents", ("check", str(sample_path()))),
        ("cchc_tui.signing.keys.fingerprint", ("keys", "show", "11092")),
        ("cchc_tui.exports.verify.verify_bundle", ("bundle", "verify", str(sample_path()))),
        ("cchc_tui.template.loader.builtin_templates", ("templates", "list")),
        ("cchc_tui.base.locations.keys_dir", ("info",)),
    ],
)
def test_read_only_command_bug_is_logged_and_said(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    keys: Path,
    target: str,
    args: tuple[str, ...],
) -> None:
    keys.mkdir(parents=True)
    (keys / "unit-11092.pub.pem").write_bytes(b"-----BEGIN PUBLIC KEY-----\n")
    monkeypatch.setattr(target, boom)
    code, err = run(capsys, *args)
    assert code == 1 and expected_line() in err
    assert_logged()


def test_office_import_bug_imports_nothing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    made = BundleFactory(usb, tmp_path / "unit-keys").make(2)
    office = tmp_path / "office.sqlite3"
    pem = tmp_path / "unit.pub.pem"
    pem.write_bytes(made[0].public_pem)
    assert main(["--db", str(office), "office", "keys", "add", made[0].unit_code, str(pem)]) == 0
    capsys.readouterr()
    monkeypatch.setattr("cchc_tui.office.importer._row_fields", boom)  # inside the transaction
    code = main(["--db", str(office), "office", "import", str(usb)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    # Each bundle has its own outcome (issue 18: one file never stops the run): both are
    # tried (the registered one imported, the other held) and both meet the logged bug.
    assert code == 1 and captured.out.count(expected_line()) == 2
    assert made[0].path.name in captured.out and made[1].path.name in captured.out
    assert_logged()
    assert rows(office, "SELECT count(*) FROM report") == [(0,)]
    assert rows(office, "SELECT count(*) FROM received_bundle") == [(0,)]


# --- thread workers ----------------------------------------------------------------------------


async def test_store_opening_bug_stops_the_app_with_the_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from cchc_tui.app import CchcApp
    from cchc_tui.service.settings import Settings

    monkeypatch.setattr(ReportService, "open", boom)
    app = CchcApp(None, Settings(), save_settings_on_change=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
    assert app.return_code == 1
    assert_logged()


async def test_report_list_bug_is_shown_not_fatal(
    monkeypatch: pytest.MonkeyPatch, store: ReportStore, sample_id: int
) -> None:
    monkeypatch.setattr(ReportService, "overview", boom)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert expected_line() in notices(app)
        assert app.is_running
    assert_logged()


async def test_signoff_worker_bug_is_shown_in_the_dialog_and_signs_nothing(
    monkeypatch: pytest.MonkeyPatch, store: ReportStore, sample_id: int
) -> None:
    store.set_value(sample_id, "BM3/1.1", 0)
    service = ReportService(store)
    for finding in service.open_report(sample_id).result.warnings:
        service.explain(sample_id, finding.id, "Đã kiểm tra.")
    monkeypatch.setattr("cchc_tui.signing.keys.ensure_key", boom)
    app = make_app(store)
    async with app.run_test(size=(80, 40)) as pilot:
        await press(pilot, "enter", "f9")
        dialog = app.screen
        assert isinstance(dialog, SignoffScreen)
        dialog.query_one("#signer", Input).value = "Trần Xuân Mãng"
        dialog.query_one("#passphrase", Input).value = "mật khẩu dài đủ"
        dialog.query_one("#passphrase2", Input).value = "mật khẩu dài đủ"
        dialog._sign()
        await settle(pilot)
        assert text_of(dialog.query_one("#error", Static)) == expected_line()
        assert isinstance(app.screen, SignoffScreen)  # still open: the officer can retry
    assert store.status(sample_id)[0] == "draft"
    assert_logged()


async def test_export_worker_bug_is_shown_in_the_dialog(
    monkeypatch: pytest.MonkeyPatch, store: ReportStore, sample_id: int, tmp_path: Path
) -> None:
    monkeypatch.setattr("cchc_tui.screens.export.build_report_bundle", boom)
    app = make_app(store)
    async with app.run_test(size=(80, 30)) as pilot:
        await press(pilot, "enter")
        dialog = ExportScreen(app.screen.workspace, str(tmp_path))  # type: ignore[attr-defined]
        await app.push_screen(dialog)
        dialog._export()
        await settle(pilot)
        assert text_of(dialog.query_one("#status", Static)) == expected_line()
    assert list(tmp_path.glob("*.cchc.zip*")) == []
    assert_logged()


async def test_office_import_worker_bug_is_shown(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from cchc_tui.app import CchcApp
    from cchc_tui.office.service import OfficeService
    from cchc_tui.screens.office import OfficeScreen
    from cchc_tui.service.settings import Settings

    office = OfficeService.open(tmp_path / "office.sqlite3")
    monkeypatch.setattr(OfficeService, "import_files", boom)
    app = CchcApp(office, Settings(), save_settings_on_change=False, office=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, OfficeScreen)
        screen._run_import(tmp_path)
        await settle(pilot)
        assert expected_line() in notices(app)
    office.close()
    assert_logged()
