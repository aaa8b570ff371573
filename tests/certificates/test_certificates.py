"""Issuing certificates from a frozen result: serials, resumable rendering, reissue and revocation.

The PDF renderer is replaced by a fake that returns tiny distinct PDFs, so these tests are about
the service's bookkeeping; the rendering itself is tested with the renderer (helper A's module).
"""

import datetime as dt
import hashlib
import importlib.util
import io
import sys
import types

import pytest
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from contest.certificates.enums import BatchStatus, CertificateStatus
from contest.certificates.models import Certificate, CertificateBatch, CertificateTemplate
from contest.certificates.services import issuing as certificates
from contest.certificates.services import production
from contest.core import audit
from contest.core.errors import DomainError, InvalidTransition
from contest.core.models import AuditRecord
from contest.dossiers.enums import EntryKind
from contest.results.enums import SnapshotStatus
from contest.results.models import ResultRow, ResultSnapshot
from tests.factories import ContestFactory, EntryFactory, UserFactory
from tests.factories.judging import make_round

DECIDED = dt.date(2026, 11, 20)


def tiny_pdf(label: str) -> bytes:
    """A valid one-page PDF whose bytes differ by ``label``."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=72, height=72)
    writer.add_metadata({"/Title": label})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class FakeRenderer:
    """Stands in for contest.certificates.rendering.render_certificates; ``fail_on_call`` makes that call
    raise, as a worker killed in the middle of a batch would leave it."""

    def __init__(self, fail_on_call=None):
        self.calls, self.fail_on_call = [], fail_on_call

    def __call__(self, batch):
        self.calls.append([c.pk for c in batch])
        if len(self.calls) == self.fail_on_call:
            raise RuntimeError("máy in hỏng giữa chừng")
        return [tiny_pdf(f"{c.serial} {c.edition} {c.holder_name}") for c in batch]


@pytest.fixture
def use_renderer(monkeypatch):
    """Install a renderer whether or not contest/certificate_pdf.py exists yet."""

    def install(renderer):
        try:
            import contest.certificates.rendering as module
        except ImportError:
            module = types.ModuleType("contest.certificates.rendering")
            monkeypatch.setitem(sys.modules, "contest.certificates.rendering", module)
        monkeypatch.setattr(module, "render_certificates", renderer, raising=False)
        return renderer

    return install


@pytest.fixture
def renderer(use_renderer):
    return use_renderer(FakeRenderer())


def make_snapshot(round_, organiser, awards, *, status=SnapshotStatus.FROZEN, version=1):
    """A snapshot written directly: ``awards`` is [(entry, prize_code, prize_name, part_prizes)]."""
    snapshot = ResultSnapshot.objects.create(
        round=round_,
        version=version,
        status=status,
        method="mean",
        parameters={},
        audit_head="0" * 64,
        frozen_by=organiser,
    )
    ResultRow.objects.bulk_create(
        ResultRow(
            snapshot=snapshot,
            entry=entry,
            code=i + 1,
            rank=i + 1,
            prize_code=code,
            prize_name=name,
            part_prizes=parts,
        )
        for i, (entry, code, name, parts) in enumerate(awards)
    )
    return snapshot


def make_template(contest, **fields):
    # A state issuer with Decree 30 signing lines (the defaults): the format follows the issuer.
    defaults = {
        "issuing_body": "BAN TỔ CHỨC CUỘC THI",
        "parent_body": "ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH",
        "signer_name": "Nguyễn Văn Hùng",
        "decision_number": "24-QĐ/BDVTU",
        "decision_date": DECIDED,
        "place": "Hà Tĩnh",
    }
    return CertificateTemplate.objects.create(contest=contest, **defaults | fields)


@pytest.fixture
def awarded(contest, organiser):
    """A model with the first prize and a part prize, an individual exemplar with the second prize
    and an entry without a prize."""
    round_ = make_round(contest, jury_only=True)
    model = EntryFactory(contest=contest, title="Tổ liên gia an toàn")
    person = EntryFactory(
        contest=contest, kind=EntryKind.INDIVIDUAL_EXEMPLAR, title="Người tổ trưởng tận tụy", exemplar_name="Lê Thị Hoa"
    )
    nothing = EntryFactory(contest=contest)
    snapshot = make_snapshot(
        round_,
        organiser,
        [
            (model, "nhat", "Giải Nhất", ["Chào hỏi xuất sắc"]),
            (person, "nhi", "Giải Nhì", []),
            (nothing, "", "", []),
        ],
    )
    return snapshot, model, person


@pytest.fixture
def template(contest):
    return make_template(contest)


def many_awards(contest, organiser, count):
    round_ = make_round(contest, jury_only=True)
    entries = [EntryFactory(contest=contest) for _ in range(count)]
    return make_snapshot(round_, organiser, [(e, "kk", "Giải Khuyến khích", []) for e in entries])


def live(snapshot):
    return Certificate.objects.filter(snapshot=snapshot).order_by("number", "edition")


# --- what is awarded ----------------------------------------------------------------------------


def test_awards_are_the_main_prizes_and_the_part_prizes(awarded):
    snapshot, model, person = awarded
    awards = [(row.entry_id, key, name) for row, key, name in certificates.awards_of(snapshot)]
    assert sorted(awards) == sorted(
        [
            (model.pk, "prize:nhat", "Giải Nhất"),
            (model.pk, "part:chao-hoi-xuat-sac", "Chào hỏi xuất sắc"),
            (person.pk, "prize:nhi", "Giải Nhì"),
        ]
    )


def test_an_individual_exemplar_names_the_person_and_a_model_the_unit(awarded):
    _snapshot, model, person = awarded
    assert certificates.holder_of(person) == "Lê Thị Hoa"
    assert certificates.holder_of(model) == model.unit.name


def test_serial_text():
    assert certificates.serial_text(12, "GCN-BTC") == "0012/GCN-BTC"
    assert certificates.serial_text(12345, "GCN-BTC") == "12345/GCN-BTC"
    assert certificates.serial_text(7, "") == "0007"


# --- starting a batch ---------------------------------------------------------------------------


def test_only_organisers_start_a_batch(awarded, template, secretariat, unit_user):
    snapshot, *_ = awarded
    for user in (secretariat, unit_user):
        with pytest.raises(DomainError, match="Chỉ Ban Tổ chức"):
            certificates.start_batch(snapshot=snapshot, template=template, by=user)
    assert not Certificate.objects.exists() and not CertificateBatch.objects.exists()


def test_start_batch_writes_pending_rows_with_consecutive_serials(awarded, template, organiser):
    snapshot, model, person = awarded
    batch = certificates.start_batch(snapshot=snapshot, template=template, by=organiser)
    assert batch.total == 3 and batch.done == 0 and batch.status == BatchStatus.QUEUED
    rows = list(live(snapshot))
    assert [c.number for c in rows] == [1, 2, 3]
    assert [c.serial for c in rows] == ["0001/GCN-BTC", "0002/GCN-BTC", "0003/GCN-BTC"]
    assert {c.status for c in rows} == {CertificateStatus.PENDING}
    assert {c.year for c in rows} == {DECIDED.year}
    assert all(c.batch_id == batch.pk and not c.pdf and not c.sha256 for c in rows)
    by_key = {(c.entry_id, c.award_key): c for c in rows}
    assert by_key[(person.pk, "prize:nhi")].holder_name == "Lê Thị Hoa"
    assert by_key[(model.pk, "part:chao-hoi-xuat-sac")].prize_name == "Chào hỏi xuất sắc"
    assert by_key[(model.pk, "prize:nhat")].entry_title == "Tổ liên gia an toàn"


def test_serials_run_per_contest_and_year(awarded, template, organiser, contest):
    snapshot, *_ = awarded
    certificates.start_batch(snapshot=snapshot, template=template, by=organiser)
    # The same contest's next result continues the numbering …
    later = many_awards(contest, organiser, 2)
    certificates.start_batch(snapshot=later, template=template, by=organiser)
    assert [c.serial for c in live(later)] == ["0004/GCN-BTC", "0005/GCN-BTC"]
    # … another contest starts its own, and so does a new year.
    other = ContestFactory()
    other_template = make_template(other, serial_suffix="GK-BDV", decision_date=dt.date(2027, 1, 5))
    certificates.start_batch(snapshot=many_awards(other, organiser, 2), template=other_template, by=organiser)
    assert list(Certificate.objects.filter(contest=other).values_list("year", "serial")) == [
        (2027, "0001/GK-BDV"),
        (2027, "0002/GK-BDV"),
    ]


def test_a_second_start_adds_nothing(awarded, template, organiser):
    snapshot, *_ = awarded
    certificates.start_batch(snapshot=snapshot, template=template, by=organiser)
    with pytest.raises(DomainError, match="đều đã có"):
        certificates.start_batch(snapshot=snapshot, template=template, by=organiser)
    assert live(snapshot).count() == 3 and CertificateBatch.objects.count() == 1


def test_an_invalidated_result_is_refused(contest, template, organiser):
    round_ = make_round(contest, jury_only=True)
    snapshot = make_snapshot(
        round_, organiser, [(EntryFactory(contest=contest), "nhat", "Giải Nhất", [])], status=SnapshotStatus.INVALIDATED
    )
    with pytest.raises(InvalidTransition, match="đã bị hủy"):
        certificates.start_batch(snapshot=snapshot, template=template, by=organiser)
    assert not Certificate.objects.exists()


def test_another_contests_template_is_refused(awarded, organiser):
    snapshot, *_ = awarded
    foreign = make_template(ContestFactory())
    with pytest.raises(DomainError, match="không thuộc cuộc thi này"):
        certificates.start_batch(snapshot=snapshot, template=foreign, by=organiser)
    assert not Certificate.objects.exists()


def test_start_batch_queries_do_not_grow_with_the_awards(contest, template, organiser, django_assert_max_num_queries):
    few, many = many_awards(contest, organiser, 2), many_awards(contest, organiser, 15)
    with CaptureQueriesContext(connection) as queries:
        certificates.start_batch(snapshot=few, template=template, by=organiser)
    with django_assert_max_num_queries(len(queries)):
        certificates.start_batch(snapshot=many, template=template, by=organiser)
    assert live(many).count() == 15


def test_one_live_certificate_per_award_is_a_database_rule(awarded, template, organiser):
    snapshot, *_ = awarded
    certificates.start_batch(snapshot=snapshot, template=template, by=organiser)
    first = live(snapshot).first()
    twin = {
        "contest": first.contest,
        "template": first.template,
        "snapshot": first.snapshot,
        "entry": first.entry,
        "unit": first.unit,
        "award_key": first.award_key,
        "holder_name": first.holder_name,
        "prize_name": first.prize_name,
        "entry_title": first.entry_title,
        "year": first.year,
        "number": 99,
        "serial": "0099/GCN-BTC",
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(**twin)
    # Only live certificates count: a replaced one may share the award.
    Certificate.objects.create(**twin | {"status": CertificateStatus.REPLACED})


# --- rendering ----------------------------------------------------------------------------------


def test_the_queued_job_renders_every_certificate(
    awarded, template, organiser, renderer, django_capture_on_commit_callbacks
):
    snapshot, *_ = awarded
    with django_capture_on_commit_callbacks(execute=True):
        batch = certificates.start_batch(snapshot=snapshot, template=template, by=organiser)
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.total) == (BatchStatus.DONE, 3, 3)
    assert batch.finished_at is not None
    digests = set()
    for certificate in live(snapshot):
        assert certificate.status == CertificateStatus.VALID and certificate.issued_at
        with certificate.pdf.open("rb") as f:
            content = f.read()
        assert content.startswith(b"%PDF") and hashlib.sha256(content).hexdigest() == certificate.sha256
        assert certificate.pdf.name.endswith(f"{certificate.token}.pdf")
        digests.add(certificate.sha256)
    assert len(digests) == 3


def test_a_crashed_batch_resumes_without_duplicates(contest, template, organiser, use_renderer):
    snapshot = many_awards(contest, organiser, 5)
    batch = certificates.start_batch(snapshot=snapshot, template=template, by=organiser)
    serials = list(live(snapshot).values_list("pk", "serial"))
    broken = use_renderer(FakeRenderer(fail_on_call=2))
    with pytest.raises(RuntimeError):
        production.render_batch(batch.pk, chunk=2)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED and "hỏng" in batch.error and batch.done == 2
    rows = list(live(snapshot))
    assert [c.status for c in rows] == [CertificateStatus.VALID] * 2 + [CertificateStatus.PENDING] * 3
    assert all(c.pdf and c.sha256 for c in rows[:2]) and not any(c.pdf or c.sha256 for c in rows[2:])
    assert broken.calls[0] == [rows[0].pk, rows[1].pk]

    fixed = use_renderer(FakeRenderer())
    batch = production.render_batch(batch.pk, chunk=2)
    assert (batch.status, batch.done, batch.error) == (BatchStatus.DONE, 5, "")
    # Only the three left were rendered, and nothing was written twice.
    assert sorted(pk for call in fixed.calls for pk in call) == sorted(c.pk for c in rows[2:])
    assert list(live(snapshot).values_list("pk", "serial")) == serials
    assert set(live(snapshot).values_list("status", flat=True)) == {CertificateStatus.VALID}


class ShortRenderer(FakeRenderer):
    """Returns one PDF too few: the chunk fails after some files were already written."""

    def __call__(self, batch):
        return super().__call__(batch)[:-1]


def test_a_chunk_that_fails_half_written_leaves_no_stray_files(contest, template, organiser, use_renderer):
    from contest.certificates.models import certificate_storage

    snapshot = many_awards(contest, organiser, 2)
    batch = certificates.start_batch(snapshot=snapshot, template=template, by=organiser)
    use_renderer(ShortRenderer())
    with pytest.raises(ValueError):
        production.render_batch(batch.pk, chunk=2)
    assert set(live(snapshot).values_list("status", flat=True)) == {CertificateStatus.PENDING}
    storage = certificate_storage()
    assert not any(storage.exists(f"certificates/{c.token}.pdf") for c in live(snapshot))


# --- reissue and revocation ---------------------------------------------------------------------


@pytest.fixture
def issued(awarded, template, organiser, renderer):
    snapshot, model, person = awarded
    batch = certificates.start_batch(snapshot=snapshot, template=template, by=organiser)
    production.render_batch(batch.pk)
    return Certificate.objects.get(snapshot=snapshot, entry=person)


def test_reissue_keeps_the_number_and_replaces_the_old_one(issued, organiser):
    new = certificates.reissue(certificate=issued, by=organiser, reason="Sai họ tên", holder_name="Lê Thị Hoà")
    old = Certificate.objects.get(pk=issued.pk)
    assert (new.number, new.serial, new.edition) == (old.number, old.serial, 2)
    assert new.status == CertificateStatus.VALID and new.pdf and new.sha256 != old.sha256
    assert new.holder_name == "Lê Thị Hoà" and new.prize_name == old.prize_name and new.reissue_reason == "Sai họ tên"
    assert old.status == CertificateStatus.REPLACED and old.replaced_by == new and new.replaces == old
    assert old.token != new.token


def test_reissue_needs_a_reason_an_organiser_and_a_valid_certificate(issued, organiser, secretariat):
    with pytest.raises(DomainError) as error:
        certificates.reissue(certificate=issued, by=organiser, reason="  ")
    assert error.value.field == "reason"
    with pytest.raises(DomainError, match="Chỉ Ban Tổ chức"):
        certificates.reissue(certificate=issued, by=secretariat, reason="Sai họ tên")
    certificates.reissue(certificate=issued, by=organiser, reason="Sai họ tên")
    with pytest.raises(InvalidTransition):  # now replaced
        certificates.reissue(certificate=issued, by=organiser, reason="Lần nữa")
    assert Certificate.objects.filter(entry=issued.entry, award_key=issued.award_key).count() == 2


def test_revoke_records_who_when_and_why(issued, organiser, secretariat):
    with pytest.raises(DomainError) as error:
        certificates.revoke(certificate=issued, by=organiser, reason="")
    assert error.value.field == "reason"
    with pytest.raises(DomainError, match="Chỉ Ban Tổ chức"):
        certificates.revoke(certificate=issued, by=secretariat, reason="Gian dối số liệu")
    revoked = certificates.revoke(certificate=issued, by=organiser, reason="Gian dối số liệu")
    revoked.refresh_from_db()
    assert revoked.status == CertificateStatus.REVOKED
    assert revoked.revoked_by == organiser and revoked.revoked_at and revoked.revoked_reason == "Gian dối số liệu"
    with pytest.raises(InvalidTransition):
        certificates.revoke(certificate=revoked, by=organiser, reason="Lần nữa")
    with pytest.raises(InvalidTransition):
        certificates.reissue(certificate=revoked, by=organiser, reason="Sai họ tên")


def test_a_pending_certificate_cannot_be_revoked_or_reissued(awarded, template, organiser):
    snapshot, *_ = awarded
    certificates.start_batch(snapshot=snapshot, template=template, by=organiser)
    pending = live(snapshot).first()
    with pytest.raises(InvalidTransition):
        certificates.revoke(certificate=pending, by=organiser, reason="Gian dối")
    with pytest.raises(InvalidTransition):
        certificates.reissue(certificate=pending, by=organiser, reason="Sai họ tên")


def test_every_step_is_in_the_audit_chain(issued, organiser):
    new = certificates.reissue(certificate=issued, by=organiser, reason="Sai họ tên", holder_name="Lê Thị Hoà")
    certificates.revoke(certificate=new, by=organiser, reason="Gian dối số liệu", ip="10.0.0.9")
    records = list(AuditRecord.objects.filter(action__startswith="certificate.").order_by("seq"))
    assert [r.action for r in records] == [certificates.ISSUE, certificates.REISSUE, certificates.REVOKE]
    assert records[0].new["certificates"] == 3
    assert records[1].old["holder"] == "Lê Thị Hoa" and records[1].new["edition"] == 2
    assert records[2].reason == "Gian dối số liệu" and records[2].ip == "10.0.0.9"
    assert all(r.actor == organiser and r.round_id == issued.snapshot.round_id for r in records)
    assert audit.verify_chain() == []


@pytest.mark.skipif(
    importlib.util.find_spec("contest.certificates.rendering") is None,
    reason="contest/certificate_pdf.py is not there yet",
)
@pytest.mark.pdf
def test_the_real_renderer_stores_what_it_rendered(awarded, template, organiser):
    snapshot, *_ = awarded
    batch = certificates.start_batch(snapshot=snapshot, template=template, by=organiser)
    assert production.render_batch(batch.pk).status == BatchStatus.DONE
    for certificate in live(snapshot):
        with certificate.pdf.open("rb") as f:
            content = f.read()
        assert content.startswith(b"%PDF") and hashlib.sha256(content).hexdigest() == certificate.sha256


# Skipped at collection on SQLite (its in-memory test database is not shared between threads).
@pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"], reason="needs PostgreSQL (DATABASE_URL)"
)
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_starts_make_one_set_of_certificates(contest, organiser, use_renderer):
    import threading

    from django.db import connections

    use_renderer(FakeRenderer())
    snapshot = many_awards(contest, organiser, 4)
    template = make_template(contest)
    other_organiser = UserFactory(username="btc2", roles=["organiser"])
    barrier, outcomes = threading.Barrier(2), []

    def work(user):
        try:
            barrier.wait()
            outcomes.append(certificates.start_batch(snapshot=snapshot, template=template, by=user))
        except DomainError as error:
            outcomes.append(error)
        except Exception as error:  # noqa: BLE001 - reported below
            outcomes.append(("unexpected", error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(user,)) for user in (organiser, other_organiser)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    batches = [o for o in outcomes if isinstance(o, CertificateBatch)]
    refused = [o for o in outcomes if isinstance(o, DomainError)]
    assert len(batches) == 1 and len(refused) == 1 and "đều đã có" in str(refused[0])
    assert list(live(snapshot).values_list("number", flat=True)) == [1, 2, 3, 4]
    assert CertificateBatch.objects.count() == 1
    assert audit.verify_chain() == []
