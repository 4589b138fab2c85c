"""The office's registry of units' public keys (one active key per unit, history kept).

A unit's key is registered from its public key file (``unit-<code>.pub.pem``, shown by
``cchc keys show`` at the commune) after comparing the fingerprint read aloud or on paper.
Registering a different key for a unit that already has one needs ``replace=True``: the old
key's row stays with ``replaced_at`` set and no longer verifies new bundles.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import Session, col, select

from cchc_tui import messages as msg
from cchc_tui.base.errors import InvalidInput, Refused
from cchc_tui.base.text import nfc
from cchc_tui.db.office_models import HELD, OfficeKeyRecord, ReceivedBundleRecord
from cchc_tui.db.store import ReportStore


class OfficeKeyError(Refused):
    """A key cannot be registered; ``str(err)`` is a Vietnamese message."""


class KeyFileError(InvalidInput):
    """The key file is unreadable or not an Ed25519 public key (exit code 2 at the CLI)."""


@dataclass(frozen=True)
class RegisteredKey:
    """One registered key, as listed."""

    unit_code: str
    unit_name: str
    fingerprint: str
    added_at: str
    replaced_at: str | None
    public_pem: str


@dataclass(frozen=True)
class AddKeyResult:
    """What registering did: ``added``, ``same`` (nothing changed) or ``replaced``."""

    outcome: str
    key: RegisteredKey
    old_fingerprint: str | None
    held: int
    """Bundles of the unit held as "chưa xác thực", to be re-imported."""


def now_iso() -> str:
    """UTC now as ISO text (seconds)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def read_public_key_file(path: Path, unit_code: str | None = None) -> tuple[bytes, str]:
    """The raw Ed25519 key and its PEM from a public key file (``unit-<code>.pub.pem``) or from
    a signed bundle of the unit (the key that signed it, after its signature verifies: how a
    key changed without the old key is registered once its fingerprint was checked by phone).

    Raises:
        KeyFileError: unreadable; not an Ed25519 public key; a bundle that does not verify, or
            of another unit than ``unit_code``.
    """
    from cchc_tui.base.limits import BUNDLE_BYTES, INPUT_FILE_BYTES
    from cchc_tui.signing.keys import NotAPublicKey, public_key_pem, public_key_raw

    try:
        with open(path, "rb") as handle:
            data = handle.read(BUNDLE_BYTES + 1)
    except OSError as err:
        raise KeyFileError(
            msg.OFFICE_KEY_FILE_UNREADABLE.format(path=path, reason=err.strerror or err)
        ) from None
    if data.startswith(b"PK"):
        raw = _bundle_key(data, path, unit_code)
        return raw, public_key_pem(raw).decode("ascii")
    if len(data) > INPUT_FILE_BYTES:  # a key file is 113 bytes
        raise KeyFileError(msg.OFFICE_KEY_FILE_INVALID.format(path=path))
    try:
        raw = public_key_raw(data)
    except NotAPublicKey:
        raise KeyFileError(msg.OFFICE_KEY_FILE_INVALID.format(path=path)) from None
    return raw, public_key_pem(raw).decode("ascii")


def _bundle_key(data: bytes, path: Path, unit_code: str | None) -> bytes:
    """The key that signed a bundle, once its structure and signature verify."""
    from cchc_tui.exports.verify import verify_bundle

    result = verify_bundle(data, None)
    if not result.ok or result.manifest is None or result.public_key is None:
        raise KeyFileError(
            msg.OFFICE_KEY_BUNDLE_INVALID.format(path=path, problems=" ".join(result.problems))
        )
    bundle_unit = result.manifest["unit_code"]
    if unit_code is not None and nfc(unit_code).strip() != bundle_unit:
        raise KeyFileError(
            msg.OFFICE_KEY_BUNDLE_OTHER_UNIT.format(path=path, bundle=bundle_unit, unit=unit_code)
        )
    return result.public_key


def _registered(row: OfficeKeyRecord) -> RegisteredKey:
    return RegisteredKey(
        row.unit_code, row.unit_name, row.fingerprint, row.added_at, row.replaced_at, row.public_key
    )


