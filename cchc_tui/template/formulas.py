"""Formulas written the way printed forms speak, and the rule language of templates.

A form designer writes in the workbook (``cchc_tui.authoring.workbook``) what the printed forms
say beside a row: ``2.2 / 2.1`` (a rate: row 2.2 over row 2.1), ``tổng các dòng con`` (the sum
of the child rows), ``≤ 3.1`` (at most row 3.1), ``4.2 + 4.3 + 4.4 ≤ 4.1`` (a rule). This
module translates that into the rule language of :mod:`cchc_tui.base.rules` (``ratio({2.2},
{2.1})``, ``sum_children()``, ``{3.1}``, ``{4.2} + {4.3} + {4.4} <= {4.1}``) and back.

The printed grammar (decided here; README "Mẫu báo cáo do tỉnh tự làm" shows it to designers):

* a leading ``=`` is optional;
* a word that names a row of the same form — its STT without the trailing dot (``2.1``,
  ``3.3.1``) or the part of its explicit key (``3.3.1.truc_tiep``, ``tong``) — is that row;
  ``BM3/3.1.3`` is row 3.1.3 of Biểu mẫu 3;
* a whole number that names no row is a number; a decimal number uses the comma (``18,5``);
  a word with dots that names no row (``2.9``) is an error: "no such STT";
* ``+ - * × x / ÷``, ``< > ≤ <= ≥ >= = == ≠ != <>``, parentheses, ``và`` (and), ``hoặc`` (or),
  ``không`` (not);
* ``tổng các dòng con`` → ``sum_children()``; ``tổng(a; b; …)`` → ``total(a, b, …)`` (the
  sum of the filled ones); ``tỷ lệ(a; b)`` → ``ratio(a, b)``; arguments are separated by ``;``
  (a ``,`` followed by a space also works);
* ``a / b`` on a percentage row, and ``a / b × 100`` on any row, is ``ratio(a, b)``: the rate
  in %, "không phát sinh" when ``b`` is 0;
* a text holding ``{`` is already the rule language and is kept as written; so is a text after
  a leading ``@`` (for the rare formula that the printed grammar cannot say, e.g. a sum of
  literal numbers in a form whose rows are numbered 1, 2, 3…).

:func:`to_printed` writes a rule in the printed grammar when translating it back gives exactly
the same rule, and in the rule language otherwise, so a template survives YAML → workbook →
YAML unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from cchc_tui import messages as msg
from cchc_tui.base.errors import InvalidInput
from cchc_tui.base.ids import KeyFormatError, RowKey
from cchc_tui.base.rules import Expression, ExpressionError
from cchc_tui.base.text import fold, nfc

RAW_PREFIX = "@"
"""A cell starting with this holds the rule language as is."""


class FormulaError(InvalidInput):
    """A printed formula cannot be translated; ``str(err)`` says why, in Vietnamese."""


@dataclass(frozen=True)
class FormulaContext:
    """What a formula may name: the rows of its form (by key part) and every row key.

    Attributes:
        form: the form's number (``3`` for Biểu mẫu 3).
        refs: key part → full key, for every row of the form (``"3.3.1" → "BM3/3.3.1"``).
        keys: every row key of the template (for ``BM3/3.1.3`` across forms).
    """

    form: int
    refs: Mapping[str, str]
    keys: frozenset[str] = field(default_factory=frozenset)


# --- Tokens ----------------------------------------------------------------------------------

_WORD = re.compile(r"[\w./](?:[\w./]|-(?=[A-Za-z_]))*")
_DECIMAL = re.compile(r"\d+,\d+(?![\w.,])")
_OPERATORS = (
    ("<=", "<="),
    (">=", ">="),
    ("==", "=="),
    ("!=", "!="),
    ("<>", "!="),
    ("≤", "<="),
    ("≥", ">="),
    ("≠", "!="),
    ("=", "=="),
    ("<", "<"),
    (">", ">"),
    ("+", "+"),
    ("-", "-"),
    ("\u2212", "-"),
    ("*", "*"),
    ("×", "*"),
    ("/", "/"),
    ("÷", "/"),
)
_KEYWORDS = {w: w for w in ("and", "or", "not")}
_KEYWORDS.update({fold(msg.FORMULA_WORDS[w]): w for w in ("and", "or", "not")})
_TOTAL_WORD = fold(msg.FORMULA_WORDS["total"])
_RATIO_WORDS = tuple(fold(msg.FORMULA_WORDS["ratio"]).split())
_CHILD_WORDS = (
    tuple(fold(msg.FORMULA_SUM_CHILDREN).split()[1:]),  # "các dòng con" after "tổng"
    ("cac", "chi", "tieu", "con"),
)
_DOTTED = re.compile(r"\d+(?:\.\d+)+")
_KEYISH = re.compile(r"[A-Za-z0-9_.\-]+")
_COMPARE = {"<", ">", "<=", ">=", "==", "!="}


@dataclass(frozen=True)
class _Tok:
    kind: str
    """``ref``, ``num``, ``op``, ``kw``, ``(``, ``)``, ``,``, ``func``, ``children``."""
    text: str
    """The rule-language text of the token."""


def _raw_tokens(text: str) -> list[tuple[str, str]]:
    """``(kind, text)`` pairs: ``word``, ``num``, ``op``, ``(``, ``)``, ``,``."""
    tokens: list[tuple[str, str]] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if ch in "()":
            tokens.append((ch, ch))
            i += 1
            continue
        if ch in ";,":
            tokens.append((",", ","))
            i += 1
            continue
        number = _DECIMAL.match(text, i)
        if number:
            tokens.append(("num", number.group().replace(",", ".")))
            i = number.end()
            continue
        for printed, rule in _OPERATORS:
            if text.startswith(printed, i):
                tokens.append(("op", rule))
                i += len(printed)
                break
        else:
            word = _WORD.match(text, i)
            if word is None:
                raise FormulaError(msg.FORMULA_BAD_CHAR.format(ch=ch))
            tokens.append(("word", word.group()))
            i = word.end()
    return tokens


def _classify(raw: list[tuple[str, str]], ctx: FormulaContext) -> list[_Tok]:
    """Words become rows, numbers, keywords or functions (see the module's grammar)."""
    out: list[_Tok] = []
    i = 0
    while i < len(raw):
        kind, text = raw[i]
        i += 1
        if kind != "word":
            out.append(_Tok(kind, text))
            continue
        following = raw[i][0] if i < len(raw) else ""
        ref = _resolve(text, ctx)
        if ref is not None:
            out.append(_Tok("ref", ref))
            continue
        word = fold(text)
        if word.isdigit():
            out.append(_Tok("num", text))
        elif word in _KEYWORDS:
            out.append(_Tok("kw", _KEYWORDS[word]))
        elif word == "x":
            out.append(_Tok("op", "*"))
        elif word == _TOTAL_WORD and following == "(":
            out.append(_Tok("func", "total"))
        elif word == _TOTAL_WORD and (n := _child_phrase(raw, i)):
            out.append(_Tok("children", "sum_children()"))
            i += n
        elif (
            word == _RATIO_WORDS[0]
            and i + 1 < len(raw)
            and fold(raw[i][1]) == _RATIO_WORDS[-1]
            and raw[i + 1][0] == "("
        ):
            out.append(_Tok("func", "ratio"))
            i += 1
        elif "/" in text:
            raise FormulaError(msg.FORMULA_NO_KEY.format(ref=text))
        elif _DOTTED.fullmatch(text.rstrip(".")):
            raise FormulaError(msg.FORMULA_NO_ROW.format(ref=text.rstrip("."), form=ctx.form))
        elif _KEYISH.fullmatch(text) and any(c.isdigit() for c in text):
            raise FormulaError(msg.FORMULA_NO_ROW.format(ref=text, form=ctx.form))
        else:
            raise FormulaError(msg.FORMULA_UNKNOWN_WORD.format(word=text))
    return out


def _child_phrase(raw: list[tuple[str, str]], start: int) -> int:
    """How many words after "tổng" say "các dòng con" (0 when they do not)."""
    for phrase in _CHILD_WORDS:
        words = raw[start : start + len(phrase)]
        if len(words) == len(phrase) and all(
            kind == "word" and fold(text) == expected
            for (kind, text), expected in zip(words, phrase, strict=True)
        ):
            return len(phrase)
    return 0


def _resolve(word: str, ctx: FormulaContext) -> str | None:
    """The rule-language reference (``{2.1}``, ``{BM3/3.1.3}``) a word names, if any."""
    part = word[:-1] if word.endswith(".") else word
    if "/" in part:
        try:
            key = RowKey.resolve(part, f"BM{ctx.form}")
        except KeyFormatError:
            return None
        return "{" + part + "}" if key in ctx.keys else None
    if part in ctx.refs:
        return "{" + part + "}"
    return None


# --- Printed → rule language -----------------------------------------------------------------


def _emit(tokens: list[_Tok]) -> str:
    """The rule-language text of tokens, spaced the way template files write it."""
    pieces: list[str] = []
    previous = ""
    for tok in tokens:
        if tok.kind == "op":
            unary = tok.text == "-" and previous in ("", "op", "kw", "(", ",")
            pieces.append("-" if unary else f" {tok.text} ")
        elif tok.kind == "kw":
            pieces.append("not " if tok.text == "not" else f" {tok.text} ")
        elif tok.kind == ",":
            pieces.append(", ")
        else:
            pieces.append(tok.text)
        previous = tok.kind
    return "".join(pieces).strip()


def _top_level(tokens: list[_Tok]) -> list[int]:
    """Indexes of the tokens outside every parenthesis."""
    depth, found = 0, []
    for i, tok in enumerate(tokens):
        if tok.kind == "(":
            depth += 1
        elif tok.kind == ")":
            depth -= 1
        elif depth == 0:
            found.append(i)
    return found


def _unwrap(tokens: list[_Tok]) -> list[_Tok]:
    """Tokens without one pair of parentheses around all of them."""
    if len(tokens) >= 2 and tokens[0].kind == "(" and tokens[-1].kind == ")":
        depth = 0
        for i, tok in enumerate(tokens):
            depth += {"(": 1, ")": -1}.get(tok.kind, 0)
            if depth == 0 and i < len(tokens) - 1:
                return tokens
        return tokens[1:-1]
    return tokens


def _as_ratio(tokens: list[_Tok], percent: bool) -> list[_Tok] | None:
    """``a / b`` (on a percentage row) or ``a / b × 100`` as ``ratio(a, b)``, else ``None``."""
    body = _unwrap(tokens)
    ops = [i for i in _top_level(body) if body[i].kind == "op"]
    if not ops or body[ops[0]].text != "/":
        return None
    if len(ops) == 2 and body[ops[1]].text == "*":
        tail = body[ops[1] + 1 :]
        if len(tail) != 1 or tail[0].text != "100":
            return None
        body = body[: ops[1]]
    elif len(ops) != 1 or not percent:
        return None
    part, whole = body[: ops[0]], body[ops[0] + 1 :]
    if not part or not whole:
        return None
    return [
        _Tok("func", "ratio"),
        _Tok("(", "("),
        *_unwrap(part),
        _Tok(",", ","),
        *_unwrap(whole),
        _Tok(")", ")"),
    ]


def to_rule(text: str, ctx: FormulaContext, *, percent: bool = False, bound: bool = False) -> str:
    """Translate a printed formula into the rule language.

    Args:
        text: what the designer wrote (``"2.2 / 2.1"``, ``"≤ 3.1"``, ``"tổng các dòng con"``).
        ctx: the rows the formula may name.
        percent: the formula derives a percentage row (``a / b`` is then a rate in %).
        bound: the formula is an upper bound (``≤`` in front is dropped).

    Returns:
        The rule-language text, e.g. ``"ratio({2.2}, {2.1})"``; ``""`` for an empty text.

    Raises:
        FormulaError: a row that does not exist, a word or character the grammar does not know,
            or a text that is no expression (the message says which).
    """
    text = nfc(text).strip()
    if text.startswith(RAW_PREFIX):
        rule = text[len(RAW_PREFIX) :].strip()
    elif "{" in text:
        rule = text
    else:
        if text.startswith("="):
            text = text[1:].strip()
        if bound:
            for sign in ("≤", "<="):
                if text.startswith(sign):
                    text = text[len(sign) :].strip()
                    break
        if not text:
            return ""
        tokens = _classify(_raw_tokens(text), ctx)
        if bound and any(t.kind == "op" and t.text in _COMPARE for t in tokens):
            raise FormulaError(msg.FORMULA_BOUND_COMPARE)
        ratio = None if bound else _as_ratio(tokens, percent)
        rule = _emit(ratio or tokens)
    _check(rule, ctx)
    return rule


def _check(rule: str, ctx: FormulaContext) -> None:
    """The rule text compiles and names only rows that exist."""
    if not rule:
        return
    try:
        expr = Expression.compile(rule.replace("sum_children()", "0"), f"BM{ctx.form}")
    except ExpressionError as err:
        raise FormulaError(msg.FORMULA_SYNTAX.format(reason=err)) from None
    known = set(ctx.keys) | set(ctx.refs.values())
    for ref in expr.refs:
        if ref not in known:
            raise FormulaError(msg.FORMULA_NO_ROW.format(ref=ref.part, form=ref.form.number))


# --- Rule language → printed -----------------------------------------------------------------

_RULE_TOKEN = re.compile(
    r"\s*(?:(?P<ref>\{[^{}]+\})|(?P<num>\d+(?:\.\d+)?)|(?P<name>[A-Za-z_]\w*)"
    r"|(?P<op><=|>=|==|!=|[-+*/<>])|(?P<punct>[(),]))"
)
_PRINTED_OP = {"<=": "≤", ">=": "≥", "==": "=", "!=": "≠", "*": "×"}
_PRINTED_KW = {k: v for k, v in msg.FORMULA_WORDS.items() if k in ("and", "or", "not")}
_PRINTED_FUNC = {k: v for k, v in msg.FORMULA_WORDS.items() if k in ("total", "ratio")}


def _rule_tokens(rule: str) -> list[tuple[str, str]] | None:
    """``(kind, text)`` of a rule text, or ``None`` when it holds something else."""
    tokens, i = [], 0
    while i < len(rule):
        match = _RULE_TOKEN.match(rule, i)
        if match is None or match.end() == i:
            if rule[i:].strip() == "":
                break
            return None
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind)))
        i = match.end()
    return tokens


