"""The import of the published list: per-row reports, history kept, nothing half-written."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override

from ctip.core.models import AuditEvent, Job
from ctip.registry import actions
from ctip.registry.models import Enterprise, EnterpriseChange, EnterpriseImport
from tests.registry.factories import csv_list

GOOD = (
    "123/LĐTBXH-GP,Công ty TNHH Dịch vụ Quốc tế Sao Mai,0101234567,15/03/2021,Đang hoạt động,,,"
    '"Nhật Bản; Đài Loan",cơ khí,"Chi nhánh Nghệ An, 12 Lê Lợi, Vinh",1 tỷ,Trần Văn Bình,'
    "saomai-intl.vn,024 3824 1234"
)
SECOND = "45/BNV-GP,Công ty CP Nhân lực Hòa Bình,0107654321,2022-01-10,hoạt động,,,KR,,,,,,"


@pytest.fixture(autouse=True)
def in_english():
    """The messages are read in English here; the Vietnamese ones are checked below."""
    with override("en"):
        yield


def _import(actor, *rows: str):
    return actions.list_import(actor=actor, file_name="danh-sach.csv", content=csv_list(*rows))


@pytest.mark.django_db
def test_a_published_list_enters_the_register_with_every_field(world):
    result = _import(world.users["labour_officer"], GOOD, SECOND)
    assert (result.created, result.updated, result.errors) == (2, 0, ())
    saomai = Enterprise.objects.get(licence_number="123/LĐTBXH-GP")
    assert saomai.markets == ["JP", "TW"]
    assert saomai.deposit_vnd == 1_000_000_000
    assert saomai.issued_on.isoformat() == "2021-03-15"
    assert saomai.phones == ["+842438241234"]
    assert saomai.branches == ["Chi nhánh Nghệ An, 12 Lê Lợi, Vinh"]
    assert saomai.agency == world.agency
    assert AuditEvent.objects.filter(event_type="REGISTRY_LIST_IMPORTED").count() == 1


@pytest.mark.django_db
def test_a_later_list_keeps_the_history_of_every_change(world):
    officer = world.users["labour_officer"]
    _import(officer, GOOD, SECOND)
    revoked = GOOD.replace("Đang hoạt động,,", "Thu hồi,QĐ 456/QĐ-BNV,20/10/2025")
    result = _import(officer, revoked, SECOND)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    saomai = Enterprise.objects.get(licence_number="123/LĐTBXH-GP")
    assert (saomai.status, saomai.status_decision) == ("revoked", "QĐ 456/QĐ-BNV")
    change = EnterpriseChange.objects.filter(enterprise=saomai).first()
    assert change.kind == "status"
    assert change.fields["status"] == ["active", "revoked"]
    assert change.source_id == result.record.pk
    assert EnterpriseChange.objects.filter(enterprise=saomai).count() == 2


@pytest.mark.django_db
def test_a_malformed_licence_or_unknown_status_is_reported_by_row_and_writes_nothing(world):
    officer = world.users["labour_officer"]
    malformed = SECOND.replace("45/BNV-GP", "GP-45")
    unknown = GOOD.replace("Đang hoạt động", "Tạm nghỉ")
    bad_date = SECOND.replace("45/BNV-GP", "46/BNV-GP").replace("2022-01-10", "32/13/2022")
    revoked_without_decision = SECOND.replace("45/BNV-GP", "47/BNV-GP").replace(
        "hoạt động", "thu hồi"
    )
    result = _import(officer, malformed, unknown, bad_date, revoked_without_decision)
    assert result.created == 0
    assert Enterprise.objects.count() == 0
    assert EnterpriseChange.objects.count() == 0
    rows = {e.row: " ".join(e.messages) for e in result.errors}
    assert "is not a licence number" in rows[2]
    assert "“Tạm nghỉ” is not a status" in rows[3]
    assert "is not a date" in rows[4]
    assert "names its decision" in rows[5]
    record = EnterpriseImport.objects.get()
    assert record.refused == 4
    assert record.errors[0][0] == 2


@pytest.mark.django_db
def test_a_licence_twice_in_one_list_is_reported_on_its_second_row(world):
    result = _import(
        world.users["labour_officer"], SECOND, SECOND.replace("Hòa Bình", "Hoà Bình 2")
    )
    assert result.created == 1
    assert [e.row for e in result.errors] == [3]
    assert Enterprise.objects.get().name == "Công ty CP Nhân lực Hòa Bình"


@pytest.mark.django_db
def test_a_file_without_its_columns_or_unreadable_writes_nothing(world):
    officer = world.users["labour_officer"]
    with pytest.raises(ValidationError):
        actions.list_import(actor=officer, file_name="x.csv", content=b"a,b\n1,2\n")
    with pytest.raises(ValidationError):
        actions.list_import(actor=officer, file_name="x.csv", content=b"\xff\xfe\x00bad")
    with pytest.raises(ValidationError):
        actions.list_import(actor=officer, file_name="x.xlsx", content=b"PK not a zip")
    assert EnterpriseImport.objects.count() == 0


@pytest.mark.django_db
def test_an_xlsx_list_is_read(world):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Số giấy phép", "Tên doanh nghiệp", "Trạng thái", "Thị trường"])
    sheet.append(["88/LĐTBXH-GP", "Công ty TNHH XKLĐ Bình Minh", "đình chỉ", "Hàn Quốc"])
    buffer = io.BytesIO()
    book.save(buffer)
    result = actions.list_import(
        actor=world.users["labour_officer"], file_name="list.xlsx", content=buffer.getvalue()
    )
    # A suspension without its decision is refused like any other malformed row.
    assert result.created == 0
    assert "names its decision" in result.errors[0].messages[0]


@pytest.mark.django_db
def test_the_import_page_runs_a_job_that_reports_each_row(world, client_for):
    client = client_for(world.users["labour_officer"])
    upload = io.BytesIO(csv_list(GOOD, SECOND.replace("45/BNV-GP", "45/XYZ")))
    upload.name = "danh-sach.csv"
    response = client.post("/registry/enterprises/import/", {"file": upload}, follow=True)
    job = Job.objects.get()
    assert job.status == "done"
    text = response.content.decode()
    assert 'data-testid="import-result"' in text
    assert "45/XYZ" in text
    assert job.summary["created"] == 1
    assert job.summary["refused"] == 1


@pytest.mark.django_db
def test_another_agency_cannot_change_an_entry_it_does_not_keep(world):
    _import(world.users["labour_officer"], SECOND)
    result = _import(world.other_users["labour_officer"], SECOND.replace("Hòa Bình", "Khác"))
    assert result.updated == 0
    assert "kept in the register by another agency" in result.errors[0].messages[0]
    assert Enterprise.objects.get().name == "Công ty CP Nhân lực Hòa Bình"


@pytest.mark.django_db
def test_the_row_reports_are_in_vietnamese_for_a_vietnamese_reader(world):
    with override("vi"):
        result = _import(world.users["labour_officer"], SECOND.replace("45/BNV-GP", "GP-45"))
    assert "“GP-45” không phải số giấy phép" in result.errors[0].messages[0]
