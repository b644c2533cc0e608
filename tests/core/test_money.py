"""The money reader takes amounts the ways people in Viet Nam type them, and refuses
what it cannot read one way only."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ctip.core.engine.money import MAX_VND, RATES, Amount, MoneyError, parse

amounts = st.integers(min_value=0, max_value=MAX_VND)
vnd_suffixes = st.sampled_from(["", "đ", " đ", "₫", " ₫", " VND", " VNĐ", " vnd", " đồng", "d"])


def grouped(n: int, mark: str) -> str:
    return f"{n:,}".replace(",", mark)


@pytest.mark.parametrize(
    ("typed", "vnd"),
    [
        ("5.000.000", 5_000_000),
        ("5,000,000", 5_000_000),
        ("5000000", 5_000_000),
        ("5 000 000", 5_000_000),
        ("5 triệu", 5_000_000),
        ("5 trieu", 5_000_000),
        ("5tr", 5_000_000),
        ("150tr", 150_000_000),
        ("150.000.000", 150_000_000),
        ("1,5 tỷ", 1_500_000_000),
        ("1,5 tỉ", 1_500_000_000),
        ("2.5 triệu", 2_500_000),
        ("2tr5", 2_500_000),
        ("2tr350", 2_350_000),
        ("1 triệu 200", 1_200_000),
        ("1 tỷ 200 triệu", 1_200_000_000),
        ("500k", 500_000),
        ("500 nghìn", 500_000),
        ("500 ngàn đồng", 500_000),
        ("5.000.000đ", 5_000_000),
        ("5.000.000 VNĐ", 5_000_000),
        ("VND 5,000,000", 5_000_000),
        ("5 million", 5_000_000),
        ("0", 0),
    ],
)
def test_vietnamese_ways_of_typing(typed: str, vnd: int) -> None:
    assert parse(typed) == Amount(vnd=vnd)


@pytest.mark.parametrize(
    ("typed", "currency", "original"),
    [
        ("500 USD", "USD", Decimal(500)),
        ("$500", "USD", Decimal(500)),
        ("US$ 20", "USD", Decimal(20)),
        ("500 đô la", "USD", Decimal(500)),
        ("1.000 THB", "THB", Decimal(1000)),
        ("€20", "EUR", Decimal(20)),
        ("20,50 €", "EUR", Decimal("20.50")),
        ("1000 nhân dân tệ", "CNY", Decimal(1000)),
        ("3 triệu riel", "KHR", Decimal(3_000_000)),
    ],
)
def test_foreign_amounts_keep_what_was_typed(typed: str, currency: str, original: Decimal) -> None:
    amount = parse(typed)
    assert (amount.currency, amount.original) == (currency, original)
    assert amount.vnd == int(original * RATES[currency] + Decimal("0.5"))


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "unreadable"),
        ("abc", "unreadable"),
        ("năm triệu", "unreadable"),
        ("5 triệu xyz", "unreadable"),
        ("-5000", "negative"),
        ("−5.000.000", "negative"),
        ("(5000)", "negative"),
        ("5 - 3", "negative"),
        ("1.5.000", "ambiguous"),
        ("1.50.000", "ambiguous"),
        ("5,00,000", "ambiguous"),
        ("1 2", "ambiguous"),
        ("2 triệu 3 tỷ", "ambiguous"),
        ("1,5", "fraction"),
        ("5.000,5", "fraction"),
        ("10000000000 tỷ", "too_large"),
        ("1.000.000.000.000.001", "too_large"),
        ("500 USD 200 €", "currency"),
    ],
)
def test_refuses_what_it_cannot_read(typed: str, code: str) -> None:
    with pytest.raises(MoneyError) as caught:
        parse(typed)
    assert caught.value.code == code


@given(amounts, st.sampled_from([".", ",", " "]), vnd_suffixes)
def test_grouped_thousands_read_back(n: int, mark: str, suffix: str) -> None:
    assert parse(grouped(n, mark) + suffix).vnd == n


@given(amounts, vnd_suffixes)
def test_plain_digits_read_back(n: int, suffix: str) -> None:
    assert parse(f"{n}{suffix}").vnd == n


@given(
    st.integers(min_value=0, max_value=999_999),
    st.integers(min_value=1, max_value=9),
    st.sampled_from([(",", " triệu", 6), (".", " triệu", 6), (",", " tỷ", 9), (".", "tr", 6)]),
)
def test_decimal_with_a_unit(whole: int, tenth: int, form: tuple[str, str, int]) -> None:
    mark, unit, exp = form
    text = f"{whole}{mark}{tenth}{unit}"
    expected = (whole * 10 + tenth) * 10 ** (exp - 1)
    if expected > MAX_VND:
        with pytest.raises(MoneyError):
            parse(text)
    else:
        assert parse(text).vnd == expected


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=999))
def test_billions_then_millions(billions: int, millions: int) -> None:
    assert parse(f"{billions} tỷ {millions} triệu").vnd == billions * 10**9 + millions * 10**6


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=1, max_value=9))
def test_shorthand_after_a_unit(millions: int, digit: int) -> None:
    assert parse(f"{millions}tr{digit}").vnd == millions * 10**6 + digit * 10**5


@given(st.integers(min_value=1, max_value=MAX_VND), st.sampled_from(["-", "−", "- "]))
def test_negative_is_never_read(n: int, sign: str) -> None:
    with pytest.raises(MoneyError) as caught:
        parse(f"{sign}{grouped(n, '.')}")
    assert caught.value.code == "negative"


@given(st.integers(min_value=1000, max_value=10**12), st.integers(min_value=1, max_value=2))
def test_groups_of_the_wrong_size_are_ambiguous(n: int, cut: int) -> None:
    """Dropping digits from a group ("1.5.000" for "1.500.000") is never read as
    another number."""
    parts = grouped(n, ".").split(".")
    parts[-1] = parts[-1][:cut]
    text = ".".join(parts)
    if len(parts) > 2:
        with pytest.raises(MoneyError) as caught:
            parse(text)
        assert caught.value.code == "ambiguous"


@given(st.integers(min_value=MAX_VND + 1, max_value=10**20))
def test_absurd_amounts_are_refused(n: int) -> None:
    with pytest.raises(MoneyError) as caught:
        parse(str(n))
    assert caught.value.code == "too_large"


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(sorted(RATES)))
def test_foreign_amounts_read_back(n: int, code: str) -> None:
    amount = parse(f"{grouped(n, '.')} {code}")
    assert amount.currency == code
    assert amount.vnd == n * RATES[code]
    assert amount.original == (None if code == "VND" else Decimal(n))


CODES = {"unreadable", "negative", "ambiguous", "fraction", "too_large", "currency"}


def _read(text: str) -> Amount | str:
    try:
        return parse(text)
    except MoneyError as e:
        return e.code


@example("'")  # only a separator: nothing left to read
@given(st.text(max_size=40))
def test_any_text_is_read_or_refused_with_a_reason(text: str) -> None:
    result = _read(text)
    if isinstance(result, str):
        assert result in CODES
    else:
        assert 0 <= result.vnd <= MAX_VND
