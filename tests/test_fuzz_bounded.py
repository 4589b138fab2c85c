"""Fuzzing the three readers of foreign input (issue 17): the report JSON reader, the bundle
verifier and the template loader.

For every generated input: no exception escapes but the reader's own Vietnamese error (no
traceback), and the work stays bounded — measured in operations and sizes, never in time:
values met and numbers converted by the JSON reader, digits and exponent of every ``Decimal``
made, bytes inflated by the verifier, YAML events read by the template check.
"""

from __future__ import annotations

import contextlib
import json
import struct
from decimal import Decimal
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_tui import messages as msg
from cchc_tui.base import jsonread, limits
from cchc_tui.base.jsonread import JsonReader, JsonSyntaxError
from cchc_tui.base.limits import REPORT_JSON, LimitExceeded
from cchc_tui.domain.interchange import InterchangeError, loads_report
from cchc_tui.exports import bundle, verify
from cchc_tui.service.samples import sample_path
from cchc_tui.template import loader
from cchc_tui.template.loader import TemplateError, load_template_text

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SAMPLE = sample_path().read_text(encoding="utf-8")
TEMPLATE = (loader._builtin_dir() / "hai-duong_xa_chi-so-cchc_2023.yaml").read_text(
    encoding="utf-8"
)


# --- Hostile JSON text ------------------------------------------------------------------------

_number_texts = st.one_of(
    st.integers(-(10**30), 10**30).map(str),
    st.builds(lambda m, e: f"{m}E{e}", st.integers(-99, 99), st.integers(-(10**7), 10**7)),
    st.builds(lambda d: "0." + "0" * d + "1", st.integers(0, 80)),
    st.builds(lambda d: "9" * d, st.integers(1, 6000)),
    st.sampled_from(["NaN", "Infinity", "-Infinity", "-0", "1.", ".5", "01", "1e", "--1"]),
)
_strings = st.one_of(
    st.text(max_size=30).map(lambda t: json.dumps(t, ensure_ascii=False)),
    st.builds(lambda n: '"' + "x" * n + '"', st.integers(0, 30_000)),
    st.sampled_from(['"\\ud800"', '"\\x"', '"abc', '"\t"', '"\\u00e9"']),
)


