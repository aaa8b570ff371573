"""Factories of the results domain: policies, prize tiers, tie decisions, snapshots and rows."""

from decimal import Decimal

import factory
from django.utils import timezone

from contest.results.enums import AggregationMethod, SnapshotStatus
from contest.results.models import PrizeTier, ResultRow, ResultSnapshot, ResultsPolicy, TieDecision
from tests.factories.core import RoundFactory, UserFactory
from tests.factories.dossiers import EntryFactory


class ResultsPolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResultsPolicy
        django_get_or_create = ("round",)

    round = factory.SubFactory(RoundFactory)


class PrizeTierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PrizeTier

    round = factory.SubFactory(RoundFactory)
    code = factory.Iterator(["nhat", "nhi", "ba", "kk"])
    name = factory.Iterator(["Giải Nhất", "Giải Nhì", "Giải Ba", "Giải Khuyến khích"])
    quota = 1


class TieDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TieDecision

    round = factory.SubFactory(RoundFactory)
    entry_order = factory.LazyFunction(list)
    reason = "Ban Giám khảo biểu quyết theo tiêu chí hiệu quả."
    decided_by = factory.SubFactory(UserFactory, roles=["organiser"])


class ResultSnapshotFactory(factory.django.DjangoModelFactory):
    """A frozen snapshot written directly (the freezing itself is tested through the services)."""

    class Meta:
        model = ResultSnapshot

    round = factory.SubFactory(RoundFactory)
    version = 1
    method = AggregationMethod.MEAN
    parameters = factory.LazyFunction(dict)
    audit_head = "0" * 64
    frozen_by = factory.SubFactory(UserFactory, roles=["organiser"])
    status = SnapshotStatus.FROZEN
    published_at = factory.LazyAttribute(lambda s: timezone.now() if s.status == SnapshotStatus.PUBLISHED else None)


class ResultRowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResultRow

    snapshot = factory.SubFactory(ResultSnapshotFactory)
    entry = factory.SubFactory(EntryFactory, contest=factory.SelfAttribute("..snapshot.round.contest"))
    code = factory.Sequence(lambda n: n + 1)
    rank = 1
    score = Decimal("91.50")
