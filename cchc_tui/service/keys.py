"""The units' signing keys on this computer, as the application layer offers them: public keys
for the office, and key continuity (issue 10) — the key the unit's signed revisions lead to
against the key on this computer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cchc_tui import messages as msg
from cchc_tui.base.errors import Refused
from cchc_tui.base.inputs import read_input_bytes
from cchc_tui.base.locations import keys_dir

if TYPE_CHECKING:
    from cchc_tui.db.store import ReportStore
    from cchc_tui.signing.key_change import KeyChange


@dataclass(frozen=True)
class UnitPublicKey:
    """A unit's public signing key, as the receiving office registers it."""

    unit_code: str
    """The code as it appears in the key's file name (``unit-<code>.pub.pem``)."""
    pem: bytes
    fingerprint: str
    """SHA-256 of the raw key, 64 hex digits in groups of 4, read aloud by phone."""
    changes: tuple[KeyChange, ...] = ()
    """The unit's key changes on this computer, oldest first."""


def unit_public_keys(
    folder: Path | None = None, unit_code: str | None = None
) -> list[UnitPublicKey]:
    """The public keys in ``folder`` (default: the data folder's ``keys``): one unit's, or all.

    Raises:
        InvalidInput: a key file cannot be read. KeyHistoryError: a key-change history either.
    """
    from cchc_tui.signing.key_change import HISTORY_SUFFIX, read_history
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
            history = path.with_name(path.name.removesuffix(PUBLIC_SUFFIX) + HISTORY_SUFFIX)
            changes = tuple(read_history(history, unit_code))
            keys.append(UnitPublicKey(code, pem, fingerprint(pem), changes))
    return keys


class KeyContinuityError(Refused):
    """Sign-off refused: this computer lacks the key of the unit's earlier signed revisions
    (issue 10). The message offers restoring a backup or an explicit key change."""


@dataclass(frozen=True)
class KeyState:
    """The unit's signing key here against the key its signed revisions lead to.

    ``expected`` is the key of the unit's last sealed revision in this database followed
    through the unit's key-change statements (:func:`~cchc_tui.signing.key_change.follow`);
    ``present`` the key on this computer. Both raw 32 bytes, or ``None``.
    """

    unit_code: str
    expected: bytes | None
    present: bytes | None
    changes: tuple[KeyChange, ...]

    @property
    def continuous(self) -> bool:
        """Whether signing here keeps the chain: no earlier key, or the same key."""
        return self.expected is None or self.expected == self.present

    def problem(self) -> str | None:
        """The Vietnamese refusal when not :attr:`continuous`."""
        from cchc_tui.signing.keys import fingerprint

        if self.continuous or self.expected is None:
            return None
        if self.present is None:
            return msg.KEYCHANGE_MISSING.format(
                unit=self.unit_code, expected=fingerprint(self.expected)
            )
        return msg.KEYCHANGE_DIFFERENT.format(
            unit=self.unit_code,
            expected=fingerprint(self.expected),
            present=fingerprint(self.present),
        )


def key_state(store: ReportStore, folder: Path, unit_code: str) -> KeyState:
    """The unit's :class:`KeyState`.

    Raises:
        KeyHistoryError: the unit's key-change history cannot be read.
    """
    from cchc_tui.signing.key_change import follow, key_history
    from cchc_tui.signing.keys import SigningKeyError, key_paths, load_public_key

    changes = tuple(key_history(folder, unit_code))
    sealed = store.last_sealed_key(unit_code)
    expected = follow(sealed, changes) if sealed is not None else None
    present: bytes | None = None
    if key_paths(folder, unit_code)[0].exists():
        try:
            present = load_public_key(folder, unit_code)
        except SigningKeyError:
            present = None  # damaged public file: sign-off reads the private key itself
    return KeyState(unit_code, expected, present, changes)


def leads_to(seal_key: bytes, current: bytes, changes: Sequence[KeyChange]) -> bool:
    """Whether a revision sealed with ``seal_key`` belongs to the unit whose key is now
    ``current``: the same key, or one the unit's key changes lead from it."""
    from cchc_tui.signing.key_change import follow

    return seal_key == current or follow(seal_key, changes) == current
