"""The rule language of templates: small arithmetic/boolean expressions over row values.

Written in template files, e.g. ``ratio({2.2}, {2.1})``, ``{4.2} + {4.3} <= {4.1}``,
``sum_children()``. ``{STT}`` names a row of the same form, ``{BM3/1.4}`` a row of any form.
Evaluated with ``simpleeval`` (an AST whitelist interpreter), never ``eval``.

Values are ``Decimal`` or ``None`` (empty). Arithmetic touching an empty value gives ``None``
("cannot tell yet"), so a rule over empty rows is skipped rather than failed. A ratio whose
denominator is 0 is :data:`NOT_APPLICABLE` ("không phát sinh"), not 0 %.
"""

from __future__ import annotations

import ast
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from simpleeval import (
    DEFAULT_OPERATORS,
    FunctionNotDefined,
    InvalidExpression,
    NameNotDefined,
    SimpleEval,
)

from cchc_tui import messages as msg
from cchc_tui.base.errors import InvalidInput
from cchc_tui.base.ids import KeyFormatError, RowKey

REF_PATTERN = re.compile(r"\{([^{}]+)\}")
_DEFAULT_DOCUMENTS = 0


class _NotApplicable:
    """Marker for a ratio whose denominator is 0: "không phát sinh"."""

    _instance: _NotApplicable | None = None

    def __new__(cls) -> _NotApplicable:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NOT_APPLICABLE"


NOT_APPLICABLE = _NotApplicable()
"""The value of a ratio with a zero denominator."""

Value = Decimal | _NotApplicable | None


class ExpressionError(InvalidInput):
    """An expression cannot be parsed or names something that does not exist."""


def _ratio(part: Value, whole: Value) -> Value:
    """``part / whole × 100`` unrounded; ``NOT_APPLICABLE`` when ``whole`` is 0."""
    if not isinstance(part, Decimal) or not isinstance(whole, Decimal):
        return None
    if whole == 0:
        return NOT_APPLICABLE
    return part * 100 / whole


def _total(*values: Value) -> Value:
    """Sum of the filled values; ``None`` when none is filled."""
    filled = [v for v in values if isinstance(v, Decimal)]
    return sum(filled, Decimal(0)) if filled else None


def _tier(value: Value, *pairs: Value) -> Value:
    """Scoring tiers: ``tier(x, 100, 1, 70, 0.5, 0, 0)`` gives 1 when x ≥ 100, 0,5 when
    x ≥ 70, 0 when x ≥ 0 (thresholds in descending order; seed 003, sub-criterion 3.1.2).
    ``None`` for an empty value; ``NOT_APPLICABLE`` passes through."""
    if value is None or value is NOT_APPLICABLE:
        return value
    if not isinstance(value, Decimal) or len(pairs) % 2:
        raise TypeError("tier needs a value and (threshold, points) pairs")
    for threshold, points in zip(pairs[::2], pairs[1::2], strict=True):
        if value >= threshold:  # type: ignore[operator]
            return points
    return Decimal(0)


def _filled(value: Value) -> bool:
    return value is not None


def resolve_ref(ref: str, form_key: str) -> RowKey:
    """Full row key of a reference: ``"3.3.1"`` in BM1 → ``"BM1/3.3.1"``; full keys pass.

    Raises:
        ExpressionError: the reference is not a row (e.g. ``{tong so}``).
    """
    try:
        return RowKey.resolve(ref, form_key)
    except KeyFormatError as err:
        raise ExpressionError(err.message) from None


def _strict_eq(a: Any, b: Any) -> bool:
    """``==`` that refuses empty or "không phát sinh" operands (the rule is then skipped)."""
    if a is None or b is None or a is NOT_APPLICABLE or b is NOT_APPLICABLE:
        raise TypeError("empty operand")
    return bool(a == b)


_OPERATORS = {
    **DEFAULT_OPERATORS,
    ast.Eq: _strict_eq,
    ast.NotEq: lambda a, b: not _strict_eq(a, b),
}


class _DecimalEval(SimpleEval):
    """simpleeval with exact arithmetic: number literals are ``Decimal``; ``==``/``!=`` over an
    empty value is undecidable (``TypeError``) instead of quietly false/true."""

    def _eval_constant(self, node: ast.Constant) -> Any:
        value = node.value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return Decimal(str(value))
        return super()._eval_constant(node)


