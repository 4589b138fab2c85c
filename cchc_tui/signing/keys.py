"""Sign-off keys: one Ed25519 key pair per reporting unit.

The pair is created at the unit's first sign-off. The private key is stored encrypted with the
chairman's passphrase (PKCS#8 PEM, ``BestAvailableEncryption``) in a folder chosen by the caller
(the app passes ``<data dir>/keys``); the public key is stored as PEM beside it. File names come
from the unit code, folded to ASCII (``unit-<code>.key.pem`` / ``unit-<code>.pub.pem``; a short
hash is added when folding changed the code, so two codes never share a file). The passphrase is
never stored.

The receiving office registers a unit's key by its :func:`fingerprint` (SHA-256 of the raw
32-byte public key, 64 uppercase hex digits in groups of 4), read aloud or printed on paper.

``cryptography`` is imported inside the functions: it costs ~190 ms at start-up.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cchc_tui.base.atomic import write_atomic
from cchc_tui.base.errors import InvalidInput, Refused
from cchc_tui.base.text import safe_part
from cchc_tui.messages import bundle as msg

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

PRIVATE_SUFFIX = ".key.pem"
PUBLIC_SUFFIX = ".pub.pem"
RAW_KEY_BYTES = 32


class SigningKeyError(Refused):
    """A sign-off key problem; ``str(error)`` is a Vietnamese message for the officer."""


class EmptyPassphraseError(SigningKeyError):
    """The passphrase is empty or only spaces."""


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
        EmptyPassphraseError, WrongPassphraseError, KeyDamagedError, KeySaveError.
    """
    secret = _passphrase_bytes(passphrase)
    folder = private_path.parent
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

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519

    key = ed25519.Ed25519PrivateKey.generate()
    encrypted = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(secret),
    )
    raw = public_key_raw(key)
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KeySaveError(msg.SIGNKEY_SAVE_FAILED.format(folder=folder, code=exc.errno)) from None
    _save(private_path, encrypted, mode=0o600)
    _save(public_path, public_key_pem(raw), mode=None)
    return UnitKey(owner, key, raw, fingerprint(raw), created=True)


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
    unit_code = owner
    pem = _read(private_path, unit_code)

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
        raise KeyDamagedError(msg.SIGNKEY_DAMAGED.format(unit=unit_code)) from None
    else:  # stored without encryption: never written by this module
        raise KeyDamagedError(msg.SIGNKEY_DAMAGED.format(unit=unit_code))
    try:
        key = serialization.load_pem_private_key(pem, password=secret)
    except ValueError:
        raise WrongPassphraseError(msg.SIGNKEY_PASSPHRASE_WRONG) from None
    except (TypeError, UnsupportedAlgorithm):
        raise KeyDamagedError(msg.SIGNKEY_DAMAGED.format(unit=unit_code)) from None
    if not isinstance(key, ed25519.Ed25519PrivateKey):
        raise KeyDamagedError(msg.SIGNKEY_DAMAGED.format(unit=unit_code))
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
    # NFC: Windows' Vietnamese keyboard types NFD, Unikey types NFC; both must open the key.
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


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
    "WrongPassphraseError",
    "ensure_key",
    "ensure_pair",
    "fingerprint",
    "key_paths",
    "load_private_key",
    "load_private_pem",
    "load_public_key",
    "public_key_pem",
    "public_key_raw",
]