def _printed(tokens: list[tuple[str, str]]) -> str | None:
    """Printed text of rule tokens (no ratio rewriting), or ``None`` if the grammar lacks one."""
    pieces: list[str] = []
    previous = ""
    i = 0
    while i < len(tokens):
        kind, text = tokens[i]
        if kind == "ref":
            pieces.append(text[1:-1])
        elif kind == "num":
            pieces.append(text.replace(".", ","))
        elif kind == "name" and text in _PRINTED_KW:
            word = _PRINTED_KW[text]
            pieces.append(f"{word} " if text == "not" else f" {word} ")
        elif kind == "name" and text == "sum_children":
            if tokens[i + 1 : i + 3] != [("punct", "("), ("punct", ")")]:
                return None
            pieces.append(msg.FORMULA_SUM_CHILDREN)
            i += 2
        elif kind == "name" and text in _PRINTED_FUNC:
            pieces.append(_PRINTED_FUNC[text])
        elif kind == "name":
            return None  # tier, filled, min, max, abs, documents_count: rule language only
        elif kind == "op":
            unary = text == "-" and previous in ("", "op", "(", ",", "kw")
            pieces.append("-" if unary else f" {_PRINTED_OP.get(text, text)} ")
        elif text == ",":
            pieces.append("; ")
        else:
            pieces.append(text)
        previous = "kw" if kind == "name" and text in _PRINTED_KW else kind
        if kind == "punct":
            previous = text
        i += 1
    return "".join(pieces).strip()


