import json
from datetime import UTC, datetime

import pytest
import stix2

from ctip.intel.engine import normalise
from ctip.intel.engine.exchange import (
    SharedIndicator,
    from_misp_event,
    from_stix_bundle,
    to_misp_event,
    to_stix_bundle,
)

NOW = datetime(2025, 6, 1, 12, tzinfo=UTC)
FIRST = datetime(2025, 1, 5, tzinfo=UTC)

SAMPLES = [
    normalise("phone", "0912 345 678"),
    normalise("phone", "+855 12 345 678"),
    normalise("bank_account", "0011 0012 34567", bank="Vietcombank"),
    normalise("ewallet", "0987654321", bank="MoMo"),
    normalise("ewallet", "123456789012", bank="ZaloPay"),
    normalise("social", "@ViecLamCampuchia", platform="telegram"),
    normalise("social", "https://t.me/+AbCdEfGh1234"),
    normalise("social", "https://www.facebook.com/profile.php?id=100012345678"),
    normalise("social", "fb.com/tuyen.dung.luong.cao"),
    normalise("social", "https://www.facebook.com/groups/viec-lam-campuchia"),
    normalise("social", "zalo.me/0912345678"),
    normalise("social", "https://zalo.me/g/abcdxyz123"),
    normalise("social", "@viec.lam_88", platform="tiktok"),
    normalise("social", "wa.me/855123456789"),
    normalise("url", "https://www.vieclam-luongcao.com.vn/apply"),
    normalise("url", "https://www.Việc-Làm.vn/"),
    normalise("url", "bit.ly/3AbCdE"),
    normalise("url", "https://www.youtube.com/watch?v=dQw4"),
    normalise("url", "http://203.0.113.7/login"),
    normalise("crypto", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"),
    normalise("crypto", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"),
    normalise("crypto", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"),
    normalise("crypto", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"),
    normalise("email", "tuyendung.quocte@gmail.com"),
    normalise("ip", "2001:db8::7"),
    normalise("app", "com.gdt.etax"),
    normalise("apk_hash", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    normalise("apk_hash", "d41d8cd98f00b204e9800998ecf8427e"),
]
NOT_SHARED = [normalise("name", "Công ty TNHH Việt Đức"), normalise("url", "facebook.com")]


def shared(indicators):
    return [SharedIndicator(i, reports=3, first_seen=FIRST, last_seen=NOW) for i in indicators]


def test_stix_round_trip_gives_back_every_indicator():
    bundle = to_stix_bundle(shared(SAMPLES + NOT_SHARED), now=NOW)
    back = from_stix_bundle(bundle)
    assert back.rejected == ()
    assert sorted(i.ref for i in back.indicators) == sorted(i.ref for i in SAMPLES)


def test_the_stix_bundle_is_valid_and_carries_only_indicators_and_aggregates():
    text = to_stix_bundle(shared(SAMPLES), now=NOW)
    bundle = stix2.parse(text, allow_custom=True)
    types = {obj["type"] for obj in bundle.objects}
    assert types == {
        "identity",
        "indicator",
        "relationship",
        "phone-number",
        "bank-account",
        "user-account",
        "domain-name",
        "url",
        "ipv4-addr",
        "ipv6-addr",
        "email-addr",
        "software",
        "file",
        "cryptocurrency-wallet",
    }
    indicators = [o for o in bundle.objects if o["type"] == "indicator"]
    assert len(indicators) == len(SAMPLES)
    assert all(o["x_ctip_reports"] == 3 for o in indicators)
    assert "narrative" not in text
    assert "reporter" not in text
    account = next(
        o for o in bundle.objects if o["type"] == "bank-account" and "x_ctip_bank_bin" in o
    )
    assert (account["x_ctip_bank_bin"], account["account_number"]) == ("970436", "0011001234567")
    assert "iban" not in account


def test_stix_ids_are_stable_across_exports():
    first = json.loads(to_stix_bundle(shared(SAMPLES), now=NOW))
    second = json.loads(to_stix_bundle(shared(reversed(SAMPLES)), now=NOW))
    assert sorted(o["id"] for o in first["objects"]) == sorted(o["id"] for o in second["objects"])


def test_a_pattern_only_feed_is_understood():
    feed = {
        "type": "bundle",
        "id": "bundle--1",
        "objects": [
            {"type": "indicator", "pattern_type": "stix",
             "pattern": "[phone-number:value = '+84 912 345 678']"},
            {"type": "indicator", "pattern_type": "stix",
             "pattern": "[user-account:account_type = 'telegram' AND "
                        "user-account:account_login = 'ViecLamCampuchia']"},
            {"type": "indicator", "pattern_type": "stix", "pattern": "[file:name = 'x.exe']"},
            {"type": "indicator", "pattern_type": "stix",
             "pattern": "[file:hashes.'SHA-256' = '" + "AB" * 32 + "']"},
            {"type": "ipv4-addr", "value": "103.45.67.89"},
            {"type": "indicator", "pattern_type": "yara", "pattern": "rule x {}"},
            {"type": "phone-number", "value": "12"},
        ],
    }  # fmt: skip
    back = from_stix_bundle(feed)
    assert [i.ref for i in back.indicators] == [
        "apk_hash:sha256:" + "ab" * 32,
        "ip:103.45.67.89",
        "phone:+84912345678",
        "social:telegram:vieclamcampuchia",
    ]
    assert len(back.rejected) == 2


def test_misp_round_trip_gives_back_every_indicator():
    event = to_misp_event(shared(SAMPLES + NOT_SHARED), info="Scam indicators", now=NOW)
    back = from_misp_event(json.dumps(event))
    assert back.rejected == ()
    assert sorted(i.ref for i in back.indicators) == sorted(i.ref for i in SAMPLES)


def test_misp_event_uses_the_standard_objects():
    event = to_misp_event(shared(SAMPLES), info="Scam indicators", now=NOW)["Event"]
    names = {o["name"] for o in event["Object"]}
    assert names == {
        "phone-number",
        "bank-account",
        "telegram-account",
        "user-account",
        "coin-address",
    }
    bank = next(o for o in event["Object"] if o["name"] == "bank-account")
    relations = {a["object_relation"]: a["value"] for a in bank["Attribute"]}
    assert relations["account"] == "0011001234567"
    assert relations["institution-code"] == "970436"
    assert {a["type"] for a in event["Attribute"]} == {
        "url",
        "domain",
        "ip-dst",
        "email",
        "mobile-application-id",
        "sha256",
        "md5",
    }


@pytest.mark.parametrize(
    "misp_object",
    [
        {"name": "phone-number", "Attribute": [{"object_relation": "phone-number", "value": "x"}]},
        {"name": "file", "Attribute": []},
        {"name": "bank-account", "Attribute": [{"object_relation": "account", "value": "123456"}]},
    ],
)
def test_misp_objects_that_do_not_normalise_are_rejected_not_raised(misp_object):
    back = from_misp_event({"Event": {"Object": [misp_object], "Attribute": []}})
    assert back.indicators == ()
    assert len(back.rejected) == 1
