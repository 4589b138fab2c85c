"""Sign-off keys: one Ed25519 pair per unit, private key encrypted with the passphrase."""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from cchc_tui import messages as msg
from cchc_tui.signing import keyfile, keys

PASS = "Mật khẩu của Chủ tịch 2025"


def test_first_sign_off_creates_the_pair_and_later_calls_reopen_it(tmp_path: Path) -> None:
    folder = tmp_path / "data" / "keys"  # does not exist yet
    created = keys.ensure_key(folder, "31.BL", PASS)
    assert created.created
    again = keys.ensure_key(folder, "31.BL", PASS)
    assert not again.created
    assert again.public_raw == created.public_raw
    assert again.fingerprint == created.fingerprint
    assert keys.load_public_key(folder, "31.BL") == created.public_raw
    # The reopened private key signs with the same public key.
    signature = again.private_key.sign(b"abc")
    from cryptography.hazmat.primitives.asymmetric import ed25519

    ed25519.Ed25519PublicKey.from_public_bytes(created.public_raw).verify(signature, b"abc")


def test_files_are_pem_encrypted_and_the_passphrase_is_not_stored(tmp_path: Path) -> None:
    unit = keys.ensure_key(tmp_path, "31.BL", PASS)
    private_path, public_path = keys.key_paths(tmp_path, "31.BL")
    private_pem = private_path.read_bytes()
    assert private_pem.startswith(b"-----BEGIN CCHC ED25519 PRIVATE KEY-----")
    # scrypt at 64 MiB (issue 10: one guess costs >= 0.1 s; bench/bench_keys.py measures it)
    assert keyfile.check_file(private_pem) == keyfile.KdfParams(n=2**16, r=8, p=1)
    assert public_path.read_bytes().startswith(b"-----BEGIN PUBLIC KEY-----")
    assert keys.public_key_pem(unit.public_raw) == public_path.read_bytes()
    for path in tmp_path.iterdir():
        blob = path.read_bytes()
        assert PASS.encode() not in blob
        assert unicodedata.normalize("NFD", PASS).encode() not in blob
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [private_path.name, public_path.name]
    )
    if sys.platform != "win32":
        assert private_path.stat().st_mode & 0o077 == 0


def test_passphrase_round_trip_and_wrong_passphrase_is_plain_vietnamese(tmp_path: Path) -> None:
    keys.ensure_key(tmp_path, "31.BL", PASS)
    assert keys.load_private_key(tmp_path, "31.BL", PASS) is not None
    with pytest.raises(keys.WrongPassphraseError) as caught:
        keys.load_private_key(tmp_path, "31.BL", PASS + "x")
    assert str(caught.value) == msg.SIGNKEY_PASSPHRASE_WRONG
    assert "Mật khẩu khóa ký không đúng" in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    with pytest.raises(keys.WrongPassphraseError):
        keys.ensure_key(tmp_path, "31.BL", "sai")


def test_nfd_passphrase_opens_a_key_made_with_nfc(tmp_path: Path) -> None:
    """Windows' Vietnamese keyboard types combining marks; Unikey does not."""
    keys.ensure_key(tmp_path, "31.BL", unicodedata.normalize("NFC", PASS))
    keys.load_private_key(tmp_path, "31.BL", unicodedata.normalize("NFD", PASS))


@pytest.mark.parametrize("passphrase", ["", "   ", "\t"])
def test_empty_passphrase_is_refused(tmp_path: Path, passphrase: str) -> None:
    with pytest.raises(keys.EmptyPassphraseError) as caught:
        keys.ensure_key(tmp_path, "31.BL", passphrase)
    assert str(caught.value) == msg.SIGNKEY_PASSPHRASE_EMPTY
    assert list(tmp_path.iterdir()) == []


