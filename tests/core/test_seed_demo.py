"""`manage.py seed_demo`: a realistic demo, made through the services, that a rerun leaves alone."""

import datetime as dt
import io
import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from contest.certificates.models import CertificateTemplate
from contest.certificates.numbering import serial_text
from contest.core.enums import ContestKind, RoundKind
from contest.core.models import Contest, Field, Round, RoundGroup, Unit, User
from contest.demo.finished import FINISHED_SLUG
from contest.dossiers.enums import EntryKind, EntryState
from contest.dossiers.models import Attachment, Entry, EntryEvent, EntryIndicator, Extension, TeamMember
from contest.judging.models import ScoreSheet
from contest.management.commands.seed_demo import DEMO_PASSWORD, HOI_THI_SLUG, MODEL_REVIEW_SLUG
from contest.results.enums import SnapshotStatus
from contest.results.models import PrizeTier, ResultRow, ResultSnapshot
from contest.results.public import awards_for

# One xdist worker seeds the demo once for the whole module (the `seeded` fixture below).
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("seed_demo")]

SEEDED_MODELS = [
    Unit,
    User,
    Group,
    Contest,
    Field,
    Round,
    RoundGroup,
    Entry,
    TeamMember,
    Attachment,
    EntryEvent,
    Extension,
    EntryIndicator,
    ScoreSheet,
    PrizeTier,
    ResultSnapshot,
    ResultRow,
    CertificateTemplate,
]


def seed(**options):
    out = io.StringIO()
    call_command("seed_demo", force=True, stdout=out, **options)
    return out.getvalue()


