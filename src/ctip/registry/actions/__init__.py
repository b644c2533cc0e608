"""The registry's writes, by sub-domain."""

from .enterprises import (
    EnterpriseInput,
    Saved,
    StatusInput,
    check_enterprise,
    enterprise_save,
    enterprise_set_status,
)
from .imports import ImportResult, RowError, list_import

__all__ = [
    "EnterpriseInput",
    "ImportResult",
    "RowError",
    "Saved",
    "StatusInput",
    "check_enterprise",
    "enterprise_save",
    "enterprise_set_status",
    "list_import",
]
