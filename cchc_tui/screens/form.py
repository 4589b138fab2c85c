"""Form editor (Biểu mẫu): heads-down entry with inline validation and immediate commit.

Opening a form focuses its first editable row. Typing starts editing that row; Enter confirms
(parsed, validated, committed at once) and moves to the next editable row; Esc cancels.
Derived rows and group headings are read-only and update as their inputs change. A finding
shows on its row at once and in full under the table.

Type-ahead is exact (issue 11): the table keeps the focus the whole time and every key reaches
it in the order typed; the editor line under the table only shows what is being typed. There
is no focus hand-over between the table and an editor, so a key typed while a commit or a
redraw is in flight cannot land in the wrong widget: "123⏎456⏎" always stores 123 on one row
and 456 on the next.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from cchc_tui import messages as msg
from cchc_tui.domain.validation import Finding
from cchc_tui.domain.values import CellError, format_cell
from cchc_tui.screens.base import show_failures
from cchc_tui.screens.keying import CHECK_EVERY, IdleCollector
from cchc_tui.screens.part import PartScreen
from cchc_tui.service.workspace import ReportWorkspace
from cchc_tui.template.loader import IndicatorInfo
from cchc_tui.template.model import RowKind
from cchc_tui.widgets.footer import KeysFooter
from cchc_tui.widgets.form_table import FormTable
from cchc_tui.widgets.nfc import NfcInput

_FIXED_WIDTHS = {"stt": 6, "unit": 9, "value": 11, "previous": 9, "note": 10}


class FormScreen(PartScreen):
    """Edit the values and notes of one form."""

    part_kind = "form"
    BINDINGS = [
        Binding("escape", "back", msg.KEY_BACK, id="form.back"),
        Binding("ctrl+g", "note", msg.KEY_NOTE, id="form.note"),
        Binding("f5", "pick_code", msg.KEY_PICK, id="form.pick"),
    ]
    """Keys of the form editor (see also the table's keys)."""

    def __init__(
        self, workspace: ReportWorkspace, form_key: str, target: str | None = None
    ) -> None:
        super().__init__(workspace)
        self.part_key = form_key
        self.form = workspace.form(form_key)
        self.rows: list[IndicatorInfo] = workspace.form_indicators(self.form)
        self.target = target
        self.editing: str | None = None
        self._told: str | None = None
        """The row whose "cannot be typed here" was said last (said again on another row)."""
        self._shown: dict[tuple[str, str], str] = {}
        """The text of each value and note cell as drawn (what a redraw is compared with)."""
        self._by_key: dict[str, IndicatorInfo] = {info.key: info for info in self.rows}
        self._collector = IdleCollector()

    def compose(self) -> ComposeResult:
        title = msg.FORM_TITLE.format(number=self.form.number, title=self.form.title)
        yield Static(title, id="title", classes="screen-title", markup=False)
        yield FormTable(id="rows", cursor_type="row")
        yield Static("", id="row-detail", markup=False)
        editor = NfcInput(
            placeholder=msg.FORM_PROMPT, id="editor", disabled=True, select_on_focus=False
        )
        editor.can_focus = False  # it shows the typing; the table owns every key
        yield editor
        yield Static("", id="finding-line", markup=False)
        yield KeysFooter()

    # --- building the table ---------------------------------------------------------------

    def _columns(self) -> list[str]:
        cols = ["stt", "label", "unit", "value"]
        if self.workspace.previous:
            cols.append("previous")
        return [*cols, "note"]

    def on_mount(self) -> None:
        table = self.query_one("#rows", FormTable)
        names = dict(zip(("stt", "label", "unit", "value", "note"), msg.FORM_COLUMNS, strict=True))
        names["previous"] = msg.FORM_PREVIOUS_COLUMN
        columns = self._columns()
        fixed = sum(_FIXED_WIDTHS[c] for c in columns if c != "label")
        label_width = max(16, self.app.size.width - fixed - 2 * len(columns) - 5)
        for col in columns:
            table.add_column(names[col], key=col, width=_FIXED_WIDTHS.get(col, label_width))
        for info in self.rows:
            cells = [self._cell(info, col) for col in columns]
            for col, cell in zip(columns, cells, strict=True):
                if col in ("value", "note"):
                    self._shown[(info.key, col)] = str(cell)
            table.add_row(*cells, key=info.key)
        start = self._row_index(self.target) if self.target else self._next_editable(-1)
        table.move_cursor(row=start if start is not None else 0)
        table.focus()
        self._show_row_detail()
        # Heads-down keying (issue 11): what the form holds is frozen, the older generations
        # are collected while the keyboard is idle, never inside an Enter (screens.keying).
        self._collector.start()
        self.set_interval(CHECK_EVERY, self._collector.tick)

    def on_unmount(self) -> None:
        self._collector.stop()

    def _row_index(self, key: str | None) -> int | None:
        for i, info in enumerate(self.rows):
            if info.key == key:
                return i
        return None

    def _next_editable(self, index: int) -> int | None:
        for i in range(index + 1, len(self.rows)):
            if self.rows[i].editable:
                return i
        return None

    def _cell(self, info: IndicatorInfo, col: str) -> object:
        row = info.indicator
        ws = self.workspace
        if col == "stt":
            return Text(row.stt, style="bold" if row.group else "")
        if col == "label":
            return Text("  " * info.depth + row.label, style="bold" if row.group else "")
        if col == "unit":
            return Text(
                row.unit_of_measure if row.kind is not RowKind.CODE else msg.KEY_PICK.lower()
            )
        if col == "previous":
            return Text(format_cell(row, ws.previous.get(info.key)))
        if col == "note":
            return Text(ws.report.notes.get(info.key, ""))
        findings = ws.result.for_key(info.key)
        text = Text(ws.result.display(info), style="italic" if info.derive else "")
        if any(f.is_error for f in findings):
            text.append(" !", style="bold red")
        elif findings:
            text.append(" ?", style="bold yellow")
        return text

    def _refresh_cells(self, keys: Iterable[str] | None = None) -> None:
        """Update only the cells whose text changed (each redraw is costly on old PCs), of the
        rows ``keys`` (default: those the last change may have moved, ``workspace.changed``;
        every row when it does not say)."""
        if keys is None:
            keys = self.workspace.changed
        rows = self.rows if keys is None else [self._by_key[k] for k in keys if k in self._by_key]
        table = self.query_one("#rows", FormTable)
        for info in rows:
            for col in ("value", "note"):
                cell = self._cell(info, col)
                text = str(cell)
                if self._shown.get((info.key, col)) != text:
                    self._shown[(info.key, col)] = text
                    table.update_cell(info.key, col, cell)

    # --- the detail lines -----------------------------------------------------------------

    def _current(self) -> IndicatorInfo | None:
        table = self.query_one("#rows", FormTable)
        if not self.rows:
            return None
        return self.rows[table.cursor_row]

    def _show_row_detail(self) -> None:
        info = self._current()
        detail = self.query_one("#row-detail", Static)
        line = self.query_one("#finding-line", Static)
        if info is None:
            return
        row = info.indicator
        text = f"{row.stt} {row.label} {row.hint}".strip()
        if row.kind is RowKind.CODE:
            text += " — " + msg.FORM_CODES.format(
                codes="; ".join(f"{c} = {label}" for c, label in sorted(row.codes.items()))
            )
        elif info.derive:
            text += " — " + msg.FORM_DERIVED.format(refs=_refs(info))
        elif row.unit_of_measure:
            text += f" ({row.unit_of_measure})"
        detail.update(text)
        findings = self.workspace.result.for_key(info.key)
        line.set_class(any(f.is_error for f in findings), "-error")
        line.update(self._finding_text(findings))

    def _finding_text(self, findings: list[Finding]) -> str:
        parts = []
        for f in findings:
            part = f"{msg.SEVERITY_LABELS[str(f.severity)]}: {f.message}"
            if f.expected:
                part += " " + msg.FORM_EXPECTED.format(expected=f.expected)
            explanation = self.workspace.report.explanations.get(f.id)
            if explanation:
                part += " " + msg.FORM_EXPLAINED.format(text=explanation)
            parts.append(part)
        return " | ".join(parts)

    @on(DataTable.RowHighlighted, "#rows")
    def _highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self._told = None
        if self.editing is None:
            self._show_row_detail()

    # --- editing --------------------------------------------------------------------------

    @on(FormTable.Typed)
    def _typed(self, event: FormTable.Typed) -> None:
        self._collector.key()
        editor = self.query_one("#editor", NfcInput)
        if event.action == "cancel":
            self.action_back()
        elif event.action == "confirm":
            if self.editing is not None:
                self._commit(self.editing, editor.value)
        elif self.editing is None:
            if not event.action:
                self._start_edit(event.text)
        elif event.action == "backspace":
            editor.value = editor.value[:-1]
        else:
            editor.value += event.text

    @on(DataTable.RowSelected, "#rows")
    def _selected(self, _event: DataTable.RowSelected) -> None:
        info = self._current()
        if info is None:
            return
        if info.kind is RowKind.CODE and info.editable:
            self.action_pick_code()
            return
        value = self.workspace.report.values.get(info.key)
        self._start_edit("" if value is None else format_cell(info.indicator, value))

    def _start_edit(self, text: str) -> None:
        info = self._current()
        if info is None:
            return
        if self.locked or not info.editable:
            self.query_one("#rows", FormTable).typing = False
            if self.locked:
                reason = self.locked_reason
            elif not info.holds_value:
                reason = msg.FORM_HEADING
            else:
                reason = msg.FORM_DERIVED.format(refs=_refs(info))
            if self._told != info.key:  # one message per row, not one per key typed on it
                self._told = info.key
                self.notify(reason, severity="warning", markup=False)
            return
        editor = self.query_one("#editor", NfcInput)
        editor.disabled = False
        editor.value = text
        editor.remove_class("-invalid")
        self.editing = info.key
        self.query_one("#rows", FormTable).typing = True

    @show_failures
    def _commit(self, key: str, text: str) -> None:
        """Parse, check and commit ``text`` for row ``key``; on success go to the next row."""
        try:
            value = self.workspace.enter_value(key, text)
        except CellError as err:
            self.query_one("#editor", NfcInput).add_class("-invalid")
            line = self.query_one("#finding-line", Static)
            line.add_class("-error")
            line.update(str(err))
            return
        self._end_edit()
        info = self.workspace.template.indicators[key]
        if value is None:
            self._set_status(msg.FORM_CLEARED.format(key=key))
        else:
            self._set_status(
                msg.FORM_SAVED.format(key=key, value=format_cell(info.indicator, value))
            )
        self._refresh_cells()
        table = self.query_one("#rows", FormTable)
        has_error = any(f.is_error for f in self.workspace.result.for_key(key))
        nxt = None if has_error else self._next_editable(table.cursor_row)
        if nxt is not None:  # stay on a row whose new value is an error, so it shows below
            table.move_cursor(row=nxt)
        self._show_row_detail()

    def _set_status(self, status: str) -> None:
        """Show the last confirmation in the title bar (short enough for 80 columns)."""
        text = msg.FORM_STATUS_TITLE.format(number=self.form.number, status=status)
        self.query_one("#title", Static).update(text)

    def _end_edit(self) -> None:
        editor = self.query_one("#editor", NfcInput)
        editor.value = ""
        editor.disabled = True
        editor.remove_class("-invalid")
        self.editing = None
        self.query_one("#rows", FormTable).typing = False

    def action_back(self) -> None:
        """Esc: cancel the edit in progress, or go back to the outline."""
        if self.editing is not None:
            self._end_edit()
            self._show_row_detail()
            return
        super().action_back()

    @on(FormTable.ClearValue)
    @show_failures
    def _clear(self, _event: FormTable.ClearValue) -> None:
        info = self._current()
        if info is None or not info.holds_value or self.locked:
            return
        if info.key not in self.workspace.report.values:
            return  # nothing typed here (a derived row without a printed value)
        self.workspace.enter_value(info.key, "")
        if info.derive is not None:
            # The printed value of a derived row is dropped: the derived value stands.
            value = self.workspace.result.display(info)
            self.notify(msg.FORM_PRINTED_CLEARED.format(key=info.key, value=value), markup=False)
            self._set_status(msg.FORM_PRINTED_CLEARED.format(key=info.key, value=value))
        else:
            self._set_status(msg.FORM_CLEARED.format(key=info.key))
        self._refresh_cells()
        self._show_row_detail()

    # --- code pick and note -----------------------------------------------------------------

    def action_pick_code(self) -> None:
        """Choose a code row's value from its labelled list."""
        info = self._current()
        if info is None or info.kind is not RowKind.CODE or not info.editable:
            return
        if self.locked:
            self.notify(self.locked_reason, severity="warning")
            return
        from cchc_tui.screens.pick import CodePickScreen

        current = self.workspace.report.values.get(info.key)

        def picked(code: int | None) -> None:
            if code is not None:
                self._commit(info.key, str(code))

        self.app.push_screen(
            CodePickScreen(
                msg.FORM_PICK_TITLE.format(stt=info.indicator.stt or info.key),
                info.indicator.codes,
                current if isinstance(current, int) else None,
            ),
            picked,
        )

    def action_note(self) -> None:
        """Write or change the note (ghi chú) of the current row."""
        info = self._current()
        if info is None or not info.holds_value:
            return
        if self.locked:
            self.notify(self.locked_reason, severity="warning")
            return
        from cchc_tui.screens.prompt import TextPromptScreen

        @show_failures
        def saved(_screen: FormScreen, text: str | None) -> None:
            if text is None:
                return
            self.workspace.set_note(info.key, text)
            self._set_status(msg.FORM_NOTE_SAVED.format(key=info.key))
            self._refresh_cells([info.key])

        self.app.push_screen(
            TextPromptScreen(
                msg.FORM_NOTE_TITLE.format(stt=info.indicator.stt or info.key),
                self.workspace.report.notes.get(info.key, ""),
            ),
            lambda text: saved(self, text),
        )


def _refs(info: IndicatorInfo) -> str:
    """The rows a derived row is computed from, as printed in this form ("2.1, 2.2")."""
    refs = info.derive.refs if info.derive is not None else ()
    return ", ".join(ref.part if ref.form == info.form.key else ref for ref in refs)
