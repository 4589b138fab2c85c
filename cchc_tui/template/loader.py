"""Load template files, check them, and index their rows for the validation engine.

A template file is YAML shaped like :class:`cchc_tui.template.model.Template`. Loading
normalises every string to NFC, validates the shape with pydantic, then checks what a schema
cannot: unique row keys, expressions that parse and name existing rows, no derivation cycles,
code lists that match the row kind. Every problem names the file, the row and what is wrong.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from cchc_tui import messages as msg
from cchc_tui.base.cues import Cue, CueError, parse_cue
from cchc_tui.base.errors import InvalidInput
from cchc_tui.base.ids import FormKey, KeyFormatError, RowKey
from cchc_tui.base.rules import Expression, ExpressionError
from cchc_tui.base.text import nfc_all
from cchc_tui.template.model import NUMERIC_KINDS, Form, Indicator, RowKind, Rule, Template

_SUM_CHILDREN = re.compile(r"sum_children\(\s*\)")


class TemplateError(InvalidInput):
    """A template file is unreadable or broken; ``str(err)`` says file, place and reason."""

    def __init__(self, file: str, where: str, reason: str) -> None:
        self.file = file
        self.where = where
        self.reason = reason
        if where:
            text = msg.TPL_INVALID.format(file=file, where=where, reason=reason)
        else:
            text = msg.TPL_UNREADABLE.format(file=file, reason=reason)
        super().__init__(text)


class TemplateNotFound(InvalidInput):
    """No template with that id is installed."""


@dataclass(frozen=True)
class IndicatorInfo:
    """An indicator (chỉ tiêu) with what the engine needs: form, parent, children, compiled
    expressions."""

    key: RowKey
    indicator: Indicator
    form: Form
    parent: RowKey | None
    children: tuple[RowKey, ...]
    depth: int
    derive: Expression | None
    at_most: Expression | None
    cues: tuple[Cue, ...] = ()
    """The row's narrative cues, parsed (``Indicator.narrative``)."""

    @property
    def kind(self) -> RowKind:
        """The row's value kind."""
        return self.indicator.kind

    @property
    def holds_value(self) -> bool:
        """Whether the row has a value at all (headings do not)."""
        return self.indicator.kind is not RowKind.HEADING

    @property
    def editable(self) -> bool:
        """Whether an officer types this row's value (not a heading, not derived)."""
        return self.holds_value and self.derive is None

    @property
    def required(self) -> bool:
        """Whether an empty value is a completeness finding."""
        if self.indicator.required is not None:
            return self.indicator.required
        return self.editable and not self.indicator.group


@dataclass(frozen=True)
class CompiledRule:
    """A form rule with its compiled check and expected-value expressions."""

    rule: Rule
    form: Form
    check: Expression
    expected: Expression | None
    row_keys: tuple[RowKey, ...]


@dataclass(frozen=True)
class LoadedTemplate:
    """A checked template with its row index, in template order."""

    template: Template
    source: str
    indicators: dict[str, IndicatorInfo]
    rules: tuple[CompiledRule, ...]
    derive_order: tuple[RowKey, ...]
    """Keys of derived rows, each after every derived row it reads."""
    section_keys: tuple[str, ...] = field(default=())
    """Every sub-heading key, in order."""

    @property
    def full_id(self) -> str:
        """``<id>@<version>``."""
        return self.template.full_id

    def form_indicators(self, form: Form) -> list[IndicatorInfo]:
        """Rows of one form in printed order."""
        return [info for info in self.indicators.values() if info.form.number == form.number]

    def form(self, key: str | int) -> Form:
        """The form ``BM<n>`` (a form key, or its number ``n``); ``KeyError`` if absent."""
        number = key if isinstance(key, int) else FormKey(key).number
        for form in self.template.forms:
            if form.number == number:
                return form
        raise KeyError(key)


