"""Writes of the compound register: each checked, atomic, audited in its transaction."""

from ctip.compounds.actions.register import (
    AccessInput,
    CompoundInput,
    StatusInput,
    compound_change,
    compound_open_to,
    compound_record,
    compound_set_status,
)

__all__ = [
    "AccessInput",
    "CompoundInput",
    "StatusInput",
    "compound_change",
    "compound_open_to",
    "compound_record",
    "compound_set_status",
]
