"""Numbers in free Vietnamese text: every figure of a narrative with its unit and place.

The narrative of a report states its figures in prose: "tiếp nhận 2.382 hồ sơ", "đạt tỷ lệ
99,95%", "giải ngân được 656.377.500 đồng", "1041 hồ sơ/1049" (shared/seeds/001–004). This
module reads them with the one vi-VN grammar of the app (:func:`cchc_tui.base.numbers.
parse_number`: decimal comma, thousands dot in groups of three), so a figure is read exactly as
a value typed in a form; a number the grammar calls ambiguous ("17.78", OCR of seed 003) is
no figure.

:func:`scan` splits a text into sentences of tokens (words folded without diacritics, figures,
other numbers, dates, years, "/", "%", clause ends) that the checks match; offsets always refer
to the text as given (folding keeps its length here, unlike ``base.text.fold`` on "…").

What is *not* a figure (it names or dates something): a number after "số", "mức độ", "Đề án",
"Nghị định", "quý"… (``messages.IDENTIFIER_BEFORE``; "tổng số 2037 phiếu" stays a figure), a
document number "24/KH-UBND", a date "07/3/2023", "ngày 22 tháng 3 năm 2023", "tháng
12/2023", a day "20/5" in "từ 20/5 đến 30/5/2023", a year after "năm"/"giai đoạn", a list
marker "1." or "(2)" at the start of a line, a web address.

:func:`extract_figures` never raises on any text (hypothesis test), and every figure's value
formats and parses back to itself.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

from cchc_tui import messages as msg
from cchc_tui.base.numbers import NumberFormatError, parse_number
from cchc_tui.base.text import fold

MAX_UNIT_WORDS = 4
"""Words after a figure kept as its noun ("hồ sơ TTHC đã giải")."""


class TokenKind(StrEnum):
    """What a token of a sentence is."""

    WORD = "word"
    FIGURE = "figure"
    """A quantity: value, unit and place in ``Scan.figures``."""
    NUMBER = "number"
    """Any other number: an identifier, a bad number, a list marker."""
    YEAR = "year"
    DATE = "date"
    SLASH = "slash"
    PERCENT = "percent"
    CLAUSE = "clause"
    """``;``, ``(`` or ``)``: the end of a clause inside a sentence."""
    COMMA = "comma"
    """``,`` or ``:``: a pause (cues may pass it, labels may not)."""


class UnitKind(StrEnum):
    """The kind of unit a figure is written with."""

    PERCENT = "percent"
    MONEY = "money"
    NOUN = "noun"


@dataclass(frozen=True)
class Unit:
    """The unit written after a figure.

    ``words`` is the folded text of the unit ("%", "trieu dong", "ho so tthc da giai"): for a
    noun, up to ``MAX_UNIT_WORDS`` words after the number; ``factor`` is the value of one unit
    in đồng for money (``1_000_000`` for "triệu đồng"), else 1.
    """

    kind: UnitKind
    words: str
    factor: Decimal = Decimal(1)


@dataclass(frozen=True)
class Figure:
    """A quantity written in the text: ``value`` exactly as the vi-VN grammar reads ``text``
    ("2.382" → 2382, "99,95" → 99.95), at ``start``–``end`` of the text."""

    value: Decimal
    text: str
    start: int
    end: int
    unit: Unit | None = None


class Token(NamedTuple):
    """One token: its kind, folded text, place; ``figure`` is the figure's place in
    ``Scan.figures`` for a figure; ``day`` the date of a date; ``year`` the year of a year.
    (A named tuple: a text has tens of thousands of tokens.)"""

    kind: TokenKind
    text: str
    start: int
    end: int
    figure: int = -1
    day: date | None = None
    year: int | None = None


@dataclass(frozen=True)
class Sentence:
    """A sentence (or a line of a list): ``start``–``end`` in the text, its tokens."""

    start: int
    end: int
    tokens: tuple[Token, ...]

    @functools.cached_property
    def encoded(self) -> str:
        """The tokens as one string for pattern matching: words as folded, figure ``i`` as
        ``#i``, other numbers and years as ``#x``, dates as ``@``, ``/``, ``%``, ``,`` and
        ``:``, clause ends as ``|``; each token followed by one space."""
        return "".join(_encode(t) + " " for t in self.tokens)

    @functools.cached_property
    def offsets(self) -> tuple[int, ...]:
        """Start of each token inside :attr:`encoded` (to map a match back to tokens)."""
        out, at = [], 0
        for token in self.tokens:
            out.append(at)
            at += len(_encode(token)) + 1
        return tuple(out)

    def token_at(self, position: int) -> int:
        """Index of the token whose encoding covers ``position`` of :attr:`encoded`."""
        import bisect

        return max(0, bisect.bisect_right(self.offsets, position) - 1)


@dataclass
class Scan:
    """A text split into sentences of tokens, with its figures and fractions."""

    text: str
    folded: str
    sentences: list[Sentence] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    fractions: list[tuple[int, int]] = field(default_factory=list)
    """``(part, whole)`` figure indexes of every "a/b" written in the text."""


def _encode(token: Token) -> str:
    kind = token.kind
    if kind is TokenKind.WORD:
        return token.text
    if kind is TokenKind.FIGURE:
        return f"#{token.figure}"
    if kind in (TokenKind.NUMBER, TokenKind.YEAR):
        return "#x"
    if kind is TokenKind.DATE:
        return "@"
    if kind is TokenKind.SLASH:
        return "/"
    if kind is TokenKind.PERCENT:
        return "%"
    if kind is TokenKind.COMMA:
        return token.text
    return "|"


def _fold_char(ch: str) -> str:
    folded = fold(ch)
    if len(folded) == 1 and not (folded.isdigit() and not ch.isascii()):  # "²" stays "²"
        return folded
    lower = ch.lower()
    return lower if len(lower) == 1 else ch


_MARKS = re.compile("[\u0300-\u036f]+")


def fold_keep_length(text: str) -> str:
    """``base.text.fold`` character by character, so that offsets stay valid: a character that
    folds to several ("…", a ligature) or none stays as it is. Fast for NFC Vietnamese."""
    quick = _MARKS.sub("", unicodedata.normalize("NFD", text))
    quick = quick.replace("\u0111", "d").replace("\u0110", "D").lower()
    if len(quick) == len(text) and not _MARKS.search(text):
        return quick
    return "".join(_fold_char(ch) for ch in text)


def _phrases(words: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(fold(w).split()) for w in words)


_IDENT_BEFORE = _phrases(msg.IDENTIFIER_BEFORE) + (("lan", "thu"), ("hop", "thu"))
_FIGURE_BEFORE = _phrases(msg.FIGURE_BEFORE)
_YEAR_BEFORE = _phrases(msg.YEAR_BEFORE)
_RANGE_FROM = _phrases(msg.RANGE_FROM)
_MONEY = sorted(
    ((tuple(fold(k).split()), Decimal(v)) for k, v in msg.MONEY_UNITS.items()),
    key=lambda item: -len(item[0]),
)
_DAY, _MONTH, _YEAR_WORD = fold(msg.DATE_DAY), fold(msg.DATE_MONTH), fold(msg.DATE_YEAR)

_TOKEN = re.compile(
    r"(?P<url>(?:https?://|www\.)\S+)"
    rf"|(?P<dwords>{_DAY}\s+\d{{1,2}}\s+{_MONTH}\s+\d{{1,2}}\s+{_YEAR_WORD}\s+\d{{4}})(?!\d)"
    r"|(?P<date>\d{1,2}/\d{1,2}/\d{4})(?!\d)"
    rf"|(?P<month>{_MONTH}\s+\d{{1,2}}\s*(?:/|{_YEAR_WORD})\s*\d{{4}})(?!\d)"
    r"|(?P<doc>\d+[a-z]?(?:/\d{4})?\s?/\s?[a-z]{1,8}(?:\s?[-\u2013]\s?[a-z]{1,8})*(?![\w])"
    r"|\d+-[a-z]{1,8}/[a-z]{1,8}(?![\w]))"
    r"|(?P<num>\d+(?:[.,]\d+)*)"
    r"|(?P<word>[^\W\d_]+)"
    r"|(?P<pct>%)"
    r"|(?P<slash>/)"
    r"|(?P<clause>[;()\[\]])"
    r"|(?P<comma>[,:])"
    r"|(?P<stop>\n|[.!?\u2026](?=\s|$))"
)
_DATE_PARTS = re.compile(r"\d+")


def _date_of(text: str) -> date | None:
    parts = [int(p) for p in _DATE_PARTS.findall(text)]
    try:
        if len(parts) == 3:
            return date(parts[2], parts[1], parts[0])
        if len(parts) == 2:
            return date(parts[1], parts[0], 1)
    except ValueError:
        return None
    return None


def _ends_with(words: list[str], phrases: tuple[tuple[str, ...], ...]) -> tuple[str, ...] | None:
    for phrase in phrases:
        if len(phrase) <= len(words) and tuple(words[-len(phrase) :]) == phrase:
            return phrase
    return None


def _unit_after(words: list[str], percent: bool) -> Unit | None:
    if percent:
        return Unit(UnitKind.PERCENT, "%")
    if not words:
        return None
    for phrase, factor in _MONEY:
        if tuple(words[: len(phrase)]) == phrase:
            # "đồng chí" (comrade) is no money: a longer noun wins
            if phrase == ("dong",) and len(words) > 1 and words[1] in ("chi", "bo", "thoi"):
                break
            return Unit(UnitKind.MONEY, " ".join(phrase), factor)
    return Unit(UnitKind.NOUN, " ".join(words[:MAX_UNIT_WORDS]))


def scan(text: str) -> Scan:
    """Split ``text`` into sentences of tokens and find its figures.

    Args:
        text: any text (a narrative sub-heading, a title); NFC is expected but not required.

    Returns:
        The scan; never raises.
    """
    folded = fold_keep_length(text)
    result = Scan(text=text, folded=folded)
    sentences: list[tuple[int, int, list[Token]]] = []
    current: list[Token] = []
    start = 0
    for match in _TOKEN.finditer(folded):
        kind = match.lastgroup
        s, e = match.span()
        if kind == "stop":
            sentences.append((start, s if folded[s] == "\n" else e, current))
            current, start = [], e
            continue
        if kind == "url":
            token = Token(TokenKind.NUMBER, "url", s, e)
        elif kind in ("dwords", "date", "month"):
            day = _date_of(match.group())
            token = Token(TokenKind.DATE if day else TokenKind.NUMBER, match.group(), s, e, day=day)
        elif kind == "doc":
            token = Token(TokenKind.NUMBER, "doc", s, e)
        elif kind == "num":
            token = Token(TokenKind.NUMBER, match.group(), s, e)
        elif kind == "word":
            token = Token(TokenKind.WORD, match.group(), s, e)
        elif kind == "pct":
            token = Token(TokenKind.PERCENT, "%", s, e)
        elif kind == "slash":
            token = Token(TokenKind.SLASH, "/", s, e)
        elif kind == "comma":
            token = Token(TokenKind.COMMA, match.group(), s, e)
        else:
            token = Token(TokenKind.CLAUSE, match.group(), s, e)
        current.append(token)
    sentences.append((start, len(text), current))
    for s, e, tokens in sentences:
        classified = _classify(text, folded, tokens, result)
        if classified:
            result.sentences.append(Sentence(s, e, tuple(classified)))
    return result


def _line_start(folded: str, position: int) -> bool:
    """Whether only list marks ("+", "-", "*") stand before ``position`` on its line."""
    before = folded[folded.rfind("\n", 0, position) + 1 : position]
    return not before.strip(" \t+-*\u2022") or before.strip() == "("


def _classify(text: str, folded: str, tokens: list[Token], result: Scan) -> list[Token]:
    """Decide which numbers of one sentence are figures; fill ``result.figures``."""
    out: list[Token] = []
    words: list[str] = []  # folded words so far in this sentence (for "số", "năm" …)
    for token in tokens:
        if token.kind is not TokenKind.NUMBER or not token.text[:1].isdigit():
            out.append(token)
            if token.kind is TokenKind.WORD:
                words.append(token.text)
                if len(words) > 4:  # the longest phrase looked for before a number
                    del words[0]
            elif token.kind is not TokenKind.COMMA:
                words = []
            continue
        after = folded[token.end : token.end + 2]
        previous = next((t for t in reversed(out) if t.kind is not TokenKind.COMMA), None)
        kind = TokenKind.FIGURE
        year: int | None = None
        try:  # the text as written (folding never makes a digit, but be sure)
            value = parse_number(text[token.start : token.end])
        except NumberFormatError:
            value = None
        if value is None:
            kind = TokenKind.NUMBER
        elif _line_start(folded, token.start) and (
            after[:1] in (".", ")") and "," not in token.text
        ):
            kind = TokenKind.NUMBER  # "1." "2)" list markers
        elif (
            previous is not None
            and previous.kind is TokenKind.CLAUSE
            and previous.text == "("
            and after[:1] == ")"
        ):
            kind = TokenKind.NUMBER  # "(1)"
        elif (
            re.fullmatch(r"\d{4}", token.text)
            and 1900 <= int(token.text) <= 2100
            and (
                _ends_with(words, _YEAR_BEFORE)
                or re.match(r"\s*[-\u2013]\s*\d{4}", folded[token.end :])
                or (previous is not None and previous.kind is TokenKind.YEAR)
            )
        ):
            kind, year = TokenKind.YEAR, int(token.text)
        elif _ends_with(words, _IDENT_BEFORE) and not _ends_with(words, _FIGURE_BEFORE):
            kind = TokenKind.NUMBER
        elif (
            previous is not None
            and previous.kind is TokenKind.NUMBER
            and not words
            and folded[previous.end : token.start].strip() in (",", "", "va")
            and previous.text[:1].isdigit()
        ):
            kind = TokenKind.NUMBER  # "mức độ 3, 4": the list goes on
        if kind is TokenKind.FIGURE and value is not None:
            out.append(Token(TokenKind.FIGURE, token.text, token.start, token.end, figure=-2))
        else:
            out.append(Token(kind, token.text, token.start, token.end, year=year))
        words = []
    _fractions_and_dates(folded, out)
    final: list[Token] = []
    for i, token in enumerate(out):
        if token.kind is TokenKind.FIGURE:
            following = [t for t in out[i + 1 : i + 1 + MAX_UNIT_WORDS + 1]]
            percent = bool(following) and following[0].kind is TokenKind.PERCENT
            unit_words: list[str] = []
            for t in following:
                if t.kind is not TokenKind.WORD:
                    break
                unit_words.append(t.text)
            value = parse_number(text[token.start : token.end])
            assert value is not None
            figure = Figure(
                value,
                text[token.start : token.end],
                token.start,
                token.end,
                _unit_after(unit_words, percent),
            )
            result.figures.append(figure)
            token = Token(
                TokenKind.FIGURE, token.text, token.start, token.end, figure=len(result.figures) - 1
            )
        final.append(token)
    for i in range(len(final) - 2):
        a = final[i]
        if a.kind is not TokenKind.FIGURE:
            continue
        j = i + 1
        while j < len(final) and j <= i + 4 and final[j].kind is TokenKind.WORD:
            j += 1
        if (
            j + 1 < len(final)
            and final[j].kind is TokenKind.SLASH
            and final[j + 1].kind is TokenKind.FIGURE
        ):
            whole = final[j + 1].figure
            result.fractions.append((a.figure, whole))
            part = result.figures[a.figure]
            if part.unit is None and result.figures[whole].unit is not None:
                # "2036/ 2037 hồ sơ": the part counts what the whole counts
                result.figures[a.figure] = Figure(
                    part.value, part.text, part.start, part.end, result.figures[whole].unit
                )
    return final


def _fractions_and_dates(folded: str, tokens: list[Token]) -> None:
    """Turn "20/5" in "từ 20/5 đến 30/5/2023" into a date (in place)."""
    for i in range(len(tokens) - 2):
        a, slash, b = tokens[i], tokens[i + 1], tokens[i + 2]
        if not (
            a.kind is TokenKind.FIGURE
            and slash.kind is TokenKind.SLASH
            and b.kind is TokenKind.FIGURE
            and slash.start == a.end
            and b.start == slash.end
            and re.fullmatch(r"\d{1,2}", a.text)
            and re.fullmatch(r"\d{1,2}", b.text)
            and 1 <= int(a.text) <= 31
            and 1 <= int(b.text) <= 12
        ):
            continue
        before = [t.text for t in tokens[max(0, i - 2) : i] if t.kind is TokenKind.WORD]
        after = tokens[i + 3] if i + 3 < len(tokens) else None
        if _ends_with(before, _RANGE_FROM) or (
            after is not None and after.kind is TokenKind.WORD and after.text in ("den", "nam")
        ):
            day = None
            tokens[i] = Token(TokenKind.DATE, a.text, a.start, b.end, day=day)
            tokens[i + 1] = Token(TokenKind.CLAUSE, "", slash.start, slash.start)
            tokens[i + 2] = Token(TokenKind.CLAUSE, "", b.start, b.start)
    tokens[:] = [t for t in tokens if not (t.kind is TokenKind.CLAUSE and not t.text)]


def extract_figures(text: str) -> list[Figure]:
    """Every figure of ``text`` in order (see the module's rules); never raises."""
    return scan(text).figures
