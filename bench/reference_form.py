"""The reference form app of ``bench/bench_speed.py``: the form editor's layout and moves, and
nothing else. Not a test, not part of the app.

Run: ``python bench/reference_form.py ROWS.json`` (the bench writes the file: the form's
number, title and rows). The same widgets as ``cchc_tui.screens.form.FormScreen`` (title,
table, detail line, editor line, finding line, footer with the same keys, the app's own
stylesheet), the same moves on an Enter (the editor line cleared and disabled, the value's
cell updated, "Biểu mẫu N · Đã lưu KEY = VALUE" in the title, the cursor on the next row, the
detail line updated), the table keeping the focus — but no parsing, no validation, no
database. What ``cchc`` takes beyond this app is the app's own cost.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Input, Static

CSS = Path(__file__).resolve().parent.parent / "cchc_tui" / "app.tcss"
WIDTHS = {"stt": 6, "unit": 9, "value": 11, "note": 10}


class Table(DataTable[object]):
    """A table that hands every printable key and Enter to the app (as ``FormTable`` does)."""

    def on_key(self, event: events.Key) -> None:
        app: Reference = self.app  # type: ignore[assignment]
        if event.key == "enter" and app.typing:
            app.commit()
        elif event.key == "backspace" and app.typing:
            app.editor.value = app.editor.value[:-1]
        elif event.character and event.is_printable and not event.character.isspace():
            app.type(event.character)
        else:
            return
        event.stop()
        event.prevent_default()


class Reference(App[None]):
    """The form's layout and moves without the app behind it."""

    CSS_PATH = str(CSS)
    BINDINGS = [
        Binding("escape", "quit", "Quay lại"),
        Binding("ctrl+g", "bell", "Ghi chú"),
        Binding("f5", "bell", "Chọn mã"),
        Binding("ctrl+pagedown,f8", "bell", "Phần sau", priority=True),
        Binding("f4", "bell", "Lỗi, cảnh báo"),
        Binding("f1", "bell", "Trợ giúp"),
    ]

    def __init__(self, form: dict[str, Any]) -> None:
        super().__init__()
        self.form = form
        self.rows: list[dict[str, Any]] = form["rows"]
        self.typing = False
        self.editor = Input(placeholder="Gõ giá trị, Enter để lưu", id="editor", disabled=True)
        self.editor.can_focus = False

    def compose(self) -> ComposeResult:
        yield Static(f"Biểu mẫu {self.form['number']}: {self.form['title']}", id="title")
        yield Table(id="rows", cursor_type="row")
        yield Static("", id="row-detail")
        yield self.editor
        yield Static("", id="finding-line")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#title").add_class("screen-title")
        table = self.query_one(Table)
        label = max(16, self.size.width - sum(WIDTHS.values()) - 2 * 5 - 5)
        for col in ("stt", "label", "unit", "value", "note"):
            table.add_column(col, key=col, width=WIDTHS.get(col, label))
        for row in self.rows:
            table.add_row(
                Text(row["stt"]),
                Text(row["label"]),
                Text(row["unit"]),
                Text(row["value"]),
                Text(""),
                key=row["key"],
            )
        table.move_cursor(row=self.next_row(-1))
        table.focus()
        self.detail()

    def next_row(self, index: int) -> int:
        for i in range(index + 1, len(self.rows)):
            if self.rows[i]["editable"]:
                return i
        return index

    def detail(self) -> None:
        row = self.rows[self.query_one(Table).cursor_row]
        self.query_one("#row-detail", Static).update(f"{row['stt']} {row['label']}")
        self.query_one("#finding-line", Static).update("")

    def type(self, char: str) -> None:
        if not self.typing:
            self.typing = True
            self.editor.disabled = False
            self.editor.value = ""
        self.editor.value += char

    def commit(self) -> None:
        table = self.query_one(Table)
        row = self.rows[table.cursor_row]
        value = self.editor.value
        self.editor.value = ""
        self.editor.disabled = True
        self.typing = False
        title = f"Biểu mẫu {self.form['number']} · Đã lưu {row['key']} = {value}"
        self.query_one("#title", Static).update(title)
        table.update_cell(row["key"], "value", Text(value))
        table.move_cursor(row=self.next_row(table.cursor_row))
        self.detail()


if __name__ == "__main__":
    Reference(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))).run()
