"""Vietnamese input methods that send combining marks: text is composed (NFC) only when it
leaves the editor, never while the officer is typing (issue 12).

Unikey and EVKey in "Unicode tổ hợp" mode write a tone mark as a combining character after the
vowel (``ê`` + U+0323 for ``ệ``) and change a letter by sending one backspace per character they
sent, then the new characters. Typing Telex ``Vieejt`` and then ``s`` (change the tone to sắc)
sends the keys of :data:`VIET_THEN_VIET_SAC` below; if the editor recomposed ``ê`` + U+0323 into
one ``ệ`` as it arrived, the three backspaces would eat ``t``, ``ệ`` and ``i`` and leave
``Vết``. Windows' own Vietnamese keyboard sends fully decomposed letters (``e`` + U+0302 +
U+0301). Key events are posted straight to the widget because ``pilot.press()`` drops a lone
combining mark (shared/PITFALLS.md); backspace goes through ``pilot.press`` (it is a binding).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from cchc_tui.app import CchcApp
from cchc_tui.db.store import ReportStore
from cchc_tui.screens.document_edit import DocumentEditScreen
from cchc_tui.screens.narrative import NarrativeScreen
from cchc_tui.screens.outline import OutlineScreen
from cchc_tui.screens.prompt import TextPromptScreen
from cchc_tui.widgets.nfc import NfcInput
from tests.ui_helpers import disable_blink, make_app, open_outline_item, press, query

SIZE = (80, 24)
BS = "\b"
VIET_THEN_VIET_SAC = [
    "V",
    "i",
    "e",
    BS,
    "ê",
    BS,
    "ê",
    "\u0323",
    "t",
    BS,
    BS,
    BS,
    "ê",
    "\u0301",
    "t",
]
"""Unikey, Telex, "Unicode tổ hợp": ``V i e e j t`` then ``s``; ends as ``Viết``."""
WINDOWS_KEYBOARD = list(" cho\u0302\u0301")
"""Windows' Vietnamese keyboard: `` chố`` as base letter, circumflex, acute."""


@pytest.fixture(autouse=True)
def _no_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    disable_blink(monkeypatch)


@pytest.fixture
def app(store: ReportStore, sample_id: int) -> CchcApp:
    return make_app(store)


async def send(pilot: Pilot[None], widget: Input | TextArea, keys: list[str]) -> list[str]:
    """Send ``keys`` to the focused ``widget``; return its text after each key."""
    seen = []
    for char in keys:
        if char == BS:
            await pilot.press("backspace")
        else:
            name = char if char.isalnum() else unicodedata.name(char).lower().replace(" ", "_")
            widget.post_message(events.Key(name, char))
        await pilot.pause()
        assert widget.has_focus
        seen.append(widget.text if isinstance(widget, TextArea) else widget.value)
    return seen


def as_typed(keys: list[str], start: str = "") -> list[str]:
    """What a field holds after each key if it keeps every code point as sent."""
    text, states = start, []
    for char in keys:
        text = text[:-1] if char == BS else text + char
        states.append(text)
    return states


def stored(db_path: Path, sql: str, *params: object) -> str:
    rows = query(db_path, sql, *params)
    assert len(rows) == 1, rows
    return str(rows[0][0])


async def test_narrative_keeps_keystrokes_while_focused_and_stores_nfc_on_leaving(
    app: CchcApp, db_path: Path, sample_id: int
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter")
        await open_outline_item(pilot, "section:P2.III")
        assert isinstance(app.screen, NarrativeScreen)
        assert isinstance(app.screen, NarrativeScreen)
        area = app.screen.area("P2.III.1")
        assert area.has_focus
        area.load_text("")
        await pilot.pause()
        keys = [*VIET_THEN_VIET_SAC, " ", "N", "a", "m", *WINDOWS_KEYBOARD]
        seen = await send(pilot, area, keys)
        assert seen == as_typed(keys)  # never rewritten while focused
        assert area.text == "Viê\u0301t Nam cho\u0302\u0301"
        assert area.cursor_location == (0, len(area.text))

        await press(pilot, "tab")  # leave the text area
        assert not area.has_focus
        assert area.text == "Viết Nam chố" and unicodedata.is_normalized("NFC", area.text)
        sql = "SELECT text FROM narrative WHERE report_id = ? AND section_key = 'P2.III.1'"
        assert stored(db_path, sql, sample_id) == "Viết Nam chố"

        area.focus()
        await pilot.pause()
        assert area.cursor_location == (0, len("Viết Nam chố"))  # after the same letter
        await send(pilot, area, ["!"])
        await press(pilot, "escape")  # leaving the section saves it
        assert isinstance(app.screen, OutlineScreen)
    assert stored(db_path, sql, sample_id) == "Viết Nam chố!"


async def test_form_note_keeps_keystrokes_while_focused_and_is_stored_nfc(
    app: CchcApp, db_path: Path, sample_id: int
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter")
        await open_outline_item(pilot, "form:BM1")
        await press(pilot, "ctrl+g")
        assert isinstance(app.screen, TextPromptScreen)
        note = app.screen.query_one("#text", NfcInput)
        start = note.value
        keys = ["G", "h", "i", " ", *VIET_THEN_VIET_SAC, *WINDOWS_KEYBOARD]
        seen = await send(pilot, note, keys)
        assert seen == as_typed(keys, start)
        assert note.value == start + "Ghi Viê\u0301t cho\u0302\u0301"
        await press(pilot, "enter")  # leaves the field: the note is saved
        assert not isinstance(app.screen, TextPromptScreen)
    sql = "SELECT text FROM note WHERE report_id = ? AND row_key = 'BM1/1'"
    assert stored(db_path, sql, sample_id) == unicodedata.normalize("NFC", start) + "Ghi Viết chố"


async def test_an_input_is_composed_when_tab_leaves_it(app: CchcApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter")
        await open_outline_item(pilot, "appendix:appendix")
        await press(pilot, "insert")
        assert isinstance(app.screen, DocumentEditScreen)
        await press(pilot, "tab", "tab")  # number → date → summary
        summary = app.screen.query_one("#summary", NfcInput)
        assert summary.has_focus
        keys = list("Ke\u0302\u0301 hoa\u0323ch")
        assert await send(pilot, summary, keys) == as_typed(keys)
        await press(pilot, "shift+tab")
        assert not summary.has_focus
        assert summary.value == "Kế hoạch"
