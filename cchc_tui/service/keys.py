"""The units' signing keys on this computer, as the application layer offers them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cchc_tui.base.inputs import read_input_bytes
from cchc_tui.base.locations import keys_dir


@dataclass(frozen=True)
class UnitPublicKey:
    """A unit's public signing key, as the receiving office registers it."""

    unit_code: str
    """The code as it appears in the key's file name (``unit-<code>.pub.pem``)."""
    pem: bytes
    fingerprint: str
    """SHA-256 of the raw key, 64 hex digits in groups of 4, read aloud by phone."""


def unit_public_keys(
    folder: Path | None = None, unit_code: str | None = None
) -> list[UnitPublicKey]:
    """The public keys in ``folder`` (default: the data folder's ``keys``): one unit's, or all.

    Raises:
        InvalidInput: a key file cannot be read.
    """
    from cchc_tui.signing.keys import PUBLIC_SUFFIX, fingerprint, key_paths

    folder = folder or keys_dir()
    if unit_code:
        found = [(unit_code, key_paths(folder, unit_code)[1])]
    else:
        paths = sorted(folder.glob(f"unit-*{PUBLIC_SUFFIX}")) if folder.is_dir() else []
        found = [
            (path.name.removeprefix("unit-").removesuffix(PUBLIC_SUFFIX), path) for path in paths
        ]
    keys = []
    for code, path in found:
        if path.is_file():
            pem = read_input_bytes(path)
            keys.append(UnitPublicKey(code, pem, fingerprint(pem)))
    return keys
