"""Build the offline USB install kit of cchc-tui for one platform.

    python tools/build_kit.py --platform win_amd64 --out DIR   # for the communes' Windows PCs
    python tools/build_kit.py --platform native --out DIR      # for this machine (tests)

Runs on any machine with Python 3.11, pip and access to the package index; needs neither the
app installed nor anything but the standard library and pip. ``DIR`` must not exist or be empty.
It gets (README, "Install on a Windows PC without internet"):

* ``wheelhouse/`` — the project's wheel (built from this checkout) and a wheel of every
  dependency for the platform, exactly the versions of ``constraints.txt`` (``pip download
  --only-binary=:all: --platform … --python-version 3.11 --implementation cp -c …``, then the
  target's own environment markers, see ``tools/wheels.py``); refused if anything differs;
* ``constraints.txt``, ``verify_kit.py``, ``install.bat``, ``install.sh``, ``cchc.bat`` and the
  Vietnamese ``HUONG-DAN.txt`` from ``packaging/kit/``;
* ``SHA256SUMS`` of every other file, checked by ``verify_kit.py`` before anything is installed.

Text files for Windows: ``.bat`` are UTF-8 *without* BOM (cmd.exe would run the BOM as part of
the first command) with CRLF line ends (cmd's ``goto``/``call :label`` misbehave with bare LF),
ASCII up to their ``chcp 65001`` line and Vietnamese only after it. ``HUONG-DAN.txt`` is UTF-8
*with* BOM and CRLF: every Notepad since Windows XP reads it as UTF-8 by the BOM (before
Windows 10 1903 Notepad guessed ANSI for a file without one), and cp1258 would not do: it has
no precomposed Vietnamese letters and is the ANSI code page only of Vietnamese-locale Windows,
so an English-locale PC (common in communes) would show garbage.

Exit code 0 on success; on failure 1 with the reason (pip's own output above it).
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from wheels import (  # noqa: E402 - after the path of this folder
    PYTHON,
    check_against_lock,
    complete,
    download,
    pip,
    read_lock,
    target,
)

REPO = Path(__file__).resolve().parent.parent
LOCK = REPO / "constraints.txt"
TEMPLATES = REPO / "packaging" / "kit"
KIT_FILES = {
    # name: (line end, byte order mark)
    "install.bat": ("\r\n", False),
    "cchc.bat": ("\r\n", False),
    "HUONG-DAN.txt": ("\r\n", True),
    "install.sh": ("\n", False),
    "verify_kit.py": ("\n", False),
}
TARGET_TEXT = {
    "win_amd64": "Windows 10/11 64-bit, Python 3.11 64-bit",
    "native": "máy Linux đã tạo bộ cài này (bản thử), Python 3.11",
}
_NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv*", "build", "dist", "*.egg-info", "__pycache__", ".*_cache"
)


def project() -> tuple[str, str]:
    """``(name, version)`` from ``pyproject.toml``."""
    data = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return data["project"]["name"], data["project"]["version"]


def build_own_wheel(wheelhouse: Path) -> Path:
    """Build the project's wheel from a clean copy of the checkout (no stale ``build/``)."""

    def ignore(folder: str, names: list[str]) -> set[str]:
        skip = set(_NOT_SOURCE(folder, names))
        return skip | {n for n in names if (Path(folder) / n).resolve() == wheelhouse.parent}

    with tempfile.TemporaryDirectory(prefix="cchc-src-") as tmp:
        source = Path(tmp) / "src"
        shutil.copytree(REPO, source, ignore=ignore)
        before = set(wheelhouse.glob("*.whl"))
        pip("wheel", "--no-deps", "--wheel-dir", str(wheelhouse), str(source))
        made = set(wheelhouse.glob("*.whl")) - before
    if len(made) != 1:
        raise RuntimeError(f"expected one wheel of the project, got {sorted(made)}")
    return made.pop()


def render(name: str, out: Path, values: dict[str, str]) -> None:
    """Write ``packaging/kit/NAME`` into the kit with ``@KEY@`` filled in (see KIT_FILES)."""
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace(f"@{key}@", value)
    left = re.search(r"@[A-Z_]+@", text)
    if left is not None:
        raise RuntimeError(f"{name}: placeholder {left.group()} has no value")
    newline, bom = KIT_FILES[name]
    text = text.replace("\r\n", "\n").replace("\n", newline)
    data = ("\ufeff" if bom else "").encode() + text.encode("utf-8")
    (out / name).write_bytes(data)


def write_sums(out: Path) -> int:
    """Write ``SHA256SUMS`` (``sha256sum`` format, ``/`` separators); returns the file count."""
    lines = []
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        rel = path.relative_to(out).as_posix()
        if rel != "SHA256SUMS":
            lines.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {rel}\n")
    (out / "SHA256SUMS").write_text("".join(lines), encoding="utf-8", newline="\n")
    return len(lines)


def build_kit(platform: str, out: Path) -> Path:
    """Build the kit for ``platform`` (``native`` or ``win_amd64``) in ``out``; returns ``out``.

    Raises:
        ValueError: unknown platform, ``out`` not empty, or the wheelhouse differs from the lock.
        subprocess.CalledProcessError: pip failed (no network, no wheel for the platform).
    """
    goal = target(platform)
    if out.exists() and any(out.iterdir()):
        raise ValueError(f"{out} is not empty")
    pins = read_lock(LOCK)
    name, version = project()
    wheelhouse = out / "wheelhouse"
    wheelhouse.mkdir(parents=True, exist_ok=True)
    print(f"building the wheel of {name} {version}")
    own = build_own_wheel(wheelhouse)
    print(f"downloading the wheels for {platform} (Python {PYTHON}) pinned by {LOCK.name}")
    download(wheelhouse, goal, [str(own)], LOCK)
    wheels = complete(wheelhouse, goal, [f"{name}=={version}"], pins)
    check_against_lock(wheels, pins, own=name)
    shutil.copyfile(LOCK, out / "constraints.txt")
    values = {
        "VERSION": version,
        "TARGET": platform,
        "TARGET_TEXT": TARGET_TEXT[platform],
    }
    for template in KIT_FILES:
        render(template, out, values)
    (out / "install.sh").chmod(0o755)
    count = write_sums(out)
    size = sum(p.stat().st_size for p in wheelhouse.glob("*.whl"))
    print(f"kit for {platform}: {len(wheels)} wheels, {size / 1e6:.1f} MB, {count} files hashed")
    print(f"written to {out}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--platform", required=True, choices=["win_amd64", "native"])
    parser.add_argument("--out", required=True, type=Path, help="folder of the kit (new or empty)")
    args = parser.parse_args(argv)
    try:
        build_kit(args.platform, args.out.resolve())
    except (ValueError, RuntimeError, subprocess.CalledProcessError) as err:
        print(f"build_kit: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
