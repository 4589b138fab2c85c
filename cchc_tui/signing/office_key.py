"""The receiving office's own Ed25519 key, and the office keys a commune trusts.

The office signs the template packs it publishes (:mod:`cchc_tui.authoring.pack`) with its own
key pair, made at its first publication exactly like a unit's sign-off key
(:func:`cchc_tui.signing.keys.ensure_pair`): the private key encrypted with a passphrase
(PKCS#8, never stored in clear), the public key as PEM beside it — ``office.key.pem`` and
``office.pub.pem`` in the keys folder the caller gives (the app: ``<data dir>/keys``).

A commune registers the office's public key once (``cchc office-key add``), after comparing
its fingerprint (:func:`cchc_tui.signing.keys.fingerprint`, read aloud by phone) with the one
the office reads out. Registered keys live in ``<keys folder>/offices/``: one
``<first 16 hex digits of the fingerprint>.pub.pem`` per key and a JSON file beside it with the
office's name and when the key was added. A commune may trust several offices (e.g. the
province and, until 2025, the district).

``cryptography`` is imported only inside the functions that need it (via ``keys``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cchc_tui import messages as msg
from cchc_tui.base.atomic import write_atomic
from cchc_tui.base.text import nfc
from cchc_tui.signing.keys import (
    KeySaveError,
    UnitKey,
    ensure_pair,
    fingerprint,
    load_private_pem,
    public_key_pem,
    public_key_raw,
)

OWN_PRIVATE = "office.key.pem"
OWN_PUBLIC = "office.pub.pem"
TRUSTED_FOLDER = "offices"


def own_key_paths(folder: Path | str) -> tuple[Path, Path]:
    """The office's private and public key files inside the keys ``folder``."""
    folder = Path(folder)
    return folder / OWN_PRIVATE, folder / OWN_PUBLIC


def ensure_office_key(folder: Path | str, passphrase: str) -> UnitKey:
    """Unlock the office's key pair, making it (and ``folder``) at the first publication.

    Raises:
        EmptyPassphraseError, WrongPassphraseError, KeyDamagedError, KeySaveError.
    """
    private_path, public_path = own_key_paths(folder)
    if not private_path.exists():
        try:
            private_path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise KeySaveError(
                msg.SIGNKEY_SAVE_FAILED.format(folder=private_path.parent, code=exc.errno)
            ) from None
    return ensure_pair(private_path, public_path, msg.OFFICE_KEY_OWNER, passphrase)


def load_office_key(folder: Path | str, passphrase: str) -> UnitKey:
    """The office's existing key pair, opened with ``passphrase``.

    Raises:
        KeyNotFoundError (no key yet), EmptyPassphraseError, WrongPassphraseError,
        KeyDamagedError.
    """
    private_path, _ = own_key_paths(folder)
    key = load_private_pem(private_path, msg.OFFICE_KEY_OWNER, passphrase)
    raw = public_key_raw(key)
    return UnitKey(msg.OFFICE_KEY_OWNER, key, raw, fingerprint(raw), created=False)


def office_public_pem(folder: Path | str) -> bytes | None:
    """The office's public key as PEM, or ``None`` before its first publication."""
    _, public_path = own_key_paths(folder)
    try:
        return public_key_pem(public_path.read_bytes())
    except FileNotFoundError:
        return None


@dataclass(frozen=True)
class TrustedOfficeKey:
    """An office key this commune registered.

    Attributes:
        name: the office as the commune named it (``Sở Nội vụ tỉnh Thanh Hóa``).
        fingerprint: 64 hex digits in groups of 4, as read aloud.
        raw: the raw 32-byte public key.
        added_at: UTC ISO time of the registration.
    """

    name: str
    fingerprint: str
    raw: bytes
    added_at: str


def _trusted_paths(folder: Path | str, print_: str) -> tuple[Path, Path]:
    stem = print_.replace(" ", "")[:16].lower()
    base = Path(folder) / TRUSTED_FOLDER
    return base / f"{stem}.pub.pem", base / f"{stem}.json"


def add_trusted_office_key(
    folder: Path | str, public_key: bytes, name: str
) -> tuple[TrustedOfficeKey, bool]:
    """Register an office's public key (PEM or raw 32 bytes) under the office's ``name``.

    Returns:
        ``(the key, True)`` when newly registered; ``(the key as registered before, False)``
        when it already was (its name is kept).

    Raises:
        NotAPublicKey: the bytes are not an Ed25519 public key.
        KeySaveError: the files could not be written.
    """
    raw = public_key_raw(public_key)
    print_ = fingerprint(raw)
    for known in trusted_office_keys(folder):
        if known.raw == raw:
            return known, False
    pem_path, meta_path = _trusted_paths(folder, print_)
    added = TrustedOfficeKey(
        nfc(name).strip(), print_, raw, datetime.now(UTC).isoformat("T", "seconds")
    )
    try:
        pem_path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(pem_path, public_key_pem(raw))
        meta = {"name": added.name, "fingerprint": print_, "added_at": added.added_at}
        write_atomic(meta_path, json.dumps(meta, ensure_ascii=False, indent=1).encode("utf-8"))
    except OSError as exc:
        raise KeySaveError(
            msg.SIGNKEY_SAVE_FAILED.format(folder=pem_path.parent, code=exc.errno)
        ) from None
    return added, True


def trusted_office_keys(folder: Path | str) -> list[TrustedOfficeKey]:
    """Every registered office key, oldest first; a damaged file is skipped."""
    from cchc_tui.signing.keys import NotAPublicKey

    base = Path(folder) / TRUSTED_FOLDER
    if not base.is_dir():
        return []
    keys = []
    for pem_path in sorted(base.glob("*.pub.pem")):
        meta_path = pem_path.with_name(pem_path.name.removesuffix(".pub.pem") + ".json")
        try:
            raw = public_key_raw(pem_path.read_bytes())
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError, NotAPublicKey):
            continue
        if not isinstance(meta, dict):
            continue
        keys.append(
            TrustedOfficeKey(
                str(meta.get("name", "")), fingerprint(raw), raw, str(meta.get("added_at", ""))
            )
        )
    return sorted(keys, key=lambda k: k.added_at)
