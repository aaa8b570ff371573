from .audit import AuditRecord
from .certificates import Certificate, CertificateBatch, CertificateTemplate
from .contest import Contest, Field, Round, RoundGroup
from .entries import Attachment, Entry, EntryEvent, EntryIndicator, Extension, TeamMember
from .judging import Assignment, Conflict, Criterion, JuryMembership, RoundEntry, Rubric, Score, ScoreSheet
from .results import PrizeTier, ResultRow, ResultSnapshot, ResultsPolicy, TieDecision
from .units import Unit, UnitLevel, UnitType
from .users import User

__all__ = [
    "Assignment",
    "PrizeTier",
    "ResultRow",
    "ResultSnapshot",
    "ResultsPolicy",
    "TieDecision",
    "AuditRecord",
    "Certificate",
    "CertificateBatch",
    "CertificateTemplate",
    "Conflict",
    "Criterion",
    "JuryMembership",
    "RoundEntry",
    "Rubric",
    "Score",
    "ScoreSheet",
    "Attachment",
    "Contest",
    "Entry",
    "EntryEvent",
    "EntryIndicator",
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
