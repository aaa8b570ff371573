"""Factories (factory-boy) for every model the tests build, one module per domain, with realistic
Vietnamese names from DOMAIN.md §11; and the few scenes many tests share (a round with its
rubric, an awarded entry with its public page, a certificate). Import from the domain's module,
or the common ones from here."""

from tests.factories.core import (
    PASSWORD,
    ContestFactory,
    FieldFactory,
    RoundFactory,
    RoundGroupFactory,
    UnitFactory,
    UnitLevelFactory,
    UnitTypeFactory,
    UserFactory,
)
from tests.factories.dossiers import (
    AttachmentFactory,
    EntryEventFactory,
    EntryFactory,
    EntryIndicatorFactory,
    ExtensionFactory,
    TeamMemberFactory,
)

__all__ = [
    "PASSWORD",
    "AttachmentFactory",
    "ContestFactory",
    "EntryEventFactory",
    "EntryFactory",
    "EntryIndicatorFactory",
    "ExtensionFactory",
    "FieldFactory",
    "RoundFactory",
    "RoundGroupFactory",
    "TeamMemberFactory",
    "UnitFactory",
    "UnitLevelFactory",
    "UnitTypeFactory",
    "UserFactory",
]
