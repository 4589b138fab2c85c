"""User settings: who is working (recorded with every change) and display preferences.

Stored as JSON in the user's config folder (``locations.settings_path``); never pickle. A plain
dataclass read field by field (no pydantic: this module is imported before the first frame, and
pydantic alone costs about 100 ms there on an old PC — issue 11).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

from cchc_tui.base.locations import settings_path
from cchc_tui.base.text import nfc


@dataclass(frozen=True)
class Settings:
    """Settings of this computer's user."""

    officer_name: str = ""
    """Name of the officer at the keyboard, e.g. "Nguyễn Thị Hoa"."""
    officer_post: str = ""
    """Their post (chức danh), e.g. "Công chức Văn phòng – Thống kê"."""
    theme: str = "textual-dark"
    """Textual theme; ``ansi-dark``/``ansi-light`` suit 16-colour consoles."""
    usb_folder: str = ""
    """The folder last used in a USB dialog (export, packages, contributions, backup, draft):
    offered first by the next one."""

    @property
    def who(self) -> str:
        """ "Name — post" as recorded in the audit trail; empty when unknown."""
        return " — ".join(p for p in (self.officer_name, self.officer_post) if p)

    def changed(self, **values: str) -> Settings:
        """A copy with ``values`` changed (names of the fields above)."""
        return replace(self, **values)


def load_settings(path: Path | None = None) -> Settings:
    """Read settings; a missing or damaged file, or a field of the wrong type, gives the
    defaults (for that field); unknown fields are ignored."""
    path = path or settings_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return Settings()
    if not isinstance(data, dict):
        return Settings()
    known = {f.name for f in fields(Settings)}
    return Settings(**{k: v for k, v in data.items() if k in known and isinstance(v, str)})


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write settings atomically (NFC text)."""
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = settings.changed(
        officer_name=nfc(settings.officer_name), officer_post=nfc(settings.officer_post)
    )
    from cchc_tui.base.atomic import write_atomic  # only when saving: not before the first frame

    write_atomic(path, json.dumps(asdict(data), ensure_ascii=False, indent=1).encode())
