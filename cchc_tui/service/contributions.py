"""Several officers, one report (issue 16): assignments, packages, contributions, the merge.

In a commune each công chức writes the part of their field and the Văn phòng–Thống kê officer
compiles (shared/DOMAIN.md). Here the compiler **assigns** parts of a report — a narrative
section (``I.3``), a form (``BM3``) or the documents appendix (``appendix``) — to named
officers; **"giao việc"** writes each officer a package (``cchc-package/1``: the whole report for
context, the parts that are theirs, a random package id and secret); the officer **opens** it on
their own PC as a *working copy* in their own database, where only their parts can be changed
(:class:`~cchc_tui.service.workspace.ReportWorkspace`, same screens, same validation), and
writes back a **contribution** (``cchc-contribution/1``: the state of their parts and their
audit rows). The compiler **merges** contributions in any order and any number of times.

The rules live here once:

* **What may be assigned**: a section, a form or the appendix of the report's template (not the
  document's header: that is the compiler's), to an officer named by letters and spaces, on a
  draft that is not itself a working copy.
* **What a contribution may touch**: only items of the parts its package assigned *and* that are
  still assigned to that officer; one that changes anything else is refused whole.
* **The merge** is three-way, item by item (:mod:`cchc_tui.domain.items`), against what the
  package sent — or what the package's last merged contribution brought, so that the same
  officer's next contribution is merged against their own last one (:func:`plan_merge`):
  changed only by the officer → taken; only by the compiler → kept; by both to the same state →
  agreed; by both differently → a **conflict**, kept side by side (the two states, who and when)
  until the compiler decides with one keystroke (:meth:`ContributionService.resolve`). Nothing is
  overwritten silently: a report with a pending conflict cannot be signed off.
* **Refused, nothing changed**: a file that is damaged, truncated or edited (the exports layer
  checks its structure and hashes; here its MAC), one for a package this database never wrote
  (another report, another compiler), for a signed revision or one since reopened, one older
  than a contribution already merged from its package, one with a value its row cannot hold.
  Receiving the same contribution again changes nothing (idempotent).

**Why no signature**: officers have no keys of their own (the unit has one key, the
chairman's). Each package carries a random 256-bit secret; a contribution carries
``HMAC-SHA256(secret, its manifest)`` and its manifest the SHA-256 of every member and of the
package it answers. So a contribution is tied to one package of one revision of one report of
this database, and any edit of it by someone who does not hold the package is refused. It does
not prove *which person* wrote it (whoever holds the package could): that is what the
assignment check, the compiler's review of every conflict, the audit rows under the officers'
names and, in the end, the chairman's signature over the whole report are for.

Every change to the report goes through the store's audited path; a merge is ONE transaction
per contribution (:meth:`cchc_tui.db.store.ReportStore.merge_contribution`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from cchc_tui import __version__
from cchc_tui import messages as msg
from cchc_tui.base.errors import InvalidInput, Refused
from cchc_tui.base.ids import FormKey, RowKey
from cchc_tui.base.limits import (
    CONTRIBUTION_AUDIT_ROWS,
    NAME_CHARS,
    check_chars,
)
from cchc_tui.base.text import fold, nfc, safe_part
from cchc_tui.domain.items import (
    COMPILER_DOC,
    OFFICER_DOC,
    document_from_state,
    document_item,
    document_ref,
    document_state,
    item,
    split_item,
)
from cchc_tui.domain.report import Document, ReportData, ReportStatus
from cchc_tui.domain.validation import PartState
from cchc_tui.domain.values import CellError, cell_from_storage, cell_to_storage, check_cell
from cchc_tui.template.loader import LoadedTemplate, get_template

if TYPE_CHECKING:
    from cchc_tui.db.contribution_models import (
        PackageBaseRecord,
        PackageRecord,
        WorkingCopyRecord,
    )
    from cchc_tui.db.contribution_store import ItemChange
    from cchc_tui.db.store import ReportStore
    from cchc_tui.db.store_types import AuditEntry
    from cchc_tui.service.reports import ReportService

PACKAGE_FORMAT = "cchc-package/1"
CONTRIBUTION_FORMAT = "cchc-contribution/1"
APPENDIX = "appendix"
"""The part key of the documents appendix."""
PART_SECTION, PART_FORM, PART_APPENDIX = "section", "form", APPENDIX
MAC_CONTEXT = b"cchc-contribution-mac/1\n"

_HEX32 = re.compile(r"[0-9a-f]{32}")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_NAME = re.compile(r"[^\W\d_]+(?: [^\W\d_]+)*")
"""An officer's name: words of letters (Vietnamese included), one space between them."""


class ContributionRefused(Refused):
    """A package or contribution that is valid as a file but may not be used here (foreign,
    stale, for a signed revision, touching parts not assigned); nothing was changed."""


class ContributionInvalid(InvalidInput):
    """A package or contribution that is damaged, truncated, edited or not one; nothing was
    changed."""


# --- Parts and items: the structure (pure) ----------------------------------------------------


@dataclass(frozen=True)
class Part:
    """An assignable part of a report's template."""

    kind: str
    """:data:`PART_SECTION`, :data:`PART_FORM` or :data:`PART_APPENDIX`."""
    key: str
    """``I.3``, ``BM3`` or ``appendix``."""
    title: str


def assignable_parts(template: LoadedTemplate) -> list[Part]:
    """The parts of a template an officer can be given, in outline order: every narrative
    section, every form, the appendix (when the template has one)."""
    parts = [Part(PART_SECTION, s.key, f"{s.key} {s.title}") for s in template.template.sections]
    parts += [
        Part(PART_FORM, f.key, msg.FORM_TITLE.format(number=f.number, title=f.title))
        for f in template.template.forms
    ]
    if template.template.appendix is not None:
        parts.append(Part(PART_APPENDIX, APPENDIX, template.template.appendix.title))
    return parts


def resolve_part(template: LoadedTemplate, text: str) -> Part:
    """The part named by ``text`` as an officer types it: ``BM3``, ``bm3``, ``3`` (a form
    number), ``I.3`` (a section key), ``appendix`` / ``phu luc`` (the appendix).

    Raises:
        InvalidInput: no such part (the message lists the parts).
    """
    wanted = fold(nfc(text)).strip().lower().replace(" ", "")
    for part in assignable_parts(template):
        names = {part.key.lower()}
        if part.kind == PART_FORM:
            names.add(str(FormKey(part.key).number))
        if part.kind == PART_APPENDIX:
            names |= {"phuluc", "phu-luc", "phulucvanban"}
        if wanted in names:
            return part
    keys = ", ".join(p.key for p in assignable_parts(template))
    raise InvalidInput(msg.ASSIGN_UNKNOWN_PART.format(part=text, parts=keys))


def check_officer(name: str) -> str:
    """An officer's name as stored: NFC, single spaces; letters and spaces only, at most
    :data:`~cchc_tui.base.limits.NAME_CHARS` characters.

    Raises:
        InvalidInput: empty, or digits and symbols; LimitExceeded: too long.
    """
    cleaned = " ".join(nfc(name).split())
    check_chars(msg.ASSIGN_FIELD_OFFICER, cleaned, NAME_CHARS)
    if not cleaned:
        raise InvalidInput(msg.ASSIGN_NEED_OFFICER)
    if not _NAME.fullmatch(cleaned):
        raise InvalidInput(msg.ASSIGN_NOT_A_NAME.format(name=cleaned))
    return cleaned


