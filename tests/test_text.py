"""Vietnamese text at the boundaries: NFC normalisation and search folding."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc_tui.base.text import fold, nfc

_BASES = "aăâeêioôơuưy"
_TONES = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]  # sắc huyền hỏi ngã nặng
_VOWELS = [unicodedata.normalize("NFC", b + t) for b in _BASES + _BASES.upper() for t in _TONES]
_LETTERS = list("bcdghklmnpqrstvx" + "BCDGHKLMNPQRSTVX") + ["đ", "Đ"] + _VOWELS
_ALPHABET = _LETTERS + [" ", "0", "6", ",", ".", "-", "/"]

vietnamese_text = st.lists(st.sampled_from(_ALPHABET), max_size=40).map("".join)


def test_nfc_composes_windows_keyboard_input() -> None:
    composed = "Cải cách"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed  # the input really is NFD (combining marks)
    assert len(decomposed) > len(composed)
    result = nfc(decomposed)
    assert result == composed
    assert len(result) == len("Cải cách")
    assert unicodedata.is_normalized("NFC", result)


def test_nfc_leaves_nfc_text_and_ascii_alone() -> None:
    assert nfc("Thủ tục hành chính") == "Thủ tục hành chính"
    assert nfc("BM3/1.4") == "BM3/1.4"
    assert nfc("") == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thủ tục hành chính", "thu tuc hanh chinh"),
        ("Đề án 06", "de an 06"),
        ("đề án", "de an"),
        ("Cải cách Đề án", "cai cach de an"),
        ("UBND xã Bình Lãng", "ubnd xa binh lang"),
        ("Tứ Kỳ", "tu ky"),
        ("Hải Dương", "hai duong"),
        ("Phường Ngọc Châu", "phuong ngoc chau"),
        ("Ưu tiên", "uu tien"),
        ("TTHC", "tthc"),
    ],
)
def test_fold_examples(text: str, expected: str) -> None:
    assert fold(text) == expected


def test_fold_removes_every_mark_and_d_bar() -> None:
    folded = fold("ẮẰẲẴẶ ấầẩẫậ Ơ ờ Ư ữ Đ đ ỹ")
    assert folded == "aaaaa aaaaa o o u u d d y"
    assert folded.isascii()


@given(vietnamese_text)
def test_fold_of_nfd_equals_fold_of_nfc(text: str) -> None:
    nfd = unicodedata.normalize("NFD", text)
    assert fold(nfd) == fold(text)
    assert fold(nfc(nfd)) == fold(text)


@given(vietnamese_text)
def test_fold_is_idempotent_ascii_and_keeps_length(text: str) -> None:
    folded = fold(text)
    assert fold(folded) == folded
    assert folded.isascii()
    # One base letter per composed Vietnamese letter: folding never drops or adds letters.
    assert len(folded) == len(nfc(text))
    assert folded == folded.lower()


@given(vietnamese_text)
def test_nfc_is_idempotent_and_normalised(text: str) -> None:
    nfd = unicodedata.normalize("NFD", text)
    once = nfc(nfd)
    assert nfc(once) == once
    assert unicodedata.is_normalized("NFC", once)
    assert once == unicodedata.normalize("NFC", text)


@given(vietnamese_text, vietnamese_text)
def test_folded_search_finds_text_typed_without_marks(prefix: str, word: str) -> None:
    haystack = prefix + word
    assert fold(word) in fold(unicodedata.normalize("NFD", haystack))
