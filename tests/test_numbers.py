"""vi-VN number grammar: parse_number, format_number, round_half_up, decimals_of.

The reference parser below is written from the grammar in the module docstring only
(ASCII digits, "," decimal, "." thousands in groups of exactly three, optional leading "-",
at most 15 digits once leading zeros are dropped) and converts digit by digit with integer
arithmetic, so it shares no code with the implementation.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from cchc_tui.base.errors import InvalidInput
from cchc_tui.base.numbers import (
    NumberFormatError,
    decimals_of,
    format_number,
    parse_number,
    round_half_up,
)

_REFERENCE = re.compile(r"(-?)([0-9]+|[1-9][0-9]{0,2}(?:\.[0-9]{3})+)(?:,([0-9]+))?")
_ALLOWED = "0123456789.,-"


def reference_parse(text: str) -> Decimal | None | str:
    """Independent reading of the grammar: a Decimal, None for blank, or "refused"."""
    s = text.strip()
    if s == "":
        return None
    m = _REFERENCE.fullmatch(s)
    if m is None:
        return "refused"
    sign, int_text, frac_text = m.group(1), m.group(2).replace(".", ""), m.group(3) or ""
    written = (int_text + frac_text).lstrip("0")
    if len(written) > 15:
        return "refused"
    units = 0
    for ch in int_text + frac_text:
        units = units * 10 + (ord(ch) - ord("0"))
    value = Decimal(units).scaleb(-len(frac_text))
    return -value if sign else value


# --- Round trip and formatting ---------------------------------------------------------------


@st.composite
def decimals_15(draw: st.DrawFn) -> Decimal:
    """A Decimal with at most 15 significant digits and 0–4 decimals, any sign."""
    places = draw(st.integers(min_value=0, max_value=4))
    digits = draw(st.integers(min_value=1, max_value=15))
    units = draw(st.integers(min_value=-(10**digits - 1), max_value=10**digits - 1))
    return Decimal(units).scaleb(-places)


@given(decimals_15())
@example(Decimal(0))
@example(Decimal("-0.0001"))
@example(Decimal("999999999999999"))
@example(Decimal("-99999999999.9999"))
@example(Decimal("4531000000"))
def test_format_then_parse_round_trips(value: Decimal) -> None:
    assert parse_number(format_number(value)) == value


@given(decimals_15())
def test_format_uses_dot_groups_of_three_and_comma_decimals(value: Decimal) -> None:
    text = format_number(value)
    assert re.fullmatch(r"-?[0-9]{1,3}(?:\.[0-9]{3})*(?:,[0-9]*[1-9])?", text), text
    body = text.lstrip("-")
    int_text, _, frac_text = body.partition(",")
    # The groups, joined, are the integer digits of the value; the fraction is its decimals.
    whole = abs(value).to_integral_value(rounding="ROUND_DOWN")
    assert int_text.replace(".", "") == str(int(whole))
    assert len(frac_text) == decimals_of(value)
    assert text.startswith("-") == (value < 0)


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (Decimal(10900), None, "10.900"),
        (Decimal("94.3"), None, "94,3"),
        (Decimal("656.3"), None, "656,3"),
        (Decimal(4531000000), None, "4.531.000.000"),
        (Decimal(2037), None, "2.037"),
        (Decimal(999), None, "999"),
        (Decimal(-1234567), None, "-1.234.567"),
        (Decimal("0.5"), None, "0,5"),
        (Decimal("94.30"), None, "94,3"),
        (Decimal("1E+3"), None, "1.000"),
        (5, None, "5"),
        (Decimal("33") * 100 / Decimal("35"), 1, "94,3"),
        (Decimal("1991") * 100 / Decimal("1994"), 2, "99,85"),
    ],
)
def test_format_examples(value: Decimal | int, decimals: int | None, expected: str) -> None:
    assert format_number(value, decimals) == expected


# --- Parsing: reference equivalence ----------------------------------------------------------

_near_valid = st.from_regex(r"\A ?-?([0-9]{1,4}|[0-9]{1,3}(\.[0-9]{3}){1,5})(,[0-9]{1,5})? ?\Z")
_messy = st.text(alphabet=_ALLOWED + " ", max_size=20)
_anything = st.text(max_size=12)
# Any Unicode digit or space mixed with the allowed characters: int()/Decimal() accept these.
_unicode_digits = st.text(
    alphabet=st.one_of(st.characters(categories=("Nd", "Zs")), st.sampled_from(_ALLOWED)),
    max_size=12,
)


@given(st.one_of(_near_valid, _messy, _anything, _unicode_digits))
@example("05")
@example("0.500")
@example("-0")
@example("1.234.567,891")
@example("1234567890123456")
@example("000000000000000000001")
def test_parse_agrees_with_reference(text: str) -> None:
    expected = reference_parse(text)
    try:
        got = parse_number(text)
    except NumberFormatError as err:
        assert expected == "refused", f"{text!r} refused ({err}) but the grammar accepts it"
        assert str(err).strip(), "refusal must say why"
        return
    assert expected != "refused", f"{text!r} accepted as {got!r} but the grammar refuses it"
    assert got == expected
    if got is not None:
        assert isinstance(got, Decimal)
        assert got.is_finite()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("94,3", Decimal("94.3")),
        ("10.900", Decimal(10900)),
        ("656,3", Decimal("656.3")),
        ("05", Decimal(5)),
        ("4.531.000.000", Decimal(4531000000)),
        ("2037", Decimal(2037)),
        ("99,84", Decimal("99.84")),
        ("0", Decimal(0)),
        ("100", Decimal(100)),
        ("  45 ", Decimal(45)),
        ("-3", Decimal(-3)),
        ("1.234,5", Decimal("1234.5")),
    ],
)
def test_parse_seed_001_values(text: str, expected: Decimal) -> None:
    got = parse_number(text)
    assert got == expected
    assert isinstance(got, Decimal)


@pytest.mark.parametrize("text", ["", "   ", "\t"])
def test_parse_blank_is_none(text: str) -> None:
    assert parse_number(text) is None


def test_parse_keeps_no_trailing_zeros_or_exponent() -> None:
    assert str(parse_number("10.900")) == "10900"
    assert str(parse_number("1,50")) == "1.5"
    assert decimals_of(parse_number("94,3") or Decimal(0)) == 1
    assert decimals_of(parse_number("10.900") or Decimal(1)) == 0


# --- Refusals with specific Vietnamese reasons -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "in_message"),
    [
        ("１２", "“１”"),
        ("٣", "“٣”"),
        ("nan", "“n”"),
        ("NaN", "“N”"),
        ("inf", "“i”"),
        ("-Infinity", "“I”"),
        ("1e3", "lũy thừa"),
        ("2E5", "lũy thừa"),
        ("1_000", "“_”"),
        (" 1 000", "khoảng trắng"),
        ("1\u00a0000", "khoảng trắng"),
        ("94.3", "“94.3” không rõ nghĩa"),
        ("1.50", "“1.50” không rõ nghĩa"),
        ("0.500", "“0.500” không rõ nghĩa"),  # an English 0,5; a grouped number has no leading 0
        ("1.0000", "“1.0000” không rõ nghĩa"),
        ("1234.567", "“1234.567” không rõ nghĩa"),
        ("1,2,3", "một dấu phẩy"),
        (",5", "Trước dấu phẩy"),
        ("5,", "Sau dấu phẩy"),
        ("--5", "Dấu trừ"),
        ("5-", "Dấu trừ"),
        ("1,000.5", "Dấu chấm"),
        ("+5", "“+”"),
        ("1234567890123456", "15"),
    ],
)
def test_refusals_name_the_problem_in_vietnamese(text: str, in_message: str) -> None:
    with pytest.raises(NumberFormatError) as info:
        parse_number(text)
    message = str(info.value)
    assert in_message in message
    # Vietnamese (letters with diacritics), not an English library error.
    assert any(unicodedata.combining(ch) for ch in unicodedata.normalize("NFD", message))
    assert "invalid" not in message.lower()


def test_number_format_error_is_an_invalid_input_the_officer_reads() -> None:
    with pytest.raises(InvalidInput) as err:
        parse_number("abc")
    assert err.value.exit_code == 2 and "Ký tự “a”" in err.value.message


# --- Rounding ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Decimal(33) * 100 / Decimal(35), 1, Decimal("94.3")),
        (Decimal(1991) * 100 / Decimal(1994), 2, Decimal("99.85")),
        (Decimal("99.8495"), 2, Decimal("99.85")),
        (Decimal("0.125"), 2, Decimal("0.13")),
        (Decimal("0.135"), 2, Decimal("0.14")),
        (Decimal("2.5"), 0, Decimal(3)),
        (Decimal("3.5"), 0, Decimal(4)),
        (Decimal("656.3") * 100 / Decimal(10900), 2, Decimal("6.02")),
        (Decimal("0.124999"), 2, Decimal("0.12")),
        (Decimal("94.30"), 2, Decimal("94.3")),
    ],
)
def test_round_half_up(value: Decimal, places: int, expected: Decimal) -> None:
    got = round_half_up(value, places)
    assert got == expected
    assert decimals_of(got) <= places


@given(decimals_15(), st.integers(min_value=0, max_value=4))
def test_round_half_up_is_nearest_with_ties_away_from_zero(value: Decimal, places: int) -> None:
    got = round_half_up(value, places)
    step = Decimal(1).scaleb(-places)
    error = abs(got - value)
    assert error <= step / 2
    if error == step / 2:  # a tie goes away from zero ("half up" on the magnitude)
        assert abs(got) > abs(value)
    assert decimals_of(got) <= places


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("94.3"), 1),
        (Decimal("94.30"), 1),
        (Decimal("10900"), 0),
        (Decimal("1E+3"), 0),
        (Decimal("0.0001"), 4),
        (Decimal("-2.25"), 2),
    ],
)
def test_decimals_of(value: Decimal, expected: int) -> None:
    assert decimals_of(value) == expected
