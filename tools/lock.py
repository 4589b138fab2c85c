"""Write ``constraints.txt``, the lock: every dependency of cchc-tui pinned, for both targets.

    python tools/lock.py        # resolve again from pyproject.toml and rewrite constraints.txt

Run it with Python 3.11 on a Linux x86_64 machine with the package index, after changing
``dependencies`` or an extra in ``pyproject.toml``, or to take newer releases; then run the
whole test suite and build the Windows kit (``tools/build_kit.py --platform win_amd64``) before
committing the new lock. Nothing else changes the lock.

How: pip resolves the runtime dependencies and, separately, runtime plus the ``test`` and
``build`` extras for this machine (``pip install --dry-run --ignore-installed --report``). Then
the runtime and ``build`` requirements are downloaded as Windows wheels with those pins and
completed with Windows' own environment markers (``tools/wheels.py``), which adds what only
Windows needs (``pefile`` for PyInstaller…) at its newest version. A project needed on both
platforms gets one version; the file has a runtime section (what the kit carries) and a
tools section (tests, lint, PyInstaller).
"""

from __future__ import annotations

import json
import sys
import tempfile
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from wheels import canonical, complete, download, pip, target  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
LOCK = REPO / "constraints.txt"
HEADER = """\
# The lock of cchc-tui: every dependency (and theirs) pinned to one version that installs on
# Linux x86_64 and on Windows 10/11 64-bit with CPython 3.11. Made by `python tools/lock.py`
# from pyproject.toml; do not edit by hand. Used with `pip install -c constraints.txt` by the
# README's commands and .ci/run, by tools/build_kit.py (the offline kit) and PyInstaller builds.
"""


def resolve_here(requirements: list[str]) -> dict[str, str]:
    """Name → version pip installs on this machine for ``requirements`` (nothing installed)."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        pip("install", "--dry-run", "--ignore-installed", "--report", str(report), *requirements)
        data = json.loads(report.read_text(encoding="utf-8"))
    return {canonical(i["metadata"]["name"]): i["metadata"]["version"] for i in data["install"]}


def resolve_windows(requirements: list[str], pins: dict[str, str]) -> dict[str, str]:
    """Name → version of the win_amd64 wheels for ``requirements``, ``pins`` honoured."""
    goal = target("win_amd64")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        lock = folder / "pins.txt"
        lock.write_text("".join(f"{n}=={v}\n" for n, v in sorted(pins.items())), encoding="utf-8")
        download(folder, goal, requirements, lock)
        wheels = complete(folder, goal, requirements, None)
    return {name: wheel.version for name, wheel in wheels.items()}


def merged(here: dict[str, str], windows: dict[str, str]) -> dict[str, str]:
    """One version per project. Raises ``ValueError`` if the platforms disagree."""
    both = dict(here)
    for name, version in windows.items():
        if both.setdefault(name, version) != version:
            raise ValueError(f"{name}: {both[name]} here but {version} on Windows")
    return both


def main() -> int:
    data = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = list(data["dependencies"])
    extras = data["optional-dependencies"]
    tools = [*extras["test"], *extras["build"]]
    print("resolving for this machine")
    runtime_here = resolve_here(runtime)
    everything_here = resolve_here([*runtime, *tools])
    print("resolving for win_amd64")
    windows = resolve_windows([*runtime, *extras["build"]], everything_here)
    runtime_windows = resolve_windows(runtime, everything_here)
    runtime_pins = merged(runtime_here, runtime_windows)
    all_pins = merged(everything_here, windows)
    tool_pins = {n: v for n, v in all_pins.items() if n not in runtime_pins}
    lines = [
        HEADER,
        "\n# runtime: what the app imports, and what that needs (the kit carries these)\n",
    ]
    lines += [f"{n}=={v}\n" for n, v in sorted(runtime_pins.items())]
    lines.append(
        "\n# tools: extras 'test' (pytest < 9, see pyproject.toml) and 'build' (PyInstaller)\n"
    )
    lines += [f"{n}=={v}\n" for n, v in sorted(tool_pins.items())]
    LOCK.write_text("".join(lines), encoding="utf-8")
    print(f"{LOCK.name}: {len(runtime_pins)} runtime, {len(tool_pins)} tool pins")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