def test_missing_and_damaged_keys_say_so(tmp_path: Path) -> None:
    with pytest.raises(keys.KeyNotFoundError) as missing:
        keys.load_private_key(tmp_path, "31.BL", PASS)
    assert "Chưa có khóa ký" in str(missing.value)
    with pytest.raises(keys.KeyNotFoundError):
        keys.load_public_key(tmp_path, "31.BL")
    keys.ensure_key(tmp_path, "31.BL", PASS)
    private_path, public_path = keys.key_paths(tmp_path, "31.BL")
    private_path.write_bytes(b"-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n")
    with pytest.raises(keys.KeyDamagedError) as damaged:
        keys.load_private_key(tmp_path, "31.BL", PASS)
    assert "bị hỏng" in str(damaged.value)
    public_path.write_bytes(b"not a key")
    with pytest.raises(keys.KeyDamagedError):
        keys.load_public_key(tmp_path, "31.BL")


def test_missing_public_file_is_rewritten_from_the_private_key(tmp_path: Path) -> None:
    unit = keys.ensure_key(tmp_path, "31.BL", PASS)
    _, public_path = keys.key_paths(tmp_path, "31.BL")
    public_path.unlink()
    again = keys.ensure_key(tmp_path, "31.BL", PASS)
    assert not again.created
    assert keys.load_public_key(tmp_path, "31.BL") == unit.public_raw


def test_fingerprint_is_stable_sha256_in_groups_of_four(tmp_path: Path) -> None:
    raw = bytes(range(32))
    expected = "630DCD2966C4336691125448BBB25B4FF412A49C732DB2C8ABC1B8581BD710DD"
    printed = keys.fingerprint(raw)
    assert printed.replace(" ", "") == expected  # SHA-256 of bytes 0..31
    assert re.fullmatch(r"[0-9A-F]{4}( [0-9A-F]{4}){15}", printed)
    unit = keys.ensure_key(tmp_path, "31.BL", PASS)
    assert keys.fingerprint(unit.public_raw) == unit.fingerprint
    assert keys.fingerprint(keys.public_key_pem(unit.public_raw)) == unit.fingerprint
    assert keys.fingerprint(unit.public_raw) == keys.fingerprint(unit.public_raw)
    with pytest.raises(keys.NotAPublicKey):
        keys.fingerprint(b"short")


def test_file_names_are_ascii_and_distinct_per_unit(tmp_path: Path) -> None:
    codes = [
        "31.BL",
        "Xã Bình Lãng",
        "Xa Binh Lang",
        "xa-binh-lang",
        "ĐÔNG/HÀ:*?",
        "CON",
        "a" * 300,
    ]
    names = set()
    for code in codes:
        private_path, public_path = keys.key_paths(tmp_path, code)
        for path in (private_path, public_path):
            assert path.parent == tmp_path
            assert path.name.isascii()
            assert re.fullmatch(r"unit-[a-z0-9.\-]+\.(key|pub)\.pem", path.name), path.name
            assert len(path.name) <= 100
        names.add(private_path.name.lower())
    assert len(names) == len(codes)
    assert keys.key_paths(tmp_path, "31.BL")[0].name.startswith("unit-31.bl-")
    assert keys.key_paths(tmp_path, "31.bl")[0].name == "unit-31.bl.key.pem"
    with pytest.raises(keys.SigningKeyError):
        keys.key_paths(tmp_path, "  ")


