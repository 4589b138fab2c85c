"""The one-folder build (PyInstaller, packaging/cchc.spec) and where Alembic finds its scripts.

Before issue 12 a PyInstaller build stopped at ``cchc sample load`` with Alembic's English
"Please use the 'init' command": the migration scripts were not on disk in the build. The spec
now puts them in as source files and ``db.engine.migrations_dir`` finds them in the bundle.
The build test makes the real build here (about 30 s) and runs it as an officer would: sample,
export, check, a signed bundle made, exported and verified, and the TUI's first screen on a
pseudo-terminal.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cchc_tui import messages as msg
from cchc_tui.db import engine
from cchc_tui.db.engine import StoreError, open_database
from cchc_tui.domain.interchange import dumps_report
from cchc_tui.template.loader import get_template
from tests.bundle_factory import BundleFactory
from tests.test_crash_safety import START_TIMEOUT, PtyApp

ROOT = Path(__file__).resolve().parent.parent


def test_migrations_are_found_in_a_pyinstaller_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = tmp_path / "_internal"
    shutil.copytree(
        ROOT / "cchc_tui" / "db" / "migrations",
        bundle / "cchc_tui" / "db" / "migrations",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    assert engine.migrations_dir() == bundle / "cchc_tui" / "db" / "migrations"
    store = open_database(tmp_path / "a.sqlite3")
    store.close()


def test_a_build_without_migrations_says_so_in_vietnamese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "_internal"), raising=False)
    with pytest.raises(StoreError) as caught:
        open_database(tmp_path / "a.sqlite3")
    folder = tmp_path / "_internal" / "cchc_tui" / "db" / "migrations"
    assert msg.DB_MIGRATIONS_MISSING.format(folder=folder) in str(caught.value)
    assert "init" not in str(caught.value)


@pytest.fixture(scope="module")
def frozen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The one-folder build made from packaging/cchc.spec; returns its ``cchc`` program."""
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.skip('PyInstaller is not installed: pip install -c constraints.txt -e ".[build]"')
    work = tmp_path_factory.mktemp("pyinstaller")
    done = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
        + ["--distpath", str(work / "dist"), "--workpath", str(work / "build")]
        + [str(ROOT / "packaging" / "cchc.spec")],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=work,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    program = work / "dist" / "cchc" / "cchc"
    assert program.is_file()
    assert (work / "dist" / "cchc" / "_internal" / "cchc_tui" / "db" / "migrations").is_dir()
    return program


@pytest.mark.kit
def test_the_one_folder_build_does_an_officers_round(frozen: Path, tmp_path: Path) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "CCHC_DB": str(tmp_path / "xa.sqlite3"),
    }

    def cchc(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(frozen), *args],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )

    loaded = cchc("sample", "load")
    assert loaded.returncode == 0 and "mã báo cáo 1" in loaded.stdout, loaded.stderr
    assert cchc("report", "export-json", "1", "xuat.json").returncode == 0
    checked = cchc("check", "xuat.json")
    assert checked.returncode == 1 and "1 lỗi" in checked.stdout, checked.stderr

    # A complete report: import, sign off (key made), export the bundle, verify it.
    factory = BundleFactory(tmp_path / "usb", keys_folder=tmp_path / "factory-keys")
    report = factory.report(2)
    ready = tmp_path / "du.json"
    ready.write_text(dumps_report(report, get_template(report.template_id)), encoding="utf-8")
    env["CCHC_DB"] = str(tmp_path / "du.sqlite3")
    assert cchc("report", "import-json", str(ready)).returncode == 0
    secret = tmp_path / "mat-khau.txt"
    secret.write_text("Mật khẩu thử của xã", encoding="utf-8")
    signed = cchc(
        "signoff", "1", "--signer", report.signature.name, "--title", "CHỦ TỊCH",
        "--number", "12", "--date", "09/12/2023", "--passphrase-file", str(secret),
    )  # fmt: skip
    assert signed.returncode == 0, signed.stderr
    (tmp_path / "out").mkdir()
    exported = cchc("bundle", "export", "1", "--out", "out", "--passphrase-file", str(secret))
    assert exported.returncode == 0 and "đọc lại kiểm tra: đúng" in exported.stdout
    [bundle] = (tmp_path / "out").glob("*.cchc.zip")
    unverified = cchc("bundle", "verify", str(bundle))
    assert unverified.returncode == 1 and "CHƯA XÁC THỰC" in unverified.stdout
    verified = cchc("bundle", "verify", str(bundle), "--allow-unverified")
    assert verified.returncode == 0 and "Gói nguyên vẹn" in verified.stdout, verified.stdout
    assert "forms.xlsx" in verified.stdout and "report.docx" in verified.stdout
    assert all("Traceback" not in p.stderr for p in (loaded, checked, signed, exported))

    # The TUI on an 80×24 terminal shows its home screen with the report list.
    env["CCHC_DB"] = str(tmp_path / "xa.sqlite3")
    app = PtyApp([str(frozen)], env)
    try:
        app.wait_text("Báo cáo cải cách hành chính", START_TIMEOUT)
        app.wait_text("Xã Bình Lãng", START_TIMEOUT)
        app.send("\x11")  # Ctrl+Q
        assert app.proc.wait(timeout=15) == 0
    finally:
        app.close()
