"""JSON interchange format ``cchc-report/1``: read and write a whole report.

Shape (see README "Định dạng cchc-report/1" and the sample in ``data/samples``)::

    {"format": "cchc-report/1", "template": "hai-duong/xa/cchc-nam@2023",
     "unit": {"code", "name", "kind", "province", "district", "agency"},
     "receiving_office": "...",
     "period": {"kind": "nam", "code": "2023-nam", "start": "2023-01-01", "end": "2023-12-08"},
     "header": {"number", "symbol", "place", "date", "title", "basis", "closing"?},
     "narrative": {"<sub-heading key>": "text"},
     "values": {"BM1/1": 45, "BM1/2": 94.3, "BM3/1.1": null},
     "notes": {"<row key>": "text"}, "explanations": {"<finding id>": "text"},
     "documents": [{"type", "number", "date", "summary"}],
     "recipients": ["..."],
     "signature": {"on_behalf", "title", "name", "authority"?, "principal_title"?}}

``header.closing``, ``signature.authority`` ("KT.", "Q." …) and ``signature.principal_title``
are written only when set, so files without them — all files made before they existed — read
as before and round-trip byte for byte; an older reader ignores them.

Live figures (``domain.links``): ``narrative`` holds each text as printed, the linked values
written out ("… tiếp nhận 1.834 hồ sơ …"), so any reader sees the numbers; the optional
``narrative_links`` says where they are::

    "narrative_links": {"I.3.4": [{"at": 25, "length": 5, "row": "BM3/3.3.1"},
                                  {"at": 80, "length": 2, "row": "BM1/1", "seen": false}]}

``at`` and ``length`` count Unicode code points of the NFC text in ``narrative``; ``row`` is a
numeric row of the template; ``seen: false`` marks a figure copied from the previous period
that the officer has not yet seen (written only then). Reading turns each place back into a
live figure, so it follows the values again. The key is written only when a report has live
figures: older files (without it) read as before, and an older reader ignores it and keeps the
numbers as text. A ``{{BM…/…}}`` token inside a ``narrative`` text (the app's stored form) is
read as a live figure too.

Numbers are JSON numbers read exactly (``parse_float=Decimal``), codes are integers, empty is
``null``. Values given for derived rows are the values as printed; they are kept.
All text is normalised to NFC on read.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from cchc_tui import messages as msg
from cchc_tui.base.errors import InvalidInput
from cchc_tui.base.ids import RowKey
from cchc_tui.base.jsonread import JsonSyntaxError, read_json
from cchc_tui.base.limits import (
    REPORT_JSON,
    JsonLimits,
    LimitExceeded,
    check_chars,
    check_count,
    check_depth,
    check_file_size,
    field_label,
)
from cchc_tui.base.text import nfc_all
from cchc_tui.domain import links
from cchc_tui.domain.report import (
    CellValue,
    Document,
    Header,
    Period,
    ReportData,
    ReportingUnit,
    Signature,
)
from cchc_tui.domain.validation import Finding, ValidationResult, sorted_findings, validate
from cchc_tui.template.loader import LoadedTemplate, TemplateNotFound, get_template
from cchc_tui.template.model import NUMERIC_KINDS, RowKind

FORMAT = "cchc-report/1"


class InterchangeError(InvalidInput):
    """A file is unreadable or not a valid ``cchc-report/1`` report; message in Vietnamese."""


_INDEX = re.compile(r"\[\d+\]")


class _Reader:
    """Reads the fields of a report's parsed JSON, each checked against
    :data:`~cchc_tui.base.limits.REPORT_JSON` (the same limits the bounded reader applied, so
    that a dict given directly is bounded too)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def fail(self, where: str, reason: str) -> InterchangeError:
        return InterchangeError(msg.JSON_INVALID.format(file=self.name, where=where, reason=reason))

    def over(self, err: LimitExceeded) -> InterchangeError:
        return InterchangeError(msg.LIMIT_IN_FILE.format(file=self.name, reason=err.message))

    def obj(self, data: Any, where: str) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise self.fail(where, msg.JSON_NOT_OBJECT)
        self.count(where, len(data))
        return data

    def count(self, where: str, size: int) -> None:
        pattern = _pattern(where)
        try:
            check_count(field_label(pattern, where), size, REPORT_JSON.items_at(pattern))
        except LimitExceeded as err:
            raise self.over(err) from None

    def length(self, path: str, value: str) -> None:
        pattern = _pattern(path)
        parent = pattern.rpartition(".")[0]
        label = field_label(pattern, path, parent)
        try:
            check_chars(label, value, REPORT_JSON.chars_at(pattern, parent))
        except LimitExceeded as err:
            raise self.over(err) from None

    def text(
        self,
        data: dict[str, Any],
        key: str,
        where: str,
        *,
        optional: bool = False,
        nullable: bool = False,
    ) -> Any:
        if key not in data:
            if optional:
                return "" if not nullable else None
            raise self.fail(f"{where}.{key}", msg.JSON_MISSING_FIELD)
        value = data[key]
        if value is None and nullable:
            return None
        if not isinstance(value, str):
            raise self.fail(f"{where}.{key}", msg.JSON_NOT_TEXT)
        self.length(key if where == msg.JSON_PLACE_TOP else f"{where}.{key}", value)
        return value

    def day(self, data: dict[str, Any], key: str, where: str, *, nullable: bool = False) -> Any:
        value = self.text(data, key, where, nullable=nullable, optional=nullable)
        if value is None:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise self.fail(f"{where}.{key}", msg.JSON_BAD_DATE.format(value=value)) from None

    def str_map(self, data: Any, where: str) -> dict[str, str]:
        mapping = self.obj(data, where)
        for key, value in mapping.items():
            if not isinstance(value, str):
                raise self.fail(f"{where}.{key}", msg.JSON_NOT_TEXT)
            self.length(f"{where}.{key}", value)
        return mapping


