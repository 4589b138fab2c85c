"""Shared helpers of the UI tests: the app factory, what the user sees, what is on disk.

``make_app`` builds the app the way ``cchc_tui.app.run_app`` does (a store opened with the
officer of the settings), but never writes the user's settings file; the snapshot tests and
the Pilot walkthrough both use it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable, Input, TextArea

from cchc_tui.app import CchcApp
from cchc_tui.db.store import ReportStore
from cchc_tui.service.reports import ReportService
from cchc_tui.service.settings import Settings

OFFICER = Settings(officer_name="Nguyễn Văn Kiểm", officer_post="Văn phòng - Thống kê")
"""The officer of ``tests/conftest.py``'s ``store`` fixture, as settings."""


def make_app(store: ReportStore, settings: Settings | None = None) -> CchcApp:
    """The app on an open store (its service, keys in the isolated home); settings changes
    are kept in memory only."""
    return CchcApp(ReportService(store), settings or OFFICER, save_settings_on_change=False)


def open_app(db_path: Path, settings: Settings = OFFICER, sample: bool = True) -> CchcApp:
    """Open a store on ``db_path`` (with the Bình Lãng sample) and build the app on it.

    The caller closes ``app.service`` when done.
    """
    store = ReportStore.open(db_path, who=settings.who)
    if sample:
        ReportService(store).ensure_sample()
    return make_app(store, settings)


def disable_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """No blinking cursor in inputs and text areas (stable screenshots)."""
    monkeypatch.setattr(Input, "cursor_blink", False)
    monkeypatch.setattr(TextArea, "cursor_blink", False)


# --- what the user sees ---------------------------------------------------------------------


def text_of(widget: Widget) -> str:
    """The plain text a ``Static`` (or ``Label``) shows."""
    return str(widget.render())


def cell(table: DataTable[Any], row: str, column: str) -> str:
    """Plain text of one cell, by row key and column key."""
    return str(table.get_cell(row, column))


def row_texts(table: DataTable[Any], index: int) -> list[str]:
    """Plain texts of the row at ``index``."""
    return [str(c) for c in table.get_row_at(index)]


def notices(app: CchcApp) -> list[str]:
    """The messages of the notifications (toasts) raised so far and still alive."""
    return [n.message for n in app._notifications]


async def type_text(pilot: Pilot[Any], text: str) -> None:
    """Type ``text`` key by key (NFC letters, as Unikey sends them), then let it settle."""
    await pilot.press(*text)
    await pilot.pause()


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until the screen is what the officer would see: workers done (the report list is
    read in one), every message handled."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def press(pilot: Pilot[Any], *keys: str) -> None:
    """Press keys once the screen has settled, and wait until everything they caused is done."""
    await settle(pilot)
    await pilot.press(*keys)
    await settle(pilot)


async def fill(pilot: Pilot[Any], selector: str, text: str) -> None:
    """Put ``text`` in an input at once, as a paste would (typing costs ~80 ms a key)."""
    widget = pilot.app.screen.query_one(selector, Input)
    widget.value = text
    widget.cursor_position = len(text)
    await pilot.pause()


async def open_outline_item(pilot: Pilot[Any], key: str) -> None:
    """On the outline, move to the item ``kind:key`` (e.g. ``form:BM1``) and press Enter."""
    table = pilot.app.screen.query_one("#outline", DataTable)
    table.move_cursor(row=table.get_row_index(key))
    await press(pilot, "enter")


# --- what is on disk ------------------------------------------------------------------------


def query(db_path: Path, sql: str, *params: object) -> list[tuple[Any, ...]]:
    """Rows of ``sql`` read through a second, plain, read-only SQLite connection."""
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def stored_value(db_path: Path, report_id: int, key: str) -> str | None:
    """The stored text of a row's value; ``None`` when empty or absent."""
    rows = query(
        db_path, "SELECT value FROM value WHERE report_id = ? AND row_key = ?", report_id, key
    )
    return rows[0][0] if rows else None


def audit(db_path: Path, report_id: int) -> list[tuple[str, str, str | None, str | None, str]]:
    """``(entity, key, old, new, who)`` of every audited change, oldest first."""
    return query(
        db_path,
        "SELECT entity, key, old, new, who FROM audit WHERE report_id = ? ORDER BY id",
        report_id,
    )
