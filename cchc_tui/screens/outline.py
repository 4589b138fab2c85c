"""Report outline: every narrative section, form and the appendix with state and counts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from cchc_tui import messages as msg
from cchc_tui.screens.base import CchcScreen, show_failures
from cchc_tui.screens.commands import ReportCommands
from cchc_tui.service.workspace import PartKind, ReportPart, ReportWorkspace

Progress = Callable[[str, int, int], None]
OWNER_WIDTH = 15
"""Characters of the "Phụ trách" column: a given name and the stage ("Hoa·đã gửi")."""


def owner_cell(item: ReportPart) -> str:
    """Who has a part and how far it went ("An·đã gửi"; "của tôi" / "chỉ xem" on an
    officer's working copy)."""
    from cchc_tui.service.contributions import STAGE_MINE, STAGE_READ_ONLY, short_name

    if item.stage in (STAGE_MINE, STAGE_READ_ONLY):
        return msg.PROGRESS_STAGES[item.stage]
    if not item.owner:
        return ""
    stage = msg.PROGRESS_STAGES.get(item.stage, "")
    name = short_name(item.owner)
    return msg.PROGRESS_CELL.format(name=name, stage=stage) if stage else name


def progress_line(ws: ReportWorkspace, items: list[ReportPart], pending: int) -> str:
    """The outline's second summary line: how far the assignments went, or whose working
    copy this is; "" when nothing is assigned."""
    from cchc_tui.service.contributions import (
        STAGE_MERGED,
        STAGE_RETURNED,
        STAGE_SENT,
    )

    if ws.copy is not None:
        return msg.PROGRESS_WORKING_COPY.format(officer=ws.copy.officer)
    owned = [item for item in items if item.owner]
    if not owned:
        return ""
    stages = [item.stage for item in owned]
    sent = sum(s in (STAGE_SENT, STAGE_RETURNED, STAGE_MERGED) for s in stages)
    counts = {
        "assigned": len(owned),
        "sent": sent,
        "merged": stages.count(STAGE_MERGED),
        "conflicts": pending,
    }
    if ws.locked:
        return msg.PROGRESS_SUMMARY_LOCKED.format(**counts)
    if pending:
        return msg.PROGRESS_SUMMARY_CONFLICTS.format(**counts)
    if sent:
        return msg.PROGRESS_SUMMARY_SENT.format(**counts)
    return msg.PROGRESS_SUMMARY_ASSIGNED.format(**counts)


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
        Binding("f2", "assign", msg.KEY_ASSIGN, id="outline.assign"),
        Binding("f3", "packages", msg.KEY_PACKAGES, id="outline.packages"),
        Binding("f3", "contribute", msg.KEY_CONTRIB_EXPORT, id="outline.contribute"),
        Binding("ctrl+o", "receive", msg.KEY_CONTRIB_IMPORT, id="outline.receive"),
        Binding("ctrl+x", "conflicts", msg.KEY_CONFLICTS, id="outline.conflicts"),
        Binding("ctrl+l", "audit", msg.KEY_AUDIT, id="outline.audit", show=False),
    ]
    """Keys of the outline."""

    def __init__(self, workspace: ReportWorkspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.items: list[ReportPart] = []
        self._owner_column = False
        self._sent = False
        """Whether a package went out (so contributions may come back)."""
        self._pending = 0
        """Conflicts waiting for a decision."""
        """Whether the table shows who has each part (once any part is assigned)."""

    def compose(self) -> ComposeResult:
        yield Static(self.workspace.title, classes="screen-title")
        yield Static("", id="summary", classes="status-line")
        yield Static("", id="progress", classes="status-line", markup=False)
        yield DataTable(id="outline", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_view()

    def _columns(self, owners: bool) -> None:
        """(Re)make the table's columns; with ``owners``, "Phụ trách" before the state."""
        table = self.query_one("#outline", DataTable)
        table.clear(columns=True)
        widths = {"state": 10, "filled": 7, "errors": 3, "warnings": 5}
        if owners:
            widths = {"owner": OWNER_WIDTH, **widths}
        labels = dict(
            zip(("state", "filled", "errors", "warnings"), msg.OUTLINE_COLUMNS[1:], strict=True)
        )
        labels["owner"] = msg.PROGRESS_COLUMN
        count = len(widths) + 1
        title_width = max(20, self.app.size.width - sum(widths.values()) - 2 * count - 6)
        table.add_column(msg.OUTLINE_COLUMNS[0], key="title", width=title_width)
        for key, width in widths.items():
            table.add_column(labels[key], key=key, width=width)
        self._owner_column = owners

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
        self.items = ws.outline()
        from cchc_tui.service.contributions import STAGE_MERGED, STAGE_RETURNED, STAGE_SENT

        sent = any(i.stage in (STAGE_SENT, STAGE_RETURNED, STAGE_MERGED) for i in self.items)
        pending = ws.service.contributions.pending(ws.report_id) if ws.copy is None else 0
        if (sent, pending) != (self._sent, self._pending):
            self._sent, self._pending = sent, pending
            self.refresh_bindings()
        progress = progress_line(ws, self.items, pending)
        self.query_one("#summary", Static).update(summary)
        line = self.query_one("#progress", Static)
        line.update(progress)
        line.display = bool(progress)
        owners = ws.copy is not None or any(item.owner for item in self.items)
        if owners != self._owner_column or not self.query_one("#outline", DataTable).columns:
            self._columns(owners)
        table = self.query_one("#outline", DataTable)
        row = table.cursor_row
        table.clear()
        for item in self.items:
            filled = f"{item.filled}/{item.required}" if item.required else str(item.filled)
            cells = [
                item.title,
                msg.STATE_LABELS[item.state],
                filled,
                str(item.errors or ""),
                str(item.warnings or ""),
            ]
            if owners:
                cells.insert(1, owner_cell(item))
            table.add_row(*cells, key=f"{item.kind}:{item.key}")
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
        ws = self.workspace
        compiler = not ws.locked and ws.copy is None
        if action == "assign":
            return compiler
        if action == "receive":
            return compiler and self._sent
        if action == "conflicts":
            return compiler and self._pending > 0
        if action == "packages":
            return compiler and any(item.owner for item in self.items)
        if action == "contribute":
            return ws.copy is not None and not ws.locked
        return True

    # --- several officers (issue 16) ------------------------------------------------------

    def action_assign(self) -> None:
        """Assign the selected part to an officer (a name; empty: to nobody)."""
        from cchc_tui.screens.prompt import TextPromptScreen

        item = self.items[self.query_one("#outline", DataTable).cursor_row]
        if item.kind not in (PartKind.SECTION, PartKind.FORM, PartKind.APPENDIX):
            self.notify(msg.ASSIGN_NOT_PART, severity="warning")
            return
        ws = self.workspace
        known = ws.service.contributions.officers(ws.report_id)
        hint = msg.ASSIGN_HINT
        if known:
            hint += "\n" + msg.ASSIGN_KNOWN.format(officers=", ".join(known))

        @show_failures
        def done(_screen: OutlineScreen, name: str | None) -> None:
            if name is None:
                return
            part = ws.service.contributions.assign(ws.report_id, item.key, name or None)
            ws.reload()
            text = (
                msg.ASSIGN_DONE.format(part=part.key, officer=name)
                if name
                else (msg.ASSIGN_REMOVED.format(part=part.key))
            )
            self.notify(text, markup=False)
            self.refresh_view()
            self.refresh_bindings()

        self.app.push_screen(
            TextPromptScreen(msg.ASSIGN_TITLE.format(part=item.title), item.owner, hint),
            lambda name: done(self, name),
        )

    def action_packages(self) -> None:
        """ "Giao việc": write a package for every officer with parts into a USB folder."""
        from cchc_tui.exports.contribution import write_packages
        from cchc_tui.screens.contributions import UsbTaskScreen

        ws = self.workspace
        contributions = ws.service.contributions

        def task(folder: Path, progress: Progress) -> str:
            written = write_packages(contributions, ws.report_id, folder, progress=progress)
            lines = [
                msg.PACKAGE_WRITTEN.format(
                    officer=p.officer, parts=", ".join(p.parts), file=p.path.name
                )
                for p in written
            ]
            return "\n".join([*lines, msg.PACKAGE_DONE.format(count=len(written), folder=folder)])

        hint = msg.PACKAGE_FOR.format(officers=", ".join(contributions.officers(ws.report_id)))
        self.app.push_screen(
            UsbTaskScreen(msg.PACKAGE_TITLE, msg.PACKAGE_FOLDER, msg.PACKAGE_BUTTON, task, hint),
            self._after_usb,
        )

    def action_contribute(self) -> None:
        """On an officer's working copy: write their contribution into a USB folder."""
        from cchc_tui.exports.contribution import write_contribution
        from cchc_tui.screens.contributions import UsbTaskScreen

        ws = self.workspace

        def task(folder: Path, progress: Progress) -> str:
            progress(msg.CONTRIB_WORKING, 0, 1)
            path, draft = write_contribution(ws.service.contributions, ws.report_id, folder)
            return msg.CONTRIB_WRITTEN.format(
                sequence=draft.sequence, changed=draft.changed, file=path.name
            )

        self.app.push_screen(
            UsbTaskScreen(msg.CONTRIB_TITLE, msg.CONTRIB_FOLDER, msg.CONTRIB_BUTTON, task),
            self._after_usb,
        )

    def action_receive(self) -> None:
        """Receive the officers' contributions from a USB folder, merged one by one."""
        from cchc_tui.exports.contribution import (
            CONTRIBUTION_SUFFIX,
            find_files,
            import_contributions,
        )
        from cchc_tui.screens.contributions import UsbTaskScreen

        ws = self.workspace
        contributions = ws.service.contributions

        def task(folder: Path, progress: Progress) -> str:
            files, _missing = find_files([folder], CONTRIBUTION_SUFFIX)
            if not files:
                return msg.CONTRIB_NONE_FOUND.format(path=folder)
            lines = []
            for done, line in enumerate(import_contributions(contributions, files), 1):
                progress(
                    msg.CONTRIB_IMPORTING.format(done=done, total=len(files), file=line.file.name),
                    done,
                    len(files),
                )
                lines.append(line.text)
            pending = contributions.pending(ws.report_id)
            if pending:
                lines.append(msg.CONTRIB_SUMMARY_CONFLICTS.format(pending=pending))
            return "\n".join(lines)

        self.app.push_screen(
            UsbTaskScreen(
                msg.CONTRIB_IMPORT_TITLE,
                msg.CONTRIB_IMPORT_FOLDER,
                msg.KEY_CONTRIB_IMPORT,
                task,
                msg.CONTRIB_IMPORT_HINT,
            ),
            self._after_receive,
        )

    def _after_usb(self, _done: bool | None) -> None:
        self.workspace.reload()
        self.refresh_view()
        self.refresh_bindings()

    def _after_receive(self, _done: bool | None) -> None:
        self._after_usb(_done)
        if self.workspace.service.contributions.pending(self.workspace.report_id):
            self.action_conflicts()

    def action_conflicts(self) -> None:
        """Decide the conflicts the contributions raised (one keystroke each)."""
        from cchc_tui.screens.contributions import ConflictsScreen

        self.app.push_screen(ConflictsScreen(self.workspace))

    def action_audit(self) -> None:
        """The report's audit trail: who changed what, when."""
        from cchc_tui.screens.contributions import AuditScreen

        self.app.push_screen(AuditScreen(self.workspace))

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