def _describe_loc(raw: Any, loc: tuple[Any, ...]) -> str:
    """Turn a pydantic error location into "Biểu mẫu 3, dòng 3.3.1, trường kind"."""
    parts: list[str] = []
    node = raw
    form_number: Any = "?"
    row_named = False
    for i, step in enumerate(loc):
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            parts.append(msg.TPL_PLACE_FIELD.format(name=".".join(str(s) for s in loc[i:])))
            break
        if isinstance(node, dict) and loc[i - 1 : i] == ("forms",):
            form_number = node.get("number", step)
            parts.append(msg.TPL_PLACE_FORM.format(number=form_number))
        elif isinstance(node, dict) and loc[i - 1 : i] in (("rows",), ("children",)):
            stt = str(node.get("stt") or "").strip().rstrip(".")
            label = node.get("key") or (
                f"BM{form_number}/{stt}" if stt else msg.TPL_PLACE_NTH.format(n=step + 1)
            )
            if row_named:
                parts.pop()  # name the innermost row only
            parts.append(msg.TPL_PLACE_ROW.format(key=label))
            row_named = True
        elif isinstance(node, dict) and loc[i - 1 : i] in (("sections",), ("subheadings",)):
            parts.append(msg.TPL_PLACE_SECTION.format(key=node.get("key", step)))
        elif isinstance(node, dict) and loc[i - 1 : i] == ("rules",):
            parts.append(msg.TPL_PLACE_RULE.format(number=form_number, key=node.get("key", step)))
        elif i == len(loc) - 1 or not isinstance(node, dict | list):
            parts.append(msg.TPL_PLACE_FIELD.format(name=step))
    return msg.TPL_PLACE_SEP.join(parts) or msg.TPL_PLACE_ROOT


def _schema_reason(error: Any) -> str:
    """A pydantic error in plain Vietnamese."""
    template = msg.TPL_SCHEMA.get(error["type"])
    if template is None:
        return msg.TPL_SCHEMA_OTHER.format(detail=error["msg"])
    context = {"input": error.get("input"), **error.get("ctx", {})}
    if isinstance(context.get("expected"), str):
        context["expected"] = context["expected"].replace(" or ", msg.TPL_SCHEMA_OR)
    try:
        return template.format(**context)
    except (KeyError, IndexError):
        return template


def _row_key(form: Form, row: Indicator, source: str) -> RowKey:
    """The row's key: its explicit ``key``, else ``BM<n>/<STT without trailing dot>``."""
    try:
        return RowKey(row.key) if row.key else RowKey.of(form.key, row.stt)
    except KeyFormatError as err:
        shown = row.key or row.stt or row.label[:40]
        raise TemplateError(source, _where(form, shown), err.message) from None


def _walk(
    form: Form, rows: list[Indicator], parent: RowKey | None, depth: int, source: str
) -> Iterator[tuple[RowKey, Indicator, RowKey | None, int, tuple[RowKey, ...]]]:
    for row in rows:
        if not row.stt.strip() and not row.key:
            raise TemplateError(source, _where(form, row.label[:40]), msg.TPL_NO_STT)
        key = _row_key(form, row, source)
        children = tuple(_row_key(form, c, source) for c in row.children)
        yield key, row, parent, depth, children
        yield from _walk(form, row.children, key, depth + 1, source)


def _where(form: Form, key: str) -> str:
    return msg.TPL_PLACE_SEP.join(
        (msg.TPL_PLACE_FORM.format(number=form.number), msg.TPL_PLACE_ROW.format(key=key))
    )


