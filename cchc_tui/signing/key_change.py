"""Key change: a unit's statement that its signing key was replaced, and the unit's key history.

A statement (``cchc-key-change/1``) names the unit, the old and the new public key (raw, hex),
the reason and the time (UTC ISO), and carries the old key's Ed25519 signature over its
canonical JSON (keys sorted, no spaces, UTF-8, NFC) — or ``null`` when the old key is no longer
on the computer (a dead disk, only the database copied): then the office cannot trust it by
itself and checks the new key's fingerprint by phone (issue 10).

The unit keeps its statements, oldest first, beside its keys (``unit-<code>.key-changes.json``,
format ``cchc-key-changes/1``), so a backup carries them; every bundle signed after a change
carries the same list as ``key-change.json``, and the office follows it from the key it
registered (:func:`follow_signed`). With the seals in the database (each signed revision records
the public key it was sealed with) this is the unit's key history.

``cryptography`` is imported inside the functions that need it.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cchc_tui.base.atomic import write_atomic
from cchc_tui.base.errors import InvalidInput, Refused
from cchc_tui.base.limits import MEMBER_BYTES, TEXT_CHARS, check_chars
from cchc_tui.base.text import nfc
from cchc_tui.messages import bundle as msg
from cchc_tui.signing.keys import (
    PRIVATE_SUFFIX,
    KeySaveError,
    NotAPublicKey,
    SigningKeyError,
    UnitKey,
    check_new_passphrase,
    fingerprint,
    key_paths,
    load_private_pem,
    new_pair,
    public_key_raw,
)

FORMAT = "cchc-key-change/1"
HISTORY_FORMAT = "cchc-key-changes/1"
HISTORY_SUFFIX = ".key-changes.json"
MAX_CHANGES = 100
"""Most statements a history (or a bundle's ``key-change.json``) may hold."""
MAX_HISTORY_BYTES = MEMBER_BYTES["key-change.json"]
MAX_REASON = TEXT_CHARS["reason"]


class KeyHistoryError(Refused):
    """The unit's key-change history file cannot be read; ``str(err)`` says what to do."""


class StatementError(ValueError):
    """A statement or a list of them that is not ``cchc-key-change/1`` (``str`` says why)."""


@dataclass(frozen=True)
class KeyChange:
    """One key change of a unit (see the module docstring for the format)."""

    unit_code: str
    old_public: bytes
    """Raw 32-byte Ed25519 key being replaced."""
    new_public: bytes
    reason: str
    changed_at: str
    old_signature: bytes | None
    """The old key's signature over :meth:`statement_bytes`; ``None`` without the old key."""

    def statement(self) -> dict[str, str]:
        """The signed part, as a JSON object."""
        return {
            "format": FORMAT,
            "unit_code": self.unit_code,
            "old_public_key": self.old_public.hex(),
            "new_public_key": self.new_public.hex(),
            "reason": self.reason,
            "changed_at": self.changed_at,
        }

    def statement_bytes(self) -> bytes:
        """The canonical bytes the old key signs."""
        return json.dumps(
            self.statement(), ensure_ascii=False, sort_keys=True, separators=(",", ":")
        ).encode("utf-8")

    def to_dict(self) -> dict[str, Any]:
        """The statement with its signature (hex or ``null``), as stored and carried."""
        signature = self.old_signature.hex() if self.old_signature is not None else None
        return {**self.statement(), "old_key_signature": signature}

    @property
    def old_fingerprint(self) -> str:
        """The replaced key's fingerprint (groups of 4 hex digits, read aloud)."""
        return fingerprint(self.old_public)

    @property
    def new_fingerprint(self) -> str:
        """The new key's fingerprint."""
        return fingerprint(self.new_public)

    @property
    def signed(self) -> bool:
        """Whether the old key's signature is there and verifies."""
        if self.old_signature is None:
            return False
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives.asymmetric import ed25519

        try:
            public = ed25519.Ed25519PublicKey.from_public_bytes(self.old_public)
            public.verify(self.old_signature, self.statement_bytes())
        except (InvalidSignature, ValueError):
            return False
        return True


def make_change(
    unit_code: str,
    old_public: bytes,
    new_public: bytes,
    reason: str,
    changed_at: str,
    old_private: Any | None,
) -> KeyChange:
    """A statement, signed with ``old_private`` (cryptography's ``Ed25519PrivateKey``) if given.

    Raises:
        StatementError: a key is not 32 bytes, or the reason is empty or too long.
    """
    change = KeyChange(
        unicodedata.normalize("NFC", unit_code).strip(),
        bytes(old_public),
        bytes(new_public),
        unicodedata.normalize("NFC", reason).strip(),
        changed_at,
        None,
    )
    _check(change)
    if old_private is None:
        return change
    signature = old_private.sign(change.statement_bytes())
    return KeyChange(
        change.unit_code,
        change.old_public,
        change.new_public,
        change.reason,
        change.changed_at,
        signature,
    )


def _check(change: KeyChange) -> None:
    if len(change.old_public) != 32 or len(change.new_public) != 32:
        raise StatementError("public keys must be 32 bytes")
    if not change.reason or len(change.reason) > MAX_REASON:
        raise StatementError("reason empty or too long")
    if not change.unit_code:
        raise StatementError("unit code empty")


def change_from_dict(raw: Any) -> KeyChange:
    """A statement read from JSON (its signature is not checked here: :attr:`KeyChange.signed`).

    Raises:
        StatementError: not a ``cchc-key-change/1`` object.
    """
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise StatementError(f"not a {FORMAT} object")
    fields = ("unit_code", "old_public_key", "new_public_key", "reason", "changed_at")
    if not all(isinstance(raw.get(name), str) for name in fields):
        raise StatementError("a field is missing or not text")
    signature = raw.get("old_key_signature")
    if signature is not None and not isinstance(signature, str):
        raise StatementError("old_key_signature is not text")
    try:
        change = KeyChange(
            raw["unit_code"],
            bytes.fromhex(raw["old_public_key"]),
            bytes.fromhex(raw["new_public_key"]),
            raw["reason"],
            raw["changed_at"],
            bytes.fromhex(signature) if signature is not None else None,
        )
    except ValueError:
        raise StatementError("a key or signature is not hex") from None
    _check(change)
    return change


def changes_to_json(unit_code: str, changes: Sequence[KeyChange]) -> bytes:
    """The ``cchc-key-changes/1`` document (history file and bundle member), UTF-8."""
    body = {
        "format": HISTORY_FORMAT,
        "unit_code": unit_code,
        "changes": [c.to_dict() for c in changes],
    }
    return json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8") + b"\n"


def changes_from_json(data: bytes, unit_code: str | None) -> list[KeyChange]:
    """The statements of a ``cchc-key-changes/1`` document for ``unit_code`` (``None``: the
    unit the document names; every statement must be that unit's).

    Raises:
        StatementError: too large, not JSON, another unit's, or a statement malformed.
    """
    if len(data) > MAX_HISTORY_BYTES:
        raise StatementError("too large")
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise StatementError("not UTF-8 JSON") from None
    if not isinstance(raw, dict) or raw.get("format") != HISTORY_FORMAT:
        raise StatementError(f"not a {HISTORY_FORMAT} document")
    items = raw.get("changes")
    if not isinstance(items, list) or len(items) > MAX_CHANGES:
        raise StatementError("changes is not a list of at most 100")
    code = raw.get("unit_code") if unit_code is None else nfc(unit_code).strip()
    changes = [change_from_dict(item) for item in items]
    if raw.get("unit_code") != code or any(c.unit_code != code for c in changes):
        raise StatementError("another unit's statements")
    return changes


def history_path(folder: Path | str, unit_code: str) -> Path:
    """``unit-<code>.key-changes.json`` beside the unit's key files."""
    private, _ = key_paths(folder, unit_code)
    return private.with_name(private.name.removesuffix(PRIVATE_SUFFIX) + HISTORY_SUFFIX)


def key_history(folder: Path | str, unit_code: str) -> list[KeyChange]:
    """The unit's key changes on this computer, oldest first (none: an empty list).

    Raises:
        KeyHistoryError: the file exists but cannot be read as a history of this unit.
    """
    return read_history(history_path(folder, unit_code), unit_code)


def read_history(path: Path, unit_code: str | None) -> list[KeyChange]:
    """The statements in history file ``path`` (see :func:`changes_from_json`); none when
    there is no such file.

    Raises:
        KeyHistoryError: the file exists but cannot be read as a history (of ``unit_code``).
    """
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_HISTORY_BYTES + 1)
    except FileNotFoundError:
        return []
    except OSError:
        raise KeyHistoryError(msg.KEYCHANGE_HISTORY_DAMAGED.format(file=path)) from None
    try:
        return changes_from_json(data, unit_code)
    except StatementError:
        raise KeyHistoryError(msg.KEYCHANGE_HISTORY_DAMAGED.format(file=path)) from None


