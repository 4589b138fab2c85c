"""Modal: sign-off — readiness, signer, number and date, the unit's key passphrase.

Shows what is missing when the report is not ready, and — when this computer lacks the key of
the unit's earlier signed revisions (issue 10) — why it cannot sign, with the key change. Signing
(key creation, lock) runs in a worker thread so typing never blocks.
"""

from __future__ import annotations

from datetime import date

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static
from textual.worker import Worker

from cchc_tui import messages as msg
from cchc_tui.domain.documents import DocumentError, format_vn_date, parse_vn_date
from cchc_tui.screens.base import FieldsModal
from cchc_tui.service.reports import SignOffRequest
from cchc_tui.service.workspace import ReportWorkspace
from cchc_tui.widgets.nfc import NfcInput


class SignoffScreen(FieldsModal[bool]):
    """Sign the open report off; dismisses with whether it was signed."""

    BINDINGS = [Binding("escape", "cancel", msg.KEY_CANCEL, id="signoff.cancel")]
    """Keys of the dialog."""

    def __init__(self, workspace: ReportWorkspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.readiness = workspace.readiness()
        self._read_key()

    def _read_key(self) -> None:
        self.first_key = self.workspace.first_signoff
        self.key_problem = self.workspace.key_state().problem()

    def compose(self) -> ComposeResult:
        report = self.workspace.report
        with VerticalScroll(classes="dialog"):
            yield Static(msg.SIGN_TITLE, classes="screen-title")
            if self.readiness.ready and self.key_problem:
                # Issue 10: this PC lacks the key of the unit's signed revisions.
                yield Static(self.key_problem, id="key-problem", markup=False)
                with Horizontal(classes="buttons"):
                    yield Button(msg.SIGN_CHANGE_KEY, id="change-key", variant="primary")
                    yield Button(msg.SIGN_CLOSE, id="cancel")
                return
            if not self.readiness.ready:
                yield Static(self.readiness.summary(), markup=False)
                with Horizontal(classes="buttons"):
                    yield Button(msg.SIGN_CLOSE, id="cancel", variant="primary")
                return
            yield Static(msg.SIGN_READY, markup=False)
            yield Label(msg.SIGN_SIGNER, classes="field-label")
            yield NfcInput(report.signature.name, id="signer")
            yield Label(msg.SIGN_SIGNER_TITLE, classes="field-label")
            titles = list(msg.SIGNER_TITLES)
            current = report.signature.title if report.signature.title in titles else titles[0]
            yield Select([(t, t) for t in titles], value=current, allow_blank=False, id="title")
            yield Label(msg.SIGN_NUMBER, classes="field-label")
            yield Input(report.header.number or "", id="number")
            yield Label(msg.SIGN_DATE, classes="field-label")
            yield Input(format_vn_date(report.header.date or date.today()), id="date")
            yield Label(msg.SIGN_PASSPHRASE, classes="field-label")
            yield Input(password=True, id="passphrase")
            if self.first_key:
                yield Label(msg.SIGN_PASSPHRASE_AGAIN, classes="field-label")
                yield Input(password=True, id="passphrase2")
                yield Static(msg.SIGN_PASSPHRASE_RULE, classes="hint", markup=False)
            yield Static(msg.SIGN_WARNING_LOCK, classes="hint", markup=False)
            yield Static("", id="error", classes="error-line", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(msg.SIGN_BUTTON, id="sign", variant="primary")
                yield Button(msg.KEY_CANCEL, id="cancel")

    def on_mount(self) -> None:
        self.add_class("modal")
        inputs = self.query(Input)
        if inputs:
            inputs.first().focus()
        else:
            self.query_one("#cancel", Button).focus()

    def fields_done(self) -> None:
        """Enter in the last field signs."""
        self._sign()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "sign":
            self._sign()
        elif event.button.id == "change-key":
            self._change_key()
        else:
            self.dismiss(False)

    def _change_key(self) -> None:
        from cchc_tui.screens.keychange import KeyChangeScreen

        async def done(changed: bool | None) -> None:
            if changed:
                self._read_key()
                await self.recompose()
                self.on_mount()

        self.app.push_screen(KeyChangeScreen(self.workspace), done)

    def _error(self, text: str) -> None:
        self.query_one("#error", Static).update(text)

    def _sign(self) -> None:
        passphrase = self.query_one("#passphrase", Input).value
        if self.first_key and passphrase != self.query_one("#passphrase2", Input).value:
            self._error(msg.SIGN_PASSPHRASE_MISMATCH)
            return
        try:
            report_date = parse_vn_date(self.query_one("#date", Input).value)
        except DocumentError as err:
            self._error(str(err))
            return
        self._error(msg.SIGN_WORKING)
        self.query_one("#sign", Button).disabled = True
        self._run_signoff(
            SignOffRequest(
                signer_name=self.query_one("#signer", Input).value,
                signer_title=str(self.query_one("#title", Select).value),
                passphrase=passphrase,
                number=self.query_one("#number", Input).value.strip() or None,
                report_date=report_date,
            )
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group="signoff")
    def _run_signoff(self, request: SignOffRequest) -> None:
        """Check, make or open the key, lock (failures: :meth:`work_failed`)."""
        ws = self.workspace
        ws.service.sign_off(ws.report_id, request)
        self.app.call_from_thread(self._done, request.signer_name, request.signer_title)

    def work_failed(self, worker: Worker[object], text: str) -> None:
        """Nothing was signed: say why in the dialog and let the officer try again."""
        self._error(text)
        self.query_one("#sign", Button).disabled = False

    def _done(self, signer: str, title: str) -> None:
        self.workspace.reload()
        self.notify(
            msg.SIGN_DONE.format(
                id=self.workspace.report_id,
                revision=self.workspace.revision,
                title=title,
                name=signer,
            ),
            markup=False,
        )
        self.dismiss(True)

    def action_cancel(self) -> None:
        """Close without signing."""
        self.dismiss(False)
