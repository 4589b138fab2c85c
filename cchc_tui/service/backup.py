"""Backup and restore of a commune's PC: the database, the units' signing keys, the settings.

Officers change PCs and disks fail; a new PC without the unit's key breaks the chain of trust
with the office (issue 10). A backup is one file, ``cchc-backup-<date-time>.cchcbak``, a ZIP of:

* ``manifest.json`` — format ``cchc-backup/1``, when, the app version, the database's schema
  revision and last change, and every member's size and SHA-256;
* ``cchc.sqlite3`` — the database, copied by SQLite's online backup API (the app may be open);
* ``keys/…`` — the units' key files (private keys stay encrypted with their passphrase) and
  their key-change statements (``unit-<code>.key-changes.json``); keys retired by a change
  (``keys/retired/``) are not carried: nothing signs with them again;
* ``settings.json`` — who works at this PC, the theme (when there is one).

It is written like a bundle (free space, ``.part``, fsync, rename, read back), onto the USB
stick that carries the bundle: the app reminds to do so after each export.

Restore checks the file first (a ZIP, the format, only the expected members, sizes and hashes,
a schema this app knows) and refuses a damaged or foreign file, changing nothing. It never
replaces a database that holds a change newer than the backup's, nor a key file with another
key, unless told to (``replace=True``, asked on screen). The app must not be open on the
database while it is restored (its lock is taken).
"""

from __future__ import annotations

import hashlib
import io
import json
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cchc_tui import __version__
from cchc_tui import messages as msg
from cchc_tui.base import limits
from cchc_tui.base.atomic import write_bundle, write_file
from cchc_tui.base.errors import Refused
from cchc_tui.base.locations import default_db_path, keys_dir, settings_path

FORMAT = "cchc-backup/1"
SUFFIX = ".cchcbak"
MANIFEST = "manifest.json"
DATABASE = "cchc.sqlite3"
SETTINGS = "settings.json"
KEYS = "keys/"
KEY_SUFFIXES = (".pem", ".key-changes.json")
"""Files of the keys folder a backup carries."""
MAX_BACKUP_BYTES = limits.BACKUP_BYTES
"""Largest backup read (a commune's database is a few MB; a FAT32 stick holds 4 GiB)."""
MAX_MEMBERS = 1000

Progress = Callable[[int, int], None]


class BackupRefused(Refused):
    """The backup is refused: damaged, foreign, too new, or it would replace newer data."""


@dataclass(frozen=True)
class BackupInfo:
    """What a backup holds, from its checked manifest."""

    path: Path
    created_at: str
    app_version: str
    schema: str | None
    last_change: str | None
    changes: int
    """How many changes the database had recorded (with :attr:`last_change`: how new it is)."""
    keys: tuple[str, ...]
    """Key file names (``unit-11092.key.pem``…)."""
    has_settings: bool


@dataclass(frozen=True)
class RestoreResult:
    """What a restore put back."""

    database: Path
    keys: tuple[str, ...]
    settings: bool


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def backup_name(when: datetime) -> str:
    """``cchc-backup-20231208-1530.cchcbak``: ASCII, FAT32-safe, sorts by time."""
    return f"cchc-backup-{when:%Y%m%d-%H%M%S}{SUFFIX}"


