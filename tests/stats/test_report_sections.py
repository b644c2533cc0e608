"""The national report with the figures of proceedings, the hotline, cooperation, the
registry and outreach, protected as every table, and its ODT file."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from odf import teletype
from odf.opendocument import load
from odf.table import TableCell
from odf.text import H, P

from ctip.core.engine.periods import Period
from ctip.core.models import Province
from ctip.registry.models import Incident
from ctip.stats import report
from ctip.stats.actions import ReleaseInput, release_publish
from ctip.stats.models import Method
from ctip.stats.selectors import Reading
from tests.hotline.factories import make_call
from tests.registry.factories import make_incident


def _calls(world, province: str, n: int) -> None:  # type: ignore[no-untyped-def]
    for _i in range(n):
        make_call(world.users["hotline_operator"], province=Province.objects.get(code=province))


def _texts(document, kind) -> list[str]:  # type: ignore[no-untyped-def]
    return [teletype.extractText(e) for e in document.getElementsByType(kind)]


def test_the_report_adds_the_other_apps_and_hides_small_counts(world, client_for) -> None:  # type: ignore[no-untyped-def]
    _calls(world, "ha-noi", 14)
    _calls(world, "an-giang", 12)
    _calls(world, "nghe-an", 3)  # under 11: hidden, and one more so the total cannot tell
    period = f"{timezone.localdate():%Y-%m}"
    client = client_for(world.users["statistician"])
    page = client.get("/stats/report/", {"period": period, "language": "en"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "The 111 hotline took 29 calls" in body
    assert (
        "Criminal proceedings: prosecution was initiated in 0 cases of trafficking in persons, "
        "against 0 accused, with 0 victims; courts of first instance judged 0 cases and 0 "
        "defendants."
    ) in body
    assert "joint handovers were held and 0 citizens received" in body
    assert ("Registered workers abroad at the end of the period: 0; incidents reported: 0.") in body
    assert "Warning text messages reached 0 phones. Officers who attended training: 0." in body
    assert (
        "Criminal cases of trafficking in persons under investigation: 0 (— on the "
        "previous period)."
    ) in body
    assert "The requests from counterparts abroad asked about 0 persons" in body
    assert "Incidents with signs of trafficking: 0 (— on the previous period)." in body
    assert "Officers who passed their training: 0 (— on the previous period)." in body
    table = page.context["tables"][0]
    assert table.title == "Calls to 111 by province"
    shown = dict(table.rows)
    assert shown["Total"] == "29"
    hidden = [label for label, value in table.rows if not value.isdigit()]
    assert "Nghệ An" in hidden
    assert len(hidden) >= 2
    assert "3" not in shown.values()

    vi = client.get("/stats/report/", {"period": period, "language": "vi"}).content.decode()
    assert "Tổng đài 111 đã tiếp nhận 29 cuộc gọi" in vi
    assert "Cuộc gọi đến 111 theo tỉnh, thành phố" in vi
    assert "Tố tụng hình sự: đã khởi tố 0 vụ án mua bán người, 0 bị can, với 0 bị hại" in vi
    assert "tiếp nhận 0 công dân" in vi
    assert "Số người lao động đã đăng ký đang ở nước ngoài vào cuối kỳ: 0" in vi
    assert "Số cán bộ đã tham gia tập huấn: 0." in vi
    assert "Số vụ án mua bán người đang được điều tra: 0 (— so với kỳ trước)." in vi
    assert "Các yêu cầu của đối tác nước ngoài đề nghị xác minh 0 người" in vi
    assert "Số cán bộ đạt yêu cầu khóa tập huấn: 0 (— so với kỳ trước)." in vi


def test_the_incidents_with_signs_are_printed_with_their_change(world, client_for) -> None:  # type: ignore[no-untyped-def]
    for _i in range(27):
        make_incident(world, kind="abuse", signs=("cannot_leave",))
    make_incident(world)  # no sign of trafficking
    today = timezone.localdate()
    last_month = today.replace(day=1) - timedelta(days=3)
    moved = Incident.objects.filter(trafficking_signs=True).order_by("pk")[:15]
    Incident.objects.filter(pk__in=[i.pk for i in moved]).update(
        reported_at=timezone.now() - (today - last_month)
    )
    client = client_for(world.users["statistician"])
    period = f"{today:%Y-%m}"
    en = client.get("/stats/report/", {"period": period, "language": "en"}).content.decode()
    assert "incidents reported: 13." in en
    assert "Incidents with signs of trafficking: 12 (-20.0% on the previous period)." in en
    vi = client.get("/stats/report/", {"period": period, "language": "vi"}).content.decode()
    assert "Số sự việc có dấu hiệu mua bán người: 12 (-20.0% so với kỳ trước)." in vi


def test_a_count_that_would_give_back_a_hidden_cell_is_hidden(world, client_for) -> None:  # type: ignore[no-untyped-def]
    """Twelve incidents over two days are published; the report of the second day alone
    would say eleven and give away the one of the first day (12 - 11)."""
    for _i in range(12):
        make_incident(world)
    first = Incident.objects.order_by("pk").first()
    Incident.objects.filter(pk=first.pk).update(reported_at=timezone.now() - timedelta(days=1))
    today = timezone.localdate()
    release_publish(
        actor=world.users["national_statistician"],
        data=ReleaseInput(
            "registry.incidents", Period(today - timedelta(days=1), today), (), Method.SUPPRESSION
        ),
    )
    client = client_for(world.users["statistician"])
    period = f"{today}..{today}"
    en = client.get("/stats/report/", {"period": period, "language": "en"}).content.decode()
    assert "incidents reported: fewer than 11 or hidden." in en
    assert "incidents reported: 11" not in en
    vi = client.get("/stats/report/", {"period": period, "language": "vi"}).content.decode()
    assert "số sự việc được báo cáo: dưới 11 hoặc được ẩn." in vi


def test_the_report_downloads_as_an_odt_that_opens_with_its_figures(world, client_for) -> None:  # type: ignore[no-untyped-def]
    _calls(world, "ha-noi", 14)
    _calls(world, "an-giang", 12)
    period = f"{timezone.localdate():%Y-%m}"
    client = client_for(world.users["statistician"])
    answer = client.post(
        "/stats/report/",
        {
            "period": period,
            "language": "en",
            "title": "National figures, this month",
            "text": "The 111 hotline took 26 calls.\n\nEdited by hand.",
            "format": "odt",
        },
    )
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/vnd.oasis.opendocument.text"
    assert answer.content[:2] == b"PK"
    document = load(io.BytesIO(answer.content))
    assert _texts(document, H)[0] == "National figures, this month"
    assert "Calls to 111 by province" in _texts(document, H)
    paragraphs = _texts(document, P)
    assert "The 111 hotline took 26 calls." in paragraphs
    assert "Edited by hand." in paragraphs
    cells = _texts(document, TableCell)
    assert cells[:2] == ["Province", "Calls"]
    assert "Hà Nội" in cells
    assert "14" in cells
    assert "26" in cells


def test_the_tracing_requests_cannot_be_differenced_against_a_release(world, client_for) -> None:  # type: ignore[no-untyped-def]
    """Twelve relatives sought over two days are published; the report of the second day
    alone used to hide each count only when it was under 11 and would say eleven, giving
    away the one of the first day (12 - 11). Through the audited table it cannot."""
    from ctip.hotline.models import TracingRequest
    from tests.hotline.factories import make_request

    operator = world.users["hotline_operator"]
    for i in range(12):
        make_request(operator, name=f"Nguyễn Văn {i}")
    first = TracingRequest.objects.order_by("pk").first()
    TracingRequest.objects.filter(pk=first.pk).update(
        recorded_at=timezone.now() - timedelta(days=1)
    )
    TracingRequest.objects.exclude(pk=first.pk).update(
        located_at=timezone.now(), returned_at=timezone.now()
    )
    today = timezone.localdate()
    two_days = Period(today - timedelta(days=1), today)
    release_publish(
        actor=world.users["national_statistician"],
        data=ReleaseInput("hotline.tracing_requests", two_days, (), Method.SUPPRESSION),
    )
    client = client_for(world.users["statistician"])
    period = f"{today}..{today}"
    en = client.get("/stats/report/", {"period": period, "language": "en"}).content.decode()
    assert "Families asked the hotline to trace fewer than 11 or hidden relatives" in en
    assert "trace 11 relatives" not in en
    assert "11 were located" not in en
    assert "11 came home" not in en
    vi = client.get("/stats/report/", {"period": period, "language": "vi"}).content.decode()
    assert (
        "dưới 11 hoặc được ẩn người thân: đã xác định được nơi ở của dưới 11 hoặc được ẩn "
        "người và dưới 11 hoặc được ẩn người đã về nhà."
    ) in vi
    # The same day in a table builder gives nothing more back.
    table = client.get(
        "/stats/", {"indicator": "hotline.tracing_requests", "period": period}
    ).context["table"]
    assert table.total.value is None


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_hidden_count_never_starts_a_sentence_in_lower_case(world, language) -> None:  # type: ignore[no-untyped-def]
    """Every count of every section written hidden, as disclosure control writes it: each
    sentence still starts with a capital, and the hidden wording follows what it counts."""
    period = Period(timezone.localdate().replace(day=1), timezone.localdate())

    def hidden(value: int | None, threshold: int) -> str:
        return report._number(None, threshold)

    with translation.override(language):
        paragraphs, _tables = report.write(
            Reading(world.users["statistician"]), period, "01/2026", hidden
        )
        word = report._number(None, 11)
    text = " ".join(paragraphs)
    assert word in text
    # All five sections of the other apps and the report's own sentences are there.
    assert len(paragraphs) >= 8, paragraphs
    starts = [s for p in paragraphs for s in re.split(r"(?<=\.)\s+", p)]
    lower = [s for s in starts if s[:1].islower()]
    assert lower == [], lower
    # Nor does a sentence open on the hidden wording, capitalised or not.
    assert not [s for s in starts if s.lower().startswith(word.lower())]