def short_name(officer: str) -> str:
    """What the outline shows of a Vietnamese name: the given name, its last word ("Hoa")."""
    words = officer.split()
    return words[-1] if words else ""


def section_of(template: LoadedTemplate, subheading: str) -> str | None:
    """The section key of a sub-heading key, ``None`` if the template has none."""
    for section in template.template.sections:
        if any(s.key == subheading for s in section.subheadings):
            return section.key
    return None


def part_of_finding(template: LoadedTemplate, finding_id: str) -> str | None:
    """The part a finding (so its explanation) belongs to, from its stable id: a row key in
    it names the form (``derived:BM3/3.1``, ``rule:BM1/R1``, ``evidence:BM3/2:24``), ``doc_*``
    the appendix, a sub-heading key its section; ``None`` otherwise (the compiler's)."""
    kind, _sep, rest = finding_id.partition(":")
    if kind.startswith("doc_"):
        return APPENDIX
    head = rest.split(":")[0]
    match = re.match(r"(BM[1-9]\d{0,2})/", head)
    if match is not None:
        return match.group(1)
    return section_of(template, head)


def part_of_item(template: LoadedTemplate, name: str) -> str | None:
    """The part an item belongs to (:mod:`cchc_tui.domain.items`), ``None`` for none."""
    entity, key = split_item(name)
    if entity in ("value", "note"):
        return RowKey(key).form if RowKey.is_row_key(key) else None
    if entity == "narrative":
        return section_of(template, key)
    if entity == "explanation":
        return part_of_finding(template, key)
    if entity == "document":
        return APPENDIX if document_ref(name) is not None else None
    return None


def report_items(
    report: ReportData,
    template: LoadedTemplate,
    parts: Iterable[str],
    document_items: list[str],
) -> dict[str, str]:
    """The state of every non-empty item of ``parts`` of ``report``.

    Args:
        document_items: the item of each document of ``report.documents``, in list order
            (``document:c4``: the compiler's seq 4; ``document:o7``: an officer's own).
    """
    wanted = set(parts)
    states: dict[str, str] = {}
    for key, value in report.values.items():
        info = template.indicators.get(key)
        stored = cell_to_storage(value)
        if info is not None and info.form.key in wanted and stored is not None:
            states[item("value", key)] = stored
    for key, text in report.notes.items():
        info = template.indicators.get(key)
        if info is not None and info.form.key in wanted and text:
            states[item("note", key)] = text
    for key, text in report.narrative.items():
        if text and section_of(template, key) in wanted:
            states[item("narrative", key)] = text
    for key, text in report.explanations.items():
        if text and part_of_finding(template, key) in wanted:
            states[item("explanation", key)] = text
    if APPENDIX in wanted:
        for name, doc in zip(document_items, report.documents, strict=True):
            states[name] = document_state(doc)
    return states


@dataclass(frozen=True)
class MergePlan:
    """What a three-way merge decides, item by item (:func:`plan_merge`)."""

    taken: list[str] = field(default_factory=list)
    """Changed by the officer only: their state is taken."""
    conflicts: list[str] = field(default_factory=list)
    """Changed on both sides to different states."""
    agreed: list[str] = field(default_factory=list)
    """Changed on both sides to the same state (nothing to do)."""


def plan_merge(
    base: Mapping[str, str | None],
    mine: Mapping[str, str | None],
    theirs: Mapping[str, str | None],
    items: Iterable[str],
) -> MergePlan:
    """The three-way merge of ``items`` (absent from a mapping: ``None``, empty).

    For each item: the officer did not change it (theirs = base) → nothing, whatever the
    compiler did; only the officer changed it (mine = base) → taken; both changed it alike →
    agreed; both changed it differently → a conflict. No other outcome exists, so a change made
    on one side only is never lost and a change made on both sides is always a conflict.
    """
    plan = MergePlan()
    for name in sorted(set(items)):
        b, m, t = base.get(name), mine.get(name), theirs.get(name)
        if t == b:
            continue
        if m == b:
            plan.taken.append(name)
        elif m == t:
            plan.agreed.append(name)
        else:
            plan.conflicts.append(name)
    return plan


def canonical_json(data: Any) -> bytes:
    """JSON bytes that are the same for the same data (sorted keys, compact, UTF-8)."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def contribution_mac(secret: str, manifest: Mapping[str, Any]) -> str:
    """``HMAC-SHA256`` (hex) of a contribution's manifest without its ``mac`` field, keyed by
    its package's secret (64 hex digits)."""
    body = {k: v for k, v in manifest.items() if k != "mac"}
    return hmac.new(bytes.fromhex(secret), MAC_CONTEXT + canonical_json(body), "sha256").hexdigest()


def template_digest(template: LoadedTemplate) -> str:
    """SHA-256 of a template's content (its model as canonical JSON): a package opened on
    another PC is filled with the very template it was made with."""
    return hashlib.sha256(canonical_json(template.template.model_dump(mode="json"))).hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# --- What the exports layer writes and reads ---------------------------------------------------


@dataclass(frozen=True)
class PackageDraft:
    """A package ready to be written: its manifest (without ``members``) and ``report.json``."""

    report_id: int
    package_id: str
    officer: str
    parts: tuple[str, ...]
    manifest: dict[str, Any]
    report_json: bytes
    file_name: str
    bases: dict[str, tuple[str | None, int | None]]
    """Item → (state, the compiler's document seq): what the merge will start from."""


@dataclass(frozen=True)
class PackageContent:
    """A package as read from a file (structure and hashes checked by the exports layer)."""

    manifest: dict[str, Any]
    report: Any
    """``report.json`` parsed by the bounded reader."""
    sha256: str
    file_name: str


@dataclass(frozen=True)
class ContributionDraft:
    """A contribution ready to be written: manifest (without ``members`` and ``mac``), the
    package secret to authenticate it with, and ``contribution.json``."""

    report_id: int
    contribution_id: str
    sequence: int
    manifest: dict[str, Any]
    secret: str
    content_json: bytes
    file_name: str
    audit_head: int
    """The last audit row it carries."""
    changed: int
    """Items of the officer's parts that differ from what the package sent."""


@dataclass(frozen=True)
class ContributionContent:
    """A contribution as read from a file (structure and hashes checked by the exports
    layer)."""

    manifest: dict[str, Any]
    content: Any
    """``contribution.json`` parsed by the bounded reader."""
    sha256: str
    file_name: str


# --- What the screens and command lines get ----------------------------------------------------


@dataclass(frozen=True)
class OpenedPackage:
    """A package opened as a working copy."""

    report_id: int
    created: bool
    """False: it was already open on this PC (same package)."""
    replaced: bool = False
    """True: an earlier package's working copy (all of it sent) was brought up to this one."""
    officer: str = ""
    parts: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        """What opening it says to the officer."""
        if not self.created:
            return msg.PACKAGE_ALREADY_OPEN.format(id=self.report_id)
        template = msg.PACKAGE_REPLACED if self.replaced else msg.PACKAGE_OPENED
        return template.format(id=self.report_id, officer=self.officer, parts=", ".join(self.parts))


