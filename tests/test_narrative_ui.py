"""The narrative editor with live figures and the narrative findings, driven with Pilot at 80×24.

What an officer does: writes a sentence, inserts a live figure with Ctrl+L (the row picker
searches like the palette), changes the value in the form and sees the sentence and the Word
report follow; in the findings list, Enter on a narrative warning opens the editor on its
sentence, Ctrl+L there (or in the list) turns the written figure into a live one.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from cchc_tui.app import CchcApp
from cchc_tui.db.store import ReportStore
from cchc_tui.exports.docx import build_report_docx
from cchc_tui.screens.findings import FindingsScreen
from cchc_tui.screens.form import FormScreen
from cchc_tui.screens.header import HeaderScreen
from cchc_tui.screens.narrative import LinkPickScreen, NarrativeScreen
from cchc_tui.screens.outline import OutlineScreen
from cchc_tui.service.reports import ReportService
from tests.ui_helpers import (
    disable_blink,
    make_app,
    open_outline_item,
    press,
    query,
    row_texts,
    settle,
    type_text,
)

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def _no_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    disable_blink(monkeypatch)


def _narrative(db_path: Path, key: str) -> str:
    rows = query(db_path, "SELECT text FROM narrative WHERE section_key = ?", key)
    return str(rows[0][0])


def _docx_text(screen: Any) -> str:
    ws = screen.workspace
    data = build_report_docx(ws.report, ws.template, ws.result)
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


async def _enter_value(pilot: Pilot[Any], key: str, text: str) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, FormScreen)
    target = next(i for i, info in enumerate(screen.rows) if info.key == key)
    table = screen.query_one("#rows", DataTable)
    step = "down" if target > table.cursor_row else "up"
    await press(pilot, *[step] * abs(target - table.cursor_row))
    await type_text(pilot, text)
    await press(pilot, "enter")


async def test_insert_a_live_figure_then_the_form_value_changes_the_text_and_the_docx(
    store: ReportStore, sample_id: int, db_path: Path
) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter")  # the sample, from the home list
        await open_outline_item(pilot, "section:I.3")
        screen = app.screen
        assert isinstance(screen, NarrativeScreen)
        area = screen.area("I.3.3")
        area.focus()
        area.move_cursor(area.document.end)
        await type_text(pilot, " Đã giải quyết xong")
        await press(pilot, "ctrl+l")
        assert isinstance(app.screen, LinkPickScreen)
        await type_text(pilot, "3.3.1 da giai quyet xong")
        options = app.screen.query_one("#rows")
        assert str(options.get_option_at_index(0).prompt).startswith(  # type: ignore[attr-defined]
            "3.3.1 Tổng số hồ sơ TTHC đã giải quyết xong (BM3): 1.834"
        )
        await press(pilot, "enter")
        assert app.screen is screen
        assert area.text.endswith("đầy đủ, tận tình. Đã giải quyết xong 1.834 hồ sơ")
        assert [k.row for k in area.live] == ["BM3/3.3.1"]
        assert "Đã giải quyết xong 1.834 hồ sơ" in _docx_text(screen)
        await press(pilot, "escape")  # leaving saves, checked at once
        assert isinstance(app.screen, OutlineScreen)
        assert _narrative(db_path, "I.3.3").endswith("Đã giải quyết xong {{BM3/3.3.1}} hồ sơ")

        await open_outline_item(pilot, "form:BM3")
        await _enter_value(pilot, "BM3/3.3.1", "1900")
        await press(pilot, "escape")
        await open_outline_item(pilot, "section:I.3")
        again = app.screen
        assert isinstance(again, NarrativeScreen)
        assert again.area("I.3.3").text.endswith("Đã giải quyết xong 1.900 hồ sơ")
        printed = _docx_text(again)
        assert "Đã giải quyết xong 1.900 hồ sơ" in printed and "{{" not in printed
    assert _narrative(db_path, "I.3.3").endswith("{{BM3/3.3.1}} hồ sơ")


@pytest.fixture
def truong_thi(store: ReportStore) -> int:
    """Only seed 004's report in the store (the first row of the home list)."""
    report_id, _ = ReportService(store).ensure_sample("truong-thi-2023-9thang")
    return report_id


