"""The key bar at the bottom of a screen, rebuilt only when the keys it shows change.

Textual's ``Footer`` rebuilds all its keys (a recompose: every ``FooterKey`` removed, made,
mounted and styled again) each time its screen says its bindings may have changed — on every
focus change, screen change and app focus. On an old PC that is 10–30 ms each time (issue 11:
about two per Enter while keying, three before the first frame). :class:`KeysFooter` draws the
same keys as ``Footer`` and rebuilds them only when what it would show differs: the keys, their
labels, whether each is enabled, their tooltips.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer


class KeysFooter(Footer):
    """``Footer`` without needless rebuilds (same look, same keys)."""

    _drawn: tuple[Any, ...] | None = None
    """What the keys shown were made from (see :meth:`_keys`)."""

    recomposed = 0
    """How many times the keys were built (for tests and bench figures)."""

    def _keys(self) -> tuple[Any, ...]:
        """Everything the keys are made from: each shown binding's key, label, action, group,
        whether it is enabled and its tooltip; the palette key; the compact style."""
        shown = tuple(
            (b.key, b.key_display, b.description, b.action, b.group, enabled, tooltip)
            for (_node, b, enabled, tooltip) in self.screen.active_bindings.values()
            if b.show
        )
        return (shown, self.compact, self.show_command_palette)

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._drawn = self._keys()
            type(self).recomposed += 1
        yield from super().compose()

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """Rebuild the keys when, and only when, they would look different."""
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and self._keys() != self._drawn:
            self.call_after_refresh(self.recompose)
