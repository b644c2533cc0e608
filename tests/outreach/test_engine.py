"""Segments, encodings, the unaccented variant, receipts, opt-out words and hours."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from ctip.outreach.engine import hours, receipts
from ctip.outreach.engine.text import Encoding, decode, encode, segments, split, unaccented


def test_gsm7_limits_are_160_then_153_a_part() -> None:
    assert segments("a" * 160) == segments("a" * 160, Encoding.GSM7)
    assert segments("a" * 160).parts == 1
    assert segments("a" * 161).parts == 2
    assert segments("a" * 306).parts == 2
    assert segments("a" * 307).parts == 3


def test_ucs2_limits_are_70_then_67_a_part() -> None:
    assert segments("ă" * 70).encoding == Encoding.UCS2
    assert segments("ă" * 70).parts == 1
    assert segments("ă" * 71).parts == 2
    assert segments("ă" * 134).parts == 2
    assert segments("ă" * 135).parts == 3


def test_extension_characters_count_twice() -> None:
    assert segments("€" * 80).characters == 160
    assert segments("€" * 81).parts == 2


def test_a_vietnamese_text_is_refused_as_gsm7() -> None:
    with pytest.raises(ValueError, match="GSM-7"):
        segments("Cảnh báo", Encoding.GSM7)


def test_the_unaccented_variant_fits_fewer_parts() -> None:
    text = "Cảnh báo: việc nhẹ lương cao ở Campuchia là lừa đảo. Gọi 111 để được giúp đỡ ngay."
    assert unaccented(text).startswith("Canh bao: viec nhe luong cao o Campuchia la lua dao.")
    assert unaccented("Đường dây nóng") == "Duong day nong"
    assert segments(text).parts == 2
    assert segments(unaccented(text)).parts == 1


def test_encode_decode_round_trip_and_split_on_characters() -> None:
    text = "Goi 111 {ngay} €"
    assert decode(encode(text, Encoding.GSM7), 0) == text
    parts = split("€" * 100, Encoding.GSM7)
    assert len(parts) == 2
    assert all(not p.endswith(b"\x1b") for p in parts)


def test_receipts_are_read_into_states() -> None:
    r = receipts.parse_receipt(
        "id:abc123 sub:001 dlvrd:001 submit date:2612061000 done date:2612061001 "
        "stat:DELIVRD err:000 text:Canh"
    )
    assert r is not None
    assert (r.message_id, r.state) == ("abc123", "delivered")
    assert receipts.parse_receipt("id:x stat:UNDELIV err:001").state == "undeliverable"  # type: ignore[union-attr]
    assert receipts.parse_receipt("hello") is None


@pytest.mark.parametrize("text", ["TU CHOI", "tu choi", "Từ chối", "STOP", " stop. ", "HỦY"])
def test_opt_out_words(text: str) -> None:
    assert receipts.is_opt_out(text)


@pytest.mark.parametrize("text", ["cam on", "stop spam please", ""])
def test_other_replies_are_not_opt_outs(text: str) -> None:
    assert not receipts.is_opt_out(text)


def test_hours() -> None:
    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    assert hours.within_hours(datetime(2026, 12, 6, 7, 0, tzinfo=tz))
    assert not hours.within_hours(datetime(2026, 12, 6, 22, 0, tzinfo=tz))
    assert not hours.within_hours(datetime(2026, 12, 6, 6, 59, tzinfo=tz))
    assert hours.next_opening(datetime(2026, 12, 6, 23, 0, tzinfo=tz)) == datetime(
        2026, 12, 7, 7, 0, tzinfo=tz
    )


def test_an_outcome_ratio_and_its_interval() -> None:
    from ctip.outreach.engine.outcomes import Cells, effect, weekly_cells

    # Checks doubled in the targeted provinces, stayed flat elsewhere.
    e = effect(Cells(100, 200, 400, 400))
    assert round(e.ratio, 3) == 2.0
    assert e.low > 1
    assert e.clear
    # Small counts: the same doubling is not distinguishable from chance.
    small = effect(Cells(2, 4, 4, 4))
    assert round(small.ratio, 3) == 2.0
    assert not small.clear
    assert effect(Cells(0, 3, 5, 5)).corrected
    cells = weekly_cells([1, 2, 3, 10, 10, 10, 99], [5, 5, 5, 5, 5, 5, 5], weeks_before=3)
    assert cells == Cells(6, 30, 15, 15)
    with pytest.raises(ValueError, match="negative"):
        effect(Cells(-1, 1, 1, 1))
