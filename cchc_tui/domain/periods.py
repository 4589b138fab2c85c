"""Dates and periods: the report's date, the appendix's dates and the words that name the period.

* **Report date** — a report is dated on or after the last day of its period: seed 004 is
  dated 31/8/2023 for data "đến ngày 01/9/2023", which the report cannot yet have had. A warning
  (the officer may explain it), not an error: ``domain.header.date_problem`` only refuses a
  date before the period starts.
* **Appendix dates** — where the appendix lists the documents the unit issued in the period
  (its template counts them in a row, ``Appendix.count_row``), each is dated inside the period.
  A plan dated in the quarter before the period and written for the period's year is part of
  the period's work (seed 001 lists "Kế hoạch số 59/KH-UBND ngày 30/12/2022 … năm 2023"; seed
  003 §III.1.1: the index rewards plans issued in the fourth quarter of the year before).
* **Period words** — where the report names itself (its title, the basis' "… báo cáo kết quả …
  như sau", the closing "Trên đây là báo cáo …"), the words before "phương hướng" (which names
  the next period) must fit the period: "9 tháng" for a 9-month report, "6 tháng đầu năm" for
  January–June, "Quý III" for the third quarter, "năm 2023" for its year. Seed 004 closes its
  9-month report with "… 6 tháng đầu năm 2023".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from cchc_tui import messages as msg
from cchc_tui.base.text import fold
from cchc_tui.domain.documents import format_vn_date
from cchc_tui.domain.narrative_numbers import fold_keep_length
from cchc_tui.domain.report import Document, Period

PLAN_LEAD_DAYS = 92
"""How long before the period a plan for it may be dated (a quarter)."""


@dataclass(frozen=True)
class PeriodPhrase:
    """Words naming a period: ``months`` (3, 6, 9, 12; ``None`` for a bare year), ``half``
    ("first"/"last" of the year or ``None``), ``quarter`` (1–4 or ``None``), ``year``;
    ``start``–``end`` in the text."""

    text: str
    months: int | None
    half: str | None
    quarter: int | None
    year: int | None
    start: int
    end: int


_MONTH_WORDS = {fold(k): v for k, v in msg.PERIOD_MONTH_WORDS.items()}
_NUMBER = r"(?P<n>\d{1,2}|" + "|".join(re.escape(w) for w in _MONTH_WORDS) + r")"
_FIRST = "|".join(re.escape(fold(w)) for w in msg.PERIOD_FIRST)
_LAST = "|".join(re.escape(fold(w)) for w in msg.PERIOD_LAST)
_PHRASE = re.compile(
    rf"(?<![^\W_])(?:{_NUMBER}\s+thang(?:\s+(?P<first>{_FIRST})|\s+(?P<last>{_LAST}))?"
    r"(?:\s+(?:nam\s+)?(?P<y1>\d{4}))?"
    r"|quy\s+(?P<q>iv|iii|ii|i|[1-4])(?![^\W_])(?:\s+(?:nam\s+)?(?P<y2>\d{4}))?"
    r"|nam\s+(?P<y3>\d{4}))(?!\d)"
)
_NEXT = re.compile("|".join(re.escape(fold(w)) for w in msg.PERIOD_NEXT))


_DATES = re.compile(
    r"ngay\s+\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4}|thang\s+\d{1,2}\s*(?:/|nam)\s*\d{4}"
    r"|\d{1,2}/\d{1,2}(?:/\d{4})?"
)


def period_phrases(text: str) -> list[PeriodPhrase]:
    """Every phrase naming a period in ``text`` ("9 tháng năm 2023", "quý III", "năm 2023");
    dates ("ngày 31 tháng 8 năm 2023", "tháng 12/2023") are not period words."""
    folded = _DATES.sub(lambda m: " " * len(m.group()), fold_keep_length(text))
    out = []
    for match in _PHRASE.finditer(folded):
        n = match.group("n")
        months = None
        if n is not None:
            months = int(n) if n.isdigit() else _MONTH_WORDS.get(n)
            if months not in (3, 6, 9, 12):
                continue
        quarter_text = match.group("q")
        quarter = None
        if quarter_text:
            quarter = int(quarter_text) if quarter_text.isdigit() else msg.ROMAN[quarter_text]
            months = 3
        half = "first" if match.group("first") else "last" if match.group("last") else None
        year_text = match.group("y1") or match.group("y2") or match.group("y3")
        out.append(
            PeriodPhrase(
                text[match.start() : match.end()],
                months,
                half,
                quarter,
                int(year_text) if year_text else None,
                match.start(),
                match.end(),
            )
        )
    return out


def this_period_part(text: str) -> str:
    """The part of a sentence naming this report, before it names the next period
    ("… 9 tháng năm 2023; Phương hướng, nhiệm vụ 3 tháng cuối năm 2023" → up to ";")."""
    match = _NEXT.search(fold_keep_length(text))
    return text[: match.start()] if match else text


def fits(phrase: PeriodPhrase, period: Period) -> tuple[bool, bool]:
    """``(kind fits, year fits)`` of a phrase for a period (a bare year fits any kind)."""
    year_ok = phrase.year is None or phrase.year == period.end.year
    if phrase.months is None:
        return True, year_ok
    expected = msg.PERIOD_MONTHS_OF_KIND.get(period.kind)
    if expected is None:
        return True, year_ok
    if phrase.months != expected:
        return False, year_ok
    if phrase.quarter is not None:
        return phrase.quarter == (period.end.month - 1) // 3 + 1, year_ok
    if phrase.half == "first" and period.start.month > 6 and period.start.year == period.end.year:
        return False, year_ok
    if phrase.half == "last" and period.end.month <= 6:
        return False, year_ok
    return True, year_ok


def period_shown(period: Period) -> str:
    """ "05/11/2022 – 01/09/2023"."""
    return msg.PERIOD_SHOWN.format(
        start=format_vn_date(period.start), end=format_vn_date(period.end)
    )


def report_date_problem(report_date: date | None, period: Period) -> str | None:
    """A report dated before the last day of its period (the message), else ``None``."""
    if report_date is None or report_date >= period.end:
        return None
    return msg.FIND_REPORT_BEFORE_END.format(
        date=format_vn_date(report_date), end=format_vn_date(period.end)
    )


def document_date_problem(doc: Document, period: Period, last_day: date) -> str | None:
    """An appendix document dated outside the period (the message), else ``None``; after the
    report's date is already an error of the appendix checks, so only before the period and
    between its end and ``last_day`` are said here."""
    if period.start <= doc.date <= max(period.end, last_day):
        return None
    if doc.date > last_day:
        return None  # "Ngày ban hành … sau ngày báo cáo …" (validation, an error)
    lead = period.start - timedelta(days=PLAN_LEAD_DAYS)
    year = str(period.end.year)
    if lead <= doc.date < period.start and year in doc.summary:
        return None  # a plan for the period, issued in the quarter before it
    return msg.FIND_DOC_OUTSIDE.format(
        date=format_vn_date(doc.date),
        start=format_vn_date(period.start),
        end=format_vn_date(period.end),
    )


def words_problems(text: str, period: Period, where: str) -> list[tuple[PeriodPhrase, str]]:
    """Period words of the part of ``text`` naming this report that do not fit ``period``:
    ``(phrase, message)`` pairs."""
    out = []
    for phrase in period_phrases(this_period_part(text)):
        kind_ok, year_ok = fits(phrase, period)
        if not kind_ok:
            label = msg.PERIOD_KIND_LABELS.get(period.kind, period.kind)
            out.append(
                (
                    phrase,
                    msg.FIND_PERIOD_WORDS.format(
                        words=phrase.text,
                        where=where,
                        period=f"{label} {period.end.year}, {period_shown(period)}",
                    ),
                )
            )
        elif not year_ok:
            out.append(
                (
                    phrase,
                    msg.FIND_PERIOD_YEAR.format(
                        words=phrase.text, where=where, year=period.end.year
                    ),
                )
            )
    return out


_THIS_REPORT = re.compile(
    "|".join(re.escape(fold(w)).replace(r"\ ", r"\s+") for w in msg.PERIOD_THIS_REPORT)
)


_REPORTS = re.compile(re.escape(fold(msg.PERIOD_REPORTS_AS_FOLLOWS[0])).replace(r"\ ", r"\s+"))
_AS_FOLLOWS = re.escape(fold(msg.PERIOD_REPORTS_AS_FOLLOWS[1])).replace(r"\ ", r"\s+")


def report_sentences(text: str, folded: str | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` of the sentences of ``text`` that name this report ("Trên đây là báo
    cáo …", "… báo cáo kết quả … như sau"); ``folded``: the text folded, when known."""
    if folded is None:
        folded = fold_keep_length(text)
    if "bao cao" not in folded:
        return []
    out = []
    start = 0
    for match in re.finditer(r"[.!?](?=\s|$)|\n|$", folded):
        end = match.end() if match.group() != "\n" else match.start()
        sentence = folded[start:end]
        if end > start and (
            _THIS_REPORT.search(sentence)
            or (_REPORTS.search(sentence) and re.search(_AS_FOLLOWS + r"\W*$", sentence))
        ):
            out.append((start, end))
        start = match.end()
        if start >= len(folded):
            break
    return out
