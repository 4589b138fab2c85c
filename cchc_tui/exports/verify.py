"""Verify a bundle someone else made, at the receiving office (see :mod:`.bundle` for the format).

Nothing in the file is trusted before it is checked, and nothing is extracted to disk. Checks,
in order:

1. size of the file (:data:`MAX_BUNDLE_BYTES`; every limit here comes from
   :mod:`cchc_tui.base.limits`), and that it is not empty;
2. the file ends with an end-of-central-directory record whose comment is exactly the magic,
   a public key and a signature (else: not a zip, or a zip without our signature);
3. the Ed25519 signature over every byte before the signature, with the key in the bundle;
   then, when the office gives the unit's registered key, that the two keys are equal
   (otherwise the key is not registered: "chưa xác thực");
4. the ZIP structure, parsed here from the raw bytes rather than by :mod:`zipfile` (which keeps
   the last of two same-named members and has no zip-bomb guard): member count, safe and
   allowed names, no duplicates, only stored/deflated and unencrypted members, each member's
   declared size, the total and the compression ratio limited before anything is inflated,
   local headers agreeing with the central directory, and members tiling the file exactly (no
   gaps, overlaps or hidden data);
5. inflation with a hard output limit and the CRC-32 of every member;
6. the manifest, read by the bounded JSON reader (``base.limits.MANIFEST_JSON``: 64 KB, its
   nesting, counts, string lengths, numbers by their text, no repeated key): format version,
   fields (a revision from 0 to ``MAX_REVISION``), the key fingerprint equal to the signing
   key's;
7. every member's size and SHA-256 equal to the manifest, no member missing or unlisted.

Checks after a failed signature still run (they are bounded) so the office learns more, but the
manifest is returned only when the signature is valid. :func:`verify_bundle` never raises: every
exception becomes a problem.

Read the file once (:func:`load_bundle_file`) and pass the same bytes to :func:`verify_bundle`
and :func:`read_member`, so that what is used is what was verified.
"""

from __future__ import annotations

import hashlib
import os
import re
import struct
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from cchc_tui import messages
from cchc_tui.base import limits
from cchc_tui.base.atomic import human_size
from cchc_tui.base.errors import InvalidInput
from cchc_tui.base.jsonread import JsonSyntaxError, read_json
from cchc_tui.exports import bundle_format as fmt
from cchc_tui.messages import bundle as msg
from cchc_tui.signing.keys import NotAPublicKey, fingerprint, public_key_raw

MAX_BUNDLE_BYTES = limits.BUNDLE_BYTES
MAX_MEMBERS = limits.BUNDLE_MEMBERS
"""Central directory entries read at most (a bundle has 2 to 4)."""
MAX_MEMBER_BYTES = max(limits.MEMBER_BYTES.values())
"""Ceiling for any member; each has its own limit in :data:`~cchc_tui.base.limits.MEMBER_BYTES`
(``report.json`` the size a report file may have)."""
MAX_MANIFEST_BYTES = limits.MANIFEST_BYTES
MAX_TOTAL_BYTES = limits.BUNDLE_TOTAL_BYTES
MAX_RATIO = limits.BUNDLE_RATIO
"""Largest uncompressed/compressed ratio accepted for a member bigger than :data:`RATIO_FLOOR`."""
RATIO_FLOOR = limits.BUNDLE_RATIO_FLOOR
MAX_PROBLEMS = 12

_LOCAL = struct.Struct("<4sHHHHHIIIHH")
_CENTRAL = struct.Struct("<4sHHHHHHIIIHHHHHII")
_EOCD = struct.Struct("<4sHHHHIIH")
_ALLOWED_FLAGS = 0x0806  # bits 1-2: deflate options; bit 11: UTF-8 names
_SHA256 = re.compile(r"[0-9a-f]{64}")
_STORED = 0
_DEFLATED = 8


