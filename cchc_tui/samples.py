"""Real reports shipped as samples, in the ``cchc-report/1`` format (``data/samples``)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from cchc_tui.domain.interchange import read_report
from cchc_tui.domain.report import ReportData
from cchc_tui.template.loader import LoadedTemplate

SAMPLES = {
    "binh-lang-2023": "binh-lang-2023.json",
}
"""Sample name → file. ``binh-lang-2023``: xã Bình Lãng, annual 2023 (shared/seeds/001)."""
DEFAULT_SAMPLE = "binh-lang-2023"


def sample_path(name: str = DEFAULT_SAMPLE) -> Path:
    """Path of a shipped sample file; ``KeyError`` for an unknown name."""
    return Path(str(resources.files("cchc_tui"))) / "data" / "samples" / SAMPLES[name]


def load_sample(name: str = DEFAULT_SAMPLE) -> tuple[ReportData, LoadedTemplate]:
    """Read a shipped sample report with its template."""
    return read_report(sample_path(name))
