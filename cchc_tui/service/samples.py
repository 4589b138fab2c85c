"""Real reports shipped as samples, in the ``cchc-report/1`` format (``data/samples/*.json``).

A sample's name is its file name without ``.json``: ``binh-lang-2023`` (xã Bình Lãng, annual
2023, shared/seeds/001) and the other seeds' reports shipped beside it.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from cchc_tui import messages as msg
from cchc_tui.base.errors import InvalidInput
from cchc_tui.domain.interchange import read_report
from cchc_tui.domain.report import ReportData
from cchc_tui.template.loader import LoadedTemplate

DEFAULT_SAMPLE = "binh-lang-2023"


class SampleNotFound(InvalidInput):
    """No shipped sample of that name."""


def _folder() -> Path:
    return Path(str(resources.files("cchc_tui"))) / "data" / "samples"


def sample_names() -> list[str]:
    """Names of the shipped samples, default first."""
    names = sorted(p.stem for p in _folder().glob("*.json"))
    return sorted(names, key=lambda n: n != DEFAULT_SAMPLE)


def sample_path(name: str = DEFAULT_SAMPLE) -> Path:
    """Path of a shipped sample file.

    Raises:
        SampleNotFound: with a Vietnamese message listing the samples, for an unknown name.
    """
    path = _folder() / f"{name}.json"
    if not path.is_file():
        raise SampleNotFound(msg.SAMPLE_UNKNOWN.format(name=name, names=", ".join(sample_names())))
    return path


def load_sample(name: str = DEFAULT_SAMPLE) -> tuple[ReportData, LoadedTemplate]:
    """Read a shipped sample report with its template."""
    return read_report(sample_path(name))