def _pattern(path: str) -> str:
    """The limits' pattern of a concrete path: ``documents[3].number`` → ``documents[].number``;
    a key under a map of free keys (``narrative.1.2``) → ``narrative.*``."""
    if path == msg.JSON_PLACE_TOP or path == msg.JSON_PLACE_ROOT:
        return ""
    path = _INDEX.sub("[]", path)
    head, dot, _rest = path.partition(".")
    if dot and head in _FREE_KEYS:
        return f"{head}.*"
    return path


_FREE_KEYS = frozenset({"narrative", "values", "notes", "explanations"})


def _cell_from_json(kind: RowKind, value: Any) -> CellValue:
    """JSON value → typed cell, checking only JSON types (range is the engine's job)."""
    if value is None:
        return None
    if kind is RowKind.TEXT:
        if not isinstance(value, str):
            raise ValueError(msg.JSON_TEXT_ROW)
        return value
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise ValueError(
            msg.JSON_NOT_NUMBER.format(value=json.dumps(value, ensure_ascii=False, default=str))
        )
    if kind is RowKind.CODE:
        if not isinstance(value, int):
            raise ValueError(msg.JSON_CODE_NOT_INT)
        return value
    if isinstance(value, int):
        return value if kind is RowKind.COUNT else Decimal(value)
    if kind is RowKind.COUNT and value == value.to_integral_value():
        return int(value)
    return value


