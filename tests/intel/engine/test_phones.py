import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctip.intel.engine import InvalidIndicator, normalise
from ctip.intel.engine.phones import VN_MOBILE_2018, normalise_phone

MOBILE_PREFIXES = ["32", "33", "34", "35", "36", "37", "38", "39", "56", "58", "59", "70"]
MOBILE_PREFIXES += ["76", "77", "78", "79", "81", "82", "83", "84", "85", "86", "88", "90", "91"]
MOBILE_PREFIXES += ["93", "94", "96", "97", "98", "99"]

# The official 2018 table, restated here so that a wrong edit of the data file fails.
OFFICIAL_2018 = {
    "0162": "032", "0163": "033", "0164": "034", "0165": "035", "0166": "036",
    "0167": "037", "0168": "038", "0169": "039", "0120": "070", "0121": "079",
    "0122": "077", "0126": "076", "0128": "078", "0123": "083", "0124": "084",
    "0125": "085", "0127": "081", "0129": "082", "0186": "056", "0188": "058",
    "0199": "059",
}  # fmt: skip


def test_renumbering_table_matches_the_official_one():
    assert {"0" + k: "0" + v for k, v in VN_MOBILE_2018.items()} == OFFICIAL_2018


@pytest.mark.parametrize(("old", "new"), sorted(OFFICIAL_2018.items()))
def test_old_eleven_digit_numbers_become_their_ten_digit_number(old, new):
    assert normalise_phone(old + "2345678").key == "+84" + new[1:] + "2345678"
    assert normalise_phone("+84" + old[1:] + "2345678").key == "+84" + new[1:] + "2345678"


@pytest.mark.parametrize(
    "typed",
    [
        "0912345678",
        "0912 345 678",
        "0912.345.678",
        "0912-345-678",
        "(091) 234-5678",
        "+84912345678",
        "+84 912 345 678",
        "+84 (0) 912 345 678",
        "84912345678",
        "0084 912 345 678",
        "912345678",
        "０９１２３４５６７８",
        "0912\u200b345678",
    ],
)
def test_one_number_typed_many_ways_is_one_key(typed):
    assert normalise("phone", typed).key == "+84912345678"


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("+855 12 345 678", "+85512345678"),
        ("00855 12 345 678", "+85512345678"),
        ("+95 9 420 123 456", "+959420123456"),
        ("+856 20 5555 1234", "+8562055551234"),
        ("+66 81 234 5678", "+66812345678"),
        ("+86 138 0013 8000", "+8613800138000"),
        ("028 3812 3456", "+842838123456"),
    ],
)
def test_foreign_and_landline_numbers(typed, key):
    assert normalise_phone(typed).key == key


@pytest.mark.parametrize(
    "typed", ["", "   ", "abc", "0912abc678", "012", "09123456789012", "+855 1", "+84 12", "0+912"]
)
def test_invalid_numbers_are_refused_with_a_message(typed):
    with pytest.raises(InvalidIndicator, match=r"\w"):
        normalise_phone(typed)


def _typings(draw, national: str) -> str:
    prefix = draw(st.sampled_from(["0", "+84", "84", "0084", "+84 ", "+84 (0)", "(+84) "]))
    separator = draw(st.sampled_from(["", " ", ".", "-"]))
    cut = draw(st.integers(1, len(national) - 1))
    return prefix + national[:cut] + separator + national[cut:]


def _allocated(national: str) -> bool:
    return phonenumbers.is_valid_number(phonenumbers.parse("+84" + national))


@st.composite
def vn_mobiles(draw):
    # Some blocks inside a mobile prefix are not allocated; the metadata knows which.
    national = draw(
        st.tuples(st.sampled_from(MOBILE_PREFIXES), st.from_regex(r"[0-9]{7}", fullmatch=True))
        .map("".join)
        .filter(_allocated)
    )
    return national, _typings(draw, national)


@given(vn_mobiles())
def test_every_typing_of_a_vietnamese_mobile_gives_its_e164(case):
    national, typed = case
    assert normalise_phone(typed).key == "+84" + national


@given(vn_mobiles())
def test_normalising_is_idempotent(case):
    first = normalise_phone(case[1])
    assert normalise_phone(first.key) == first
    assert normalise_phone(first.display) == first


@given(st.text(max_size=30))
def test_arbitrary_text_gives_an_indicator_or_a_clear_error(text):
    message = ""
    try:
        result = normalise_phone(text)
    except InvalidIndicator as exc:
        message = str(exc)
        result = None
    if result is None:
        assert message
    else:
        assert result.key.startswith("+")
        assert result.key[1:].isdigit()
