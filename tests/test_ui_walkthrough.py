"""The officer's walk through the app at 80×24: what the screens show and what reaches SQLite.

Each test drives the real app with Pilot on the test's own database file (``tests/conftest.py``)
and checks both the widgets and a second, plain SQLite connection on that file.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.app import App
from textual.command import CommandList
from textual.pilot import Pilot
from textual.widgets import Button, DataTable, Input, OptionList, Static

from cchc_tui import messages as msg
from cchc_tui.app import CchcApp
from cchc_tui.db.store import ReportStore
from cchc_tui.domain.values import CellError, parse_cell
from cchc_tui.screens.confirm import ConfirmScreen
from cchc_tui.screens.document_edit import DocumentEditScreen
from cchc_tui.screens.documents import DocumentsScreen
from cchc_tui.screens.findings import FindingsScreen
from cchc_tui.screens.form import FormScreen
from cchc_tui.screens.home import HomeScreen
from cchc_tui.screens.narrative import NarrativeScreen
from cchc_tui.screens.new_report import NewReportScreen
from cchc_tui.screens.officer import OfficerScreen
from cchc_tui.screens.outline import OutlineScreen
from cchc_tui.screens.pick import CodePickScreen
from cchc_tui.screens.prompt import TextPromptScreen
from cchc_tui.service.settings import Settings
from cchc_tui.template.loader import LoadedTemplate, get_template
from cchc_tui.widgets.nfc import NfcInput
from tests.ui_helpers import (
    audit,
    cell,
    disable_blink,
    fill,
    make_app,
    notices,
    open_outline_item,
    press,
    query,
    row_texts,
    settle,
    stored_value,
    text_of,
    type_text,
)

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def _no_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    disable_blink(monkeypatch)


def _template() -> LoadedTemplate:
    return get_template("hai-duong/xa/cchc-nam@2023")


def _reason(key: str, text: str) -> str:
    """The Vietnamese reason the domain gives for refusing ``text`` in row ``key``."""
    with pytest.raises(CellError) as caught:
        parse_cell(_template().indicators[key].indicator, text)
    return str(caught.value)


def _form(app: App[Any]) -> FormScreen:
    screen = app.screen
    assert isinstance(screen, FormScreen), type(screen).__name__
    return screen


def _rows(app: App[Any]) -> DataTable[object]:
    return _form(app).query_one("#rows", DataTable)


def _current_key(app: App[Any]) -> str:
    current = _form(app)._current()
    assert current is not None
    return current.key


def _line(app: App[Any]) -> str:
    return text_of(app.screen.query_one("#finding-line", Static))


async def _move_to(pilot: Pilot[None], key: str) -> None:
    """Move the form's cursor to row ``key`` with the arrow keys."""
    screen = _form(pilot.app)
    target = next(i for i, info in enumerate(screen.rows) if info.key == key)
    table = _rows(pilot.app)
    step = "down" if target > table.cursor_row else "up"
    await press(pilot, *[step] * abs(target - table.cursor_row))
    assert _current_key(pilot.app) == key


async def _open_form(pilot: Pilot[None], number: int) -> None:
    """From home (sample selected): open the report and Biểu mẫu ``number``."""
    await press(pilot, "enter")
    assert isinstance(pilot.app.screen, OutlineScreen)
    await open_outline_item(pilot, f"form:BM{number}")
    assert _form(pilot.app).form.number == number


@pytest.fixture
def app(store: ReportStore, sample_id: int) -> CchcApp:
    """The app on the test store with the Bình Lãng sample already imported."""
    return make_app(store)


# --- home, sample, outline, walking the parts -------------------------------------------------


