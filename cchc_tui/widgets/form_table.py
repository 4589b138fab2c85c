"""The table of a form's rows, for heads-down keying (as CSPro keyers expect).

Typing any character starts editing the current row (the table posts ``Typed`` with it), so
every keystroke reaches the editor and the number parser says what is wrong with what was
typed ("1e3", "abc", fullwidth "４５"), instead of a filter dropping keys without a word (issue
10). Home/End go to the first/last row; Delete asks to clear the value.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from cchc_tui import messages as msg

_HELD_WHILE_TYPING = frozenset(
    {"up", "down", "pageup", "pagedown", "home", "end", "left", "right", "tab", "delete"}
)
"""Keys that would move the cursor (or clear a value) under an edit in progress."""


class FormTable(DataTable[object]):
    """A ``DataTable`` of indicator rows that hands typing over to the editor."""

    BINDINGS = [
        Binding("home", "first_row", msg.KEY_FIRST, show=False, id="table.first"),
        Binding("end", "last_row", msg.KEY_LAST, show=False, id="table.last"),
        Binding("delete", "clear_value", msg.KEY_CLEAR, id="table.clear", show=False),
    ]
    """Keys of the form table, in addition to DataTable's arrows and PgUp/PgDn."""

    typing = False
    """True while a row is being edited: every key typed then is handed to the screen in
    order (characters, Enter, Esc, Backspace), and moving keys are held back so the edit
    cannot slide onto another row."""

    class Typed(Message):
        """A key typed on a row: a character, or ``confirm``/``cancel``/``backspace``."""

        def __init__(self, text: str = "", action: str = "") -> None:
            super().__init__()
            self.text = text
            self.action = action

    class ClearValue(Message):
        """The officer asked to clear the current row's value."""

    def on_key(self, event: events.Key) -> None:
        if self.typing:
            actions = {"enter": "confirm", "escape": "cancel", "backspace": "backspace"}
            if event.key in actions:
                self.post_message(self.Typed(action=actions[event.key]))
            elif event.character and event.is_printable:
                self.post_message(self.Typed(event.character))
            elif event.key not in _HELD_WHILE_TYPING:
                return
        elif event.character and event.is_printable and not event.character.isspace():
            self.typing = True
            self.post_message(self.Typed(event.character))
        else:
            return
        event.stop()
        event.prevent_default()

    def action_first_row(self) -> None:
        """Go to the first row."""
        self.move_cursor(row=0)

    def action_last_row(self) -> None:
        """Go to the last row."""
        self.move_cursor(row=self.row_count - 1)

    def action_clear_value(self) -> None:
        """Ask the screen to clear the current value."""
        self.post_message(self.ClearValue())
