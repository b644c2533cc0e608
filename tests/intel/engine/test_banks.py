import json
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctip.intel.engine import InvalidIndicator, normalise
from ctip.intel.engine.banks import BANKS, EWALLETS, resolve_bank, resolve_ewallet

# BINs stated in the issue, from the NAPAS/VietQR list.
KNOWN_BINS = {
    "Vietcombank": "970436",
    "VCB": "970436",
    "VietinBank": "970415",
    "BIDV": "970418",
    "Agribank": "970405",
    "Techcombank": "970407",
    "MB": "970422",
    "ACB": "970416",
    "VPBank": "970432",
    "TPBank": "970423",
    "Sacombank": "970403",
}


@pytest.mark.parametrize(("name", "bin_"), sorted(KNOWN_BINS.items()))
def test_known_bins(name, bin_):
    assert resolve_bank(name).bin == bin_


def test_the_shipped_list_is_well_formed():
    raw = json.loads(resources.files("ctip.intel.engine").joinpath("data/banks.json").read_text())
    bins = [bank["bin"] for bank in raw["banks"]]
    assert len(bins) == len(set(bins)) == len(BANKS)
    assert all(len(b) == 6 and b.isdigit() for b in bins)
    assert len(BANKS) >= 50
    assert set(EWALLETS) == {"momo", "zalopay", "viettelmoney", "vnpay", "shopeepay"}


@pytest.mark.parametrize(
    "spelling",
    [
        "VietinBank",
        "vietinbank",
        "VIETINBANK",
        "CTG",
        "ICB",
        "970415",
        "Ngân hàng TMCP Công thương Việt Nam",
        "ngan hang cong thuong viet nam",
        "NH VietinBank",
        "Vietin Bank",
    ],
)
def test_any_spelling_of_a_bank_gives_its_bin(spelling):
    assert resolve_bank(spelling).bin == "970415"


def test_renamed_banks_keep_their_old_names():
    assert resolve_bank("LienVietPostBank").bin == resolve_bank("LPBank").bin == "970449"
    assert resolve_bank("Oceanbank").bin == resolve_bank("MBV").bin == "970414"


def test_saigon_bank_and_scb_stay_apart():
    assert resolve_bank("SaigonBank").bin == "970400"
    assert resolve_bank("Ngân hàng TMCP Sài Gòn").bin == "970429"


@pytest.mark.parametrize("unknown", ["", "Bank", "999999", "Ngân hàng ABC", "123"])
def test_unknown_banks_are_refused(unknown):
    with pytest.raises(InvalidIndicator):
        resolve_bank(unknown)


@pytest.mark.parametrize("bank", [b.bin for b in BANKS.values()])
def test_every_bank_resolves_by_each_of_its_names(bank):
    entry = BANKS[bank]
    for spelling in (entry.bin, entry.code, entry.short_name, entry.name, *entry.aliases):
        assert resolve_bank(spelling).bin == bank, spelling


@st.composite
def typed_accounts(draw):
    digits = draw(st.from_regex(r"[0-9]{6,19}", fullmatch=True))
    pieces, rest = [], digits
    while rest:
        size = draw(st.integers(1, len(rest)))
        pieces.append(rest[:size])
        rest = rest[size:]
    separator = draw(st.sampled_from(["", " ", "-", ".", " - "]))
    bank = draw(st.sampled_from(["VCB", "Vietcombank", "970436", "vietcombank", "Ngoại thương"]))
    return digits, separator.join(pieces), bank


@given(typed_accounts())
def test_bank_accounts_key_on_bin_and_digits(case):
    digits, typed, bank = case
    found = normalise("bank_account", typed, bank=bank)
    assert found.key == f"970436:{digits}"
    assert normalise("bank_account", found.key, bank=bank) == found


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12345", "6 to 19"),
        ("12345678901234567890", "6 to 19"),
        ("0011abc", "only digits"),
        ("", "Enter"),
        ("970415:0011001234", "another bank"),
    ],
)
def test_impossible_accounts_are_refused(typed, message):
    with pytest.raises(InvalidIndicator, match=message):
        normalise("bank_account", typed, bank="VCB")


def test_an_account_needs_its_bank():
    with pytest.raises(InvalidIndicator, match="which bank"):
        normalise("bank_account", "0011001234567")


@pytest.mark.parametrize(
    ("provider", "typed"),
    [
        ("MoMo", "0912 345 678"),
        ("momo", "+84912345678"),
        ("Ví MoMo", "84912345678"),
        ("MOMO", "momo:+84912345678"),
    ],
)
def test_wallets_on_a_phone_number_are_one_key(provider, typed):
    assert normalise("ewallet", typed, bank=provider).key == "momo:+84912345678"


def test_wallet_aliases_and_ids():
    assert resolve_ewallet("ViettelPay").provider == "viettelmoney"
    assert resolve_ewallet("AirPay").provider == "shopeepay"
    assert normalise("ewallet", "1234 5678 9012", bank="ZaloPay").key == "zalopay:123456789012"
    with pytest.raises(InvalidIndicator, match="Unknown e-wallet"):
        normalise("ewallet", "0912345678", bank="PayPal")
