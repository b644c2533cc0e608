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
