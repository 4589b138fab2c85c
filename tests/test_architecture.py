"""The architecture is enforced: import-linter's contracts (``pyproject.toml``) hold on the real
tree, and a module that breaks one makes ``lint-imports`` fail (as it does in ``.ci/run``)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import cchc_tui

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = Path(cchc_tui.__file__).resolve().parent


def lint_imports() -> subprocess.CompletedProcess[str]:
    """Run import-linter on the checkout, without its cache (it must see new files)."""
    code = "import sys; from importlinter.cli import lint_imports_command as c; sys.exit(c())"
    return subprocess.run(
        [sys.executable, "-c", code, "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def intruder() -> Iterator[Path]:
    """A temporary module inside the package, removed whatever happens."""
    path = PACKAGE / "domain" / "_contract_breaker.py"
    assert not path.exists()
    yield path
    path.unlink(missing_ok=True)


def test_the_contracts_hold_on_the_real_tree() -> None:
    done = lint_imports()
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_textual_imported_from_the_domain_breaks_the_build(intruder: Path) -> None:
    intruder.write_text('"""Breaks a contract on purpose."""\n\nimport textual  # noqa: F401\n')
    done = lint_imports()
    assert done.returncode != 0
    assert "cchc_tui.domain is not allowed to import textual" in done.stdout


def test_an_upward_import_breaks_the_layers(intruder: Path) -> None:
    intruder.write_text(
        '"""Breaks a contract on purpose."""\n\nimport cchc_tui.service.reports  # noqa: F401\n'
    )
    done = lint_imports()
    assert done.returncode != 0
    assert "Layers: each package imports only the ones below it (no circles) BROKEN" in " ".join(
        done.stdout.split()
    )
