"""Drafts: the report's Word file and workbook printed before sign-off, for the chairman to read.

A draft is the same .docx and .xlsx as the signed bundle carries, built with ``draft=True``:
"DỰ THẢO" on every page (page header, and under the number on page 1 as the state format's
draft mark), "DỰ THẢO" in the files' title and category, and in the .docx a last page listing
the report's errors and warnings. Drafts are plain files, never a ``.cchc.zip``: they carry no
signature, and their names say what they are — ``<unit>_<period>_DU-THAO.docx`` beside the
signed ``<unit>_<period>_r<rev>.cchc.zip`` — so nobody hands one to the receiving office as the
report, and the office (which imports only verified bundles) can tell which one it was given.

For ``cchc report draft ID --out DIR`` and the outline's draft key: :func:`export_draft`
(built in memory by :func:`build_draft`, written by ``base.atomic.write_bundle``: safe on a USB
stick).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cchc_tui.base.text import safe_part
from cchc_tui.domain.report import ReportData
from cchc_tui.domain.validation import ValidationResult, validate
from cchc_tui.template.loader import LoadedTemplate

if TYPE_CHECKING:
    from cchc_tui.service.reports import ReportService

DRAFT_TAG = "DU-THAO"
"""ASCII of "dự thảo", the last part of a draft's file name."""
DOCX_SUFFIX = f"_{DRAFT_TAG}.docx"
XLSX_SUFFIX = f"_{DRAFT_TAG}.xlsx"
MAX_NAME = 100
"""Longest file name written (FAT32 allows 255; the bundle's names stay under 100 too)."""


@dataclass(frozen=True)
class DraftNames:
    """File names of one report's draft."""

    docx: str
    xlsx: str


@dataclass(frozen=True)
class DraftFile:
    """One draft file, ready to be written."""

    name: str
    data: bytes


def draft_names(unit_code: str, period_code: str) -> DraftNames:
    """``<unit>_<period>_DU-THAO.docx`` and ``….xlsx``: ASCII, FAT32-safe, at most 100 chars.

    The same folding as the bundle's name (``exports.bundle_format.bundle_name``): Vietnamese
    marks dropped, ``đ`` → ``d``, any other character outside ``[A-Za-z0-9.-]`` → ``-``.
    """
    period = safe_part(period_code, 30)
    room = MAX_NAME - len(DOCX_SUFFIX) - len(period) - 1
    stem = f"{safe_part(unit_code, max(room, 1))}_{period}"
    return DraftNames(docx=stem + DOCX_SUFFIX, xlsx=stem + XLSX_SUFFIX)


def is_draft_name(name: str) -> bool:
    """Whether a file name is a draft's (what the office says when someone brings one)."""
    lowered = name.lower()
    return lowered.endswith((DOCX_SUFFIX.lower(), XLSX_SUFFIX.lower()))


def build_draft(
    report: ReportData,
    template: LoadedTemplate,
    result: ValidationResult | None = None,
    *,
    now: datetime,
) -> list[DraftFile]:
    """The draft of ``report``: its .docx (with the findings page) and its .xlsx, in memory.

    Works on any report, errors and all (that is what a draft is for). ``now`` is stored as the
    files' creation time (naive means UTC). ``result`` defaults to ``validate(template, report)``.
    """
    from cchc_tui.exports.docx import build_report_docx
    from cchc_tui.exports.xlsx import build_forms_workbook

    if result is None:
        result = validate(template, report)
    names = draft_names(report.unit.code, report.period.code)
    return [
        DraftFile(names.docx, build_report_docx(report, template, result, draft=True, created=now)),
        DraftFile(
            names.xlsx, build_forms_workbook(report, template, result, draft=True, created=now)
        ),
    ]


def export_draft(
    service: ReportService, report_id: int, folder: Path, now: datetime | None = None
) -> list[Path]:
    """Write the draft of report ``report_id`` into ``folder`` (a USB stick: safe writes).

    Returns:
        The written files (.docx, then .xlsx).

    Raises:
        ReportNotFound: no such report. ExportWriteError: the folder cannot take the files.
    """
    from cchc_tui.base.atomic import write_bundle

    report, template = service.export_report(report_id)
    files = build_draft(report, template, now=now or datetime.now(UTC))
    return [write_bundle(folder, file.name, file.data) for file in files]
