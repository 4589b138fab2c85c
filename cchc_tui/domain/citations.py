"""Documents cited in the narrative and the header's basis, against the appendix and each other.

A citation is "<kind> [số] <number/symbol> [, ngày <date>]": "Kế hoạch số 22/KH-UBND ngày
01 tháng 3 năm 2023", "Quyết định số 37/QĐ - UBND, ngày 27/3/2023", "QĐ số 15/QĐ-UBND ngày
31/01/2023", "kế hoạch số 39" (seed 001). A bare number needs "số" ("Nghị định 61" is no
citation). The date is the one written right after the number, or a "Ngày dd/mm/yyyy" that
opens the clause of an issuing verb ("Ngày 26/7/2023 UBND xã đã ban hành kế hoạch số
50/KH-UBND").

Findings (sources: the seeds; Nghị định 30/2020/NĐ-CP, Phụ lục III for the symbols):

* **type and symbol** — the symbol's first group names a kind in the template's
  ``document_types`` that is not the cited kind ("Công văn số 271/KH-UBND": KH is a plan);
* **missing from the appendix** — a document the unit's own People's Committee issued in the
  period (its issuer written after it, "của UBND xã", or the committee the clause speaks of,
  "UBND xã đã ban hành …") that the appendix does not list; checked only when the appendix
  lists something. Documents of other issuers (huyện, tỉnh, Chính phủ, HĐND, Đảng ủy; symbols
  such as ``NĐ-CP``, ``NQ-HĐND``, ``KH/ĐU``; numbers with a year, "28/2016/QĐ-UBND") are not
  expected there;
* **another date or kind than the appendix** for the same number;
* **two dates** for one number in the text (seed 004: "Kế hoạch số 134/KH-UBND ngày 03/2/2023"
  and "… ngày 02/3/2023");
* **year of the number** ("28/2016/QĐ-UBND") other than the year of its date.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date

from cchc_tui import messages as msg
from cchc_tui.base.text import fold
from cchc_tui.domain.documents import format_vn_date, normalize_number
from cchc_tui.domain.narrative_numbers import fold_keep_length
from cchc_tui.domain.report import Document, Period, ReportingUnit
from cchc_tui.template.model import Appendix


@dataclass(frozen=True)
class Citation:
    """A document cited in a text.

    ``kind`` is the kind as the template names it ("Kế hoạch") or as written; ``number`` the
    number/symbol normalised (``37/QĐ-UBND``); ``lead`` its number part with letter
    (``22a``); ``date`` its date and ``strong`` whether that date is written right after it;
    ``own`` whether the unit's own People's Committee issued it; ``start``–``end`` its place.
    """

    kind: str
    number: str
    lead: str
    symbol: str
    year: int | None
    date: date | None
    strong: bool
    own: bool
    start: int
    end: int


def _alternatives(words: list[str]) -> str:
    folded = sorted({" ".join(fold(w).split()) for w in words if w.strip()}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in folded)


_NAMES: dict[int, tuple[Appendix | None, tuple[dict[str, str], dict[str, str]]]] = {}


def _names(appendix: Appendix | None) -> tuple[dict[str, str], dict[str, str]]:
    """(folded kind → kind name, symbol → kind name), worked out once per appendix."""
    cached = _NAMES.get(id(appendix))
    if cached is not None and cached[0] is appendix:
        return cached[1]
    found = _work_names(appendix)
    _NAMES[id(appendix)] = (appendix, found)
    return found


def _work_names(appendix: Appendix | None) -> tuple[dict[str, str], dict[str, str]]:
    names = {" ".join(fold(w).split()): w for w in msg.DOC_TYPE_WORDS}
    symbols: dict[str, str] = {}
    if appendix is not None:
        for doc_type in appendix.document_types:
            names[" ".join(fold(doc_type.name).split())] = doc_type.name
            for symbol in doc_type.symbols:
                symbols[symbol.upper()] = doc_type.name
    return names, symbols


_NUM = (
    r"(?P<num>\d+-[a-z]{1,8}/[a-z]{1,8}"
    r"|\d+[a-z]?(?:\s?/\s?\d{4})?(?:\s?/\s?[a-z]{1,8}(?:\s?[-\u2013]\s?[a-z]{1,8})*)?)"
    r"(?![\w/-])"
)
_DATE = r"(?P<date>\d{1,2}/\d{1,2}/\d{4}|\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4})(?!\d)"
_DATE_ONLY = re.compile(_DATE)
_PATTERNS: dict[tuple[str, ...], re.Pattern[str]] = {}


def _pattern(names: dict[str, str], symbols: dict[str, str]) -> re.Pattern[str]:
    key = tuple(sorted(names)) + ("|",) + tuple(sorted(symbols))
    found = _PATTERNS.get(key)
    if found is None:
        kinds = _alternatives(list(names))
        abbreviations = _alternatives([s for s in symbols if len(s) >= 2 and s != "UBND"])
        so = fold(msg.DOC_NUMBER_WORD)
        day = fold(msg.DOC_DATE_WORD)
        found = re.compile(
            rf"(?<![^\W_])(?:(?P<kind>{kinds})(?:\s+(?P<so>{so}))?|(?P<abbr>{abbreviations})\s+{so})"
            rf"\s*:?\s*{_NUM}(?:\s*,?\s*{day}\s+{_DATE})?"
        )
        _PATTERNS[key] = found
    return found


def _to_date(text: str) -> date | None:
    parts = [int(p) for p in re.findall(r"\d+", text)]
    try:
        return date(parts[2], parts[1], parts[0])
    except (ValueError, IndexError):
        return None


_AGENCY = re.compile(
    r"(?<![^\W_])(?:chu\s+tich\s+)?(?:ubnd|uy\s+ban\s+nhan\s+dan|dang\s+uy|hdnd|"
    r"hoi\s+dong\s+nhan\s+dan|chinh\s+phu|thu\s+tuong)(?P<level>(?:\s+[a-z]+){0,2})"
)


def _agency_is_own(text: str, unit: ReportingUnit) -> bool | None:
    """Whether an agency phrase (folded) is the unit's own People's Committee; ``None`` when
    ``text`` names no agency."""
    match = _AGENCY.search(text)
    if match is None:
        return None
    head = match.group()
    if any(w in head for w in ("dang uy", "hdnd", "hoi dong", "chinh phu", "thu tuong")):
        return False
    level = match.group("level").split()
    own = [fold(w) for w in msg.OWN_LEVELS.get(unit.kind, ())]
    others = [fold(w) for w in msg.OTHER_ISSUERS]
    words = " ".join(level)
    if any(words.startswith(o) for o in own if o):
        return True
    # "UBND giao …", "UBND về …": the committee the report is of
    return not any(words.startswith(o) for o in others if o)


def parse_citations(
    text: str, appendix: Appendix | None, unit: ReportingUnit, folded: str | None = None
) -> list[Citation]:
    """Every document cited in ``text`` in order (``folded``: the text folded by
    ``fold_keep_length``, when known); never raises."""
    names, symbols = _names(appendix)
    if folded is None:
        folded = fold_keep_length(text)
    if not re.search(r"\d", folded):
        return []
    out: list[Citation] = []
    pattern = _pattern(names, symbols)
    subjects = _subjects(folded)
    for match in pattern.finditer(folded):
        kind_text = match.group("kind") or match.group("abbr") or ""
        number_raw = text[match.start("num") : match.end("num")]
        has_symbol = "/" in number_raw or "-" in number_raw
        if match.group("kind") and not match.group("so") and not has_symbol:
            continue  # "Nghị định 61": a bare number needs "số"
        if match.group("abbr"):
            kind = symbols.get(text[match.start("abbr") : match.end("abbr")].upper(), kind_text)
        else:
            kind = names.get(" ".join(kind_text.split()), kind_text)
        number = normalize_number(number_raw)
        party = re.fullmatch(r"(\d+)-([A-Z\u0110]+)/([A-Z\u0110]+)", number)  # 35-KH/ĐU
        groups = re.split(r"[/-]", number)
        lead = groups[0]
        year = next((int(g) for g in groups[1:] if re.fullmatch(r"\d{4}", g)), None)
        symbol_groups = [g for g in groups[1:] if not g.isdigit()]
        symbol = "-".join(symbol_groups)
        if party:
            symbol = f"{party.group(2)}/{party.group(3)}"
        day = _to_date(match.group("date")) if match.group("date") else None
        strong = day is not None
        end = match.end()
        if day is None:
            day = _leading_date(folded, match.start())
        own = (
            _is_own(folded, match.start(), end, symbol_groups, year, unit, *subjects) and not party
        )
        out.append(Citation(kind, number, lead, symbol, year, day, strong, own, match.start(), end))
    return out


_VERBS = [" ".join(fold(v).split()) for v in msg.DOC_ISSUED_VERBS]


def _leading_date(folded: str, start: int) -> date | None:
    """The "Ngày dd/mm/yyyy" opening the clause of the citation at ``start``, when an issuing
    verb stands between them and no other number."""
    clause_start = max(folded.rfind(c, 0, start) for c in (";", "\n", ". ")) + 1
    before = folded[clause_start:start]
    found = list(re.finditer(rf"(?:^|(?<=[\s,(]))ngay\s+{_DATE}", before))
    if not found:
        return None
    match = found[-1]
    middle = before[match.end() :]
    if re.search(r"\d", middle) or not any(
        re.search(rf"(?<![^\W_]){re.escape(v)}(?![^\W_])", middle) for v in _VERBS
    ):
        return None
    return _to_date(match.group("date"))


def _is_own(
    folded: str,
    start: int,
    end: int,
    symbol_groups: list[str],
    year: int | None,
    unit: ReportingUnit,
    subjects: list[int],
    subject_texts: list[str],
) -> bool:
    not_ubnd = {s.upper() for s in msg.NOT_UBND_SYMBOLS}
    if any(g in not_ubnd for g in symbol_groups) or year is not None:
        return False
    if symbol_groups and "UBND" not in symbol_groups:
        return False
    after = folded[end : end + 80]
    issuer = re.match(r"\s*,?\s*(?:(?:cua|do)\s+)?(?P<who>[^;.\n]*)", after)
    if issuer is not None and re.match(
        r"\s*,?\s*(?:(?:cua|do)\s+)?(?:chu\s+tich\s+)?(?:ubnd|uy\s+ban|dang\s+uy|hdnd|hoi\s+dong|chinh\s+phu|thu\s+tuong)",
        after,
    ):
        decided = _agency_is_own(issuer.group("who")[:60], unit)
        if decided is not None:
            return decided
    # the committee the text last spoke of ("UBND xã đã ban hành các Quyết định …, cụ thể:
    # + … (QĐ số 15/QĐ-UBND …)"), skipping agencies named as issuers of other documents
    index = bisect.bisect_left(subjects, start) - 1
    if index < 0:
        return False
    return bool(_agency_is_own(subject_texts[index], unit))


def _subjects(folded: str) -> tuple[list[int], list[str]]:
    """Starts and texts of the agencies a text names as the one acting (not "của …")."""
    starts: list[int] = []
    texts: list[str] = []
    for m in _AGENCY.finditer(folded):
        if not re.search(r"(?:cua|do)\s+$", folded[max(0, m.start() - 5) : m.start()]):
            starts.append(m.end())
            texts.append(m.group())
    return starts, texts


# --- checks ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CitationIssue:
    """A problem of one citation: which check (``type``, ``missing``, ``date``, ``kind``,
    ``dates``, ``year``), its Vietnamese message and the citation."""

    check: str
    message: str
    citation: Citation


def _shown(citation: Citation) -> str:
    return (
        msg.FIND_CITE_DATE_SUFFIX.format(date=format_vn_date(citation.date))
        if citation.date
        else ""
    )


def check_type(citation: Citation, appendix: Appendix | None) -> CitationIssue | None:
    """The symbol's first group names another kind than the one cited."""
    _, symbols = _names(appendix)
    if not citation.symbol or "/" in citation.symbol:
        return None
    first = citation.symbol.split("-")[0]
    symbol_kind = symbols.get(first)
    if symbol_kind is None or fold(symbol_kind) == fold(citation.kind):
        return None
    if fold(citation.kind) not in {fold(n) for n in symbols.values()}:
        return None  # a kind the template does not know (Tờ trình, Phương án): no rule
    return CitationIssue(
        "type",
        msg.FIND_CITE_TYPE.format(
            kind=citation.kind, number=citation.number, symbol=first, symbol_type=symbol_kind
        ),
        citation,
    )


