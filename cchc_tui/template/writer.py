"""Write a template as a YAML file the loader reads back into the same template.

Used by ``cchc templates from-xlsx`` (a workbook made in Excel becomes ``T.yaml``). The file
keeps the model's field order, leaves out fields at their default value (``kind: count``,
``required`` unset, empty hints…), writes Vietnamese as it is (UTF-8, no ``\\u`` escapes) and
quotes whatever YAML would otherwise read as another type (``version: "2024"``, ``stt: "1."``).
Comments of a hand-written file are not kept: the workbook is the designer's source.

PyYAML (MIT), safe dumper only.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

import yaml

from cchc_tui.template.model import Template


class _Dumper(yaml.SafeDumper):
    """Block style, no anchors/aliases (a repeated code list is written out again)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _plain(value: Any) -> Any:
    """Model data with enums as their values (the safe dumper knows only plain types)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def template_to_yaml(template: Template, header: str = "") -> str:
    """The template as YAML text (UTF-8 when encoded), optionally after a ``#`` comment.

    Args:
        header: lines written first as YAML comments (e.g. where the file was made from).

    ``load_template_text(template_to_yaml(t), …).template == t`` for every valid template
    (tests/test_template_workbook.py).
    """
    data = _plain(template.model_dump(mode="python", exclude_defaults=True))
    # Keep the two fields every reader looks for first, even at their default value.
    data = {"id": template.id, "version": template.version, **data}
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100,
    )
    comment = "".join(f"# {line}\n".replace("# \n", "#\n") for line in header.splitlines())
    return comment + body