@dataclass
class VerifyResult:
    """What the receiving office sees.

    Attributes:
        ok: every check passed (with ``trusted_public_key``: and the key is the registered one).
        problems: Vietnamese, one sentence each; empty when ``ok``.
        manifest: the manifest, only when the signature is valid (even if the key is not
            registered); ``None`` otherwise.
        fingerprint: the fingerprint of the key in the bundle, when one was found.
        public_key: that key, raw 32 bytes.
        unreadable: the file is not a bundle or is too damaged to read (empty, not a zip, no
            signature block, broken structure, unreadable manifest) — as opposed to a readable
            bundle that fails a check.
        trusted: the signing key equals ``trusted_public_key``.
        notes: Vietnamese remarks that are not problems (e.g. the key was not compared with a
            registered one: "chưa xác thực").
    """

    ok: bool
    problems: list[str] = field(default_factory=list)
    manifest: dict[str, Any] | None = None
    fingerprint: str | None = None
    public_key: bytes | None = None
    unreadable: bool = False
    trusted: bool = False
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ZipLayout:
    """What a ZIP written by this app may hold, for :func:`_parse_zip`: a bundle
    (:func:`_bundle_layout`), or an unsigned package or contribution
    (:mod:`cchc_tui.exports.contribution_format`) read by :func:`read_zip_members`.

    Attributes:
        comment_bytes: the exact length of the archive comment (a bundle's signature block;
            0 for an unsigned ZIP).
        allowed: the member names it may hold (the manifest first among them).
        member_bytes: each member's inflated limit by name (others: ``manifest_bytes``).
        manifest_bytes: the manifest's inflated limit.
        max_members: directory entries read at most.
        total_bytes: every member inflated, together.
    """

    comment_bytes: int
    allowed: tuple[str, ...]
    member_bytes: Mapping[str, int]
    manifest_bytes: int
    max_members: int
    total_bytes: int


class BundleReadError(InvalidInput):
    """A bundle or one of its members could not be read; ``str(error)`` is Vietnamese."""


@dataclass(frozen=True)
class _Entry:
    name: str
    method: int
    crc: int
    packed: int
    size: int
    start: int
    end: int