def _container(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    keys = st.sampled_from(['"a"', '"values"', '"explanations"', '"documents"', '"narrative"'])
    return st.one_of(
        st.lists(children, max_size=6).map(lambda items: "[" + ",".join(items) + "]"),
        st.lists(st.tuples(keys, children), max_size=6).map(
            lambda pairs: "{" + ",".join(f"{k}:{v}" for k, v in pairs) + "}"
        ),
        st.builds(lambda n, c: "[" * n + c + "]" * n, st.integers(0, 3000), children),
        st.builds(lambda n: '{"a":' * n + "1" + "}" * n, st.integers(0, 3000)),
    )


_json_text = st.recursive(
    st.one_of(_number_texts, _strings, st.sampled_from(["true", "false", "null", "", "}", "]"])),
    lambda children: _container(children),
    max_leaves=40,
)


class _Spy:
    """Every text that reaches ``Decimal()`` in the bounded reader."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def __call__(self, text: str) -> Decimal:
        self.texts.append(text)
        return Decimal(text)


def _assert_bounded_decimals(spy: _Spy) -> None:
    for text in spy.texts:
        value = Decimal(text)
        assert len(text) <= limits.NUMBER_TEXT_CHARS
        if value:
            assert -limits.MAX_FRACTION_DIGITS <= value.adjusted() < limits.MAX_INTEGER_DIGITS


@FUZZ
@given(_json_text)
def test_the_json_reader_is_bounded_and_never_raises_anything_else(text: str) -> None:
    spy = _Spy()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jsonread, "Decimal", spy)
        reader = JsonReader(text, REPORT_JSON)
        try:
            reader.read()
        except (LimitExceeded, JsonSyntaxError) as err:
            assert err.message
        assert reader.values <= REPORT_JSON.max_values + 1
        assert reader.numbers_converted <= reader.values
        assert reader.chars_built <= len(text)
        _assert_bounded_decimals(spy)
        with pytest.raises(InterchangeError):
            loads_report(text, "fuzz.json")  # none of these is a whole valid report


@FUZZ
@given(st.data())
def test_edits_of_a_real_report_give_a_report_or_a_vietnamese_error(data: st.DataObject) -> None:
    text = SAMPLE
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 20))
        insert = data.draw(st.one_of(_number_texts, _strings, st.text(max_size=5)))
        text = text[:at] + insert + text[at + cut :]
    spy = _Spy()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jsonread, "Decimal", spy)
        try:
            loads_report(text, "fuzz.json")
        except InterchangeError as err:
            assert err.message.startswith("Tệp fuzz.json")
        _assert_bounded_decimals(spy)


# --- Hostile bundles ----------------------------------------------------------------------------


def _valid_bundle() -> tuple[bytes, Any]:
    from cryptography.hazmat.primitives.asymmetric import ed25519

    key = ed25519.Ed25519PrivateKey.generate()
    meta = {
        "template_id": "t@1",
        "unit_code": "11092",
        "unit_name": "Xã Bình Lãng",
        "period_code": "2023-nam",
        "revision": 1,
        "signer_name": "Trần Xuân Mãng",
        "signer_title": "CHỦ TỊCH",
        "signed_at": "2023-12-09T01:00:00+00:00",
        "app_version": "0.1.0",
    }
    return bundle.build_bundle({"report.json": SAMPLE.encode()}, meta, key), key


BUNDLE, BUNDLE_KEY = _valid_bundle()


def _mutations() -> st.SearchStrategy[list[tuple[str, int, int]]]:
    kind = st.sampled_from(["flip", "cut", "insert", "size", "count", "truncate"])
    return st.lists(
        st.tuples(kind, st.integers(0, len(BUNDLE)), st.integers(0, 2**32 - 1)), max_size=4
    )


UNSIGNED = BUNDLE[: -(106 + 2)] + b"\x00\x00"
"""The bundle's ZIP before its signature comment (a hostile sender edits and signs that)."""


def _mutate(data: bytes, steps: list[tuple[str, int, int]]) -> bytes:
    out = bytearray(data)
    for kind, at, value in steps:
        at = min(at, len(out))
        if kind == "flip" and out:
            out[min(at, len(out) - 1)] ^= 1 << (value % 8)
        elif kind == "cut":
            del out[at : at + value % 64]
        elif kind == "insert":
            out[at:at] = value.to_bytes(4, "little") * (1 + value % 8)
        elif kind in ("size", "count"):
            signature = b"PK\x01\x02" if kind == "size" else b"PK\x05\x06"
            pos = out.find(signature)
            if pos >= 0 and kind == "size":
                struct.pack_into("<I", out, pos + 24, value)  # uncompressed size
            elif pos >= 0:
                struct.pack_into("<H", out, pos + 10, value % 65536)  # entry count
        elif kind == "truncate":
            del out[at:]
    return bytes(out)


@FUZZ
@given(_mutations(), st.booleans())
def test_the_verifier_is_bounded_and_never_meets_the_unexpected(
    steps: list[tuple[str, int, int]], resign: bool
) -> None:
    data = _mutate(UNSIGNED if resign else BUNDLE, steps)
    if resign:
        with contextlib.suppress(ValueError):  # no longer ends as a ZIP: sent unsigned
            data = bundle.sign_zip(data, BUNDLE_KEY)  # validly signed hostile structure
    inflated: list[int] = []
    original = verify._inflate

    def counting(blob: bytes, entry: Any) -> bytes:
        out = original(blob, entry)
        inflated.append(len(out))
        return out

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(verify, "_inflate", counting)
        result = verify.verify_bundle(data)
    unexpected = msg.VERIFY_UNEXPECTED.split("(")[0]
    assert not any(p.startswith(unexpected) for p in result.problems), result.problems
    assert sum(inflated) <= verify.MAX_TOTAL_BYTES
    assert len(inflated) <= verify.MAX_MEMBERS
    if result.ok:
        assert result.manifest is not None


# --- Hostile templates --------------------------------------------------------------------------

_yaml_piece = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["&a [1, 2]", "*a", "!!python/object:os.system", "? x", "- ", ": ", "'"]),
    st.builds(lambda n: "[" * n + "]" * n, st.integers(0, 3000)),
    st.builds(lambda n: "".join("  " * i + "- a:\n" for i in range(n)), st.integers(0, 200)),
    st.builds(lambda n: "x" * n, st.integers(0, 20_000)),
)


@FUZZ
@given(st.data())
def test_the_template_loader_is_bounded_and_says_what_is_wrong(data: st.DataObject) -> None:
    if data.draw(st.booleans()):
        text = TEMPLATE
        for _ in range(data.draw(st.integers(1, 3))):
            at = data.draw(st.integers(0, len(text)))
            text = text[:at] + data.draw(_yaml_piece) + text[at + data.draw(st.integers(0, 10)) :]
    else:
        text = "\n".join(data.draw(st.lists(_yaml_piece, max_size=6)))
    events = 0
    original = yaml.parse

    def counting(stream: str, Loader: Any) -> Any:  # noqa: N803 - PyYAML's name
        nonlocal events
        for event in original(stream, Loader=Loader):
            events += 1
            yield event

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(loader.yaml, "parse", counting)
        try:
            load_template_text(text, "fuzz.yaml")
        except TemplateError as err:
            assert "fuzz.yaml" in err.message
    assert events <= limits.YAML_MAX_EVENTS + 1
