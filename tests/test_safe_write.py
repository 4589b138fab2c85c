"""Writing the bundle to a USB stick: full, read-only, pulled out — never a half file.

A stick that fills up is simulated by wrapping the file the writer opens (after N real bytes it
raises ENOSPC, leaving a real partial ``.part``) and, on POSIX, by a ``.part`` that is a symlink
to ``/dev/full`` (the kernel's own ENOSPC). A pulled stick is a folder removed from inside the
progress callback. Root ignores permission bits, so the read-only case is also simulated.
"""

from __future__ import annotations

import errno
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from cchc_tui import messages as msg
from cchc_tui.base import atomic
from cchc_tui.base.atomic import ExportWriteError, write_bundle

NAME = "31.BL_2023_r2.cchc.zip"
DATA = bytes(range(256)) * 4096  # 1 MiB: four chunks


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


class FillsUp:
    """A file object that accepts ``limit`` bytes, then fails like a full disk."""

    def __init__(self, real: Any, limit: int, code: int = errno.ENOSPC) -> None:
        self.real, self.limit, self.code, self.written = real, limit, code, 0

    def write(self, chunk: Any) -> int:
        room = self.limit - self.written
        if len(chunk) > room:
            self.real.write(chunk[:room])
            self.real.flush()
            self.written += room
            raise OSError(self.code, os.strerror(self.code))
        self.written += len(chunk)
        return int(self.real.write(chunk))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def __enter__(self) -> FillsUp:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.real.close()


def patch_open(monkeypatch: pytest.MonkeyPatch, make: Any) -> list[Path]:
    """Route the writer's ``open(..., "wb")`` through ``make(real_file)``; returns opened paths."""
    opened: list[Path] = []

    def fake_open(path: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        real = open(path, mode, *args, **kwargs)  # noqa: SIM115 - closed by the writer
        if "w" in mode:
            opened.append(Path(path))
            return make(real)
        return real

    monkeypatch.setattr(atomic, "open", fake_open, raising=False)
    return opened


# --- Success -------------------------------------------------------------------------------------


def test_success_writes_exactly_the_bytes_and_leaves_no_part(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    path = write_bundle(
        tmp_path, NAME, DATA, progress=lambda done, total: seen.append((done, total))
    )
    assert path == tmp_path / NAME
    assert path.read_bytes() == DATA
    assert leftovers(tmp_path) == [NAME]
    assert seen[0] == (0, len(DATA)) and seen[-1] == (len(DATA), len(DATA))
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert len(seen) == 1 + len(DATA) // atomic.CHUNK


def test_rewrite_replaces_the_old_file_and_a_stale_part(tmp_path: Path) -> None:
    (tmp_path / NAME).write_bytes(b"old export")
    (tmp_path / (NAME + ".part")).write_bytes(b"left by a crash")
    write_bundle(str(tmp_path), NAME, b"new")
    assert (tmp_path / NAME).read_bytes() == b"new"
    assert leftovers(tmp_path) == [NAME]


def test_empty_data_is_written(tmp_path: Path) -> None:
    assert write_bundle(tmp_path, NAME, b"").read_bytes() == b""


@pytest.mark.parametrize("name", ["", "..", "a/b", "a\\b", "C:x", "x\0y"])
def test_name_must_be_a_plain_file_name(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError):
        write_bundle(tmp_path, name, b"x")


# --- Prechecks -----------------------------------------------------------------------------------


def test_free_space_is_checked_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    usage = shutil.disk_usage(tmp_path)
    fake = type(usage)(total=usage.total, used=usage.total, free=len(DATA) + 1000)
    monkeypatch.setattr(shutil, "disk_usage", lambda _path: fake)
    with pytest.raises(ExportWriteError) as caught:
        write_bundle(tmp_path, NAME, DATA)
    assert caught.value.kind == "no_space"
    assert str(caught.value) == msg.WRITE_NO_SPACE.format(needed="2 MB", free="1 MB")
    assert leftovers(tmp_path) == []


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(ExportWriteError) as caught:
        write_bundle(tmp_path / "E:" / "gone", NAME, DATA)
    assert caught.value.kind == "missing"
    assert "Kiểm tra USB đã cắm chắc chưa" in str(caught.value)
    (tmp_path / "file").write_bytes(b"")
    with pytest.raises(ExportWriteError) as not_folder:
        write_bundle(tmp_path / "file", NAME, DATA)
    assert not_folder.value.kind == "not_folder"


def test_folder_reported_not_writable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "access", lambda *_args, **_kw: False)
    with pytest.raises(ExportWriteError) as caught:
        write_bundle(tmp_path, NAME, DATA)
    assert caught.value.kind == "read_only"
    assert "chỉ đọc" in str(caught.value)
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(
    sys.platform == "win32" or os.geteuid() == 0, reason="needs POSIX permissions and non-root"
)
def test_real_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(ExportWriteError) as caught:
            write_bundle(folder, NAME, DATA)
    finally:
        folder.chmod(0o755)
    assert caught.value.kind == "read_only"
    assert leftovers(folder) == []


# --- Failures during the write -------------------------------------------------------------------


def test_disk_full_mid_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened = patch_open(monkeypatch, lambda real: FillsUp(real, limit=300_000))
    (tmp_path / "other.txt").write_bytes(b"keep me")
    with pytest.raises(ExportWriteError) as caught:
        write_bundle(tmp_path, NAME, DATA)
    assert opened == [tmp_path / (NAME + ".part")]
    assert caught.value.kind == "full" and caught.value.errno == errno.ENOSPC
    assert str(caught.value) == msg.WRITE_DISK_FULL.format(name=NAME)
    assert "đã đầy" in str(caught.value)
    assert leftovers(tmp_path) == ["other.txt"]


def test_disk_full_keeps_an_earlier_complete_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / NAME).write_bytes(b"earlier complete export")
    patch_open(monkeypatch, lambda real: FillsUp(real, limit=10))
    with pytest.raises(ExportWriteError):
        write_bundle(tmp_path, NAME, DATA)
    assert (tmp_path / NAME).read_bytes() == b"earlier complete export"
    assert leftovers(tmp_path) == [NAME]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_kernel_enospc_from_dev_full(tmp_path: Path) -> None:
    (tmp_path / (NAME + ".part")).symlink_to("/dev/full")
    with pytest.raises(ExportWriteError) as caught:
        write_bundle(tmp_path, NAME, DATA)
    assert caught.value.kind == "full"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES])
