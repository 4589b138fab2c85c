"""The document's header ("Thông tin văn bản"): number and symbol, place and date, title, the
basis sentence, "Nơi nhận", the closing sentence and the signature block (TM. / KT. / Q.).

What is printed on page 1 and at the end of the Word report (Nghị định 30/2020/NĐ-CP, Phụ lục
I). Enter moves to the next field; Ctrl+S saves, and leaving the screen saves too. The problems
of the header (``domain.header``) are listed under the fields; errors block the sign-off.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Input, Label, Select, Static

from cchc_tui import messages as msg
from cchc_tui.domain.header import SIGN_AUTHORITIES
from cchc_tui.screens.base import show_failures
from cchc_tui.screens.part import PartScreen
from cchc_tui.service.workspace import HeaderForm, PartKind, ReportWorkspace
from cchc_tui.widgets.nfc import NfcInput, NfcTextArea

_INPUTS = (
    ("number", msg.HEADER_FIELD_NUMBER),
    ("symbol", msg.HEADER_FIELD_SYMBOL),
    ("place", msg.HEADER_FIELD_PLACE),
    ("date", msg.HEADER_FIELD_DATE),
    ("title", msg.HEADER_FIELD_TITLE),
)
_AREAS = (
    ("basis", msg.HEADER_FIELD_BASIS),
    ("recipients", msg.HEADER_FIELD_RECIPIENTS),
    ("closing", msg.HEADER_FIELD_CLOSING),
)
_SIGNER_INPUTS = (
    ("principal_title", msg.HEADER_FIELD_PRINCIPAL),
    ("signer_title", msg.HEADER_FIELD_SIGNER_TITLE),
    ("signer_name", msg.HEADER_FIELD_SIGNER_NAME),
)


class HeaderScreen(PartScreen):
    """Edit the header of the open report."""

    part_kind = PartKind.HEADER
    part_key = "header"
    BINDINGS = [
        Binding("escape", "back", msg.KEY_BACK, id="header.back"),
        Binding("ctrl+s", "save", msg.KEY_SAVE, id="header.save"),
    ]
    """Keys of the header screen (Tab and Enter move between fields)."""

    def __init__(self, workspace: ReportWorkspace) -> None:
        super().__init__(workspace)
        self.form = workspace.header_form()

    def compose(self) -> ComposeResult:
        form = self.form
        read_only = self.locked
        yield Static(msg.HEADER_PART_TITLE, id="title", classes="screen-title")
        with VerticalScroll(id="header-fields"):
            yield Static(msg.HEADER_SCREEN_HINT, classes="hint", markup=False)
            for name, label in _INPUTS:
                yield Label(label, classes="field-label")
                yield NfcInput(str(getattr(form, name)), id=_id(name), disabled=read_only)
            for name, label in _AREAS:
                yield Label(label, classes="field-label")
                text = "\n".join(form.recipients) if name == "recipients" else getattr(form, name)
                area = NfcTextArea(text, id=_id(name), soft_wrap=True, read_only=read_only)
                if name == "closing":
                    area.placeholder = form.default_closing
                yield area
            yield Label(msg.HEADER_FIELD_ON_BEHALF, classes="field-label")
            yield NfcInput(form.on_behalf, id=_id("on_behalf"), disabled=read_only)
            yield Label(msg.HEADER_FIELD_AUTHORITY, classes="field-label")
            yield Select(
                [(msg.HEADER_AUTHORITY_LABELS[a], a) for a in SIGN_AUTHORITIES],
                value=form.authority if form.authority in SIGN_AUTHORITIES else "",
                allow_blank=False,
                id=_id("authority"),
                disabled=read_only,
            )
            for name, label in _SIGNER_INPUTS:
                yield Label(label, classes="field-label")
                yield NfcInput(str(getattr(form, name)), id=_id(name), disabled=read_only)
            yield Static("", id="problems", classes="hint", markup=False)
        yield Static("", id="status", classes="status-line", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self._show_problems()
        if not self.locked:
            self.query_one(f"#{_id('number')}", NfcInput).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter: the next field."""
        self.focus_next()

    def _read(self) -> HeaderForm:
        """The fields as typed now."""

        def text(name: str) -> str:
            widget = self.query_one(f"#{_id(name)}")
            return widget.text if isinstance(widget, NfcTextArea) else widget.value  # type: ignore[attr-defined]

        authority = self.query_one(f"#{_id('authority')}", Select).value
        return HeaderForm(
            number=text("number"),
            symbol=text("symbol"),
            place=text("place"),
            date=text("date"),
            title=text("title"),
            basis=text("basis"),
            recipients=text("recipients").splitlines(),
            closing=text("closing"),
            on_behalf=text("on_behalf"),
            authority=authority if isinstance(authority, str) else "",
            principal_title=text("principal_title"),
            signer_title=text("signer_title"),
            signer_name=text("signer_name"),
        )

    @show_failures
    def action_save(self) -> None:
        """Save the header now (refused with the reason on a signed report)."""
        if self.locked:
            return
        changed = self.workspace.set_header(self._read())
        status = self.query_one("#status", Static)
        if changed:
            status.update(msg.HEADER_SAVED.format(count=len(changed)))
        else:
            status.update(msg.HEADER_UNCHANGED)
        self._show_problems()

    def _show_problems(self) -> None:
        problems = self.workspace.header_problems()
        lines = [
            msg.HEADER_PROBLEM_LINE.format(
                severity=msg.SEVERITY_LABELS[str(p.severity)], message=p.message
            )
            for p in problems
        ]
        text = "\n".join(lines) if lines else msg.HEADER_NO_PROBLEM
        if self.locked:
            text = f"{self.locked_reason}\n{text}"
        self.query_one("#problems", Static).update(text)

    def before_leave(self) -> None:
        """Save what is typed before the screen closes."""
        self.action_save()


def _id(field: str) -> str:
    """The widget id of a header field (``field-number``…)."""
    return f"field-{field}"
