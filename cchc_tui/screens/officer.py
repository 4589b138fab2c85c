"""Modal: who is working (name and post), recorded with every change."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from cchc_tui import messages as msg
from cchc_tui.screens.base import FieldsModal, cchc


class OfficerScreen(FieldsModal[bool]):
    """Edit the officer's name and post; dismisses with whether anything was saved."""

    BINDINGS = [Binding("escape", "cancel", msg.KEY_CANCEL, id="officer.cancel")]
    """Keys of the dialog."""

    def compose(self) -> ComposeResult:
        settings = cchc(self).settings
        with Vertical(classes="dialog"):
            yield Static(msg.OFFICER_TITLE, classes="screen-title")
            yield Label(msg.OFFICER_NAME, classes="field-label")
            yield Input(settings.officer_name, id="name")
            yield Label(msg.OFFICER_POST, classes="field-label")
            yield Input(settings.officer_post, id="post")
            yield Static(msg.OFFICER_HINT, classes="hint")
            with Horizontal(classes="buttons"):
                yield Button(msg.KEY_SAVE, id="save", variant="primary")
                yield Button(msg.KEY_CANCEL, id="cancel")

    def on_mount(self) -> None:
        self.add_class("modal")

    def fields_done(self) -> None:
        """Enter in the last field saves."""
        self._save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self._save()
        else:
            self.dismiss(False)

    def _save(self) -> None:
        settings = cchc(self).settings.changed(
            officer_name=self.query_one("#name", Input).value.strip(),
            officer_post=self.query_one("#post", Input).value.strip(),
        )
        cchc(self).update_settings(settings)
        self.notify(msg.OFFICER_SAVED)
        self.dismiss(True)

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(False)
