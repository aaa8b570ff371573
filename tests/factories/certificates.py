"""Factories of the certificates domain, and certificates made directly in the database for the
public verification tests (no PDF rendering)."""

import datetime as dt
import hashlib

import factory
from django.utils import timezone

from contest.certificates.enums import CertificateStatus
from contest.certificates.models import Certificate, CertificateBatch, CertificateTemplate
from contest.results.enums import AggregationMethod
from contest.results.models import ResultSnapshot
from tests.factories.core import ContestFactory, UserFactory
from tests.factories.judging import make_round
from tests.factories.results import ResultSnapshotFactory


class CertificateTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificateTemplate

    contest = factory.SubFactory(ContestFactory)
    issuing_body = "BAN DÂN VẬN"
    parent_body = "TỈNH ỦY HÀ TĨNH"
    decision_number = "24-QĐ/BDVTU"
    decision_date = dt.date(2026, 1, 5)
    place = "Hà Tĩnh"
    signer_name = "Nguyễn Văn Hùng"


class CertificateBatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificateBatch

    snapshot = factory.SubFactory(ResultSnapshotFactory)
    template = factory.SubFactory(CertificateTemplateFactory, contest=factory.SelfAttribute("..snapshot.round.contest"))
    requested_by = factory.SubFactory(UserFactory, roles=["organiser"])


PDF_BYTES = b"%PDF-1.7\n% Giay chung nhan (noi dung gia dung cho kiem thu)\n%%EOF\n"
PDF_SHA256 = hashlib.sha256(PDF_BYTES).hexdigest()


def certificate_template(contest):
    """The contest's certificate template, made on first use."""
    return CertificateTemplate.objects.filter(contest=contest).first() or CertificateTemplateFactory(contest=contest)


def snapshot_of(contest):
    snapshot = ResultSnapshot.objects.filter(round__contest=contest).first()
    if snapshot is None:
        frozen_by = UserFactory(roles=["organiser"])
        snapshot = ResultSnapshot.objects.create(
            round=make_round(contest, jury_only=True),
            version=1,
            method=AggregationMethod.MEAN,
            parameters={},
            audit_head="0" * 64,
            frozen_by=frozen_by,
        )
    return snapshot


def make_certificate(entry, *, status=CertificateStatus.VALID, number=12, edition=1, replaces=None, **fields):
    """A certificate of ``entry`` in any status; a valid, replaced or revoked one has been issued."""
    issued = status != CertificateStatus.PENDING
    values = {
        "contest": entry.contest,
        "template": certificate_template(entry.contest),
        "snapshot": snapshot_of(entry.contest),
        "entry": entry,
        "unit": entry.unit,
        "award_key": "prize:nhat",
        "holder_name": entry.unit.name,
        "prize_name": "Giải Nhất",
        "entry_title": entry.title,
        "year": 2026,
        "number": number,
        "serial": f"{number:04d}/GCN-BTC",
        "edition": edition,
        "status": status,
        "sha256": PDF_SHA256 if issued else "",
        "issued_at": timezone.now() if issued else None,
        "replaces": replaces,
    }
    if status == CertificateStatus.REVOKED:
        values.update(revoked_at=timezone.now(), revoked_reason="Hồ sơ khai man số liệu.")
    values.update(fields)
    return Certificate.objects.create(**values)