class _Unreadable(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _Damaged(ValueError):
    """A member does not inflate to its declared size and CRC-32."""


_DECODE_ERRORS = (_Unreadable, _Damaged, struct.error, zlib.error)
"""What reading a hostile ZIP can raise here: our own refusals, ``struct.error`` (a header
beyond the end of the data), ``zlib.error`` (a broken deflate stream)."""


def _bundle_layout() -> ZipLayout:
    """A signed bundle's layout, from this module's limits as they are now (tests lower them)."""
    return ZipLayout(
        fmt.COMMENT_BYTES,
        (fmt.MANIFEST, *fmt.CONTENT_MEMBERS),
        {
            name: min(MAX_MEMBER_BYTES, limits.MEMBER_BYTES.get(name, MAX_MEMBER_BYTES))
            for name in fmt.CONTENT_MEMBERS
        },
        MAX_MANIFEST_BYTES,
        MAX_MEMBERS,
        MAX_TOTAL_BYTES,
    )


def read_zip_members(data: bytes, layout: ZipLayout, what: str) -> dict[str, bytes]:
    """Every member of a ZIP this app wrote without a signature (a package, a contribution),
    checked as a bundle's structure is (names, counts, sizes and ratio from the directory
    before anything is inflated, local headers, tiling, bounded inflation, CRC-32); nothing
    is written to disk.

    Args:
        what: the file's name, for messages.

    Raises:
        BundleReadError: not such a ZIP, or damaged (the Vietnamese reason).
    """
    blob = bytes(data)
    if not blob:
        raise BundleReadError(msg.VERIFY_EMPTY)
    try:
        entries = _parse_zip(blob, layout)
        return {name: _inflate(blob, entry) for name, entry in entries.items()}
    except _Unreadable as exc:
        raise BundleReadError(exc.message) from None
    except (_Damaged, struct.error, zlib.error):
        raise BundleReadError(msg.BUNDLE_READ_DAMAGED.format(name=what)) from None


def load_bundle_file(path: Path | str | os.PathLike[str]) -> bytes:
    """Read a bundle file whole, refusing one larger than :data:`MAX_BUNDLE_BYTES`.

    Raises:
        BundleReadError: with a Vietnamese message (missing, no permission, device error, size).
    """
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_BUNDLE_BYTES:
                raise BundleReadError(_too_large(size))
            data = handle.read(MAX_BUNDLE_BYTES + 1)
    except BundleReadError:
        raise
    except OSError as exc:
        raise BundleReadError(
            msg.VERIFY_READ_FAILED.format(path=path.name, reason=_read_reason(exc))
        ) from None
    if len(data) > MAX_BUNDLE_BYTES:
        raise BundleReadError(_too_large(len(data)))
    return data


def verify_bundle(
    data: bytes | bytearray | memoryview | Path | str | os.PathLike[str],
    trusted_public_key: bytes | None = None,
) -> VerifyResult:
    """Check a bundle (bytes, or a path to read) and report in Vietnamese. Never raises.

    Args:
        trusted_public_key: the unit's registered key (raw 32 bytes or PEM). Without it a valid
            bundle is ``ok`` but not ``trusted``, and a note says it is "chưa xác thực".
    """
    result = VerifyResult(ok=False)
    try:
        _verify(data, trusted_public_key, result)
    except Exception as exc:  # never raise: anything unforeseen is a problem, not a crash
        result.problems.append(msg.VERIFY_UNEXPECTED.format(kind=type(exc).__name__))
        result.manifest = None
    if len(result.problems) > MAX_PROBLEMS:
        result.problems = result.problems[:MAX_PROBLEMS]
    result.ok = not result.problems
    if not result.ok:
        result.trusted = False
    return result


def read_member(data: bytes | bytearray | memoryview, name: str) -> bytes:
    """The bytes of member ``name`` of a bundle (call after :func:`verify_bundle` said ok).

    Applies the same structural limits as verification; never writes to disk.

    Raises:
        BundleReadError: with a Vietnamese message.
    """
    blob = bytes(data)
    try:
        entries = _parse_zip(blob)
    except _DECODE_ERRORS:
        raise BundleReadError(msg.BUNDLE_READ_DAMAGED.format(name=name)) from None
    entry = entries.get(name)
    if entry is None:
        raise BundleReadError(msg.BUNDLE_READ_MISSING.format(name=name))
    try:
        return _inflate(blob, entry)
    except _DECODE_ERRORS:
        raise BundleReadError(msg.BUNDLE_READ_DAMAGED.format(name=name)) from None


# --- The checks ----------------------------------------------------------------------------------


def _verify(source: Any, trusted: bytes | None, result: VerifyResult) -> None:
    problems = result.problems
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        if len(data) > MAX_BUNDLE_BYTES:
            problems.append(_too_large(len(data)))
            result.unreadable = True
            return
    else:
        try:
            data = load_bundle_file(source)
        except BundleReadError as exc:
            problems.append(exc.message)
            result.unreadable = True
            return
    if not data:
        problems.append(msg.VERIFY_EMPTY)
        result.unreadable = True
        return

    # 2. The signature block at the very end.
    tail = _signature_block(data)
    if tail is None:
        problems.append(msg.VERIFY_NO_SIGNATURE if _has_eocd(data) else msg.VERIFY_NOT_ZIP)
        result.unreadable = True
        return
    public, signature = tail
    result.fingerprint = fingerprint(public)
    result.public_key = public

    # 3. Signature over everything before it (a view: no copy of the file), then the key.
    signed = _signature_valid(public, signature, memoryview(data)[: -fmt.SIGNATURE_BYTES])
    if not signed:
        problems.append(msg.VERIFY_BAD_SIGNATURE)
    elif trusted is not None:
        try:
            registered = public_key_raw(trusted)
        except NotAPublicKey:
            problems.append(msg.VERIFY_TRUSTED_KEY_INVALID)
        else:
            if registered == public:
                result.trusted = True
            else:
                problems.append(
                    msg.VERIFY_KEY_NOT_REGISTERED.format(fingerprint=result.fingerprint)
                )
    else:
        result.notes.append(msg.VERIFY_NOTE_UNTRUSTED.format(fingerprint=result.fingerprint))

    # 4. Structure, before inflating anything.
    try:
        entries = _parse_zip(data)
    except _Unreadable as exc:
        problems.append(exc.message)
        result.unreadable = True
        return

    # 5. Inflate with limits; CRC.
    contents: dict[str, bytes] = {}
    for name, entry in entries.items():
        try:
            contents[name] = _inflate(data, entry)
        except (_Damaged, zlib.error):
            problems.append(msg.VERIFY_MEMBER_DAMAGED.format(name=name))
            if name == fmt.MANIFEST:
                result.unreadable = True
    if fmt.MANIFEST not in entries:
        problems.append(msg.VERIFY_MANIFEST_MISSING)
        result.unreadable = True
        return
    if fmt.MANIFEST not in contents:
        return

    # 6. Manifest.
    manifest, unreadable = _load_manifest(contents[fmt.MANIFEST])
    if manifest is None:
        problems.append(unreadable)
        result.unreadable = True
        return
    if not _check_manifest(manifest, problems):
        result.unreadable = True
        return
    if manifest["public_key_fingerprint"] != result.fingerprint:
        problems.append(msg.VERIFY_KEY_MISMATCH)

    # 7. Members against the manifest.
    listed = {item["name"]: item for item in manifest["members"]}
    if any(name not in listed for name in fmt.REQUIRED_MEMBERS):
        problems.append(msg.VERIFY_REPORT_MISSING)
    for name, item in listed.items():
        if name not in entries:
            problems.append(msg.VERIFY_MEMBER_MISSING.format(name=name))
            continue
        if name not in contents:
            continue  # already reported as damaged
        payload = contents[name]
        if len(payload) != item["size"]:
            problems.append(
                msg.VERIFY_MEMBER_SIZE.format(
                    name=name, size=human_size(len(payload)), expected=human_size(item["size"])
                )
            )
        elif hashlib.sha256(payload).hexdigest() != item["sha256"]:
            problems.append(msg.VERIFY_MEMBER_HASH.format(name=name))
    for name in entries:
        if name != fmt.MANIFEST and name not in listed:
            problems.append(msg.VERIFY_MEMBER_UNLISTED.format(name=name))

    if signed:
        result.manifest = manifest


def _signature_block(data: bytes) -> tuple[bytes, bytes] | None:
    """The public key and signature from the comment, if the file ends exactly as we write it."""
    eocd = len(data) - fmt.EOCD_BYTES - fmt.COMMENT_BYTES
    if eocd < 0 or data[eocd : eocd + 4] != fmt.EOCD_SIGNATURE:
        return None
    (comment_len,) = struct.unpack_from("<H", data, eocd + 20)
    if comment_len != fmt.COMMENT_BYTES:
        return None
    comment = data[eocd + fmt.EOCD_BYTES :]
    if not comment.startswith(fmt.MAGIC):
        return None
    public = comment[len(fmt.MAGIC) : len(fmt.MAGIC) + fmt.PUBLIC_KEY_BYTES]
    return public, comment[-fmt.SIGNATURE_BYTES :]


def _has_eocd(data: bytes) -> bool:
    """Whether the file looks like some ZIP (an EOCD signature near the end)."""
    return data.rfind(fmt.EOCD_SIGNATURE, max(0, len(data) - 65557)) >= 0


def _signature_valid(public: bytes, signature: bytes, message: bytes | memoryview) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric import ed25519

    try:
        ed25519.Ed25519PublicKey.from_public_bytes(public).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def _parse_zip(data: bytes, layout: ZipLayout | None = None) -> dict[str, _Entry]:
    """Members from the central directory, checked against limits and local headers."""
    layout = layout or _bundle_layout()
    eocd = len(data) - fmt.EOCD_BYTES - layout.comment_bytes
    if eocd < 0:
        raise _Unreadable(msg.VERIFY_NOT_ZIP)
    sig, disk, cd_disk, on_disk, count, cd_size, cd_offset, _ = _EOCD.unpack_from(data, eocd)
    if sig != fmt.EOCD_SIGNATURE:
        raise _Unreadable(msg.VERIFY_NOT_ZIP)
    if disk != 0 or cd_disk != 0 or on_disk != count or cd_offset + cd_size != eocd:
        raise _Unreadable(msg.VERIFY_LAYOUT)  # multi-disk, ZIP64 or bytes around the directory
    if layout.comment_bytes == 0 and _ != 0:
        raise _Unreadable(msg.VERIFY_LAYOUT)  # a comment where none is written
    if count > layout.max_members:
        raise _Unreadable(msg.VERIFY_TOO_MANY_MEMBERS.format(count=count, limit=layout.max_members))

    entries: dict[str, _Entry] = {}
    total = 0
    pos = cd_offset
    for _ in range(count):
        if pos + _CENTRAL.size > eocd:
            raise _Unreadable(msg.VERIFY_LAYOUT)
        (
            sig,
            _made,
            _needed,
            flags,
            method,
            _time,
            _date,
            crc,
            packed,
            size,
            name_len,
            extra_len,
            comment_len,
            disk_start,
            _internal,
            _external,
            offset,
        ) = _CENTRAL.unpack_from(data, pos)
        if sig != b"PK\x01\x02" or disk_start != 0:
            raise _Unreadable(msg.VERIFY_LAYOUT)
        raw_name = data[pos + _CENTRAL.size : pos + _CENTRAL.size + name_len]
        pos += _CENTRAL.size + name_len + extra_len + comment_len
        if pos > eocd:
            raise _Unreadable(msg.VERIFY_LAYOUT)
        name = _check_name(raw_name, layout)
        if name in entries:
            raise _Unreadable(msg.VERIFY_DUPLICATE_MEMBER.format(name=name))
        if flags & ~_ALLOWED_FLAGS or method not in (_STORED, _DEFLATED):
            raise _Unreadable(msg.VERIFY_MEMBER_UNSUPPORTED.format(name=name))
        if name == fmt.MANIFEST:
            limit = layout.manifest_bytes
        else:
            limit = layout.member_bytes.get(name, layout.manifest_bytes)
        if size > limit:
            raise _Unreadable(
                msg.VERIFY_MEMBER_TOO_LARGE.format(
                    name=name, size=human_size(size), limit=human_size(limit)
                )
            )
        if size > RATIO_FLOOR and size > packed * MAX_RATIO:
            raise _Unreadable(
                msg.VERIFY_MEMBER_RATIO.format(
                    name=name, packed=human_size(packed), size=human_size(size)
                )
            )
        if method == _STORED and size != packed:
            raise _Unreadable(msg.VERIFY_LAYOUT)
        total += size
        if total > layout.total_bytes:
            raise _Unreadable(
                msg.VERIFY_TOTAL_TOO_LARGE.format(
                    size=human_size(total), limit=human_size(layout.total_bytes)
                )
            )
        # The local header must agree with the central directory.
        if offset + _LOCAL.size > cd_offset:
            raise _Unreadable(msg.VERIFY_LAYOUT)
        (
            lsig,
            _lneeded,
            lflags,
            lmethod,
            _ltime,
            _ldate,
            lcrc,
            lpacked,
            lsize,
            lname_len,
            lextra_len,
        ) = _LOCAL.unpack_from(data, offset)
        start = offset + _LOCAL.size + lname_len + lextra_len
        end = start + packed
        if (
            lsig != b"PK\x03\x04"
            or (lflags, lmethod, lcrc, lpacked, lsize) != (flags, method, crc, packed, size)
            or data[offset + _LOCAL.size : offset + _LOCAL.size + lname_len] != raw_name
            or end > cd_offset
        ):
            raise _Unreadable(msg.VERIFY_LAYOUT)
        entries[name] = _Entry(name, method, crc, packed, size, offset, end)
    if pos != eocd:
        raise _Unreadable(msg.VERIFY_LAYOUT)

    # Members tile the file from byte 0 to the central directory: no gap, overlap or hidden data.
    cursor = 0
    for entry in sorted(entries.values(), key=lambda item: item.start):
        if entry.start != cursor:
            raise _Unreadable(msg.VERIFY_LAYOUT)
        cursor = entry.end
    if cursor != cd_offset:
        raise _Unreadable(msg.VERIFY_LAYOUT)
    return entries


def _check_name(raw: bytes, layout: ZipLayout) -> str:
    try:
        name = raw.decode("ascii")
    except UnicodeDecodeError:
        shown = raw.decode("utf-8", errors="replace")
        raise _Unreadable(msg.VERIFY_UNSAFE_NAME.format(name=_printable(shown))) from None
    if (
        not name
        or name in {".", ".."}
        or any(ch in name for ch in "/\\:")
        or any(ord(ch) < 32 or ord(ch) == 127 for ch in name)
    ):
        raise _Unreadable(msg.VERIFY_UNSAFE_NAME.format(name=_printable(name)))
    if name not in layout.allowed:
        allowed = ", ".join(layout.allowed)
        raise _Unreadable(msg.VERIFY_MEMBER_NOT_ALLOWED.format(name=name, allowed=allowed))
    return name


def _printable(name: str) -> str:
    shown = "".join(ch if ch.isprintable() else "?" for ch in name)
    return shown[:80]


def _inflate(data: bytes, entry: _Entry) -> bytes:
    """The member's bytes: at most its declared size is ever produced; CRC-32 checked."""
    body_start = entry.end - entry.packed
    body = data[body_start : entry.end]
    if entry.method == _STORED:
        out = body
    else:
        inflater = zlib.decompressobj(-15)
        out = inflater.decompress(body, entry.size + 1)
        if (
            len(out) != entry.size
            or not inflater.eof
            or inflater.unconsumed_tail
            or inflater.unused_data
        ):
            raise _Damaged("inflated size differs")
    if zlib.crc32(out) != entry.crc:
        raise _Damaged("CRC-32 differs")
    return out


def _load_manifest(raw: bytes) -> tuple[dict[str, Any] | None, str]:
    """The manifest read by the bounded JSON reader (:data:`~cchc_tui.base.limits.MANIFEST_JSON`:
    nesting, counts, string lengths, numbers by their text, no repeated key), or ``None`` and
    the problem to report."""
    try:
        loaded = read_json(raw.decode("utf-8"), limits.MANIFEST_JSON, fmt.MANIFEST)
    except limits.LimitExceeded as exc:
        return None, messages.LIMIT_MANIFEST.format(reason=exc.message)
    except (JsonSyntaxError, UnicodeDecodeError):
        return None, msg.VERIFY_MANIFEST_UNREADABLE
    if not isinstance(loaded, dict):
        return None, msg.VERIFY_MANIFEST_UNREADABLE
    return loaded, ""


def _check_manifest(manifest: dict[str, Any], problems: list[str]) -> bool:
    """Check the manifest's shape; False when it cannot be used at all."""
    found = manifest.get("format")
    if found != fmt.FORMAT:
        if isinstance(found, str) and found.startswith("cchc-bundle/"):
            problems.append(msg.VERIFY_FORMAT_NEWER.format(found=found[:40], expected=fmt.FORMAT))
        else:
            problems.append(msg.VERIFY_FORMAT_UNKNOWN)
        return False
    usable = True
    for key, kind in fmt.META_FIELDS.items():
        value = manifest.get(key)
        wrong = isinstance(value, bool) or not isinstance(value, kind) or value == ""
        if wrong or (isinstance(value, int) and not 0 <= value <= limits.MAX_REVISION):
            problems.append(msg.VERIFY_MANIFEST_FIELD.format(field=key))
    signed_at = manifest.get("signed_at")
    if isinstance(signed_at, str) and signed_at:
        try:
            datetime.fromisoformat(signed_at)
        except ValueError:
            problems.append(msg.VERIFY_MANIFEST_FIELD.format(field="signed_at"))
    if not isinstance(manifest.get("public_key_fingerprint"), str):
        problems.append(msg.VERIFY_MANIFEST_FIELD.format(field="public_key_fingerprint"))
        usable = False
    members = manifest.get("members")
    seen: set[str] = set()
    if not isinstance(members, list) or not members:
        problems.append(msg.VERIFY_MANIFEST_FIELD.format(field="members"))
        return False
    for item in members:
        if (
            not isinstance(item, dict)
            or item.get("name") not in fmt.CONTENT_MEMBERS
            or item["name"] in seen
            or isinstance(item.get("size"), bool)
            or not isinstance(item.get("size"), int)
            or item["size"] < 0
            or not isinstance(item.get("sha256"), str)
            or not _SHA256.fullmatch(item["sha256"])
        ):
            problems.append(msg.VERIFY_MANIFEST_FIELD.format(field="members"))
            return False
        seen.add(item["name"])
    return usable


def _too_large(size: int) -> str:
    return msg.VERIFY_TOO_LARGE.format(size=human_size(size), limit=human_size(MAX_BUNDLE_BYTES))


def _read_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return msg.VERIFY_READ_NOT_FOUND
    if isinstance(exc, PermissionError):
        return msg.VERIFY_READ_DENIED
    if isinstance(exc, IsADirectoryError):
        return msg.VERIFY_READ_IS_FOLDER
    return msg.VERIFY_READ_OTHER.format(code=exc.errno)
