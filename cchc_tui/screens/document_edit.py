"""Modal: add or edit one document of the appendix (type, number/symbol, date, summary)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from cchc_tui import messages as msg
from cchc_tui.domain.documents import DocumentError, format_vn_date, make_document
from cchc_tui.domain.report import Document
from cchc_tui.screens.base import FieldsModal
from cchc_tui.widgets.nfc import NfcInput

_FIELDS = ("number", "date", "summary")


class DocumentEditScreen(FieldsModal[Document | None]):
    """Edit a document; dismisses with the checked document, or ``None`` if cancelled."""

    BINDINGS = [Binding("escape", "cancel", msg.KEY_CANCEL, id="doc.cancel")]
    """Keys of the dialog."""

    def __init__(self, types: list[str], doc: Document | None = None) -> None:
        super().__init__()
        self.types = types
        self.doc = doc

    def compose(self) -> ComposeResult:
        doc = self.doc
        with Vertical(classes="dialog"):
            yield Static(msg.DOC_EDIT_TITLE, classes="screen-title")
            yield Label(msg.DOC_TYPE, classes="field-label")
            options = list(dict.fromkeys([*self.types, *([doc.type] if doc else [])]))
            yield Select(
                [(t, t) for t in options],
                value=doc.type if doc else options[0],
                allow_blank=False,
                id="type",
            )
            yield Label(msg.DOC_NUMBER, classes="field-label")
            yield NfcInput(doc.number if doc else "", id="number")
            yield Label(msg.DOC_DATE, classes="field-label")
            yield Input(format_vn_date(doc.date) if doc else "", id="date", restrict=r"[0-9/]*")
            yield Label(msg.DOC_SUMMARY, classes="field-label")
            yield NfcInput(doc.summary if doc else "", id="summary")
            yield Static("", id="error", classes="error-line", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(msg.DOC_SAVE, id="save", variant="primary")
                yield Button(msg.DOC_CANCEL, id="cancel")

    def on_mount(self) -> None:
        self.add_class("modal")
        self.query_one("#number", Input).focus()

    def fields_done(self) -> None:
        """Enter in the last field saves."""
        self._save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self._save()
        else:
            self.dismiss(None)

    def _save(self) -> None:
        try:
            doc = make_document(
                str(self.query_one("#type", Select).value),
                *(self.query_one(f"#{f}", Input).value for f in _FIELDS),
            )
        except DocumentError as err:
            self.query_one("#error", Static).update(str(err))
            if err.field in _FIELDS:
                self.query_one(f"#{err.field}", Input).focus()
            return
        self.dismiss(doc)

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)
