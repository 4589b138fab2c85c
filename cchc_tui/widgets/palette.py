"""The command palette in Vietnamese and without emoji (classic consoles show "?" for 🔎)."""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette, SearchIcon
from textual.widgets.option_list import Option

from cchc_tui import messages as msg


class VnCommandPalette(CommandPalette):
    """Textual's palette with a plain ASCII icon and a Vietnamese "no matches" line.

    Overrides ``_start_no_matches_countdown`` (private in Textual 8.2.8, pinned exactly in
    pyproject.toml); re-check this class when Textual is bumped.
    """

    def on_mount(self) -> None:
        self.query_one(SearchIcon).icon = msg.PALETTE_ICON

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(msg.PALETTE_NO_MATCHES, style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
