"""Live figures: a form value written into the narrative that follows the form.

Stored format (inside the narrative text itself, so the database needs no new table and no
migration): a live figure is the token ``{{BM<n>/<part>}}`` — ``{{BM3/3.3.1}}`` — at the place
of the number; what follows it ("hồ sơ") is ordinary text. A token copied into the next
period's report and not yet seen by the officer is ``{{?BM3/3.3.1}}``; opening its sub-heading
in the editor marks it seen. ``{{`` that does not open such a token is ordinary text.

What the officer sees, the Word report prints and the checks read is the *rendered* text: each
token replaced by the row's value as the form shows it (vi-VN format, derived rows rounded by
the template's rule, "không phát sinh" for a zero denominator, "…" while the row is empty).
:func:`render` gives that text and the place of every live figure in it; :func:`to_tokens`
turns an edited rendered text back into the stored form; :func:`shift` keeps the places of the
live figures right while the officer types around them (a live figure typed into is no longer
live: it becomes the text as typed).

In ``cchc-report/1`` the narrative is written rendered (any reader sees the numbers) and the
live figures are listed beside it (``narrative_links``, see ``domain.interchange``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from cchc_tui import messages as msg
from cchc_tui.base.ids import RowKey

TOKEN = re.compile(r"\{\{(\?)?(BM[1-9]\d{0,2}/[^\s/{}]+)\}\}")
"""A live figure in stored text: group 1 ``?`` when copied and not yet seen, group 2 the row."""


@dataclass(frozen=True)
class Link:
    """A live figure in rendered text: characters ``start``–``end`` show row ``row``'s value;
    ``seen`` is false for a figure copied from the previous period and not yet seen."""

    start: int
    end: int
    row: RowKey
    seen: bool = True

    def contains(self, position: int) -> bool:
        """Whether ``position`` (a cursor offset) is on this figure (its ends included)."""
        return self.start <= position <= self.end


def token(row: str, seen: bool = True) -> str:
    """The stored token of a live figure of ``row``."""
    return "{{" + ("" if seen else "?") + row + "}}"


def has_links(text: str) -> bool:
    """Whether a stored text holds any live figure."""
    return "{{" in text and TOKEN.search(text) is not None


def linked_rows(text: str) -> list[RowKey]:
    """Rows of the live figures of a stored text, in order."""
    return [RowKey(m.group(2)) for m in TOKEN.finditer(text)]


def has_unseen(text: str) -> bool:
    """Whether a stored text holds a live figure copied and not yet seen."""
    return "{{?" in text and any(m.group(1) for m in TOKEN.finditer(text))


def mark_copied(text: str) -> str:
    """The text as copied into the next period: every live figure not yet seen."""
    return TOKEN.sub(lambda m: token(m.group(2), seen=False), text) if has_links(text) else text


def mark_seen(text: str) -> str:
    """The text once the officer has seen it: every live figure seen."""
    return TOKEN.sub(lambda m: token(m.group(2)), text) if has_unseen(text) else text


def render(text: str, show: Callable[[RowKey], str | None]) -> tuple[str, list[Link]]:
    """The text as shown and printed, and its live figures.

    Args:
        text: stored narrative text (tokens inside).
        show: the row's value as text ("1.834"); ``""`` while empty (shown as "…"); ``None``
            for a row the template does not have (the token stays as written).

    Returns:
        ``(rendered text, links)``; links in order, with offsets in the rendered text.
    """
    if not has_links(text):
        return text, []
    out: list[str] = []
    links: list[Link] = []
    at = 0
    length = 0
    for match in TOKEN.finditer(text):
        out.append(text[at : match.start()])
        length += match.start() - at
        row = RowKey(match.group(2))
        shown = show(row)
        if shown is None:
            shown = match.group()
        elif not shown:
            shown = msg.LINK_EMPTY_VALUE
        out.append(shown)
        links.append(Link(length, length + len(shown), row, seen=not match.group(1)))
        length += len(shown)
        at = match.end()
    out.append(text[at:])
    return "".join(out), links


def to_tokens(rendered: str, links: Iterable[Link]) -> str:
    """The stored text of a rendered text with live figures at ``links`` (overlapping or
    out-of-range links are dropped)."""
    out: list[str] = []
    at = 0
    for link in sorted(links, key=lambda k: k.start):
        if link.start < at or link.end > len(rendered) or link.start >= link.end:
            continue
        out.append(rendered[at : link.start])
        out.append(token(link.row, link.seen))
        at = link.end
    out.append(rendered[at:])
    return "".join(out)


def shift(old: str, new: str, links: Iterable[Link]) -> list[Link]:
    """The live figures of ``old`` moved to their places in ``new`` (one edit between them).

    The edit is the part between the common beginning and the common end of both texts: a link
    before it stays, a link after it moves by the change of length, a link it touches inside
    is dropped (the officer typed into the figure). A new text that is only ``old`` composed to
    NFC (the editor composes on leaving) keeps every link, moved to the composed offsets.
    """
    links = list(links)
    if old == new or not links:
        return links
    if unicodedata.normalize("NFC", old) == new:
        return [
            replace(
                k,
                start=len(unicodedata.normalize("NFC", old[: k.start])),
                end=len(unicodedata.normalize("NFC", old[: k.end])),
            )
            for k in links
        ]
    prefix = _common_prefix(old, new)
    suffix = _common_suffix(old, new, prefix)
    return shift_edit(links, prefix, len(old) - suffix, len(new) - suffix - prefix)


def shift_edit(links: Iterable[Link], start: int, end: int, inserted: int) -> list[Link]:
    """The live figures after one edit that replaced characters ``start``–``end`` of the text
    by ``inserted`` characters: a link before the edit stays, one after it moves, one the edit
    reaches inside is dropped (typing right before or after a figure keeps it)."""
    delta = inserted - (end - start)
    kept: list[Link] = []
    for link in links:
        if link.end <= start:
            kept.append(link)
        elif link.start >= end:
            kept.append(replace(link, start=link.start + delta, end=link.end + delta))
    return kept


def _common_prefix(a: str, b: str) -> int:
    """Length of the common beginning, by halving (C-speed slice comparisons)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        mid = (low + high + 1) // 2
        if a[:mid] == b[:mid]:
            low = mid
        else:
            high = mid - 1
    return low


def _common_suffix(a: str, b: str, prefix: int) -> int:
    """Length of the common end not overlapping the common beginning ``prefix``."""
    low, high = 0, min(len(a), len(b)) - prefix
    while low < high:
        mid = (low + high + 1) // 2
        if a[len(a) - mid :] == b[len(b) - mid :]:
            low = mid
        else:
            high = mid - 1
    return low


def link_at(links: Iterable[Link], position: int) -> Link | None:
    """The live figure at cursor ``position``, if any."""
    return next((k for k in links if k.contains(position)), None)
