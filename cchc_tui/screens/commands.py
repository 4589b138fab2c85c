"""Command palette provider: open any section, form, row or the appendix of the open report.

Matching ignores diacritics ("bieu mau 3", "thu tuc hanh chinh", "3.3.1"): both the query and
the candidates are folded (``domain.text.fold``); folding keeps the length of NFC Vietnamese
text, so the match positions highlight the original words.
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import FuzzySearch

from cchc_tui import messages as msg
from cchc_tui.domain.text import fold
from cchc_tui.workspace import SearchTarget


class ReportCommands(Provider):
    """Hits for every part of the report open on the current screen."""

    def _targets(self) -> list[SearchTarget]:
        workspace = getattr(self.screen, "workspace", None)
        return workspace.search_targets() if workspace is not None else []

    def _open(self, target: SearchTarget) -> None:
        from cchc_tui.screens.outline import OutlineScreen

        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, OutlineScreen):
                screen.open_item(target.item_kind, target.item_key, target.row_key)
                return

    async def discover(self) -> Hits:
        for target in self._targets():
            if target.row_key is None:
                yield DiscoveryHit(target.text, partial(self._open, target), help=msg.CMD_OPEN_HELP)

    async def search(self, query: str) -> Hits:
        folded_query = fold(query).strip()
        if not folded_query:
            return
        search = FuzzySearch()
        for target in self._targets():
            score, offsets = search.match(folded_query, target.folded)
            if score <= 0:
                continue
            if target.folded.startswith(folded_query):
                score *= 2  # "3.3.1" should rank the row 3.3.1 first
            display = Content(target.text)
            if len(target.folded) == len(target.text):
                for offset in offsets:
                    display = display.stylize("bold reverse", offset, offset + 1)
            yield Hit(score, display, partial(self._open, target), text=target.text)
