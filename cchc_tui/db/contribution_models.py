"""Tables of several officers working on one report (issue 16): assignments, the packages sent
out ("giao việc"), what each package's merge starts from, the contributions received back, the
conflicts they raised, and — on an officer's own PC — the working copy a package was opened as.

Same conventions as :mod:`cchc_tui.db.models`: STRICT on SQLite, strings ``Text``, times UTC ISO
text. The schema is created by the Alembic migration ``0007_assignments``. The rules about these
rows (what may be assigned, merged, what is a conflict) live in
:mod:`cchc_tui.service.contributions`; the store only keeps them.

An *item* is the smallest thing merged, as text: ``value:<row key>``, ``note:<row key>``,
``narrative:<sub-heading key>``, ``explanation:<finding id>``, ``document:c4`` (the compiler's
document at list seq 4) or ``document:o7`` (a document the officer added, their seq 7).
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, Text
from sqlmodel import Field, SQLModel

from cchc_tui.db.models import STRICT

PENDING = "pending"
"""A conflict waiting for the compiler's keystroke."""
KEPT_MINE = "mine"
"""Resolved: the compiler's value stays."""
TOOK_THEIRS = "theirs"
"""Resolved: the officer's value was taken."""
SUPERSEDED = "superseded"
"""A newer contribution of the same package brought that item again (a new conflict or none)."""
CONFLICT_STATES = (PENDING, KEPT_MINE, TOOK_THEIRS, SUPERSEDED)


def _text(nullable: bool = False, **kwargs: object) -> object:
    return Field(sa_column=Column(Text, nullable=nullable, **kwargs))  # type: ignore[arg-type]


def _report_fk(primary_key: bool = False) -> object:
    return Field(
        sa_column=Column(Integer, ForeignKey("report.id"), primary_key=primary_key, nullable=False)
    )


class AssignmentRecord(SQLModel, table=True):
    """Who writes one part (a section key, a form key or ``appendix``) of a report."""

    __tablename__ = "assignment"
    __table_args__ = STRICT

    report_id: int = _report_fk(primary_key=True)  # type: ignore[assignment]
    part: str = Field(sa_column=Column(Text, primary_key=True))
    officer: str = _text()  # type: ignore[assignment]
    assigned_at: str = _text()  # type: ignore[assignment]
    assigned_by: str = _text()  # type: ignore[assignment]


class PackageRecord(SQLModel, table=True):
    """A package written for one officer ("giao việc"), known by its random id."""

    __tablename__ = "package"
    __table_args__ = STRICT

    id: str = Field(sa_column=Column(Text, primary_key=True))
    """32 hex digits, random (uuid4)."""
    report_id: int = _report_fk()  # type: ignore[assignment]
    officer: str = _text()  # type: ignore[assignment]
    parts: str = _text()  # type: ignore[assignment]
    """JSON list of the parts it assigns."""
    secret: str = _text()  # type: ignore[assignment]
    """64 hex digits carried by the package; its contributions are authenticated with it."""
    sha256: str = _text()  # type: ignore[assignment]
    """SHA-256 of the package file as written."""
    file_name: str = _text()  # type: ignore[assignment]
    created_at: str = _text()  # type: ignore[assignment]
    created_by: str = _text()  # type: ignore[assignment]


class PackageBaseRecord(SQLModel, table=True):
    """What one item of a package was when it was sent, or as its last merged contribution
    brought it: the common ancestor of the next three-way merge."""

    __tablename__ = "package_base"
    __table_args__ = STRICT

    package_id: str = Field(
        sa_column=Column(Text, ForeignKey("package.id"), primary_key=True, nullable=False)
    )
    item: str = Field(sa_column=Column(Text, primary_key=True))
    value: str | None = _text(nullable=True)  # type: ignore[assignment]
    target: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    """For a document item: the compiler's document seq it stands for (``None``: none yet)."""


