"""Import signed bundles at the receiving office: verify, then store each one all or nothing.

For each ``*.cchc.zip`` (a file given, or found under a folder given, e.g. a USB root):

1. the file is read once (size-limited) and its SHA-256 taken; a file already imported is
   reported as such and nothing changes;
2. BEFORE any content is parsed, the bundle's structure and signature are checked by
   :func:`~cchc_tui.exports.verify.verify_bundle` (every size limited before it is inflated,
   the signature with the key in the bundle, the signed manifest under its limits), and the key
   is compared with the one registered for the unit the manifest names;
3. a valid signature from an unknown or different key is **held** ("chưa xác thực") from its
   manifest alone: a ``received_bundle`` row records it, its ``report.json`` is not even read,
   and it counts nowhere until the unit's key is registered and the bundle is imported again;
4. for the registered key only, ``report.json`` is read by the bounded reader
   (:func:`~cchc_tui.domain.interchange.parse_json`, :func:`report_from_dict`) and must agree
   with the signed manifest (unit, template, period, revision) and hold only values of the right
   kind;
5. a verified bundle is imported in ONE transaction: the report (``ReportStore.add_report``,
   status ``signed``, the manifest's revision and signed-at time) and its ``received_bundle``
   row; a newer revision marks the older one ``superseded`` (kept) in the same transaction; an
   older revision, or the same revision with a different report, is refused.

A crash (or ``kill -9``) leaves every bundle fully imported or not at all; importing again
completes the rest. Each bundle has its own outcome and its own transaction, and nothing in one
file stops the run (:func:`import_paths`).
"""

from __future__ import annotations

import functools
import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from cchc_tui import messages as msg
from cchc_tui.base import folders
from cchc_tui.base.errors import CchcError
from cchc_tui.base.logs import describe_failure
from cchc_tui.db.office_models import (
    CURRENT,
    HELD,
    SUPERSEDED,
    ExplainedFindingRecord,
    ReceivedBundleRecord,
)
from cchc_tui.db.store import DuplicateReport, ReportStore
from cchc_tui.domain.counts import COUNTS_ENGINE, ReportCounts
from cchc_tui.domain.report import ReportData, ReportStatus
from cchc_tui.exports.bundle_format import KEY_CHANGE_MEMBER, REPORT_MEMBER
from cchc_tui.exports.bundle_format import SUFFIX as BUNDLE_SUFFIX
from cchc_tui.office.keys import active_key_row, now_iso, replace_key_in

if TYPE_CHECKING:
    from cchc_tui.signing.key_change import KeyChange


class Kind(StrEnum):
    """What happened to one bundle."""

    IMPORTED = "imported"
    SUPERSEDED = "superseded"
    """Imported, and it replaced an older revision as the current one."""
    ALREADY = "already"
    """The same file (or the same signed report re-exported) was imported before."""
    OLDER = "older"
    """Refused: an older revision than the one held."""
    CONFLICT = "conflict"
    """Refused: the same revision was received with a different report."""
    HELD = "held"
    ALREADY_HELD = "already_held"
    INVALID = "invalid"
    UNREADABLE = "unreadable"


COUNTED_OK = frozenset({Kind.IMPORTED, Kind.SUPERSEDED, Kind.ALREADY})