@dataclass(frozen=True)
class WorkingCopy:
    """What the officer's PC knows of a working copy."""

    report_id: int
    package_id: str
    officer: str
    parts: frozenset[str]
    compiler: str
    """Who wrote the package ("name — post" on the compiler's PC)."""
    exported: int
    unsent: bool
    """Changes made since the last contribution was written (or since it was opened)."""


@dataclass(frozen=True)
class MergeOutcome:
    """One contribution received."""

    kind: str
    """``merged`` or ``already`` (received before: nothing changed)."""
    report_id: int
    officer: str
    sequence: int
    taken: int = 0
    conflicts: int = 0
    agreed: int = 0


@dataclass(frozen=True)
class ConflictView:
    """One pending conflict, both sides, as the conflicts screen shows it."""

    id: int
    item: str
    part: str
    label: str
    """"Biểu mẫu 3 › 3.3.1 Tổng số hồ sơ …" (and what of it: value, note…)."""
    mine: str
    mine_who: str
    mine_at: str
    theirs: str
    theirs_who: str
    theirs_at: str
    officer: str


STAGE_UNASSIGNED = "unassigned"
STAGE_ASSIGNED = "assigned"
"""Assigned; no package written since."""
STAGE_SENT = "sent"
"""A package was written; nothing came back from it yet."""
STAGE_RETURNED = "returned"
"""A contribution came back and left conflicts to decide."""
STAGE_MERGED = "merged"
"""Its contribution was merged, nothing left to decide."""
STAGE_MINE = "mine"
"""On an officer's working copy: a part that is theirs to fill."""
STAGE_READ_ONLY = "read_only"
"""On an officer's working copy: a part for context only."""


@dataclass(frozen=True)
class PartProgress:
    """Where one part is: who has it, how far the package went, how full it is."""

    part: str
    kind: str
    title: str
    officer: str
    stage: str
    """One of the ``STAGE_`` constants."""
    sent_at: str = ""
    returned_at: str = ""
    conflicts: int = 0
    state: PartState | None = None
    """Filled state (trống / đang nhập / đủ / có lỗi) when known."""


# --- The use cases ------------------------------------------------------------------------------


