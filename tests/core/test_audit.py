"""The judging log: a hash chain that shows any later edit, deletion or insertion in the database."""

import hashlib
import os
import threading
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command, execute_from_command_line
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from contest.core import audit
from contest.core.models import AuditRecord, Round
from tests.factories import UserFactory


@pytest.fixture
def first_round(contest):
    return Round.objects.create(contest=contest, name="Sơ khảo", order=11)


@pytest.fixture
def final_round(contest):
    return Round.objects.create(contest=contest, name="Chung khảo", order=12)


@pytest.fixture
def judge(db):
    return UserFactory(username="giamkhao", full_name="Võ Văn Em", roles=["judge"])


def _score(judge, entry, round, old, new, action=audit.AuditAction.SCORE_CHANGE, reason=""):
    # The log accepts any model instance; the entry stands in for a score sheet here.
    return audit.append(
        actor=judge, action=action, obj=entry, round=round, old=old, new=new, reason=reason, ip="203.113.0.7"
    )


@pytest.fixture
def chain(judge, organiser, entry, first_round):
    """Four records: a sheet created, changed, submitted, then reopened by the organiser."""
    return [
        _score(judge, entry, first_round, None, {"C1": Decimal("8.5")}, audit.AuditAction.SCORE_CREATE),
        _score(judge, entry, first_round, {"C1": Decimal("8.5")}, {"C1": Decimal("9.0")}),
        _score(judge, entry, first_round, None, {"status": "submitted"}, audit.AuditAction.SCORE_SUBMIT),
        audit.append(
            actor=organiser,
            action=audit.AuditAction.SCORE_REOPEN,
            obj=entry,
            round=first_round,
            old={"status": "submitted"},
            new={"status": "draft"},
            reason="Giám khảo nhập nhầm tiêu chí 2",
        ),
    ]


# ---------------------------------------------------------------------------------------------
# Appending
# ---------------------------------------------------------------------------------------------


def test_append_builds_a_linked_chain_from_the_genesis_digest(chain, entry, judge, first_round):
    records = list(AuditRecord.objects.order_by("seq"))
    assert [r.seq for r in records] == [1, 2, 3, 4]
    assert records[0].previous_digest == audit.GENESIS_DIGEST == "0" * 64
    assert [r.previous_digest for r in records[1:]] == [r.digest for r in records[:-1]]
    assert len({r.digest for r in records}) == 4
    first = records[0]
    assert (first.actor, first.round, first.action, first.ip) == (judge, first_round, "score.create", "203.113.0.7")
    assert (first.object_type, first.object_id) == ("contest.entry", str(entry.pk))
    # Decimals are kept as strings, exactly, never as binary floats.
    assert records[1].old == {"C1": "8.5"} and records[1].new == {"C1": "9.0"}
    assert records[3].reason == "Giám khảo nhập nhầm tiêu chí 2"
    assert audit.verify_chain() == []


def test_the_digest_is_the_sha256_of_the_canonical_content(chain):
    record = AuditRecord.objects.get(seq=2)
    content = audit.canonical(
        seq=2,
        at=record.at,
        actor_id=record.actor_id,
        ip=record.ip,
        action=record.action,
        round_id=record.round_id,
        object_type=record.object_type,
        object_id=record.object_id,
        old=record.old,
        new=record.new,
        reason=record.reason,
        previous_digest=record.previous_digest,
    )
    assert hashlib.sha256(content).hexdigest() == record.digest
    text = content.decode()
    # Sorted keys, no spaces, Vietnamese kept as is, the time in UTC with microseconds.
    assert text.startswith('{"action":"score.change","actor_id":')
    assert ", " not in text and '": ' not in text
    assert '"at":"' + record.at.astimezone(audit.datetime.UTC).isoformat(timespec="microseconds") + '"' in text
    assert "+00:00" in text


def test_values_that_json_cannot_hold_are_stored_in_a_form_that_verifies_after_reload(organiser, entry):
    import datetime as dt
    import uuid

    value = {
        1: Decimal("7.25"),
        "at": dt.datetime(2026, 11, 27, 8, 30, tzinfo=dt.UTC),
        "on": dt.date(2026, 11, 27),
        "id": uuid.UUID(int=5),
        "parts": (Decimal("1.5"), "Tiểu phẩm"),
    }
    record = audit.append(actor=None, action="score.import", obj=entry, new=value, ip="2001:0db8:0:0::0001")
    record.refresh_from_db()
    assert record.new == {
        "1": "7.25",
        "at": "2026-11-27T08:30:00.000000+00:00",
        "on": "2026-11-27",
        "id": "00000000-0000-0000-0000-000000000005",
        "parts": ["1.5", "Tiểu phẩm"],
    }
    assert record.ip == "2001:db8::1" and record.actor is None
    assert audit.verify_chain() == []