@dataclass
class Outcome:
    """The outcome of importing one bundle, with what the officer needs to read."""

    file: str
    kind: Kind
    unit_code: str = ""
    unit_name: str = ""
    period_code: str = ""
    template_id: str = ""
    revision: int = 0
    other_revision: int | None = None
    """The revision replaced (SUPERSEDED) or held already (OLDER)."""
    report_id: int | None = None
    fingerprint: str | None = None
    problems: list[str] = field(default_factory=list)
    same_report: bool = False
    """ALREADY because the same signed report was re-exported into another file."""
    key_changes: list[KeyChange] = field(default_factory=list)
    """The unit's key changes accepted with this bundle (each signed by the key it replaced)."""

    @property
    def unit(self) -> str:
        """ "Xã Bình Lãng (11092)"."""
        return f"{self.unit_name} ({self.unit_code})" if self.unit_name else self.unit_code

    def lines(self) -> list[str]:
        """The Vietnamese lines printed for this bundle."""
        fields = {
            "file": self.file,
            "unit": self.unit,
            "period": self.period_code,
            "revision": self.revision,
            "old": self.other_revision,
            "current": self.other_revision,
            "reason": " ".join(self.problems),
        }
        if self.kind in (Kind.IMPORTED, Kind.SUPERSEDED):
            head = msg.OFFICE_IMPORTED if self.kind is Kind.IMPORTED else msg.OFFICE_SUPERSEDED
            return [head.format(**fields)] + [
                msg.OFFICE_KEY_CHANGE_ACCEPTED.format(
                    at=change.changed_at, reason=change.reason, fingerprint=change.new_fingerprint
                )
                for change in self.key_changes
            ]
        if self.kind is Kind.ALREADY:
            text = msg.OFFICE_ALREADY_SAME_REPORT if self.same_report else msg.OFFICE_ALREADY
            return [text.format(**fields)]
        if self.kind is Kind.OLDER:
            return [msg.OFFICE_OLDER.format(**fields)]
        if self.kind is Kind.CONFLICT:
            return [msg.OFFICE_CONFLICT.format(**fields)]
        if self.kind is Kind.HELD:
            return [msg.OFFICE_HELD.format(**fields)]
        if self.kind is Kind.ALREADY_HELD:
            return [msg.OFFICE_ALREADY_HELD.format(**fields)]
        head = msg.OFFICE_UNREADABLE if self.kind is Kind.UNREADABLE else msg.OFFICE_INVALID
        return [head.format(**fields)] + [
            msg.OFFICE_PROBLEM_LINE.format(problem=p) for p in self.problems
        ]


# --- Finding the bundles ----------------------------------------------------------------------


