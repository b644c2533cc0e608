"""Reading partners' STIX bundles and MISP events with what the partner said of each
indicator (dates, confidence, labels), and per-object errors instead of exceptions."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ctip.intel.engine import normalise
from ctip.intel.engine.exchange import (
    FeedError,
    PartnerItem,
    SharedIndicator,
    merge_items,
    read_feed,
    read_misp_event,
    read_stix_bundle,
    to_misp_event,
    to_stix_bundle,
)
from ctip.intel.engine.linking import risk_score

NOW = datetime(2025, 6, 1, 12, tzinfo=UTC)
FIRST = datetime(2025, 1, 5, tzinfo=UTC)
PHONE = normalise("phone", "0912 345 678")
ACCOUNT = normalise("bank_account", "0011 0012 34567", bank="Vietcombank")
HANDLE = normalise("social", "@ViecLamCampuchia", platform="telegram")


def partner_bundle(*objects, bundle_id="bundle--5d0092c5-5f74-4287-9642-33f4c354e56d"):
    return {"type": "bundle", "id": bundle_id, "objects": list(objects)}


def test_a_stix_bundle_gives_items_with_the_partner_s_confidence_labels_and_dates():
    bundle = partner_bundle(
        {
            "type": "indicator",
            "id": "indicator--1",
            "pattern_type": "stix",
            "pattern": "[phone-number:value = '+84 912 345 678']",
            "confidence": 85,
            "labels": ["scam-compound", "recruitment"],
            "valid_from": "2025-02-01T00:00:00Z",
            "modified": "2025-05-01T00:00:00Z",
        },
        {"type": "phone-number", "id": "phone-number--2", "value": "0912345678"},
        {"type": "identity", "id": "identity--3", "name": "CamCERT"},
    )
    feed = read_stix_bundle(json.dumps(bundle))
    assert feed.format == "stix"
    assert feed.document_id == bundle["id"]
    assert feed.errors == ()
    (item,) = feed.items  # the observable and the indicator are one indicator
    assert item.indicator.ref == PHONE.ref
    assert item.confidence == 85
    assert item.labels == ("recruitment", "scam-compound")
    assert item.first_seen == datetime(2025, 2, 1, tzinfo=UTC)
    assert item.last_seen == datetime(2025, 5, 1, tzinfo=UTC)


def test_broken_objects_are_listed_with_their_place_not_raised():
    bundle = partner_bundle(
        {"type": "phone-number", "id": "phone-number--1", "value": "12"},
        "not an object",
        {"type": "indicator", "id": "indicator--2", "pattern_type": "stix", "pattern": 7},
        {"type": "x-unknown", "id": "x-unknown--3"},
        {"type": "user-account", "account_type": "telegram", "account_login": "@scamjobs"},
    )
    feed = read_stix_bundle(bundle)
    assert [i.indicator.ref for i in feed.items] == ["social:telegram:scamjobs"]
    assert [e.position for e in feed.errors] == [1, 2, 3, 4]
    first = feed.errors[0]
    assert (first.kind, first.value) == ("phone-number", "phone-number--1")
    assert first.label.en.startswith("Object 1 (phone-number “phone-number--1”): ")
    assert feed.errors[1].label.en == "Object 2: It is not a JSON object."


@pytest.mark.parametrize(
    "document", [b"[1]", b"{", b'{"objects": 5}', b'{"type": "report", "objects": []}', b"\xff"]
)
def test_a_document_that_is_not_a_bundle_is_refused_as_a_whole(document):
    with pytest.raises(FeedError):
        read_stix_bundle(document)


def test_a_bundle_without_id_is_known_by_its_digest():
    one = read_stix_bundle({"type": "bundle", "objects": []})
    again = read_stix_bundle({"objects": [], "type": "bundle"})
    assert one.document_id.startswith("sha256:")
    assert one.document_id == again.document_id


def test_a_misp_event_gives_items_with_tags_as_labels():
    event = {
        "Event": {
            "uuid": "5f0c1e6a-1d5c-4f7e-9a57-6b1f1c7e2a10",
            "info": "Scam compound recruiters, Sihanoukville",
            "Tag": [{"name": "tlp:amber"}],
            "Object": [
                {
                    "name": "phone-number",
                    "first_seen": "2025-03-01T00:00:00+07:00",
                    "Attribute": [
                        {
                            "object_relation": "phone-number",
                            "value": "+84912345678",
                            "Tag": [{"name": "scam:recruiter"}],
                        }
                    ],
                },
                {"name": "phone-number", "Attribute": [{"object_relation": "phone-number"}]},
                {"name": "bank-account", "Attribute": "nope"},
            ],
            "Attribute": [
                {"type": "domain", "value": "vieclam-luongcao.com.vn"},
                {"type": "comment", "value": "ignored"},
                {"type": "url", "value": "not a url at all"},
                3,
            ],
        }
    }
    feed = read_misp_event(json.dumps(event))
    assert feed.format == "misp"
    assert feed.document_id == "5f0c1e6a-1d5c-4f7e-9a57-6b1f1c7e2a10"
    assert feed.title.startswith("Scam compound")
    refs = {i.indicator.ref: i for i in feed.items}
    assert set(refs) == {PHONE.ref, "url:vieclam-luongcao.com.vn"}
    assert refs[PHONE.ref].labels == ("scam:recruiter", "tlp:amber")
    assert refs[PHONE.ref].first_seen == datetime(2025, 2, 28, 17, tzinfo=UTC)
    assert [e.position for e in feed.errors] == [2, 3, 6, 7]


@pytest.mark.parametrize(
    "document", [b"[1]", b'{"Event": 3}', b'{"Event": {"Object": {}}}', b'{"Attribute": 1}']
)
def test_a_document_that_is_not_an_event_is_refused_as_a_whole(document):
    with pytest.raises(FeedError):
        read_misp_event(document)


def test_read_feed_knows_two_formats():
    with pytest.raises(FeedError):
        read_feed("csv", b"{}")


def test_our_own_exports_read_back_as_partner_feeds():
    shared = [
        SharedIndicator(i, reports=3, first_seen=FIRST, last_seen=NOW)
        for i in (PHONE, ACCOUNT, HANDLE)
    ]
    stix = read_feed("stix", to_stix_bundle(shared, now=NOW))
    misp = read_feed("misp", json.dumps(to_misp_event(shared, info="x", now=NOW)))
    for feed in (stix, misp):
        assert feed.errors == ()
        assert {i.indicator.ref for i in feed.items} == {PHONE.ref, ACCOUNT.ref, HANDLE.ref}
        assert all(i.first_seen == FIRST for i in feed.items)


# Properties ------------------------------------------------------------------------------

INDICATORS = st.sampled_from([PHONE, ACCOUNT, HANDLE])
MOMENTS = st.none() | st.datetimes(
    min_value=datetime(2020, 1, 1),  # noqa: DTZ001 - hypothesis bounds are naive
    max_value=datetime(2030, 1, 1),  # noqa: DTZ001
    timezones=st.just(UTC),
)
ITEMS = st.builds(
    PartnerItem,
    INDICATORS,
    st.none() | st.integers(0, 100),
    st.lists(st.sampled_from(["a", "b", "tlp:amber"]), max_size=3).map(tuple),
    MOMENTS,
    MOMENTS,
)


@given(st.lists(ITEMS, max_size=12), st.randoms())
def test_merging_does_not_depend_on_order_and_keeps_one_item_per_indicator(items, rnd):
    shuffled = list(items)
    rnd.shuffle(shuffled)
    merged = merge_items(items)
    assert merged == merge_items(shuffled)
    assert len({i.indicator.ref for i in merged}) == len(merged)
    assert merge_items(merged) == merged
    for item in merged:
        same = [i for i in items if i.indicator.ref == item.indicator.ref]
        given_confidence = [i.confidence for i in same if i.confidence is not None]
        assert item.confidence == (max(given_confidence) if given_confidence else None)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=20,
)
OBJECT_KEYS = st.sampled_from(
    [
        "type",
        "id",
        "value",
        "pattern",
        "pattern_type",
        "confidence",
        "labels",
        "valid_from",
        "account_type",
        "account_login",
        "name",
        "Attribute",
        "object_relation",
        "Tag",
        "uuid",
    ]
)
OBJECTS = st.dictionaries(
    OBJECT_KEYS,
    JSON
    | st.sampled_from(
        ["phone-number", "indicator", "stix", "user-account", "telegram", "phone-number"]
    ),
    max_size=6,
)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["stix", "misp"]),
    st.dictionaries(
        st.sampled_from(["type", "id", "objects", "Event", "Object", "Attribute", "uuid"]),
        JSON | st.lists(OBJECTS, max_size=5),
        max_size=4,
    ),
)
def test_any_json_gives_a_feed_or_a_feed_error_never_another_exception(format, document):
    try:
        feed = read_feed(format, json.dumps(document).encode())
    except FeedError:
        return
    assert len({i.indicator.ref for i in feed.items}) == len(feed.items)
    for error in feed.errors:
        assert error.position >= 1
        assert error.label.en


@given(
    st.integers(1, 60),
    st.integers(0, 10**12),
    st.integers(1, 6),
    st.integers(0, 400),
    st.integers(0, 6),
)
def test_partner_corroboration_raises_risk_within_bounds(size, losses, kinds, age, partners):
    base = {
        "size": size,
        "total_loss_vnd": losses,
        "kinds": kinds,
        "last_reported": NOW - timedelta(days=age),
        "now": NOW,
    }
    plain = risk_score(**base)
    raised = risk_score(**base, partner_indicators=partners)
    more = risk_score(**base, partner_indicators=partners + 1)
    assert risk_score(**base, partner_indicators=0) == plain
    assert plain <= raised <= more <= 100
    # Partners close part of the gap, never all of it: a report stays needed.
    assert raised <= plain + (100 - plain) * 0.25 + 0.1