def check_year(citation: Citation) -> CitationIssue | None:
    """The year inside the number ("28/2016/QĐ-UBND") differs from its date's year."""
    if citation.year is None or citation.date is None or not citation.strong:
        return None
    if citation.year == citation.date.year:
        return None
    return CitationIssue(
        "year",
        msg.FIND_CITE_YEAR.format(
            kind=citation.kind,
            number=citation.number,
            year=citation.year,
            date=format_vn_date(citation.date),
        ),
        citation,
    )


def _same_kind(a: str, b: str) -> bool:
    return fold(a) == fold(b)


def find_listed(
    citation: Citation, documents: list[Document], numbers: list[str] | None = None
) -> Document | None:
    """The appendix document with the citation's number (or, for a bare number on either side,
    its number part and kind); ``numbers``: the documents' numbers normalised, when known."""
    if numbers is None:
        numbers = [normalize_number(d.number) for d in documents]
    for doc, number in zip(documents, numbers, strict=True):
        if number == citation.number:
            return doc
    for doc, number in zip(documents, numbers, strict=True):
        lead = re.split(r"[/-]", number)[0]
        bare_doc = "/" not in number
        bare_cite = not citation.symbol
        if (
            lead == citation.lead
            and (bare_doc or bare_cite)
            and _same_kind(doc.type, citation.kind)
            and (not citation.strong or citation.date == doc.date)
        ):
            return doc
    return None


