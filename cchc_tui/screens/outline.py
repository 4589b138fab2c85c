"""Report outline: every narrative section, form and the appendix with state and counts."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from cchc_tui import messages as msg
from cchc_tui.screens.base import CchcScreen, show_failures
from cchc_tui.screens.commands import ReportCommands
from cchc_tui.service.workspace import PartKind, ReportPart, ReportWorkspace


class OutlineScreen(CchcScreen[None]):
    """The outline of one report; Enter opens the selected part."""

    COMMANDS = {ReportCommands}
    BINDINGS = [
        Binding("enter", "open", msg.KEY_OPEN, id="outline.open"),
        Binding("f4", "findings", msg.KEY_FINDINGS, id="outline.findings"),
        Binding("escape", "back", msg.KEY_BACK, id="outline.back"),
        Binding("f9", "signoff", msg.KEY_SIGNOFF, id="outline.signoff"),
        Binding("f6", "export", msg.KEY_EXPORT, id="outline.export"),
        Binding("ctrl+r", "reopen", msg.KEY_REOPEN, id="outline.reopen"),
        Binding("ctrl+d", "draft", msg.KEY_DRAFT, id="outline.draft"),
    ]
    """Keys of the outline."""

    def __init__(self, workspace: ReportWorkspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.items: list[ReportPart] = []

    def compose(self) -> ComposeResult:
        yield Static(self.workspace.title, classes="screen-title")
        yield Static("", id="summary", classes="status-line")
        yield DataTable(id="outline", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#outline", DataTable)
        widths = {"state": 10, "filled": 7, "errors": 3, "warnings": 5}
        title_width = max(20, self.app.size.width - sum(widths.values()) - 2 * 5 - 6)
        table.add_column(msg.OUTLINE_COLUMNS[0], key="title", width=title_width)
        for (key, width), label in zip(widths.items(), msg.OUTLINE_COLUMNS[1:], strict=True):
            table.add_column(label, key=key, width=width)
        self.refresh_view()

    def on_screen_resume(self) -> None:
        self.refresh_view()

    def refresh_view(self) -> None:
        """Re-read states and counts from the workspace."""
        ws = self.workspace
        overall = ws.result.overall
        status = msg.STATUS_LABELS.get(ws.status, ws.status)
        summary = msg.OUTLINE_SUMMARY.format(
            percent=overall.percent,
            errors=len(ws.result.errors),
            warnings=len(ws.result.warnings),
            status=status,
        )
        if ws.read_only:
            summary += " · " + msg.OUTLINE_RECEIVED
        elif ws.locked:
            summary += " · " + msg.OUTLINE_LOCKED
        self.query_one("#summary", Static).update(summary)
        table = self.query_one("#outline", DataTable)
        row = table.cursor_row
        table.clear()
        self.items = ws.outline()
        for item in self.items:
            filled = f"{item.filled}/{item.required}" if item.required else str(item.filled)
            table.add_row(
                item.title,
                msg.STATE_LABELS[item.state],
                filled,
                str(item.errors or ""),
                str(item.warnings or ""),
                key=f"{item.kind}:{item.key}",
            )
        table.move_cursor(row=min(row, len(self.items) - 1))
        table.focus()

    @on(DataTable.RowSelected, "#outline")
    def _selected(self, _event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        """Open the selected part of the report."""
        item = self.items[self.query_one("#outline", DataTable).cursor_row]
        self.open_item(item.kind, item.key)

    def action_findings(self) -> None:
        """Open the list of errors and warnings."""
        self.open_item(PartKind.FINDINGS, "findings")

    def action_back(self) -> None:
        """Back to the report list."""
        self.app.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Sign-off only for drafts; export and reopen only for signed reports of this unit's
        own database (never for a report received at the office)."""
        if action == "signoff":
            return self.workspace.can_sign
        if action in ("export", "reopen"):
            return self.workspace.can_reopen
        if action == "draft":
            return not self.workspace.read_only
        return True

    def action_signoff(self) -> None:
        """Check readiness and sign the report off."""
        from cchc_tui.screens.signoff import SignoffScreen

        def done(signed: bool | None) -> None:
            if signed:
                self.refresh_bindings()
                self.refresh_view()

        self.app.push_screen(SignoffScreen(self.workspace), done)

    def action_export(self) -> None:
        """Write the signed bundle to a USB stick."""
        from cchc_tui.screens.export import ExportScreen

        self.app.push_screen(ExportScreen(self.workspace))

    def action_draft(self) -> None:
        """Write the draft (Word and Excel marked DỰ THẢO) to print before signing."""
        from cchc_tui.screens.draft import DraftScreen

        self.app.push_screen(DraftScreen(self.workspace))

    def action_reopen(self) -> None:
        """Reopen a signed report as a new revision (asks for the reason)."""
        from cchc_tui.screens.prompt import TextPromptScreen

        @show_failures
        def done(_screen: OutlineScreen, reason: str | None) -> None:
            if not reason:
                return
            ws = self.workspace
            reopened = ws.service.reopen(ws.report_id, reason)
            self.notify(
                msg.REOPEN_DONE.format(
                    revision=reopened.revision, id=reopened.report_id, old=reopened.old_revision
                ),
                markup=False,
            )
            self.app.pop_screen()
            self.app.push_screen(OutlineScreen(ws.service.open_report(reopened.report_id)))

        title = msg.REOPEN_TITLE.format(revision=self.workspace.revision + 1)
        self.app.push_screen(
            TextPromptScreen(title, "", msg.REOPEN_HINT), lambda reason: done(self, reason)
        )

    def item_keys(self) -> list[tuple[str, str]]:
        """``(kind, key)`` of every part in template order (for next/previous)."""
        return [(i.kind, i.key) for i in self.items]

    @show_failures
    def open_item(
        self,
        kind: str,
        key: str,
        target: str | None = None,
        offset: int | None = None,
        end: int | None = None,
    ) -> None:
        """Show one part of the report above this outline (closing any other part first).

        Args:
            kind: ``section``, ``form``, ``appendix`` or ``findings``.
            key: section key, form key, ``appendix`` or ``findings``.
            target: a row key or sub-heading key to focus inside it.
            offset, end: in a sub-heading, the text to select (a finding's sentence).
        """
        from cchc_tui.screens.part import PartScreen

        while self.app.screen is not self:
            top = self.app.screen
            if isinstance(top, PartScreen):
                top.before_leave()
            self.app.pop_screen()
        self.app.push_screen(self._make(kind, key, target, offset, end))

    def _make(
        self,
        kind: str,
        key: str,
        target: str | None,
        offset: int | None = None,
        end: int | None = None,
    ) -> Screen[None]:
        ws = self.workspace
        if kind == PartKind.HEADER:
            from cchc_tui.screens.header import HeaderScreen

            return HeaderScreen(ws)
        if kind == PartKind.SECTION:
            from cchc_tui.screens.narrative import NarrativeScreen

            return NarrativeScreen(ws, key, target, offset, end)
        if kind == PartKind.FORM:
            from cchc_tui.screens.form import FormScreen

            return FormScreen(ws, key, target)
        if kind == PartKind.APPENDIX:
            from cchc_tui.screens.documents import DocumentsScreen

            return DocumentsScreen(ws)
        from cchc_tui.screens.findings import FindingsScreen

        return FindingsScreen(ws)

    def step(self, kind: str, key: str, delta: int) -> None:
        """Open the part ``delta`` places after (or before) ``kind:key``."""
        keys = self.item_keys()
        index = keys.index((kind, key)) + delta
        if 0 <= index < len(keys):
            self.open_item(*keys[index])