class ContributionService:
    """Every use case of several officers on one database (compiler's or officer's).

    Args:
        reports: the database's application service (its store, who is working, read-only).
    """

    def __init__(self, reports: ReportService) -> None:
        self.reports = reports

    @property
    def store(self) -> ReportStore:
        """The open store."""
        return self.reports.store

    def _writable(self) -> None:
        if self.reports.read_only:
            raise Refused(msg.ERROR_READ_ONLY)

    def _draft(self, report_id: int) -> tuple[ReportData, LoadedTemplate]:
        """A compiler's draft (not signed, not a working copy) with its template."""
        self._writable()
        status, revision = self.store.status(report_id)
        if status is ReportStatus.SIGNED:
            raise ContributionRefused(msg.ASSIGN_SIGNED.format(revision=revision))
        if self.store.working_copy(report_id) is not None:
            raise ContributionRefused(msg.ASSIGN_ON_WORKING_COPY)
        report = self.store.load_report(report_id)
        return report, get_template(report.template_id)

    # --- assignments ----------------------------------------------------------------------

    def assign(self, report_id: int, part: str, officer: str | None) -> Part:
        """Assign a part of a draft to an officer (``None`` or "": to nobody); audited.

        Returns:
            The part (its key as stored).

        Raises:
            InvalidInput: no such part, or not a name. ContributionRefused: signed, or a
                working copy. Refused: a read-only database.
        """
        _report, template = self._draft(report_id)
        found = resolve_part(template, part)
        name = check_officer(officer) if officer and officer.strip() else None
        self.store.set_assignment(report_id, found.key, name)
        return found

    def assignments(self, report_id: int) -> dict[str, str]:
        """Part key → officer, of every assigned part."""
        return {row.part: row.officer for row in self.store.assignments(report_id)}

    def officers(self, report_id: int) -> list[str]:
        """The officers with a part of the report, in the order of their first part."""
        template = get_template(self.store.load_report(report_id).template_id)
        owners = self.assignments(report_id)
        seen: list[str] = []
        for part in assignable_parts(template):
            officer = owners.get(part.key)
            if officer and officer not in seen:
                seen.append(officer)
        return seen

    def progress(
        self,
        report_id: int,
        states: Mapping[str, PartState] | None = None,
        template: LoadedTemplate | None = None,
    ) -> list[PartProgress]:
        """Every part of the report with its officer and stage, in outline order (before
        sign-off: what is assigned, sent, returned, merged; ``states`` adds how full each is).

        On an officer's working copy, the stages are :data:`STAGE_MINE` / :data:`STAGE_READ_ONLY`.
        """
        if template is None:
            template = get_template(self.store.load_report(report_id).template_id)
        states = states or {}
        copy = self.working_copy(report_id)
        if copy is not None:
            return [
                PartProgress(
                    p.key,
                    p.kind,
                    p.title,
                    copy.officer if p.key in copy.parts else "",
                    STAGE_MINE if p.key in copy.parts else STAGE_READ_ONLY,
                    state=states.get(p.key),
                )
                for p in assignable_parts(template)
            ]
        owners = self.assignments(report_id)
        packages = self.store.packages(report_id)
        contributions = self.store.contributions(report_id=report_id)
        pending = self.store.conflicts(report_id, "pending")
        pending_parts: dict[str, int] = {}
        for conflict in pending:
            part = part_of_item(template, conflict.item)
            if part is not None:
                pending_parts[part] = pending_parts.get(part, 0) + 1
        lines: list[PartProgress] = []
        for p in assignable_parts(template):
            officer = owners.get(p.key, "")
            if not officer:
                lines.append(
                    PartProgress(
                        p.key, p.kind, p.title, "", STAGE_UNASSIGNED, state=states.get(p.key)
                    )
                )
                continue
            sent = [
                pkg for pkg in packages if pkg.officer == officer and p.key in json.loads(pkg.parts)
            ]
            stage, sent_at, returned_at = STAGE_ASSIGNED, "", ""
            if sent:
                stage, sent_at = STAGE_SENT, sent[-1].created_at
                ids = {pkg.id for pkg in sent}
                back = [c for c in contributions if c.package_id in ids]
                if back:
                    returned_at = back[-1].received_at
                    stage = STAGE_RETURNED if pending_parts.get(p.key) else STAGE_MERGED
            lines.append(
                PartProgress(
                    p.key,
                    p.kind,
                    p.title,
                    officer,
                    stage,
                    sent_at,
                    returned_at,
                    pending_parts.get(p.key, 0),
                    states.get(p.key),
                )
            )
        return lines

    # --- packages (the compiler) ------------------------------------------------------------

    def prepare_package(self, report_id: int, officer: str) -> PackageDraft:
        """A package for one officer: the whole report, the parts assigned to them now, a new
        random id and secret, the state of each of their items (nothing is written yet).

        Raises:
            ContributionRefused: no part is assigned to them; signed; a working copy.
        """
        report, template = self._draft(report_id)
        name = check_officer(officer)
        owners = self.assignments(report_id)
        parts = tuple(p.key for p in assignable_parts(template) if owners.get(p.key) == name)
        if not parts:
            raise ContributionRefused(msg.PACKAGE_NO_PARTS.format(officer=name))
        from cchc_tui.domain.interchange import report_to_dict

        _status, revision = self.store.status(report_id)
        seqs = self.store.document_seqs(report_id)
        doc_items = [document_item(COMPILER_DOC, seq) for seq in seqs]
        states = report_items(report, template, parts, doc_items)
        bases: dict[str, tuple[str | None, int | None]] = {
            name_: (state, None) for name_, state in states.items()
        }
        if APPENDIX in parts:
            for seq, doc_name in zip(seqs, doc_items, strict=True):
                bases[doc_name] = (states[doc_name], seq)
        package_id = uuid.uuid4().hex
        manifest: dict[str, Any] = {
            "format": PACKAGE_FORMAT,
            "package_id": package_id,
            "secret": secrets.token_hex(32),
            "report": _identity(report, template, revision),
            "officer": name,
            "parts": list(parts),
            "documents": [f"{COMPILER_DOC}{seq}" for seq in seqs],
            "created_at": _now(),
            "created_by": self.reports.who,
            "app_version": __version__,
        }
        report_json = (
            json.dumps(report_to_dict(report, template), ensure_ascii=False, indent=1) + "\n"
        ).encode()
        file_name = package_file_name(report, revision, name)
        return PackageDraft(
            report_id, package_id, name, parts, manifest, report_json, file_name, bases
        )

    def record_package(self, draft: PackageDraft, sha256: str) -> None:
        """Record a package once its file is written and read back (one transaction,
        audited): its contributions are merged against what it sent."""
        from cchc_tui.db.contribution_models import PackageBaseRecord, PackageRecord

        package = PackageRecord(
            id=draft.package_id,
            report_id=draft.report_id,
            officer=draft.officer,
            parts=json.dumps(list(draft.parts), ensure_ascii=False),
            secret=draft.manifest["secret"],
            sha256=sha256,
            file_name=draft.file_name,
            created_at=draft.manifest["created_at"],
            created_by=draft.manifest["created_by"],
        )
        bases = [
            PackageBaseRecord(package_id=draft.package_id, item=name, value=state, target=target)
            for name, (state, target) in draft.bases.items()
        ]
        self.store.add_package(package, bases)

    # --- the working copy (the officer) -----------------------------------------------------

    def open_package(self, content: PackageContent) -> OpenedPackage:
        """Open a package as a working copy in this database (an officer's own PC).

        Opening the same package again gives the same working copy. A newer package for the
        same report revision replaces an earlier one's working copy only when everything done
        on it was written into a contribution; otherwise it is refused (nothing lost).

        Raises:
            ContributionInvalid: not a package, a field wrong, ``report.json`` invalid.
            ContributionRefused: the template is not on this PC or differs; the database
                holds that revision as a report of its own (the compiler's PC).
        """
        self._writable()
        manifest = content.manifest
        _check_package_manifest(manifest)
        identity = manifest["report"]
        from cchc_tui.domain.interchange import InterchangeError, report_from_dict
        from cchc_tui.template.loader import TemplateNotFound

        try:
            template = get_template(identity["template_id"])
        except TemplateNotFound:
            raise ContributionRefused(
                msg.PACKAGE_TEMPLATE_MISSING.format(template=identity["template_id"])
            ) from None
        if template_digest(template) != identity["template_sha256"]:
            raise ContributionRefused(
                msg.PACKAGE_TEMPLATE_DIFFERS.format(template=identity["template_id"])
            )
        try:
            report, _template = report_from_dict(content.report, content.file_name)
        except InterchangeError as err:
            raise ContributionInvalid(err.message) from None
        if _identity(report, template, identity["revision"]) != identity:
            raise ContributionInvalid(msg.PACKAGE_MISMATCH.format(file=content.file_name))
        parts = manifest["parts"]
        known = {p.key for p in assignable_parts(template)}
        if not parts or any(p not in known for p in parts) or len(set(parts)) != len(parts):
            raise ContributionInvalid(
                msg.CONTRIB_FIELD.format(file=content.file_name, field="parts")
            )
        if len(manifest["documents"]) != len(report.documents):
            raise ContributionInvalid(
                msg.CONTRIB_FIELD.format(file=content.file_name, field="documents")
            )
        existing = self.store.working_copy_of_package(manifest["package_id"])
        if existing is not None:
            return OpenedPackage(
                existing.report_id, False, False, manifest["officer"], tuple(parts)
            )
        from cchc_tui.db.contribution_models import WorkingCopyRecord

        doc_items = [item("document", ref) for ref in manifest["documents"]]
        kept = {**manifest, SENT_KEY: report_items(report, template, parts, doc_items)}
        record = WorkingCopyRecord(
            report_id=0,
            package_id=manifest["package_id"],
            package_sha256=content.sha256,
            manifest=json.dumps(kept, ensure_ascii=False, sort_keys=True),
            opened_at=_now(),
            start_audit_id=0,
        )
        rid = self.store.find_revision(
            report.unit.code, report.template_id, report.period.code, identity["revision"]
        )
        if rid is not None:
            copy = self.working_copy(rid)
            if copy is None:
                raise ContributionRefused(msg.PACKAGE_OWN_REPORT.format(id=rid))
            if copy.unsent:
                raise ContributionRefused(msg.PACKAGE_UNSENT_WORK.format(id=rid))
            self.store.replace_working_copy(rid, report, record)
            return OpenedPackage(rid, True, True, manifest["officer"], tuple(parts))
        rid = self.store.open_working_copy(report, identity["revision"], record)
        return OpenedPackage(rid, True, False, manifest["officer"], tuple(parts))

    def working_copy(self, report_id: int) -> WorkingCopy | None:
        """The working copy ``report_id`` is (on an officer's PC), ``None`` for any other."""
        record = self.store.working_copy(report_id)
        return _working_copy(self.store, record) if record is not None else None

    def working_copies(self) -> dict[int, WorkingCopy]:
        """Every working copy of this database, by report id (for the report list)."""
        return {
            rid: _working_copy(self.store, record, check_unsent=False)
            for rid, record in self.store.working_copies().items()
        }

    def prepare_contribution(self, report_id: int) -> ContributionDraft:
        """The officer's contribution from a working copy: the state of every item of their
        parts and every audit row since the package was opened (nothing is written yet).

        Raises:
            ContributionRefused: not a working copy; signed. LimitExceeded: more audit rows
                than a contribution carries.
        """
        self._writable()
        record = self.store.working_copy(report_id)
        if record is None:
            raise ContributionRefused(msg.CONTRIB_NOT_WORKING_COPY.format(id=report_id))
        manifest = json.loads(record.manifest)
        report = self.store.load_report(report_id)
        template = get_template(report.template_id)
        parts = manifest["parts"]
        refs: list[str] = manifest["documents"]
        seqs = self.store.document_seqs(report_id)
        doc_items = [_officer_doc_item(refs, seq) for seq in seqs]
        states = report_items(report, template, parts, doc_items)
        rows = self.store.audit_after(report_id, record.start_audit_id)
        if len(rows) > CONTRIBUTION_AUDIT_ROWS:
            raise ContributionRefused(
                msg.CONTRIB_TOO_MANY_ROWS.format(count=len(rows), limit=CONTRIBUTION_AUDIT_ROWS)
            )
        author = self.reports.who or manifest["officer"]
        audit = [
            {
                "item": _row_item(entry.entity, entry.key, refs),
                "entity": entry.entity,
                "key": entry.key,
                "old": entry.old,
                "new": entry.new,
                "at": entry.at,
                "who": entry.who or manifest["officer"],
            }
            for _id, entry in rows
        ]
        content: dict[str, Any] = {"format": CONTRIBUTION_FORMAT}
        content.update({field_name: {} for _entity, field_name in _TEXT_FIELDS})
        content["documents"] = []
        fields = dict(_TEXT_FIELDS)
        for name, state in states.items():
            entity, key = split_item(name)
            if entity == "document":
                fields_ = _doc_fields(document_from_state(state))
                content["documents"].append({"ref": key, **fields_})
            else:
                content[fields[entity]][key] = state
        content["audit"] = audit
        sent: dict[str, str] = manifest.get(SENT_KEY, {})
        changed = sum(1 for name in set(states) | set(sent) if states.get(name) != sent.get(name))
        sequence = record.exported + 1
        contribution_id = uuid.uuid4().hex
        created = _now()
        head = rows[-1][0] if rows else max(record.start_audit_id, record.exported_audit_id)
        out = {
            "format": CONTRIBUTION_FORMAT,
            "contribution_id": contribution_id,
            "package_id": record.package_id,
            "package_sha256": record.package_sha256,
            "sequence": sequence,
            "report": manifest["report"],
            "officer": manifest["officer"],
            "author": author,
            "parts": parts,
            "created_at": created,
            "app_version": __version__,
        }
        content_json = (json.dumps(content, ensure_ascii=False, indent=1) + "\n").encode()
        name = contribution_file_name(
            report, manifest["report"]["revision"], manifest["officer"], sequence
        )
        return ContributionDraft(
            report_id,
            contribution_id,
            sequence,
            out,
            manifest["secret"],
            content_json,
            name,
            head,
            changed,
        )

    def record_contribution(self, draft: ContributionDraft, file_name: str) -> None:
        """Record that a contribution was written and read back (its sequence and the last
        audit row it carried), audited."""
        self.store.record_export(
            draft.report_id, draft.sequence, draft.audit_head, draft.contribution_id, file_name
        )

    # --- the merge (the compiler) ----------------------------------------------------------

    def merge(self, content: ContributionContent) -> MergeOutcome:
        """Merge one contribution into the report its package came from (one transaction).

        Raises:
            ContributionInvalid: a field wrong, edited (MAC), a value its row cannot hold.
            ContributionRefused: a package this database never wrote (another report or
                compiler), a signed or reopened revision, older than one already merged, or
                changes to parts not assigned to the officer. Nothing is changed.
        """
        self._writable()
        manifest = content.manifest
        name = content.file_name
        _check_contribution_manifest(manifest, name)
        package = self.store.package(manifest["package_id"])
        if package is None:
            raise ContributionRefused(msg.CONTRIB_FOREIGN.format(file=name))
        if manifest["package_sha256"] != package.sha256:
            raise ContributionRefused(msg.CONTRIB_FOREIGN.format(file=name))
        if not hmac.compare_digest(contribution_mac(package.secret, manifest), manifest["mac"]):
            raise ContributionInvalid(msg.CONTRIB_TAMPERED.format(file=name))
        report = self.store.load_report(package.report_id)
        template = get_template(report.template_id)
        status, revision = self.store.status(package.report_id)
        if not _same_report(manifest["report"], _identity(report, template, revision)):
            raise ContributionRefused(msg.CONTRIB_FOREIGN_REPORT.format(file=name))
        if manifest["parts"] != json.loads(package.parts) or manifest["officer"] != package.officer:
            raise ContributionInvalid(msg.CONTRIB_TAMPERED.format(file=name))
        previous = self.store.contribution(manifest["contribution_id"])
        if previous is not None:
            return MergeOutcome("already", package.report_id, package.officer, previous.sequence)
        newest = self.store.find_report(report.unit.code, report.template_id, report.period.code)
        if newest != package.report_id:
            raise ContributionRefused(msg.CONTRIB_REOPENED.format(file=name, revision=revision))
        if status is ReportStatus.SIGNED:
            raise ContributionRefused(msg.CONTRIB_SIGNED.format(file=name, revision=revision))
        merged = self.store.contributions(package_id=package.id)
        last = max((c.sequence for c in merged), default=0)
        if manifest["sequence"] <= last:
            raise ContributionRefused(
                msg.CONTRIB_STALE.format(file=name, sequence=manifest["sequence"], last=last)
            )
        theirs = _theirs(content.content, template, name)
        bases = self.store.package_bases(package.id)
        base = {k: b.value for k, b in bases.items()}
        for doc_name in theirs:
            ref = document_ref(doc_name)
            if ref is not None and ref[0] == COMPILER_DOC and doc_name not in bases:
                raise ContributionInvalid(msg.CONTRIB_FIELD.format(file=name, field="documents"))
        universe = set(base) | set(theirs)
        changed = [n for n in universe if theirs.get(n) != base.get(n)]
        allowed = set(json.loads(package.parts)) & {
            part
            for part, officer in self.assignments(package.report_id).items()
            if officer == package.officer
        }
        outside = sorted({part_of_item(template, n) or n for n in changed} - allowed)
        if outside:
            raise ContributionRefused(
                msg.CONTRIB_OUTSIDE_PARTS.format(
                    file=name, officer=package.officer, parts=", ".join(outside)
                )
            )
        mine = self._mine(report, template, package.report_id, universe, bases)
        plan = plan_merge(base, mine, theirs, universe)
        return self._apply(package, manifest, content, plan, base, mine, theirs, bases)

    def _mine(
        self,
        report: ReportData,
        template: LoadedTemplate,
        report_id: int,
        universe: Iterable[str],
        bases: Mapping[str, PackageBaseRecord],
    ) -> dict[str, str | None]:
        """The compiler's current state of each item (a document: the one at the seq its
        package item stands for)."""
        seqs = self.store.document_seqs(report_id)
        by_seq = dict(zip(seqs, report.documents, strict=True))
        parts = {p.key for p in assignable_parts(template)}
        current = report_items(
            report, template, parts, [document_item(COMPILER_DOC, seq) for seq in seqs]
        )
        mine: dict[str, str | None] = {}
        for name in universe:
            if document_ref(name) is not None:
                target = bases[name].target if name in bases else None
                doc = by_seq.get(target) if target is not None else None
                mine[name] = document_state(doc) if doc is not None else None
            else:
                mine[name] = current.get(name)
        return mine

    def _apply(
        self,
        package: PackageRecord,
        manifest: Mapping[str, Any],
        content: ContributionContent,
        plan: MergePlan,
        base: Mapping[str, str | None],
        mine: Mapping[str, str | None],
        theirs: Mapping[str, str | None],
        bases: Mapping[str, PackageBaseRecord],
    ) -> MergeOutcome:
        from cchc_tui.db.contribution_models import (
            PENDING,
            ConflictRecord,
            ContributionRecord,
            ContributionRowRecord,
            PackageBaseRecord,
        )

        report_id = package.report_id
        audit = content.content.get("audit", [])
        author = manifest["author"]
        touched = _last_touch((r["item"], r["who"], r["at"]) for r in audit)
        theirs_when = {
            name: touched.get(name, (author, manifest["created_at"]))
            for name in (*plan.taken, *plan.conflicts)
        }
        log = self.store.audit_log(report_id)
        mine_when = _last_touch((_compiler_item(e.entity, e.key, bases), e.who, e.at) for e in log)
        changes = [
            self._change(name, theirs.get(name), mine.get(name), bases, theirs_when[name])
            for name in plan.taken
        ]
        received = _now()
        record = ContributionRecord(
            id=manifest["contribution_id"],
            package_id=package.id,
            report_id=report_id,
            sequence=manifest["sequence"],
            officer=package.officer,
            author=author,
            sha256=content.sha256,
            file_name=content.file_name,
            created_at=manifest["created_at"],
            received_at=received,
            received_by=self.reports.who,
            taken=len(plan.taken),
            conflicts=len(plan.conflicts),
        )
        rows = [
            ContributionRowRecord(
                contribution_id=record.id,
                seq=i,
                entity=r["entity"],
                key=r["key"],
                old=r["old"],
                new=r["new"],
                at=r["at"],
                who=r["who"],
            )
            for i, r in enumerate(audit)
        ]
        conflicts = [
            ConflictRecord(
                report_id=report_id,
                contribution_id=record.id,
                item=name,
                base=base.get(name),
                mine=mine.get(name),
                mine_who=mine_when.get(name, ("", ""))[0],
                mine_at=mine_when.get(name, ("", ""))[1],
                theirs=theirs.get(name),
                theirs_who=theirs_when[name][0],
                theirs_at=theirs_when[name][1],
                state=PENDING,
            )
            for name in plan.conflicts
        ]
        decided = set(plan.taken) | set(plan.conflicts)
        superseded = [
            c.id
            for c in self.store.conflicts(report_id, PENDING)
            if c.item in decided and c.id is not None
        ]
        new_bases = [
            PackageBaseRecord(
                package_id=package.id,
                item=name,
                value=theirs.get(name),
                target=bases[name].target if name in bases else None,
            )
            for name in sorted(set(base) | set(theirs))
            if theirs.get(name) != base.get(name) or name not in bases
        ]
        self.store.merge_contribution(record, rows, changes, conflicts, new_bases, superseded)
        return MergeOutcome(
            "merged",
            report_id,
            package.officer,
            record.sequence,
            len(plan.taken),
            len(plan.conflicts),
            len(plan.agreed),
        )

    def _change(
        self,
        name: str,
        new: str | None,
        expect: str | None,
        bases: Mapping[str, PackageBaseRecord],
        when: tuple[str, str],
    ) -> ItemChange:
        """The store's change that sets item ``name`` from ``expect`` to ``new``."""
        from cchc_tui.db.contribution_store import ItemChange

        entity, key = split_item(name)
        if entity == "document":
            target = bases[name].target if name in bases else None
            key = "" if target is None else str(target)
        return ItemChange(entity, key, new, expect, when[0], when[1], name)

    # --- conflicts ---------------------------------------------------------------------------

    def pending(self, report_id: int) -> int:
        """How many conflicts of the report wait for a decision."""
        return len(self.store.conflicts(report_id, "pending"))

    def conflicts(self, report_id: int) -> list[ConflictView]:
        """The pending conflicts of a report, both sides shown as the officer reads them (the
        compiler's side as it is now)."""
        report = self.store.load_report(report_id)
        template = get_template(report.template_id)
        views = []
        log = self.store.audit_log(report_id)
        for conflict in self.store.conflicts(report_id, "pending"):
            contribution = self.store.contribution(conflict.contribution_id)
            officer = contribution.officer if contribution is not None else ""
            package_id = contribution.package_id if contribution is not None else ""
            bases = self.store.package_bases(package_id) if package_id else {}
            now = self._mine(report, template, report_id, [conflict.item], bases)[conflict.item]
            if now != conflict.mine:  # changed again since: who changed it last, and when
                touched = _last_touch(
                    (_compiler_item(e.entity, e.key, bases), e.who, e.at)
                    for e in log
                    if e.entity not in ("conflict", "resolve")
                )
                mine_who, mine_at = touched.get(conflict.item, ("", ""))
            else:
                mine_who, mine_at = conflict.mine_who, conflict.mine_at
            views.append(
                ConflictView(
                    conflict.id or 0,
                    conflict.item,
                    part_of_item(template, conflict.item) or "",
                    item_label(template, conflict.item),
                    show_state(template, conflict.item, now),
                    mine_who,
                    mine_at,
                    show_state(template, conflict.item, conflict.theirs),
                    conflict.theirs_who,
                    conflict.theirs_at,
                    officer,
                )
            )
        return views

    def resolve(self, conflict_id: int, take_theirs: bool) -> None:
        """Decide one conflict: keep the compiler's state, or take the officer's (one
        transaction, audited: the decision under the compiler's name, the taken value under the
        officer's).

        Raises:
            StoreError: not a pending conflict. ChangedMeanwhile: the item changed since it was
                shown (shown again). Refused: read-only.
        """
        from cchc_tui.db.contribution_models import KEPT_MINE, TOOK_THEIRS

        self._writable()
        conflict = self.store.conflict(conflict_id)
        if conflict is None or conflict.state != "pending":
            from cchc_tui.db.engine import StoreError

            raise StoreError(msg.CONTRIB_CONFLICT_NOT_PENDING.format(id=conflict_id))
        contribution = self.store.contribution(conflict.contribution_id)
        package_id = contribution.package_id if contribution is not None else ""
        report = self.store.load_report(conflict.report_id)
        template = get_template(report.template_id)
        bases = self.store.package_bases(package_id) if package_id else {}
        now = self._mine(report, template, conflict.report_id, [conflict.item], bases)[
            conflict.item
        ]
        if not take_theirs:
            self.store.resolve_conflict(conflict_id, KEPT_MINE, None, None)
            return
        change = self._change(
            conflict.item,
            conflict.theirs,
            now,
            bases,
            (conflict.theirs_who, conflict.theirs_at),
        )
        self.store.resolve_conflict(conflict_id, TOOK_THEIRS, change, bases.get(conflict.item))


