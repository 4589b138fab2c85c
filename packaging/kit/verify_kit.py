"""Kiểm tra bộ cài cchc-tui trước khi cài: đúng Python, đủ tệp, không tệp nào hỏng.

Chạy bằng Python của máy (install.bat / install.sh gọi tệp này trước khi cài). Chỉ dùng thư viện
chuẩn. Thoát 0 nếu bộ cài nguyên vẹn, 1 nếu không (in ra từng tệp thiếu, thừa hoặc hỏng).

The kit's self-check (made by tools/build_kit.py): SHA256SUMS lists every file of the kit but
itself, in ``sha256sum`` format. This proves a copy is complete and undamaged (a half-copied USB
stick, a bad sector); it is no defence against someone who edits the kit on purpose.
"""

from __future__ import annotations

import hashlib
import io
import platform
import struct
import sys
from pathlib import Path

TARGET = "@TARGET@"
PYTHON = (3, 11)
KIT = Path(__file__).resolve().parent


def say(text: str) -> None:
    """Print Vietnamese whatever the console's code page (UTF-8, replacement if needed)."""
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(encoding="utf-8", errors="replace")
    print(text, flush=True)


def python_problem() -> str | None:
    """Why this Python cannot run the kit's wheels, or None."""
    found = ".".join(map(str, sys.version_info[:3]))
    if sys.version_info[:2] != PYTHON or sys.implementation.name != "cpython":
        return f"Bộ cài này cần Python {PYTHON[0]}.{PYTHON[1]} (CPython); máy đang dùng {found}."
    if TARGET == "win_amd64":
        if sys.platform != "win32":
            return "Bộ cài này dành cho Windows 64-bit."
        if struct.calcsize("P") != 8 or platform.machine().upper() not in {"AMD64", "X86_64"}:
            return "Bộ cài này cần Python 64-bit (bản cài python-3.11.x-amd64.exe)."
    return None


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def kit_problems() -> list[str]:
    """Every file that is missing, damaged or not part of the kit."""
    sums = KIT / "SHA256SUMS"
    if not sums.is_file():
        return ["Thiếu tệp SHA256SUMS: bộ cài chép chưa đủ."]
    listed: dict[str, str] = {}
    for line in sums.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.strip():
            digest, sep, name = line.partition("  ")
            if not sep or len(digest) != 64:
                return ["Tệp SHA256SUMS bị hỏng: chép lại bộ cài."]
            listed[name] = digest
    problems = []
    for name, digest in sorted(listed.items()):
        path = KIT / name
        if not path.is_file():
            problems.append(f"Thiếu tệp: {name}")
        elif sha256(path) != digest:
            problems.append(f"Tệp bị hỏng hoặc bị sửa: {name}")
    wheels = KIT / "wheelhouse"
    if wheels.is_dir():
        for path in sorted(wheels.iterdir()):
            name = "wheelhouse/" + path.name
            if name not in listed:
                problems.append(f"Tệp lạ, không thuộc bộ cài: {name} (xóa tệp này đi)")
    return problems


def main() -> int:
    problem = python_problem()
    if problem is not None:
        say(problem)
        say("Xem mục 1 của HUONG-DAN.txt.")
        return 1
    problems = kit_problems()
    if problems:
        say("Bộ cài KHÔNG nguyên vẹn, chưa cài gì:")
        for line in problems:
            say("  - " + line)
        say("Chép lại bộ cài từ bản gốc rồi chạy lại.")
        return 1
    count = len(list((KIT / "wheelhouse").glob("*.whl")))
    say(f"Bộ cài nguyên vẹn ({count} gói), Python {platform.python_version()}: bắt đầu cài.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
