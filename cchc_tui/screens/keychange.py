"""Modal: change the unit's signing key (issue 10) — the reason, the old key's passphrase when
the old key is on this computer, the new passphrase twice.

Opened from the sign-off dialog when this computer lacks the key of the unit's earlier signed
revisions (or holds another one). The change runs in a worker thread (scrypt takes a fraction
of a second per key); the result says whether the office will accept the new key by itself or
must check its fingerprint by phone, and shows that fingerprint to be written down.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Static
from textual.worker import Worker

from cchc_tui import messages as msg
from cchc_tui.screens.base import FieldsModal
from cchc_tui.service.workspace import ReportWorkspace
from cchc_tui.widgets.nfc import NfcInput


class KeyChangeScreen(FieldsModal[bool]):
    """Replace the unit's signing key; dismisses with whether it was changed."""

    BINDINGS = [Binding("escape", "cancel", msg.KEY_CANCEL, id="keychange.cancel")]
    """Keys of the dialog."""

    def __init__(self, workspace: ReportWorkspace) -> None:
        super().__init__()
        self.workspace = workspace
        state = workspace.key_state()
        self.old_here = state.present is not None and state.present == (
            state.expected or state.present
        )
        self.changed = False

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static(msg.KEYCHANGE_TITLE, classes="screen-title")
            hint = msg.KEYCHANGE_HINT_SIGNED if self.old_here else msg.KEYCHANGE_HINT_UNSIGNED
            yield Static(hint, classes="hint", markup=False)
            yield Label(msg.KEYCHANGE_REASON, classes="field-label")
            yield NfcInput(id="reason", placeholder=msg.KEYCHANGE_REASON_PLACEHOLDER)
            if self.old_here:
                yield Label(msg.KEYCHANGE_OLD, classes="field-label")
                yield Input(password=True, id="old")
            yield Label(msg.KEYCHANGE_NEW, classes="field-label")
            yield Input(password=True, id="new")
            yield Label(msg.KEYCHANGE_NEW_AGAIN, classes="field-label")
            yield Input(password=True, id="new2")
            yield Static("", id="error", classes="error-line", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(msg.KEYCHANGE_BUTTON, id="change", variant="primary")
                yield Button(msg.SIGN_CLOSE, id="cancel")

    def on_mount(self) -> None:
        self.add_class("modal")
        self.query_one("#reason", Input).focus()

    def fields_done(self) -> None:
        """Enter in the last field changes the key."""
        self._change()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "change":
            self._change()
        else:
            self.dismiss(self.changed)

    def _say(self, text: str) -> None:
        self.query_one("#error", Static).update(text)

    def _change(self) -> None:
        if self.changed:
            self.dismiss(True)
            return
        new = self.query_one("#new", Input).value
        if new != self.query_one("#new2", Input).value:
            self._say(msg.SIGN_PASSPHRASE_MISMATCH)
            return
        old = self.query_one("#old", Input).value if self.old_here else None
        self._say(msg.KEYCHANGE_WORKING)
        self.query_one("#change", Button).disabled = True
        self._run_change(self.query_one("#reason", Input).value, new, old)

    @work(thread=True, exclusive=True, exit_on_error=False, group="keychange")
    def _run_change(self, reason: str, new: str, old: str | None) -> None:
        """Retire the old key, make the new one, record the statement."""
        done = self.workspace.change_key(reason, new, old)
        change = done.change
        text = msg.KEYCHANGE_DONE_SIGNED if change.signed else msg.KEYCHANGE_DONE_UNSIGNED
        shown = text.format(
            unit=change.unit_code, new=change.new_fingerprint, old=change.old_fingerprint
        )
        self.app.call_from_thread(self._done, shown)

    def _done(self, text: str) -> None:
        self.changed = True
        self._say(text)
        button = self.query_one("#change", Button)
        button.label = msg.SIGN_CLOSE
        button.disabled = False
        button.focus()

    def work_failed(self, worker: Worker[object], text: str) -> None:
        """Nothing was changed: say why and let the officer try again."""
        self._say(text)
        self.query_one("#change", Button).disabled = False

    def action_cancel(self) -> None:
        """Close."""
        self.dismiss(self.changed)
