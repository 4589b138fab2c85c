"""The files of several officers' work on one report: the package ("giao việc",
``cchc-package/1``, ``*.cchc-giaoviec.zip``) and the contribution ("phần đóng góp",
``cchc-contribution/1``, ``*.cchc-donggop.zip``).

Both are ZIPs written as a bundle is (:func:`cchc_tui.exports.bundle.write_zip`: fixed member
order and times, deflate level 6, no extras) and carry ``manifest.json`` (UTF-8 JSON, sorted
keys) with the name, size and SHA-256 of every other member:

* a package: ``manifest.json`` (format, ``package_id``, ``secret``, the report — unit, template
  and its content digest, period, revision —, the officer, their ``parts``, the compiler's seq of
  every document sent, who made it and when) and ``report.json`` (``cchc-report/1``: the whole
  report, the officer's parts and everything else for context);
* a contribution: ``manifest.json`` (format, ``contribution_id``, ``package_id`` and the
  SHA-256 of that package's file, ``sequence``, the report, officer, author, parts, when, and
  ``mac``: ``HMAC-SHA256`` over the rest of the manifest keyed by the package's secret —
  :func:`cchc_tui.service.contributions.contribution_mac`) and ``contribution.json`` (the state
  of every item of the officer's parts: ``values``, ``notes``, ``narrative``, ``explanations``,
  ``documents`` with their ``ref``, and ``audit``: every audit row of the working copy).

Neither is signed (officers have no keys; see :mod:`cchc_tui.service.contributions` for why the
package's secret and the hash chain package → contribution are enough). Reading trusts nothing:
the file's size (:data:`~cchc_tui.base.limits.CONTRIBUTION_BYTES`), the ZIP's structure checked
as a bundle's (:func:`cchc_tui.exports.verify.read_zip_members`), the manifest and the content
read by the bounded JSON reader under :data:`~cchc_tui.base.limits.EXCHANGE_MANIFEST_JSON` and
:data:`~cchc_tui.base.limits.CONTRIBUTION_JSON` (a package's ``report.json`` under a report's
limits), every member's size and SHA-256 against the manifest. What the content means is checked
by the service.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from cchc_tui import messages as msg
from cchc_tui.base import limits
from cchc_tui.base.jsonread import JsonSyntaxError, read_json
from cchc_tui.base.limits import LimitExceeded
from cchc_tui.exports.bundle import write_zip
from cchc_tui.exports.verify import BundleReadError, ZipLayout, read_zip_members
from cchc_tui.service.contributions import (
    CONTRIBUTION_FORMAT,
    PACKAGE_FORMAT,
    ContributionContent,
    ContributionDraft,
    ContributionInvalid,
    PackageContent,
    PackageDraft,
    contribution_mac,
)

MANIFEST = "manifest.json"
PACKAGE_MEMBER = "report.json"
CONTRIBUTION_MEMBER = "contribution.json"
MAX_FILE_BYTES = limits.CONTRIBUTION_BYTES
"""A package or contribution file (a real one: tens of KB)."""


def _layout(member: str) -> ZipLayout:
    return ZipLayout(
        comment_bytes=0,
        allowed=(MANIFEST, member),
        member_bytes=limits.EXCHANGE_MEMBER_BYTES,
        manifest_bytes=limits.EXCHANGE_MANIFEST_JSON.max_bytes,
        max_members=2,
        total_bytes=limits.EXCHANGE_MANIFEST_JSON.max_bytes + limits.EXCHANGE_MEMBER_BYTES[member],
    )


PACKAGE_LAYOUT = _layout(PACKAGE_MEMBER)
CONTRIBUTION_LAYOUT = _layout(CONTRIBUTION_MEMBER)


def _manifest_bytes(manifest: dict[str, Any]) -> bytes:
    return (json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def _member_entry(name: str, payload: bytes) -> dict[str, Any]:
    return {"name": name, "size": len(payload), "sha256": hashlib.sha256(payload).hexdigest()}


def build_package(draft: PackageDraft) -> bytes:
    """The package file's bytes (deterministic for the same draft)."""
    manifest = dict(draft.manifest)
    manifest["members"] = [_member_entry(PACKAGE_MEMBER, draft.report_json)]
    return write_zip([(MANIFEST, _manifest_bytes(manifest)), (PACKAGE_MEMBER, draft.report_json)])


