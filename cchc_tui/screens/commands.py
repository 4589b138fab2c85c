"""Command palette provider: open any section, form, row or the appendix of the open report.

Matching ignores diacritics ("bieu mau 3", "thu tuc hanh chinh", "3.3.1"): every word of the
query must occur in the folded candidate (``domain.text.word_match``); folding keeps the length
of NFC Vietnamese text, so the match positions highlight the original words.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from cchc_tui import messages as msg
from cchc_tui.base.text import fold, word_match

if TYPE_CHECKING:
    from cchc_tui.service.workspace import SearchTarget


def folded_hits(
    query: str,
    entries: Sequence[tuple[str, str, Callable[[], object]]],
    keep_misses: bool = False,
) -> list[Hit | None]:
    """Score ``(text, help, callback)`` entries against ``query``, ignoring diacritics.

    With ``keep_misses`` the result has one item per entry (``None`` for a miss)."""
    hits: list[Hit | None] = []
    for text, help_text, callback in entries:
        found = word_match(query, text)
        if found is None:
            if keep_misses:
                hits.append(None)
            continue
        score, spans = found
        display = Content(text)
        if len(fold(text)) == len(text):
            for start, end in spans:
                display = display.stylize("bold reverse", start, end)
        hits.append(Hit(score, display, callback, text=text, help=help_text or None))
    return hits


class SystemCommands(Provider):
    """The app's (Vietnamese) system commands, matched without diacritics."""

    def _entries(self) -> list[tuple[str, str, Callable[[], object]]]:
        return [(c.title, c.help, c.callback) for c in self.app.get_system_commands(self.screen)]

    async def discover(self) -> Hits:
        for title, help_text, callback in self._entries():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        for hit in folded_hits(query, self._entries()):
            if hit is not None:
                yield hit


class ReportCommands(Provider):
    """Hits for every part of the report open on the current screen."""

    def _targets(self) -> list[SearchTarget]:
        workspace = getattr(self.screen, "workspace", None)
        return workspace.search_targets() if workspace is not None else []

    def _open(self, target: SearchTarget) -> None:
        from cchc_tui.screens.outline import OutlineScreen

        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, OutlineScreen):
                screen.open_item(target.part_kind, target.part_key, target.row_key)
                return

    async def discover(self) -> Hits:
        for target in self._targets():
            if target.row_key is None:
                yield DiscoveryHit(target.text, partial(self._open, target), help=msg.CMD_OPEN_HELP)

    async def search(self, query: str) -> Hits:
        targets = self._targets()
        entries = [(t.text, "", partial(self._open, t)) for t in targets]
        current = getattr(self.screen, "part_key", None)
        misses_kept = folded_hits(query, entries, keep_misses=True)
        for target, hit in zip(targets, misses_kept, strict=True):
            if hit is None:
                continue
            if target.part_key == current:  # rows of the form being edited come first
                hit.score = min(1.0, hit.score + 0.5)
            yield hit
