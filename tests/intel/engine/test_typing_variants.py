"""Every way people type one indicator gives one key (issue 18, point 4)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctip.intel.engine import InvalidIndicator, normalise
from ctip.intel.engine.banks import BANKS, EWALLETS, resolve_bank, resolve_ewallet
from ctip.intel.engine.report_types import REPORT_TYPES, SYNONYMS, report_type

# Mobile blocks in use, including ones the phone metadata lags on (089x, 052x).
PREFIXES = ["32", "39", "52", "56", "70", "79", "81", "86", "88", "89", "90", "91", "96", "99"]
SEPARATORS = st.sampled_from(["", " ", ".", "-", "  ", " - "])


@st.composite
def typed_phone(draw):
    """A Vietnamese mobile number, and one of the ways people write it."""
    national = draw(st.sampled_from(PREFIXES)) + draw(st.from_regex(r"[0-9]{7}", fullmatch=True))
    prefix = draw(
        st.sampled_from(["0", "+84", "84", "(+84) ", "+84 ", "0084", "+84 (0)", "(084) ", ""])
    )
    sep = draw(SEPARATORS)
    # Group the nine digits as people do: 3-3-3, 2-3-4, 3-2-2-2 or not at all.
    groups = draw(st.sampled_from([(3, 3, 3), (2, 3, 4), (3, 2, 2, 2), (9,)]))
    parts, start = [], 0
    for size in groups:
        parts.append(national[start : start + size])
        start += size
    return "+84" + national, prefix + sep.join(parts)


@given(typed_phone())
def test_every_phone_layout_is_one_phone(case):
    key, typed = case
    assert normalise("phone", typed).key == key


@given(typed_phone(), st.sampled_from(["MoMo", "momo", "Ví MoMo", "ví điện tử momo", "MOMO"]))
def test_an_ewallet_on_a_phone_is_keyed_by_the_phone(case, provider):
    key, typed = case
    assert normalise("ewallet", typed, bank=provider).key == f"momo:{key}"


def test_the_reported_momo_wallet_is_one_indicator():
    a = normalise("ewallet", "0892.473.617", bank="MoMo")
    b = normalise("ewallet", "+84892473617", bank="momo")
    assert a.key == b.key == "momo:+84892473617"
    assert normalise("phone", "(+84) 89 247 3617").key == "+84892473617"


def _respell(draw, name):
    """``name`` with random case, spacing between its letters' words and diacritics kept."""
    words = name.split()
    joiner = draw(st.sampled_from([" ", "", "  ", "-"]))
    text = joiner.join(words)
    case = draw(st.sampled_from([str.lower, str.upper, str.title, lambda s: s]))
    return case(text)


@given(st.data(), st.sampled_from(sorted(EWALLETS)))
def test_wallet_names_tolerate_spacing_and_case(data, provider):
    wallet = EWALLETS[provider]
    spelling = data.draw(st.sampled_from([wallet.short_name, *wallet.aliases]))
    assert resolve_ewallet(_respell(data.draw, spelling)).provider == provider


@given(st.data(), st.sampled_from(sorted(BANKS)))
def test_bank_names_tolerate_spacing_and_case(data, bin_):
    bank = BANKS[bin_]
    assert resolve_bank(_respell(data.draw, bank.short_name)).bin == bin_
    assert resolve_bank(bank.code.lower()).bin == bin_


@pytest.mark.parametrize(
    ("typed", "provider"),
    [("Zalo Pay", "zalopay"), ("ZaloPay", "zalopay"), ("zalopay", "zalopay"),
     ("Ví điện tử ZaloPay", "zalopay"), ("Viettel Pay", "viettelmoney"),
     ("momo wallet", "momo"), ("VI MOMO", "momo")],
)  # fmt: skip
def test_named_wallet_spellings(typed, provider):
    assert resolve_ewallet(typed).provider == provider


@pytest.mark.parametrize(
    "typed", ["Vietcombank", "VCB", "vietcom bank", "VIETCOMBANK", "Ngân hàng Ngoại thương",
              "NH NGOAI THUONG", "970436"]
)  # fmt: skip
def test_named_bank_spellings(typed):
    assert resolve_bank(typed).short_name == "Vietcombank"


@pytest.mark.parametrize(
    ("typed", "kind"),
    [("ransom demand", "ransom"), ("Đòi tiền chuộc", "ransom"), ("doi tien chuoc", "ransom"),
     ("deceptive recruitment", "recruitment"), ("Job scam", "recruitment"),
     ("lừa đảo tuyển dụng", "recruitment"), ("Giả danh công an", "impersonation"),
     ("pig-butchering", "investment"), ("Lừa tình", "romance"), ("cờ bạc online", "gambling"),
     ("", "other"), ("Recruitment", "recruitment")],
)  # fmt: skip
def test_report_types_accept_common_synonyms(typed, kind):
    assert report_type(typed) == kind


