"""Write a file so that a crash or a pulled stick never leaves a half file under the final name.

Procedure (shared/PITFALLS.md, "Writing to a USB stick"): write ``NAME.part``, fsync it,
rename to ``NAME``, fsync the folder, read back and compare. On any error the ``.part`` file is
removed and nothing exists under the final name that was not there before.

:func:`write_atomic` is the plain version used for settings and JSON files (it raises
``OSError``). :func:`write_bundle` is the version for the signed bundle on a USB stick: it checks
the folder and the free space first, writes in chunks with a progress callback, compares the
SHA-256 of what it reads back, and turns every failure into one :class:`ExportWriteError` whose
message tells the officer, in Vietnamese, what happened (full, read-only, stick pulled out, held
by another program).

On Windows the final rename fails with a sharing violation while another program holds the file:
Word or Excel with it open, an antivirus scanning the ``.part`` file just written, the search
indexer. :func:`replace_retrying` tries again briefly (the antivirus case passes within
milliseconds) and then raises :class:`FileInUseError`, whose message names that cause instead of
calling the file read-only.

Limits of the read-back: the operating system may answer it from its page cache rather than from
the stick itself, so it proves what the file system holds, not what the flash chip holds. The
fsync calls are what push the data to the device.

This module touches no database and imports nothing heavy.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from cchc_tui.base.errors import Refused
from cchc_tui.messages import bundle as msg

CHUNK = 256 * 1024
"""Bytes per write call in :func:`write_bundle` (one progress report per chunk)."""
SPACE_MARGIN = 1024 * 1024
"""Free space required beyond the file itself (FAT cluster slack, directory entries)."""
FAT32_MAX = 4 * 1024**3 - 1
"""Largest file a FAT32 stick can hold."""

ProgressCallback = Callable[[int, int], None]

_FULL = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}
_GONE = {
    errno.ENOENT,
    errno.EIO,
    errno.ENODEV,
    errno.ENXIO,
    errno.ENOTDIR,
    getattr(errno, "ESTALE", errno.EIO),
}
# Windows error codes (OSError.winerror) that Python does not map onto the errno values above.
_WIN_FULL = {39, 112}  # ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL
_WIN_READ_ONLY = {19}  # ERROR_WRITE_PROTECT
_WIN_GONE = {2, 3, 15, 21, 31, 55, 1167}  # not found, no path, no drive, not ready, ...
# ERROR_ACCESS_DENIED (what MoveFileEx gives while the target is open without FILE_SHARE_DELETE),
# ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION; Python raises them as PermissionError.
_WIN_IN_USE = {5, 32, 33}

REPLACE_TRIES = 10
"""Attempts of the final rename while another program holds the file (Windows)."""
REPLACE_PAUSE = 0.05
"""Seconds between two attempts: 10 × 50 ms, half a second at most in all."""
_sleep = time.sleep


class FileInUseError(PermissionError):
    """Another program holds the file, so it cannot be replaced (Windows sharing violation).

    ``str(error)`` and ``error.strerror`` are the Vietnamese message for the officer;
    ``error.filename`` is the file that was to be replaced; ``__cause__`` is the last
    ``PermissionError`` from the operating system.
    """

    def __str__(self) -> str:
        return str(self.strerror)


def is_sharing_violation(exc: OSError) -> bool:
    """Whether ``exc`` is Windows saying another process holds the file (WinError 5, 32, 33)."""
    return isinstance(exc, PermissionError) and getattr(exc, "winerror", None) in _WIN_IN_USE


def replace_retrying(source: Path, target: Path) -> None:
    """``os.replace(source, target)``, tried :data:`REPLACE_TRIES` times on sharing violations.

    Raises:
        FileInUseError: the file stayed held by another program (Word, Excel, an antivirus)
            through every attempt.
        OSError: any other failure, at once and unchanged.
    """
    for attempt in range(REPLACE_TRIES):
        try:
            os.replace(source, target)
            return
        except PermissionError as exc:
            if not is_sharing_violation(exc):
                raise
            if attempt == REPLACE_TRIES - 1:
                message = msg.WRITE_IN_USE.format(name=Path(target).name)
                raise FileInUseError(errno.EACCES, message, str(target)) from exc
        _sleep(REPLACE_PAUSE)


def write_atomic(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` durably and atomically.

    Args:
        mode: permission bits for a newly created file (POSIX only), e.g. ``0o600`` for a key.

    Raises:
        FileInUseError: another program holds the target (Windows); its message says so.
        OSError: the target is full, read-only or gone; no ``.part`` file is left behind.
    """
    path = Path(path)
    part = path.with_name(path.name + ".part")
    try:
        with _open_part(part, mode) as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        replace_retrying(part, path)
        _fsync_dir(path.parent)
        if path.read_bytes() != data:
            raise OSError(f"read-back of {path.name} differs from what was written")
    except BaseException:
        with contextlib.suppress(OSError):
            part.unlink()
        raise