def active_key_row(session: Session, unit_code: str) -> OfficeKeyRecord | None:
    """The unit's active key row, if any."""
    return session.exec(
        select(OfficeKeyRecord).where(
            OfficeKeyRecord.unit_code == unit_code, col(OfficeKeyRecord.replaced_at).is_(None)
        )
    ).first()


def add_key(
    store: ReportStore,
    unit_code: str,
    public_key: bytes,
    unit_name: str = "",
    replace: bool = False,
) -> AddKeyResult:
    """Register ``public_key`` (raw 32 bytes or PEM) as the unit's key, in one transaction.

    Raises:
        OfficeKeyError: empty unit code; the unit has another key and ``replace`` is false; the
            key is registered for another unit.
        KeyFileError: not an Ed25519 public key.
    """
    from cchc_tui.signing.keys import NotAPublicKey, fingerprint, public_key_raw

    code = nfc(unit_code).strip()
    if not code:
        raise OfficeKeyError(msg.OFFICE_KEY_UNIT_EMPTY)
    try:
        raw = public_key_raw(public_key)
    except NotAPublicKey:
        raise KeyFileError(msg.OFFICE_KEY_FILE_INVALID.format(path="?")) from None
    print_ = fingerprint(raw)
    name = nfc(unit_name).strip()
    with store.transaction() as s:
        other = s.exec(
            select(OfficeKeyRecord).where(
                OfficeKeyRecord.fingerprint == print_,
                OfficeKeyRecord.unit_code != code,
                col(OfficeKeyRecord.replaced_at).is_(None),
            )
        ).first()
        if other is not None:
            raise OfficeKeyError(msg.OFFICE_KEY_USED_BY_OTHER.format(other=other.unit_code))
        current = active_key_row(s, code)
        held = len(
            s.exec(
                select(ReceivedBundleRecord.id).where(
                    ReceivedBundleRecord.unit_code == code, ReceivedBundleRecord.state == HELD
                )
            ).all()
        )
        if current is not None and current.fingerprint == print_:
            if name and name != current.unit_name:
                current.unit_name = name
                s.add(current)
            return AddKeyResult("same", _registered(current), None, held)
        if current is not None and not replace:
            raise OfficeKeyError(msg.OFFICE_KEY_EXISTS.format(unit=code, old=current.fingerprint))
        old = current.fingerprint if current is not None else None
        row = replace_key_in(s, code, raw, now_iso(), name)
        return AddKeyResult("replaced" if old else "added", _registered(row), old, held)


def replace_key_in(
    session: Session, unit_code: str, public_raw: bytes, now: str, unit_name: str = ""
) -> OfficeKeyRecord:
    """In the caller's transaction: the unit's active key (if any) marked replaced at ``now``
    and ``public_raw`` registered as its active key — by ``cchc office keys add --replace``
    after the fingerprint was checked, or by the import of a bundle whose key-change statement
    the registered key signed (issue 10). The replaced rows are the unit's key history."""
    from cchc_tui.signing.keys import fingerprint, public_key_pem

    current = active_key_row(session, unit_code)
    name = unit_name
    if current is not None:
        name = name or current.unit_name
        current.replaced_at = now
        session.add(current)
        session.flush()  # the active-key unique index sees the old key replaced first
    row = OfficeKeyRecord(
        unit_code=unit_code,
        unit_name=name,
        public_key=public_key_pem(public_raw).decode("ascii"),
        fingerprint=fingerprint(public_raw),
        added_at=now,
    )
    session.add(row)
    session.flush()
    return row


def list_keys(store: ReportStore, include_replaced: bool = False) -> list[RegisteredKey]:
    """Registered keys by unit code (active ones; with ``include_replaced``, history too)."""
    with store.session() as s:
        query = select(OfficeKeyRecord)
        if not include_replaced:
            query = query.where(col(OfficeKeyRecord.replaced_at).is_(None))
        rows = s.exec(query.order_by(col(OfficeKeyRecord.unit_code), col(OfficeKeyRecord.id)))
        return [_registered(r) for r in rows]
