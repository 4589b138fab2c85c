"""Several officers on one report (issue 16) as they use the screens (Textual's Pilot, 80×24):
the compiler assigns from the outline with F2 and decides a conflict with one keystroke; the
officer opens a package with Ctrl+O and can type only in their own parts. What the screens show
is read from the widgets; what they did is read from the database files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Static

from cchc_tui.app import CchcApp
from cchc_tui.screens.contributions import ConflictsScreen
from cchc_tui.screens.form import FormScreen
from cchc_tui.screens.outline import OutlineScreen
from cchc_tui.service.settings import Settings
from tests.contribution_helpers import OFFICER_A, OFFICER_B, Commune, make_commune
from tests.ui_helpers import (
    audit,
    cell,
    fill,
    notices,
    open_outline_item,
    press,
    settle,
    stored_value,
    text_of,
)

COMPILER = Settings(officer_name="Trần Văn Tổng", officer_post="Văn phòng - Thống kê")
OFFICER = Settings(officer_name=OFFICER_A, officer_post="Tư pháp - Hộ tịch")


@pytest.fixture
def commune(tmp_path: Path):  # type: ignore[no-untyped-def]
    made = make_commune(tmp_path)
    yield made
    made.close()


async def test_the_compiler_assigns_a_part_from_the_outline(commune: Commune) -> None:
    app = CchcApp(commune.compiler, COMPILER, save_settings_on_change=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter")
        outline = app.screen
        assert isinstance(outline, OutlineScreen)
        table = outline.query_one("#outline", DataTable)
        assert "owner" not in [str(c.value) for c in table.columns]  # nothing assigned yet
        table.move_cursor(row=table.get_row_index("form:BM3"))
        await press(pilot, "f2")
        await fill(pilot, "#text", OFFICER_A)
        await press(pilot, "enter")
        table = outline.query_one("#outline", DataTable)
        assert table.cursor_row == table.get_row_index("form:BM3")  # the owner column came
        assert "Đã giao “Biểu mẫu 3: Cải cách thủ tục hành chính” cho" in " ".join(notices(app))
        assert cell(table, "form:BM3", "owner") == "An·chưa gửi"
        assert cell(table, "form:BM1", "owner") == ""
        assert "F3: ghi gói giao việc" in text_of(outline.query_one("#progress", Static))
        assert outline.check_action("packages", ()) and not outline.check_action("receive", ())
    rows = audit(commune.root / "compiler.sqlite3", commune.report_id)
    assert rows[-1] == ("assignment", "BM3", None, OFFICER_A, commune.compiler.who)


async def test_one_keystroke_takes_the_officers_value(commune: Commune) -> None:
    commune.compiler.contributions.assign(commune.report_id, "BM3", OFFICER_A)
    copy = commune.open_on(commune.a, commune.send_packages()[OFFICER_A])
    commune.a.open_report(copy).enter_value("BM3/1.2", "6")
    commune.compiler.open_report(commune.report_id).enter_value("BM3/1.2", "7")
    commune.receive([commune.contribute(commune.a, copy)])
    app = CchcApp(commune.compiler, COMPILER, save_settings_on_change=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter")
        outline = app.screen
        assert isinstance(outline, OutlineScreen)
        assert "1 xung đột chờ quyết định: Ctrl+X" in text_of(outline.query_one("#progress"))
        await press(pilot, "ctrl+x")
        screen = app.screen
        assert isinstance(screen, ConflictsScreen)
        table = screen.query_one("#conflicts", DataTable)
        assert [str(c) for c in table.get_row_at(0)] == [
            "BM3 › 1.2 Số TTHC công bố mới (giá trị)",
            "7",
            "6",
        ]
        detail = text_of(screen.query_one("#detail", Static))
        assert f"Của {OFFICER_A}: 6" in detail and "Tư pháp - Hộ tịch" in detail
        assert re.search(r"\b\d\d/\d\d/\d{4} \d\d:\d\d\b", detail)  # when, day first
        await press(pilot, "l")
        assert "Không còn xung đột nào" in text_of(screen.query_one("#detail", Static))
        await press(pilot, "escape")
        assert app.screen is outline and not outline.check_action("conflicts", ())
    assert stored_value(commune.root / "compiler.sqlite3", commune.report_id, "BM3/1.2") == "6"


async def test_the_officer_opens_the_package_and_types_only_in_their_parts(
    commune: Commune,
) -> None:
    commune.compiler.contributions.assign(commune.report_id, "BM3", OFFICER_A)
    commune.compiler.contributions.assign(commune.report_id, "BM7", OFFICER_B)
    assert len(commune.send_packages()) == 2
    app = CchcApp(commune.a, OFFICER, save_settings_on_change=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+o")
        await fill(pilot, "#text", str(commune.usb))  # the stick: two packages, one theirs
        await press(pilot, "enter")
        outline = app.screen
        assert isinstance(outline, OutlineScreen)
        table = outline.query_one("#outline", DataTable)
        assert outline.items[0].key == "BM3"  # their part first
        assert cell(table, "form:BM3", "owner") == "của tôi"
        assert cell(table, "form:BM1", "owner") == "chỉ xem"
        assert outline.check_action("contribute", ()) and not outline.check_action("signoff", ())
        await open_outline_item(pilot, "form:BM1")
        assert isinstance(app.screen, FormScreen)
        await press(pilot, "4", "6", "enter")
        assert any("không giao cho anh/chị" in n for n in notices(app))
        await press(pilot, "escape")
        await open_outline_item(pilot, "form:BM3")
        form = app.screen
        assert isinstance(form, FormScreen)
        rows = form.query_one("#rows", DataTable)
        rows.move_cursor(row=rows.get_row_index("BM3/1.2"))
        await press(pilot, "6", "enter")
        await press(pilot, "escape", "f3")  # the contribution: the dialog offers the stick
        assert app.screen.query_one("#folder", Input).value == str(commune.usb)
        await press(pilot, "escape")
    copy_id = outline.workspace.report_id
    a_db = commune.root / "a.sqlite3"
    assert stored_value(a_db, copy_id, "BM1/1") == "45"
    assert stored_value(a_db, copy_id, "BM3/1.2") == "6"
