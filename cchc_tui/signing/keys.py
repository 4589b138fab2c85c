"""Sign-off keys: one Ed25519 key pair per reporting unit.

The pair is created at the unit's first sign-off. The private key is stored encrypted with the
chairman's passphrase (``cchc-key/1``: scrypt and ChaCha20-Poly1305, :mod:`.keyfile`; a key
written before in PKCS#8 still opens and is written again in ``cchc-key/1`` when it is next
opened) in a folder chosen by the caller (the app passes ``<data dir>/keys``); the public key is
stored as PEM beside it. A new key's passphrase must pass :func:`check_new_passphrase`.
File names come from the unit code, folded to ASCII (``unit-<code>.key.pem`` /
``unit-<code>.pub.pem``; a short hash is added when folding changed the code, so two codes
never share a file). The passphrase is never stored. A replaced key and the unit's
key-change statements: :mod:`.key_change`.

The receiving office registers a unit's key by its :func:`fingerprint` (SHA-256 of the raw
32-byte public key, 64 uppercase hex digits in groups of 4), read aloud or printed on paper.

``cryptography`` is imported inside the functions: it costs ~190 ms at start-up.
"""

from __future__ import annotations

import contextlib
import hashlib
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cchc_tui.base.atomic import write_atomic
from cchc_tui.base.errors import InvalidInput, Refused
from cchc_tui.base.text import safe_part
from cchc_tui.messages import bundle as msg
from cchc_tui.signing import keyfile

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

PRIVATE_SUFFIX = ".key.pem"
PUBLIC_SUFFIX = ".pub.pem"
RAW_KEY_BYTES = 32
MIN_PASSPHRASE = 8
"""Fewest characters of a new key's passphrase (issue 10)."""


class SigningKeyError(Refused):
    """A sign-off key problem; ``str(error)`` is a Vietnamese message for the officer."""


class EmptyPassphraseError(SigningKeyError):
    """The passphrase is empty or only spaces."""


class WeakPassphraseError(SigningKeyError):
    """A new key's passphrase is too short or only digits (issue 10)."""


class WrongPassphraseError(SigningKeyError):
    """The passphrase does not open the stored private key."""


class KeyNotFoundError(SigningKeyError):
    """The unit has no key on this machine yet."""


class KeyDamagedError(SigningKeyError):
    """A key file exists but cannot be read as an Ed25519 key."""


class NotAPublicKey(InvalidInput):
    """Bytes that are not an Ed25519 public key (raw 32 bytes or PEM)."""


class KeySaveError(SigningKeyError):
    """The key files could not be written."""


@dataclass(frozen=True)
class UnitKey:
    """A unit's unlocked key pair, as returned by :func:`ensure_key`."""

    unit_code: str
    private_key: Any  # cryptography's Ed25519PrivateKey (imported lazily)
    public_raw: bytes
    fingerprint: str
    created: bool
    """True when this call created the pair: the fingerprint must now be registered."""


def key_paths(folder: Path | str, unit_code: str) -> tuple[Path, Path]:
    """The private and public key files of ``unit_code`` inside ``folder``."""
    code = unicodedata.normalize("NFC", unit_code).strip()
    if not code:
        raise SigningKeyError(msg.SIGNKEY_UNIT_EMPTY)
    stem = safe_part(code, 60).lower()
    if stem != code:
        stem += "-" + hashlib.sha256(code.encode("utf-8")).hexdigest()[:8]
    folder = Path(folder)
    return folder / f"unit-{stem}{PRIVATE_SUFFIX}", folder / f"unit-{stem}{PUBLIC_SUFFIX}"


def fingerprint(public_key_bytes: bytes) -> str:
    """SHA-256 of the raw 32-byte public key, uppercase hex in groups of 4 (``"1A2B 3C4D …"``).

    Also accepts the key as PEM.
    """
    raw = public_key_raw(public_key_bytes)
    digest = hashlib.sha256(raw).hexdigest().upper()
    return " ".join(digest[i : i + 4] for i in range(0, len(digest), 4))


