"""Findings: every error and warning of the report, grouped by form/section; Enter jumps to
the row; a warning can be explained (kept, and shown to the signer and the receiving office).
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static

from cchc_tui import messages as msg
from cchc_tui.domain.validation import Finding
from cchc_tui.screens.base import show_failures
from cchc_tui.screens.part import PartScreen
from cchc_tui.service.workspace import ReportWorkspace


class FindingsScreen(PartScreen):
    """The list of findings of the open report."""

    part_kind = "findings"
    part_key = "findings"
    BINDINGS = [
        Binding("escape", "back", msg.KEY_BACK, id="findings.back"),
        Binding("enter", "jump", msg.KEY_JUMP, id="findings.jump"),
        Binding("ctrl+e", "explain", msg.KEY_EXPLAIN, id="findings.explain"),
        Binding("ctrl+l", "link", msg.KEY_LINK_FINDING, id="findings.link", show=False),
    ]
    """Keys of the findings list."""

    def __init__(self, workspace: ReportWorkspace) -> None:
        super().__init__(workspace)
        self.lines: list[Finding | None] = []

    def compose(self) -> ComposeResult:
        yield Static(msg.FINDINGS_TITLE, id="title", classes="screen-title")
        yield DataTable(id="findings", cursor_type="row")
        yield Static("", id="finding-line", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#findings", DataTable)
        widths = (8, 14, max(20, self.app.size.width - 46), 12)
        for label, width in zip(msg.FINDINGS_COLUMNS, widths, strict=True):
            table.add_column(label, width=width)
        self.refresh_view()

    def on_screen_resume(self) -> None:
        self.refresh_view()

    def refresh_view(self) -> None:
        """Re-list the findings grouped by where they are."""
        ws = self.workspace
        table = self.query_one("#findings", DataTable)
        row = table.cursor_row
        table.clear()
        self.lines = []
        location = None
        findings = ws.findings()
        for finding in findings:
            if finding.part != location:
                location = finding.part
                table.add_row("", "", Text(ws.part_title(location), style="bold"), "")
                self.lines.append(None)
            severity = msg.SEVERITY_LABELS[str(finding.severity)]
            style = "bold red" if finding.is_error else "yellow"
            table.add_row(
                Text(severity, style=style),
                finding.shown_key,
                finding.message,
                ws.report.explanations.get(finding.id, ""),
            )
            self.lines.append(finding)
        explained = sum(1 for f in findings if f.id in ws.report.explanations)
        title = msg.FINDINGS_SUMMARY.format(
            errors=len(ws.result.errors), warnings=len(ws.result.warnings), explained=explained
        )
        self.query_one("#title", Static).update(f"{msg.FINDINGS_TITLE} · {title}")
        if not findings:
            self.query_one("#finding-line", Static).update(msg.FINDINGS_NONE)
            return
        first = next(i for i, f in enumerate(self.lines) if f is not None)
        table.move_cursor(row=max(first, min(row, len(self.lines) - 1)))
        table.focus()
        self._show_detail()

    def _current(self) -> Finding | None:
        table = self.query_one("#findings", DataTable)
        if not self.lines:
            return None
        return self.lines[table.cursor_row]

    @on(DataTable.RowHighlighted, "#findings")
    def _show_detail(self, _event: object = None) -> None:
        finding = self._current()
        line = self.query_one("#finding-line", Static)
        if finding is None:
            line.update("")
            return
        text = f"{finding.key}: {finding.message}"
        if finding.expected:
            text += " " + msg.FORM_EXPECTED.format(expected=finding.expected)
        explanation = self.workspace.report.explanations.get(finding.id)
        if explanation:
            text += " " + msg.FORM_EXPLAINED.format(text=explanation)
        line.update(text)

    @on(DataTable.RowSelected, "#findings")
    def _selected(self, _event: DataTable.RowSelected) -> None:
        self.action_jump()

    def action_jump(self) -> None:
        """Open the row, sub-heading or document of the selected finding."""
        finding = self._current()
        outline = self._outline()
        if finding is None or outline is None:
            return
        place = self.workspace.finding_target(finding)
        outline.open_item(place.kind, place.key, place.target, place.offset, place.end)

    @show_failures
    def action_link(self) -> None:
        """Replace the figure of the selected narrative warning by a live figure of its row."""
        finding = self._current()
        if finding is None:
            return
        if self.workspace.locked:
            self.notify(self.workspace.locked_reason, severity="warning")
            return
        row = self.workspace.link_finding(finding)
        self.notify(msg.LINK_FROM_FINDING.format(key=row))
        self.refresh_view()

    def action_explain(self) -> None:
        """Explain the selected warning."""
        finding = self._current()
        if finding is None:
            return
        if finding.is_error:  # said at once; the rule itself is the workspace's
            self.notify(msg.EXPLAIN_ONLY_WARNINGS, severity="warning")
            return
        if self.workspace.finding_locked(finding):
            place = self.workspace.finding_target(finding)
            self.notify(
                self.workspace.part_locked_reason(place.kind, place.key), severity="warning"
            )
            return
        from cchc_tui.screens.prompt import TextPromptScreen

        @show_failures
        def done(_screen: FindingsScreen, text: str | None) -> None:
            if text is None:
                return
            self.workspace.explain(finding.id, text)
            self.notify(msg.EXPLAIN_SAVED)
            self.refresh_view()

        self.app.push_screen(
            TextPromptScreen(
                msg.EXPLAIN_TITLE + ": " + finding.key,
                self.workspace.report.explanations.get(finding.id, ""),
                msg.EXPLAIN_HINT,
            ),
            lambda text: done(self, text),
        )