def test_a_rolled_back_change_leaves_no_record(judge, entry, first_round):
    _score(judge, entry, first_round, None, {"C1": "5"})
    with pytest.raises(RuntimeError), transaction.atomic():
        _score(judge, entry, first_round, {"C1": "5"}, {"C1": "6"})
        raise RuntimeError("the score change failed after the log was written")
    assert list(AuditRecord.objects.values_list("seq", flat=True)) == [1]
    # The next append continues the chain where the committed part ends.
    assert _score(judge, entry, first_round, {"C1": "5"}, {"C1": "7"}).seq == 2
    assert audit.verify_chain() == []


def test_last_digest_gives_the_chain_head_or_a_rounds_last_record(db, judge, entry, first_round, final_round):
    assert audit.last_digest() == audit.GENESIS_DIGEST
    assert audit.last_digest(first_round) is None
    a = _score(judge, entry, first_round, None, {"C1": "5"})
    b = _score(judge, entry, final_round, None, {"C1": "8"})
    c = _score(judge, entry, first_round, {"C1": "5"}, {"C1": "6"})
    assert audit.last_digest() == c.digest
    assert audit.last_digest(first_round) == c.digest
    assert audit.last_digest(final_round) == b.digest
    assert a.digest not in (b.digest, c.digest)


# ---------------------------------------------------------------------------------------------
# Tampering
# ---------------------------------------------------------------------------------------------


def _seqs(problems):
    return [problem.seq for problem in problems]


def test_an_edited_value_is_detected_at_its_record(chain):
    AuditRecord.objects.filter(seq=2).update(new={"C1": "10.0"})
    problems = audit.verify_chain()
    assert _seqs(problems) == [2]
    assert str(problems[0]) == "Nội dung bản ghi #2 đã bị sửa sau khi ghi (mã băm không khớp)."


@pytest.mark.parametrize(
    "field, value",
    [("reason", "Lý do khác"), ("ip", "10.0.0.1"), ("action", "score.create"), ("object_id", "999")],
)
def test_an_edit_of_any_field_is_detected(chain, field, value):
    AuditRecord.objects.filter(seq=3).update(**{field: value})
    assert _seqs(audit.verify_chain()) == [3]


def test_an_edit_whose_digest_is_recomputed_still_breaks_the_next_link(chain):
    # A careful forger rewrites record 2 and its digest; record 3 still points to the old digest.
    record = AuditRecord.objects.get(seq=2)
    record.new = {"C1": "10.0"}
    fields = {name: getattr(record, name) for name in audit._CONTENT_FIELDS}
    AuditRecord.objects.filter(seq=2).update(new=record.new, digest=audit.compute_digest(**fields))
    problems = audit.verify_chain()
    assert _seqs(problems) == [3]
    assert str(problems[0]) == ("Bản ghi #3 không nối với bản ghi trước nó: có bản ghi bị xóa, chèn hoặc sửa.")


def test_a_deleted_middle_record_is_detected(chain):
    AuditRecord.objects.filter(seq=2).delete()
    problems = audit.verify_chain()
    assert _seqs(problems) == [3, 3]
    assert str(problems[0]) == "Thiếu bản ghi giữa #1 và #3 (đã bị xóa hoặc số thứ tự bị sửa)."


def test_a_deleted_first_record_is_detected(chain):
    AuditRecord.objects.filter(seq=1).delete()
    problems = audit.verify_chain()
    assert _seqs(problems) == [2, 2]
    assert str(problems[0]) == "Thiếu các bản ghi trước #2: chuỗi phải bắt đầu từ #1."


def test_renumbering_records_to_hide_a_deletion_is_detected(chain):
    AuditRecord.objects.filter(seq=2).delete()
    for seq in (3, 4):
        AuditRecord.objects.filter(seq=seq).update(seq=seq - 1)
    assert _seqs(audit.verify_chain()) == [2, 2, 3]  # link broken; both renumbered digests mismatch


def test_swapped_records_are_detected(chain):
    AuditRecord.objects.filter(seq=2).update(seq=99)
    AuditRecord.objects.filter(seq=3).update(seq=2)
    AuditRecord.objects.filter(seq=99).update(seq=3)
    assert set(_seqs(audit.verify_chain())) == {2, 3, 4}


