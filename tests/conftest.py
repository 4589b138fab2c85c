"""Test isolation: every test gets its own data folder, config folder and database."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc_tui.base.locations import keys_dir
from cchc_tui.base.logs import setup_logging
from cchc_tui.db.store import ReportStore
from cchc_tui.service.reports import ReportService
from cchc_tui.service.samples import load_sample


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point platformdirs (data, config, log) and $CCHC_DB into the test's temporary folder."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))  # the support log
    monkeypatch.setenv("CCHC_DB", str(tmp_path / "cchc.sqlite3"))
    setup_logging()  # as the app and the CLI do at start, into this test's log folder
    return tmp_path


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """The database file of this test."""
    return tmp_path / "cchc.sqlite3"


@pytest.fixture
def store(db_path: Path):  # type: ignore[no-untyped-def]
    """An open store on a fresh real SQLite file."""
    opened = ReportStore.open(db_path, who="Nguyễn Văn Kiểm — Văn phòng - Thống kê")
    yield opened
    opened.close()


@pytest.fixture
def sample_id(store: ReportStore) -> int:
    """The Bình Lãng 2023 sample imported into the test store."""
    report, _template = load_sample()
    return store.import_report(report)


@pytest.fixture
def keys() -> Path:
    """The units' keys folder of this test (the app's default, inside the isolated home)."""
    return keys_dir()


@pytest.fixture
def service(store: ReportStore) -> ReportService:
    """The application layer over the test store (keys in the isolated home)."""
    return ReportService(store)
