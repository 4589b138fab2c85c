"""The receiving office's screens: import from a USB folder, the period's status, a unit's
report opened read-only, the received bundles."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, ProgressBar, Static

from cchc_tui.app import CchcApp
from cchc_tui.office.database import open_office_store
from cchc_tui.office.keys import add_key
from cchc_tui.office.service import OfficeService
from cchc_tui.screens.office import OfficeScreen, ReceivedScreen
from cchc_tui.screens.outline import OutlineScreen
from cchc_tui.service.settings import Settings
from tests.bundle_factory import BundleFactory


async def test_import_status_open_read_only_and_received(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    factory = BundleFactory(usb, tmp_path / "keys")
    made = factory.make(3)
    store = open_office_store(tmp_path / "office.sqlite3")
    for bundle in made[:2]:  # the third unit's key is not registered: held
        add_key(store, bundle.unit_code, bundle.public_pem)
    app = CchcApp(OfficeService(store), Settings(), save_settings_on_change=False, office=True)
    shown: list[tuple[int, float | None, bool]] = []
    step = OfficeScreen._import_step

    def spy(screen: OfficeScreen, done: int, line: str) -> None:
        step(screen, done, line)
        bar = screen.query_one("#progress", ProgressBar)
        shown.append((done, bar.total, bar.display))

    monkeypatch.setattr(OfficeScreen, "_import_step", spy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, OfficeScreen)
        assert not app.screen.query_one("#progress", ProgressBar).display
        await pilot.press("ctrl+o")
        for ch in str(usb):
            await pilot.press(ch if ch != "/" else "slash")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        log = str(app.screen.query_one("#log", Static).render())
        assert "Tổng cộng 3 gói: đã nhập 2" in log and "chưa xác thực 1" in log
        assert shown and shown[-1] == (3, 3, True)  # the bar reached the end, shown meanwhile
        assert not app.screen.query_one("#progress", ProgressBar).display  # and is gone
        table = app.screen.query_one("#status", DataTable)
        states = [str(table.get_row_at(i)[2]) for i in range(table.row_count)]
        assert states.count("Đã nộp") == 2 and states.count("Chưa xác thực") == 1
        await pilot.press("enter")  # the first unit's report
        await pilot.pause()
        assert isinstance(app.screen, OutlineScreen) and app.screen.workspace.locked
        await pilot.press("escape", "f3")
        await pilot.pause()
        assert isinstance(app.screen, ReceivedScreen)
        assert app.screen.query_one("#received", DataTable).row_count == 3
    store.close()
