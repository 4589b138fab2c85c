"""The unit's signing key (issue 10): the cost of one passphrase check, and what a stolen key
file costs an attacker per guess — new ``cchc-key/1`` (scrypt) against the old PKCS#8 format.

    .venv/bin/python -m bench.bench_keys

Prints median and max (ms) of 10 runs each: opening the key with the right passphrase (what
sign-off and export pay), one wrong guess (the attacker's unit of work), making a key at the
first sign-off, re-encrypting an old PKCS#8 key on its first use, a key change, and one guess
against an old PKCS#8 file (PBKDF2, 2,048 rounds), for comparison. And the peak memory of one
scrypt derivation (the parameters: N = 2**16, r = 8, p = 1 → 64 MiB).
"""

from __future__ import annotations

import contextlib
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

RUNS = 10
PASS = "Bình Lãng ký duyệt 2023"


def timed(work: Callable[[], object], runs: int = RUNS) -> tuple[float, float]:
    """Median and max milliseconds of ``runs`` calls."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        work()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), max(times)


def legacy_file(path: Path) -> bytes:
    """A private key as the app wrote it before ``cchc-key/1``."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519

    data = ed25519.Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(PASS.encode()),
    )
    path.write_bytes(data)
    return data


def main() -> None:
    """Measure and print."""
    from cryptography.hazmat.primitives import serialization

    from cchc_tui.signing import key_change, keyfile, keys

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    keyfile.seal_private_key(bytes(32), PASS.encode())  # one scrypt derivation
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"scrypt N=2**16 r=8 p=1: peak RSS {after // 1024} MiB (+{(after - before) // 1024})")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows: list[tuple[str, tuple[float, float]]] = []
        made = iter(range(RUNS))
        rows.append(
            (
                "make a key (first sign-off)",
                timed(lambda: keys.ensure_key(folder, f"u{next(made)}", PASS)),
            )
        )
        rows.append(
            ("open it, right passphrase", timed(lambda: keys.load_private_key(folder, "u0", PASS)))
        )

        def wrong() -> None:
            with contextlib.suppress(keys.WrongPassphraseError):
                keys.load_private_key(folder, "u0", "một lần đoán sai")

        rows.append(("one wrong guess (cchc-key/1)", timed(wrong)))
        old = iter(range(RUNS))

        def upgrade() -> None:
            n = next(old)
            legacy_file(keys.key_paths(folder, f"old{n}")[0])
            keys.load_private_key(folder, f"old{n}", PASS)

        rows.append(("old PKCS#8 key: open + re-encrypt", timed(upgrade)))
        pkcs8 = legacy_file(folder / "legacy.pem")

        def legacy_guess() -> None:
            with contextlib.suppress(ValueError):
                serialization.load_pem_private_key(pkcs8, password=b"mot lan doan sai")

        rows.append(("one wrong guess (old PKCS#8)", timed(legacy_guess)))
        changes = iter(range(RUNS))

        def change() -> None:
            code = f"u{next(changes)}"
            key_change.change_key(
                folder, code, None, "Đổi Chủ tịch", "Khóa mới 2024 của xã", PASS, "2024-01-01"
            )

        rows.append(("key change (old key here)", timed(change)))
        for label, (median, worst) in rows:
            print(f"{label:38s} median {median:7.1f} ms   max {worst:7.1f} ms")


if __name__ == "__main__":
    main()