def test_keys_module_imports_no_cryptography_or_textual_at_start() -> None:
    code = (
        "import sys, cchc_tui.signing.keys, cchc_tui.exports.bundle, cchc_tui.exports.verify;"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'cryptography', 'textual'}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def _legacy_key(folder: Path, passphrase: str) -> bytes:
    """A unit key as the app wrote it before cchc-key/1: PKCS#8, PBKDF2 at 2,048 rounds."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519

    key = ed25519.Ed25519PrivateKey.generate()
    private_path, public_path = keys.key_paths(folder, "31.BL")
    folder.mkdir(parents=True, exist_ok=True)
    private_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(passphrase.encode()),
        )
    )
    public_path.write_bytes(keys.public_key_pem(key))
    return keys.public_key_raw(key)


def test_an_old_pkcs8_key_opens_and_is_written_again_with_scrypt(tmp_path: Path) -> None:
    """Issue 10: keys made before still open — even with the weak passphrase then allowed — and
    are re-encrypted on that use; the public key, so the office's trust, is unchanged."""
    public = _legacy_key(tmp_path, "123")
    private_path, _ = keys.key_paths(tmp_path, "31.BL")
    with pytest.raises(keys.WrongPassphraseError):
        keys.load_private_key(tmp_path, "31.BL", "124")
    assert keyfile.is_legacy(private_path.read_bytes())  # a failed try rewrites nothing
    opened = keys.ensure_key(tmp_path, "31.BL", "123")
    assert opened.public_raw == public and not opened.created
    rewritten = private_path.read_bytes()
    assert rewritten.startswith(b"-----BEGIN CCHC ED25519 PRIVATE KEY-----")
    assert keyfile.check_file(rewritten).n == 2**16
    assert keys.public_key_raw(keys.load_private_key(tmp_path, "31.BL", "123")) == public
    with pytest.raises(keys.WrongPassphraseError):
        keys.load_private_key(tmp_path, "31.BL", "1234")


def test_a_changed_key_file_does_not_open(tmp_path: Path) -> None:
    """The AEAD covers the parameters: a file whose scrypt cost was lowered (to make guessing
    cheap) or whose sealed key was changed no longer opens, even with the right passphrase."""
    import base64
    import json

    keys.ensure_key(tmp_path, "31.BL", PASS)
    private_path, _ = keys.key_paths(tmp_path, "31.BL")
    lines = private_path.read_bytes().splitlines()
    body = json.loads(base64.b64decode(b"".join(lines[1:-1])))
    for field, value in (("n", 2**10), ("ciphertext", base64.b64encode(bytes(48)).decode())):
        changed = dict(body, **{field: value})
        armoured = base64.encodebytes(json.dumps(changed).encode())
        private_path.write_bytes(lines[0] + b"\n" + armoured + lines[-1] + b"\n")
        with pytest.raises(keys.WrongPassphraseError):
            keys.load_private_key(tmp_path, "31.BL", PASS)
    changed = dict(body, n=2**40)  # a planted file asking for a terabyte of memory
    private_path.write_bytes(
        lines[0] + b"\n" + base64.encodebytes(json.dumps(changed).encode()) + lines[-1] + b"\n"
    )
    with pytest.raises(keys.KeyDamagedError):
        keys.load_private_key(tmp_path, "31.BL", PASS)


@pytest.mark.parametrize(
    ("passphrase", "message"),
    [
        ("123", msg.SIGNKEY_PASSPHRASE_SHORT.format(minimum=8, count=3)),
        ("Bình Lã", msg.SIGNKEY_PASSPHRASE_SHORT.format(minimum=8, count=7)),
        ("  abcdefg  ", msg.SIGNKEY_PASSPHRASE_SHORT.format(minimum=8, count=7)),
        ("12345678", msg.SIGNKEY_PASSPHRASE_DIGITS),
        ("15 12 2023", msg.SIGNKEY_PASSPHRASE_DIGITS),
        ("０９１２３４５６７８", msg.SIGNKEY_PASSPHRASE_DIGITS),  # fullwidth digits
    ],
)
def test_a_weak_passphrase_is_refused_when_the_key_is_made(
    tmp_path: Path, passphrase: str, message: str
) -> None:
    with pytest.raises(keys.WeakPassphraseError) as caught:
        keys.ensure_key(tmp_path, "31.BL", passphrase)
    assert str(caught.value) == message
    assert not tmp_path.exists() or list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("passphrase", ["Bình Lãng", "abcdefgh", "2023 ký duyệt"])
def test_eight_characters_with_a_letter_make_a_key(tmp_path: Path, passphrase: str) -> None:
    assert keys.ensure_key(tmp_path, "31.BL", passphrase).created
    # NFD (Windows' keyboard) counts its letters, not its combining marks
    keys.check_new_passphrase(unicodedata.normalize("NFD", "Bình Lãng"))
