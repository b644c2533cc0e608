"""Enterprises and published lists for the registry's tests."""

from __future__ import annotations

from typing import Any

from ctip.registry import actions

HEADER = (
    "Số giấy phép,Tên doanh nghiệp,Mã số thuế,Ngày cấp,Trạng thái,Quyết định,"
    "Ngày quyết định,Thị trường,Ngành nghề,Chi nhánh,Tiền ký quỹ,Người đại diện,Website,Điện thoại"
)


def make_enterprise(actor: Any, **overrides: Any) -> Any:
    values: dict[str, Any] = {
        "licence_number": "123/LĐTBXH-GP",
        "name": "Công ty TNHH Dịch vụ Quốc tế Sao Mai",
        "tax_code": "0101234567",
        "markets": ("JP", "TW"),
        "jobs": ("cơ khí", "điều dưỡng"),
        "phones": ("024 3824 1234",),
        "legal_representative": "Trần Văn Bình",
        "website": "saomai-intl.vn",
    }
    values.update(overrides)
    return actions.enterprise_save(actor=actor, data=actions.EnterpriseInput(**values)).enterprise


def csv_list(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def make_board(world: Any, *, covers: tuple[str, ...] = ("JP",)) -> Any:
    """The Board for Japan, whose agency is the test world's own."""
    return actions.board_save(
        actor=world.users["labour_officer"],
        data=actions.BoardInput(
            name="Ban Quản lý lao động tại Nhật Bản",
            country=covers[0],
            covers=covers,
            agency_id=world.agency.pk,
        ),
    )


def make_worker(world: Any, **overrides: Any) -> Any:
    values: dict[str, Any] = {
        "full_name": "Nguyễn Thị Lan",
        "destination": "JP",
        "identity_number": "001190012345",
        "passport_number": "C1234567",
        "phone": "+81 90 1234 5678",
    }
    values.update(overrides)
    return actions.worker_register(
        actor=world.users["labour_officer"], data=actions.WorkerInput(**values)
    )


def make_incident(world: Any, **overrides: Any) -> Any:
    values: dict[str, Any] = {
        "kind": "unpaid_wages",
        "reporter": "staff",
        "country": "JP",
        "narrative": "Ba tháng chưa được trả lương.",
        "worker_name": "Nguyễn Thị Lan",
    }
    values.update(overrides)
    return actions.incident_report(
        actor=world.users["labour_officer"], data=actions.IncidentInput(**values)
    ).incident