class ExportWriteError(Refused):
    """Writing the bundle failed; ``str(error)`` is a Vietnamese message for the officer.

    Attributes:
        kind: ``"missing"``, ``"not_folder"``, ``"read_only"``, ``"no_space"``, ``"too_big"``,
            ``"full"``, ``"gone"``, ``"in_use"``, ``"mismatch"`` or ``"other"``.
        errno: the operating system's error number when there was one.
    """

    def __init__(self, kind: str, message: str, errno_: int | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.errno = errno_


def write_bundle(
    folder: Path | str,
    name: str,
    data: bytes,
    progress: ProgressCallback | None = None,
) -> Path:
    """Write ``data`` as ``folder/name`` safely (for a USB stick) and return the final path.

    Checks the folder and its free space, writes ``name.part`` in chunks of :data:`CHUNK` bytes
    calling ``progress(done_bytes, total_bytes)``, fsyncs, renames, fsyncs the folder and compares
    the SHA-256 of what it reads back. An existing file under ``name`` is replaced only by a
    complete, verified copy.

    Raises:
        ExportWriteError: with a Vietnamese message; no ``.part`` file is left behind and nothing
            new is left under ``name`` (best effort when the stick is gone).
        ValueError: ``name`` is not a plain file name (a programming error).
    """
    folder = Path(folder)
    if not name or name in {".", ".."} or any(ch in name for ch in "/\\:\0"):
        raise ValueError(f"not a plain file name: {name!r}")
    total = len(data)
    _precheck(folder, total)
    final = folder / name
    part = folder / (name + ".part")
    expected = hashlib.sha256(data).digest()
    renamed = False
    try:
        view = memoryview(data)
        with open(part, "wb") as handle:
            done = 0
            if progress is not None:
                progress(0, total)
            while done < total:
                chunk = view[done : done + CHUNK]
                handle.write(chunk)
                done += len(chunk)
                if progress is not None:
                    progress(done, total)
            handle.flush()
            os.fsync(handle.fileno())
        replace_retrying(part, final)
        renamed = True
        _fsync_dir(folder)
        if _sha256_of(final) != expected:
            raise ExportWriteError("mismatch", msg.WRITE_VERIFY_MISMATCH.format(name=name), None)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            part.unlink()
        if renamed:
            with contextlib.suppress(OSError):
                final.unlink()
        if isinstance(exc, OSError):
            raise _classify(exc, name) from exc
        raise
    return final


def human_size(n: int) -> str:
    """A size for an officer: ``"1,5 MB"`` (decimal comma, powers of 1024)."""
    if n < 1024:
        return msg.SIZE_BYTES.format(value=n)
    for template, unit in ((msg.SIZE_KB, 1024), (msg.SIZE_MB, 1024**2), (msg.SIZE_GB, 1024**3)):
        value = n / unit
        if value < 1024 or template is msg.SIZE_GB:
            text = f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")
            return template.format(value=text)
    raise AssertionError("unreachable")  # pragma: no cover


def _precheck(folder: Path, total: int) -> None:
    try:
        exists = folder.exists()
        is_dir = folder.is_dir()
    except OSError as exc:
        raise _classify(exc, folder.name, folder=folder) from exc
    if not exists:
        raise ExportWriteError("missing", msg.WRITE_FOLDER_MISSING.format(folder=folder))
    if not is_dir:
        raise ExportWriteError("not_folder", msg.WRITE_NOT_A_FOLDER.format(folder=folder))
    if not os.access(folder, os.W_OK):
        raise ExportWriteError("read_only", msg.WRITE_READ_ONLY.format(folder=folder))
    if total > FAT32_MAX:
        raise ExportWriteError("too_big", msg.WRITE_TOO_BIG_FAT32.format(size=human_size(total)))
    try:
        free = shutil.disk_usage(folder).free
    except OSError as exc:
        raise _classify(exc, folder.name, folder=folder) from exc
    needed = total + SPACE_MARGIN
    if free < needed:
        raise ExportWriteError(
            "no_space",
            msg.WRITE_NO_SPACE.format(needed=human_size(needed), free=human_size(free)),
        )


def _classify(exc: OSError, name: str, folder: Path | None = None) -> ExportWriteError:
    code = exc.errno
    winerror = getattr(exc, "winerror", None)
    if isinstance(exc, FileInUseError):
        return ExportWriteError("in_use", str(exc), code)
    if code in _FULL or winerror in _WIN_FULL:
        return ExportWriteError("full", msg.WRITE_DISK_FULL.format(name=name), code)
    if code in _READ_ONLY or winerror in _WIN_READ_ONLY:
        if folder is not None:
            return ExportWriteError("read_only", msg.WRITE_READ_ONLY.format(folder=folder), code)
        return ExportWriteError("read_only", msg.WRITE_READ_ONLY_DURING.format(name=name), code)
    if code in _GONE or winerror in _WIN_GONE:
        if folder is not None:
            return ExportWriteError("missing", msg.WRITE_FOLDER_MISSING.format(folder=folder), code)
        return ExportWriteError("gone", msg.WRITE_TARGET_GONE.format(name=name), code)
    shown = winerror if winerror is not None else code
    return ExportWriteError("other", msg.WRITE_OTHER.format(name=name, code=shown), code)


def _sha256_of(path: Path) -> bytes:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.digest()


def _open_part(part: Path, mode: int | None):  # type: ignore[no-untyped-def]
    if mode is None or os.name != "posix":
        return open(part, "wb")
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        os.fchmod(fd, mode)  # an old .part may have had wider permissions
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "wb")


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot open a folder for fsync; NTFS/FAT rename is flushed by close
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_file(path: Path | str, data: bytes, *, mode: int | None = None) -> None:
    """:func:`write_atomic` for a file the officer named (``--out``, ``export-json``): every
    failure is one :class:`ExportWriteError` with a Vietnamese message (folder missing,
    read-only, full), and nothing is left under the name.

    Raises:
        ExportWriteError: the file could not be written.
    """
    path = Path(path)
    try:
        write_atomic(path, data, mode=mode)
    except OSError as exc:
        raise _classify(exc, path.name, folder=path.parent) from exc