def report_from_dict(
    data: Any, name: str = msg.JSON_DEFAULT_NAME
) -> tuple[ReportData, LoadedTemplate]:
    """Build a report from parsed JSON and find its template.

    Raises:
        InterchangeError: wrong format tag, missing or mistyped fields, unknown template,
            row or sub-heading, bad dates.
    """
    r = _Reader(name)
    try:
        check_depth(data, REPORT_JSON.max_depth)
    except LimitExceeded as err:
        raise r.over(err) from None
    r.obj(data, msg.JSON_PLACE_ROOT)
    # NFC on what is read (a bundle's findings and sign-off are the office's to read as sent).
    data = nfc_all({k: v for k, v in data.items() if k not in ("findings", "signoff")})
    found = data.get("format")
    if found != FORMAT:
        raise InterchangeError(msg.JSON_BAD_FORMAT.format(file=name, found=json.dumps(found)))
    template_id = r.text(data, "template", msg.JSON_PLACE_TOP)
    try:
        template = get_template(template_id)
    except TemplateNotFound as err:
        raise r.fail("template", err.message) from None

    u = r.obj(data.get("unit"), "unit")
    unit = ReportingUnit(
        code=r.text(u, "code", "unit"),
        name=r.text(u, "name", "unit"),
        kind=r.text(u, "kind", "unit"),
        province=r.text(u, "province", "unit"),
        district=r.text(u, "district", "unit", optional=True),
        agency=r.text(u, "agency", "unit", optional=True),
    )
    if not unit.code.strip():
        raise r.fail("unit.code", msg.JSON_UNIT_CODE_EMPTY)
    p = r.obj(data.get("period"), "period")
    period = Period(
        kind=r.text(p, "kind", "period"),
        code=r.text(p, "code", "period"),
        start=r.day(p, "start", "period"),
        end=r.day(p, "end", "period"),
    )
    if period.start > period.end:
        raise r.fail("period", msg.JSON_PERIOD_ORDER)
    h = r.obj(data.get("header", {}), "header")
    header = Header(
        number=r.text(h, "number", "header", optional=True, nullable=True),
        symbol=r.text(h, "symbol", "header", optional=True) or "BC-UBND",
        place=r.text(h, "place", "header", optional=True),
        date=r.day(h, "date", "header", nullable=True),
        title=r.text(h, "title", "header", optional=True),
        basis=r.text(h, "basis", "header", optional=True),
        closing=r.text(h, "closing", "header", optional=True),
    )
    narrative = r.str_map(data.get("narrative", {}), "narrative")
    known_sections = set(template.section_keys) | {"closing"}
    for key in narrative:
        if key not in known_sections:
            raise r.fail(
                f"narrative.{key}",
                msg.JSON_UNKNOWN_SECTION.format(key=key, template=template.full_id),
            )
    if "narrative_links" in data:
        _read_links(r, data["narrative_links"], narrative, template)
    raw_values = r.obj(data.get("values", {}), "values")
    for key, raw in raw_values.items():
        if isinstance(raw, str):
            r.length(f"values.{key}", raw)
    values: dict[str, CellValue] = {}
    for key, raw in raw_values.items():
        info = template.indicators.get(key)
        if info is None:
            raise r.fail(
                f"values.{key}", msg.JSON_UNKNOWN_ROW.format(key=key, template=template.full_id)
            )
        try:
            values[key] = _cell_from_json(info.kind, raw)
        except ValueError as err:
            raise r.fail(f"values.{key}", str(err)) from None
    notes = r.str_map(data.get("notes", {}), "notes")
    for key in notes:
        if key not in template.indicators:
            raise r.fail(
                f"notes.{key}", msg.JSON_UNKNOWN_ROW.format(key=key, template=template.full_id)
            )
    explanations = r.str_map(data.get("explanations", {}), "explanations")
    documents = []
    raw_docs = data.get("documents", [])
    if not isinstance(raw_docs, list):
        raise r.fail("documents", msg.JSON_NOT_LIST)
    r.count("documents", len(raw_docs))
    for i, raw_doc in enumerate(raw_docs):
        where = f"documents[{i}]"
        d = r.obj(raw_doc, where)
        documents.append(
            Document(
                type=r.text(d, "type", where),
                number=r.text(d, "number", where),
                date=r.day(d, "date", where),
                summary=r.text(d, "summary", where),
            )
        )
    recipients = data.get("recipients", [])
    if not isinstance(recipients, list) or not all(isinstance(x, str) for x in recipients):
        raise r.fail("recipients", msg.JSON_NOT_TEXT_LIST)
    r.count("recipients", len(recipients))
    for i, recipient in enumerate(recipients):
        r.length(f"recipients[{i}]", recipient)
    s = r.obj(data.get("signature", {}), "signature")
    signature = Signature(
        on_behalf=r.text(s, "on_behalf", "signature", optional=True) or Signature.on_behalf,
        title=r.text(s, "title", "signature", optional=True) or Signature.title,
        name=r.text(s, "name", "signature", optional=True),
        authority=r.text(s, "authority", "signature", optional=True).strip(),
        principal_title=r.text(s, "principal_title", "signature", optional=True),
    )
    report = ReportData(
        template_id=template.full_id,
        unit=unit,
        period=period,
        receiving_office=r.text(data, "receiving_office", msg.JSON_PLACE_TOP),
        header=header,
        narrative=narrative,
        values=values,
        notes=notes,
        explanations=explanations,
        documents=documents,
        recipients=list(recipients),
        signature=signature,
    )
    return report, template