# --- helpers ------------------------------------------------------------------------------------


def _identity(report: ReportData, template: LoadedTemplate, revision: int) -> dict[str, Any]:
    """The report a package or contribution belongs to, as its manifest names it."""
    return {
        "unit_code": report.unit.code,
        "unit_name": report.unit.display_name,
        "template_id": report.template_id,
        "template_sha256": template_digest(template),
        "period_code": report.period.code,
        "revision": revision,
    }


def _same_report(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Whether two manifests name the same report revision (the template's content digest is
    left out: an update of the app may reword a shipped template's texts)."""
    return {k: v for k, v in a.items() if k != "template_sha256"} == {
        k: v for k, v in b.items() if k != "template_sha256"
    }


def package_file_name(report: ReportData, revision: int, officer: str) -> str:
    """``<unit>_<period>_r<rev>_<officer>.cchc-giaoviec.zip`` (ASCII, FAT32-safe)."""
    return (
        f"{safe_part(report.unit.code, 20)}_{safe_part(report.period.code, 30)}_r{revision}_"
        f"{safe_part(officer, 30)}{PACKAGE_SUFFIX}"
    )


def contribution_file_name(report: ReportData, revision: int, officer: str, sequence: int) -> str:
    """``<unit>_<period>_r<rev>_<officer>_<n>.cchc-donggop.zip`` (ASCII, FAT32-safe)."""
    return (
        f"{safe_part(report.unit.code, 20)}_{safe_part(report.period.code, 30)}_r{revision}_"
        f"{safe_part(officer, 30)}_{sequence}{CONTRIBUTION_SUFFIX}"
    )


PACKAGE_SUFFIX = ".cchc-giaoviec.zip"
SENT_KEY = "_sent"
"""Key of the working copy's stored manifest under which the states the package sent are kept
(to tell the officer how many items they changed)."""
_TEXT_FIELDS = (
    ("value", "values"),
    ("note", "notes"),
    ("narrative", "narrative"),
    ("explanation", "explanations"),
)
"""Entity → its map in ``contribution.json`` (as ``cchc-report/1`` names them)."""
CONTRIBUTION_SUFFIX = ".cchc-donggop.zip"


def _officer_doc_item(refs: list[str], seq: int) -> str:
    """The item of the working copy's document at ``seq``: the package's own (seq < count,
    the package's list order), else one the officer added."""
    if seq < len(refs):
        return item("document", refs[seq])
    return document_item(OFFICER_DOC, seq)


def _row_item(entity: str, key: str, refs: list[str]) -> str:
    """The item an officer's audit row is about ("" for none: opening, exports)."""
    if entity in ("value", "note", "narrative", "explanation"):
        return item(entity, key)
    if entity == "document" and key.startswith("#") and key[1:].isdigit():
        return _officer_doc_item(refs, int(key[1:]))
    return ""


def _compiler_item(entity: str, key: str, bases: Mapping[str, PackageBaseRecord]) -> str:
    """The package item a compiler's audit row is about (a document: by its seq)."""
    if entity in ("value", "note", "narrative", "explanation"):
        return item(entity, key)
    if entity == "document" and key.startswith("#") and key[1:].isdigit():
        seq = int(key[1:])
        for name, base in bases.items():
            if base.target == seq:
                return name
        return document_item(COMPILER_DOC, seq)
    if entity == "resolve":
        return ""
    return ""


def _last_touch(rows: Iterable[tuple[str, str, str]]) -> dict[str, tuple[str, str]]:
    """Item → (who, when) of the last row about it."""
    found: dict[str, tuple[str, str]] = {}
    for name, row_who, row_at in rows:
        if name:
            found[name] = (row_who, row_at)
    return found


def _doc_fields(doc: Document) -> dict[str, str]:
    return {
        "type": doc.type,
        "number": doc.number,
        "date": doc.date.isoformat(),
        "summary": doc.summary,
    }


def _working_copy(
    store: ReportStore, record: WorkingCopyRecord, check_unsent: bool = True
) -> WorkingCopy:
    manifest = json.loads(record.manifest)
    unsent = False
    if check_unsent:
        done = max(record.start_audit_id, record.exported_audit_id)
        unsent = any(
            entry.entity != "contribution"
            for _id, entry in store.audit_after(record.report_id, done)
        )
    return WorkingCopy(
        record.report_id,
        record.package_id,
        manifest["officer"],
        frozenset(manifest["parts"]),
        manifest.get("created_by", ""),
        record.exported,
        unsent,
    )


def _require(data: Mapping[str, Any], key: str, kind: type, file: str) -> Any:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, kind):
        raise ContributionInvalid(msg.CONTRIB_FIELD.format(file=file, field=key))
    return value


def _check_identity(identity: Any, file: str) -> None:
    if not isinstance(identity, dict):
        raise ContributionInvalid(msg.CONTRIB_FIELD.format(file=file, field="report"))
    for key in ("unit_code", "unit_name", "template_id", "template_sha256", "period_code"):
        _require(identity, key, str, file)
    revision = _require(identity, "revision", int, file)
    if not 1 <= revision <= 100_000 or set(identity) != {
        "unit_code",
        "unit_name",
        "template_id",
        "template_sha256",
        "period_code",
        "revision",
    }:
        raise ContributionInvalid(msg.CONTRIB_FIELD.format(file=file, field="report"))


def _check_common(manifest: Mapping[str, Any], file: str) -> None:
    _check_identity(manifest.get("report"), file)
    officer = _require(manifest, "officer", str, file)
    if not _NAME.fullmatch(officer):
        raise ContributionInvalid(msg.CONTRIB_FIELD.format(file=file, field="officer"))
    parts = _require(manifest, "parts", list, file)
    if not all(isinstance(p, str) for p in parts):
        raise ContributionInvalid(msg.CONTRIB_FIELD.format(file=file, field="parts"))
    created = _require(manifest, "created_at", str, file)
    try:
        datetime.fromisoformat(created)
    except ValueError:
        raise ContributionInvalid(msg.CONTRIB_FIELD.format(file=file, field="created_at")) from None


def _check_package_manifest(manifest: Mapping[str, Any]) -> None:
    file = "manifest.json"
    if manifest.get("format") != PACKAGE_FORMAT:
        raise ContributionInvalid(msg.PACKAGE_NOT_ONE)
    _check_common(manifest, file)
    if not _HEX32.fullmatch(_require(manifest, "package_id", str, file)):
        raise ContributionInvalid(msg.CONTRIB_FIELD.format(file=file, field="package_id"))
    if not _HEX64.fullmatch(_require(manifest, "secret", str, file)):
        raise ContributionInvalid(msg.CONTRIB_FIELD.format(file=file, field="secret"))
    docs = _require(manifest, "documents", list, file)
    if not all(
        isinstance(d, str) and document_ref(item("document", d)) == (COMPILER_DOC, int(d[1:]))
        for d in docs
    ):
        raise ContributionInvalid(msg.CONTRIB_FIELD.format(file=file, field="documents"))
    _require(manifest, "created_by", str, file)


def _check_contribution_manifest(manifest: Mapping[str, Any], file: str) -> None:
    if manifest.get("format") != CONTRIBUTION_FORMAT:
        raise ContributionInvalid(msg.CONTRIB_NOT_ONE.format(file=file))
    _check_common(manifest, file)
    for key in ("contribution_id", "package_id"):
        if not _HEX32.fullmatch(_require(manifest, key, str, file)):
            raise ContributionInvalid(msg.CONTRIB_FIELD.format(file=file, field=key))
    for key in ("package_sha256", "mac"):
        if not _HEX64.fullmatch(_require(manifest, key, str, file)):
            raise ContributionInvalid(msg.CONTRIB_FIELD.format(file=file, field=key))
    sequence = _require(manifest, "sequence", int, file)
    if not 1 <= sequence <= 100_000:
        raise ContributionInvalid(msg.CONTRIB_FIELD.format(file=file, field="sequence"))
    _require(manifest, "author", str, file)


def _theirs(content: Any, template: LoadedTemplate, file: str) -> dict[str, str | None]:
    """The officer's state of every item a contribution lists, each checked as the app checks
    what is typed (kind and range of a value, lengths of texts, dates of documents).

    Raises:
        ContributionInvalid: a field is missing, of the wrong kind, or a value does not fit.
    """
    if not isinstance(content, dict) or content.get("format") != CONTRIBUTION_FORMAT:
        raise ContributionInvalid(msg.CONTRIB_NOT_ONE.format(file=file))
    states: dict[str, str | None] = {}
    for entity, field_name in (
        ("value", "values"),
        ("note", "notes"),
        ("narrative", "narrative"),
        ("explanation", "explanations"),
    ):
        mapping = content.get(field_name)
        if not isinstance(mapping, dict):
            raise ContributionInvalid(msg.CONTRIB_FIELD.format(file=file, field=field_name))
        for key, state in mapping.items():
            if not isinstance(state, str) or not state:
                raise ContributionInvalid(
                    msg.CONTRIB_FIELD.format(file=file, field=f"{field_name}.{key}")
                )
            if entity == "value":
                info = template.indicators.get(key)
                if info is None or not info.holds_value:
                    raise ContributionInvalid(
                        msg.CONTRIB_FIELD.format(file=file, field=f"{field_name}.{key}")
                    )
                try:
                    checked = check_cell(info.indicator, cell_from_storage(info.indicator, state))
                except (CellError, ArithmeticError, ValueError) as err:
                    raise ContributionInvalid(
                        msg.CONTRIB_BAD_VALUE.format(file=file, key=key, reason=err)
                    ) from None
                if cell_to_storage(checked) != state:
                    raise ContributionInvalid(
                        msg.CONTRIB_BAD_VALUE.format(file=file, key=key, reason=state)
                    )
            elif (entity == "note" and key not in template.indicators) or (
                entity == "narrative" and section_of(template, key) is None
            ):
                raise ContributionInvalid(
                    msg.CONTRIB_FIELD.format(file=file, field=f"{field_name}.{key}")
                )
            if nfc(state) != state:
                raise ContributionInvalid(
                    msg.CONTRIB_FIELD.format(file=file, field=f"{field_name}.{key}")
                )
            states[item(entity, key)] = state
    docs = content.get("documents")
    if not isinstance(docs, list):
        raise ContributionInvalid(msg.CONTRIB_FIELD.format(file=file, field="documents"))
    for i, raw in enumerate(docs):
        where = f"documents[{i}]"
        if not isinstance(raw, dict) or set(raw) != {"ref", "type", "number", "date", "summary"}:
            raise ContributionInvalid(msg.CONTRIB_FIELD.format(file=file, field=where))
        name = item("document", raw["ref"]) if isinstance(raw["ref"], str) else ""
        if document_ref(name) is None or name in states:
            raise ContributionInvalid(msg.CONTRIB_FIELD.format(file=file, field=where))
        try:
            doc = Document(
                type=_require(raw, "type", str, file),
                number=_require(raw, "number", str, file),
                date=date.fromisoformat(_require(raw, "date", str, file)),
                summary=_require(raw, "summary", str, file),
            )
        except ValueError:
            raise ContributionInvalid(msg.CONTRIB_FIELD.format(file=file, field=where)) from None
        states[name] = document_state(doc)
    audit = content.get("audit")
    if not isinstance(audit, list):
        raise ContributionInvalid(msg.CONTRIB_FIELD.format(file=file, field="audit"))
    for i, row in enumerate(audit):
        if (
            not isinstance(row, dict)
            or set(row) != {"item", "entity", "key", "old", "new", "at", "who"}
            or not all(isinstance(row[k], str) for k in ("item", "entity", "key", "at", "who"))
            or not all(row[k] is None or isinstance(row[k], str) for k in ("old", "new"))
        ):
            raise ContributionInvalid(msg.CONTRIB_FIELD.format(file=file, field=f"audit[{i}]"))
    return states


def item_label(template: LoadedTemplate, name: str) -> str:
    """How an item is named to the officer: "Biểu mẫu 3 › 3.3.1 Tổng số … (giá trị)"."""
    entity, key = split_item(name)
    what = msg.CONTRIB_ITEM_KINDS.get(entity, entity)
    if entity in ("value", "note") and key in template.indicators:
        info = template.indicators[key]
        stt = info.indicator.stt.rstrip(".") or info.key.part
        where = f"BM{info.form.number} › {stt} {info.indicator.label}"
    elif entity == "narrative":
        where = key
        for section in template.template.sections:
            for sub in section.subheadings:
                if sub.key == key:
                    where = f"{section.number} › {sub.title}"
    elif entity == "document":
        where = msg.APPENDIX_TITLE
    else:
        where = key
    return msg.CONTRIB_ITEM_LABEL.format(where=where, what=what)


def show_state(template: LoadedTemplate, name: str, state: str | None) -> str:
    """A state as the officer reads it (a value in vi-VN, a document as printed)."""
    if state is None:
        return msg.CONTRIB_EMPTY
    entity, key = split_item(name)
    if entity == "value" and key in template.indicators:
        from cchc_tui.domain.values import format_cell

        row = template.indicators[key].indicator
        return format_cell(row, cell_from_storage(row, state))
    if entity == "document":
        from cchc_tui.domain.documents import format_vn_date

        doc = document_from_state(state)
        return f"{doc.type} {doc.number} ({format_vn_date(doc.date)}) {doc.summary}"
    return state


def local_time(at: str) -> str:
    """A stored UTC ISO time as the PC's local time, day first as officers write it:
    "14/11/2023 08:30:05" ("" stays "")."""
    if not at:
        return ""
    try:
        return datetime.fromisoformat(at).astimezone().strftime("%d/%m/%Y %H:%M:%S")
    except ValueError:
        return at


def audit_cells(entry: AuditEntry) -> tuple[str, str, str, str]:
    """One audit row as the officer reads it: when (local time), who, what ("giá trị
    BM3/1.2"), and "old → new" (long texts flattened and cut to 40 characters each)."""

    def cut(text: str | None) -> str:
        if text is None:
            return msg.AUDIT_EMPTY
        flat = " ".join(text.split())
        return flat if len(flat) <= 40 else flat[:39] + "…"

    what = f"{msg.AUDIT_ENTITIES.get(entry.entity, entry.entity)} {_audit_words(entry.key)}"
    old, new = entry.old, entry.new
    if entry.entity in ("report", "resolve"):  # states and decisions are codes; texts are not
        old = None if old is None else _audit_words(old)
        new = None if new is None else _audit_words(new)
    change = msg.AUDIT_CHANGE.format(old=cut(old), new=cut(new))
    return (local_time(entry.at), entry.who or msg.AUDIT_NOBODY, what, change)


def _audit_words(text: str) -> str:
    """An audit row's codes in words (``AUDIT_WORDS``): the first word of ``text``
    ("signoff", "signed <title> <name>", "appendix"), or an item's kind ("value:<row key>",
    by ``AUDIT_ENTITIES``); anything else as it is."""
    head, space, rest = text.partition(" ")
    if head in msg.AUDIT_WORDS:
        return msg.AUDIT_WORDS[head] + space + rest
    kind, colon, key = text.partition(":")
    if colon and kind in msg.AUDIT_ENTITIES:
        return f"{msg.AUDIT_ENTITIES[kind]} {_audit_words(key)}"
    return text