class ContributionRecord(SQLModel, table=True):
    """A contribution received and merged (one transaction with everything it changed)."""

    __tablename__ = "contribution"
    __table_args__ = STRICT

    id: str = Field(sa_column=Column(Text, primary_key=True))
    """The contribution's own random id (32 hex digits)."""
    package_id: str = Field(sa_column=Column(Text, ForeignKey("package.id"), nullable=False))
    report_id: int = _report_fk()  # type: ignore[assignment]
    sequence: int = Field(sa_column=Column(Integer, nullable=False))
    """1 for the officer's first contribution from the package, 2 for the next…"""
    officer: str = _text()  # type: ignore[assignment]
    author: str = _text()  # type: ignore[assignment]
    """Who was working on the officer's PC ("name — post")."""
    sha256: str = _text()  # type: ignore[assignment]
    file_name: str = _text()  # type: ignore[assignment]
    created_at: str = _text()  # type: ignore[assignment]
    received_at: str = _text()  # type: ignore[assignment]
    received_by: str = _text()  # type: ignore[assignment]
    taken: int = Field(sa_column=Column(Integer, nullable=False))
    conflicts: int = Field(sa_column=Column(Integer, nullable=False))


class ContributionRowRecord(SQLModel, table=True):
    """One audit row of the officer's working copy, carried by a contribution and kept as sent."""

    __tablename__ = "contribution_row"
    __table_args__ = STRICT

    contribution_id: str = Field(
        sa_column=Column(Text, ForeignKey("contribution.id"), primary_key=True, nullable=False)
    )
    seq: int = Field(sa_column=Column(Integer, primary_key=True))
    entity: str = _text()  # type: ignore[assignment]
    key: str = _text()  # type: ignore[assignment]
    old: str | None = _text(nullable=True)  # type: ignore[assignment]
    new: str | None = _text(nullable=True)  # type: ignore[assignment]
    at: str = _text()  # type: ignore[assignment]
    who: str = _text()  # type: ignore[assignment]


class ConflictRecord(SQLModel, table=True):
    """An item changed on both sides since its package was made: both sides, who and when."""

    __tablename__ = "conflict"
    __table_args__ = STRICT

    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True))
    report_id: int = _report_fk()  # type: ignore[assignment]
    contribution_id: str = Field(
        sa_column=Column(Text, ForeignKey("contribution.id"), nullable=False)
    )
    item: str = _text()  # type: ignore[assignment]
    base: str | None = _text(nullable=True)  # type: ignore[assignment]
    mine: str | None = _text(nullable=True)  # type: ignore[assignment]
    mine_who: str = _text()  # type: ignore[assignment]
    mine_at: str = _text()  # type: ignore[assignment]
    theirs: str | None = _text(nullable=True)  # type: ignore[assignment]
    theirs_who: str = _text()  # type: ignore[assignment]
    theirs_at: str = _text()  # type: ignore[assignment]
    state: str = _text()  # type: ignore[assignment]
    """One of :data:`CONFLICT_STATES`."""
    resolved_at: str | None = _text(nullable=True)  # type: ignore[assignment]
    resolved_by: str | None = _text(nullable=True)  # type: ignore[assignment]


class WorkingCopyRecord(SQLModel, table=True):
    """On an officer's PC: the report made from a package, and what it came from."""

    __tablename__ = "working_copy"
    __table_args__ = STRICT

    report_id: int = _report_fk(primary_key=True)  # type: ignore[assignment]
    package_id: str = _text(unique=True)  # type: ignore[assignment]
    package_sha256: str = _text()  # type: ignore[assignment]
    manifest: str = _text()  # type: ignore[assignment]
    """The package's manifest (JSON) as read: parts, officer, secret, the compiler's report."""
    opened_at: str = _text()  # type: ignore[assignment]
    start_audit_id: int = Field(sa_column=Column(Integer, nullable=False))
    """The last audit row of the opening: rows after it are the officer's work."""
    exported: int = Field(default=0, sa_column=Column(Integer, nullable=False))
    """Contributions written so far (the next one's sequence is this + 1)."""
    exported_audit_id: int = Field(default=0, sa_column=Column(Integer, nullable=False))
    """The last audit row the newest contribution carried (0: none written yet)."""