@given(st.sampled_from(sorted((t, w) for t, ws in SYNONYMS.items() for w in ws)), st.data())
def test_every_synonym_in_any_case_and_spacing(pair, data):
    kind, word = pair
    assert report_type(_respell(data.draw, word)) == kind


def test_an_unknown_report_type_is_refused():
    assert report_type("weather report") is None
    assert set(SYNONYMS) == set(REPORT_TYPES)


@given(
    st.from_regex(r"[a-z]{1,6}(\.[a-z]{1,6}){0,2}", fullmatch=True),
    st.sampled_from(["", "+job", "+vn2"]),
    st.sampled_from(["gmail.com", "GMAIL.COM", "googlemail.com"]),
)
def test_gmail_addresses_fold_dots_and_tags(local, tag, domain):
    key = normalise("email", f" {local.upper()}{tag}@{domain} ").key
    assert key == local.replace(".", "") + "@gmail.com"


@pytest.mark.parametrize(
    ("typed", "key"),
    [("Tuyen.Dung@VieclamQuocte.vn", "tuyen.dung@vieclamquocte.vn"),
     ("mailto:hr@vieclam.vn", "hr@vieclam.vn"),
     ("hr[at]vieclam[.]vn", "hr@vieclam.vn"),
     ("hr@việclàm.vn", "hr@" + "việclàm.vn".encode("idna").decode())],
)  # fmt: skip
def test_email_keys(typed, key):
    assert normalise("email", typed).key == key


@pytest.mark.parametrize("typed", ["hr@", "@vieclam.vn", "hr vieclam.vn", "hr@localhost", "a@b@c"])
def test_bad_emails_are_refused(typed):
    with pytest.raises(InvalidIndicator):
        normalise("email", typed)


@given(
    st.ip_addresses().filter(
        lambda a: a.is_global and not a.is_multicast and getattr(a, "ipv4_mapped", None) is None
    )
)
def test_ip_addresses_key_on_the_canonical_form(address):
    typed = address.exploded.upper() if address.version == 6 else str(address)
    assert normalise("ip", typed).key == address.compressed
    if address.version == 4:
        defanged = str(address).replace(".", "[.]")
        assert normalise("ip", f" {defanged}:443 ").key == address.compressed
    else:
        assert normalise("ip", f"[{address}]:443").key == address.compressed


@pytest.mark.parametrize(
    "typed", ["192.168.1.1", "10.0.0.8", "172.16.4.2", "127.0.0.1", "100.64.1.1", "fe80::1",
              "fd00::5", "::1", "0.0.0.1", "1.2.3", "999.1.1.1"]
)  # fmt: skip
def test_private_and_malformed_addresses_are_refused(typed):
    with pytest.raises(InvalidIndicator):
        normalise("ip", typed)


def test_ip_forms_are_one_indicator():
    forms = ["103.45.67.89", "103.45.67[.]89", "103.45.67.89:8443", " 103[.]45[.]67[.]89 "]
    assert {normalise("ip", f).key for f in forms} == {"103.45.67.89"}
    # A link to the bare address is the same indicator.
    assert normalise("url", "http://103.45.67.89/login").ref == "ip:103.45.67.89"
    with pytest.raises(InvalidIndicator):
        normalise("ip", "192.168.1.1")


def test_app_package_from_name_or_store_link():
    forms = [
        "com.gdt.etax",
        "COM.GDT.ETAX",
        "https://play.google.com/store/apps/details?id=com.gdt.etax&hl=vi",
        "play.google.com/store/apps/details?id=com.gdt.etax",
    ]
    assert {normalise("app", f).key for f in forms} == {"com.gdt.etax"}
    for bad in ("etax", "com..gdt", "1com.gdt", "https://play.google.com/store"):
        with pytest.raises(InvalidIndicator):
            normalise("app", bad)


@given(st.binary(min_size=32, max_size=32), st.sampled_from(["", "sha256:", "SHA-256 = "]))
def test_apk_hashes_fold_case_and_labels(raw, label):
    digest = raw.hex()
    assert normalise("apk_hash", label + digest.upper()).key == "sha256:" + digest


def test_apk_hash_lengths():
    assert normalise("apk_hash", "a" * 32).key == "md5:" + "a" * 32
    assert normalise("apk_hash", "b" * 40).key == "sha1:" + "b" * 40
    for bad in ("a" * 33, "g" * 64, ""):
        with pytest.raises(InvalidIndicator):
            normalise("apk_hash", bad)
