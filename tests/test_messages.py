"""Every officer-facing text is in ``cchc_tui/messages``, and every message formats.

* No Vietnamese string literal outside ``messages/`` (docstrings and comments may gloss the
  domain's terms): a text an officer reads must be found, reviewed and translated in one place.
* Every message with ``{placeholders}`` formats with values for its names, and a message is
  never an f-string remnant (a lone ``{`` or ``}``).
"""

from __future__ import annotations

import ast
import string
import unicodedata
from pathlib import Path

import pytest

import cchc_tui
from cchc_tui import messages as msg

PACKAGE = Path(cchc_tui.__file__).resolve().parent


def _is_vietnamese(text: str) -> bool:
    """Whether ``text`` holds a Latin letter with a mark, or đ/Đ (Vietnamese, not ASCII)."""
    for ch in text:
        if ch in "đĐ":
            return True
        if ch.isascii() or not ch.isalpha():
            continue
        decomposed = unicodedata.normalize("NFD", ch)
        if decomposed[0].isascii() and any(unicodedata.combining(c) for c in decomposed[1:]):
            return True
    return False


def _docstring_nodes(tree: ast.AST) -> set[int]:
    """ids of the string nodes that are docstrings (module, class, function, attribute)."""
    found: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if not isinstance(body, list):
            continue
        for stmt in body:  # a bare string statement: a docstring or an attribute docstring
            if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
                found.add(id(stmt.value))
    return found


def vietnamese_literals() -> list[str]:
    """``file:line: text`` of every Vietnamese string literal outside ``messages/``."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == "messages":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = _docstring_nodes(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and len(node.value) > 1  # one letter is data (the đ → d of folding), not text
                and id(node) not in docstrings
                and _is_vietnamese(node.value)
            ):
                found.append(f"{relative}:{node.lineno}: {node.value[:60]!r}")
    return found


def test_the_detector_sees_vietnamese_and_not_ascii() -> None:
    assert _is_vietnamese("Biểu mẫu") and _is_vietnamese("đ") and _is_vietnamese("Đ")
    assert not _is_vietnamese("BM3/3.3.1 — 100%") and not _is_vietnamese("→ ≤ …")


def test_no_vietnamese_string_literal_outside_messages() -> None:
    assert vietnamese_literals() == []


def _messages() -> list[tuple[str, str]]:
    """Every string message (also inside tuples and dicts), with its name."""
    found: list[tuple[str, str]] = []

    def walk(name: str, value: object) -> None:
        if isinstance(value, str):
            found.append((name, value))
        elif isinstance(value, tuple | list):
            for i, item in enumerate(value):
                walk(f"{name}[{i}]", item)
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(f"{name}[{key!r}]", item)

    for name in dir(msg):
        if name.isupper():
            walk(name, getattr(msg, name))
    return found


@pytest.mark.parametrize(("name", "text"), _messages(), ids=lambda x: str(x)[:40])
def test_every_message_formats_with_its_placeholders(name: str, text: str) -> None:
    if name.startswith("ARGPARSE"):  # argparse's own %-style texts
        return
    fields = {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}
    values = {field.split(".")[0].split("[")[0]: "X" for field in fields if field}
    formatted = text.format(**values)
    assert "{" not in formatted.replace("{…}", "") or "{{" in text, name
    assert formatted, name  # never empty (a blank number is non-breaking spaces)


def test_every_message_module_is_star_imported() -> None:
    modules = {p.stem for p in (PACKAGE / "messages").glob("*.py") if p.stem != "__init__"}
    source = (PACKAGE / "messages" / "__init__.py").read_text(encoding="utf-8")
    assert all(f"cchc_tui.messages.{m} import *" in source for m in modules)
