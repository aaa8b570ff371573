"""Models every domain stands on: contests and their rounds, units, accounts, the audit chain."""

from .audit import AuditRecord
from .contest import Contest, Field, Round, RoundGroup
from .operations import DiscardedFile, WorkerHeartbeat
from .units import Unit, UnitLevel, UnitType
from .users import User

__all__ = [
    "AuditRecord",
    "Contest",
    "DiscardedFile",
    "Field",
    "Round",
    "RoundGroup",
    "Unit",
    "UnitLevel",
    "UnitType",
    "User",
    "WorkerHeartbeat",
]