def snapshot():
    """Every row of every model the command touches, so that 'nothing changed' is checked whole."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in SEEDED_MODELS}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The demo, seeded once for the module (it takes seconds): each test runs in a savepoint
    inside this transaction, so what a test changes is undone, and the whole is rolled back at
    the end of the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield seed()
        transaction.set_rollback(True)


@pytest.fixture
def output(seeded, db):
    return seeded


def test_running_twice_changes_nothing(output):
    before = snapshot()
    second = seed()
    assert snapshot() == before
    assert "0 mục tạo mới, 0 mục cập nhật" in second
    # 14 dossiers and teams of the units' own, plus the 6 teams of the Hội thi final's demo day.
    assert {name: len(rows) for name, rows in before.items()}["Entry"] == 20


def test_prints_every_demo_login_with_the_password(output):
    for username in ("btc", "thuky", "giamkhao1", "giamkhao2", "thanhkhe", "hoavang"):
        assert username in output
    assert DEMO_PASSWORD in output


def test_make_run_seeds_without_the_logins_and_prints_them_last_itself(output):
    # (The seeding's e-mails are summarised in one line: tests/core/test_devconsole.py; here the
    # module's transaction never commits, so no e-mail job is ever queued.)
    quiet = seed(logins=False)
    assert "Tài khoản demo" not in quiet and "giamkhao1" not in quiet
    logins = io.StringIO()
    call_command("demo_logins", stdout=logins)
    for username in ("btc", "thuky", "giamkhao1", "giamkhao2", "thanhkhe", "hoavang"):
        assert re.search(rf"^  {username} ", logins.getvalue(), re.M)


def test_accounts_have_their_roles_units_and_the_demo_password(output, client):
    def groups(username):
        return set(User.objects.get(username=username).groups.values_list("name", flat=True))

    assert groups("btc") == {"organiser"}
    assert groups("thuky") == {"secretariat"}
    assert groups("giamkhao1") == groups("giamkhao2") == {"judge"}
    assert User.objects.get(username="thanhkhe").unit.name == "Đảng ủy phường Thanh Khê"
    assert User.objects.get(username="hoavang").unit.name == "Ủy ban nhân dân xã Hòa Vang"
    # Conflict-of-interest data: a judge's school sits under one of the entrant communes.
    school = User.objects.get(username="giamkhao2").unit
    assert school.parent.code == "UBND-HOAVANG"
    assert client.login(username="thanhkhe", password=DEMO_PASSWORD)


def test_units_form_a_hierarchy_from_the_domain_sample(output):
    names = set(Unit.objects.values_list("name", flat=True))
    assert {
        "Đảng ủy phường Thanh Khê",
        "Ủy ban nhân dân xã Hòa Vang",
        "Chi bộ Tổ dân phố 12 phường Hải Châu",
        "Ủy ban MTTQ Việt Nam phường Sơn Trà",
        "Công an tỉnh Quảng Trị",
        "Bộ Chỉ huy Quân sự tỉnh Gia Lai",
        "Sở Nội vụ tỉnh Nghệ An",
        "Trường THCS Nguyễn Du",
        "Hội Liên hiệp Phụ nữ xã Ea Kar",
        "Đảng ủy đặc khu Phú Quốc",
    } <= names
    ward = Unit.objects.get(code="DU-THANHKHE")
    assert ward.parent.level.code == "tinh" and ward.level.code == "xa"


def test_unit_codes_are_short_upper_case_codes_and_old_slugs_are_renamed(output):
    codes = list(Unit.objects.values_list("code", flat=True))
    assert "DU-THANHKHE" in codes and all(re.fullmatch(r"[A-Z0-9]+(-[A-Z0-9]+)*", c) for c in codes)
    assert Unit.objects.get(code="DU-THANHKHE").email == "du-thanhkhe@example.vn"
    # A demo seeded before the codes changed: its units are renamed, not duplicated.
    Unit.objects.filter(code="DU-THANHKHE").update(code="dang-uy-phuong-thanh-khe")
    count = Unit.objects.count()
    seed()
    assert Unit.objects.count() == count
    assert Unit.objects.get(name="Đảng ủy phường Thanh Khê").code == "DU-THANHKHE"


def test_model_review_is_open_with_six_fields(output):
    contest = Contest.objects.get(slug=MODEL_REVIEW_SLUG)
    assert contest.kind == ContestKind.MODEL_REVIEW
    assert contest.is_registration_open(timezone.now())
    assert (contest.results_date.day, contest.results_date.month) == (15, 10)
    assert list(contest.fields.values_list("name", flat=True)) == [
        "Kinh tế",
        "Văn hóa – xã hội",
        "Quốc phòng – an ninh",
        "Xây dựng hệ thống chính trị",
        "An sinh xã hội",
        "Cải cách hành chính",
    ]


def test_hoi_thi_has_four_clusters_then_a_final(output):
    contest = Contest.objects.get(slug=HOI_THI_SLUG)
    assert contest.kind == ContestKind.HOI_THI
    prelim, final = contest.rounds.order_by("order")
    assert prelim.kind == RoundKind.PRELIMINARY
    assert list(prelim.groups.values_list("name", flat=True)) == ["Cụm 1", "Cụm 2", "Cụm 3", "Cụm 4"]
    assert final.kind == RoundKind.FINAL
    team = contest.entries.get(unit__code="DU-THANHKHE")
    assert team.kind == EntryKind.TEAM and team.members.count() == 8


def test_the_hoi_thi_final_is_ready_to_run_on_the_day(output):
    from contest.stage.enums import PartKind
    from contest.stage.models import StageProgramme

    final = Contest.objects.get(slug=HOI_THI_SLUG).rounds.get(order=2)
    programme = StageProgramme.objects.get(round=final)
    assert [p.kind for p in programme.parts.order_by("order")] == [
        PartKind.TEAM,
        PartKind.QUIZ,
        PartKind.TEAM,
        PartKind.TEAM,
    ]
    assert final.round_entries.count() == 6
    assert set(final.jury.values_list("judge__username", flat=True)) == {"giamkhao1", "giamkhao2"}
    assert final.assignments.count() == 12
    assert programme.parts.get(kind=PartKind.QUIZ).questions.count() == 3
    assert not programme.draws.exists()  # nothing drawn yet: the newcomer runs the day


def test_entries_went_through_the_services_into_every_state(output):
    states = set(Entry.objects.values_list("state", flat=True))
    assert states == {
        EntryState.DRAFT,
        EntryState.SUBMITTED,
        EntryState.RETURNED,
        EntryState.RESUBMITTED,
        EntryState.ACCEPTED,
    }
    accepted = Entry.objects.get(contest__slug=MODEL_REVIEW_SLUG, state=EntryState.ACCEPTED)
    assert accepted.receipt_code
    assert set(accepted.attachments.values_list("kind", flat=True)) == {"report", "endorsement", "photo"}
    assert list(accepted.events.values_list("action", flat=True)) == [
        "created",
        "attachment_added",
        "attachment_added",
        "attachment_added",
        "attachment_added",
        "submitted",
        "accepted",
    ]
    returned = Entry.objects.get(state=EntryState.RETURNED)
    assert returned.events.get(action="returned").reason


def test_the_demo_unit_sees_its_entries_in_the_portal(output, client):
    client.force_login(User.objects.get(username="thanhkhe"))
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    assert "Tổ liên gia an toàn – Zalo kết nối bình yên" in response.content.decode()
    entry = Entry.objects.get(title="Tổ liên gia an toàn – Zalo kết nối bình yên")
    assert client.get(reverse("portal:entry-detail", args=[entry.pk])).status_code == 200


def test_a_demo_whose_contests_have_closed_is_moved_forward(output):
    past = timezone.now() - dt.timedelta(days=400)
    current = Contest.objects.exclude(slug=FINISHED_SLUG)
    current.update(registration_opens=past - dt.timedelta(days=30), submission_deadline=past)
    seed()
    for contest in current:
        assert contest.is_registration_open(timezone.now())
    assert Contest.objects.get(slug=FINISHED_SLUG).submission_deadline.year == 2025
    final = Round.objects.get(contest__slug=HOI_THI_SLUG, kind=RoundKind.FINAL)
    assert final.starts_on == Contest.objects.get(slug=HOI_THI_SLUG).results_date > timezone.localdate()


def test_reset_passwords_restores_a_changed_demo_password(output, client):
    user = User.objects.get(username="btc")
    user.set_password("da-doi-mat-khau")
    user.save()
    seed()
    assert not client.login(username="btc", password=DEMO_PASSWORD)  # a plain rerun keeps it
    seed(reset_passwords=True)
    assert client.login(username="btc", password=DEMO_PASSWORD)


def test_demo_judges_have_dossiers_to_score(output):
    from contest.core.models import Round
    from contest.judging.models import Assignment
    from contest.management.commands.seed_demo import MODEL_REVIEW_SLUG

    first_round = Round.objects.filter(contest__slug=MODEL_REVIEW_SLUG).order_by("order").first()
    assert first_round.rubrics.get().criteria.count() == 7
    assert set(first_round.jury.values_list("judge__username", "is_head")) == {
        ("giamkhao1", True),
        ("giamkhao2", False),
    }
    judged = set(Assignment.objects.filter(round=first_round).values_list("judge__username", flat=True))
    assert "giamkhao1" in judged


def test_last_years_contest_is_finished_and_its_prizes_published(output):
    contest = Contest.objects.get(slug=FINISHED_SLUG)
    assert contest.name == "Cuộc thi “Dân vận khéo” thành phố Đà Nẵng năm 2025"
    assert contest.year == 2025
    assert not contest.is_registration_open(timezone.now())
    assert contest.results_date == dt.date(2025, 12, 5)
    snapshot = ResultSnapshot.objects.get(round__contest=contest)
    assert snapshot.status == SnapshotStatus.PUBLISHED
    assert timezone.localdate(snapshot.published_at) == dt.date(2025, 12, 5)
    prizes = list(snapshot.rows.exclude(prize_name="").order_by("rank").values_list("entry__title", "prize_name"))
    assert prizes == [
        ("Dân vận khéo trong vận động hiến đất làm đường kiệt K82", "Giải Nhất"),
        ("Tổ hợp tác trồng rau an toàn của hội viên phụ nữ", "Giải Nhì"),
        ("Phố đi bộ không rác thải nhựa", "Giải Nhì"),
        ("Camera an ninh – mắt thần khu dân cư", "Giải Ba"),
        ("Nhà văn hóa sáng – xanh – sạch nhờ sức dân", "Giải Ba"),
        ("Tủ bánh mì nghĩa tình cho người lao động nghèo", "Giải Ba"),
    ]
    # Under the 70 points a prize needs: ranked, no prize.
    assert snapshot.rows.get(prize_name="").score < 70
    assert set(contest.entries.values_list("state", flat=True)) == {EntryState.ACCEPTED}
    assert all(e.submitted_at.year == 2025 for e in contest.entries.all())


def test_the_winners_carry_indicators_photos_and_the_decision(output):
    winner = Entry.objects.get(title="Dân vận khéo trong vận động hiến đất làm đường kiệt K82")
    assert list(winner.indicators.values_list("name", "unit", "before", "after"))[1:3] == [
        ("Diện tích đất hiến", "m²", "0", "1.250"),
        ("Tiền vận động xã hội hóa", "đồng", "0", "120.000.000"),
    ]
    assert winner.attachments.filter(kind="photo").count() == 2
    template = CertificateTemplate.objects.get(contest=winner.contest)
    assert (template.decision_number, template.decision_date) == ("24-QĐ/BTGDVTU", dt.date(2025, 12, 5))
    # The issuer's abbreviation of the decision is the certificates' too (Hướng dẫn 36-HD/VPTW).
    assert serial_text(1, template.serial_suffix, party=template.party) == "0001-GCN/BTGDVTU"
    (award,) = awards_for([winner.pk])[winner.pk]
    assert (award.prize_name, award.decision_number) == ("Giải Nhất", "24-QĐ/BTGDVTU")


def test_the_demo_photos_are_distinct_illustrations_with_vietnamese_captions(output):
    photos = list(Attachment.objects.filter(kind="photo"))
    assert len(photos) >= 8
    captions = [photo.caption for photo in photos]
    assert len(set(captions)) == len(captions)
    assert all(any(c in caption for c in "ăâđêôơưàáảãạ") for caption in captions), captions
    digests = set()
    for photo in photos:
        with photo.file.open("rb") as f:
            digests.add(hash(f.read()))
    assert len(digests) == len(photos)


def test_the_finished_round_was_scored_by_the_demo_jury_through_the_services(output):
    judging_round = Round.objects.get(contest__slug=FINISHED_SLUG)
    sheets = ScoreSheet.objects.filter(round=judging_round)
    assert set(sheets.values_list("judge__username", flat=True)) == {"giamkhao1", "giamkhao2"}
    assert not sheets.filter(submitted_at__isnull=True).exists()
    # giamkhao2's school sits under xã Hòa Vang: the conflict rule kept Hòa Vang's dossiers from them.
    assert not sheets.filter(judge__username="giamkhao2", entry__unit__code="UBND-HOAVANG").exists()


def test_demo_rounds_have_real_names_and_placeholders_are_renamed(output):
    names = set(Round.objects.values_list("name", flat=True))
    assert "Vòng chấm" not in names and "Chung khảo" not in names
    assert {"Vòng chung khảo", "Vòng sơ khảo (thi theo cụm)"} <= names
    # A demo seeded before the rounds were named: renamed in place, not duplicated.
    Round.objects.filter(contest__slug=MODEL_REVIEW_SLUG).update(name="Vòng chấm")
    count = Round.objects.count()
    seed()
    assert Round.objects.count() == count
    assert Round.objects.get(contest__slug=MODEL_REVIEW_SLUG).name == "Vòng chung khảo"