def test_read_only_target_during_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    patch_open(monkeypatch, lambda real: FillsUp(real, limit=0, code=code))
    with pytest.raises(ExportWriteError) as caught:
        write_bundle(tmp_path, NAME, DATA)
    assert caught.value.kind == "read_only"
    assert str(caught.value) == msg.WRITE_READ_ONLY_DURING.format(name=NAME)
    assert leftovers(tmp_path) == []


def test_stick_pulled_out_mid_write(tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()

    def pull(done: int, total: int) -> None:
        if done >= atomic.CHUNK and usb.exists():
            shutil.rmtree(usb)

    with pytest.raises(ExportWriteError) as caught:
        write_bundle(usb, NAME, DATA, progress=pull)
    assert caught.value.kind == "gone"
    assert str(caught.value) == msg.WRITE_TARGET_GONE.format(name=NAME)
    assert "USB bị rút ra" in str(caught.value)
    assert not usb.exists()
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("code", [errno.EIO, errno.ENOENT, errno.ENODEV])
def test_device_error_at_fsync_counts_as_pulled_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    def failing_fsync(_fd: int) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(atomic.os, "fsync", failing_fsync)
    with pytest.raises(ExportWriteError) as caught:
        write_bundle(tmp_path, NAME, DATA)
    assert caught.value.kind == "gone"
    assert leftovers(tmp_path) == []


def test_read_back_mismatch_removes_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(atomic, "_sha256_of", lambda _path: b"\0" * 32)
    with pytest.raises(ExportWriteError) as caught:
        write_bundle(tmp_path, NAME, DATA)
    assert caught.value.kind == "mismatch"
    assert "không khớp" in str(caught.value)
    assert leftovers(tmp_path) == []


def test_other_os_error_has_a_code_and_cleans_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    patch_open(monkeypatch, lambda real: FillsUp(real, limit=5, code=errno.EINVAL))
    with pytest.raises(ExportWriteError) as caught:
        write_bundle(tmp_path, NAME, DATA)
    assert caught.value.kind == "other"
    assert str(errno.EINVAL) in str(caught.value)
    assert leftovers(tmp_path) == []


def test_progress_callback_error_propagates_and_cleans_up(tmp_path: Path) -> None:
    def cancel(done: int, total: int) -> None:
        if done:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_bundle(tmp_path, NAME, DATA, progress=cancel)
    assert leftovers(tmp_path) == []


# --- Windows: another program holds the file (simulated sharing violations) ----------------------


def hold_target(
    monkeypatch: pytest.MonkeyPatch, times: int, winerror: int | None = 32
) -> list[str]:
    """Make the first ``times`` renames fail as Windows does while Word or an antivirus holds the
    target (``PermissionError`` with ``winerror``); returns the target of every attempt."""
    attempts: list[str] = []
    real_replace = os.replace

    def replace(source: Any, target: Any) -> None:
        attempts.append(Path(target).name)
        if len(attempts) <= times:
            exc = PermissionError(errno.EACCES, "The process cannot access the file", str(target))
            if winerror is not None:
                exc.winerror = winerror  # type: ignore[attr-defined]
            raise exc
        real_replace(source, target)

    monkeypatch.setattr(atomic.os, "replace", replace)
    return attempts


def test_a_brief_hold_is_waited_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    attempts = hold_target(monkeypatch, times=3)
    pauses: list[float] = []
    monkeypatch.setattr(atomic, "_sleep", pauses.append)
    write_bundle(tmp_path, NAME, DATA)
    assert attempts == [NAME] * 4 and pauses == [0.05] * 3
    assert (tmp_path / NAME).read_bytes() == DATA
    assert leftovers(tmp_path) == [NAME]


@pytest.mark.parametrize("winerror", [5, 32, 33])
def test_a_file_held_open_names_the_other_program_not_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, winerror: int
) -> None:
    target = tmp_path / "bao-cao.json"
    target.write_bytes(b"old")
    attempts = hold_target(monkeypatch, times=1000, winerror=winerror)
    pauses: list[float] = []
    monkeypatch.setattr(atomic, "_sleep", pauses.append)
    with pytest.raises(atomic.FileInUseError) as caught:
        atomic.write_atomic(target, b"new")
    assert len(attempts) == 10 and sum(pauses) == pytest.approx(0.45)
    shown = str(caught.value)
    assert shown == msg.WRITE_IN_USE.format(name="bao-cao.json")
    assert "Word" in shown and "diệt virus" in shown and "chỉ đọc" not in shown
    assert caught.value.filename == str(target)
    assert target.read_bytes() == b"old" and leftovers(tmp_path) == ["bao-cao.json"]

    (tmp_path / NAME).write_bytes(b"earlier bundle")
    with pytest.raises(ExportWriteError) as bundle_error:
        write_bundle(tmp_path, NAME, DATA)
    assert bundle_error.value.kind == "in_use"
    assert str(bundle_error.value) == msg.WRITE_IN_USE.format(name=NAME)
    assert (tmp_path / NAME).read_bytes() == b"earlier bundle"
    assert leftovers(tmp_path) == sorted(["bao-cao.json", NAME])


