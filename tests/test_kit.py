"""The offline USB install kit (tools/build_kit.py), built here from the lock (issue 12).

* The kit for this machine is built, then installed into a fresh folder inside a network
  namespace without network (``unshare -n``) and the installed ``cchc`` loads the sample and
  checks an exported report. A damaged or padded kit is refused before anything is installed.
* The ``win_amd64`` kit is built here too (wheels only, from the package index) and its
  ``install.bat`` and ``HUONG-DAN.txt`` are read back for what they run and how Windows will
  read them. Nothing runs on Windows here: see README, "What was tried on Windows".

Building needs the package index (pip download); these tests are marked ``kit`` and CI runs
them (``pytest -m "not kit"`` leaves them out while working).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.test_dependencies import lock_sections
from tools.wheels import read_wheel

ROOT = Path(__file__).resolve().parent.parent
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
BASE_PYTHON = getattr(sys, "_base_executable", sys.executable)
"""The machine's own Python (not this test venv's), as the PC's Python would be."""

pytestmark = pytest.mark.kit


def build(platform: str, out: Path) -> str:
    """Build the kit for ``platform`` into ``out``; returns what the builder printed."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_kit.py"), "--platform", platform]
        + ["--out", str(out)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def clean_env(home: Path) -> dict[str, str]:
    """A bare environment, plus pip settings that would break the install if it read them."""
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "PYTHON": BASE_PYTHON,
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "PIP_CONSTRAINT": str(home / "no-such-constraints.txt"),
        "PIP_FIND_LINKS": str(home / "no-such-wheels"),
    }


def offline(argv: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``argv`` in a new network namespace: no network at all, loopback down."""
    return subprocess.run(
        ["unshare", "-n", *argv], env=env, cwd=cwd, capture_output=True, text=True, timeout=600
    )


@pytest.fixture(scope="module")
def native_kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("kit") / "cchc-kit-native"
    printed = build("native", out)
    assert re.search(r"kit for native: \d+ wheels", printed), printed
    return out


def test_native_kit_installs_and_runs_without_network(native_kit: Path, tmp_path: Path) -> None:
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip(f"unshare -n is not permitted here: {probe.stderr.strip()}")
    home = tmp_path / "home"
    home.mkdir()
    env = clean_env(home)
    no_net = offline(
        [BASE_PYTHON, "-c", "import socket; socket.create_connection(('1.1.1.1', 443), 3)"],
        env,
        tmp_path,
    )
    assert no_net.returncode != 0 and "Network is unreachable" in no_net.stderr

    dest = tmp_path / "Phần mềm" / "cchc-tui"  # a Vietnamese folder name, as a PC may have
    installed = offline(["sh", str(native_kit / "install.sh"), str(dest)], env, tmp_path)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert "Bộ cài nguyên vẹn" in installed.stdout
    assert "Successfully installed" in installed.stdout
    assert f"cchc-tui-{VERSION}" in installed.stdout
    assert "Đã cài xong" in installed.stdout

    cchc = str(dest / "venv" / "bin" / "cchc")
    env["CCHC_DB"] = str(tmp_path / "xa.sqlite3")
    listing = offline([cchc, "templates", "list"], env, tmp_path)
    assert listing.returncode == 0 and "hai-duong/xa/cchc-nam@2023" in listing.stdout
    loaded = offline([cchc, "sample", "load"], env, tmp_path)
    assert loaded.returncode == 0 and "mã báo cáo 1" in loaded.stdout, loaded.stderr
    exported = offline([cchc, "report", "export-json", "1", "xuat.json"], env, tmp_path)
    assert exported.returncode == 0, exported.stderr
    checked = offline([cchc, "check", "xuat.json"], env, tmp_path)
    assert checked.returncode == 1 and "1 lỗi" in checked.stdout, checked.stderr  # BM3/1.1
    assert "Traceback" not in checked.stderr

    again = offline(["sh", str(native_kit / "install.sh"), str(dest)], env, tmp_path)
    assert again.returncode == 0, again.stderr  # running the kit again (an update) is fine
    assert offline([cchc, "report", "list"], env, tmp_path).stdout.count("Bình Lãng") == 1