def _digits(number: str) -> str:
    """The leading digits of a number/symbol ("22a/KH-UBND" → "22")."""
    match = re.match(r"\d+", number)
    return match.group() if match else ""


def check_against_appendix(
    citation: Citation,
    documents: list[Document],
    period: Period,
    last_day: date,
    numbers: list[str] | None = None,
) -> list[CitationIssue]:
    """Missing from the appendix (own documents of the period), or listed with another date or
    kind (``numbers`` as for :func:`find_listed`)."""
    if not documents:
        return []
    listed = find_listed(citation, documents, numbers)
    if listed is None:
        if not citation.own or citation.date is None:
            return []
        if not period.start <= citation.date <= last_day:
            return []
        text = msg.FIND_CITE_MISSING.format(
            kind=citation.kind, number=citation.number, date=_shown(citation)
        )
        digits = _digits(citation.lead)
        near = [
            d
            for d in documents
            if d.date == citation.date
            and _same_kind(d.type, citation.kind)
            and digits
            and _digits(normalize_number(d.number)) == digits
        ]
        if near:
            text += msg.FIND_CITE_NEAR.format(near=normalize_number(near[0].number))
        return [CitationIssue("missing", text, citation)]
    issues = []
    if citation.date is not None and citation.strong and citation.date != listed.date:
        issues.append(
            CitationIssue(
                "date",
                msg.FIND_CITE_DATE.format(
                    kind=citation.kind,
                    number=citation.number,
                    date=format_vn_date(citation.date),
                    listed=format_vn_date(listed.date),
                ),
                citation,
            )
        )
    if not _same_kind(listed.type, citation.kind) and fold(citation.kind) in {
        " ".join(fold(w).split()) for w in msg.DOC_TYPE_WORDS
    }:
        issues.append(
            CitationIssue(
                "kind",
                msg.FIND_CITE_LISTED_TYPE.format(
                    number=citation.number, kind=citation.kind, listed=listed.type
                ),
                citation,
            )
        )
    return issues


def two_dates(first: Citation, later: Citation, where: str) -> CitationIssue | None:
    """The same number cited with two dates (both written right after the number)."""
    if not (first.strong and later.strong and first.date and later.date):
        return None
    if first.number != later.number or first.date == later.date or "/" not in first.number:
        return None
    return CitationIssue(
        "dates",
        msg.FIND_CITE_TWO_DATES.format(
            kind=later.kind,
            number=later.number,
            date=format_vn_date(later.date),
            other=format_vn_date(first.date),
            where=where,
        ),
        later,
    )
