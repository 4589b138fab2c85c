"""The narrative checks in one pass: live figures, figures vs forms, ratios, citations, periods.

Run by the validation engine (``domain.validation``, one call: :func:`check_narrative`), so
every issue found here is a finding like any other: listed, explained, counted at sign-off.
Each issue carries its place: the sub-heading key and the sentence's ``span`` (offsets in the
text as the officer sees it, live figures rendered), so the findings screen opens the editor
on that sentence.

Cost: reading a text (sentences, figures, cues, citations) depends only on the text and the
template; it is kept (``_FACTS``, most recent texts) so that a change of one sub-heading or of
one value re-reads only what changed; comparing with the values is linear in the figures
found. ``bench/bench_narrative.py`` measures both.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from cchc_tui import messages as msg
from cchc_tui.base.ids import RowKey
from cchc_tui.base.rules import NOT_APPLICABLE, Value
from cchc_tui.base.text import fold
from cchc_tui.domain import citations, contradictions, links, periods
from cchc_tui.domain.documents import format_vn_date, normalize_number
from cchc_tui.domain.header import closing_sentence, report_title
from cchc_tui.domain.narrative_numbers import Figure, Scan, UnitKind, scan
from cchc_tui.domain.report import Document, Period, ReportData
from cchc_tui.template.loader import IndicatorInfo, LoadedTemplate
from cchc_tui.template.model import Severity

HEADER_KEY = "header"
"""Key of issues of the header (title, basis, date)."""
CLOSING_KEY = "closing"
"""Key of issues of the closing sentence."""
QUOTE_CHARS = 140
"""Longest sentence quoted in a message."""
CACHE_TEXTS = 1024
"""Texts whose reading is kept."""


@dataclass(frozen=True)
class Issue:
    """A narrative finding before it joins the engine's list (see ``validation.Finding``)."""

    id: str
    key: str
    part: str
    severity: Severity
    kind: str
    """``figure``, ``ratio``, ``citation``, ``period`` or ``link`` (``FindingKind`` values)."""
    message: str
    expected: str | None = None
    span: tuple[int, int] | None = None
    """The sentence, as offsets in the rendered text of sub-heading ``key``."""
    figure: tuple[int, int] | None = None
    """The figure a ``figure`` issue is about (offsets), the one a live figure can replace."""
    row: str | None = None
    """The row a ``figure`` issue compares with."""


@dataclass(frozen=True)
class Suggestion:
    """A figure bound to a row: it agrees (a live figure could replace it) or not."""

    key: str
    start: int
    end: int
    row: RowKey
    agrees: bool
    value: str
    """The row's value as the form shows it."""


@dataclass
class NarrativeCheck:
    """Issues, suggestions and the rendered text of every sub-heading."""

    issues: list[Issue] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    rendered: dict[str, tuple[str, list[links.Link]]] = field(default_factory=dict)
    rows: set[str] = field(default_factory=set)
    """Every row a figure or a live figure of the narrative speaks of (what it reads)."""


@dataclass(frozen=True)
class _Facts:
    """What one text says, independently of the report's values."""

    scan: Scan
    mentions: tuple[contradictions.Mention, ...]
    ratios: tuple[contradictions.Ratio, ...]
    citations: tuple[citations.Citation, ...]
    report_sentences: tuple[tuple[int, int], ...]


_FACTS: OrderedDict[tuple[int, str, str, str], _Facts] = OrderedDict()
_FACTS_LOCK = threading.Lock()
"""The editor validates in a worker thread while the screens may validate too."""


def _facts(
    template: LoadedTemplate, unit_kind: str, key: str, text: str, report: ReportData
) -> _Facts:
    cache_key = (id(template), unit_kind, key, text)
    with _FACTS_LOCK:
        found = _FACTS.get(cache_key)
        if found is not None:
            _FACTS.move_to_end(cache_key)
            return found
    scanned = scan(text)
    found = _Facts(
        scanned,
        tuple(contradictions.find_mentions(template, key, scanned)),
        tuple(contradictions.find_ratios(scanned)),
        tuple(
            citations.parse_citations(text, template.template.appendix, report.unit, scanned.folded)
        ),
        tuple(periods.report_sentences(text, scanned.folded)),
    )
    with _FACTS_LOCK:
        _FACTS[cache_key] = found
        if len(_FACTS) > CACHE_TEXTS:
            _FACTS.popitem(last=False)
    return found


