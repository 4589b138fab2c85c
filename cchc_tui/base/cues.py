"""Narrative cues: how a template says in which words the prose names one of its rows.

A cue is template data (``Indicator.narrative`` in ``template.model``) written like the sentence
it should find, with the figure's place marked. It is matched on folded text (no diacritics,
lower case, đ = d: ``base.text.fold``), word by word, inside one sentence:

``"ban hành {n} văn bản chỉ đạo"``
    finds "đã ban hành 45 văn bản chỉ đạo, hướng dẫn…" (seed 001, §I.1.2): 45 is the figure.

Grammar (elements separated by spaces; punctuation inside words is ignored, as in the text)::

    cue      := [scope " "] element (" " element)*
    scope    := "@" KEY ("," KEY)*     sections or sub-headings where the cue applies;
                                       without it: the sections of the form's area
    element  := WORD | "{n}" | "#" | "/" | "%" | "…"
    {n}      the figure that is this row's value (exactly once)
    #        any other number (not compared)
    /        the slash of a fraction: "hoàn thành {n}/# nhiệm vụ" binds the part of 190/190
    %        the percent sign after a number: "đạt {n}%"
    …        (or "...") a gap of up to ``GAP_WORDS`` words, inside one clause, with no number

``{n}/`` and ``/{n}`` may be written without spaces. A cue is refused (``CueError``, with a
Vietnamese reason) when it has no ``{n}``, two of them, no word, an empty scope, a gap at an
end, or a character that is neither a letter, a digit nor one of the elements above.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cchc_tui import messages as msg
from cchc_tui.base.errors import InvalidInput
from cchc_tui.base.text import fold

GAP_WORDS = 8
"""Most words a ``…`` gap may stand for."""
FIGURE = "{n}"
NUMBER = "#"
SLASH = "/"
PERCENT = "%"
GAP = "…"
_SPLIT = re.compile(r"(\{n\}|/|%|…|\.\.\.|#)")
_WORD = re.compile(r"[^\W_]+")
_IGNORED = set(",.:;\"'“”‘’()-–—")


class CueError(InvalidInput):
    """A cue does not follow the grammar; ``str(err)`` says why in Vietnamese."""


@dataclass(frozen=True)
class Cue:
    """A parsed cue: its scope (section or sub-heading keys; empty = the form's area) and its
    elements, words folded (``"văn bản"`` → ``"van"``, ``"ban"``)."""

    text: str
    scope: tuple[str, ...]
    elements: tuple[str, ...]

    @property
    def words(self) -> tuple[str, ...]:
        """The literal words, folded."""
        return tuple(e for e in self.elements if e not in (FIGURE, NUMBER, SLASH, PERCENT, GAP))


def parse_cue(text: str) -> Cue:
    """Parse one cue.

    Args:
        text: as written in the template, e.g. ``"@I.3 khảo sát … tổng số {n} phiếu"``.

    Returns:
        The cue with folded words.

    Raises:
        CueError: the text does not follow the grammar above.
    """
    body = " ".join(text.split())
    scope: tuple[str, ...] = ()
    if body.startswith("@"):
        head, _, body = body.partition(" ")
        keys = tuple(k for k in head[1:].split(",") if k)
        if not keys:
            raise CueError(msg.CUE_EMPTY_SCOPE.format(cue=text))
        scope = keys
    elements: list[str] = []
    for piece in _SPLIT.split(body):
        if piece in (FIGURE, NUMBER, SLASH, PERCENT):
            elements.append(piece)
            continue
        if piece in (GAP, "..."):
            elements.append(GAP)
            continue
        for raw in piece.split():
            for ch in raw:
                if not (ch.isalnum() or ch in _IGNORED):
                    raise CueError(msg.CUE_BAD_CHAR.format(cue=text, ch=ch))
            elements.extend(_WORD.findall(fold(raw)))
    if elements.count(FIGURE) != 1:
        raise CueError(msg.CUE_FIGURE_COUNT.format(cue=text))
    words = [e for e in elements if e not in (FIGURE, NUMBER, SLASH, PERCENT, GAP)]
    if not words:
        raise CueError(msg.CUE_NO_WORD.format(cue=text))
    if elements[0] == GAP or elements[-1] == GAP:
        raise CueError(msg.CUE_GAP_END.format(cue=text))
    if any(a == GAP and b == GAP for a, b in zip(elements, elements[1:], strict=False)):
        raise CueError(msg.CUE_GAP_END.format(cue=text))
    return Cue(text=text, scope=scope, elements=tuple(elements))