def _read_links(r: _Reader, raw: Any, narrative: dict[str, str], template: LoadedTemplate) -> None:
    """Put the live figures of ``narrative_links`` back into ``narrative`` (in place)."""
    places = r.obj(raw, "narrative_links")
    for key, items in places.items():
        where = f"narrative_links.{key}"
        if key not in narrative:
            raise r.fail(where, msg.JSON_LINK_NO_TEXT.format(key=key))
        if not isinstance(items, list):
            raise r.fail(where, msg.JSON_NOT_LIST)
        text = narrative[key]
        found: list[links.Link] = []
        for i, item in enumerate(items):
            place = f"{where}[{i}]"
            d = r.obj(item, place)
            at, length, seen = d.get("at"), d.get("length"), d.get("seen", True)
            if not all(isinstance(v, int) and not isinstance(v, bool) for v in (at, length)):
                raise r.fail(place, msg.JSON_LINK_PLACE)
            assert isinstance(at, int) and isinstance(length, int)
            row = r.text(d, "row", place)
            info = template.indicators.get(row)
            if info is None or info.kind not in NUMERIC_KINDS:
                raise r.fail(
                    f"{place}.row", msg.JSON_LINK_ROW.format(key=row, template=template.full_id)
                )
            if not isinstance(seen, bool):
                raise r.fail(f"{place}.seen", msg.JSON_LINK_SEEN)
            found.append(links.Link(at, at + length, RowKey(row), seen))
        found.sort(key=lambda k: k.start)
        end = 0
        for link in found:
            if link.start < end or link.end <= link.start or link.end > len(text):
                raise r.fail(where, msg.JSON_LINK_PLACE)
            end = link.end
        narrative[key] = links.to_tokens(text, found)


def read_report(path: str | Path) -> tuple[ReportData, LoadedTemplate]:
    """Read a ``cchc-report/1`` file (at most :data:`~cchc_tui.base.limits.REPORT_JSON_BYTES`;
    a larger file is refused from its size, before it is read).

    Raises:
        InterchangeError: unreadable file, too large, invalid JSON (with line and column), over
            a limit, invalid report.
    """
    path = Path(path)
    limit = REPORT_JSON.max_bytes
    try:
        with open(path, "rb") as handle:
            check_file_size(path.name, os.fstat(handle.fileno()).st_size, limit)
            raw = handle.read(limit + 1)
        check_file_size(path.name, len(raw), limit)  # grew while read, or not a regular file
        text = raw.decode("utf-8")
    except LimitExceeded as err:
        raise InterchangeError(err.message) from None
    except (OSError, UnicodeDecodeError) as err:
        raise InterchangeError(msg.JSON_UNREADABLE.format(file=path.name, reason=err)) from err
    return loads_report(text, path.name)


def loads_report(text: str, name: str = msg.JSON_DEFAULT_NAME) -> tuple[ReportData, LoadedTemplate]:
    """Parse a ``cchc-report/1`` document from text; see :func:`read_report`."""
    return report_from_dict(parse_json(text, name), name)


def parse_json(text: str, name: str, limits: JsonLimits = REPORT_JSON) -> Any:
    """JSON text as Python data, read by the bounded reader (:mod:`cchc_tui.base.jsonread`)
    under ``limits`` (default: a report's, :data:`~cchc_tui.base.limits.REPORT_JSON`).

    Numbers are exact: ``1.5`` is ``Decimal("1.5")``, checked by their text (digits, magnitude)
    before they are converted; ``NaN`` and ``Infinity`` are refused (no value a report can
    hold), and so is a key repeated in one object. Nesting, counts and string lengths are
    checked while reading: the reader stops at the first one over its limit.

    Raises:
        InterchangeError: not JSON (with line and column), or over a limit (naming the field
            and the limit).
    """
    try:
        return read_json(text, limits, name)
    except JsonSyntaxError as err:
        raise InterchangeError(
            msg.JSON_NOT_JSON.format(file=name, line=err.line, col=err.col, reason=err.reason)
        ) from None
    except LimitExceeded as err:
        raise InterchangeError(msg.LIMIT_IN_FILE.format(file=name, reason=err.message)) from None


