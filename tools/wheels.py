"""Wheels for a target platform, checked against the lock (used by build_kit.py and lock.py).

Standard library plus pip only (``packaging`` if installed, else the copy inside pip), so the
tools run from any Python 3.11 with pip, without the app installed.

Why a closure of our own: ``pip download --platform win_amd64`` picks wheels by their tags but
evaluates environment markers (``sys_platform == "win32"``) for the machine it runs on
(pip's documented behaviour of ``--platform``), so a dependency that only Windows needs would be
missing from a Windows wheelhouse and the offline install would fail there. :func:`complete`
walks the ``Requires-Dist`` of every wheel with the *target's* markers and downloads what is
missing; :func:`check_against_lock` refuses a wheelhouse that holds anything the lock does not
pin exactly.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from email.parser import HeaderParser
from pathlib import Path

try:  # pragma: no cover - whichever is there
    from packaging.markers import Marker
    from packaging.requirements import Requirement
except ImportError:  # pragma: no cover
    from pip._vendor.packaging.markers import Marker  # type: ignore[no-redef,assignment]
    from pip._vendor.packaging.requirements import Requirement  # type: ignore[no-redef,assignment]

PYTHON = "3.11"
"""The Python the kit and the lock are for (``requires-python``; the Windows installer 3.11.9)."""

WIN_AMD64_MARKERS = {
    "implementation_name": "cpython",
    "implementation_version": "3.11.9",
    "os_name": "nt",
    "platform_machine": "AMD64",
    "platform_python_implementation": "CPython",
    "platform_release": "10",
    "platform_system": "Windows",
    "platform_version": "10.0.19045",
    "python_full_version": "3.11.9",
    "python_version": "3.11",
    "sys_platform": "win32",
}
"""PEP 508 marker values of 64-bit Windows 10 with CPython 3.11.9 (the last 3.11 installer)."""


@dataclass(frozen=True)
class Target:
    """Where the wheels will be installed.

    ``name`` is ``"native"`` (this machine: pip picks its tags, markers are this interpreter's)
    or a pip platform tag such as ``"win_amd64"``.
    """

    name: str
    markers: dict[str, str] = field(default_factory=dict)

    @property
    def pip_args(self) -> list[str]:
        """Arguments of ``pip download`` for this target (wheels only, CPython 3.11)."""
        args = ["--only-binary=:all:"]
        if self.name != "native":
            args += ["--platform", self.name, "--python-version", PYTHON]
            args += ["--implementation", "cp", "--abi", "cp311"]
        return args

    def evaluate(self, marker: Marker, extra: str) -> bool:
        """Whether ``marker`` holds on the target with ``extra`` requested (``""``: none)."""
        env = dict(self.markers) if self.markers else {}
        env["extra"] = extra
        return bool(marker.evaluate(env))


def target(name: str) -> Target:
    """The :class:`Target` for ``native`` or ``win_amd64``.

    Raises:
        ValueError: another platform (only these two are known and tested).
    """
    if name == "native":
        if sys.version_info[:2] != (3, 11):
            raise ValueError(
                f"a native kit needs Python {PYTHON}; this is {sys.version.split()[0]}"
            )
        return Target("native")
    if name == "win_amd64":
        return Target("win_amd64", WIN_AMD64_MARKERS)
    raise ValueError(f"unknown platform {name!r}: use native or win_amd64")


def canonical(name: str) -> str:
    """PEP 503 normalised project name: ``Typing_Extensions`` → ``typing-extensions``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def read_lock(path: Path) -> dict[str, str]:
    """The pins of a constraints file: canonical name → version.

    Raises:
        ValueError: a line that is not ``name==version`` (comments and blank lines aside), or a
            name pinned twice.
    """
    pins: dict[str, str] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([A-Za-z0-9.+!_-]+)", line)
        if match is None:
            raise ValueError(f"{path.name}:{number}: not name==version: {raw!r}")
        name = canonical(match.group(1))
        if name in pins:
            raise ValueError(f"{path.name}:{number}: {name} pinned twice")
        pins[name] = match.group(2)
    return pins


@dataclass(frozen=True)
class Wheel:
    """One wheel file and what its metadata says."""

    path: Path
    name: str
    """Canonical project name."""
    version: str
    requires: tuple[str, ...]
    """``Requires-Dist`` lines, markers included."""


def read_wheel(path: Path) -> Wheel:
    """Read the ``METADATA`` of the wheel at ``path``.

    Raises:
        ValueError: not a wheel (no ``*.dist-info/METADATA``).
    """
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if re.fullmatch(r"[^/]+\.dist-info/METADATA", n)]
        if len(names) != 1:
            raise ValueError(f"{path.name}: not a wheel")
        text = archive.read(names[0]).decode("utf-8")
    headers = HeaderParser().parsestr(text)
    return Wheel(
        path=path,
        name=canonical(headers["Name"]),
        version=headers["Version"],
        requires=tuple(headers.get_all("Requires-Dist") or ()),
    )


