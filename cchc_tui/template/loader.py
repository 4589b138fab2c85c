"""Load template files, check them, and index their rows for the validation engine.

A template file is YAML shaped like :class:`cchc_tui.template.model.Template`. Loading
normalises every string to NFC, validates the shape with pydantic, then checks what a schema
cannot: unique row keys, expressions that parse and name existing rows, no derivation cycles,
code lists that match the row kind. Every problem names the file, the row and what is wrong.
"""

from __future__ import annotations

import functools
import os
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
from cchc_tui.base.limits import (
    TEMPLATE_BYTES,
    TEMPLATE_FORMS,
    TEMPLATE_ROWS,
    TEMPLATE_RULES,
    TEMPLATE_SECTIONS,
    YAML_MAX_DEPTH,
    YAML_MAX_EVENTS,
    YAML_MAX_SCALAR_CHARS,
    LimitExceeded,
    check_file_size,
    number_text,
)
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
    _check_carry_over(template, rows, seen_sections, source)
    return LoadedTemplate(
        template=template,
        source=source,
        indicators=rows,
        rules=tuple(rules),
        derive_order=order,
        section_keys=tuple(section_keys),
    )


def _check_carry_over(
    template: Template, rows: dict[str, IndicatorInfo], sections: set[str], source: str
) -> None:
    """The mapping section names only rows and sub-headings this version has."""
    for carry in template.carry_over.rows:
        for key in carry.new:
            if key not in rows:
                where = msg.TPL_PLACE_CARRY.format(key=carry.old)
                raise TemplateError(source, where, msg.TPL_CARRY_ROW.format(key=key))
    for section in template.carry_over.sections:
        if section.new and section.new not in sections:
            where = msg.TPL_PLACE_CARRY.format(key=section.old)
            raise TemplateError(source, where, msg.TPL_CARRY_SECTION.format(key=section.new))


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
    """Load and check one template file (at most :data:`~cchc_tui.base.limits.TEMPLATE_BYTES`,
    refused from its size before it is read).

    Raises:
        TemplateError: the file is unreadable, too large, not YAML, over a limit, or not a
            valid template.
    """
    path = Path(path)
    name = path.name
    try:
        with open(path, "rb") as handle:
            check_file_size(name, os.fstat(handle.fileno()).st_size, TEMPLATE_BYTES)
            raw = handle.read(TEMPLATE_BYTES + 1)
        check_file_size(name, len(raw), TEMPLATE_BYTES)
        text = raw.decode("utf-8")
    except LimitExceeded as err:
        raise TemplateError(name, "", err.message) from None
    except (OSError, UnicodeDecodeError) as err:
        raise TemplateError(name, "", str(err)) from err
    return load_template_text(text, name)


_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_OPENS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSES = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def check_yaml(text: str, source: str) -> None:
    """Check a template's YAML event by event, before anything is composed or constructed.

    libyaml's parser keeps its own stack (no recursion), so this pass reads any input in linear
    time; it stops at the first event over a limit: size (:data:`TEMPLATE_BYTES`), nesting
    (:data:`YAML_MAX_DEPTH`; 800 levels gave a ``RecursionError``), events
    (:data:`YAML_MAX_EVENTS`), one value's length (:data:`YAML_MAX_SCALAR_CHARS`). Anchors and
    aliases are refused (:data:`YAML_MAX_ALIASES` is 0): nine nested aliases expand to a billion
    values for whoever walks the result, and no template needs them.

    Raises:
        TemplateError: over a limit, an anchor or alias, or not YAML (line and column).
    """
    size = len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))
    try:
        check_file_size(source, size, TEMPLATE_BYTES)
    except LimitExceeded as err:
        raise TemplateError(source, "", err.message) from None
    depth = 0
    count = 0
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            count += 1
            line = event.start_mark.line + 1 if event.start_mark else "?"
            if count > YAML_MAX_EVENTS:
                raise TemplateError(
                    source, "", msg.LIMIT_YAML_TOO_MANY.format(limit=number_text(YAML_MAX_EVENTS))
                )
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise TemplateError(source, "", msg.LIMIT_YAML_ALIAS.format(line=line))
            if isinstance(event, _OPENS):
                depth += 1
                if depth > YAML_MAX_DEPTH:
                    raise TemplateError(
                        source, "", msg.LIMIT_YAML_TOO_DEEP.format(limit=YAML_MAX_DEPTH, line=line)
                    )
            elif isinstance(event, _CLOSES):
                depth -= 1
            elif isinstance(event, yaml.ScalarEvent) and len(event.value) > YAML_MAX_SCALAR_CHARS:
                raise TemplateError(
                    source,
                    "",
                    msg.LIMIT_YAML_SCALAR.format(
                        limit=number_text(YAML_MAX_SCALAR_CHARS), line=line
                    ),
                )
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        if "nesting depth" in str(getattr(err, "problem", "")):  # libyaml's own limit (1000)
            line = mark.line + 1 if mark else "?"
            reason = msg.LIMIT_YAML_TOO_DEEP.format(limit=YAML_MAX_DEPTH, line=line)
            raise TemplateError(source, "", reason) from None
        raise TemplateError(source, "", _yaml_reason(err)) from err


