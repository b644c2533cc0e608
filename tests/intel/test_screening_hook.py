"""A phone, site or handle reported to intel raises the risk of a job offer naming it."""

from ctip.intel.actions import IndicatorInput
from ctip.intel.selectors import reported_counts
from ctip.screening import checking
from ctip.screening.engine import IndicatorQuery
from ctip.screening.lookup import PLATFORM_LOOKUP
from tests.intel.factories import make_report

POST = (
    "Tuyển gấp 20 nữ làm việc tại Campuchia, lương 30 triệu/tháng, bao vé máy bay, "
    "không cần kinh nghiệm. Liên hệ Zalo 0912 345 678 hoặc telegram @tuyendung_vip"
)


def test_reported_counts_by_value_as_asked(world, investigator):
    make_report(investigator, IndicatorInput("phone", "0912 345 678"))
    make_report(None, IndicatorInput("social", "@TuyenDung_VIP", platform="telegram"))
    make_report(None, IndicatorInput("url", "https://www.viecnhe.vip/apply"))
    counts = reported_counts(
        phones=["+84912345678", "+84900000000"],
        domains=["viecnhe.vip"],
        handles=["@tuyendung_vip"],
    )
    assert counts == {"+84912345678": 1, "viecnhe.vip": 1, "@tuyendung_vip": 1}


def test_the_platform_lookup_answers_from_intel(world, investigator):
    query = IndicatorQuery(phones=("+84912345678",))
    assert list(PLATFORM_LOOKUP.facts(query)) == []
    make_report(investigator, IndicatorInput("phone", "0912 345 678"))
    make_report(None, IndicatorInput("phone", "+84 912 345 678"))
    facts = list(PLATFORM_LOOKUP.facts(query))
    assert [(f.kind, f.value, f.reports) for f in facts] == [
        ("reported_indicator", "+84912345678", 2)
    ]


def test_a_reported_phone_raises_the_risk_of_a_job_offer(world, investigator):
    before = checking.check(POST)
    make_report(investigator, IndicatorInput("phone", "0912 345 678"))
    after = checking.check(POST)
    assert after.risk >= before.risk
    assert len(after.flags) > len(before.flags)