def test_a_damaged_or_padded_kit_is_refused_before_installing(
    native_kit: Path, tmp_path: Path
) -> None:
    env = clean_env(tmp_path)
    damaged = tmp_path / "hong"
    shutil.copytree(native_kit, damaged)
    wheel = next(damaged.glob("wheelhouse/textual-*.whl"))
    data = bytearray(wheel.read_bytes())
    data[len(data) // 2] ^= 0xFF
    wheel.write_bytes(bytes(data))
    (damaged / "wheelhouse" / "extra-1.0-py3-none-any.whl").write_bytes(b"x")
    (damaged / "HUONG-DAN.txt").unlink()
    done = subprocess.run(
        ["sh", str(damaged / "install.sh"), str(tmp_path / "app")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "Bộ cài KHÔNG nguyên vẹn" in done.stdout
    assert f"Tệp bị hỏng hoặc bị sửa: wheelhouse/{wheel.name}" in done.stdout
    assert "Tệp lạ, không thuộc bộ cài: wheelhouse/extra-1.0-py3-none-any.whl" in done.stdout
    assert "Thiếu tệp: HUONG-DAN.txt" in done.stdout
    assert not (tmp_path / "app").exists()  # nothing was created


def test_win_amd64_kit_is_built_from_the_lock(tmp_path: Path) -> None:
    kit = tmp_path / "cchc-kit-win"
    printed = build("win_amd64", kit)
    wheels = sorted((kit / "wheelhouse").glob("*.whl"))
    assert all(w.name.endswith(("-win_amd64.whl", "-none-any.whl")) for w in wheels), [
        w.name for w in wheels
    ]
    versions = {read_wheel(w).name: read_wheel(w).version for w in wheels}
    assert versions == {**lock_sections()["runtime"], "cchc-tui": VERSION}
    size = sum(w.stat().st_size for w in wheels)
    assert f"kit for win_amd64: {len(wheels)} wheels, {size / 1e6:.1f} MB" in printed

    sums = (kit / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    listed = {line.split("  ", 1)[1] for line in sums}
    on_disk = {p.relative_to(kit).as_posix() for p in kit.rglob("*") if p.is_file()}
    assert listed == on_disk - {"SHA256SUMS"}

    # The Windows kit's own check refuses this Linux Python before anything else.
    verify = subprocess.run(
        [BASE_PYTHON, str(kit / "verify_kit.py")], capture_output=True, text=True, timeout=60
    )
    assert verify.returncode == 1 and "Bộ cài này dành cho Windows 64-bit." in verify.stdout
    check_install_bat(kit)
    check_windows_text(kit)


def _bat_lines(path: Path) -> list[str]:
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf"), f"{path.name}: a BOM breaks cmd's first line"
    assert b"\n" not in data.replace(b"\r\n", b""), f"{path.name}: every line must end in CRLF"
    lines = data.decode("utf-8").split("\r\n")
    chcp = lines.index("chcp 65001 >nul")
    assert lines[0] == "@echo off" and chcp == 1
    assert all(ch.isascii() for line in lines[:chcp] for ch in line)
    # Vietnamese (non-ASCII) only in lines that print it, after the code page is UTF-8.
    for line in lines:
        if not line.isascii():
            assert line.startswith(("echo ", "title ")), line
    labels = {line[1:] for line in lines if re.fullmatch(r":\w+", line)}
    jumps = {m for line in lines for m in re.findall(r"(?:goto |call :)(\w+)", line)}
    assert jumps <= labels, jumps - labels
    return lines


def check_install_bat(kit: Path) -> None:
    """What install.bat runs, in which order, and that it reads as cmd.exe will read it."""
    lines = _bat_lines(kit / "install.bat")
    commands = [line for line in lines if line and not line.lower().startswith(("rem", "echo"))]

    def at(pattern: str) -> int:
        hits = [i for i, line in enumerate(commands) if re.search(pattern, line)]
        assert len(hits) == 1, (pattern, hits)
        return hits[0]

    find_py = at(r'py -3\.11 -X utf8 -c "import sys; print\(sys\.executable\)"')
    python_setup = at(r'"%PYSETUP%" /passive InstallAllUsers=0 Include_launcher=1 .*PrependPath=0')
    verify = at(r'^"%PY%" "%KIT%verify_kit\.py"$')
    venv = at(r'^"%PY%" -m venv "%DEST%\\venv"$')
    no_config = at(r'^set "PIP_CONFIG_FILE=nul"$')
    install = at(
        r'^"%DEST%\\venv\\Scripts\\python\.exe" -m pip --isolated --disable-pip-version-check '
        r'install --no-index --find-links "%KIT%wheelhouse" -c "%KIT%constraints\.txt" '
        rf'--upgrade "cchc-tui=={re.escape(VERSION)}"$'
    )
    smoke = at(r'^"%DEST%\\venv\\Scripts\\cchc\.exe" templates list$')
    shortcut = at(r'^copy /y "%KIT%cchc\.bat" "%DEST%\\cchc\.bat" >nul$')
    assert python_setup < find_py  # :find_python is a subroutine after the main steps
    assert python_setup < verify < venv < no_config < install < smoke < shortcut
    # Each step that can fail is followed by a check of its exit code.
    for step in (verify, venv, install, smoke, shortcut):
        assert commands[step + 1] == "if errorlevel 1 goto failed", commands[step]
    assert commands[at(r'^if "%DEST%"==""')].endswith(
        'set "DEST=%LOCALAPPDATA%\\Programs\\cchc-tui"'
    )
    assert '  echo @call "%DEST%\\cchc.bat" %%*' in lines
    # Nothing reaches the network: no index, no URL, no download.
    text = "\n".join(commands)
    assert "http" not in text and "--index-url" not in text and "download" not in text

    cchc = _bat_lines(kit / "cchc.bat")
    assert '"%APP%" %*' in cchc
    assert 'set "APP=%~dp0venv\\Scripts\\cchc.exe"' in cchc


def check_windows_text(kit: Path) -> None:
    """HUONG-DAN.txt: UTF-8 with BOM, CRLF, and what the IT helper needs to know."""
    data = (kit / "HUONG-DAN.txt").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in data.replace(b"\r\n", b"")
    text = data[3:].decode("utf-8")
    for needed in (
        "python-3.11.9-amd64.exe",
        "CÙNG THƯ MỤC",
        r"%LOCALAPPDATA%\cchc-tui",
        r"%LOCALAPPDATA%\Programs\cchc-tui\venv",
        "keys\\",
        "CẬP NHẬT PHIÊN BẢN MỚI",
        "SHA256SUMS",
        "Windows 10/11 64-bit",
        f"cchc-tui {VERSION}",
    ):
        assert needed in text, needed
    assert re.search(r"@[A-Z_]+@", text) is None  # every placeholder filled