def compile_template(template: Template, source: str) -> LoadedTemplate:
    """Index and check a validated template.

    Raises:
        TemplateError: on duplicate keys, bad expressions, unknown refs, cycles, bad codes.
    """
    entries: list[tuple[RowKey, Indicator, Form, RowKey | None, int, tuple[RowKey, ...]]] = []
    seen: set[str] = set()
    for form in template.forms:
        for key, row, parent, depth, children in _walk(form, form.rows, None, 0, source):
            if key in seen:
                raise TemplateError(source, _where(form, key), msg.TPL_DUP_KEY.format(key=key))
            seen.add(key)
            entries.append((key, row, form, parent, depth, children))

    def compile_expr(
        form: Form, key: str, source_text: str, children: tuple[str, ...], where: str = ""
    ) -> Expression:
        text = source_text
        if _SUM_CHILDREN.search(text):
            value_children = [
                c for c in children if c in by_key and by_key[c][1].kind in NUMERIC_KINDS
            ]
            text = _SUM_CHILDREN.sub(
                "total(" + ", ".join("{" + c + "}" for c in value_children) + ")", text
            )
        try:
            expr = Expression.compile(text, form.key)
        except ExpressionError as err:
            raise TemplateError(
                source,
                where or _where(form, key),
                msg.TPL_BAD_EXPR.format(expr=source_text, reason=err),
            ) from err
        for ref in expr.refs:
            if ref not in by_key:
                raise TemplateError(
                    source,
                    where or _where(form, key),
                    msg.TPL_BAD_REF.format(expr=source_text, ref=ref),
                )
        return expr

    by_key: dict[str, tuple[Form, Indicator]] = {e[0]: (e[2], e[1]) for e in entries}
    rows: dict[str, IndicatorInfo] = {}
    for key, row, form, parent, depth, children in entries:
        if row.kind is RowKind.CODE and not row.codes:
            raise TemplateError(source, _where(form, key), msg.TPL_CODES_MISSING)
        if row.kind is not RowKind.CODE and row.codes:
            raise TemplateError(source, _where(form, key), msg.TPL_CODES_UNEXPECTED)
        if row.none_code is not None and row.none_code not in row.codes:
            raise TemplateError(
                source, _where(form, key), msg.TPL_NONE_CODE.format(code=row.none_code)
            )
        if row.derive and row.kind in (RowKind.TEXT, RowKind.HEADING, RowKind.CODE):
            raise TemplateError(source, _where(form, key), msg.TPL_DERIVED_TEXT)
        if row.at_most and row.kind is RowKind.HEADING:
            raise TemplateError(source, _where(form, key), msg.TPL_HEADING_VALUE)
        derive = compile_expr(form, key, row.derive, children) if row.derive else None
        at_most = compile_expr(form, key, row.at_most, children) if row.at_most else None
        rows[key] = IndicatorInfo(
            key=key,
            indicator=row,
            form=form,
            parent=parent,
            children=children,
            depth=depth,
            derive=derive,
            at_most=at_most,
            cues=_compile_cues(template, form, key, row, source),
        )

    rules: list[CompiledRule] = []
    for form in template.forms:
        for rule in form.rules:
            where = msg.TPL_PLACE_RULE.format(number=form.number, key=rule.key)
            row_keys = []
            for ref in rule.rows:
                try:
                    full = RowKey.resolve(ref, form.key)
                except KeyFormatError as err:
                    raise TemplateError(source, where, err.message) from None
                if full not in rows:
                    raise TemplateError(source, where, msg.TPL_BAD_REF.format(expr=ref, ref=full))
                row_keys.append(full)
            check = compile_expr(form, rule.key, rule.check, (), where)
            expected = (
                compile_expr(form, rule.key, rule.expected, (), where) if rule.expected else None
            )
            rules.append(CompiledRule(rule, form, check, expected, tuple(row_keys)))

    order = _derive_order(rows, source)
    _dry_run(rows, rules, source)

    section_keys: list[str] = []
    seen_sections: set[str] = set()
    for section in template.sections:
        for section_key in [section.key] + [s.key for s in section.subheadings]:
            if section_key in seen_sections:
                raise TemplateError(
                    source,
                    msg.TPL_PLACE_SECTION.format(key=section_key),
                    msg.TPL_DUP_SECTION.format(key=section_key),
                )
            seen_sections.add(section_key)
        section_keys.extend(s.key for s in section.subheadings)
    if (
        template.appendix
        and template.appendix.count_row
        and template.appendix.count_row not in rows
    ):
        raise TemplateError(
            source,
            msg.TPL_PLACE_APPENDIX,
            msg.TPL_COUNT_ROW.format(key=template.appendix.count_row),
        )
    return LoadedTemplate(
        template=template,
        source=source,
        indicators=rows,
        rules=tuple(rules),
        derive_order=order,
        section_keys=tuple(section_keys),
    )


def _compile_cues(
    template: Template, form: Form, key: RowKey, row: Indicator, source: str
) -> tuple[Cue, ...]:
    """Parse a row's narrative cues; their scope must name sections or sub-headings."""
    if not row.narrative:
        return ()
    if row.kind not in NUMERIC_KINDS:
        raise TemplateError(source, _where(form, key), msg.CUE_NOT_NUMERIC)
    known = {s.key for s in template.sections} | {
        sub.key for s in template.sections for sub in s.subheadings
    }
    cues = []
    for text in row.narrative:
        try:
            cue = parse_cue(text)
        except CueError as err:
            raise TemplateError(source, _where(form, key), err.message) from None
        for scope in cue.scope:
            if scope not in known:
                raise TemplateError(
                    source, _where(form, key), msg.CUE_UNKNOWN_SECTION.format(cue=text, key=scope)
                )
        cues.append(cue)
    return tuple(cues)