def _json_number(value: CellValue) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def report_to_dict(report: ReportData, template: LoadedTemplate) -> dict[str, Any]:
    """The report as a ``cchc-report/1`` JSON object (values in template row order)."""
    values = {
        key: _json_number(report.values.get(key))
        for key in template.indicators
        if template.indicators[key].holds_value and key in report.values
    }
    narrative = {
        k: report.narrative[k] for k in [*template.section_keys, "closing"] if k in report.narrative
    }
    places: dict[str, list[dict[str, Any]]] = {}
    if any(links.has_links(t) for t in narrative.values()):
        rendered = validate(template, report).narrative.rendered
        for key in list(narrative):
            if key not in rendered or not rendered[key][1]:
                continue
            text, found = rendered[key]
            narrative[key] = text
            places[key] = [
                {"at": k.start, "length": k.end - k.start, "row": k.row}
                | ({} if k.seen else {"seen": False})
                for k in found
                if k.row in template.indicators
            ]
    h = report.header
    header: dict[str, Any] = {
        "number": h.number,
        "symbol": h.symbol,
        "place": h.place,
        "date": h.date.isoformat() if h.date else None,
        "title": h.title,
        "basis": h.basis,
    }
    if h.closing:
        header["closing"] = h.closing
    sig = report.signature
    signature = {"on_behalf": sig.on_behalf, "title": sig.title, "name": sig.name}
    if sig.authority:
        signature["authority"] = sig.authority
    if sig.principal_title:
        signature["principal_title"] = sig.principal_title
    return {
        "format": FORMAT,
        "template": report.template_id,
        "unit": {
            "code": report.unit.code,
            "name": report.unit.name,
            "kind": report.unit.kind,
            "district": report.unit.district,
            "province": report.unit.province,
            "agency": report.unit.agency,
        },
        "receiving_office": report.receiving_office,
        "period": {
            "kind": report.period.kind,
            "code": report.period.code,
            "start": report.period.start.isoformat(),
            "end": report.period.end.isoformat(),
        },
        "header": header,
        "narrative": narrative,
        **({"narrative_links": places} if places else {}),
        "values": values,
        "notes": {k: report.notes[k] for k in template.indicators if k in report.notes},
        "explanations": dict(sorted(report.explanations.items())),
        "documents": [
            {"type": d.type, "number": d.number, "date": d.date.isoformat(), "summary": d.summary}
            for d in report.documents
        ],
        "recipients": list(report.recipients),
        "signature": signature,
    }


def findings_to_list(
    findings: Iterable[Finding], explanations: Mapping[str, str]
) -> list[dict[str, Any]]:
    """Findings as JSON objects (``id``, ``key``, ``part``, ``severity``, ``kind``,
    ``message``, ``expected``, ``explanation``), in the order given; used by ``cchc check
    --json`` and by a bundle's ``report.json``."""
    return [
        {
            "id": f.id,
            "key": f.key,
            "part": f.part,
            "severity": str(f.severity),
            "kind": str(f.kind),
            "message": f.message,
            "expected": f.expected,
            "explanation": explanations.get(f.id),
        }
        for f in findings
    ]


def dumps_report(report: ReportData, template: LoadedTemplate) -> str:
    """The report as ``cchc-report/1`` JSON text (UTF-8, NFC, indented)."""
    return json.dumps(report_to_dict(report, template), ensure_ascii=False, indent=1) + "\n"


def signed_report_dict(
    report: ReportData,
    template: LoadedTemplate,
    result: ValidationResult | None,
    revision: int,
    signed_at: str,
) -> dict[str, Any]:
    """A signed revision as its bundle's ``report.json`` object: ``cchc-report/1`` plus
    ``findings`` (with their explanations, in report order) and ``signoff`` (revision, time,
    signer). Without ``result``, no ``findings``: the data alone (the quick seal check)."""
    data = report_to_dict(report, template)
    if result is not None:
        findings = sorted_findings(result.findings, template, report.documents)
        data["findings"] = findings_to_list(findings, report.explanations)
    data["signoff"] = {
        "revision": revision,
        "signed_at": signed_at,
        "signer_name": report.signature.name,
        "signer_title": report.signature.title,
    }
    return data


def signed_report_json(
    report: ReportData,
    template: LoadedTemplate,
    result: ValidationResult,
    revision: int,
    signed_at: str,
) -> bytes:
    """The exact ``report.json`` bytes of a signed revision's bundle (UTF-8, indented).

    Deterministic — the same report, validation, revision and time give the same bytes (values
    in template order, narrative in section order, explanations sorted, documents as listed) —
    so it is also the canonical content the seal covers at sign-off
    (:mod:`cchc_tui.db.seal`) and that export rebuilds and compares.
    """
    data = signed_report_dict(report, template, result, revision, signed_at)
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode()
