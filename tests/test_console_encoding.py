"""Every ``cchc`` command behind a pipe under a Vietnamese Windows code page (issue 12).

A Vietnamese-locale Windows gives a pipe or a redirected file the ANSI code page cp1258, which
has no precomposed Vietnamese letters; before ``cchc_tui.base.console`` ``cchc --help`` ended in
a traceback and ``cchc report list`` exited 1 with a "'charmap' codec" error. Here
``PYTHONIOENCODING=cp1258`` gives the same stream encoding on Linux, and stdout/stderr are pipes
(``capture_output``). Each command must print Vietnamese, print no traceback and exit with the
code the README gives it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from cchc_tui.cli.entry import build_parser
from cchc_tui.service.samples import sample_path
from tests.bundle_factory import BundleFactory, MadeBundle

VIETNAMESE = set("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĐ")


def cchc_cp1258(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """Run ``cchc ARGS`` with cp1258 pipes; bytes out, as a Windows pipe would carry them."""
    env = {**os.environ, "PYTHONIOENCODING": "cp1258"}
    return subprocess.run(
        [sys.executable, "-m", "cchc_tui.cli", *args],
        capture_output=True,
        env=env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


def assert_vietnamese_no_traceback(done: subprocess.CompletedProcess[bytes]) -> str:
    """Both streams decode (UTF-8, replacement allowed), some Vietnamese shows, no traceback."""
    text = done.stdout.decode("utf-8") + done.stderr.decode("utf-8")
    assert "Traceback" not in text and "UnicodeEncodeError" not in text, text
    assert VIETNAMESE & set(text.lower()) or "\ufffd" in text or "?" in text, text
    return text


def _help_pages(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _help_pages(sub, (*path, name))


def test_every_help_page_arrives_whole_through_a_cp1258_pipe(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")  # the same wrapping in this process and the child
    pages = list(_help_pages(build_parser()))
    assert ("office", "keys", "add") in dict(pages) and len(pages) > 20
    for path, parser in pages:
        done = cchc_cp1258(*path, "--help", cwd=tmp_path)
        assert done.returncode == 0, (path, done.stderr)
        assert "Traceback" not in done.stderr.decode("utf-8")
        assert done.stdout.decode("utf-8") == parser.format_help(), path
    top = cchc_cp1258("--help", cwd=tmp_path)
    assert "liệt kê các báo cáo mẫu" not in top.stdout.decode()  # sub-level text stays below
    assert "báo cáo mẫu" in top.stdout.decode("utf-8")


@pytest.fixture
def signed_bundle(tmp_path: Path) -> MadeBundle:
    """One signed bundle of the sample, as a commune would send it."""
    return BundleFactory(tmp_path / "usb", keys_folder=tmp_path / "keys").bundle(1)


def test_commands_print_vietnamese_with_their_exit_codes_through_a_cp1258_pipe(
    tmp_path: Path, signed_bundle: MadeBundle
) -> None:
    bundle, pem = str(signed_bundle.path), tmp_path / "unit.pem"
    pem.write_bytes(signed_bundle.public_pem)
    exported = tmp_path / "xuat.json"
    garbage = tmp_path / "rac.cchc.zip"
    garbage.write_bytes(b"not a zip")
    passphrase = tmp_path / "mat-khau.txt"
    passphrase.write_text("Mật khẩu của xã", encoding="utf-8")
    unit = signed_bundle.unit_code
    period = json.loads(sample_path().read_text(encoding="utf-8"))["period"]["code"]
    report = ["--db", str(tmp_path / "a.sqlite3")]
    office = ["--db", str(tmp_path / "office.sqlite3"), "office"]
    sign = ["signoff", "1", "--signer", "Trần Xuân Mãng", "--title", "CHỦ TỊCH"]
    # (arguments, exit code the README gives, a Vietnamese phrase the officer must see)
    cases: list[tuple[list[str], int, str]] = [
        ([*report, "report", "list"], 0, "Chưa có báo cáo nào"),
        ([*report, "sample", "list"], 0, "Bình Lãng"),
        ([*report, "sample", "load"], 0, "Đã nạp báo cáo mẫu: mã báo cáo 1"),
        ([*report, "sample", "load"], 0, "đã có sẵn"),
        ([*report, "report", "list"], 0, "Bình Lãng"),
        ([*report, "report", "export-json", "1", str(exported)], 0, "Đã xuất báo cáo 1"),
        ([*report, "check", str(exported)], 1, "1 lỗi"),
        ([*report, "check", str(tmp_path / "không-có.json")], 2, "Lỗi:"),
        ([*report, "templates", "list"], 0, "Báo cáo kết quả thực hiện công tác cải cách"),
        ([*report, "keys", "show"], 1, "Chưa có khóa ký nào"),
        ([*report, *sign], 2, "Lỗi: Cần mật khẩu khóa ký"),  # a missing input, like argparse
        ([*report, *sign, "--passphrase-file", str(passphrase)], 1, "BM3/1.1"),
        ([*report, "bundle", "verify", bundle, "--key", str(pem)], 0, "Gói hợp lệ"),
        ([*report, "bundle", "verify", str(garbage)], 2, "Gói KHÔNG hợp lệ"),
        ([*office, "status", "--period", period], 0, "Cơ quan chưa biết đơn vị nào"),
        ([*office, "keys", "add", unit, str(pem), "--name", "Xã Bình Lãng"], 0, unit),
        ([*office, "import", bundle], 0, "[ĐÃ NHẬP]"),
        ([*office, "status", "--period", period], 0, "Đã nộp"),
    ]
    for args, code, phrase in cases:
        done = cchc_cp1258(*args, cwd=tmp_path)
        text = assert_vietnamese_no_traceback(done)
        assert done.returncode == code, (args, text)
        assert phrase in text, (args, text)
