"""Figures in the narrative against the form rows they speak of.

Which row a figure speaks of is decided by the text and the template only (so it is worked out
once per text, see ``domain.narrative``), whether it agrees by the values:

1. **Cues** (``Indicator.narrative``, grammar in ``base.cues``): a cue found in a sentence binds
   its ``{n}`` to a figure — "Hiện tại áp dụng tại UBND phường Trường Thi là 199 thủ tục" and
   the cue ``"áp dụng tại … là {n} thủ tục"`` of "Tổng số TTHC đang áp dụng" (seed 004).
   A cue applies in its scope (``@I.3``), else in the sections of the form's area.
2. **Labels**: a row's label, without "Số"/"Tổng số"/"Tỷ lệ", at least ``LABEL_MIN_WORDS``
   words long and no other row's, found in a sentence of its area right before the figure
   ("… đã giải quyết xong là 1.834") or right after it ("1.834 hồ sơ TTHC đã giải quyết xong").

A bound figure is compared only when its unit fits the row (a percent row needs "%", a money
row a money unit, converted: 656.377.500 đồng = 656,3775 triệu đồng; a count row a fitting noun
or none) and its clause is about the report's year (a clause naming only another year, "Năm
2022: Ban hành 5 văn bản", speaks of another period). It agrees when it differs from the row
by less than one unit of the last digit either of them shows (656,3775 ≈ 656,3; 99,84 ≈
99,8495): the printed number may be rounded or cut. A figure that agrees is a suggested live
figure; one that does not is a warning quoting the sentence with both values.

3. **Ratios**: "a/b … đạt x%" written in one breath ("2036/ 2037 hồ sơ, đạt tỷ lệ 99,95%",
   "1041 hồ sơ/1049, đạt 99,2%") is recomputed; x must be 100·a/b within one unit of its last
   digit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from cchc_tui import messages as msg
from cchc_tui.base.cues import FIGURE, GAP, GAP_WORDS, NUMBER, PERCENT, SLASH, Cue
from cchc_tui.base.ids import RowKey
from cchc_tui.base.numbers import decimals_of, format_number
from cchc_tui.base.text import fold
from cchc_tui.domain.narrative_numbers import Figure, Scan, Sentence, TokenKind, UnitKind
from cchc_tui.template.loader import IndicatorInfo, LoadedTemplate
from cchc_tui.template.model import NUMERIC_KINDS, RowKind

LABEL_MIN_WORDS = 4
"""Shortest label (after its leading "Số"…) looked for in prose: shorter ones are too general
("TTHC cấp xã" in seed 001 is a part of the row "Số TTHC cấp xã (Bao gồm cả TTHC … ngành dọc)")."""


@dataclass(frozen=True)
class Matcher:
    """A compiled cue (or label) of one row: where it applies and its pattern."""

    row: RowKey
    pattern: re.Pattern[str]
    first: str
    """A literal word of the pattern (a sentence without it cannot match)."""
    scope: frozenset[str]
    """Sub-heading keys where it applies."""
    from_label: bool = False


@dataclass(frozen=True)
class Mention:
    """A figure of a sentence bound to a row (value-independent)."""

    row: RowKey
    figure: Figure
    sentence: tuple[int, int]
    from_label: bool
    years: tuple[int, ...]
    """Years named in the figure's clause ("năm 2022"), for the other-period rule."""
    window: tuple[str, str] | None
    """A date range written in the figure's clause ("Từ ngày 01/01/2023 đến ngày 10/8/2023")."""


@dataclass(frozen=True)
class Ratio:
    """ "a/b … đạt x%" in one sentence."""

    part: Figure
    whole: Figure
    percent: Figure
    sentence: tuple[int, int]


_MATCHERS: dict[int, tuple[LoadedTemplate, list[Matcher]]] = {}


def _scope(template: LoadedTemplate, info: IndicatorInfo, cue: Cue | None) -> frozenset[str]:
    sections = template.template.sections
    if cue is not None and cue.scope:
        keys: set[str] = set()
        for key in cue.scope:
            for section in sections:
                if section.key == key:
                    keys.update(s.key for s in section.subheadings)
                keys.update(s.key for s in section.subheadings if s.key == key)
        return frozenset(keys)
    area = info.form.area
    in_area = [s for s in sections if area and s.area == area]
    chosen = in_area or sections
    return frozenset(sub.key for s in chosen for sub in s.subheadings)


