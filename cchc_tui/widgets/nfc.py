"""Text inputs that hand over Vietnamese text composed (NFC), without touching it while typed.

Windows' built-in Vietnamese keyboard sends combining marks (NFD) and Textual stores what it
gets (shared/PITFALLS.md), so text must be NFC where it is saved. It must NOT be recomposed while
the officer types: Unikey and EVKey in "Unicode tổ hợp" mode change a letter by sending as many
backspaces as the characters they sent for it (``e`` + U+0302 + U+0301 for ``ế``) and then the
new letter; if the widget had already recomposed those three characters into one, the
backspaces would eat the letters before it and corrupt the word (issue 12).

So these widgets leave their text exactly as typed while they have focus, and compose it when it
leaves the editor: when the widget loses focus, and for :class:`NfcInput` also on Enter
(``Input.Submitted`` carries the composed value). The store composes again on every save
(``db.store``), which also covers a save that happens while the officer is still typing (the
narrative editor's idle save). While an NFD letter is in the field the cursor can stand between
a letter and its mark; the manual protocol in ``docs/windows-input-test.md`` checks what that
looks like with each input method.
"""

from __future__ import annotations

import unicodedata

from textual.events import Blur
from textual.widgets import Input, TextArea


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


class NfcInput(Input):
    """An ``Input`` whose value is made NFC on Enter and when it loses focus, never while typed."""

    def compose_value(self) -> None:
        """Make the value NFC, keeping the cursor after the same letter (no-op if already NFC)."""
        value = self.value
        composed = _nfc(value)
        if composed != value:
            cursor = len(_nfc(value[: self.cursor_position]))
            self.value = composed
            self.cursor_position = cursor

    async def action_submit(self) -> None:
        """Enter: compose, then post ``Input.Submitted`` with the composed value."""
        self.compose_value()
        await super().action_submit()

    def _on_blur(self, event: Blur) -> None:
        # Runs before Input._on_blur (Textual calls each class's handler, subclass first), so
        # ``Input.Blurred`` carries the composed value too.
        self.compose_value()


class NfcTextArea(TextArea):
    """A ``TextArea`` whose text is made NFC when it loses focus, never while typed."""

    def compose_text(self) -> None:
        """Make the text NFC, keeping the cursor after the same letter (no-op if already NFC)."""
        text = self.text
        composed = _nfc(text)
        if composed == text:
            return
        row, col = self.cursor_location
        lines = text.split("\n")
        new_col = len(_nfc(lines[row][:col])) if row < len(lines) else 0
        self.replace(composed, (0, 0), self.document.end, maintain_selection_offset=False)
        self.cursor_location = (row, new_col)

    def _on_blur(self, event: Blur) -> None:
        self.compose_text()