_BASE_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "ratio": _ratio,
    "total": _total,
    "tier": _tier,
    "filled": _filled,
    "abs": abs,
    "min": min,
    "max": max,
}


class _Evaluators(threading.local):
    """One evaluator per thread, reused by every :meth:`Expression.evaluate` (building a
    ``SimpleEval`` sets up its node table and a warnings filter: about half of a validation's
    time when made per expression). ``busy`` guards an evaluation inside another."""

    def __init__(self) -> None:
        self.evaluator = _DecimalEval(operators=_OPERATORS, functions=dict(_BASE_FUNCTIONS))
        self.busy = False


_EVALUATORS = _Evaluators()


@dataclass(frozen=True)
class Expression:
    """A compiled expression: its source, the row keys it reads, and the parsed AST."""

    source: str
    refs: tuple[RowKey, ...]
    python: str
    tree: Any

    @classmethod
    def compile(cls, source: str, form_key: str) -> Expression:
        """Compile ``source`` written in form ``form_key``.

        Raises:
            ExpressionError: when the text is not a valid expression.
        """
        refs: list[RowKey] = []

        def name_for(match: re.Match[str]) -> str:
            key = resolve_ref(match.group(1), form_key)
            if key not in refs:
                refs.append(key)
            return f"_r{refs.index(key)}"

        python = REF_PATTERN.sub(name_for, source)
        try:
            ast.parse(python.strip(), mode="eval")  # one expression, no statements
            tree = SimpleEval.parse(python)
        except SyntaxError as err:
            raise ExpressionError(msg.EXPR_SYNTAX) from err
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute | ast.Subscript | ast.Lambda):
                raise ExpressionError(msg.EXPR_FORBIDDEN)
        return cls(source=source, refs=tuple(refs), python=python, tree=tree)

    def sides(self) -> tuple[Expression, Expression] | None:
        """For a comparison ``a <= b``: the expressions ``a`` and ``b``; otherwise ``None``."""
        body = getattr(self.tree, "value", None)
        if not isinstance(body, ast.Compare) or len(body.comparators) != 1:
            return None
        left = Expression(self.source, self.refs, ast.unparse(body.left), ast.Expr(body.left))
        right_node = body.comparators[0]
        right = Expression(self.source, self.refs, ast.unparse(right_node), ast.Expr(right_node))
        return left, right

    def evaluate(
        self,
        values: Mapping[str, Value],
        documents_count: int = _DEFAULT_DOCUMENTS,
        extra: Mapping[str, Callable[..., Any]] | None = None,
    ) -> Any:
        """Evaluate with row values; ``None`` when an empty value makes it undecidable.

        Raises:
            ExpressionError: on a name or function the language does not know.
        """
        names: dict[str, Any] = {f"_r{i}": values.get(k) for i, k in enumerate(self.refs)}
        names["True"] = True
        names["False"] = False
        functions: dict[str, Callable[..., Any]] = {
            **_BASE_FUNCTIONS,
            "documents_count": lambda: Decimal(documents_count),
        }
        if extra:
            functions.update(extra)
        own = _EVALUATORS
        if own.busy:  # an expression evaluated inside another (an ``extra`` function)
            evaluator = _DecimalEval(operators=_OPERATORS, functions=functions, names=names)
        else:
            evaluator = own.evaluator
            evaluator.functions = functions
            evaluator.names = names
            own.busy = True
        try:
            result = evaluator.eval(self.python, previously_parsed=self.tree)
        except TypeError:
            return None  # arithmetic or comparison over an empty value
        except (ZeroDivisionError, InvalidOperation):
            return NOT_APPLICABLE
        except FunctionNotDefined as err:
            raise ExpressionError(msg.EXPR_UNKNOWN_FUNCTION.format(name=err.func_name)) from err
        except NameNotDefined as err:
            raise ExpressionError(msg.EXPR_UNKNOWN_NAME.format(name=err.name)) from err
        except InvalidExpression as err:  # an operator or feature the language does not have
            raise ExpressionError(msg.EXPR_FORBIDDEN) from err
        finally:
            if evaluator is own.evaluator:
                own.busy = False
        if isinstance(result, int) and not isinstance(result, bool):
            return Decimal(result)
        return result
