"""Text inputs that keep Vietnamese text composed (NFC) as it is typed or pasted.

Windows' built-in Vietnamese keyboard sends combining marks (NFD) and Textual stores what it
gets, so the cursor would step inside a letter (shared/PITFALLS.md). These widgets normalise
on every change and put the cursor back where the officer expects it.
"""

from __future__ import annotations

import unicodedata

from textual.widgets import Input, TextArea


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


class NfcInput(Input):
    """An ``Input`` whose value is always NFC."""

    def on_input_changed(self, event: Input.Changed) -> None:
        """Re-compose the value if an input method sent combining marks."""
        value = self.value
        composed = _nfc(value)
        if composed != value:
            cursor = len(_nfc(value[: self.cursor_position]))
            self.value = composed
            self.cursor_position = cursor
            event.stop()


class NfcTextArea(TextArea):
    """A ``TextArea`` whose text is always NFC."""

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        """Re-compose the text if an input method or a paste brought combining marks."""
        text = self.text
        composed = _nfc(text)
        if composed == text:
            return
        row, col = self.cursor_location
        lines = text.split("\n")
        new_col = len(_nfc(lines[row][:col])) if row < len(lines) else 0
        self.load_text(composed)
        self.cursor_location = (row, new_col)
