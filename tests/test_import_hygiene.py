"""Layering: every module outside the UI (app, screens, widgets) imports no Textual.

Modules are enumerated with :mod:`pkgutil`, so a new module is checked without being listed.
The import-linter contracts in ``pyproject.toml`` state the whole architecture; this test
adds what they cannot see: what importing a module really loads (lazy imports included only
when they run).
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import cchc_tui

UI = ("cchc_tui.app", "cchc_tui.screens", "cchc_tui.widgets")
"""The only places that may import Textual."""


def headless_modules() -> list[str]:
    """Every module of the package except the UI, the migrations and ``__main__`` entries."""
    names = []
    for info in pkgutil.walk_packages(cchc_tui.__path__, "cchc_tui."):
        name = info.name
        if name.startswith(UI) or ".migrations" in name or name.endswith("__main__"):
            continue
        names.append(name)
    return sorted(names)


def test_the_enumeration_finds_every_layer() -> None:
    found = {name.split(".")[1] for name in headless_modules()}
    assert {"base", "template", "domain", "db", "service", "exports", "office", "cli"} <= found


@pytest.mark.parametrize("module", headless_modules())
def test_headless_module_does_not_import_textual(module: str) -> None:
    code = f"import sys, {module}; print(any(m.split('.')[0] == 'textual' for m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