async def test_enter_on_a_narrative_warning_opens_its_sentence_and_ctrl_l_links_it(
    store: ReportStore, truong_thi: int, db_path: Path
) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter", "f4")
        assert isinstance(app.screen, FindingsScreen)
        findings = app.screen
        table = findings.query_one("#findings", DataTable)
        ids = [f.id if f else None for f in findings.lines]
        table.move_cursor(row=ids.index("figure:II.2.1:BM3/3.1.3"))
        await settle(pilot)
        assert row_texts(table, table.cursor_row)[:2] == ["Cảnh báo", "II.2.1"]
        await press(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, NarrativeScreen)
        area = screen.area("II.2.1")
        assert area.has_focus and area.selected_text == "199"  # the figure, in its sentence
        await press(pilot, "ctrl+l")
        assert isinstance(app.screen, LinkPickScreen)  # the figure's own row comes first
        first = app.screen.query_one("#rows")
        assert "3.1.3 Tổng số TTHC đang áp dụng (BM3): 240" in str(
            first.get_option_at_index(0).prompt  # type: ignore[attr-defined]
        )
        await press(pilot, "escape")  # not now: back to the list
        await press(pilot, "f4")
        findings = app.screen
        assert isinstance(findings, FindingsScreen)
        ids = [f.id if f else None for f in findings.lines]
        table = findings.query_one("#findings", DataTable)
        table.move_cursor(row=ids.index("figure:II.2.3:BM3/3.1.3"))
        await press(pilot, "ctrl+l")  # link the figure from the list
        ids = [f.id if f else None for f in findings.lines]
        assert "figure:II.2.3:BM3/3.1.3" not in ids and "figure:II.2.1:BM3/3.1.3" in ids
    stored = _narrative(db_path, "II.2.3")
    assert "Hiện tại áp dụng tại UBND phường Trường Thi là {{BM3/3.1.3}} thủ tục" in stored


async def test_a_header_finding_opens_the_header(store: ReportStore, truong_thi: int) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter", "f4")
        findings = app.screen
        assert isinstance(findings, FindingsScreen)
        ids = [f.id if f else None for f in findings.lines]
        findings.query_one("#findings", DataTable).move_cursor(row=ids.index("period:header:date"))
        await press(pilot, "enter")
        assert isinstance(app.screen, HeaderScreen)  # the report's date is set there


async def test_the_editor_saves_without_waiting_for_the_checks(
    app_with_sample: CchcApp, db_path: Path
) -> None:
    app = app_with_sample
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter")
        await open_outline_item(pilot, "section:I.1")
        screen = app.screen
        assert isinstance(screen, NarrativeScreen)
        ws = screen.workspace
        before = ws.result
        area = screen.area("I.1.2")
        area.focus()
        area.move_cursor((0, 0))
        text = area.text.replace("đã ban hành 45 văn bản", "đã ban hành 46 văn bản")
        area.load_text(text)
        screen.action_save()  # what the pause in typing does
        assert ws.result is before  # committed; the check runs in a worker thread
        assert "46 văn bản" in _narrative(db_path, "I.1.2")
        await settle(pilot)  # the worker is done and its result taken
        assert ws.result is not before
        assert "figure:I.1.2:BM1/1" in {f.id for f in ws.result.findings}


@pytest.fixture
def app_with_sample(store: ReportStore, sample_id: int) -> CchcApp:
    return make_app(store)


async def test_leaving_right_after_a_save_shows_the_checked_report(
    app_with_sample: CchcApp, db_path: Path
) -> None:
    app = app_with_sample
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter")
        await open_outline_item(pilot, "section:I.1")
        screen = app.screen
        assert isinstance(screen, NarrativeScreen)
        area = screen.area("I.1.2")
        area.load_text(area.text.replace("đã ban hành 45 văn bản", "đã ban hành 46 văn bản"))
        screen.action_save()  # the pause in typing: committed, checked in a worker
        screen.before_leave()  # Esc at once: nothing new to save, but the check must be done
        assert "figure:I.1.2:BM1/1" in {f.id for f in screen.workspace.result.findings}
