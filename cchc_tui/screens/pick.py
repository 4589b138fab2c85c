"""Modal: pick one code from a row's labelled list (e.g. "0 – Chưa", "1 – Hoàn thành")."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from cchc_tui import messages as msg
from cchc_tui.screens.base import CchcModal


class CodePickScreen(CchcModal[int | None]):
    """Pick a code; dismisses with it, or ``None`` if cancelled."""

    BINDINGS = [Binding("escape", "cancel", msg.KEY_CANCEL, id="pick.cancel")]
    """Keys of the dialog."""

    def __init__(self, title: str, codes: dict[int, str], current: int | None) -> None:
        super().__init__()
        self.title_text = title
        self.codes = codes
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="screen-title", markup=False)
            yield OptionList(
                *[
                    Option(f"{code} – {label}", id=str(code))
                    for code, label in sorted(self.codes.items())
                ],
                id="codes",
            )

    def on_mount(self) -> None:
        self.add_class("modal")
        options = self.query_one("#codes", OptionList)
        if self.current is not None and self.current in self.codes:
            options.highlighted = sorted(self.codes).index(self.current)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))

    def action_cancel(self) -> None:
        """Close without choosing."""
        self.dismiss(None)
