"""Every shipped template checks and every shipped sample loads, by name, through the CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import cchc_tui
from cchc_tui.service.samples import sample_names
from cchc_tui.template.loader import builtin_templates

TEMPLATES = Path(cchc_tui.__file__).parent / "data" / "templates"


def cchc(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cchc_tui.cli", *args], capture_output=True, text=True, timeout=120
    )


def test_four_templates_are_listed_and_each_checks() -> None:
    assert len(builtin_templates()) == 4
    listing = cchc("templates", "list").stdout
    for full_id in builtin_templates():
        assert full_id in listing
    for path in sorted(TEMPLATES.glob("*.yaml")):
        done = cchc("templates", "check", str(path))
        assert done.returncode == 0, done.stderr


def test_each_sample_loads_by_name(tmp_path: Path) -> None:
    names = sample_names()
    assert len(names) == 4 and names[0] == "binh-lang-2023"
    db = str(tmp_path / "all.sqlite3")
    for number, name in enumerate(names, 1):
        done = cchc("--db", db, "sample", "load", "--name", name)
        assert done.returncode == 0, done.stderr
        assert f"mã báo cáo {number}" in done.stdout
    listing = cchc("report", "list", "--db", db).stdout
    for unit in ("Bình Lãng", "Trường Thi", "Thanh Xá", "Quảng Nghiệp"):
        assert unit in listing
    unknown = cchc("sample", "load", "--name", "khong-co", "--db", db)
    assert unknown.returncode == 2 and "binh-lang-2023" in unknown.stderr