def _derive_order(rows: dict[str, IndicatorInfo], source: str) -> tuple[RowKey, ...]:
    """Topological order of derived rows; raises ``TemplateError`` on a cycle."""
    order: list[RowKey] = []
    state: dict[str, int] = {}

    def visit(key: RowKey, path: list[RowKey]) -> None:
        if state.get(key) == 2:
            return
        if state.get(key) == 1:
            cycle = path[path.index(key) :] + [key]
            info = rows[key]
            raise TemplateError(
                source, _where(info.form, key), msg.TPL_CYCLE.format(keys=" → ".join(cycle))
            )
        state[key] = 1
        derive = rows[key].derive
        if derive:
            for ref in derive.refs:
                if rows[ref].derive:
                    visit(ref, path + [key])
        state[key] = 2
        if derive:
            order.append(key)

    for info in rows.values():
        if info.derive:
            visit(info.key, [])
    return tuple(order)


def _dry_run(rows: dict[str, IndicatorInfo], rules: list[CompiledRule], source: str) -> None:
    """Evaluate every expression once with sample values to catch unknown functions."""
    from decimal import Decimal

    sample = {key: Decimal(1) for key in rows}
    for key, info in rows.items():
        for expr in (info.derive, info.at_most):
            if expr is None:
                continue
            try:
                expr.evaluate(sample)
            except ExpressionError as err:
                raise TemplateError(
                    source,
                    _where(info.form, key),
                    msg.TPL_BAD_EXPR.format(expr=expr.source, reason=err),
                ) from err
    for compiled in rules:
        for expr in (compiled.check, compiled.expected):
            if expr is None:
                continue
            try:
                expr.evaluate(sample)
            except ExpressionError as err:
                raise TemplateError(
                    source,
                    msg.TPL_PLACE_RULE.format(number=compiled.form.number, key=compiled.rule.key),
                    msg.TPL_BAD_EXPR.format(expr=expr.source, reason=err),
                ) from err


def load_template_file(path: str | Path) -> LoadedTemplate:
    """Load and check one template file.

    Raises:
        TemplateError: the file is unreadable, not YAML, or not a valid template.
    """
    path = Path(path)
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise TemplateError(name, "", str(err)) from err
    return load_template_text(text, name)


def load_template_text(text: str, source: str) -> LoadedTemplate:
    """Load and check a template from YAML text; ``source`` names it in messages."""
    try:
        raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        reason = msg.TPL_YAML.format(
            line=mark.line + 1 if mark else "?",
            col=mark.column + 1 if mark else "?",
            problem=getattr(err, "problem", None) or err,
        )
        raise TemplateError(source, "", reason) from err
    if not isinstance(raw, dict):
        raise TemplateError(source, "", msg.TPL_NOT_MAPPING)
    raw = nfc_all(raw)
    try:
        template = Template.model_validate(raw)
    except ValidationError as err:
        first = err.errors()[0]
        where = _describe_loc(raw, tuple(first["loc"]))
        raise TemplateError(source, where, _schema_reason(first)) from err
    return compile_template(template, source)


def _builtin_dir() -> Path:
    return Path(str(resources.files("cchc_tui"))) / "data" / "templates"


@functools.cache
def builtin_templates() -> dict[str, LoadedTemplate]:
    """Every template shipped with the package, by full id (``id@version``)."""
    result: dict[str, LoadedTemplate] = {}
    for path in sorted(_builtin_dir().glob("*.yaml")):
        loaded = load_template_file(path)
        result[loaded.full_id] = loaded
    return result


def get_template(full_id: str) -> LoadedTemplate:
    """The shipped template ``full_id``.

    Raises:
        TemplateNotFound: there is no such template.
    """
    templates = builtin_templates()
    if full_id not in templates:
        raise TemplateNotFound(msg.TPL_NOT_FOUND.format(id=full_id))
    return templates[full_id]