def test_a_plain_permission_error_is_not_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts = hold_target(monkeypatch, times=1000, winerror=None)
    monkeypatch.setattr(atomic, "_sleep", lambda _s: pytest.fail("slept on a POSIX error"))
    with pytest.raises(PermissionError) as caught:
        atomic.write_atomic(tmp_path / "x.json", b"{}")
    assert not isinstance(caught.value, atomic.FileInUseError) and attempts == ["x.json"]
    with pytest.raises(ExportWriteError) as bundle_error:
        write_bundle(tmp_path, NAME, DATA)
    assert bundle_error.value.kind == "read_only"
    assert leftovers(tmp_path) == []


def test_cli_export_to_a_held_file_says_which_program_holds_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from cchc_tui.cli.entry import main

    assert main(["sample", "load"]) == 0
    hold_target(monkeypatch, times=1000)
    monkeypatch.setattr(atomic, "_sleep", lambda _s: None)
    capsys.readouterr()
    code = main(["report", "export-json", "1", str(tmp_path / "xuat.json")])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err  # refused, as every failed write
    assert msg.WRITE_IN_USE.format(name="xuat.json") in err and "chỉ đọc" not in err


# --- write_atomic keeps its behaviour ------------------------------------------------------------


def test_write_atomic_still_works(tmp_path: Path) -> None:
    target = tmp_path / "settings.json"
    atomic.write_atomic(target, b"{}")
    assert target.read_bytes() == b"{}"
    atomic.write_atomic(target, b'{"a": 1}', mode=0o600)
    assert target.read_bytes() == b'{"a": 1}'
    if sys.platform != "win32":
        assert target.stat().st_mode & 0o777 == 0o600
    assert leftovers(tmp_path) == ["settings.json"]
    with pytest.raises(OSError):
        atomic.write_atomic(tmp_path / "missing" / "x.json", b"{}")
    assert leftovers(tmp_path) == ["settings.json"]


def test_human_size() -> None:
    assert atomic.human_size(0) == "0 byte"
    assert atomic.human_size(1536) == "1,5 KB"
    assert atomic.human_size(2 * 1024**2) == "2 MB"
    assert atomic.human_size(5 * 1024**4) == "5120 GB"
