"""The statements of a value's commit, built once (SQLAlchemy Core, bound parameters).

An officer's every Enter runs these (``ReportStore.set_value``). Building a Core statement
(``select(...).where(...)``, ``insert(...).values(...)``) and its cache key costs more than
running it on SQLite; built once, with ``bindparam`` placeholders (named ``b_<column>``: a
column's own name is reserved in an INSERT or UPDATE), each Enter only executes them (the same
statements on any dialect). :func:`params` names a dict's keys so.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, insert, select, update

from cchc_tui.db.models import AuditRecord, CountsRecord, ReportRecord, ValueRecord


def params(**values: Any) -> dict[str, Any]:
    """The parameters of these statements: ``params(report_id=3)`` → ``{"b_report_id": 3}``."""
    return {f"b_{name}": value for name, value in values.items()}


_r: Any = ReportRecord.__table__  # type: ignore[attr-defined]
_v: Any = ValueRecord.__table__  # type: ignore[attr-defined]
_a: Any = AuditRecord.__table__  # type: ignore[attr-defined]
_c: Any = CountsRecord.__table__  # type: ignore[attr-defined]

REPORT_STATE = select(_r.c.status, _r.c.revision, _r.c.template_id).where(
    _r.c.id == bindparam("b_report_id")
)
"""``(status, revision, template_id)`` of report ``:report_id``."""

VALUE_OF = select(_v.c.value).where(
    _v.c.report_id == bindparam("b_report_id"), _v.c.row_key == bindparam("b_row_key")
)
"""The stored value of ``:row_key`` (no row: never set)."""

INSERT_VALUE = insert(_v).values(
    report_id=bindparam("b_report_id"), row_key=bindparam("b_row_key"), value=bindparam("b_value")
)
UPDATE_VALUE = (
    update(_v)
    .where(_v.c.report_id == bindparam("b_report_id"), _v.c.row_key == bindparam("b_row_key"))
    .values(value=bindparam("b_value"))
)

TOUCH_REPORT = (
    update(_r).where(_r.c.id == bindparam("b_report_id")).values(updated_at=bindparam("b_stamp"))
)
"""The report's last change time."""

LAST_AUDIT_HASH = (
    select(_a.c.hash)
    .where(_a.c.report_id == bindparam("b_report_id"))
    .order_by(_a.c.id.desc())
    .limit(1)
)
"""The chain hash of the report's newest audit row."""

INSERT_AUDIT = insert(_a).values(
    report_id=bindparam("b_report_id"),
    entity=bindparam("b_entity"),
    key=bindparam("b_key"),
    old=bindparam("b_old"),
    new=bindparam("b_new"),
    at=bindparam("b_at"),
    who=bindparam("b_who"),
    hash=bindparam("b_hash"),
)

_COUNTS: dict[str, Any] = {
    "stamp": bindparam("b_stamp"),
    "engine": bindparam("b_engine"),
    "percent": bindparam("b_percent"),
    "errors": bindparam("b_errors"),
    "warnings": bindparam("b_warnings"),
    "unexplained": bindparam("b_unexplained"),
}
UPDATE_COUNTS = update(_c).where(_c.c.report_id == bindparam("b_report_id")).values(**_COUNTS)
INSERT_COUNTS = insert(_c).values(report_id=bindparam("b_report_id"), **_COUNTS)
