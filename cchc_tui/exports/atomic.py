"""Write a file so that a crash or a pulled stick never leaves a half file under the final name.

Procedure (shared/PITFALLS.md, "Writing to a USB stick"): write ``NAME.part``, fsync it,
rename to ``NAME``, fsync the folder, read back and compare. On any error the ``.part`` file is
removed and nothing exists under the final name that was not there before.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` durably and atomically.

    Raises:
        OSError: the target is full, read-only or gone; no ``.part`` file is left behind.
    """
    path = Path(path)
    part = path.with_name(path.name + ".part")
    try:
        with open(part, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(part, path)
        _fsync_dir(path.parent)
        if path.read_bytes() != data:
            raise OSError(f"read-back of {path.name} differs from what was written")
    except BaseException:
        with contextlib.suppress(OSError):
            part.unlink()
        raise


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot open a folder for fsync; NTFS/FAT rename is flushed by close
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
