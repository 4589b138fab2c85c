"""Documents appendix editor: the documents issued in the period, sorted by date."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static

from cchc_tui import messages as msg
from cchc_tui.domain.documents import format_vn_date
from cchc_tui.domain.report import Document
from cchc_tui.domain.validation import document_key
from cchc_tui.screens.base import show_failures
from cchc_tui.screens.part import PartScreen
from cchc_tui.service.workspace import ReportWorkspace


class DocumentsScreen(PartScreen):
    """List, add, edit and delete the documents of the appendix."""

    part_kind = "appendix"
    part_key = "appendix"
    BINDINGS = [
        Binding("escape", "back", msg.KEY_BACK, id="docs.back"),
        Binding("ctrl+n,insert", "add", msg.KEY_ADD, id="docs.add"),
        Binding("enter", "edit", msg.KEY_EDIT, id="docs.edit"),
        Binding("delete", "delete", msg.KEY_DELETE, id="docs.delete"),
    ]
    """Keys of the appendix editor."""

    def __init__(self, workspace: ReportWorkspace) -> None:
        super().__init__(workspace)
        self.order: list[int] = []

    def compose(self) -> ComposeResult:
        appendix = self.workspace.template.template.appendix
        yield Static(
            appendix.title if appendix else msg.APPENDIX_TITLE,
            id="title",
            classes="screen-title",
            markup=False,
        )
        yield DataTable(id="docs", cursor_type="row")
        yield Static("", id="finding-line", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#docs", DataTable)
        widths = (10, 10, 16, max(20, self.app.size.width - 50))
        for label, width in zip(msg.DOCS_COLUMNS, widths, strict=True):
            table.add_column(label, width=width)
        self.refresh_view()

    def refresh_view(self, focus_index: int | None = None) -> None:
        """Re-list the documents by date; keep the cursor on ``focus_index`` if given."""
        table = self.query_one("#docs", DataTable)
        row = table.cursor_row
        table.clear()
        pairs = self.workspace.documents_by_date()
        self.order = [i for i, _ in pairs]
        for _i, doc in pairs:
            mark = " ?" if self.workspace.result.for_key(document_key(doc)) else ""
            table.add_row(format_vn_date(doc.date), doc.type, doc.number + mark, doc.summary)
        if focus_index is not None and focus_index in self.order:
            row = self.order.index(focus_index)
        if self.order:
            table.move_cursor(row=min(row, len(self.order) - 1))
        title = self.query_one("#title", Static)
        appendix = self.workspace.template.template.appendix
        base = appendix.title if appendix else msg.APPENDIX_TITLE
        title.update(f"{base} · {msg.DOCS_COUNT.format(count=len(self.order))}")
        table.focus()
        self._show_findings()

    def _selected(self) -> tuple[int, Document] | None:
        table = self.query_one("#docs", DataTable)
        if not self.order:
            return None
        index = self.order[table.cursor_row]
        return index, self.workspace.report.documents[index]

    @on(DataTable.RowHighlighted, "#docs")
    def _show_findings(self, _event: object = None) -> None:
        selected = self._selected()
        line = self.query_one("#finding-line", Static)
        if selected is None:
            line.update("")
            return
        findings = self.workspace.result.for_key(document_key(selected[1]))
        line.update(" | ".join(f.message for f in findings))

    @on(DataTable.RowSelected, "#docs")
    def _row_selected(self, _event: DataTable.RowSelected) -> None:
        self.action_edit()

    def _types(self) -> list[str]:
        appendix = self.workspace.template.template.appendix
        return [t.name for t in appendix.document_types] if appendix else []

    def _guard(self) -> bool:
        if self.locked:
            self.notify(self.locked_reason, severity="warning")
            return False
        return True

    def action_add(self) -> None:
        """Add a document."""
        if not self._guard():
            return
        from cchc_tui.screens.document_edit import DocumentEditScreen

        @show_failures
        def done(_screen: DocumentsScreen, doc: Document | None) -> None:
            if doc is None:
                return
            self.workspace.add_document(doc)
            self.notify(msg.DOC_SAVED.format(number=doc.number), markup=False)
            self.refresh_view(focus_index=len(self.workspace.report.documents) - 1)

        self.app.push_screen(DocumentEditScreen(self._types()), lambda d: done(self, d))

    def action_edit(self) -> None:
        """Edit the selected document."""
        selected = self._selected()
        if selected is None or not self._guard():
            return
        index, doc = selected
        from cchc_tui.screens.document_edit import DocumentEditScreen

        @show_failures
        def done(_screen: DocumentsScreen, new: Document | None) -> None:
            if new is None:
                return
            self.workspace.update_document(index, new)
            self.notify(msg.DOC_SAVED.format(number=new.number), markup=False)
            self.refresh_view(focus_index=index)

        self.app.push_screen(DocumentEditScreen(self._types(), doc), lambda d: done(self, d))

    def action_delete(self) -> None:
        """Delete the selected document after confirmation."""
        selected = self._selected()
        if selected is None or not self._guard():
            return
        index, doc = selected
        from cchc_tui.screens.confirm import ConfirmScreen

        @show_failures
        def done(_screen: DocumentsScreen, yes: bool | None) -> None:
            if not yes:
                return
            self.workspace.delete_document(index)
            self.notify(msg.DOC_DELETED.format(number=doc.number), markup=False)
            self.refresh_view()

        question = msg.DOC_CONFIRM_DELETE.format(number=doc.number, date=format_vn_date(doc.date))
        self.app.push_screen(ConfirmScreen(question), lambda yes: done(self, yes))
