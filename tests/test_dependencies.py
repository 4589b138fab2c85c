"""The lock: everything the app imports is declared in pyproject.toml and pinned in
constraints.txt, with what those need, at the versions installed here (issue 12).

The import scan reads every module of ``cchc_tui`` with ``ast`` (imports inside functions
too, since the app imports heavy libraries only when used) and maps each top-level name to the
distribution that provides it (``importlib.metadata.packages_distributions``).
"""

from __future__ import annotations

import ast
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

import cchc_tui
from tools.wheels import canonical, read_lock

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = Path(cchc_tui.__file__).resolve().parent
WINDOWS_ONLY: set[str] = set()
"""Runtime pins needed only on Windows (none today: the win_amd64 kit test would show one)."""
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def declared() -> dict[str, Requirement]:
    return {canonical(Requirement(r).name): Requirement(r) for r in PROJECT["dependencies"]}


def lock_sections() -> dict[str, dict[str, str]]:
    """``runtime`` and ``tools`` pins of constraints.txt (its two comment-headed sections)."""
    text = (ROOT / "constraints.txt").read_text(encoding="utf-8")
    runtime, tools = text.split("\n# tools:", 1)
    return {"runtime": _pins(runtime), "tools": _pins(tools)}


def _pins(text: str) -> dict[str, str]:
    pins = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==")
            pins[canonical(name)] = version
    return pins


def imported_top_level_names() -> dict[str, set[str]]:
    """Top-level module name → the package modules importing it (stdlib and own left out)."""
    found: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top in {"cchc_tui", "__future__"}:
                    continue
                found.setdefault(top, set()).add(str(path.relative_to(PACKAGE.parent)))
    return found


def test_constraints_file_is_one_exact_pin_per_line() -> None:
    pins = read_lock(ROOT / "constraints.txt")  # raises on anything else or a double pin
    sections = lock_sections()
    assert sections["runtime"].keys().isdisjoint(sections["tools"])
    assert pins == {**sections["runtime"], **sections["tools"]}
    assert int(pins["pytest"].split(".")[0]) < 9  # pytest-textual-snapshot needs pytest 8


def test_every_imported_package_is_declared_and_pinned() -> None:
    providers = metadata.packages_distributions()
    deps, runtime = declared(), lock_sections()["runtime"]
    imports = imported_top_level_names()
    assert {"textual", "sqlalchemy", "pydantic", "docx", "yaml"} <= imports.keys()
    problems = []
    for top, where in sorted(imports.items()):
        dists = {canonical(d) for d in providers.get(top, [])}
        if not dists:
            problems.append(f"{top} (imported in {sorted(where)[0]}) is not installed")
        elif not dists & deps.keys():
            problems.append(f"{top} from {sorted(dists)} is not in pyproject dependencies")
        elif not dists & runtime.keys():
            problems.append(f"{top} from {sorted(dists)} is not pinned in constraints.txt")
    assert problems == []


def test_the_runtime_closure_is_pinned_and_is_what_is_installed() -> None:
    runtime = lock_sections()["runtime"]
    queue = [(name, frozenset(req.extras)) for name, req in declared().items()]
    seen: set[tuple[str, frozenset[str]]] = set()
    closure: set[str] = set()
    while queue:
        name, extras = queue.pop()
        if (name, extras) in seen:
            continue
        seen.add((name, extras))
        closure.add(name)
        assert name in runtime, f"{name} is needed at run time but not pinned"
        installed = metadata.version(name)
        assert installed == runtime[name], (
            f"{name} {installed} installed, lock says {runtime[name]}"
        )
        for line in metadata.requires(name) or []:
            req = Requirement(line)
            ok = req.marker is None or any(
                req.marker.evaluate({"extra": extra}) for extra in ("", *extras)
            )
            if ok:
                queue.append((canonical(req.name), frozenset(req.extras)))
    # Nothing stale in the runtime section. A project that only Windows needs (tools/lock.py
    # adds those) would be pinned but not needed here: it then belongs in WINDOWS_ONLY.
    assert runtime.keys() - closure == WINDOWS_ONLY


def test_declared_ranges_admit_the_pinned_versions() -> None:
    runtime = lock_sections()["runtime"]
    for name, req in declared().items():
        assert req.specifier.contains(runtime[name]), (name, str(req.specifier), runtime[name])
