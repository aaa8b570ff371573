from .contest import Contest, Field, Round, RoundGroup
from .entries import Attachment, Entry, EntryEvent, Extension, TeamMember
from .units import Unit, UnitLevel, UnitType
from .users import User

__all__ = [
    "Attachment",
    "Contest",
    "Entry",
    "EntryEvent",
    "Extension",
    "Field",
    "Round",
    "RoundGroup",
    "TeamMember",
    "Unit",
    "UnitLevel",
    "UnitType",
    "User",
]