async def test_f3_loads_the_sample_and_the_outline_lists_every_part(
    store: ReportStore, db_path: Path
) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "F3" in text_of(app.screen.query_one("#empty-hint", Static))
        await press(pilot, "f3")
        assert isinstance(app.screen, OutlineScreen)
        assert msg.HOME_SAMPLE_LOADED in notices(app)
        assert text_of(app.screen.query_one(".screen-title", Static)) == "Xã Bình Lãng — 2023-nam"
        assert text_of(app.screen.query_one("#summary", Static)) == (
            "Đủ 99% · 1 lỗi · 27 cảnh báo · Đang nhập"  # 11 in forms/appendix, 16 narrative
        )
        table = app.screen.query_one("#outline", DataTable)
        keys = [row.key.value for row in table.ordered_rows]
        kinds = [str(k).split(":")[0] for k in keys]
        assert kinds == ["header"] + ["section"] * 14 + ["form"] * 7 + ["appendix"]
        header, *rows = [row_texts(table, i) for i in range(table.row_count)]
        # the basis cites "Công văn số 271/KH-UBND" (KH is the symbol of a plan): 1 warning
        assert header == ["Thông tin văn bản", "đủ", "7/7", "", "1"]
        # I.1.3 and I.1.6 cite plans and a decision the appendix does not list (3 warnings)
        assert rows[0] == ["I.1 Công tác chỉ đạo, điều hành", "đủ", "8/8", "", "3"]
        assert all(r[1] == "đủ" for r in rows[:14])
        forms = {r[0].split(":")[0]: r[1:] for r in rows[14:21]}
        assert forms["Biểu mẫu 1"] == ["đủ", "13/13", "", ""]
        assert forms["Biểu mẫu 3"] == ["có lỗi", "14/15", "1", "1"]
        assert [r[1] for r in rows[14:21]].count("có lỗi") == 1
        assert rows[21][1:] == ["đủ", "45", "", "6"]
        # Back home: the sample is listed once, and F3 again does not load it twice.
        await press(pilot, "escape")
        assert isinstance(app.screen, HomeScreen)
        home = app.screen.query_one("#reports", DataTable)
        assert home.row_count == 1
        assert row_texts(home, 0)[1:] == ["Xã Bình Lãng", "2023-nam", "Đang nhập", "99%", "1", "27"]
        await press(pilot, "f3")
        assert isinstance(app.screen, OutlineScreen)
    assert query(db_path, "SELECT count(*) FROM report") == [(1,)]


async def test_f8_walks_every_part_and_f7_walks_back(app: CchcApp) -> None:
    template = _template().template
    titles = ["Thông tin văn bản"] + [f"{s.number} {s.title}" for s in template.sections]
    titles += [f"Biểu mẫu {f.number}: {f.title}" for f in template.forms]
    assert template.appendix is not None
    appendix = f"{template.appendix.title} · 45 văn bản"
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter")
        await press(pilot, "enter")  # the first part: the document's header
        seen = [text_of(app.screen.query_one("#title", Static))]
        await press(pilot, "ctrl+pageup")  # nothing before the first part
        assert text_of(app.screen.query_one("#title", Static)) == titles[0]
        for _ in range(len(titles)):
            await press(pilot, "f8")
            seen.append(text_of(app.screen.query_one("#title", Static)))
        assert seen == [*titles, appendix]
        assert isinstance(app.screen, DocumentsScreen)
        await press(pilot, "f8")  # nothing after the appendix
        assert isinstance(app.screen, DocumentsScreen)
        back = []
        for _ in range(8):  # appendix → BM7 … BM1 → the last narrative section
            await press(pilot, "f7")
            back.append(text_of(app.screen.query_one("#title", Static)))
        assert back == titles[-1:-9:-1]
        assert isinstance(app.screen, NarrativeScreen)
        # In a narrative section Ctrl+PageUp goes back too (and F7: the test above).
        await press(pilot, "ctrl+pageup")
        assert text_of(app.screen.query_one("#title", Static)) == titles[-9]
        # Only the outline and one part are ever open.
        assert [type(s).__name__ for s in app.screen_stack] == [
            "HomeScreen",
            "OutlineScreen",
            "NarrativeScreen",
        ]


