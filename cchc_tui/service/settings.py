"""User settings: who is working (recorded with every change) and display preferences.

Stored as JSON in the user's config folder (``locations.settings_path``); never pickle.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ValidationError

from cchc_tui.base.atomic import write_atomic
from cchc_tui.base.locations import settings_path
from cchc_tui.base.text import nfc


class Settings(BaseModel):
    """Settings of this computer's user."""

    officer_name: str = ""
    """Name of the officer at the keyboard, e.g. "Nguyễn Thị Hoa"."""
    officer_post: str = ""
    """Their post (chức danh), e.g. "Công chức Văn phòng – Thống kê"."""
    theme: str = "textual-dark"
    """Textual theme; ``ansi-dark``/``ansi-light`` suit 16-colour consoles."""

    @property
    def who(self) -> str:
        """ "Name — post" as recorded in the audit trail; empty when unknown."""
        return " — ".join(p for p in (self.officer_name, self.officer_post) if p)


def load_settings(path: Path | None = None) -> Settings:
    """Read settings; a missing or damaged file gives the defaults."""
    path = path or settings_path()
    try:
        return Settings.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, ValidationError):
        return Settings()


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write settings atomically (NFC text)."""
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = settings.model_copy(
        update={
            "officer_name": nfc(settings.officer_name),
            "officer_post": nfc(settings.officer_post),
        }
    )
    write_atomic(path, data.model_dump_json(indent=1).encode())