def build_contribution(draft: ContributionDraft) -> bytes:
    """The contribution file's bytes, its manifest authenticated with the package's secret."""
    manifest = dict(draft.manifest)
    manifest["members"] = [_member_entry(CONTRIBUTION_MEMBER, draft.content_json)]
    manifest["mac"] = contribution_mac(draft.secret, manifest)
    return write_zip(
        [(MANIFEST, _manifest_bytes(manifest)), (CONTRIBUTION_MEMBER, draft.content_json)]
    )


def load_file(path: Path | str) -> bytes:
    """A package or contribution file read whole (at most :data:`MAX_FILE_BYTES`).

    Raises:
        ContributionInvalid: missing, unreadable, too large (Vietnamese).
    """
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            limits.check_file_size(path.name, os.fstat(handle.fileno()).st_size, MAX_FILE_BYTES)
            data = handle.read(MAX_FILE_BYTES + 1)
        limits.check_file_size(path.name, len(data), MAX_FILE_BYTES)
    except LimitExceeded as err:
        raise ContributionInvalid(err.message) from None
    except OSError as err:
        raise ContributionInvalid(
            msg.VERIFY_READ_FAILED.format(path=path.name, reason=err.strerror or err)
        ) from None
    return data


def _read(
    data: bytes, name: str, layout: ZipLayout, member: str, fmt: str
) -> tuple[dict[str, Any], bytes]:
    """The manifest and the one content member of a package or contribution, checked."""
    if len(data) > MAX_FILE_BYTES:
        limits.check_file_size(name, len(data), MAX_FILE_BYTES)
    try:
        members = read_zip_members(data, layout, name)
    except BundleReadError as err:
        raise ContributionInvalid(
            msg.CONTRIB_UNREADABLE.format(file=name, reason=err.message)
        ) from None
    if MANIFEST not in members or member not in members:
        raise ContributionInvalid(msg.CONTRIB_MEMBERS_MISSING.format(file=name))
    try:
        manifest = read_json(members[MANIFEST].decode("utf-8"), limits.EXCHANGE_MANIFEST_JSON, name)
    except (LimitExceeded, JsonSyntaxError, UnicodeDecodeError):
        raise ContributionInvalid(msg.CONTRIB_FIELD.format(file=name, field=MANIFEST)) from None
    if not isinstance(manifest, dict) or manifest.get("format") != fmt:
        raise ContributionInvalid(
            (msg.PACKAGE_NOT_ONE if fmt == PACKAGE_FORMAT else msg.CONTRIB_NOT_ONE).format(
                file=name
            )
        )
    listed = manifest.get("members")
    payload = members[member]
    if (
        not isinstance(listed, list)
        or len(listed) != 1
        or listed[0] != _member_entry(member, payload)
    ):
        raise ContributionInvalid(msg.CONTRIB_HASH.format(file=name, member=member))
    return manifest, payload


def read_package(data: bytes, name: str) -> PackageContent:
    """A package file's manifest and ``report.json`` (parsed, not yet understood).

    Raises:
        ContributionInvalid: not a package, damaged, truncated, over a limit, a hash differs.
    """
    from cchc_tui.domain.interchange import InterchangeError, parse_json

    manifest, payload = _read(data, name, PACKAGE_LAYOUT, PACKAGE_MEMBER, PACKAGE_FORMAT)
    try:
        report = parse_json(payload.decode("utf-8"), PACKAGE_MEMBER)
    except UnicodeDecodeError:
        raise ContributionInvalid(
            msg.CONTRIB_FIELD.format(file=name, field=PACKAGE_MEMBER)
        ) from None
    except InterchangeError as err:
        raise ContributionInvalid(err.message) from None
    return PackageContent(manifest, report, hashlib.sha256(data).hexdigest(), name)


def read_contribution(data: bytes, name: str) -> ContributionContent:
    """A contribution file's manifest and ``contribution.json`` (parsed, not yet understood).

    Raises:
        ContributionInvalid: not a contribution, damaged, truncated, over a limit, a hash
            differs.
    """
    manifest, payload = _read(
        data, name, CONTRIBUTION_LAYOUT, CONTRIBUTION_MEMBER, CONTRIBUTION_FORMAT
    )
    try:
        content = read_json(payload.decode("utf-8"), limits.CONTRIBUTION_JSON, CONTRIBUTION_MEMBER)
    except LimitExceeded as err:
        raise ContributionInvalid(msg.LIMIT_IN_FILE.format(file=name, reason=err.message)) from None
    except (JsonSyntaxError, UnicodeDecodeError):
        raise ContributionInvalid(
            msg.CONTRIB_FIELD.format(file=name, field=CONTRIBUTION_MEMBER)
        ) from None
    return ContributionContent(manifest, content, hashlib.sha256(data).hexdigest(), name)
