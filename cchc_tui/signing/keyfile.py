"""The private key file: an Ed25519 key sealed with the chairman's passphrase.

Format ``cchc-key/1`` (issue 10): PEM armour ``-----BEGIN CCHC ED25519 PRIVATE KEY-----`` around
the base64 of a small UTF-8 JSON object::

    {"format": "cchc-key/1", "kdf": "scrypt", "n": 65536, "r": 8, "p": 1,
     "salt": "<16 bytes, base64>", "aead": "chacha20-poly1305",
     "nonce": "<12 bytes, base64>", "ciphertext": "<32-byte raw key + 16-byte tag, base64>"}

* The key-encryption key is scrypt (RFC 7914, ``cryptography``'s ``Scrypt``) of the NFC UTF-8
  passphrase with a random salt: ``N = 2**16, r = 8, p = 1`` — 64 MiB of memory and about
  160 ms per guess on the 2-core development machine (``bench/bench_keys.py``), so a stolen
  file costs an attacker that much per passphrase tried, on a GPU too.
* The raw private key is sealed with ChaCha20-Poly1305 (RFC 8439); the JSON object without
  ``ciphertext`` is the associated data, so a changed parameter or salt fails like a wrong
  passphrase instead of weakening the file.
* Files written before (PKCS#8 ``BEGIN ENCRYPTED PRIVATE KEY``, PBKDF2 at 2,048 iterations from
  ``BestAvailableEncryption``) still open; :func:`is_legacy` tells them, and
  :mod:`cchc_tui.signing.keys` writes them again in this format on their next use.

The passphrase policy (at least 8 characters, not only digits) is
:func:`cchc_tui.signing.keys.check_new_passphrase`'s.

``cryptography`` is imported inside the functions: it costs ~190 ms at start-up.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import unicodedata
from dataclasses import dataclass

FORMAT = "cchc-key/1"
ARMOUR = "CCHC ED25519 PRIVATE KEY"
LEGACY_ARMOUR = b"-----BEGIN ENCRYPTED PRIVATE KEY-----"
SCRYPT_N = 2**16
"""scrypt cost (``N``): 64 MiB with ``r = 8``; raise it, never lower it (files keep their own)."""
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
NONCE_BYTES = 12
RAW_KEY_BYTES = 32
MAX_SCRYPT_N = 2**20
"""The largest cost a file may ask for (1 GiB): a planted file cannot exhaust memory."""


class KeyFileFormatError(ValueError):
    """The bytes are not a key file this module wrote (damaged or foreign)."""


class DecryptError(ValueError):
    """The passphrase does not open the file (or the file was changed)."""


@dataclass(frozen=True)
class KdfParams:
    """scrypt parameters as stored in a file."""

    n: int
    r: int
    p: int


DEFAULT_PARAMS = KdfParams(SCRYPT_N, SCRYPT_R, SCRYPT_P)


def passphrase_bytes(passphrase: str) -> bytes:
    """The passphrase as NFC UTF-8: Windows' Vietnamese keyboard types NFD, Unikey NFC, and
    both must open the key."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def is_legacy(data: bytes) -> bool:
    """Whether ``data`` is a PKCS#8 encrypted key written before ``cchc-key/1``."""
    return data.lstrip().startswith(LEGACY_ARMOUR)


def _kek(secret: bytes, salt: bytes, params: KdfParams) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, n=params.n, r=params.r, p=params.p).derive(secret)


def _header(params: KdfParams, salt: bytes, nonce: bytes) -> dict[str, object]:
    return {
        "format": FORMAT,
        "kdf": "scrypt",
        "n": params.n,
        "r": params.r,
        "p": params.p,
        "salt": base64.b64encode(salt).decode("ascii"),
        "aead": "chacha20-poly1305",
        "nonce": base64.b64encode(nonce).decode("ascii"),
    }


def _aad(header: dict[str, object]) -> bytes:
    return json.dumps(header, sort_keys=True, separators=(",", ":")).encode("utf-8")