def wheelhouse(folder: Path) -> dict[str, Wheel]:
    """Every wheel in ``folder`` by canonical name.

    Raises:
        ValueError: two wheels of one project (two versions or two platforms).
    """
    found: dict[str, Wheel] = {}
    for path in sorted(folder.glob("*.whl")):
        wheel = read_wheel(path)
        if wheel.name in found:
            raise ValueError(
                f"two wheels of {wheel.name}: {found[wheel.name].path.name}, {path.name}"
            )
        found[wheel.name] = wheel
    return found


def closure(
    wheels: dict[str, Wheel], roots: list[str], goal: Target
) -> tuple[set[str], dict[str, Requirement]]:
    """What ``roots`` need on ``goal``: (names present and needed, requirements missing).

    Extras are followed (``markdown-it-py[linkify]`` brings ``linkify-it-py``).
    """
    needed: set[str] = set()
    missing: dict[str, Requirement] = {}
    queue = [Requirement(root) for root in roots]
    seen: set[tuple[str, frozenset[str]]] = set()
    while queue:
        req = queue.pop()
        name = canonical(req.name)
        key = (name, frozenset(req.extras))
        if key in seen:
            continue
        seen.add(key)
        wheel = wheels.get(name)
        if wheel is None:
            missing[name] = req
            continue
        needed.add(name)
        for line in wheel.requires:
            dep = Requirement(line)
            wanted = dep.marker is None or any(
                goal.evaluate(dep.marker, extra) for extra in ("", *sorted(req.extras))
            )
            if wanted:
                queue.append(Requirement(str(dep).split(";", 1)[0]))
    return needed, missing


def pip(*args: str, quiet: bool = True) -> None:
    """Run this interpreter's pip; raises ``subprocess.CalledProcessError`` on failure."""
    cmd = [sys.executable, "-m", "pip", *args]
    if quiet:
        cmd.append("--quiet")
    subprocess.run(cmd, check=True)


def download(folder: Path, goal: Target, requirements: list[str], lock: Path | None) -> None:
    """``pip download`` wheels of ``requirements`` and their dependencies for ``goal``."""
    constraint = ["-c", str(lock)] if lock is not None else []
    pip("download", "--dest", str(folder), *goal.pip_args, *constraint, *requirements)


def complete(
    folder: Path, goal: Target, roots: list[str], pins: dict[str, str] | None
) -> dict[str, Wheel]:
    """Download into ``folder`` what ``roots`` need on ``goal`` but pip left out (markers of the
    target), pinned by ``pins`` when given; drop wheels ``goal`` does not need. Returns the
    wheels of the closure by name.

    Raises:
        ValueError: a needed project is not in ``pins``.
    """
    for _round in range(20):
        wheels = wheelhouse(folder)
        needed, missing = closure(wheels, roots, goal)
        if not missing:
            for name, wheel in wheels.items():
                if name not in needed:
                    print(f"  not needed on {goal.name}, left out: {wheel.path.name}")
                    wheel.path.unlink()
            return {name: wheels[name] for name in sorted(needed)}
        wanted = []
        for name, req in sorted(missing.items()):
            if pins is not None:
                if name not in pins:
                    raise ValueError(f"{name} is needed on {goal.name} but not in the lock")
                wanted.append(f"{name}=={pins[name]}")
            else:
                wanted.append(f"{name}{req.specifier}")
        print(f"  needed on {goal.name} only (markers): {', '.join(wanted)}")
        pip("download", "--no-deps", "--dest", str(folder), *goal.pip_args, *wanted)
    raise ValueError("dependency closure did not settle in 20 rounds")


def check_against_lock(wheels: dict[str, Wheel], pins: dict[str, str], own: str) -> None:
    """Every wheel but the project's own (``own``) is pinned in the lock at its very version.

    Raises:
        ValueError: listing each wheel that is not pinned or differs from its pin.
    """
    problems = []
    for name, wheel in sorted(wheels.items()):
        if name == canonical(own):
            continue
        if name not in pins:
            problems.append(f"{wheel.path.name}: {name} is not in the lock")
        elif pins[name] != wheel.version:
            problems.append(f"{wheel.path.name}: the lock pins {name}=={pins[name]}")
    if problems:
        raise ValueError("wheelhouse differs from the lock:\n  " + "\n  ".join(problems))
