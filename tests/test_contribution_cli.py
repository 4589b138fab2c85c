"""``cchc report assign/package/audit`` and ``cchc contribution …`` as real subprocesses, on three
databases and a USB folder, the way the compiler and the officers would type them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from cchc_tui.service.reports import ReportService
from tests.ui_helpers import stored_value


def cchc(
    db: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "cchc_tui.cli", "--db", str(db), *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env)


def test_the_whole_round_on_the_command_line(tmp_path: Path) -> None:
    compiler, officer, usb = tmp_path / "c.sqlite3", tmp_path / "a.sqlite3", tmp_path / "usb"
    usb.mkdir()
    assert cchc(compiler, "sample", "load").returncode == 0
    done = cchc(compiler, "report", "assign", "1", "BM3", "Nguyễn Thị An")
    assert done.returncode == 0 and "Đã giao Biểu mẫu 3" in done.stdout, done.stderr
    wrong = cchc(compiler, "report", "assign", "1", "BM99", "Nguyễn Thị An")
    assert wrong.returncode == 2 and "Các phần có thể giao" in wrong.stderr
    assert "Traceback" not in wrong.stderr
    sent = cchc(compiler, "report", "package", "1", "--out", str(usb))
    assert sent.returncode == 0 and "Đã ghi 1 gói giao việc." in sent.stdout, sent.stderr
    [package] = usb.glob("*.cchc-giaoviec.zip")
    progress = cchc(compiler, "report", "assignments", "1")
    assert "Nguyễn Thị An" in progress.stdout and "đã gửi" in progress.stdout

    opened = cchc(officer, "contribution", "open", str(package))
    assert opened.returncode == 0 and "bản làm việc số 1" in opened.stdout, opened.stderr
    service = ReportService.open(officer, who="Nguyễn Thị An — Tư pháp")
    try:
        service.open_report(1).enter_value("BM3/1.2", "6")
    finally:
        service.close()
    service = ReportService.open(compiler, who="Trần Văn Tổng — Văn phòng")
    try:
        service.open_report(1).enter_value("BM3/1.2", "7")
    finally:
        service.close()
    written = cchc(officer, "contribution", "export", "1", "--out", str(usb))
    assert written.returncode == 0 and "lần thứ 1 (1 mục đã thay đổi)" in written.stdout

    received = cchc(compiler, "contribution", "import", str(usb))
    assert received.returncode == 0, received.stderr
    assert "[ĐÃ GỘP]" in received.stdout and "còn 1 xung đột" in received.stdout
    again = cchc(compiler, "contribution", "import", str(usb))
    assert "[ĐÃ CÓ]" in again.stdout and again.returncode == 0
    listed = cchc(compiler, "contribution", "conflicts", "1")
    assert "của tôi: 7" in listed.stdout and "của Nguyễn Thị An: 6" in listed.stdout
    conflict_id = listed.stdout.split(".", 1)[0].strip()
    resolved = cchc(compiler, "contribution", "resolve", conflict_id, "lay")
    assert resolved.returncode == 0, resolved.stderr
    assert stored_value(compiler, 1, "BM3/1.2") == "6"
    twice = cchc(compiler, "contribution", "resolve", conflict_id, "giu")
    assert twice.returncode == 1 and "không còn chờ quyết định" in twice.stderr
    log = cchc(compiler, "report", "audit", "1")
    assert "Nguyễn Thị An — Tư pháp" in log.stdout and "7 → 6" in log.stdout
    decided = next(line for line in log.stdout.splitlines() if "quyết định" in line)
    assert "giá trị BM3/1.2" in decided and "(trống) → lấy của người gửi" in decided
    assert "báo cáo nhập" in log.stdout  # the codes the trail stores, in words
    assert "theirs" not in log.stdout and "import" not in log.stdout


def test_a_refused_contribution_exits_1_and_names_the_file(tmp_path: Path) -> None:
    compiler, usb = tmp_path / "c.sqlite3", tmp_path / "usb"
    usb.mkdir()
    (usb / "hong.cchc-donggop.zip").write_bytes(b"PK\x03\x04 not a zip")
    assert cchc(compiler, "sample", "load").returncode == 0
    done = cchc(compiler, "contribution", "import", str(usb))
    assert done.returncode == 1
    assert "[TỪ CHỐI] hong.cchc-donggop.zip" in done.stdout and "Traceback" not in done.stderr


def test_a_folder_of_packages_opens_the_one_named_for_the_declared_officer(
    tmp_path: Path,
) -> None:
    compiler, officer, usb = tmp_path / "c.sqlite3", tmp_path / "b.sqlite3", tmp_path / "usb"
    usb.mkdir()
    assert cchc(compiler, "sample", "load").returncode == 0
    assert cchc(compiler, "report", "assign", "1", "BM3", "Nguyễn Thị An").returncode == 0
    assert cchc(compiler, "report", "assign", "1", "BM7", "Lê Văn Bình").returncode == 0
    assert cchc(compiler, "report", "package", "1", "--out", str(usb)).returncode == 0
    names = sorted(p.name for p in usb.glob("*.cchc-giaoviec.zip"))
    assert len(names) == 2
    config = tmp_path / "config"
    env = {**os.environ, "XDG_CONFIG_HOME": str(config)}
    unnamed = cchc(officer, "contribution", "open", str(usb), env=env)
    assert unnamed.returncode != 0 and "có 2 gói giao việc" in unnamed.stderr
    assert all(name in unnamed.stderr for name in names) and "Traceback" not in unnamed.stderr
    settings = config / "cchc-tui" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"officer_name": "Lê Văn Bình"}), encoding="utf-8")
    named = cchc(officer, "contribution", "open", str(usb), env=env)
    assert named.returncode == 0, named.stderr
    assert "Lê Văn Bình phụ trách BM7" in named.stdout