def seal_private_key(raw_key: bytes, secret: bytes, params: KdfParams = DEFAULT_PARAMS) -> bytes:
    """The key file bytes of a raw 32-byte Ed25519 private key under ``secret`` (NFC UTF-8).

    Raises:
        ValueError: ``raw_key`` is not 32 bytes.
    """
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

    if len(raw_key) != RAW_KEY_BYTES:
        raise ValueError("an Ed25519 private key is 32 bytes")
    salt, nonce = os.urandom(SALT_BYTES), os.urandom(NONCE_BYTES)
    header = _header(params, salt, nonce)
    sealed = ChaCha20Poly1305(_kek(secret, salt, params)).encrypt(nonce, raw_key, _aad(header))
    body = dict(header, ciphertext=base64.b64encode(sealed).decode("ascii"))
    encoded = base64.encodebytes(json.dumps(body, sort_keys=True).encode("utf-8"))
    return f"-----BEGIN {ARMOUR}-----\n".encode() + encoded + f"-----END {ARMOUR}-----\n".encode()


def _parse(data: bytes) -> tuple[dict[str, object], KdfParams, bytes, bytes, bytes]:
    begin, end = f"-----BEGIN {ARMOUR}-----".encode(), f"-----END {ARMOUR}-----".encode()
    text = data.strip()
    if not (text.startswith(begin) and text.endswith(end)):
        raise KeyFileFormatError("not a cchc-key/1 file")
    try:
        body = json.loads(base64.b64decode(text[len(begin) : -len(end)], validate=False))
    except (binascii.Error, ValueError):
        raise KeyFileFormatError("armoured body is not base64 JSON") from None
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        raise KeyFileFormatError("not a cchc-key/1 object")
    try:
        params = KdfParams(int(body["n"]), int(body["r"]), int(body["p"]))
        salt = base64.b64decode(str(body["salt"]), validate=True)
        nonce = base64.b64decode(str(body["nonce"]), validate=True)
        sealed = base64.b64decode(str(body["ciphertext"]), validate=True)
    except (KeyError, TypeError, ValueError, binascii.Error):
        raise KeyFileFormatError("missing or malformed field") from None
    sane = (
        body.get("kdf") == "scrypt"
        and body.get("aead") == "chacha20-poly1305"
        and 2 <= params.n <= MAX_SCRYPT_N
        and params.n & (params.n - 1) == 0
        and 1 <= params.r <= 32
        and 1 <= params.p <= 16
        and len(nonce) == NONCE_BYTES
        and len(sealed) == RAW_KEY_BYTES + 16
    )
    if not sane:
        raise KeyFileFormatError("unsupported parameters")
    header = {k: v for k, v in body.items() if k != "ciphertext"}
    return header, params, salt, nonce, sealed


def check_file(data: bytes) -> KdfParams:
    """The scrypt parameters of a ``cchc-key/1`` file, without the passphrase.

    Raises:
        KeyFileFormatError: not such a file, or parameters this module never writes.
    """
    return _parse(data)[1]


def open_private_key(data: bytes, secret: bytes) -> bytes:
    """The raw 32-byte private key in a ``cchc-key/1`` file.

    Raises:
        KeyFileFormatError: damaged or foreign file. DecryptError: wrong passphrase (or a
        file changed after it was written: the AEAD cannot tell the two apart).
    """
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

    header, params, salt, nonce, sealed = _parse(data)
    try:
        return ChaCha20Poly1305(_kek(secret, salt, params)).decrypt(nonce, sealed, _aad(header))
    except InvalidTag:
        raise DecryptError("wrong passphrase") from None


__all__ = [
    "DEFAULT_PARAMS",
    "DecryptError",
    "KdfParams",
    "KeyFileFormatError",
    "check_file",
    "is_legacy",
    "open_private_key",
    "passphrase_bytes",
    "seal_private_key",
]
