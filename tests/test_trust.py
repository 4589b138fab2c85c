"""A signature means a correct, unaltered report (issue 10): what is typed is never changed
without a word, the office cannot change a report it received, the signer is a name.

Each test reproduces a break found by trying the app as a new user would.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual import events
from textual.binding import Binding
from textual.widgets import DataTable

from cchc_tui import messages as msg
from cchc_tui.app import CchcApp
from cchc_tui.base.errors import InvalidInput
from cchc_tui.db.store import ReportStore
from cchc_tui.office.database import open_office_store
from cchc_tui.office.importer import import_file
from cchc_tui.office.keys import add_key
from cchc_tui.office.service import OfficeService
from cchc_tui.screens.form import FormScreen
from cchc_tui.screens.office import OfficeScreen
from cchc_tui.screens.outline import OutlineScreen
from cchc_tui.screens.part import PartScreen
from cchc_tui.service.reports import ReportService, SignOffRequest
from cchc_tui.service.settings import Settings
from tests.bundle_factory import BundleFactory
from tests.ui_helpers import make_app, notices, open_outline_item, press, settle, stored_value

COUNT_ROW = "BM1/3.1"
"""Biểu mẫu 1, 3.1. "Số tổ chức đã kiểm tra" (a count; the sample holds 0)."""


async def _type(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type ``text`` key by key as a keyboard sends it (fullwidth digits included)."""
    for ch in text:
        pilot.app.screen.focused.post_message(events.Key(ch, ch))
        await pilot.pause()


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("1e3", msg.NUM_EXPONENT),
        ("abc", msg.NUM_BAD_CHAR.format(ch="a")),
        ("\uff14\uff15", msg.NUM_NON_ASCII_DIGIT.format(ch="\uff14")),
        ("4,5", msg.VAL_NOT_WHOLE),
    ],
)
async def test_what_is_typed_is_kept_and_refused_with_the_reason(
    store: ReportStore, sample_id: int, db_path: Path, typed: str, reason: str
) -> None:
    """Break 3: "1e3" stored 13 (a filter dropped the "e"); "abc" and "４５" were swallowed."""
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter")
        await open_outline_item(pilot, "form:BM1")
        screen = app.screen
        assert isinstance(screen, FormScreen)
        table = screen.query_one("#rows", DataTable)
        table.move_cursor(row=table.get_row_index(COUNT_ROW))
        await settle(pilot)
        await _type(pilot, typed)
        await press(pilot, "enter")
        assert screen.editing == COUNT_ROW  # still on the row, nothing committed
        assert screen.query_one("#editor").value == typed  # type: ignore[attr-defined]
        assert reason in str(screen.query_one("#finding-line").render())
    assert stored_value(db_path, sample_id, COUNT_ROW) == "0"


async def test_typing_on_a_derived_row_says_so_once(store: ReportStore, sample_id: int) -> None:
    """Break 3: each key typed on a derived row stacked one more identical toast."""
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter")
        await open_outline_item(pilot, "form:BM1")
        table = app.screen.query_one("#rows", DataTable)
        table.move_cursor(row=table.get_row_index("BM1/2"))  # "Tỷ lệ hoàn thành" = 2.2 / 2.1
        await settle(pilot)
        await _type(pilot, "1234")
        derived = [n for n in notices(app) if n.startswith("Dòng tính tự động")]
        assert derived == [msg.FORM_DERIVED.format(refs="2.2, 2.1")]


LEAVING = ("escape", "ctrl+pagedown", "ctrl+pageup", "f7", "f8", "f4")
"""Keys that leave a part for another one."""


def _walkable(screen: object) -> list[str]:
    """Every key bound on a screen (its own and its parts'), except leaving the app."""
    keys: list[str] = []
    for cls in type(screen).__mro__:
        for binding in getattr(cls, "BINDINGS", []):
            if isinstance(binding, Binding):
                keys.extend(k.strip() for k in binding.key.split(","))
    return [k for k in dict.fromkeys(keys) if k not in ("ctrl+q", "ctrl+p")]


async def test_the_office_offers_no_way_to_change_a_received_report(tmp_path: Path) -> None:
    """Break 2: at the office, Ctrl+R reopened a received report, then BM1/1 could be changed
    and F9/F6 were offered. Every binding of every screen of a received report is pressed,
    with typing and Enter on forms; the database file stays byte for byte the same."""
    usb = tmp_path / "usb"
    usb.mkdir()
    made = BundleFactory(usb, tmp_path / "keys").make(1)
    db = tmp_path / "office.sqlite3"
    store = open_office_store(db)
    add_key(store, made[0].unit_code, made[0].public_pem)
    assert import_file(store, made[0].path).report_id is not None
    store.close()
    before = tmp_path / "before.sqlite3"
    shutil.copyfile(db, before)

    office = OfficeService.open(db)
    app = CchcApp(office, Settings(), save_settings_on_change=False, office=True)
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, OfficeScreen)
        await press(pilot, "enter")  # the unit's report
        outline = app.screen
        assert isinstance(outline, OutlineScreen) and outline.workspace.read_only
        for action in ("signoff", "export", "reopen"):
            assert not outline.check_action(action, ())
        for kind, key in outline.item_keys():
            outline.open_item(kind, key)
            await settle(pilot)
            part = app.screen
            assert isinstance(part, PartScreen)
            for binding in _walkable(part):
                if binding in LEAVING:
                    continue  # the loop opens each part itself
                await press(pilot, binding)
                for _ in range(3):  # close the dialog it may have opened
                    if app.screen in (part, outline):
                        break
                    await press(pilot, "escape")
                if app.screen is outline:
                    outline.open_item(kind, key)
                    await settle(pilot)
                    part = app.screen
            if isinstance(part, FormScreen):
                await _type(pilot, "99")
                await press(pilot, "enter", "delete", "enter")
            await press(pilot, "escape")
        told = list(notices(app))  # a toast lives 5 s: what the parts said, before it goes
        for binding in _walkable(outline):
            if binding in ("escape", "enter"):
                continue
            await press(pilot, binding)
            told += notices(app)
            await press(pilot, "escape")
        assert any(msg.ERROR_READ_ONLY in n or "chỉ để xem" in n for n in told)
    office.close()
    assert db.read_bytes() == before.read_bytes()


def test_a_signer_must_be_named_like_a_person(service: ReportService, sample_id: int) -> None:
    """Break 5: "CHỦ TỊCH 123" was signed as a name."""
    ws = service.open_report(sample_id)
    ws.enter_value("BM3/1.1", "0")
    for finding in ws.result.warnings:
        ws.explain(finding.id, "Đã kiểm tra.")
    for name, title in (("CHỦ TỊCH 123", "CHỦ TỊCH"), ("Trần Xuân Mãng", "CHỦ TỊCH 2")):
        with pytest.raises(InvalidInput, match="chữ"):
            service.sign_off(sample_id, SignOffRequest(name, title, "mật khẩu dài đủ 8"))
    assert service.store.status(sample_id)[0] == "draft"
