import io
import json

import pytest
from docx import Document
from openpyxl import load_workbook

from ctip.core.models import AuditEvent
from tests.stats.factories import national_picture


@pytest.fixture
def picture(world):
    national_picture(world)
    return world


def test_the_table_page_shows_hidden_cells_a_map_and_comparisons(picture, client_for):
    client = client_for(picture.users["statistician"])
    page = client.get(
        "/stats/", {"indicator": "cases.received", "period": "2025-Q2", "rows": "province"}
    )
    assert page.status_code == 200
    body = page.content.decode()
    assert "<svg" in body
    assert "An Giang" in body
    assert "A year earlier" in body or "Cùng kỳ" in body
    # A statistician cannot publish: no publishing form.
    assert "/stats/publish/" not in body


def test_a_period_that_ends_before_it_starts_is_refused(picture, client_for):
    client = client_for(picture.users["statistician"])
    page = client.get(
        "/stats/", {"indicator": "cases.received", "period": "2025-03-01..2025-02-01"}
    )
    assert page.status_code == 400
    assert "<svg" not in page.content.decode()


def test_publish_then_export(picture, client_for):
    client = client_for(picture.users["national_statistician"])
    answer = client.post(
        "/stats/publish/",
        {
            "indicator": "cases.received",
            "period": "2025-Q2",
            "rows": "province",
            "columns": "sex",
            "method": "suppression",
            "title": "Quý II",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    page = client.get(answer["Location"])
    body = page.content.decode()
    assert 'data-status="primary"' in body
    assert "<svg" in body
    release_id = int(answer["Location"].rstrip("/").split("/")[-1])
    xlsx = client.get(f"/stats/releases/{release_id}/xlsx/")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert 80 in values
    assert 3 not in values  # the 3 men of Ha Noi
    pdf = client.get(f"/stats/releases/{release_id}/pdf/")
    assert pdf.content.startswith(b"%PDF")
    unodc = client.get(f"/stats/releases/{release_id}/unodc.csv").content.decode()
    assert unodc.splitlines()[0] == "country,indicator,dimension,category,sex,age,year,value"
    assert "VNM,Persons referred as possible victims of trafficking" in unodc
    assert ",3\n" not in unodc
    exported = AuditEvent.objects.filter(event_type="STATS_RELEASE_EXPORTED")
    assert sorted(e.data["format"] for e in exported) == ["pdf", "unodc", "xlsx"]


def test_the_api_gives_tables_and_publishes(picture, client_for):
    statistician = client_for(picture.users["statistician"])
    table = statistician.get(
        "/api/v1/stats/tables",
        {"indicator": "cases.received", "period": "2025-Q2", "breakdowns": "province,sex"},
    )
    assert table.status_code == 200
    cells = {tuple(c["categories"]): c["value"] for c in table.json()["cells"]}
    assert cells[("ha-noi", "male")] is None
    assert cells[(None, None)] == 80
    bad = statistician.get(
        "/api/v1/stats/tables", {"indicator": "cases.received", "period": "2025-13"}
    )
    assert bad.status_code in (400, 422)
    assert bad["Content-Type"].startswith("application/problem+json")
    national = client_for(picture.users["national_statistician"])
    made = national.post(
        "/api/v1/stats/releases",
        json.dumps({"indicator": "cases.received", "period": "2025", "method": "rounded"}),
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["cells"][0]["value"] == 80
    refused = statistician.post(
        "/api/v1/stats/releases",
        json.dumps({"indicator": "cases.received", "period": "2025", "method": "rounded"}),
        content_type="application/json",
    )
    assert refused.status_code == 403


def test_the_national_report_is_written_edited_and_downloaded(picture, client_for):
    client = client_for(picture.users["statistician"])
    page = client.get("/stats/report/", {"period": "2025-Q2", "language": "en"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "80 suspected victims were received" in body
    answer = client.post(
        "/stats/report/",
        {
            "period": "2025-Q2",
            "language": "en",
            "title": "National figures, second quarter",
            "text": "80 suspected victims were received.\n\nEdited by hand.",
            "format": "docx",
        },
    )
    assert answer.status_code == 200
    document = Document(io.BytesIO(answer.content))
    assert [p.text for p in document.paragraphs][1:3] == [
        "80 suspected victims were received.",
        "Edited by hand.",
    ]
    assert document.tables[0].cell(0, 0).text == "Province"  # the tables follow the text
    pdf = client.post(
        "/stats/report/",
        {
            "period": "2025-Q2",
            "language": "vi",
            "title": "Số liệu",
            "text": "Đã sửa.",
            "format": "pdf",
        },
    )
    assert pdf.content.startswith(b"%PDF")
    event = AuditEvent.objects.filter(event_type="STATS_REPORT_EXPORTED").order_by("seq").first()
    assert event.data["format"] == "docx"
    assert "text" not in event.data


def test_the_ctdc_microdata_page_says_what_was_generalised(world, client_for):
    import datetime as dt

    from tests.stats.factories import cases

    user = world.users["case_worker"]
    cases(14, agency=world.agency, user=user, on=dt.date(2025, 5, 1), identified=True)
    cases(1, agency=world.agency, user=user, on=dt.date(2025, 5, 1), age=70, identified=True)
    client = client_for(world.users["national_statistician"])
    page = client.get("/stats/ctdc/")
    assert page.status_code == 200
    assert "15" in page.content.decode()
    rows = client.get("/stats/ctdc/", {"download": "1"}).content.decode().splitlines()
    assert len(rows) >= 12  # a header and the rows that were not suppressed
    assert "Person" not in "".join(rows)  # no name ever leaves
    assert AuditEvent.objects.filter(event_type="CTDC_EXPORTED").exists()
