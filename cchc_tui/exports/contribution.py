"""The use cases that move several officers' work on USB sticks (issue 16), calling the service.

* :func:`write_packages` — "giao việc": a package for each officer with assigned parts (or one),
  written safely into a folder (free space, ``.part``, fsync, rename, read back:
  :func:`cchc_tui.base.atomic.write_bundle`), then recorded, so a package that never reached
  the stick is never waited for.
* :func:`open_package_file` — on the officer's PC: a package read, checked and opened as a
  working copy.
* :func:`write_contribution` — the officer's contribution written the same safe way, then
  recorded.
* :func:`import_contributions` — the compiler's: every contribution under the given files and
  folders, each merged in its own transaction or refused with its reason; nothing stops the
  others.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from cchc_tui import messages as msg
from cchc_tui.base import folders
from cchc_tui.base.atomic import write_bundle
from cchc_tui.base.errors import CchcError, InvalidInput
from cchc_tui.base.text import nfc, safe_part
from cchc_tui.exports.contribution_format import (
    build_contribution,
    build_package,
    load_file,
    read_contribution,
    read_package,
)
from cchc_tui.service.contributions import (
    CONTRIBUTION_SUFFIX,
    PACKAGE_SUFFIX,
    ContributionDraft,
    ContributionService,
    MergeOutcome,
    OpenedPackage,
)

Progress = Callable[[str, int, int], None]
"""``progress(label, done, total)``."""


@dataclass(frozen=True)
class WrittenPackage:
    """One package on the stick."""

    officer: str
    parts: tuple[str, ...]
    path: Path


def write_packages(
    service: ContributionService,
    report_id: int,
    folder: Path,
    officer: str | None = None,
    progress: Progress | None = None,
) -> list[WrittenPackage]:
    """Write a package for every officer with parts of the report (or only ``officer``).

    Raises:
        ContributionRefused: nobody (or not that officer) has a part; signed; working copy.
        ExportWriteError: the folder is missing, read-only, full, or the stick was pulled out
            (the packages written before stay written and recorded).
    """
    import hashlib

    officers = [officer] if officer else service.officers(report_id)
    if not officers:
        from cchc_tui.service.contributions import ContributionRefused

        raise ContributionRefused(msg.PACKAGE_NONE_ASSIGNED)
    written: list[WrittenPackage] = []
    for done, name in enumerate(officers):
        if progress is not None:
            progress(msg.PACKAGE_WORKING.format(officer=name), done, len(officers))
        draft = service.prepare_package(report_id, name)
        data = build_package(draft)
        path = write_bundle(folder, draft.file_name, data)
        service.record_package(draft, hashlib.sha256(data).hexdigest())
        written.append(WrittenPackage(draft.officer, draft.parts, path))
    if progress is not None:
        progress(msg.PACKAGE_DONE.format(count=len(written), folder=folder), 1, 1)
    return written


def find_files(paths: Iterable[Path], suffix: str) -> tuple[list[Path], list[Path]]:
    """Files ending in ``suffix`` under ``paths`` and the missing paths
    (:func:`cchc_tui.base.folders.find_files`)."""
    return folders.find_files(paths, lambda name: name.lower().endswith(suffix))


def open_package_file(service: ContributionService, path: Path, officer: str = "") -> OpenedPackage:
    """Open the package ``path`` as a working copy in this database: a file, or a folder
    holding one package — or several, one of them named for ``officer`` (the name this PC's
    officer declared; the file name is :func:`package_file_name`'s).

    Raises:
        InvalidInput: no package there, several and none (or more than one) for ``officer``,
            or the file is not a valid package.
        ContributionRefused: see :meth:`ContributionService.open_package`.
    """
    path = Path(path)
    if path.is_dir():
        files, _missing = find_files([path], PACKAGE_SUFFIX)
        if not files:
            raise InvalidInput(msg.PACKAGE_NONE_FOUND.format(path=path))
        if len(files) > 1 and nfc(officer).strip():
            ending = f"_{safe_part(nfc(officer).strip(), 30)}{PACKAGE_SUFFIX}"
            files = [f for f in files if f.name.endswith(ending)] or files
        if len(files) > 1:
            names = ", ".join(f.name for f in files)
            raise InvalidInput(
                msg.PACKAGE_MANY_FOUND.format(path=path, count=len(files), names=names)
            )
        path = files[0]
    content = read_package(load_file(path), path.name)
    return service.open_package(content)


def write_contribution(
    service: ContributionService, report_id: int, folder: Path
) -> tuple[Path, ContributionDraft]:
    """Write the working copy's contribution into ``folder`` safely, then record it.

    Raises:
        ContributionRefused: not a working copy. ExportWriteError: the folder or stick failed.
    """
    draft = service.prepare_contribution(report_id)
    data = build_contribution(draft)
    path = write_bundle(folder, draft.file_name, data)
    service.record_contribution(draft, path.name)
    return path, draft


@dataclass(frozen=True)
class ImportLine:
    """What happened to one contribution file."""

    file: Path
    outcome: MergeOutcome | None
    error: str = ""

    @property
    def text(self) -> str:
        """``[ĐÃ GỘP] …`` / ``[ĐÃ CÓ] …`` / ``[TỪ CHỐI] …``."""
        if self.outcome is None:
            return msg.CONTRIB_REFUSED_LINE.format(file=self.file.name, reason=self.error)
        if self.outcome.kind == "already":
            return msg.CONTRIB_SEEN.format(file=self.file.name)
        return msg.CONTRIB_MERGED.format(
            file=self.file.name,
            officer=self.outcome.officer,
            sequence=self.outcome.sequence,
            taken=self.outcome.taken,
            conflicts=self.outcome.conflicts,
        )


def import_contributions(
    service: ContributionService, files: Iterable[Path]
) -> Iterator[ImportLine]:
    """Merge each contribution file, one transaction each; a refused one (damaged, foreign,
    stale, signed…) is reported and changes nothing, and the next is merged."""
    for path in files:
        try:
            content = read_contribution(load_file(path), path.name)
            yield ImportLine(path, service.merge(content))
        except CchcError as err:
            yield ImportLine(path, None, err.message)


__all__ = [
    "CONTRIBUTION_SUFFIX",
    "PACKAGE_SUFFIX",
    "ImportLine",
    "WrittenPackage",
    "find_files",
    "import_contributions",
    "open_package_file",
    "write_contribution",
    "write_packages",
]