def _ratio_printed(tokens: list[tuple[str, str]], percent: bool) -> str | None:
    """``ratio(a, b)`` filling the whole formula as ``a / b`` (or ``a / b × 100``)."""
    if len(tokens) < 6 or tokens[0] != ("name", "ratio") or tokens[1] != ("punct", "("):
        return None
    if tokens[-1] != ("punct", ")"):
        return None
    depth, comma = 0, -1
    for i, (_kind, text) in enumerate(tokens[1:-1], start=1):
        if text == "(":
            depth += 1
        elif text == ")":
            depth -= 1
            if depth == 0:
                return None  # the first parenthesis closes before the end
        elif text == "," and depth == 1:
            if comma >= 0:
                return None
            comma = i
    if comma < 0:
        return None
    sides = []
    for part in (tokens[2:comma], tokens[comma + 1 : -1]):
        printed = _printed(part)
        if printed is None or not part:
            return None
        simple = len(part) == 1 or all(kind != "op" for kind, _ in part)
        sides.append(printed if simple else f"({printed})")
    text = f"{sides[0]} / {sides[1]}"
    return text if percent else f"{text} × 100"


def to_printed(
    rule: str, ctx: FormulaContext, *, percent: bool = False, bound: bool = False
) -> str:
    """Write a rule the way printed forms do, when that reads back as exactly the same rule.

    Returns:
        ``"2.2 / 2.1"`` for ``ratio({2.2}, {2.1})`` on a percentage row, ``"≤ 3.1"`` for the
        bound ``{3.1}``, …; the rule text itself when the printed grammar cannot say it (it
        then holds ``{`` or starts with ``@``), so that :func:`to_rule` always gives ``rule``.
    """
    if not rule:
        return ""
    tokens = _rule_tokens(rule)
    candidates: list[str] = []
    if tokens is not None:
        ratio = None if bound else _ratio_printed(tokens, percent)
        plain = _printed(tokens)
        candidates = [c for c in (ratio, plain) if c]
    for candidate in candidates:
        text = f"≤ {candidate}" if bound else candidate
        try:
            if to_rule(text, ctx, percent=percent, bound=bound) == rule:
                return text
        except FormulaError:
            continue
    return rule if "{" in rule else f"{RAW_PREFIX} {rule}"