def test_an_inserted_record_is_detected(chain, entry):
    # Squeezed in between records 3 and 4, and made to look right on its own: linked to record 3,
    # with a valid digest of its content. The real record 4, renumbered 5, no longer fits.
    third = AuditRecord.objects.get(seq=3)
    forged = {
        "seq": 4,
        "at": third.at,
        "actor_id": None,
        "ip": None,
        "action": "score.change",
        "round_id": third.round_id,
        "object_type": "contest.entry",
        "object_id": str(entry.pk),
        "old": None,
        "new": {"C1": "10"},
        "reason": "",
        "previous_digest": third.digest,
    }
    AuditRecord.objects.filter(seq=4).update(seq=5)
    AuditRecord.objects.create(digest=audit.compute_digest(**forged), **forged)
    assert _seqs(audit.verify_chain()) == [5, 5]  # broken link, and its seq is part of its digest


def test_a_deleted_last_record_needs_the_digest_printed_on_the_minutes(chain, first_round):
    """Known limit of any hash chain: removing its last records leaves a shorter chain that is
    still valid. The round's last digest, printed on the minutes when it closes, closes that gap."""
    printed_on_the_minutes = audit.last_digest(first_round)
    assert audit.verify_chain(expected_head=printed_on_the_minutes) == []

    AuditRecord.objects.filter(seq=4).delete()

    assert audit.verify_chain() == []  # the chain alone cannot tell
    problems = audit.verify_chain(expected_head=printed_on_the_minutes)
    assert _seqs(problems) == [None]
    assert str(problems[0]) == (
        f"Không tìm thấy mã {printed_on_the_minutes} đã in trên biên bản: "
        "các bản ghi cuối của nhật ký đã bị xóa hoặc sửa."
    )


def test_verification_reads_the_log_in_chunks(chain, django_assert_max_num_queries):
    # An iterator, not one list of every record: a contest's log has tens of thousands of rows.
    with django_assert_max_num_queries(3):
        result = audit.verify(chunk_size=2)
    assert (result.ok, result.count, result.head) == (True, 4, chain[-1].digest)


# ---------------------------------------------------------------------------------------------
# Concurrency (PostgreSQL: SQLite serialises every writer with its IMMEDIATE transactions)
# ---------------------------------------------------------------------------------------------


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="row locks and concurrent writers need PostgreSQL",
)
def test_concurrent_writers_never_fork_the_chain(transactional_db, entry, judge):
    from django.db import connections

    per_thread, threads = 15, 4
    barrier = threading.Barrier(threads)
    errors = []

    def write():
        try:
            barrier.wait()
            for i in range(per_thread):
                with transaction.atomic():
                    audit.append(actor=judge, action="score.change", obj=entry, new={"i": i})
        except Exception as error:  # noqa: BLE001  (reported by the assertion below)
            errors.append(error)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=write) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert errors == []
    seqs = list(AuditRecord.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, per_thread * threads + 1))
    assert audit.verify_chain() == []


# ---------------------------------------------------------------------------------------------
# manage.py verify_audit
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def run_verify_audit(monkeypatch):
    """Runs the command as ``manage.py`` does and returns its exit status.

    ``run_from_argv`` closes every connection when it ends, which would end the test's own
    transaction on PostgreSQL; that one Django call is made a no-op here.
    """
    from django.core.management import base

    monkeypatch.setattr(base.connections, "close_all", lambda: None)

    def run(*args):
        try:
            execute_from_command_line(["manage.py", "verify_audit", *args])
        except SystemExit as exit:
            return exit.code
        return 0

    return run


def test_verify_audit_prints_the_count_and_head_and_exits_0(chain, capsys, run_verify_audit):
    assert run_verify_audit() == 0
    out = capsys.readouterr().out
    assert out == f"Nhật ký toàn vẹn: 4 bản ghi, mã cuối {chain[-1].digest}\n"


def test_verify_audit_on_an_empty_log(db, capsys):
    call_command("verify_audit")
    assert capsys.readouterr().out == f"Nhật ký toàn vẹn: 0 bản ghi, mã cuối {'0' * 64}\n"


