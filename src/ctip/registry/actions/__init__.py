"""The registry's writes, by sub-domain."""

from .abroad import (
    BoardInput,
    ContractInput,
    OrientationInput,
    WorkerInput,
    board_for,
    board_save,
    contract_register,
    orientation_record,
    worker_register,
    worker_returned,
)
from .enterprises import (
    EnterpriseInput,
    Saved,
    StatusInput,
    check_enterprise,
    enterprise_save,
    enterprise_set_status,
)
from .imports import ImportResult, RowError, list_import
from .incidents import (
    IncidentInput,
    ReportedIncident,
    incident_acknowledge,
    incident_close,
    incident_open_case,
    incident_report,
    incident_set_compound,
)

__all__ = [
    "BoardInput",
    "ContractInput",
    "EnterpriseInput",
    "ImportResult",
    "IncidentInput",
    "OrientationInput",
    "ReportedIncident",
    "RowError",
    "Saved",
    "StatusInput",
    "WorkerInput",
    "board_for",
    "board_save",
    "check_enterprise",
    "contract_register",
    "enterprise_save",
    "enterprise_set_status",
    "incident_acknowledge",
    "incident_close",
    "incident_open_case",
    "incident_report",
    "incident_set_compound",
    "list_import",
    "orientation_record",
    "worker_register",
    "worker_returned",
]