def find_bundles(paths: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """Bundle files under ``paths``: files as given, folders searched recursively (drafts
    found there too, so that the office is told it was given a draft, not a signed report).

    Returns:
        ``(bundles, missing)``: the files in natural order without repeats, and the paths that
        do not exist.
    """
    from cchc_tui.exports.draft import is_draft_name

    return folders.find_files(
        paths, lambda name: name.lower().endswith(BUNDLE_SUFFIX) or is_draft_name(name)
    )


# --- Reading and checking one bundle ----------------------------------------------------------


@dataclass
class _Checked:
    """A bundle whose structure and signature are valid; its report read when trusted."""

    data: bytes
    sha256: str
    manifest: dict[str, Any]
    report: ReportData | None
    """``None`` for a held bundle: an untrusted report is never parsed."""
    fingerprint: str
    trusted: bool
    held_reason: str = ""
    counts: ReportCounts | None = None
    """The report's counts, from the validation that checked its values (stored with it)."""
    explained: dict[str, str] = field(default_factory=dict)
    """Finding id → message of each finding the report explains, ``""`` for one its data no
    longer raises (stored with it, for the consolidation's notes sheet)."""
    new_keys: tuple[KeyChange, ...] = ()
    """Statements, each signed by the key it replaces, from the registered key to the
    bundle's: registered with the import, in its transaction (issue 10)."""


def _read_report(
    data: bytes, manifest: dict[str, Any]
) -> tuple[ReportData | None, list[str], tuple[ReportCounts, dict[str, str]] | None]:
    """``report.json`` as a report, checked against the manifest, with its counts and the
    messages of the findings it explains (from the same validation); ``(None, problems,
    None)`` if not.

    Read by the bounded reader (:func:`~cchc_tui.domain.interchange.parse_json`, the limits of a
    report file): a huge number, count or string is refused by its text, before any work.
    """
    from cchc_tui.domain.interchange import InterchangeError, parse_json, report_from_dict
    from cchc_tui.domain.validation import FindingKind, validate
    from cchc_tui.exports.verify import BundleReadError, read_member

    try:
        text = read_member(data, REPORT_MEMBER).decode("utf-8")
        raw = parse_json(text, REPORT_MEMBER)
        report, template = report_from_dict(raw, REPORT_MEMBER)
    except BundleReadError as err:
        return None, [err.message], None
    except InterchangeError as err:
        return None, [msg.OFFICE_REPORT_JSON_BAD.format(reason=err)], None
    except UnicodeDecodeError as err:
        return None, [msg.OFFICE_REPORT_JSON_BAD.format(reason=err)], None
    problems = []
    signoff = raw.get("signoff") if isinstance(raw.get("signoff"), dict) else {}
    pairs = (
        ("unit_code", manifest.get("unit_code"), report.unit.code),
        ("template_id", manifest.get("template_id"), report.template_id),
        ("period_code", manifest.get("period_code"), report.period.code),
        ("revision", manifest.get("revision"), signoff.get("revision", manifest.get("revision"))),
        (
            "signed_at",
            manifest.get("signed_at"),
            signoff.get("signed_at", manifest.get("signed_at")),
        ),
    )
    for name, in_manifest, in_report in pairs:
        if in_manifest != in_report:
            problems.append(
                msg.OFFICE_MISMATCH.format(field=name, manifest=in_manifest, report=in_report)
            )
    result = validate(template, report)
    for finding in result.findings:
        if finding.kind is FindingKind.VALUE:  # wrong kind or range: would not be stored faithfully
            problems.append(msg.OFFICE_VALUE_BAD.format(key=finding.key, reason=finding.message))
    if problems:
        return None, problems, None
    messages = {f.id: f.message for f in result.findings}
    explained = {fid: messages.get(fid, "") for fid in report.explanations}
    return report, [], (ReportCounts.of(report, result), explained)


@functools.lru_cache(maxsize=4096)
def _registered_raw(pem: str) -> bytes:
    """The raw 32 bytes of a registered key's PEM (``b""`` if it is not a key), decoded once
    per key for a whole import run."""
    from cchc_tui.signing.keys import NotAPublicKey, public_key_raw

    try:
        return public_key_raw(pem.encode("ascii", errors="replace"))
    except NotAPublicKey:
        return b""


def check_bundle(store: ReportStore, data: bytes, name: str) -> _Checked | Outcome:
    """Check a bundle: structure and signature first, then the registry, then its report.

    Order (issue 18): :func:`~cchc_tui.exports.verify.verify_bundle` checks the file's
    structure, every size and the signature with the key carried in the bundle, and reads the
    (signed) manifest under its limits; the key is then compared with the one registered for the
    unit the manifest names. Only a bundle signed with the registered key has its
    ``report.json`` parsed; one signed with an unknown or another key is held from its manifest
    alone, its content never read.

    Returns:
        The checked bundle (trusted with its report, or held with a reason), or an
        INVALID/UNREADABLE outcome.
    """
    from cchc_tui.exports.verify import verify_bundle

    sha = hashlib.sha256(data).hexdigest()
    result = verify_bundle(data, None)
    if not result.ok or result.manifest is None:
        kind = Kind.UNREADABLE if result.unreadable else Kind.INVALID
        return Outcome(name, kind, problems=list(result.problems))
    manifest = result.manifest
    print_ = result.fingerprint or ""
    with store.session() as s:
        row = active_key_row(s, manifest["unit_code"])
        registered = row.public_key if row is not None else None
    held_reason = ""
    new_keys: tuple[KeyChange, ...] = ()
    if registered is None:
        held_reason = msg.OFFICE_HELD_NO_KEY.format(fingerprint=print_)
    else:
        registered_raw = _registered_raw(registered)
        if registered_raw != result.public_key:
            new_keys, held_reason = _follow_key_change(
                data, manifest, registered_raw, result.public_key or b"", print_
            )
    if held_reason:
        return _Checked(data, sha, manifest, None, print_, False, held_reason)
    report, problems, derived = _read_report(data, manifest)
    if report is None:
        return Outcome(
            name,
            Kind.INVALID,
            unit_code=manifest["unit_code"],
            unit_name=manifest["unit_name"],
            period_code=manifest["period_code"],
            revision=manifest["revision"],
            fingerprint=print_,
            problems=problems,
        )
    assert derived is not None
    counts, explained = derived
    return _Checked(
        data,
        sha,
        manifest,
        report,
        print_,
        True,
        counts=counts,
        explained=explained,
        new_keys=new_keys,
    )


def _follow_key_change(
    data: bytes, manifest: dict[str, Any], registered: bytes, signer: bytes, print_: str
) -> tuple[tuple[KeyChange, ...], str]:
    """A bundle signed with another key than the registered one: follow its ``key-change.json``
    from the registered key (issue 10). Returns the statements that lead, each signed by the
    key it replaces, to the bundle's key (to register with the import), or a held reason.

    Called only after the bundle's signature verified: the statements are part of what the
    bundle's key signed, and each step is proven by the key the office already trusted.
    """
    from cchc_tui.exports.verify import BundleReadError, read_member
    from cchc_tui.signing.key_change import StatementError, changes_from_json, follow_signed
    from cchc_tui.signing.keys import fingerprint

    registered_print = fingerprint(registered) if len(registered) == 32 else "?"
    other = msg.OFFICE_HELD_OTHER_KEY.format(fingerprint=print_, registered=registered_print)
    names = {m.get("name") for m in manifest.get("members", []) if isinstance(m, dict)}
    if KEY_CHANGE_MEMBER not in names:
        return (), other
    try:
        changes = changes_from_json(read_member(data, KEY_CHANGE_MEMBER), manifest["unit_code"])
    except BundleReadError as err:
        return (), other + " " + msg.KEYCHANGE_MEMBER_BAD.format(reason=err.message)
    except StatementError as err:
        return (), other + " " + msg.KEYCHANGE_MEMBER_BAD.format(reason=err)
    followed = follow_signed(registered, changes)
    if followed.path and followed.reached == signer:
        return followed.path, ""
    if followed.unsigned is not None and followed.unsigned.old_signature is not None:
        # a signature the registered key did not make: a forgery, or a damaged statement
        return (), other + " " + msg.OFFICE_KEY_CHANGE_FORGED.format(registered=registered_print)
    if followed.unsigned is not None:
        return (), msg.OFFICE_HELD_KEY_CHANGE_UNSIGNED.format(
            reason=followed.unsigned.reason,
            at=followed.unsigned.changed_at,
            fingerprint=print_,
            registered=registered_print,
            unit=manifest["unit_code"],
        )
    return (), other


# --- Storing -----------------------------------------------------------------------------------


def _report_sha(manifest: dict[str, Any]) -> str:
    for member in manifest.get("members", []):
        if member.get("name") == REPORT_MEMBER:
            return str(member.get("sha256", ""))
    return ""


def _base_outcome(name: str, checked: _Checked, kind: Kind) -> Outcome:
    m = checked.manifest
    return Outcome(
        name,
        kind,
        unit_code=m["unit_code"],
        unit_name=m["unit_name"],
        period_code=m["period_code"],
        template_id=m["template_id"],
        revision=m["revision"],
        fingerprint=checked.fingerprint,
    )


def _row_fields(name: str, checked: _Checked, state: str) -> dict[str, Any]:
    """Every field of a ``received_bundle`` row from the checked bundle (``received_at``
    apart: set only when the row is made)."""
    m = checked.manifest
    return {
        "sha256": checked.sha256,
        "file_name": name,
        "unit_code": m["unit_code"],
        "unit_name": m["unit_name"],
        "period_code": m["period_code"],
        "template_id": m["template_id"],
        "revision": m["revision"],
        "report_sha256": _report_sha(m),
        "fingerprint": checked.fingerprint,
        "signer_name": m["signer_name"],
        "signer_title": m["signer_title"],
        "signed_at": m["signed_at"],
        "state": state,
        "note": checked.held_reason or None,
        "updated_at": now_iso(),
    }


_RECEIVED: Any = ReceivedBundleRecord.__table__  # type: ignore[attr-defined]
_EXPLAINED: Any = ExplainedFindingRecord.__table__  # type: ignore[attr-defined]


def _hold(store: ReportStore, name: str, checked: _Checked, existing: bool) -> Outcome:
    outcome = _base_outcome(name, checked, Kind.ALREADY_HELD if existing else Kind.HELD)
    outcome.problems = [checked.held_reason]
    if existing:
        return outcome
    with store.transaction() as s:
        fields = _row_fields(name, checked, HELD)
        s.connection().execute(insert(_RECEIVED).values(received_at=fields["updated_at"], **fields))
    return outcome


def _import_verified(
    store: ReportStore, name: str, checked: _Checked, held_row_id: int | None
) -> Outcome:
    m = checked.manifest
    outcome = _base_outcome(name, checked, Kind.IMPORTED)
    rb = _RECEIVED
    with store.transaction() as s:
        conn = s.connection()
        current = conn.execute(
            select(rb.c.id, rb.c.revision, rb.c.report_sha256, rb.c.report_id).where(
                rb.c.unit_code == m["unit_code"],
                rb.c.template_id == m["template_id"],
                rb.c.period_code == m["period_code"],
                rb.c.state == CURRENT,
            )
        ).first()
        if current is not None and m["revision"] <= current.revision:
            outcome.other_revision = current.revision
            if m["revision"] < current.revision:
                outcome.kind = Kind.OLDER
            elif current.report_sha256 == _report_sha(m):
                outcome.kind, outcome.same_report = Kind.ALREADY, True
                outcome.report_id = current.report_id
            else:
                outcome.kind = Kind.CONFLICT
            s.rollback()
            return outcome
        assert checked.report is not None  # trusted: read by check_bundle
        for change in checked.new_keys:
            replace_key_in(s, m["unit_code"], change.new_public, now_iso())
            outcome.key_changes.append(change)
        report_id = store.add_report(
            s,
            checked.report,
            status=ReportStatus.SIGNED,
            revision=m["revision"],
            signed_at=m["signed_at"],
            counts=checked.counts,
        )
        if checked.explained:
            conn.execute(
                insert(_EXPLAINED),
                [
                    {
                        "report_id": report_id,
                        "finding_id": fid,
                        "engine": COUNTS_ENGINE,
                        "message": text,
                    }
                    for fid, text in checked.explained.items()
                ],
            )
        if current is not None:
            # Free the "one current revision" index before the new row takes it.
            conn.execute(
                update(rb)
                .where(rb.c.id == current.id)
                .values(state=SUPERSEDED, updated_at=now_iso())
            )
            outcome.kind, outcome.other_revision = Kind.SUPERSEDED, current.revision
        fields = {**_row_fields(name, checked, CURRENT), "report_id": report_id}
        if held_row_id is not None:
            conn.execute(update(rb).where(rb.c.id == held_row_id).values(**fields))
        else:
            conn.execute(insert(rb).values(received_at=fields["updated_at"], **fields))
    outcome.report_id = report_id
    return outcome


def import_bytes(store: ReportStore, data: bytes, name: str, _retry: bool = True) -> Outcome:
    """Verify and import one bundle given as bytes (``name`` is shown in messages)."""
    sha = hashlib.sha256(data).hexdigest()
    rb = _RECEIVED
    with store.session() as s:
        existing = (
            s.connection()
            .execute(
                select(
                    rb.c.id,
                    rb.c.state,
                    rb.c.unit_code,
                    rb.c.unit_name,
                    rb.c.period_code,
                    rb.c.template_id,
                    rb.c.revision,
                    rb.c.report_id,
                    rb.c.fingerprint,
                ).where(rb.c.sha256 == sha)
            )
            .first()
        )
    if existing is not None and existing.state != HELD:
        return Outcome(
            name,
            Kind.ALREADY,
            unit_code=existing.unit_code,
            unit_name=existing.unit_name,
            period_code=existing.period_code,
            template_id=existing.template_id,
            revision=existing.revision,
            report_id=existing.report_id,
            fingerprint=existing.fingerprint,
        )
    checked = check_bundle(store, data, name)
    if isinstance(checked, Outcome):
        return checked
    try:
        if not checked.trusted:
            return _hold(store, name, checked, existing is not None)
        return _import_verified(store, name, checked, existing.id if existing else None)
    except DuplicateReport as err:
        outcome = _base_outcome(name, checked, Kind.CONFLICT)
        outcome.problems = [str(err)]
        return outcome
    except IntegrityError:
        # Another importer (PostgreSQL) stored this file or a revision meanwhile: decide again.
        if not _retry:
            raise
        return import_bytes(store, data, name, _retry=False)


def import_file(store: ReportStore, path: Path) -> Outcome:
    """Read, verify and import one bundle file (a draft is refused by its name, unread).

    Raises:
        StoreError: the database failed (full disk, damaged): :func:`import_paths` makes it
            this bundle's outcome.
    """
    from cchc_tui.exports.draft import is_draft_name
    from cchc_tui.exports.verify import BundleReadError, load_bundle_file

    if is_draft_name(Path(path).name):
        return Outcome(Path(path).name, Kind.INVALID, problems=[msg.OFFICE_DRAFT_REFUSED])

    try:
        data = load_bundle_file(path)
    except BundleReadError as err:
        return Outcome(Path(path).name, Kind.UNREADABLE, problems=[err.message])
    return import_bytes(store, data, Path(path).name)


def import_paths(store: ReportStore, files: Iterable[Path]) -> Iterator[Outcome]:
    """Import each file in turn, each in its own transaction, yielding its outcome.

    Nothing in one file stops the run (issue 18: a hostile bundle first in a folder used to end
    the whole import): an error the officer may meet (a full disk, a damaged database) becomes
    that bundle's outcome, and so — as the last line of defence of an import run, like the
    command line's — does an unexpected one, logged with its traceback
    (:func:`~cchc_tui.base.logs.describe_failure`). The next file is imported as if nothing
    happened: what was committed stays committed, a failed transaction left nothing.
    """
    for path in files:
        name = Path(path).name
        try:
            outcome = import_file(store, path)
        except CchcError as err:
            outcome = Outcome(name, Kind.INVALID, problems=[err.message])
        except Exception as err:  # the last line of defence of the run (see the docstring)
            outcome = Outcome(name, Kind.INVALID, problems=[describe_failure(err, name)])
        yield outcome


def import_summary(counts: Counter[Kind]) -> str:
    """One Vietnamese line summing up the outcomes of an import run."""
    return msg.OFFICE_IMPORT_SUMMARY.format(
        total=sum(counts.values()),
        imported=counts[Kind.IMPORTED] + counts[Kind.SUPERSEDED],
        superseded=counts[Kind.SUPERSEDED],
        already=counts[Kind.ALREADY],
        held=counts[Kind.HELD] + counts[Kind.ALREADY_HELD],
        refused=counts[Kind.OLDER] + counts[Kind.CONFLICT],
        invalid=counts[Kind.INVALID] + counts[Kind.UNREADABLE],
    )
