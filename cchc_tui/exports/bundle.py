"""The signed bundle a commune carries to the receiving office on a USB stick.

Layout: a ZIP file named by :func:`bundle_name` holding ``manifest.json`` and the members the
caller built (``report.json``, optionally ``forms.xlsx``, ``report.docx`` and
``key-change.json``).

``manifest.json`` (UTF-8 JSON) records the format ``cchc-bundle/1``, every member's name, size
and SHA-256, the caller's meta (template id, unit code and name, period code, revision, signer
name and title, signed-at time, app version) and the public key fingerprint.

Signature design — the signature covers every byte of the file except itself:

* The ZIP is written deterministically: fixed member order (manifest first, then the members in
  :data:`CONTENT_MEMBERS` order), fixed timestamps (1980-01-01), ``ZIP_DEFLATED`` level 6, no
  extra fields, no data descriptors, no ZIP64.
* The ZIP archive comment, which is the very end of the file, is
  ``MAGIC (10 bytes) + raw Ed25519 public key (32) + Ed25519 signature (64)``. The signature is
  computed over all bytes of the file before it: every local header, every compressed member,
  the central directory, the end-of-central-directory record (including its comment-length
  field), the magic and the public key. Flipping, adding or removing any byte anywhere therefore
  invalidates it; the verifier rejects a file whose last 106 bytes are not exactly that comment.
* Ed25519 signs the message itself (no pre-hash), so nothing is trusted before the whole file
  has been checked. The per-member SHA-256 values in the manifest are for people and tools; the
  signature does not depend on them.
* The public key travels in the bundle so that a bundle can be checked for integrity on its own;
  authenticity comes from comparing it with the key the receiving office registered for the unit
  (by :func:`cchc_tui.signing.keys.fingerprint`) — see :mod:`cchc_tui.exports.verify`.

To check by hand: the last 64 bytes are the signature, the 32 before them (after the magic) the
public key, and the message is the file without its last 64 bytes.

``cryptography`` is imported only inside the functions that need it.
"""

from __future__ import annotations

import hashlib
import io
import json
import struct
import unicodedata
import zipfile
from collections.abc import Mapping
from typing import Any

from cchc_tui.exports.bundle_format import (
    COMMENT_BYTES,
    COMPRESS_LEVEL,
    CONTENT_MEMBERS,
    EOCD_BYTES,
    EOCD_SIGNATURE,
    FIXED_TIME,
    FORMAT,
    MAGIC,
    MANIFEST,
    META_FIELDS,
    REQUIRED_MEMBERS,
    RESERVED_FIELDS,
)
from cchc_tui.exports.verify import verify_bundle
from cchc_tui.signing.keys import fingerprint, public_key_raw


class BundleBuildError(RuntimeError):
    """The bundle just built would not pass verification (a programming error, logged)."""


def build_bundle(members: Mapping[str, bytes], meta: Mapping[str, Any], private_key: Any) -> bytes:
    """Build the signed bundle.

    Args:
        members: ``report.json`` (required), ``forms.xlsx``, ``report.docx``,
            ``key-change.json`` → their bytes.
        meta: the :data:`META_FIELDS` (strings are stored in NFC); extra JSON-able keys are kept.
            ``public_key_fingerprint`` may be given and must then match ``private_key``.
        private_key: cryptography's ``Ed25519PrivateKey`` (from :func:`keys.ensure_key`).

    Raises:
        ValueError: a member or meta field is missing or wrong.
        BundleBuildError: the result would be refused by the verifier (e.g. too large).
    """
    for name, payload in members.items():
        if name not in CONTENT_MEMBERS:
            raise ValueError(f"member not allowed in a bundle: {name!r}")
        if not isinstance(payload, bytes | bytearray):
            raise ValueError(f"member {name!r} must be bytes")
    for name in REQUIRED_MEMBERS:
        if name not in members:
            raise ValueError(f"bundle needs {name}")
    raw_public = public_key_raw(private_key)
    print_ = fingerprint(raw_public)
    manifest: dict[str, Any] = {}
    for key, value in meta.items():
        if key in RESERVED_FIELDS and not (key == "public_key_fingerprint" and value == print_):
            raise ValueError(f"meta field {key!r} is reserved or does not match the key")
        manifest[key] = _nfc(value)
    for key, kind in META_FIELDS.items():
        value = manifest.get(key)
        if isinstance(value, bool) or not isinstance(value, kind) or value in ("", None):
            raise ValueError(f"meta field {key!r} missing or not {kind.__name__}")
    ordered = [name for name in CONTENT_MEMBERS if name in members]
    manifest["format"] = FORMAT
    manifest["public_key_fingerprint"] = print_
    manifest["members"] = [
        {
            "name": name,
            "size": len(members[name]),
            "sha256": hashlib.sha256(members[name]).hexdigest(),
        }
        for name in ordered
    ]
    manifest_bytes = (
        json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8") + b"\n"
    )
    entries = [(MANIFEST, manifest_bytes)] + [(name, bytes(members[name])) for name in ordered]
    data = sign_zip(write_zip(entries), private_key)

    checked = verify_bundle(data, raw_public)
    if not checked.ok:
        raise BundleBuildError("; ".join(checked.problems))
    return data


def write_zip(entries: list[tuple[str, bytes]]) -> bytes:
    """A deterministic ZIP (fixed time and order, deflate level 6, no extras, no comment)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=False) as zf:
        for name, payload in entries:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            zf.writestr(info, payload, compresslevel=COMPRESS_LEVEL)
    return buffer.getvalue()


def sign_zip(zip_bytes: bytes, private_key: Any) -> bytes:
    """Seal a comment-less ZIP: set its comment to magic + public key + signature (see above).

    Raises:
        ValueError: ``zip_bytes`` does not end with an end-of-central-directory record whose
            comment is empty.
    """
    eocd = len(zip_bytes) - EOCD_BYTES
    if eocd < 0 or zip_bytes[eocd : eocd + 4] != EOCD_SIGNATURE or zip_bytes[-2:] != b"\x00\x00":
        raise ValueError("not a ZIP ending with an empty comment")
    head = zip_bytes[:-2] + struct.pack("<H", COMMENT_BYTES) + MAGIC + public_key_raw(private_key)
    return head + private_key.sign(head)


def _nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    return value