def _compile(elements: tuple[str, ...] | list[str], pauses: bool = True) -> str:
    """A regular expression over ``Sentence.encoded``; with ``pauses`` a comma or colon may
    stand after any element (cues are written without the text's punctuation)."""
    parts = [r"(?<![^ ])"]
    pause = "(?:[,:] )*" if pauses else ""
    for element in elements:
        if parts[-1] != r"(?<![^ ])":
            parts.append(pause)
        if element == FIGURE:
            parts.append(r"#(?P<n>\d+) ")
        elif element == NUMBER:
            parts.append(r"#(?:\d+|x) ")
        elif element == SLASH:
            parts.append("/ ")
        elif element == PERCENT:
            parts.append("% ")
        elif element == GAP:
            parts.append(rf"(?:[^#|\s]\S* ){{0,{GAP_WORDS}}}?")
        else:
            parts.append(re.escape(element) + " ")
    return "".join(parts)


def _label_core(label: str) -> list[str]:
    words = re.findall(r"[^\W_]+", fold(label))
    for prefix in sorted((fold(p).split() for p in msg.LABEL_PREFIXES), key=len, reverse=True):
        if words[: len(prefix)] == prefix:
            return words[len(prefix) :]
    return words


def matchers(template: LoadedTemplate) -> list[Matcher]:
    """The cue and label matchers of a template (compiled once per template object)."""
    cached = _MATCHERS.get(id(template))
    if cached is not None and cached[0] is template:
        return cached[1]
    found: list[Matcher] = []
    cores: dict[tuple[str, ...], list[IndicatorInfo]] = {}
    for info in template.indicators.values():
        if info.kind not in NUMERIC_KINDS:
            continue
        for cue in info.cues:
            found.append(
                Matcher(
                    info.key,
                    re.compile(_compile(cue.elements)),
                    max(cue.words, key=len),
                    _scope(template, info, cue),
                )
            )
        core = tuple(_label_core(info.indicator.label))
        if len(core) >= LABEL_MIN_WORDS:
            cores.setdefault(core, []).append(info)
    links = "|".join(re.escape(fold(w)) for w in msg.LABEL_LINKS)
    for core, infos in cores.items():
        if len(infos) != 1:
            continue  # a label printed on several rows names none of them
        info = infos[0]
        words = _compile(core, pauses=False)[len(r"(?<![^ ])") :]
        pattern = (
            rf"(?<![^ ]){words}(?:: )?(?:(?:{links}) )?#(?P<n>\d+) |(?<![^ ])#(?P<m>\d+) {words}"
        )
        found.append(
            Matcher(
                info.key,
                re.compile(pattern),
                max(core, key=len),
                _scope(template, info, None),
                from_label=True,
            )
        )
    _MATCHERS[id(template)] = (template, found)
    return found


def _clause_of(sentence: Sentence, index: int) -> tuple[int, int]:
    """Token range of the clause (between ``;``/``(``/``)``) holding token ``index``."""
    tokens = sentence.tokens
    start = index
    while start > 0 and tokens[start - 1].kind is not TokenKind.CLAUSE:
        start -= 1
    end = index
    while end < len(tokens) and tokens[end].kind is not TokenKind.CLAUSE:
        end += 1
    return start, end


_FROM = {fold(w) for w in msg.WINDOW_FROM}
_TO = {fold(w) for w in msg.WINDOW_TO}


def _window(sentence: Sentence, start: int, end: int) -> tuple[str, str] | None:
    dates = [t for t in sentence.tokens[start:end] if t.kind is TokenKind.DATE and t.day]
    if len(dates) < 2:
        return None
    words = " ".join(t.text for t in sentence.tokens[start:end])
    if not any(w in words.split() for w in _FROM) or not any(w in words.split() for w in _TO):
        return None
    first, last = dates[0].day, dates[1].day
    assert first is not None and last is not None
    return first.isoformat(), last.isoformat()


def find_mentions(template: LoadedTemplate, subkey: str, scan: Scan) -> list[Mention]:
    """Every figure of one sub-heading's text bound to a row by a cue or a label."""
    out: list[Mention] = []
    active = [m for m in matchers(template) if subkey in m.scope]
    if not active:
        return out
    for sentence in scan.sentences:
        encoded = sentence.encoded
        seen: set[tuple[int, str]] = set()
        for matcher in active:
            if matcher.first not in encoded:
                continue
            for match in matcher.pattern.finditer(encoded):
                number = match.group("n") if "n" in matcher.pattern.groupindex else None
                if number is None and "m" in matcher.pattern.groupindex:
                    number = match.group("m")
                if number is None:
                    continue
                index = int(number)
                if (index, matcher.row) in seen:
                    continue
                seen.add((index, matcher.row))
                token_index = next(i for i, t in enumerate(sentence.tokens) if t.figure == index)
                start, end = _clause_of(sentence, token_index)
                years = tuple(
                    t.year
                    for t in sentence.tokens[start:end]
                    if t.kind is TokenKind.YEAR and t.year
                ) + tuple(
                    t.day.year
                    for t in sentence.tokens[start:end]
                    if t.kind is TokenKind.DATE and t.day and t.text.startswith("thang")
                )
                out.append(
                    Mention(
                        matcher.row,
                        scan.figures[index],
                        (sentence.start, sentence.end),
                        matcher.from_label,
                        years,
                        _window(sentence, start, end),
                    )
                )
    # a figure bound by a cue is not bound again by a label
    by_cue = {(m.figure.start, m.row) for m in out if not m.from_label}
    cued_figures = {m.figure.start for m in out if not m.from_label}
    return [
        m
        for m in out
        if not m.from_label
        or (m.figure.start not in cued_figures and (m.figure.start, m.row) not in by_cue)
    ]


