"""Modal: a yes/no question (e.g. before deleting a document)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from cchc_tui import messages as msg
from cchc_tui.screens.base import CchcModal


class ConfirmScreen(CchcModal[bool]):
    """Ask a question; dismisses with ``True`` for yes."""

    BINDINGS = [Binding("escape", "no", msg.CONFIRM_NO, id="confirm.no")]
    """Keys of the dialog (Tab between the buttons, Enter to press)."""

    def __init__(self, question: str, yes: str = msg.CONFIRM_YES) -> None:
        super().__init__()
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, markup=False)
            with Horizontal(classes="buttons"):
                yield Button(self.yes, id="yes", variant="error")
                yield Button(msg.CONFIRM_NO, id="no")

    def on_mount(self) -> None:
        self.add_class("modal")
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_no(self) -> None:
        """Answer no."""
        self.dismiss(False)
