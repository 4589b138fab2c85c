"""Read many stored reports at once, for the office's status and consolidation.

``ReportStore.load_report`` builds one report with about ten ORM queries; for a province's
hundreds of communes that dominates the time of ``status`` and ``consolidate``. Here each table
is read once for a batch of report ids with plain SQL (Core, no ORM objects) and the same
conversions as the store (``db.convert``, ``cell_from_storage``) build the same
:class:`ReportData`. A test checks the result equals ``load_report`` for every report.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from cchc_tui.db.convert import (
    document_from_row,
    report_from_rows,
    unit_from_row,
)
from cchc_tui.db.models import (
    DocumentRecord,
    ExplanationRecord,
    NarrativeRecord,
    NoteRecord,
    ReportRecord,
    UnitRecord,
    ValueRecord,
)
from cchc_tui.db.office_models import ExplainedFindingRecord
from cchc_tui.domain.report import ReportData

BATCH = 500
"""Report ids per ``IN (…)`` (well under SQLite's and PostgreSQL's parameter limits)."""


def _table(model: Any) -> Any:
    return model.__table__


def load_reports(engine: Engine, report_ids: Iterable[int]) -> dict[int, ReportData]:
    """The reports with these ids, as :meth:`ReportStore.load_report` would return them.

    Ids that do not exist are left out.
    """
    ids = list(dict.fromkeys(report_ids))
    result: dict[int, ReportData] = {}
    with engine.connect() as conn:
        for start in range(0, len(ids), BATCH):
            result.update(_load_batch(conn, ids[start : start + BATCH]))
    return result


@dataclass(frozen=True)
class FiguresOnly:
    """A report read for the consolidation: its data without the narrative and the documents
    (``report.narrative`` and ``report.documents`` are empty), how many documents it lists,
    and the stored messages of the findings it explains (by app version)."""

    report: ReportData
    documents: int
    explained: dict[str, tuple[str, str]]
    """Finding id → ``(app version, message)``."""


def load_figures(engine: Engine, report_ids: Iterable[int]) -> dict[int, FiguresOnly]:
    """The reports with these ids as the consolidation needs them (:class:`FiguresOnly`): the
    same tables read once per batch, without the narrative's texts or a ``Document`` per
    listed document (a province's thousand reports list tens of thousands)."""
    ids = list(dict.fromkeys(report_ids))
    result: dict[int, FiguresOnly] = {}
    with engine.connect() as conn:
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            reports = _load_batch(conn, batch, narrative=False, documents=False)
            counts = _document_counts(conn, batch)
            explained = _explained(conn, batch)
            for rid, report in reports.items():
                result[rid] = FiguresOnly(report, counts.get(rid, 0), explained.get(rid, {}))
    return result


def _document_counts(conn: Any, ids: list[int]) -> dict[int, int]:
    docs = _table(DocumentRecord)
    query = (
        select(docs.c.report_id, func.count())
        .where(docs.c.report_id.in_(ids))
        .group_by(docs.c.report_id)
    )
    return {rid: int(n) for rid, n in conn.execute(query)}


def _explained(conn: Any, ids: list[int]) -> dict[int, dict[str, tuple[str, str]]]:
    table = _table(ExplainedFindingRecord)
    out: dict[int, dict[str, tuple[str, str]]] = defaultdict(dict)
    query = select(table.c.report_id, table.c.finding_id, table.c.engine, table.c.message).where(
        table.c.report_id.in_(ids)
    )
    for rid, fid, engine, message in conn.execute(query):
        out[rid][fid] = (engine, message)
    return out


def _load_batch(
    conn: Any, ids: list[int], narrative: bool = True, documents: bool = True
) -> dict[int, ReportData]:
    reports, units = _table(ReportRecord), _table(UnitRecord)
    rows = conn.execute(
        select(reports, units.c.code.label("u_code"))
        .add_columns(
            units.c.name.label("u_name"),
            units.c.kind.label("u_kind"),
            units.c.province.label("u_province"),
            units.c.district.label("u_district"),
            units.c.agency.label("u_agency"),
        )
        .join(units, units.c.id == reports.c.unit_id)
        .where(reports.c.id.in_(ids))
    ).all()

    def keyed(model: Any, key: str) -> dict[int, dict[str, str | None]]:
        table = _table(model)
        payload = table.c.value if model is ValueRecord else table.c.text
        out: dict[int, dict[str, str | None]] = defaultdict(dict)
        query = select(table.c.report_id, table.c[key], payload).where(table.c.report_id.in_(ids))
        for report_id, row_key, text in conn.execute(query):
            out[report_id][row_key] = text
        return out

    values = keyed(ValueRecord, "row_key")
    notes = keyed(NoteRecord, "row_key")
    texts = keyed(NarrativeRecord, "section_key") if narrative else {}
    explanations = keyed(ExplanationRecord, "finding_id")
    docs: dict[int, list[Any]] = defaultdict(list)
    doc_table = _table(DocumentRecord)
    listed = (
        conn.execute(
            select(doc_table)
            .where(doc_table.c.report_id.in_(ids))
            .order_by(doc_table.c.report_id, doc_table.c.seq)
        )
        if documents
        else ()
    )
    for doc in listed:
        docs[doc.report_id].append(document_from_row(cast(DocumentRecord, doc)))

    out: dict[int, ReportData] = {}
    for row in rows:
        unit = UnitRecord(
            code=row.u_code,
            name=row.u_name,
            kind=row.u_kind,
            province=row.u_province,
            district=row.u_district,
            agency=row.u_agency,
        )
        out[row.id] = report_from_rows(
            cast(ReportRecord, row),
            unit_from_row(unit),
            values.get(row.id, {}),
            {k: v or "" for k, v in notes.get(row.id, {}).items()},
            {k: v or "" for k, v in texts.get(row.id, {}).items()},
            {k: v or "" for k, v in explanations.get(row.id, {}).items()},
            docs.get(row.id, []),
        )
    return out
