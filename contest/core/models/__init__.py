"""Models every domain stands on: contests and their rounds, units, accounts, the audit chain."""

from .audit import AuditRecord
from .contest import Contest, Field, Round, RoundGroup
from .units import Unit, UnitLevel, UnitType
from .users import User

__all__ = ["AuditRecord", "Contest", "Field", "Round", "RoundGroup", "Unit", "UnitLevel", "UnitType", "User"]