def make_backup(
    target: Path,
    database: Path | None = None,
    keys_folder: Path | None = None,
    settings_file: Path | None = None,
    progress: Progress | None = None,
) -> Path:
    """Write a backup of this PC's data and return its path.

    Args:
        target: a folder (a USB stick: the file is named by :func:`backup_name`) or a file
            name ending in ``.cchcbak``.

    Raises:
        StoreError: the database cannot be read.
        ExportWriteError: the folder cannot take the file (full, read-only, pulled out).
    """
    from cchc_tui.db.snapshot import last_change, schema_revision, snapshot

    database = database or default_db_path()
    keys_folder = keys_folder or keys_dir()
    settings_file = settings_file or settings_path()
    members: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / DATABASE
        snapshot(database, copy)
        members[DATABASE] = copy.read_bytes()
        schema, changed = schema_revision(copy), last_change(copy)
    if keys_folder.is_dir():
        for path in sorted(keys_folder.iterdir()):
            if path.is_file() and path.name.endswith(KEY_SUFFIXES):
                members[KEYS + path.name] = path.read_bytes()
    if settings_file.is_file():
        members[SETTINGS] = settings_file.read_bytes()
    now = datetime.now(UTC)
    manifest = {
        "format": FORMAT,
        "created_at": now.isoformat(timespec="seconds"),
        "app_version": __version__,
        "schema": schema,
        "last_change": changed[0] if changed else None,
        "changes": changed[1] if changed else 0,
        "members": [
            {"name": name, "size": len(data), "sha256": _sha256(data)}
            for name, data in members.items()
        ],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        for name, data in members.items():
            zf.writestr(name, data)
    if target.suffix == SUFFIX and not target.is_dir():
        folder, name = target.parent, target.name
    else:
        folder, name = target, backup_name(now.astimezone())
    return write_bundle(folder, name, buffer.getvalue(), progress)


def _refuse(path: Path, reason: str) -> BackupRefused:
    return BackupRefused(msg.BACKUP_REFUSED.format(file=path.name, reason=reason))


def read_backup(path: Path) -> tuple[BackupInfo, dict[str, bytes]]:
    """Read and check a backup file whole: its members and what it holds.

    Raises:
        InvalidInput: the file cannot be read.
        BackupRefused: not a backup of this app, damaged, or from a newer app.
    """
    from cchc_tui.base.inputs import read_input_bytes
    from cchc_tui.db.engine import HEAD_REVISION

    if path.is_file() and path.stat().st_size > MAX_BACKUP_BYTES:
        raise _refuse(path, msg.BACKUP_TOO_LARGE)
    data = read_input_bytes(path, limit=MAX_BACKUP_BYTES)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_MEMBERS or sum(i.file_size for i in infos) > MAX_BACKUP_BYTES:
                raise _refuse(path, msg.BACKUP_TOO_LARGE)
            names = [i.filename for i in infos]
            if len(set(names)) != len(names) or MANIFEST not in names:
                raise _refuse(path, msg.BACKUP_NOT_OURS)
            contents = {name: zf.read(name) for name in names}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError):
        raise _refuse(path, msg.BACKUP_DAMAGED) from None
    try:
        manifest = json.loads(contents.pop(MANIFEST))
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
        raise _refuse(path, msg.BACKUP_DAMAGED) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _refuse(path, msg.BACKUP_NOT_OURS)
    listed = manifest.get("members")
    if not isinstance(listed, list) or not all(isinstance(m, dict) for m in listed):
        raise _refuse(path, msg.BACKUP_DAMAGED)
    expected = {str(m.get("name")): m for m in listed}
    if set(expected) != set(contents) or DATABASE not in contents:
        raise _refuse(path, msg.BACKUP_DAMAGED)
    for name, member in expected.items():
        if not _safe_name(name):
            raise _refuse(path, msg.BACKUP_NOT_OURS)
        blob = contents[name]
        if member.get("size") != len(blob) or member.get("sha256") != _sha256(blob):
            raise _refuse(path, msg.BACKUP_DAMAGED)
    schema = manifest.get("schema")
    if not isinstance(schema, str | type(None)) or (schema or "") > HEAD_REVISION:
        raise _refuse(path, msg.BACKUP_TOO_NEW.format(schema=schema))
    info = BackupInfo(
        path=path,
        created_at=str(manifest.get("created_at", "")),
        app_version=str(manifest.get("app_version", "")),
        schema=schema,
        last_change=_text_or_none(manifest.get("last_change")),
        changes=manifest["changes"] if isinstance(manifest.get("changes"), int) else 0,
        keys=tuple(sorted(n.removeprefix(KEYS) for n in contents if n.startswith(KEYS))),
        has_settings=SETTINGS in contents,
    )
    return info, contents


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _safe_name(name: str) -> bool:
    """Only the members a backup holds: the database, the settings, ``keys/<file>.pem`` and
    ``keys/<unit>.key-changes.json``."""
    if name in (DATABASE, SETTINGS):
        return True
    rest = name.removeprefix(KEYS)
    return (
        name.startswith(KEYS)
        and rest.endswith(KEY_SUFFIXES)
        and "/" not in rest
        and "\\" not in rest
        and not rest.startswith(".")
    )


def restore_backup(
    path: Path,
    database: Path | None = None,
    keys_folder: Path | None = None,
    settings_file: Path | None = None,
    replace: bool = False,
) -> RestoreResult:
    """Put a backup back: the database, the key files, the settings.

    Args:
        replace: also replace a database holding newer changes than the backup, and key files
            holding another key (the officer was asked).

    Raises:
        InvalidInput: the file cannot be read.
        BackupRefused: damaged, foreign or newer file; newer data here and not ``replace``.
        StoreBusy: the app is open on the database.
    """
    from cchc_tui.db.engine import lock_database
    from cchc_tui.db.snapshot import last_change

    info, contents = read_backup(path)
    database = database or default_db_path()
    keys_folder = keys_folder or keys_dir()
    settings_file = settings_file or settings_path()
    with lock_database(database):
        if database.is_file() and not replace:
            here = last_change(database)
            there = (info.last_change or "", info.changes)
            if here is not None and here > there:
                raise BackupRefused(
                    msg.BACKUP_WOULD_LOSE.format(here=here[0], backup=info.last_change or "?")
                )
        if not replace:
            for name in info.keys:
                target = keys_folder / name
                if target.is_file() and target.read_bytes() != contents[KEYS + name]:
                    raise BackupRefused(msg.BACKUP_OTHER_KEY.format(file=name))
        database.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("-wal", "-shm"):
            stale = database.with_name(database.name + suffix)
            stale.unlink(missing_ok=True)  # a WAL left by a crash belongs to the old database
        write_file(database, contents[DATABASE])
    keys_folder.mkdir(parents=True, exist_ok=True)
    for name in info.keys:
        write_file(keys_folder / name, contents[KEYS + name], mode=0o600)
    if info.has_settings:
        settings_file.parent.mkdir(parents=True, exist_ok=True)
        write_file(settings_file, contents[SETTINGS])
    return RestoreResult(database, info.keys, info.has_settings)