def _yaml_reason(err: yaml.YAMLError) -> str:
    mark = getattr(err, "problem_mark", None)
    return msg.TPL_YAML.format(
        line=mark.line + 1 if mark else "?",
        col=mark.column + 1 if mark else "?",
        problem=getattr(err, "problem", None) or err,
    )


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _check_counts(raw: dict[str, Any], source: str) -> None:
    """Refuse a template with more forms, rows, rules or sections than the limits (walked
    without recursion, before the schema builds anything)."""
    forms = _as_list(raw.get("forms"))
    rows = rules = 0
    stack: list[Any] = []
    for form in forms:
        if isinstance(form, dict):
            stack.extend(_as_list(form.get("rows")))
            rules += len(_as_list(form.get("rules")))
    while stack:
        row = stack.pop()
        rows += 1
        if rows > TEMPLATE_ROWS:
            break
        if isinstance(row, dict):
            stack.extend(_as_list(row.get("children")))
    sections = 0
    for section in _as_list(raw.get("sections")):
        sections += 1
        if isinstance(section, dict):
            sections += len(_as_list(section.get("subheadings")))
    for count, limit, what in (
        (len(forms), TEMPLATE_FORMS, msg.LIMIT_TEMPLATE_FORMS),
        (rows, TEMPLATE_ROWS, msg.LIMIT_TEMPLATE_ROWS),
        (rules, TEMPLATE_RULES, msg.LIMIT_TEMPLATE_RULES),
        (sections, TEMPLATE_SECTIONS, msg.LIMIT_TEMPLATE_SECTIONS),
    ):
        if count > limit:
            raise TemplateError(
                source, "", msg.LIMIT_TEMPLATE_COUNT.format(limit=number_text(limit), what=what)
            )


def load_template_text(text: str, source: str) -> LoadedTemplate:
    """Load and check a template from YAML text; ``source`` names it in messages.

    The YAML is checked against the limits first (:func:`check_yaml`), then loaded with
    PyYAML's safe loader (libyaml when available).

    Raises:
        TemplateError: over a limit, not YAML, or not a valid template.
    """
    check_yaml(text, source)
    try:
        raw = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as err:
        raise TemplateError(source, "", _yaml_reason(err)) from err
    if not isinstance(raw, dict):
        raise TemplateError(source, "", msg.TPL_NOT_MAPPING)
    _check_counts(raw, source)
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
    """The shipped or installed template ``full_id`` (a shipped one first).

    Raises:
        TemplateNotFound: there is no such template.
    """
    templates = builtin_templates()
    if full_id in templates:
        return templates[full_id]
    from cchc_tui.template.installed import installed_templates

    installed = installed_templates().get(full_id)
    if installed is None:
        raise TemplateNotFound(msg.TPL_NOT_FOUND.format(id=full_id))
    return installed.loaded


def available_templates() -> dict[str, LoadedTemplate]:
    """The shipped templates, then those installed from packs (``template.installed``)."""
    from cchc_tui.template.installed import installed_templates

    found = dict(builtin_templates())
    for full_id, installed in installed_templates().items():
        found.setdefault(full_id, installed.loaded)
    return found