def clear_cache() -> None:
    """Forget every text read (for the benchmark's cold runs)."""
    with _FACTS_LOCK:
        _FACTS.clear()


def quote(text: str, span: tuple[int, int], focus: tuple[int, int] | None = None) -> str:
    """The sentence at ``span`` on one line, cut to ``QUOTE_CHARS`` around ``focus``."""
    start, end = span
    sentence = text[start:end]
    if focus is not None and len(" ".join(sentence.split())) > QUOTE_CHARS:
        middle = (focus[0] + focus[1]) // 2 - start
        first = max(0, middle - QUOTE_CHARS // 2)
        last = min(len(sentence), first + QUOTE_CHARS)
        first = max(0, last - QUOTE_CHARS)
        cut = sentence[first:last]
        sentence = (
            (msg.SENTENCE_CUT if first else "")
            + cut
            + (msg.SENTENCE_CUT if last < len(sentence) else "")
        )
    flat = " ".join(sentence.split()).strip(" +-*•")
    if len(flat) > QUOTE_CHARS + 2:
        flat = flat[:QUOTE_CHARS] + msg.SENTENCE_CUT
    return flat


def _stt(info: IndicatorInfo) -> str:
    return info.indicator.stt.rstrip(".") or info.key.part


def check_narrative(
    template: LoadedTemplate,
    report: ReportData,
    effective: dict[str, Value],
    display: Callable[[IndicatorInfo], str],
) -> NarrativeCheck:
    """Every narrative, citation, date and live-figure issue of a report.

    Args:
        template: the report's template (cues, labels, document kinds, appendix).
        report: the report (narrative with live-figure tokens, header, documents, period).
        effective: the value of every row as the engine uses it (derived rows derived).
        display: a row's value as the form shows it (``ValidationResult.display``).

    Returns:
        Issues in report order, suggested live figures, and each sub-heading's rendered text.
    """
    run = _Check(template, report, effective, display)
    run.links_and_figures()
    run.citations()
    run.periods()
    return run.result


class _Check:
    def __init__(
        self,
        template: LoadedTemplate,
        report: ReportData,
        effective: dict[str, Value],
        display: Callable[[IndicatorInfo], str],
    ) -> None:
        self.t = template
        self.report = report
        self.effective = effective
        self.display = display
        self.result = NarrativeCheck()
        self.ids: dict[str, int] = {}

    def _period_words(
        self,
        key: str,
        text: str,
        period: Period,
        where: str,
        span: tuple[int, int] | None = None,
    ) -> None:
        """A warning for each phrase of ``text`` that names another period than the report's
        (``periods.words_problems``), placed at ``key`` (and its sentence ``span``)."""
        for phrase, message in periods.words_problems(text, period, where):
            issue_id = f"period:{key}:{fold(phrase.text)}"
            self.add(
                Issue(issue_id, key, "narrative", Severity.WARNING, "period", message, span=span)
            )

    def add(self, issue: Issue) -> None:
        count = self.ids.get(issue.id, 0) + 1
        self.ids[issue.id] = count
        if count > 1:
            issue = Issue(**{**issue.__dict__, "id": f"{issue.id}#{count}"})
        self.result.issues.append(issue)

    def show(self, row: RowKey) -> str | None:
        info = self.t.indicators.get(row)
        if info is None or not info.holds_value:
            return None
        return self.display(info)

    # --- live figures and figures ------------------------------------------------------------

    def texts(self) -> list[tuple[str, str]]:
        """``(sub-heading key, stored text)`` in template order."""
        narrative = self.report.narrative
        return [(k, narrative[k]) for k in self.t.section_keys if narrative.get(k, "").strip()]

    def links_and_figures(self) -> None:
        for key, stored in self.texts():
            rendered, found = links.render(stored, self.show)
            self.result.rendered[key] = (rendered, found)
            for link in found:
                self.result.rows.add(link.row)
                self.check_link(key, rendered, link)
            facts = _facts(self.t, self.report.unit.kind, key, rendered, self.report)
            self.result.rows.update(mention.row for mention in facts.mentions)
            linked = [(k.start, k.end) for k in found]
            for mention in facts.mentions:
                if any(a <= mention.figure.start < b for a, b in linked):
                    continue  # a live figure follows its row by construction
                self.compare(key, rendered, mention)
            for ratio in facts.ratios:
                self.check_ratio(key, rendered, ratio)

    def check_link(self, key: str, rendered: str, link: links.Link) -> None:
        info = self.t.indicators.get(link.row)
        span = self.sentence_span(key, rendered, link.start)
        if info is None or not info.holds_value:
            self.add(
                Issue(
                    f"link:{key}:{link.row}",
                    key,
                    "narrative",
                    Severity.ERROR,
                    "link",
                    msg.FIND_LINK_UNKNOWN.format(key=link.row),
                    span=span,
                )
            )
            return
        if self.effective.get(link.row) is None and not info.required:
            self.add(
                Issue(
                    f"link:{key}:{link.row}",
                    key,
                    "narrative",
                    Severity.ERROR,
                    "link",
                    msg.FIND_LINK_EMPTY.format(
                        stt=_stt(info), label=info.indicator.label, form=self.form_name(info)
                    ),
                    span=span,
                )
            )

    def form_name(self, info: IndicatorInfo) -> str:
        return msg.LINK_FORM_SHORT.format(number=info.form.number)

    def compare(self, key: str, rendered: str, mention: contradictions.Mention) -> None:
        info = self.t.indicators[mention.row]
        year = self.report.period.end.year
        if mention.years and year not in mention.years:
            return  # the clause speaks of another year ("Năm 2022: Ban hành 5 văn bản")
        value = self.effective.get(mention.row)
        if not isinstance(value, Decimal) or value is NOT_APPLICABLE:
            return
        figure = mention.figure
        written = contradictions.converted(info, figure, mention.from_label)
        if written is None:
            return
        shown = self.display(info)
        agrees = contradictions.agrees(written, figure.text, value, shown)
        self.result.suggestions.append(
            Suggestion(key, figure.start, figure.end, mention.row, agrees, shown)
        )
        if agrees:
            return
        sentence = quote(rendered, mention.sentence, (figure.start, figure.end))
        text = msg.FIND_FIGURE.format(
            sentence=sentence,
            figure=_written(rendered, figure),
            stt=_stt(info),
            label=info.indicator.label,
            form=self.form_name(info),
            value=_with_unit(shown, info.indicator.unit_of_measure),
        )
        if mention.window is not None:
            first, last = (date.fromisoformat(d) for d in mention.window)
            period = self.report.period
            if (first, last) != (period.start, period.end):
                text += msg.FIND_FIGURE_WINDOW.format(
                    window=msg.PERIOD_SHOWN.format(
                        start=format_vn_date(first), end=format_vn_date(last)
                    ),
                    period=periods.period_shown(period),
                )
        self.add(
            Issue(
                f"figure:{key}:{mention.row}",
                key,
                "narrative",
                Severity.WARNING,
                "figure",
                text,
                shown,
                mention.sentence,
                (figure.start, figure.end),
                mention.row,
            )
        )

    def check_ratio(self, key: str, rendered: str, ratio: contradictions.Ratio) -> None:
        ok, exact = contradictions.ratio_agrees(ratio)
        if ok or exact is None:
            return
        shown = contradictions.shown_exact(exact, ratio.percent.value)
        self.add(
            Issue(
                f"ratio:{key}:{ratio.part.text}/{ratio.whole.text}",
                key,
                "narrative",
                Severity.WARNING,
                "ratio",
                msg.FIND_RATIO.format(
                    sentence=quote(rendered, ratio.sentence, (ratio.part.start, ratio.percent.end)),
                    part=ratio.part.text,
                    whole=ratio.whole.text,
                    exact=shown,
                    printed=ratio.percent.text,
                ),
                shown,
                ratio.sentence,
            )
        )

    # --- citations ----------------------------------------------------------------------------

    def citations(self) -> None:
        appendix = self.t.template.appendix
        texts: list[tuple[str, str]] = []
        if self.report.header.basis.strip():
            texts.append((HEADER_KEY, self.report.header.basis))
        texts += [(k, self.result.rendered[k][0]) for k, _ in self.texts()]
        documents = self.report.documents
        numbers = [normalize_number(d.number) for d in documents]
        last_day = self.report.header.date or self.report.period.end
        first_seen: dict[str, tuple[citations.Citation, str]] = {}
        reported: set[tuple[str, str, str]] = set()
        for key, text in texts:
            if key == HEADER_KEY:
                found = citations.parse_citations(text, appendix, self.report.unit)
            else:
                found = list(
                    _facts(self.t, self.report.unit.kind, key, text, self.report).citations
                )
            for citation in found:
                issues: list[citations.CitationIssue] = []
                for one in (
                    citations.check_type(citation, appendix),
                    citations.check_year(citation),
                ):
                    if one is not None:
                        issues.append(one)
                issues += citations.check_against_appendix(
                    citation, documents, self.report.period, last_day, numbers
                )
                earlier = first_seen.get(citation.number)
                if earlier is not None:
                    two = citations.two_dates(earlier[0], citation, earlier[1])
                    if two is not None:
                        issues.append(two)
                elif citation.strong:
                    first_seen[citation.number] = (citation, key)
                for issue in issues:
                    mark = (key, issue.check, citation.number)
                    if mark in reported:
                        continue
                    reported.add(mark)
                    self.add(
                        Issue(
                            f"citation:{key}:{issue.check}:{citation.number}",
                            key,
                            "narrative",
                            Severity.WARNING,
                            "citation",
                            issue.message,
                            span=None
                            if key == HEADER_KEY
                            else self.sentence_span(key, text, citation.start),
                        )
                    )

    def sentence_span(self, key: str, text: str, position: int) -> tuple[int, int]:
        facts = _facts(self.t, self.report.unit.kind, key, text, self.report)
        for sentence in facts.scan.sentences:
            if sentence.start <= position <= sentence.end:
                return sentence.start, sentence.end
        return position, position

    # --- periods ------------------------------------------------------------------------------

    def periods(self) -> None:
        report, period = self.report, self.report.period
        problem = periods.report_date_problem(report.header.date, period)
        if problem:
            self.add(
                Issue(
                    "period:header:date",
                    HEADER_KEY,
                    "narrative",
                    Severity.WARNING,
                    "period",
                    problem,
                )
            )
        appendix = self.t.template.appendix
        if appendix is not None and appendix.count_row:
            last_day = report.header.date or period.end
            for doc in report.documents:
                problem = periods.document_date_problem(doc, period, last_day)
                if problem:
                    key = _document_key(doc)
                    self.add(
                        Issue(f"period:{key}", key, "appendix", Severity.WARNING, "period", problem)
                    )
        title = report_title(report, self.t.template)
        for where, key, text in (
            (msg.PLACE_TITLE, HEADER_KEY, title),
            (msg.PLACE_CLOSING, CLOSING_KEY, closing_sentence(report, self.t.template)),
        ):
            self._period_words(key, text, period, where)
        places = [(HEADER_KEY, report.header.basis)] + [
            (k, self.result.rendered[k][0]) for k, _ in self.texts()
        ]
        for key, text in places:
            if key == HEADER_KEY:
                sentences: tuple[tuple[int, int], ...] = tuple(periods.report_sentences(text))
            else:
                facts = _facts(self.t, self.report.unit.kind, key, text, self.report)
                sentences = facts.report_sentences
            for start, end in sentences:
                sentence = text[start:end]
                where = (
                    msg.PLACE_BASIS
                    if key == HEADER_KEY
                    else msg.PLACE_SENTENCE.format(sentence=quote(text, (start, end)))
                )
                span = None if key == HEADER_KEY else (start, end)
                self._period_words(key, sentence, period, where, span)


def _written(text: str, figure: Figure) -> str:
    """A figure as written, with its unit when it is a sign or money ("99,84%", "656.377.500
    đồng")."""
    number = text[figure.start : figure.end]
    if figure.unit is None or figure.unit.kind is UnitKind.NOUN:
        return number
    if figure.unit.kind is UnitKind.PERCENT:
        return number + "%"
    words = re.findall(r"[^\W\d_]+", text[figure.end : figure.end + 24])
    return " ".join([number, *words[: len(figure.unit.words.split())]])


def _with_unit(shown: str, unit_of_measure: str) -> str:
    """A row's value with its unit ("240 thủ tục", "99,85%"); codes' legends are left out."""
    unit = unit_of_measure.strip()
    if not unit or "=" in unit:
        return shown
    if unit == "%":
        return shown + "%"
    for prefix in sorted(msg.LABEL_PREFIXES, key=len, reverse=True):
        if fold(unit).startswith(fold(prefix) + " "):
            unit = unit[len(prefix) + 1 :]  # "Số lượng hồ sơ" → "hồ sơ"
            break
    return f"{shown} {unit[:1].lower()}{unit[1:]}"


def _document_key(doc: Document) -> str:
    """Same as ``validation.document_key`` (kept here to avoid an import cycle)."""
    return f"{doc.number}@{doc.date.isoformat()}"
