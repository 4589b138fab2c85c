"""Modal: create a report — template, unit, receiving office, period with dates, number.

Also used to start the next period from an earlier report of the same unit (prefilled; the
earlier narrative is copied as a draft and its values are shown as "kỳ trước").
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static

from cchc_tui import messages as msg
from cchc_tui.screens.base import FieldsModal, cchc, show_failures
from cchc_tui.service.new_report import NewReportError, NewReportFields
from cchc_tui.template.loader import available_templates

_TEXT_FIELDS = (
    ("unit_code", msg.NEW_UNIT_CODE),
    ("unit_name", msg.NEW_UNIT_NAME),
    ("province", msg.NEW_PROVINCE),
    ("district", msg.NEW_DISTRICT),
    ("receiving_office", msg.NEW_OFFICE),
    ("period_code", msg.NEW_PERIOD_CODE),
    ("start", msg.NEW_START),
    ("end", msg.NEW_END),
    ("number", msg.NEW_NUMBER),
)


class NewReportScreen(FieldsModal[int | None]):
    """Ask for a new report; dismisses with the new report id, or ``None`` if cancelled."""

    BINDINGS = [Binding("escape", "cancel", msg.KEY_CANCEL, id="new.cancel")]
    """Keys of the dialog."""

    def __init__(self, fields: NewReportFields | None = None, source_id: int | None = None) -> None:
        super().__init__()
        self.source_id = source_id
        templates = available_templates()
        first = next(iter(templates))
        self.fields = fields or NewReportFields(first)
        self.title_text = (
            msg.NEW_FROM_TITLE.format(source=source_id) if source_id is not None else msg.NEW_TITLE
        )

    def compose(self) -> ComposeResult:
        f = self.fields
        templates = available_templates()
        with VerticalScroll(classes="dialog"):
            yield Static(self.title_text, classes="screen-title")
            yield Label(msg.NEW_TEMPLATE, classes="field-label")
            yield Select(
                [(t.template.title + " — " + key, key) for key, t in templates.items()],
                value=f.template_id,
                allow_blank=False,
                id="template_id",
            )
            yield Label(msg.NEW_UNIT_KIND, classes="field-label")
            yield Select(
                [(label, key) for key, label in msg.UNIT_KIND_LABELS.items()],
                value=f.unit_kind,
                allow_blank=False,
                id="unit_kind",
            )
            yield Label(msg.NEW_PERIOD_KIND, classes="field-label")
            yield Select(
                [(label, key) for key, label in msg.PERIOD_KIND_LABELS.items()],
                value=f.period_kind,
                allow_blank=False,
                id="period_kind",
            )
            for name, label in _TEXT_FIELDS:
                yield Label(label, classes="field-label")
                yield Input(str(getattr(f, name)), id=name)
            yield Static("", id="error", classes="error-line")
            with Horizontal(classes="buttons"):
                yield Button(msg.NEW_CREATE, id="create", variant="primary")
                yield Button(msg.NEW_CANCEL, id="cancel")

    def on_mount(self) -> None:
        self.add_class("modal")
        self.query_one("#unit_code", Input).focus()

    def fields_done(self) -> None:
        """Enter in the last field creates the report."""
        self._create()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "create":
            self._create()
        else:
            self.dismiss(None)

    @show_failures
    def _create(self) -> None:
        fields = NewReportFields(
            template_id=str(self.query_one("#template_id", Select).value),
            unit_kind=str(self.query_one("#unit_kind", Select).value),
            period_kind=str(self.query_one("#period_kind", Select).value),
            **{name: self.query_one(f"#{name}", Input).value for name, _ in _TEXT_FIELDS},
        )
        try:
            report_id, report = cchc(self).reports.create_report(fields, self.source_id)
        except NewReportError as err:
            self.query_one("#error", Static).update(str(err))
            widget = self.query(f"#{err.field}")
            if widget:
                widget.first().focus()
            return
        self.notify(
            msg.NEW_CREATED.format(unit=report.unit.display_name, period=report.period.code)
        )
        self.dismiss(report_id)

    def action_cancel(self) -> None:
        """Close without creating anything."""
        self.dismiss(None)
