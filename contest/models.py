"""Every model of the app, gathered for Django (it imports ``<app>.models`` to find them).

Each domain owns its models (``contest/<domain>/models.py``); import them from there. The tables,
the app label ``contest`` and the migrations are shared by all domains.
"""

from contest.certificates.models import Certificate, CertificateBatch, CertificateTemplate
from contest.core.models import (
    AuditRecord,
    Contest,
    DiscardedFile,
    Field,
    Round,
    RoundGroup,
    Unit,
    UnitLevel,
    UnitType,
    User,
    WorkerHeartbeat,
)
from contest.dossiers.models import Attachment, Entry, EntryEvent, EntryIndicator, Extension, TeamMember
from contest.judging.models import (
    Assignment,
    Conflict,
    Criterion,
    JuryMembership,
    RoundEntry,
    Rubric,
    Score,
    ScoreSheet,
)
from contest.notices.models import CalendarDay, GateOverride, Notice, NoticeRules, Opinion, OpinionFile
from contest.results.models import PrizeTier, ResultRow, ResultSnapshot, ResultsPolicy, TieDecision
from contest.stage.models import (
    AudienceCount,
    LiveSubmission,
    QuizAnswer,
    StageDraw,
    StagePart,
    StagePerformance,
    StageProgramme,
    StageQuestion,
)
from contest.voting.models import VoidDecision, Vote, VoteCode, VoterIdentity, VoteSettings

__all__ = [
    "Assignment",
    "Attachment",
    "AudienceCount",
    "AuditRecord",
    "CalendarDay",
    "Certificate",
    "CertificateBatch",
    "CertificateTemplate",
    "Conflict",
    "Contest",
    "Criterion",
    "DiscardedFile",
    "Entry",
    "EntryEvent",
    "EntryIndicator",
    "Extension",
    "Field",
    "GateOverride",
    "JuryMembership",
    "Notice",
    "NoticeRules",
    "Opinion",
    "OpinionFile",
    "LiveSubmission",
    "PrizeTier",
    "QuizAnswer",
    "ResultRow",
    "ResultSnapshot",
    "ResultsPolicy",
    "Round",
    "RoundEntry",
    "RoundGroup",
    "Rubric",
    "Score",
    "ScoreSheet",
    "StageDraw",
    "StagePart",
    "StagePerformance",
    "StageProgramme",
    "StageQuestion",
    "TeamMember",
    "TieDecision",
    "Unit",
    "UnitLevel",
    "UnitType",
    "User",
    "Vote",
    "VoteCode",
    "VoteSettings",
    "VoidDecision",
    "VoterIdentity",
    "WorkerHeartbeat",
]