async def test_f7_in_a_narrative_section_opens_the_previous_part(app: CchcApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter")
        await open_outline_item(pilot, "section:I.2")
        await press(pilot, "f7")
        assert text_of(app.screen.query_one("#title", Static)) == "I.1 Công tác chỉ đạo, điều hành"


# --- the form editor --------------------------------------------------------------------------


async def test_keying_bm1_commits_refuses_bad_values_and_flags_findings(
    app: CchcApp, db_path: Path, sample_id: int
) -> None:
    who = "Nguyễn Văn Kiểm — Văn phòng - Thống kê"
    async with app.run_test(size=SIZE) as pilot:
        await _open_form(pilot, 1)
        table = _rows(app)
        editor = app.screen.query_one("#editor", Input)
        assert _current_key(app) == "BM1/1"  # the first editable row
        # Seed 001: row 1 counts 45 documents and the appendix lists 45: no finding.
        assert cell(table, "BM1/1", "value") == "45"
        assert _line(app) == ""
        # A digit starts editing; Enter commits at once and moves to the next editable row.
        await type_text(pilot, "46")
        # The editor line shows what is typed; the keys stay with the table.
        assert not editor.disabled and editor.value == "46" and table.has_focus
        await press(pilot, "enter")
        assert stored_value(db_path, sample_id, "BM1/1") == "46"
        assert audit(db_path, sample_id)[-1] == ("value", "BM1/1", "45", "46", who)
        assert _current_key(app) == "BM1/2.1"  # BM1/2 is derived: skipped
        assert editor.disabled and table.has_focus
        assert cell(table, "BM1/1", "value") == "46 ?"  # not the 45 listed
        assert text_of(app.screen.query_one("#title", Static)).endswith("· Đã lưu BM1/1 = 46")
        assert "Nhiệm vụ" in text_of(app.screen.query_one("#row-detail", Static))
        count = len(audit(db_path, sample_id))

        # Esc cancels an edit: nothing stored.
        await type_text(pilot, "9")
        await press(pilot, "escape")
        assert editor.disabled and isinstance(app.screen, FormScreen)
        assert _current_key(app) == "BM1/2.1"
        # Bad values: the Vietnamese reason under the table, nothing stored; fix in place.
        bad = [("94.3", "dấu chấm"), ("94,3", "số nguyên"), ("-5", "âm"), ("1.2.3", "không rõ")]
        for text, words in bad:
            await type_text(pilot, text)
            await press(pilot, "enter")
            reason = _reason("BM1/2.1", text)
            assert words in reason, reason
            assert _line(app) == reason
            assert app.screen.query_one("#finding-line", Static).has_class("-error")
            assert editor.has_class("-invalid") and editor.value == text and table.has_focus
            assert _current_key(app) == "BM1/2.1"
            assert stored_value(db_path, sample_id, "BM1/2.1") == "35"
            assert len(audit(db_path, sample_id)) == count
            await press(pilot, *["backspace"] * len(text))
        await type_text(pilot, "36")
        await press(pilot, "enter")
        assert not editor.has_class("-invalid")
        assert stored_value(db_path, sample_id, "BM1/2.1") == "36"
        assert _current_key(app) == "BM1/2.2"

        # A finding appears on its row and in full under the table, then clears.
        await type_text(pilot, "40")
        await press(pilot, "enter")
        assert stored_value(db_path, sample_id, "BM1/2.2") == "40"  # kept, but flagged
        assert cell(table, "BM1/2.2", "value") == "40 !"
        await _move_to(pilot, "BM1/2.2")
        assert _line(app) == (
            "Lỗi: Giá trị (40) lớn hơn “Số nhiệm vụ đề ra trong kế hoạch” (dòng 2.1) (36). "
            "Đúng ra là: ≤ 36"
        )
        assert app.screen.query_one("#finding-line", Static).has_class("-error")
        await type_text(pilot, "33")
        await press(pilot, "enter")
        await _move_to(pilot, "BM1/2.2")
        assert cell(table, "BM1/2.2", "value") == "33"
        assert _line(app) == ""
        assert not app.screen.query_one("#finding-line", Static).has_class("-error")
        # Home/End go to the first and last rows.
        await press(pilot, "end")
        assert _current_key(app) == "BM1/6"
        await press(pilot, "home")
        assert _current_key(app) == "BM1/1"
    assert [a[1:4] for a in audit(db_path, sample_id)[-3:]] == [
        ("BM1/2.1", "35", "36"),
        ("BM1/2.2", "33", "40"),
        ("BM1/2.2", "40", "33"),
    ]


async def test_delete_note_codes_and_derived_rows(
    app: CchcApp, db_path: Path, sample_id: int
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await _open_form(pilot, 1)
        table = _rows(app)
        # Delete clears a value; a required row then shows it is missing.
        await press(pilot, "delete")
        assert stored_value(db_path, sample_id, "BM1/1") is None
        assert audit(db_path, sample_id)[-1][:4] == ("value", "BM1/1", "45", None)
        assert cell(table, "BM1/1", "value") == " !"
        assert _line(app) == f"Lỗi: {msg.FIND_MISSING}"
        assert text_of(app.screen.query_one("#title", Static)).endswith("· Đã xóa giá trị BM1/1")

        # Ctrl+G writes the note of the current row; Esc in the dialog keeps it as it was.
        await press(pilot, "ctrl+g")
        assert isinstance(app.screen, TextPromptScreen)
        await type_text(pilot, "Đủ")
        await press(pilot, "enter")
        assert isinstance(app.screen, FormScreen)
        assert cell(table, "BM1/1", "note") == "Đủ"
        assert cell(table, "BM1/2.1", "note") == "còn 02 nhiệm vụ đang trong thời hiệu thực hiện"
        await press(pilot, "ctrl+g", "x", "escape")
        assert cell(table, "BM1/1", "note") == "Đủ"
        assert query(
            db_path, "SELECT text FROM note WHERE report_id = ? AND row_key = 'BM1/1'", sample_id
        ) == [("Đủ",)]
        assert audit(db_path, sample_id)[-1][:4] == ("note", "BM1/1", None, "Đủ")

        # Derived and heading rows refuse typing, with the reason.
        count = len(audit(db_path, sample_id))
        editor = app.screen.query_one("#editor", Input)
        await _move_to(pilot, "BM1/2")
        assert cell(table, "BM1/2", "value") == "94,29"
        await type_text(pilot, "5")
        assert editor.disabled
        assert msg.FORM_DERIVED.format(refs="2.2, 2.1") in notices(app)
        await press(pilot, "enter")
        assert editor.disabled
        await _move_to(pilot, "BM1/3")
        await type_text(pilot, "1")
        assert editor.disabled and msg.FORM_HEADING in notices(app)
        await press(pilot, "down")  # the table still takes arrows after a refusal
        assert _current_key(app) == "BM1/3.1"
        assert len(audit(db_path, sample_id)) == count

        # A code row: F5 picks from the labelled list, Enter opens it too, a digit types it.
        await press(pilot, "end")
        assert _current_key(app) == "BM1/6"
        assert cell(table, "BM1/6", "value") == "1 – Có"
        assert "Mã: 0 = Không; 1 = Có" in text_of(app.screen.query_one("#row-detail", Static))
        await press(pilot, "f5")
        assert isinstance(app.screen, CodePickScreen)
        options = app.screen.query_one("#codes", OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert labels == ["0 – Không", "1 – Có"]
        assert options.highlighted == 1  # the current code
        await press(pilot, "up", "enter")
        assert isinstance(app.screen, FormScreen)
        assert stored_value(db_path, sample_id, "BM1/6") == "0"
        assert cell(table, "BM1/6", "value") == "0 – Không"
        await press(pilot, "enter")
        assert isinstance(app.screen, CodePickScreen)
        await press(pilot, "escape")
        assert stored_value(db_path, sample_id, "BM1/6") == "0"
        await type_text(pilot, "7")
        await press(pilot, "enter")
        assert _line(app) == _reason("BM1/6", "7")
        assert stored_value(db_path, sample_id, "BM1/6") == "0"
        await press(pilot, "backspace")
        await type_text(pilot, "1")
        await press(pilot, "enter")
        assert stored_value(db_path, sample_id, "BM1/6") == "1"
        assert cell(table, "BM1/6", "value") == "1 – Có"


async def test_delete_on_a_derived_row_drops_the_printed_value_and_says_so(
    app: CchcApp, db_path: Path, sample_id: int
) -> None:
    """Delete on a derived row is how an officer accepts the derived value over the print."""
    async with app.run_test(size=SIZE) as pilot:
        await _open_form(pilot, 6)
        await _move_to(pilot, "BM6/1")
        assert "derived:BM6/1" in {f.id for f in _form(app).workspace.result.findings}
        await press(pilot, "delete")
        assert "Đã bỏ số in cũ của BM6/1; dùng số tính được 6,02." in notices(app)
        assert "derived:BM6/1" not in {f.id for f in _form(app).workspace.result.findings}
    assert stored_value(db_path, sample_id, "BM6/1") is None


# --- BM3, findings ----------------------------------------------------------------------------


async def test_findings_jump_fill_bm3_and_explain_a_warning(
    app: CchcApp, db_path: Path, sample_id: int
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter", "f4")
        assert isinstance(app.screen, FindingsScreen)
        title = text_of(app.screen.query_one("#title", Static))
        assert title == "Danh sách lỗi và cảnh báo · 1 lỗi, 27 cảnh báo (0 đã giải trình)"
        table = app.screen.query_one("#findings", DataTable)
        rows = [row_texts(table, i) for i in range(table.row_count)]
        keys = [r[1] for r in rows]
        # Group headings, then one line per finding; the first finding is selected.
        # Biểu mẫu 1 has none: the first is BM2 row 2.2, printed 0 % over 0 documents to handle.
        assert rows[0][2] == "Biểu mẫu 2: Cải cách thể chế"
        assert rows[table.cursor_row][:2] == ["Cảnh báo", "BM2/2.2"]
        assert text_of(app.screen.query_one("#finding-line", Static)) == (
            "BM2/2.2: Mẫu số bằng 0 nên tỷ lệ là “không phát sinh”, nhưng báo cáo ghi 0. "
            "Đúng ra là: không phát sinh"
        )
        # An error cannot be explained away.
        table.move_cursor(row=keys.index("BM3/1.1"))
        assert rows[keys.index("BM3/1.1")][0] == "Lỗi"
        await press(pilot, "ctrl+e")
        assert isinstance(app.screen, FindingsScreen)
        assert msg.EXPLAIN_ONLY_WARNINGS in notices(app)

        # Enter jumps to the row: the sample's only error, BM3/1.1 printed empty. Fill it.
        await press(pilot, "enter")
        assert _form(app).form.number == 3 and _current_key(app) == "BM3/1.1"
        assert cell(_rows(app), "BM3/1.1", "value") == " !"
        assert _line(app) == f"Lỗi: {msg.FIND_MISSING}"
        await type_text(pilot, "0")
        await press(pilot, "enter")
        assert stored_value(db_path, sample_id, "BM3/1.1") == "0"
        assert cell(_rows(app), "BM3/1.1", "value") == "0"

        await press(pilot, "f4")
        title = text_of(app.screen.query_one("#title", Static))
        assert title.endswith("· 0 lỗi, 27 cảnh báo (0 đã giải trình)")
        table = app.screen.query_one("#findings", DataTable)
        levels = [row_texts(table, i)[0] for i in range(table.row_count)]
        assert levels.count("Cảnh báo") == 27 and "Lỗi" not in levels

        # Ctrl+E explains the selected warning; the explanation is listed and kept.
        table.move_cursor(row=1)
        await press(pilot, "ctrl+e")
        assert isinstance(app.screen, TextPromptScreen)
        await type_text(pilot, "Đã rõ")
        await press(pilot, "enter")
        assert isinstance(app.screen, FindingsScreen)
        assert msg.EXPLAIN_SAVED in notices(app)
        table = app.screen.query_one("#findings", DataTable)
        assert row_texts(table, table.cursor_row)[1:] == [
            "BM2/2.2",
            "Mẫu số bằng 0 nên tỷ lệ là “không phát sinh”, nhưng báo cáo ghi 0.",
            "Đã rõ",
        ]
        assert text_of(app.screen.query_one("#title", Static)).endswith("(1 đã giải trình)")
        assert text_of(app.screen.query_one("#finding-line", Static)).endswith(
            "Đã giải trình: Đã rõ"
        )
        assert query(
            db_path, "SELECT finding_id, text FROM explanation WHERE report_id = ?", sample_id
        ) == [("derived:BM2/2.2", "Đã rõ")]

        # Enter on a warning of a derived row, and on a document's warning.
        keys = [row_texts(table, i)[1] for i in range(table.row_count)]
        table.move_cursor(row=keys.index("BM6/1"))
        await press(pilot, "enter")
        assert _form(app).form.number == 6 and _current_key(app) == "BM6/1"
        assert _line(app).startswith("Cảnh báo: Số ghi trong báo cáo (0) khác số tính")
        await press(pilot, "f4")
        table = app.screen.query_one("#findings", DataTable)
        table.move_cursor(row=keys.index("11"))
        await press(pilot, "enter")
        assert isinstance(app.screen, DocumentsScreen)
        assert [type(s).__name__ for s in app.screen_stack] == [
            "HomeScreen",
            "OutlineScreen",
            "DocumentsScreen",
        ]


# --- documents appendix -----------------------------------------------------------------------


def _doc_dates(table: DataTable[object]) -> list[date]:
    dates = []
    for i in range(table.row_count):
        day, month, year = (int(p) for p in row_texts(table, i)[0].split("/"))
        dates.append(date(year, month, day))
    return dates


async def test_documents_add_refuse_a_bad_date_and_delete_with_confirm(
    app: CchcApp, db_path: Path, sample_id: int
) -> None:
    def count() -> int:
        return int(
            query(db_path, "SELECT count(*) FROM document WHERE report_id = ?", sample_id)[0][0]
        )

    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter")
        await open_outline_item(pilot, "appendix:appendix")
        assert isinstance(app.screen, DocumentsScreen)
        # An impossible date is refused with the reason; nothing is added.
        await press(pilot, "insert")
        assert isinstance(app.screen, DocumentEditScreen)
        await fill(pilot, "#number", "70/kh - ubnd")  # normalised to 70/KH-UBND
        await press(pilot, "enter")
        await type_text(pilot, "31/02/2023")
        await press(pilot, "enter")
        await fill(pilot, "#summary", "Kế hoạch kiểm tra CCHC cuối năm")
        await press(pilot, "enter")
        assert isinstance(app.screen, DocumentEditScreen)
        assert text_of(app.screen.query_one("#error", Static)) == msg.DATE_IMPOSSIBLE.format(
            text="31/02/2023"
        )
        date_input = app.screen.query_one("#date", Input)
        assert date_input.has_focus
        assert count() == 45
        # Correct the date: the document is added, and the list stays sorted by date.
        await fill(pilot, "#date", "15/11/2023")
        await press(pilot, "enter", "enter")
        assert isinstance(app.screen, DocumentsScreen)
        assert msg.DOC_SAVED.format(number="70/KH-UBND") in notices(app)
        table = app.screen.query_one("#docs", DataTable)
        assert table.row_count == 46
        assert text_of(app.screen.query_one("#title", Static)).endswith("· 46 văn bản")
        dates = _doc_dates(table)
        assert dates == sorted(dates)
        row = row_texts(table, table.cursor_row)  # the cursor is on the new document
        assert row == ["15/11/2023", "Kế hoạch", "70/KH-UBND", "Kế hoạch kiểm tra CCHC cuối năm"]
        assert table.cursor_row < table.row_count - 1  # sorted in, not appended
        assert query(
            db_path,
            "SELECT doc_type, number, issued_on, summary FROM document "
            "WHERE report_id = ? AND number = '70/KH-UBND'",
            sample_id,
        ) == [("Kế hoạch", "70/KH-UBND", "2023-11-15", "Kế hoạch kiểm tra CCHC cuối năm")]

        # Delete asks first; "Không" (focused) keeps the document.
        table.move_cursor(row=0)
        assert row_texts(table, 0)[:3] == ["30/12/2022", "Kế hoạch", "59/KH-UBND"]
        await press(pilot, "delete")
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.query_one("#no", Button).has_focus
        await press(pilot, "enter")
        assert isinstance(app.screen, DocumentsScreen) and count() == 46
        await press(pilot, "delete", "shift+tab")
        assert app.screen.query_one("#yes", Button).has_focus
        await press(pilot, "enter")
        assert isinstance(app.screen, DocumentsScreen)
        assert msg.DOC_DELETED.format(number="59/KH-UBND") in notices(app)
        table = app.screen.query_one("#docs", DataTable)
        assert table.row_count == 45
        assert "59/KH-UBND" not in [row_texts(table, i)[2] for i in range(table.row_count)]
    assert count() == 45
    assert query(
        db_path,
        "SELECT count(*) FROM document WHERE report_id = ? AND number = '59/KH-UBND'",
        sample_id,
    ) == [(0,)]
    last = audit(db_path, sample_id)[-1]
    assert last[0] == "document" and last[3] is None and "59/KH-UBND" in str(last[2])


# --- narrative and NFD input ------------------------------------------------------------------


def _narrative(db_path: Path, report_id: int, key: str) -> str:
    rows = query(
        db_path,
        "SELECT text FROM narrative WHERE report_id = ? AND section_key = ?",
        report_id,
        key,
    )
    return str(rows[0][0]) if rows else ""


def _nfd_keys(text: str) -> list[events.Key]:
    """Key events as Windows' Vietnamese keyboard sends them: one per code point, marks too."""
    keys = []
    for char in text:
        name = char if char.isalnum() else unicodedata.name(char).lower().replace(" ", "_")
        keys.append(events.Key(name, char))
    return keys


async def test_narrative_is_saved_on_leaving_and_nfd_typing_is_stored_as_nfc(
    app: CchcApp, db_path: Path, sample_id: int
) -> None:
    original = _narrative(db_path, sample_id, "P2.II.1")
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter")
        await open_outline_item(pilot, "section:P2.II")
        screen = app.screen
        assert isinstance(screen, NarrativeScreen)
        assert text_of(screen.query_one("#title", Static)) == "II Giải pháp"
        area = screen.area("P2.II.1")
        assert area.has_focus and area.text == original
        await type_text(pilot, "Mới. ")
        assert _narrative(db_path, sample_id, "P2.II.1") == original  # not yet: still typing
        await press(pilot, "tab")  # leave the text area
        assert not area.has_focus
        assert _narrative(db_path, sample_id, "P2.II.1") == "Mới. " + original
        status = text_of(screen.query_one("#status", Static))
        assert status.startswith(msg.NARR_SAVED.format(key="P2.II.1") + " Đã lưu lúc ")

        # Combining marks (NFD) are kept as typed while focused (tests/test_nfc_editing.py)
        # and composed when the text is saved.
        await press(pilot, "ctrl+pagedown")
        assert text_of(app.screen.query_one("#title", Static)) == "III Kiến nghị, đề xuất"
        assert isinstance(app.screen, NarrativeScreen)
        area = app.screen.area("P2.III.1")
        area.load_text("")
        for key in _nfd_keys("Kie\u0302\u0301n"):  # e + circumflex + acute = ế
            area.post_message(key)
            await pilot.pause()
        assert area.text == "Kie\u0302\u0301n" and area.cursor_location == (0, 6)
        await press(pilot, "escape")  # leaving the section saves it
        assert isinstance(app.screen, OutlineScreen)
        assert _narrative(db_path, sample_id, "P2.III.1") == "Kiến"

        # The note input of a form is stored composed the same way.
        await open_outline_item(pilot, "form:BM1")
        await press(pilot, "ctrl+g")
        note = app.screen.query_one("#text", NfcInput)
        for key in _nfd_keys("Ghi cho\u0302\u0301"):
            note.post_message(key)
            await pilot.pause()
        assert note.value == "Ghi cho\u0302\u0301" and note.cursor_position == 9
        await press(pilot, "enter")
    assert query(
        db_path, "SELECT text FROM note WHERE report_id = ? AND row_key = 'BM1/1'", sample_id
    ) == [("Ghi chố",)]
    entries = [a[1] for a in audit(db_path, sample_id) if a[0] == "narrative"]
    assert entries == ["P2.II.1", "P2.III.1"]


# --- command palette and help -----------------------------------------------------------------


async def _palette(pilot: Pilot[None], text: str) -> list[str]:
    """Open the palette, enter ``text`` and return the prompts of the hits."""
    await press(pilot, "ctrl+p")
    await fill(pilot, "CommandInput", text)
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()
    hits = pilot.app.screen.query_one(CommandList)
    return [str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count)]


async def test_palette_opens_a_form_and_a_row_without_diacritics(app: CchcApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter")
        assert await _palette(pilot, "bieu mau 3") == ["Biểu mẫu 3: Cải cách thủ tục hành chính"]
        await press(pilot, "enter")
        assert _form(app).form.number == 3
        assert _current_key(app) == "BM3/1.1"  # its first editable row
        hits = await _palette(pilot, "3.3.1")
        wanted = "3.3.1 Tổng số hồ sơ TTHC đã giải quyết xong (BM3)"
        assert wanted in hits
        await press(pilot, *["down"] * hits.index(wanted), "enter")
        assert _form(app).form.number == 3
        assert _current_key(app) == "BM3/3.3.1"
        hits = await _palette(pilot, "thu tuc hanh chinh")
        assert "I.3 Cải cách thủ tục hành chính" in hits
        await press(pilot, *["down"] * hits.index("I.3 Cải cách thủ tục hành chính"), "enter")
        assert text_of(app.screen.query_one("#title", Static)) == "I.3 Cải cách thủ tục hành chính"
        # F1 shows and hides the keys of the screen.
        await press(pilot, "f1")
        assert app.screen.query("HelpPanel")
        await press(pilot, "f1")
        assert not app.screen.query("HelpPanel")


async def test_palette_stt_prefers_the_open_form(app: CchcApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter")
        await open_outline_item(pilot, "form:BM3")
        await _palette(pilot, "3.3.1")
        await press(pilot, "enter")
        assert _form(app).form.number == 3
        assert _current_key(app) == "BM3/3.3.1"


# --- home: new report, next period, officer ---------------------------------------------------

_NEW_FIELDS = (
    "unit_code",
    "unit_name",
    "province",
    "district",
    "receiving_office",
    "period_code",
    "start",
    "end",
    "number",
)


async def test_new_report_missing_fields_then_created_and_listed(
    store: ReportStore, db_path: Path
) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "ctrl+n")
        assert isinstance(app.screen, NewReportScreen)
        assert app.screen.query_one("#unit_code", Input).has_focus
        await type_text(pilot, "31.NK")
        # Enter from field to field; the last Enter creates. The name is missing.
        await press(pilot, *["enter"] * len(_NEW_FIELDS))
        assert isinstance(app.screen, NewReportScreen)
        error = text_of(app.screen.query_one("#error", Static))
        assert error == msg.NEW_REQUIRED.format(field=msg.NEW_UNIT_NAME)
        assert app.screen.query_one("#unit_name", Input).has_focus
        for name, text in [
            ("unit_name", "Ngọc Kỳ"),
            ("province", "Hải Dương"),
            ("district", "Tứ Kỳ"),
            ("receiving_office", "UBND huyện Tứ Kỳ"),
            ("period_code", "2024-nam"),
            ("start", "01/01/2024"),
        ]:
            await fill(pilot, f"#{name}", text)
        app.screen.query_one("#create", Button).press()
        await pilot.pause()
        assert isinstance(app.screen, NewReportScreen)
        error = text_of(app.screen.query_one("#error", Static))
        assert error == msg.DATE_BAD.format(text="")  # the end date is still empty
        assert app.screen.query_one("#end", Input).has_focus
        assert query(db_path, "SELECT count(*) FROM report") == [(0,)]
        await fill(pilot, "#end", "31/12/2024")
        await press(pilot, "enter", "enter")
        assert isinstance(app.screen, OutlineScreen)
        assert text_of(app.screen.query_one(".screen-title", Static)) == "Xã Ngọc Kỳ — 2024-nam"
        assert msg.NEW_CREATED.format(unit="Xã Ngọc Kỳ", period="2024-nam") in notices(app)
        await press(pilot, "escape")
        table = app.screen.query_one("#reports", DataTable)
        assert table.row_count == 1
        assert row_texts(table, 0)[1:4] == ["Xã Ngọc Kỳ", "2024-nam", "Đang nhập"]
    assert query(
        db_path,
        "SELECT u.code, u.name, r.period_start, r.period_end, r.receiving_office "
        "FROM report r JOIN unit u ON u.id = r.unit_id",
    ) == [("31.NK", "Ngọc Kỳ", "2024-01-01", "2024-12-31", "UBND huyện Tứ Kỳ")]


async def test_officer_then_next_period_with_narrative_and_earlier_values(
    store: ReportStore, sample_id: int, db_path: Path
) -> None:
    app = make_app(store, Settings())
    who = "Nguyễn Thị Hoa — Công chức Văn phòng - Thống kê"
    async with app.run_test(size=SIZE) as pilot:
        # F2: who is working, shown on the home screen and recorded with every change.
        assert text_of(app.screen.query_one("#officer", Static)) == msg.HOME_OFFICER_UNKNOWN
        await press(pilot, "f2")
        assert isinstance(app.screen, OfficerScreen)
        assert app.screen.query_one("#name", Input).has_focus
        await type_text(pilot, "Nguyễn Thị Hoa")
        await press(pilot, "enter")
        await fill(pilot, "#post", "Công chức Văn phòng - Thống kê")
        await press(pilot, "enter")
        assert isinstance(app.screen, HomeScreen)
        assert msg.OFFICER_SAVED in notices(app)
        assert text_of(app.screen.query_one("#officer", Static)) == f"Người làm việc: {who}"
        assert app.settings.who == who

        # Ctrl+K: the next period of the selected report, prefilled.
        await press(pilot, "ctrl+k")
        screen = app.screen
        assert isinstance(screen, NewReportScreen)
        assert text_of(screen.query_one(".screen-title", Static)) == msg.NEW_FROM_TITLE.format(
            source=sample_id
        )
        assert screen.query_one("#unit_name", Input).value == "Bình Lãng"
        assert screen.query_one("#period_code", Input).value == "2024-nam"
        assert screen.query_one("#start", Input).value == "01/01/2024"
        assert screen.query_one("#end", Input).value == "08/12/2024"  # the report date
        screen.query_one("#create", Button).press()  # (Enter field by field works too)
        await pilot.pause()
        assert isinstance(app.screen, OutlineScreen)
        assert text_of(app.screen.query_one(".screen-title", Static)) == "Xã Bình Lãng — 2024-nam"
        outline = app.screen.query_one("#outline", DataTable)
        assert cell(outline, "section:I.1", "state") == "đủ"  # the narrative came along
        assert cell(outline, "form:BM1", "filled") == "0/13"
        await open_outline_item(pilot, "form:BM1")
        table = _rows(app)
        assert [str(c.label) for c in table.columns.values()] == [
            "STT",
            "Chỉ tiêu",
            "ĐVT",
            "Giá trị",
            "Kỳ trước",
            "Ghi chú",
        ]
        assert cell(table, "BM1/1", "previous") == "45"
        assert cell(table, "BM1/2", "previous") == "94,3"
        assert cell(table, "BM1/6", "previous") == "1 – Có"
        assert cell(table, "BM1/1", "value") == " !"
        await type_text(pilot, "50")
        await press(pilot, "enter")
        assert cell(table, "BM1/1", "value").startswith("50")
        assert cell(table, "BM1/1", "previous") == "45"
    (new_id,) = query(db_path, "SELECT id FROM report WHERE period_code = '2024-nam'")[0]
    assert query(db_path, "SELECT previous_id FROM report WHERE id = ?", new_id) == [(sample_id,)]
    sql = "SELECT section_key, text FROM narrative WHERE report_id = ? ORDER BY 1"
    copied = query(db_path, sql, new_id)
    assert copied == query(db_path, sql, sample_id) and len(copied) > 40
    assert stored_value(db_path, new_id, "BM1/1") == "50"
    assert stored_value(db_path, sample_id, "BM1/1") == "45"
    assert audit(db_path, new_id)[-1] == ("value", "BM1/1", None, "50", who)
    assert audit(db_path, new_id)[0][:2] == ("report", "import")
    assert audit(db_path, new_id)[0][4] == who