_REACH = "|".join(
    re.escape(" ".join(fold(w).split())) for w in sorted(msg.RATIO_REACHES, key=len, reverse=True)
)
_RATIO = re.compile(
    rf"(?<![^ ])#(?P<a>\d+) (?:[^#|/\s%]\S* ){{0,4}}/ #(?P<b>\d+) (?:[^#|/\s%]\S* ){{0,4}}"
    rf"(?:\| )?(?:{_REACH}) #(?P<x>\d+) % "
)


def find_ratios(scan: Scan) -> list[Ratio]:
    """Every "a/b … đạt x%" of a text (the gap holds only the units and one bracket)."""
    out = []
    for sentence in scan.sentences:
        if "/" not in sentence.encoded or "%" not in sentence.encoded:
            continue
        for match in _RATIO.finditer(sentence.encoded):
            a, b, x = (scan.figures[int(match.group(g))] for g in ("a", "b", "x"))
            if x.unit is None or x.unit.kind is not UnitKind.PERCENT:
                continue
            out.append(Ratio(a, b, x, (sentence.start, sentence.end)))
    return out


# --- comparing with the values ---------------------------------------------------------------


def _unit_words(info: IndicatorInfo) -> tuple[str, ...]:
    unit = " ".join(re.findall(r"[^\W_]+", fold(info.indicator.unit_of_measure)))
    for name, words in msg.COUNT_UNITS.items():
        if fold(name) == unit:
            return tuple(" ".join(re.findall(r"[^\W_]+", fold(w))) for w in words)
    return (unit,) if unit else ()


_KNOWN_NOUNS = {
    " ".join(re.findall(r"[^\W_]+", fold(w))) for words in msg.COUNT_UNITS.values() for w in words
} | {fold(w) for w in msg.OTHER_NOUNS}


def converted(info: IndicatorInfo, figure: Figure, from_label: bool) -> Decimal | None:
    """The figure in the row's unit, or ``None`` when its unit does not fit the row."""
    unit = figure.unit
    kind = info.kind
    if kind is RowKind.PERCENT:
        return figure.value if unit is not None and unit.kind is UnitKind.PERCENT else None
    if kind is RowKind.MONEY:
        if unit is None or unit.kind is not UnitKind.MONEY:
            return None
        return figure.value * unit.factor / Decimal(1_000_000)  # rows are in triệu đồng
    if unit is not None and unit.kind in (UnitKind.PERCENT, UnitKind.MONEY):
        return None
    if unit is None or not unit.words or not from_label:
        return figure.value  # a cue names the figure's noun itself
    words = unit.words
    fits = _unit_words(info)
    if any(words == w or words.startswith(w + " ") for w in fits if w):
        return figure.value
    if any(words == n or words.startswith(n + " ") for n in _KNOWN_NOUNS):
        return None  # another counted noun ("05 cuộc" is no "văn bản")
    return figure.value


def agrees(figure_value: Decimal, figure_text: str, row_value: Decimal, row_shown: str) -> bool:
    """Whether a written figure and a row agree: they differ by less than one unit of the last
    digit the coarser of the two shows (a printed number may be rounded or cut)."""
    shown = min(_decimals(figure_text), _decimals(row_shown))
    return abs(figure_value - row_value) < Decimal(1).scaleb(-shown)


def _decimals(text: str) -> int:
    _, _, frac = text.partition(",")
    return len(frac) if frac.isdigit() else 0


def ratio_agrees(ratio: Ratio) -> tuple[bool, Decimal | None]:
    """``(agrees, exact percentage)`` of a written ratio (no check for a zero whole)."""
    if ratio.whole.value == 0:
        return True, None
    exact = ratio.part.value * 100 / ratio.whole.value
    tolerance = Decimal(1).scaleb(-decimals_of(ratio.percent.value))
    return abs(exact - ratio.percent.value) < tolerance, exact


def shown_exact(value: Decimal, like: Decimal) -> str:
    """``value`` with as many decimals as ``like`` shows, at least two (99,85 not 99,8495…)."""
    return format_number(value, max(2, decimals_of(like)))
