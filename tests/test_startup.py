"""Start-up (issue 11): the first frame needs nothing heavy, the report list is read from the
file before the store opens, and a report asked for meanwhile opens once the store is ready.

- Importing what the first frame needs (the app, the home screen, the early list) loads no
  pydantic, SQLAlchemy, SQLModel, PyYAML, openpyxl, python-docx or cryptography (a fresh
  interpreter, ``sys.modules`` read back).
- The home screen is the app's first screen (no blank screen drawn before it).
- Enter on a row of the list read early (the store still opening) is kept, not lost: the
  report opens when the store is ready.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cchc_tui.app import CchcApp
from cchc_tui.screens.base import OverviewRead
from cchc_tui.screens.home import HomeScreen
from cchc_tui.screens.outline import OutlineScreen
from cchc_tui.service.overview import early_overview
from cchc_tui.service.reports import ReportService
from tests.ui_helpers import OFFICER

HEAVY = ("pydantic", "sqlalchemy", "sqlmodel", "yaml", "openpyxl", "docx", "cryptography")


def test_the_first_frame_imports_nothing_heavy(db_path: Path) -> None:
    service = ReportService.open(db_path)
    service.ensure_sample()
    service.close()
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from cchc_tui.cli.entry import _app_only\n"
        "import cchc_tui.app, cchc_tui.screens.home\n"
        "from cchc_tui.service.overview import early_overview\n"
        "from cchc_tui.service.settings import load_settings\n"
        "load_settings()\n"
        f"lines = early_overview(Path({str(db_path)!r}))\n"
        f"print(len(lines), [m for m in {HEAVY!r} if m in sys.modules])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split(maxsplit=1) == ["1", "[]\n"]


async def test_enter_on_the_early_list_opens_the_report_once_the_store_is_ready(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = ReportService.open(db_path, who=OFFICER.who)
    report_id, _ = service.ensure_sample()
    service.close()
    monkeypatch.setattr(CchcApp, "_open_service", lambda self: None)  # the test opens it
    app = CchcApp(settings=OFFICER, save_settings_on_change=False, db_path=db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.screen_stack == [app.screen]
        lines = early_overview(db_path)
        assert lines is not None and [line.report_id for line in lines] == [report_id]
        app.screen.post_message(OverviewRead(lines))
        await pilot.pause()
        await pilot.press("enter")  # the store is not open yet
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        app._service_opened(ReportService.open(db_path, who=OFFICER.who))
        await pilot.pause()
        assert isinstance(app.screen, OutlineScreen)
        assert app.screen.workspace.report_id == report_id
    app.close_service()
