"""Files found under the paths an officer gives (a USB stick, a folder of bundles): files as
given, folders searched recursively, hidden files and folders skipped, in natural order."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

_DIGITS = re.compile(r"(\d+)")


def natural_key(path: Path) -> tuple[Any, ...]:
    """Sort key: ``…_r2`` before ``…_r10`` (so a folder's revisions come in order)."""
    return tuple(int(p) if p.isdigit() else p.lower() for p in _DIGITS.split(str(path)))


def find_files(
    paths: Iterable[Path], wanted: Callable[[str], bool]
) -> tuple[list[Path], list[Path]]:
    """The files under ``paths`` whose name ``wanted`` accepts: a file given is taken as it is,
    a folder is searched recursively (hidden files and folders skipped, symlinked folders not
    followed), each folder's finds in natural order, without repeats.

    Returns:
        ``(found, missing)``: the files, and the paths that do not exist.
    """
    found: list[Path] = []
    missing: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            inside: list[Path] = []
            for folder, dirs, files in os.walk(path, followlinks=False):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                inside.extend(
                    Path(folder) / name
                    for name in files
                    if wanted(name) and not name.startswith(".")
                )
            found.extend(sorted(inside, key=natural_key))
        elif path.is_file():
            found.append(path)
        else:
            missing.append(path)
    unique: dict[str, Path] = {}
    for item in found:
        unique.setdefault(os.path.normcase(os.path.abspath(item)), item)
    return list(unique.values()), missing
