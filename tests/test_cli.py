"""The ``cchc`` command line, run as a real subprocess the way an officer would."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from cchc_tui.service.samples import sample_path


def cchc(*args: str, db: Path | None = None) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "cchc_tui.cli"]
    if db is not None:
        cmd += ["--db", str(db)]
    return subprocess.run([*cmd, *args], capture_output=True, text=True, timeout=120)


def test_sample_load_list_export_import(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite3"
    loaded = cchc("sample", "load", db=db)
    assert loaded.returncode == 0, loaded.stderr
    assert "mã báo cáo 1" in loaded.stdout
    again = cchc("sample", "load", db=db)
    assert "đã có sẵn" in again.stdout
    listing = cchc("report", "list", db=db)
    assert "Bình Lãng" in listing.stdout and "2023-nam" in listing.stdout
    out = tmp_path / "out.json"
    exported = cchc("report", "export-json", "1", str(out), db=db)
    assert exported.returncode == 0, exported.stderr
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(
        sample_path().read_text(encoding="utf-8")
    )
    other = tmp_path / "b.sqlite3"
    imported = cchc("report", "import-json", str(out), db=other)
    assert imported.returncode == 0 and "mã báo cáo 1" in imported.stdout


def test_check_sample_lists_real_findings_and_exits_1() -> None:
    done = cchc("check", str(sample_path()), "--json")
    assert done.returncode == 1
    result = json.loads(done.stdout)
    ids = {f["id"] for f in result["findings"]}
    assert {"derived:BM6/1", "missing:BM3/1.1", "derived:BM7/6.4"} <= ids
    assert "doc_count:BM1/1" not in ids  # the appendix lists the 45 documents row 1 counts
    assert result["errors"] == 1
    text = cchc("check", str(sample_path()))
    assert "BM6/1" in text.stdout and "6,02" in text.stdout and "1 lỗi" in text.stdout


def test_check_exit_0_when_no_errors(tmp_path: Path) -> None:
    data = json.loads(sample_path().read_text(encoding="utf-8"))
    data["values"]["BM3/1.1"] = 0
    fixed = tmp_path / "fixed.json"
    fixed.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert cchc("check", str(fixed)).returncode == 0


def test_check_unreadable_file_exits_2_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    for target in (bad, tmp_path / "missing.json"):
        done = cchc("check", str(target))
        assert done.returncode == 2
        assert done.stderr.startswith("Lỗi:") and "Traceback" not in done.stderr


def test_import_refuses_bad_values_and_changes_nothing(tmp_path: Path) -> None:
    data = json.loads(sample_path().read_text(encoding="utf-8"))
    data["values"]["BM1/2.1"] = -35
    bad = tmp_path / "neg.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    db = tmp_path / "c.sqlite3"
    done = cchc("report", "import-json", str(bad), db=db)
    assert done.returncode == 2 and "BM1/2.1" in done.stderr and "âm" in done.stderr
    assert "Chưa có báo cáo nào" in cchc("report", "list", db=db).stdout


def test_templates_list_and_check(tmp_path: Path) -> None:
    listing = cchc("templates", "list")
    assert "hai-duong/xa/cchc-nam@2023" in listing.stdout
    shipped = Path(sample_path()).parents[1] / "templates" / "hai-duong_xa_cchc-nam_2023.yaml"
    ok = cchc("templates", "check", str(shipped))
    assert ok.returncode == 0 and "7 biểu mẫu" in ok.stdout
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        shipped.read_text(encoding="utf-8").replace(
            'derive: "ratio({3.1.2}, {3.1.1})"', 'derive: "ratio({3.1.2}, {3.1.9})"'
        ),
        encoding="utf-8",
    )
    done = cchc("templates", "check", str(broken))
    assert done.returncode == 2
    assert "broken.yaml" in done.stderr and "BM3/3.1.9" in done.stderr


def test_version_from_both_entry_points() -> None:
    from cchc_tui import __version__

    for cmd in (["-m", "cchc_tui", "--version"], ["-m", "cchc_tui.cli", "--version"]):
        done = subprocess.run([sys.executable, *cmd], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0 and done.stdout.strip() == f"cchc {__version__}"


def test_argparse_speaks_vietnamese() -> None:
    helped = cchc("--help")
    assert helped.returncode == 0
    assert helped.stdout.startswith("Cách dùng: cchc")
    assert "tùy chọn" in helped.stdout and "in hướng dẫn này rồi thoát" in helped.stdout
    assert "usage:" not in helped.stdout and "options" not in helped.stdout
    missing = cchc("signoff", "1")
    assert missing.returncode == 2
    assert "cchc signoff: lỗi: thiếu tham số bắt buộc: --signer, --title" in missing.stderr
    wrong = cchc("report", "reopen", "một", "--reason", "x")
    assert wrong.returncode == 2 and "“một” không phải số nguyên" in wrong.stderr
    unknown = cchc("report", "xoa")
    assert unknown.returncode == 2 and "lựa chọn không có: 'xoa'" in unknown.stderr


def test_info_names_every_place_the_app_keeps_files(tmp_path: Path) -> None:
    db = tmp_path / "info.sqlite3"
    done = cchc("info", db=db)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert any(line.startswith("Cơ sở dữ liệu") and str(db) in line for line in lines)
    assert any(line.startswith("Tệp nhật ký") and line.endswith("cchc.log") for line in lines)
    assert any(line.startswith("Thư mục khóa ký") for line in lines)
    assert "  hai-duong/xa/cchc-nam@2023 — " in done.stdout
    assert not db.exists()  # info opens no database
