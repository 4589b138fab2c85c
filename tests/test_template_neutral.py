"""No code in screens/, db/ or exports/ names a particular template (issue 6): the layouts,
the store and the screens follow whatever template a report was made with."""

from __future__ import annotations

import re
from pathlib import Path

import cchc_tui

PACKAGE = Path(cchc_tui.__file__).parent
SPECIFIC = re.compile(
    r"hai-duong|thanh-hoa|chi-so-cchc|dot-pha|cchc-nam|cchc-9thang"  # template ids
    r"|\bBM\d+/[0-9]"  # a row key of one template
    r"|Bình Lãng|Bình Lăng|Thanh Xá|Trường Thi|Quảng Nghiệp|Tứ Kỳ|Thanh Hà",  # sample units
    re.IGNORECASE,
)


def test_screens_db_exports_name_no_template() -> None:
    offenders = []
    for folder in ("screens", "widgets", "db", "exports"):
        for path in sorted((PACKAGE / folder).rglob("*.py")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if SPECIFIC.search(line):
                    offenders.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert offenders == []


def test_the_pattern_does_catch_template_specific_code() -> None:
    assert SPECIFIC.search('if key == "BM3/1.1":')
    assert SPECIFIC.search('template_id == "hai-duong/xa/cchc-nam@2023"')
    assert not SPECIFIC.search("form_key[2:]")
