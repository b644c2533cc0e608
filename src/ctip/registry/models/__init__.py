"""The registry's models: the register of licensed enterprises, and the workers abroad
with their contracts, orientation, Labour Management Boards and incidents."""

from .abroad import (
    Contract,
    Incident,
    IncidentKind,
    IncidentOutcome,
    IncidentStatus,
    LabourBoard,
    Orientation,
    Reporter,
    Worker,
)
from .enterprises import (
    ChangeKind,
    Enterprise,
    EnterpriseChange,
    EnterpriseImport,
    EnterprisePhone,
    Status,
    kept_by,
)

__all__ = [
    "ChangeKind",
    "Contract",
    "Enterprise",
    "EnterpriseChange",
    "EnterpriseImport",
    "EnterprisePhone",
    "Incident",
    "IncidentKind",
    "IncidentOutcome",
    "IncidentStatus",
    "LabourBoard",
    "Orientation",
    "Reporter",
    "Status",
    "Worker",
    "kept_by",
]
