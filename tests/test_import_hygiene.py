"""Layering: the domain, template, db and exports layers never import Textual."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEADLESS = [
    "cchc_tui.domain.numbers",
    "cchc_tui.domain.text",
    "cchc_tui.domain.rules",
    "cchc_tui.domain.values",
    "cchc_tui.domain.validation",
    "cchc_tui.domain.interchange",
    "cchc_tui.template.loader",
    "cchc_tui.db.store",
    "cchc_tui.exports.atomic",
    "cchc_tui.cli",
    "cchc_tui.exports.xlsx",
    "cchc_tui.exports.docx",
    "cchc_tui.workspace",
    "cchc_tui.reports",
    "cchc_tui.domain.documents",
    "cchc_tui.office.importer",
    "cchc_tui.office.consolidate",
    "cchc_tui.office.cli",
    "cchc_tui.exports.package",
]


@pytest.mark.parametrize("module", HEADLESS)
def test_headless_module_does_not_import_textual(module: str) -> None:
    code = f"import sys, {module}; print(any(m.split('.')[0] == 'textual' for m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