def record_change(folder: Path | str, change: KeyChange) -> None:
    """Append ``change`` to the unit's history (written whole, atomically).

    Raises:
        KeyHistoryError: the present history cannot be read. KeySaveError: cannot be written.
    """
    path = history_path(folder, change.unit_code)
    changes = [*key_history(folder, change.unit_code), change]
    try:
        write_atomic(path, changes_to_json(change.unit_code, changes))
    except OSError as exc:
        raise KeySaveError(
            msg.SIGNKEY_SAVE_FAILED.format(folder=path.parent, code=exc.errno)
        ) from None


def follow(start: bytes, changes: Iterable[KeyChange]) -> bytes:
    """The key reached from ``start`` through the changes in order (signed or not): the unit's
    own records, as the unit trusts them."""
    current = start
    for change in changes:
        if change.old_public == current:
            current = change.new_public
    return current


@dataclass(frozen=True)
class Followed:
    """Where the office gets from its registered key through a bundle's statements."""

    reached: bytes
    """The last key reached by statements the registered (or a reached) key signed."""
    path: tuple[KeyChange, ...]
    """The signed statements followed, in order."""
    unsigned: KeyChange | None
    """The first statement from a reached key that its old key did not sign (or whose
    signature fails), where following stopped."""


def follow_signed(registered: bytes, changes: Iterable[KeyChange]) -> Followed:
    """Follow the statements from the office's registered key, trusting only those the key
    being replaced signed (issue 10): each step is proven by the key the office trusted."""
    current, path = registered, list[KeyChange]()
    for change in changes:
        if change.old_public != current:
            continue
        if not change.signed:
            return Followed(current, tuple(path), change)
        current = change.new_public
        path.append(change)
    return Followed(current, tuple(path), None)