def test_verify_audit_lists_the_problems_and_exits_1(chain, capsys, run_verify_audit):
    AuditRecord.objects.filter(seq=2).update(new={"C1": "10.0"})
    assert run_verify_audit() == 1
    err = capsys.readouterr().err
    assert "Nội dung bản ghi #2 đã bị sửa sau khi ghi (mã băm không khớp)." in err
    assert "Nhật ký chấm điểm không toàn vẹn: 1 vấn đề trong 4 bản ghi." in err


def test_verify_audit_checks_the_digest_from_the_minutes(chain, capsys, run_verify_audit):
    printed = chain[-1].digest
    assert run_verify_audit("--expected-head", printed) == 0
    AuditRecord.objects.filter(seq=4).delete()
    assert run_verify_audit("--expected-head", printed) == 1
    assert f"Không tìm thấy mã {printed}" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------------
# The admin list
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["organiser", "secretariat"])
def test_staff_see_the_log_with_an_ok_banner(client, chain, persona, request):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("audit:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-audit-verification="ok"' in html
    assert "Nhật ký toàn vẹn: 4 bản ghi, mã cuối" in html
    assert chain[-1].digest in html
    assert [r.seq for r in response.context["object_list"]] == [4, 3, 2, 1]
    assert "Giám khảo nhập nhầm tiêu chí 2" in html


def test_the_banner_shows_the_problems_in_red(client, organiser, chain):
    AuditRecord.objects.filter(seq=3).delete()
    client.force_login(organiser)
    html = client.get(reverse("audit:index")).content.decode()
    assert 'class="help-block help-critical"' in html
    assert "Nhật ký đã bị can thiệp" in html
    assert "Thiếu bản ghi giữa #2 và #4" in html
    assert "Nhật ký toàn vẹn" not in html


@pytest.mark.parametrize("persona", ["unit_user", "judge"])
def test_units_and_judges_cannot_open_the_log(client, chain, persona, request):
    client.force_login(request.getfixturevalue(persona))
    for url in (reverse("audit:index"), reverse("audit:inspect", args=[chain[0].pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_admin_access_without_the_view_permission_is_refused(client, chain):
    editor = UserFactory(username="bientap")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    response = client.get(reverse("audit:index"))
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def test_staff_can_inspect_a_record(client, secretariat, chain):
    client.force_login(secretariat)
    response = client.get(reverse("audit:inspect", args=[chain[3].pk]))
    assert response.status_code == 200
    assert chain[3].digest in response.content.decode()


def test_the_log_has_no_add_edit_or_delete_view_even_for_a_superuser(client, chain):
    for name in ("add", "edit", "delete", "copy", "history"):
        with pytest.raises(NoReverseMatch):
            reverse(f"audit:{name}", args=[] if name == "add" else [chain[0].pk])
    client.force_login(UserFactory(username="quantri", is_superuser=True))
    html = client.get(reverse("audit:index")).content.decode()
    assert "/edit/" not in html and "/delete/" not in html


def test_the_log_is_filtered_by_round_action_and_actor(client, organiser, chain, judge, entry, final_round):
    _score(judge, entry, final_round, None, {"C1": "7"}, audit.AuditAction.SCORE_CREATE)
    client.force_login(organiser)
    url = reverse("audit:index")

    def seqs(**params):
        return [r.seq for r in client.get(url, params).context["object_list"]]

    assert seqs(round=final_round.pk) == [5]
    assert seqs(action="score.create") == [5, 1]
    assert seqs(actor=organiser.pk) == [4]
    assert seqs(actor=judge.pk, action="score.change") == [2]


def test_the_log_is_in_the_contest_menu_for_staff(rf, organiser, secretariat, judge):
    from wagtail.admin.menu import admin_menu

    def contest_menu(user):
        request = rf.get("/")
        request.user = user
        for item in admin_menu.menu_items_for_request(request):
            if item.name == "cuoc-thi":
                return [str(child.label) for child in item.menu.menu_items_for_request(request)]
        return []

    assert "Nhật ký chấm điểm" in contest_menu(organiser)
    assert "Nhật ký chấm điểm" in contest_menu(secretariat)
    assert "Nhật ký chấm điểm" not in contest_menu(judge)


def test_the_list_queries_do_not_grow_with_the_records(client, organiser, judge, entry, first_round):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("audit:index")).status_code == 200
        return len(queries)

    client.force_login(organiser)
    _score(judge, entry, first_round, None, {"C1": "1"})
    client.get(reverse("audit:index"))  # warm the caches the first request fills
    few = count()
    for i in range(30):
        _score(judge, entry, first_round, None, {"C1": str(i)})
    assert count() <= few