def public_key_raw(key: Any) -> bytes:
    """The raw 32 bytes of an Ed25519 public key given as raw bytes, PEM, or a key object.

    Raises:
        NotAPublicKey: not an Ed25519 public key.
    """
    if isinstance(key, str):
        key = key.encode("ascii", errors="replace")
    if isinstance(key, bytes | bytearray | memoryview):
        key = bytes(key)
        if len(key) == RAW_KEY_BYTES:
            return key
        if not key.lstrip().startswith(b"-----BEGIN"):
            raise NotAPublicKey(msg.SIGNKEY_NOT_PUBLIC)
        from cryptography.exceptions import UnsupportedAlgorithm
        from cryptography.hazmat.primitives import serialization

        try:
            key = serialization.load_pem_public_key(key)
        except (ValueError, UnsupportedAlgorithm):
            raise NotAPublicKey(msg.SIGNKEY_NOT_PUBLIC) from None
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519

    if isinstance(key, ed25519.Ed25519PrivateKey):
        key = key.public_key()
    if not isinstance(key, ed25519.Ed25519PublicKey):
        raise NotAPublicKey(msg.SIGNKEY_NOT_PUBLIC)
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_pem(public_key: Any) -> bytes:
    """The public key (raw bytes, PEM, public or private key object) as SubjectPublicKeyInfo PEM."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519

    loaded = ed25519.Ed25519PublicKey.from_public_bytes(public_key_raw(public_key))
    return loaded.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def ensure_key(folder: Path | str, unit_code: str, passphrase: str) -> UnitKey:
    """Unlock the unit's key pair, creating it (and ``folder``) at the first sign-off.

    When the private key exists the passphrase must open it; the public key file is rewritten
    from the private key if it is missing or does not match.

    Raises:
        EmptyPassphraseError, WrongPassphraseError, KeyDamagedError, KeySaveError.
    """
    private_path, public_path = key_paths(folder, unit_code)
    return ensure_pair(private_path, public_path, unit_code, passphrase)


def ensure_pair(private_path: Path, public_path: Path, owner: str, passphrase: str) -> UnitKey:
    """:func:`ensure_key` for a pair stored at the given paths (``owner`` names it in messages;
    the receiving office's own key uses this, :mod:`cchc_tui.signing.office_key`).

    Raises:
        EmptyPassphraseError, WrongPassphraseError, KeyDamagedError, KeySaveError;
        WeakPassphraseError: a new key's passphrase fails :func:`check_new_passphrase`.
    """
    if private_path.exists():
        key = load_private_pem(private_path, owner, passphrase)
        raw = public_key_raw(key)
        try:
            stored: bytes | None = public_key_raw(_read(public_path, owner))
        except (SigningKeyError, NotAPublicKey):
            stored = None
        if stored != raw:
            _save(public_path, public_key_pem(raw), mode=None)
        return UnitKey(owner, key, raw, fingerprint(raw), created=False)

    return new_pair(private_path, public_path, owner, passphrase)


def new_pair(private_path: Path, public_path: Path, owner: str, passphrase: str) -> UnitKey:
    """Make a key pair and write it at the given paths (replacing files there: the caller
    decides; :func:`ensure_pair` only when there is none, a key change after retiring the old).

    Raises:
        EmptyPassphraseError, WeakPassphraseError, KeySaveError.
    """
    from cryptography.hazmat.primitives.asymmetric import ed25519

    secret = _passphrase_bytes(passphrase)
    check_new_passphrase(passphrase)
    key = ed25519.Ed25519PrivateKey.generate()
    raw = public_key_raw(key)
    folder = private_path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KeySaveError(msg.SIGNKEY_SAVE_FAILED.format(folder=folder, code=exc.errno)) from None
    _save(private_path, keyfile.seal_private_key(_private_raw(key), secret), mode=0o600)
    _save(public_path, public_key_pem(raw), mode=None)
    return UnitKey(owner, key, raw, fingerprint(raw), created=True)


def check_new_passphrase(passphrase: str) -> None:
    """Refuse a weak passphrase for a new key: fewer than :data:`MIN_PASSPHRASE` characters
    (after NFC; spaces at the ends not counted) or only digits (a date, a phone number).

    Raises:
        EmptyPassphraseError: empty. WeakPassphraseError: with the reason, in Vietnamese.
    """
    _passphrase_bytes(passphrase)
    text = unicodedata.normalize("NFC", passphrase).strip()
    if len(text) < MIN_PASSPHRASE:
        raise WeakPassphraseError(
            msg.SIGNKEY_PASSPHRASE_SHORT.format(minimum=MIN_PASSPHRASE, count=len(text))
        )
    if all(c.isdigit() or c.isspace() for c in text):
        raise WeakPassphraseError(msg.SIGNKEY_PASSPHRASE_DIGITS)


def _private_raw(key: Ed25519PrivateKey) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


def load_private_key(folder: Path | str, unit_code: str, passphrase: str) -> Ed25519PrivateKey:
    """Open the unit's private key with ``passphrase``.

    Raises:
        EmptyPassphraseError, KeyNotFoundError, WrongPassphraseError, KeyDamagedError.
    """
    return load_private_pem(key_paths(folder, unit_code)[0], unit_code, passphrase)


def load_private_pem(private_path: Path, owner: str, passphrase: str) -> Ed25519PrivateKey:
    """:func:`load_private_key` for a key file at ``private_path`` (``owner`` for messages).

    Raises:
        EmptyPassphraseError, KeyNotFoundError, WrongPassphraseError, KeyDamagedError.
    """
    secret = _passphrase_bytes(passphrase)
    data = _read(private_path, owner)
    if keyfile.is_legacy(data):
        key = _open_legacy(data, owner, secret)
        # Written again in cchc-key/1 now that the passphrase is known (issue 10); if the
        # folder cannot be written the key still opens, and this is tried at the next use.
        with contextlib.suppress(KeySaveError):
            _save(private_path, keyfile.seal_private_key(_private_raw(key), secret), mode=0o600)
        return key

    from cryptography.hazmat.primitives.asymmetric import ed25519

    try:
        raw = keyfile.open_private_key(data, secret)
    except keyfile.KeyFileFormatError:
        raise KeyDamagedError(msg.SIGNKEY_DAMAGED.format(unit=owner)) from None
    except keyfile.DecryptError:
        raise WrongPassphraseError(msg.SIGNKEY_PASSPHRASE_WRONG) from None
    return ed25519.Ed25519PrivateKey.from_private_bytes(raw)


def _open_legacy(pem: bytes, owner: str, secret: bytes) -> Ed25519PrivateKey:
    """A PKCS#8 key written before ``cchc-key/1`` (PBKDF2, ``BestAvailableEncryption``)."""
    from cryptography.exceptions import UnsupportedAlgorithm
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519

    # Tell a damaged file from a wrong passphrase without relying on error texts: an intact
    # encrypted key refuses to load without a password (TypeError); a damaged one fails to parse.
    try:
        serialization.load_pem_private_key(pem, password=None)
    except TypeError:
        pass
    except (ValueError, UnsupportedAlgorithm):
        raise KeyDamagedError(msg.SIGNKEY_DAMAGED.format(unit=owner)) from None
    else:  # stored without encryption: never written by this module
        raise KeyDamagedError(msg.SIGNKEY_DAMAGED.format(unit=owner))
    try:
        key = serialization.load_pem_private_key(pem, password=secret)
    except ValueError:
        raise WrongPassphraseError(msg.SIGNKEY_PASSPHRASE_WRONG) from None
    except (TypeError, UnsupportedAlgorithm):
        raise KeyDamagedError(msg.SIGNKEY_DAMAGED.format(unit=owner)) from None
    if not isinstance(key, ed25519.Ed25519PrivateKey):
        raise KeyDamagedError(msg.SIGNKEY_DAMAGED.format(unit=owner))
    return key


def load_public_key(folder: Path | str, unit_code: str) -> bytes:
    """The unit's raw 32-byte public key from its PEM file.

    Raises:
        KeyNotFoundError, KeyDamagedError.
    """
    _, public_path = key_paths(folder, unit_code)
    pem = _read(public_path, unit_code)
    try:
        return public_key_raw(pem)
    except NotAPublicKey:
        raise KeyDamagedError(msg.SIGNKEY_DAMAGED.format(unit=unit_code)) from None


def _passphrase_bytes(passphrase: str) -> bytes:
    if not isinstance(passphrase, str) or not passphrase.strip():
        raise EmptyPassphraseError(msg.SIGNKEY_PASSPHRASE_EMPTY)
    return keyfile.passphrase_bytes(passphrase)


def _read(path: Path, unit_code: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise KeyNotFoundError(msg.SIGNKEY_NOT_FOUND.format(unit=unit_code)) from None
    except OSError:
        raise KeyDamagedError(msg.SIGNKEY_DAMAGED.format(unit=unit_code)) from None


def _save(path: Path, data: bytes, mode: int | None) -> None:
    try:
        write_atomic(path, data, mode=mode)
    except OSError as exc:
        raise KeySaveError(
            msg.SIGNKEY_SAVE_FAILED.format(folder=path.parent, code=exc.errno)
        ) from None


__all__ = [
    "EmptyPassphraseError",
    "KeyDamagedError",
    "KeyNotFoundError",
    "KeySaveError",
    "NotAPublicKey",
    "SigningKeyError",
    "UnitKey",
    "WeakPassphraseError",
    "WrongPassphraseError",
    "ensure_key",
    "check_new_passphrase",
    "ensure_pair",
    "new_pair",
    "fingerprint",
    "key_paths",
    "load_private_key",
    "load_private_pem",
    "load_public_key",
    "public_key_pem",
    "public_key_raw",
]
