"""Templates installed on this computer from signed template packs, every version kept.

``cchc templates install PACK`` (:mod:`cchc_tui.authoring.pack`) checks a pack's signature
against the office keys the commune registered, then calls :func:`record_installed`, which
keeps the template's YAML exactly as the office signed it:

``<data dir>/templates/<id folded>-<hash>/<version folded>.yaml`` (``base.locations``), and one
line per installed version in ``<data dir>/templates/index.json``: full id, title, the office
that published it (name and key fingerprint), when it was published and installed, the file
and its SHA-256. A version once installed is never replaced by different content; a newer
version is a new file beside it, so reports made with an older version keep their template.

:func:`installed_templates` reads the index and the files it names, cached until the index
changes (one ``stat`` per call, so :func:`cchc_tui.template.loader.get_template` stays cheap).
A file that no longer loads (edited by hand, damaged) is left out.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from cchc_tui.base.atomic import write_atomic
from cchc_tui.base.locations import templates_dir
from cchc_tui.base.text import safe_part
from cchc_tui.template.loader import LoadedTemplate, TemplateError, load_template_file

INDEX = "index.json"
INDEX_FORMAT = "cchc-installed-templates/1"


@dataclass(frozen=True)
class InstalledInfo:
    """Where an installed template came from.

    Attributes:
        full_id: ``<id>@<version>``.
        title: the template's title.
        office: the name of the office that published it, as the commune registered its key.
        fingerprint: the fingerprint of the key that signed the pack.
        published_at: UTC ISO time the office published the pack.
        installed_at: UTC ISO time it was installed here.
        file: the YAML file, relative to the templates folder.
        sha256: SHA-256 of the YAML file (hex).
        pack: the pack's file name as installed.
    """

    full_id: str
    title: str
    office: str
    fingerprint: str
    published_at: str
    installed_at: str
    file: str
    sha256: str
    pack: str = ""


@dataclass(frozen=True)
class InstalledTemplate:
    """An installed template, checked, with where it came from."""

    loaded: LoadedTemplate
    info: InstalledInfo


def template_file(template_id: str, version: str) -> str:
    """The YAML file of a version, relative to the templates folder (ASCII, FAT32-safe)."""
    digest = hashlib.sha256(template_id.encode("utf-8")).hexdigest()[:8]
    return f"{safe_part(template_id, 60)}-{digest}/{safe_part(version, 40)}.yaml"


def installed_index(folder: Path | None = None) -> list[InstalledInfo]:
    """Every installed version as the index lists it, in installation order."""
    path = (folder or templates_dir()) / INDEX
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # none installed yet, or an index damaged by hand
        return []
    if not isinstance(data, dict) or data.get("format") != INDEX_FORMAT:
        return []
    found = []
    for item in data.get("templates", []):
        if not isinstance(item, dict):
            continue
        try:
            found.append(InstalledInfo(**{k: str(v) for k, v in item.items()}))
        except TypeError:
            continue
    return found


_cache: dict[Path, tuple[tuple[int, int, int], dict[str, InstalledTemplate]]] = {}


def installed_templates(folder: Path | None = None) -> dict[str, InstalledTemplate]:
    """Every installed template that loads, by full id; cached until the index changes."""
    folder = folder or templates_dir()
    index = folder / INDEX
    try:
        st = os.stat(index)
    except OSError:
        return {}
    stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
    cached = _cache.get(folder)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    found: dict[str, InstalledTemplate] = {}
    for info in installed_index(folder):
        try:
            loaded = load_template_file(folder / info.file)
        except TemplateError:
            continue
        if loaded.full_id == info.full_id:
            found[info.full_id] = InstalledTemplate(loaded, info)
    _cache[folder] = (stamp, found)
    return found


def record_installed(yaml_bytes: bytes, info: InstalledInfo, folder: Path | None = None) -> Path:
    """Keep a verified template version: write its file, then add it to the index (atomically).

    ``info.file`` and ``info.sha256`` are set here from the template and the bytes.

    Returns:
        The YAML file written.

    Raises:
        OSError: the folder is not writable or the disk is full (nothing is half-written:
            each file is written as ``.part``, synced and renamed).
    """
    folder = folder or templates_dir()
    loaded_id, _, version = info.full_id.rpartition("@")
    relative = template_file(loaded_id, version)
    target = folder / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, yaml_bytes)
    entry = InstalledInfo(
        **{**asdict(info), "file": relative, "sha256": hashlib.sha256(yaml_bytes).hexdigest()}
    )
    entries = [e for e in installed_index(folder) if e.full_id != info.full_id] + [entry]
    index = {"format": INDEX_FORMAT, "templates": [asdict(e) for e in entries]}
    data = json.dumps(index, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"
    write_atomic(folder / INDEX, data)
    _cache.pop(folder, None)
    return target
