"""The templates on this computer (shipped and installed from packs), and what of the
earlier period did not carry into a report made with a newer template version."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, DataTable, Footer, Static

from cchc_tui import messages as msg
from cchc_tui.screens.base import CchcModal, CchcScreen


def template_rows() -> list[tuple[str, str, str, str, str, str]]:
    """One line per available template: id, version, source, installed on, signing key (its
    first 8 hex digits), title — the title last, so that source and version fit 80 columns."""
    from cchc_tui.template.installed import installed_templates
    from cchc_tui.template.loader import available_templates

    installed = installed_templates()
    rows = []
    for full_id, loaded in available_templates().items():
        template = loaded.template
        found = installed.get(full_id)
        if found is None:
            source, key, when = msg.TPL_SOURCE_BUILTIN, "", ""
        else:
            info = found.info
            source = info.office
            key = " ".join(info.fingerprint.split()[:2])
            when = info.installed_at[:10]
        rows.append((template.id, template.version, source, when, key, template.title))
    return rows


class TemplatesScreen(CchcScreen[None]):
    """The templates a new report can use: every version, with where it came from."""

    BINDINGS = [Binding("escape", "back", msg.KEY_BACK, id="templates.back")]
    """Keys of the list."""

    def compose(self) -> ComposeResult:
        yield Static(msg.TPL_SCREEN_TITLE, classes="screen-title")
        yield DataTable(id="templates", cursor_type="row", zebra_stripes=True)
        yield Static(msg.TPL_SCREEN_HINT, classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#templates", DataTable)
        rows = template_rows()
        for index, label in enumerate(msg.TPL_SCREEN_COLUMNS):
            width = max([cell_len(label), *(cell_len(r[index]) for r in rows)])
            table.add_column(label, width=min(width, 60 if index == 5 else 28))
        for row in rows:
            table.add_row(*row, key=f"{row[0]}@{row[1]}")
        table.focus()

    def action_back(self) -> None:
        """Back to the report list."""
        self.app.pop_screen()


class NotCarriedScreen(CchcModal[None]):
    """What of the earlier report the new one does not show (shown once, after creating)."""

    BINDINGS = [Binding("escape", "close", msg.CARRY_CLOSE, id="carry.close")]
    """Keys of the dialog."""

    def __init__(self, template_id: str, lines: list[str]) -> None:
        super().__init__()
        self.template_id = template_id
        self.lines = lines

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                msg.CARRY_TITLE.format(template=self.template_id),
                classes="screen-title",
                markup=False,
            )
            yield Static(msg.CARRY_HINT, classes="hint")
            with VerticalScroll(id="not-carried"):
                for line in self.lines:
                    yield Static(f"- {line}", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(msg.CARRY_CLOSE, id="close", variant="primary")

    def on_mount(self) -> None:
        self.add_class("modal")
        self.query_one("#close", Button).focus()

    def on_button_pressed(self, _event: Button.Pressed) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        """Close the list."""
        self.dismiss(None)


def show_not_carried(screen: CchcScreen[None], report_id: int) -> None:
    """After a report was started from an earlier one: list what did not carry over, if any."""
    from cchc_tui.screens.base import cchc

    template_id, lost = cchc(screen).reports.not_carried(report_id)
    if lost:
        screen.app.push_screen(NotCarriedScreen(template_id, [item.line() for item in lost]))