class NeedOldPassphrase(SigningKeyError):
    """The old key is on this computer: its passphrase is needed to sign the statement."""


class NothingToChange(SigningKeyError):
    """The unit has no key yet, here or in its signed revisions."""


RETIRED_FOLDER = "retired"
"""Sub-folder of the keys folder where replaced key files are kept (never signed with again)."""


@dataclass(frozen=True)
class ChangedKey:
    """What :func:`change_key` did."""

    key: UnitKey
    """The new key pair, unlocked."""
    change: KeyChange


def change_key(
    folder: Path | str,
    unit_code: str,
    expected_old: bytes | None,
    reason: str,
    new_passphrase: str,
    old_passphrase: str | None,
    changed_at: str,
) -> ChangedKey:
    """Replace the unit's signing key and record the statement (issue 10).

    The key replaced is ``expected_old`` — the key the unit's signed revisions lead to (the
    service gives it from the database's seals and this history) — or, without one, the key on
    this computer. When that key is on this computer, ``old_passphrase`` must open it and it
    signs the statement; otherwise the statement goes unsigned (the office then checks the new
    key by phone). Key files on this computer are copied to ``retired/`` first, then the new pair
    is written, then the statement appended to the history.

    Raises:
        InvalidInput: no reason; LimitExceeded: too long a reason; EmptyPassphraseError,
            WeakPassphraseError: the new passphrase; NeedOldPassphrase, WrongPassphraseError:
            the old key's passphrase;
        NothingToChange: no key anywhere; KeyHistoryError, KeyDamagedError, KeySaveError.
    """
    reason = unicodedata.normalize("NFC", reason).strip()
    if not reason:
        raise InvalidInput(msg.KEYCHANGE_NEED_REASON)
    check_chars(msg.KEYCHANGE_FIELD_REASON, reason, MAX_REASON)
    check_new_passphrase(new_passphrase)
    history = key_history(folder, unit_code)
    private_path, public_path = key_paths(folder, unit_code)
    present: bytes | None = None
    if private_path.exists():
        try:
            present = public_key_raw(public_path.read_bytes())
        except (OSError, NotAPublicKey):
            present = None
    old = expected_old if expected_old is not None else present
    old_private = None
    if private_path.exists() and (present is None or present == old):
        if old_passphrase is None or not old_passphrase.strip():
            raise NeedOldPassphrase(msg.KEYCHANGE_NEED_OLD_PASSPHRASE)
        old_private = load_private_pem(private_path, unit_code, old_passphrase)
        present = public_key_raw(old_private)
        if old is None:
            old = present
        elif present != old:  # the public file lied: the private key is another one
            old_private = None
    if old is None:
        raise NothingToChange(msg.KEYCHANGE_NOTHING.format(unit=unit_code))
    if private_path.exists():
        _retire(private_path, public_path, present)
    key = new_pair(private_path, public_path, unit_code, new_passphrase)
    change = make_change(unit_code, old, key.public_raw, reason, changed_at, old_private)
    if change.new_public in {c.old_public for c in history}:  # pragma: no cover - 2**-256
        raise StatementError("new key already used")
    record_change(folder, change)
    return ChangedKey(key, change)


def _retire(private_path: Path, public_path: Path, public: bytes | None) -> None:
    """Copy the key files about to be replaced into ``retired/`` (named by the key)."""
    retired = private_path.parent / RETIRED_FOLDER
    tag = public.hex()[:16] if public is not None else "unknown"
    try:
        retired.mkdir(exist_ok=True)
        for path in (private_path, public_path):
            if path.exists():
                stem = path.name.removeprefix("unit-")
                write_atomic(retired / f"unit-{tag}-{stem}", path.read_bytes(), mode=0o600)
    except OSError as exc:
        raise KeySaveError(msg.SIGNKEY_SAVE_FAILED.format(folder=retired, code=exc.errno)) from None


__all__ = [
    "ChangedKey",
    "NeedOldPassphrase",
    "NothingToChange",
    "change_key",
    "FORMAT",
    "HISTORY_FORMAT",
    "Followed",
    "KeyChange",
    "KeyHistoryError",
    "StatementError",
    "change_from_dict",
    "changes_from_json",
    "changes_to_json",
    "follow",
    "follow_signed",
    "history_path",
    "key_history",
    "make_change",
    "read_history",
    "record_change",
]
