"""Shared by the tests of several officers on one report (issue 16): three databases — the
compiler's and two officers', each its own SQLite file on "its own PC" — and a USB folder
between them; what a database holds, read back with sqlite3 (so "nothing changed" is checked
on the file, not through the code under test)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cchc_tui.exports.contribution import (
    CONTRIBUTION_SUFFIX,
    find_files,
    import_contributions,
    open_package_file,
    write_contribution,
    write_packages,
)
from cchc_tui.service.reports import ReportService

COMPILER = "Trần Văn Tổng — Văn phòng - Thống kê"
OFFICER_A = "Nguyễn Thị An"
OFFICER_B = "Lê Văn Bình"
WHO_A = f"{OFFICER_A} — Tư pháp - Hộ tịch"
WHO_B = f"{OFFICER_B} — Văn hóa - Xã hội"


@dataclass
class Commune:
    """The compiler's PC and the two officers' PCs, and the stick carried between them."""

    root: Path
    compiler: ReportService
    a: ReportService
    b: ReportService
    report_id: int

    @property
    def usb(self) -> Path:
        return self.root / "usb"

    def close(self) -> None:
        for service in (self.compiler, self.a, self.b):
            service.close()

    def send_packages(self) -> dict[str, Path]:
        """ "Giao việc": officer → package file."""
        written = write_packages(self.compiler.contributions, self.report_id, self.usb)
        return {p.officer: p.path for p in written}

    def open_on(self, officer: ReportService, package: Path) -> int:
        """The officer opens their package; their working copy's id."""
        return open_package_file(officer.contributions, package).report_id

    def contribute(self, officer: ReportService, copy_id: int) -> Path:
        """The officer writes their contribution onto the stick."""
        return write_contribution(officer.contributions, copy_id, self.usb)[0]

    def receive(self, files: list[Path] | None = None) -> list[Any]:
        """The compiler receives (files, or everything on the stick): the import lines."""
        if files is None:
            files, _missing = find_files([self.usb], CONTRIBUTION_SUFFIX)
        return list(import_contributions(self.compiler.contributions, files))


def make_commune(root: Path, report_id: int | None = None) -> Commune:
    """Three fresh databases under ``root``; the compiler has the Bình Lãng sample."""
    (root / "usb").mkdir(parents=True, exist_ok=True)
    compiler = ReportService.open(root / "compiler.sqlite3", who=COMPILER)
    a = ReportService.open(root / "a.sqlite3", who=WHO_A)
    b = ReportService.open(root / "b.sqlite3", who=WHO_B)
    if report_id is None:
        report_id, _loaded = compiler.ensure_sample()
    return Commune(root, compiler, a, b, report_id)


TABLES = (
    "report",
    "value",
    "note",
    "narrative",
    "explanation",
    "document",
    "audit",
    "assignment",
    "package",
    "package_base",
    "contribution",
    "contribution_row",
    "conflict",
    "seal",
)


def db_state(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every report table of the database file, sorted: "nothing changed" is
    this, equal before and after."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {
            table: sorted(connection.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
            for table in TABLES
        }
    finally:
        connection.close()


def stored_values(path: Path, report_id: int) -> dict[str, str | None]:
    """The value table of one report, read with sqlite3."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return dict(
            connection.execute(
                "SELECT row_key, value FROM value WHERE report_id = ?", (report_id,)
            ).fetchall()
        )
    finally:
        connection.close()
