"""Snapshots of each screen at 80×24 on the Bình Lãng sample (pytest-textual-snapshot).

Regenerate after a reviewed change with ``pytest tests/test_ui_snapshots.py --snapshot-update``
and look at the SVGs before committing them. No clock is on screen in any of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from cchc_tui.app import CchcApp
from tests.ui_helpers import disable_blink, open_app, open_outline_item, press, settle

SIZE = (80, 24)
Compare = Callable[..., bool]


@pytest.fixture(autouse=True)
def _no_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    disable_blink(monkeypatch)


@pytest.fixture
def app(db_path: Path) -> Iterator[CchcApp]:
    """The app on the test's database with the sample imported, as the CLI would open it."""
    built = open_app(db_path)
    yield built
    built.service.close()


async def _outline(pilot: Pilot[Any]) -> None:
    await press(pilot, "enter")


class TestHome:
    def test_report_list_with_the_sample(self, snap_compare: Compare, app: CchcApp) -> None:
        assert snap_compare(app, terminal_size=SIZE, run_before=settle)


class TestOutline:
    def test_sample_outline(self, snap_compare: Compare, app: CchcApp) -> None:
        assert snap_compare(app, terminal_size=SIZE, run_before=_outline)


class TestNarrative:
    def test_section_i2(self, snap_compare: Compare, app: CchcApp) -> None:
        async def run_before(pilot: Pilot[Any]) -> None:
            await _outline(pilot)
            await open_outline_item(pilot, "section:I.2")

        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


class TestForm:
    def test_bieu_mau_1_with_the_document_count_warning(
        self, snap_compare: Compare, app: CchcApp
    ) -> None:
        async def run_before(pilot: Pilot[Any]) -> None:
            await _outline(pilot)
            await open_outline_item(pilot, "form:BM1")

        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


class TestFindings:
    def test_sample_findings(self, snap_compare: Compare, app: CchcApp) -> None:
        async def run_before(pilot: Pilot[Any]) -> None:
            await _outline(pilot)
            await press(pilot, "f4")

        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


class TestSixteenColourThemes:
    """Old consoles: the form stays readable in the ANSI themes (16 colours)."""

    @pytest.mark.parametrize("theme", ["ansi-dark", "ansi-light"])
    def test_bieu_mau_1_in_ansi_theme(
        self, snap_compare: Compare, db_path: Path, theme: str
    ) -> None:
        from tests.ui_helpers import OFFICER

        themed = open_app(db_path, OFFICER.changed(theme=theme))
        assert themed.theme == theme

        async def run_before(pilot: Pilot[Any]) -> None:
            await _outline(pilot)
            await open_outline_item(pilot, "form:BM1")

        try:
            assert snap_compare(themed, terminal_size=SIZE, run_before=run_before)
        finally:
            themed.service.close()
