"""Every URL of complaints and re-marking, as every persona: the unit that filed, another unit, the
organiser, the secretariat, the round's head judge, another judge and the public. A complaint never
leaks to another unit or the public; the back-office pages, the answer letter and the final
decision's gate."""

import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from contest.core.http import STRICT_CSP
from contest.notices.enums import ComplaintKind, ComplaintOutcome
from contest.notices.models import Complaint
from contest.notices.services import complaints
from tests import files
from tests.factories.core import UserFactory
from tests.judging.test_paper_sheets import text_of
from tests.notices.data import out_for_opinions
from tests.results.test_result_documents import awarded_round, frozen  # noqa: F401  (fixtures)

ANON, OWNER, OTHER_UNIT, ORGANISER, SECRETARIAT, HEAD_JUDGE, JUDGE = (
    "public",
    "owner",
    "other_unit",
    "organiser",
    "secretariat",
    "head_judge",
    "judge",
)
PERSONAS = (ANON, OWNER, OTHER_UNIT, ORGANISER, SECRETARIAT, HEAD_JUDGE, JUDGE)
LOGIN = "login"  # a redirect to a login page (the site's or the back office's)
GROUNDS = "Giám khảo thứ ba chấm tiêu chí hiệu quả thấp hơn hẳn hai giám khảo còn lại."

# name -> (method, expected per persona in PERSONAS order). Judges and units have no back-office
# access: Wagtail sends them to its login page.
BACKOFFICE_READ = (LOGIN, LOGIN, LOGIN, 200, 200, LOGIN, LOGIN)
MATRIX = {
    "portal:complaint-new": ("get", (LOGIN, 200, 404, 403, 403, 403, 403)),
    "portal:complaint-new#post": ("post", (LOGIN, 302, 404, 403, 403, 403, 403)),
    "portal:complaint-detail": ("get", (LOGIN, 200, 404, 403, 403, 403, 403)),
    # Not answered yet: no letter, for anyone.
    "portal:complaint-answer": ("get", (LOGIN, 404, 404, 403, 403, 403, 403)),
    "contest_complaints:complaint": ("get", BACKOFFICE_READ),
    # Handling is the organisers' (the secretariat follows); the head judge would need admin access.
    "contest_complaints:complaint#post": ("post", (LOGIN, LOGIN, LOGIN, 302, 403, LOGIN, LOGIN)),
    "contest_complaints:answer": ("get", (LOGIN, LOGIN, LOGIN, 404, 404, LOGIN, LOGIN)),
    "contest_complaints:file": ("get", BACKOFFICE_READ),
    "contest_complaints:export": ("get", BACKOFFICE_READ),
    # The head judge's page in the judges' area; another judge of the jury learns nothing.
    "judging:remarking": ("get", (LOGIN, 403, 403, 403, 403, 200, 404)),
    "judging:remarking#post": ("post", (LOGIN, 403, 403, 403, 403, 302, 404)),
    # The gate holds (window open, complaint pending): the organiser is sent back with the reason.
    "contest_result_documents:decision-final": ("get", (LOGIN, LOGIN, LOGIN, 302, 403, LOGIN, LOGIN)),
}


@pytest.fixture
def world(frozen, organiser, secretariat):  # noqa: F811
    snapshot, judges, entries = frozen
    notice = out_for_opinions(snapshot, organiser)
    entry = entries[4]
    owner = UserFactory(username="phunu", full_name="Võ Thị Lan", unit=entry.unit)
    other = UserFactory(username="nongdan", full_name="Đặng Văn Tư", unit=entries[1].unit)
    evidence = SimpleUploadedFile("bang-diem.pdf", files.pdf_bytes(), content_type="application/pdf")
    complaint = complaints.file_complaint(
        notice=notice,
        entry=entry,
        kind=ComplaintKind.REMARKING,
        grounds=GROUNDS,
        files=[evidence],
        form_token=uuid.uuid4(),
        by=owner,
    )
    users = {
        ANON: None,
        OWNER: owner,
        OTHER_UNIT: other,
        ORGANISER: organiser,
        SECRETARIAT: secretariat,
        HEAD_JUDGE: judges[0],
        JUDGE: judges[1],
    }
    return notice, entry, complaint, users


def _request(client, name, world):
    notice, entry, complaint, _users = world
    method, _expected = MATRIX[name]
    url_name = name.split("#")[0]
    if url_name == "portal:complaint-new":
        url = reverse(url_name, args=[entry.pk])
    elif url_name == "contest_complaints:file":
        url = reverse(url_name, args=[complaint.files.get().pk])
    elif url_name == "contest_result_documents:decision-final":
        url = reverse(url_name, args=[notice.snapshot_id])
    elif url_name in ("judging:remarking", "contest_complaints:export"):
        url = reverse(url_name, args=[notice.round_id])
    else:
        url = reverse(url_name, args=[complaint.pk])
    if method == "get":
        return client.get(url)
    if url_name == "portal:complaint-new":
        data = {
            "kind": ComplaintKind.COMPLAINT,
            "grounds": "Đề nghị xem lại việc xếp giải.",
            "form_token": uuid.uuid4(),
        }
    elif url_name == "judging:remarking":
        data = {
            "action": "verify",
            "ref": complaint.pk,
            f"c{complaint.pk}-verification": "Đã đối chiếu các phiếu chấm.",
        }
    else:
        data = {"action": "verify", "verification": "Đã đối chiếu các phiếu chấm."}
    return client.post(url, data)


def _status(response):
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("login")) or location.startswith(reverse("wagtailadmin_login")):
            return LOGIN
    return response.status_code


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_every_complaint_url_as_every_persona(client, world, name):
    _notice, _entry, complaint, users = world
    _method, expected = MATRIX[name]
    wrong = {}
    for persona, status in zip(PERSONAS, expected, strict=True):
        client.logout()
        if users[persona] is not None:
            client.force_login(users[persona])
        response = _request(client, name, world)
        got = _status(response)
        if got != status:
            wrong[persona] = got
        if got in (403, 404, LOGIN):
            assert GROUNDS.encode() not in response.content, (name, persona)
            assert complaint.number.encode() not in response.content, (name, persona)
    assert wrong == {}, name


def test_the_matrix_covers_every_new_url():
    from tests.core.test_permissions import MATRIX as SITE_MATRIX

    portal = {name for name in SITE_MATRIX if "complaint" in name}
    assert portal <= {name.split("#")[0] for name in MATRIX}
    assert "judging:remarking" in MATRIX
    from contest.notices.backoffice.complaints import urlpatterns

    assert {f"contest_complaints:{p.name}" for p in urlpatterns} <= set(MATRIX)


def test_a_complaints_file_is_served_inert_to_the_staff(client, world):
    """Evidence a unit uploaded gets the dossier files' sandboxing policy: even an HTML or SVG
    file that slipped past validation cannot run script in the site's origin (issue 11 item 8)."""
    _notice, _entry, complaint, users = world
    stored = complaint.files.get()
    client.force_login(users[SECRETARIAT])
    response = client.get(reverse("contest_complaints:file", args=[stored.pk]))
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == STRICT_CSP
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert {"private", "no-store"} <= {d.strip() for d in response["Cache-Control"].split(",")}
    with stored.file.open("rb") as handle:
        assert b"".join(response.streaming_content) == handle.read()


def test_a_units_complaint_never_shows_to_another_unit_or_the_public(client, world):
    notice, entry, complaint, users = world
    client.force_login(users[OTHER_UNIT])
    other_entry = users[OTHER_UNIT].unit.entries.get()
    for url in (reverse("portal:home"), reverse("portal:entry-detail", args=[other_entry.pk])):
        page = client.get(url).content.decode()
        assert complaint.number not in page and GROUNDS not in page
    client.logout()
    page = client.get(reverse("public-results", args=[notice.round_id])).content.decode()
    assert complaint.number not in page and GROUNDS not in page
    # The owner sees it on its entry's page, with its due date.
    client.force_login(users[OWNER])
    page = client.get(reverse("portal:entry-detail", args=[entry.pk])).content.decode()
    assert complaint.number in page and f"{complaint.due_on:%d/%m/%Y}" in page


def test_the_unit_files_in_the_portal_and_sees_the_number_and_due_date_at_once(client, world):
    _notice, entry, _complaint, users = world
    client.force_login(users[OWNER])
    response = client.post(
        reverse("portal:complaint-new", args=[entry.pk]),
        {"kind": ComplaintKind.COMPLAINT, "grounds": "Đề nghị xem lại việc xếp giải.", "form_token": uuid.uuid4()},
        follow=True,
    )
    created = Complaint.objects.get(kind=ComplaintKind.COMPLAINT)
    page = response.content.decode()
    assert created.number in page and f"{created.due_on:%d/%m/%Y}" in page
    too_long = client.post(
        reverse("portal:complaint-new", args=[entry.pk]),
        {"kind": ComplaintKind.COMPLAINT, "grounds": "x" * 10_000, "form_token": uuid.uuid4()},
    )
    assert too_long.status_code == 400 and "vượt quá 5.000 ký tự" in too_long.content.decode()
    assert Complaint.objects.count() == 2


def test_the_organiser_handles_it_in_the_back_office(client, world, organiser, django_capture_on_commit_callbacks):
    _notice, _entry, complaint, users = world
    client.force_login(organiser)
    url = reverse("contest_complaints:complaint", args=[complaint.pk])
    page = client.get(url).content.decode()
    assert GROUNDS in page and "Mở lại phiếu chấm" in page and users[HEAD_JUDGE].full_name in page
    client.post(url, {"action": "assign", "assignee": users[HEAD_JUDGE].pk})
    client.post(url, {"action": "answer", "outcome": ComplaintOutcome.REJECTED, "reasons": ""})
    complaint.refresh_from_db()
    assert complaint.assignee == users[HEAD_JUDGE] and complaint.is_pending
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url, {"action": "answer", "outcome": ComplaintOutcome.REJECTED, "reasons": "Điểm được chấm đúng quy chế."}
        )
    complaint.refresh_from_db()
    assert not complaint.is_pending and complaint.reasons == "Điểm được chấm đúng quy chế."


@pytest.mark.pdf
def test_the_answer_letter_is_the_units_and_the_staffs_only(client, world, organiser):
    _notice, _entry, complaint, users = world
    complaints.decide(
        complaint=complaint,
        outcome=ComplaintOutcome.PARTLY,
        reasons="Phiếu chấm thứ ba được xem lại; giữ nguyên điểm tiêu chí hồ sơ.",
        answer_number="03/PTL-BTC",
        by=organiser,
    )
    client.force_login(users[OWNER])
    response = client.get(reverse("portal:complaint-answer", args=[complaint.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = text_of(response.content)
    for expected in (
        "PHIẾU TRẢ LỜI",
        f"Đề nghị phúc khảo số {complaint.number}",
        "Số 03/PTL-BTC",
        f"Kính gửi: {complaint.entry.unit.name}",
        "chấp nhận một phần",
        "giữ nguyên điểm tiêu chí hồ sơ",
        "BAN TỔ CHỨC",
    ):
        assert expected in text, expected
    client.force_login(users[OTHER_UNIT])
    assert client.get(reverse("portal:complaint-answer", args=[complaint.pk])).status_code == 404
    client.force_login(users[SECRETARIAT])
    assert client.get(reverse("contest_complaints:answer", args=[complaint.pk])).status_code == 200


def test_the_head_judge_verifies_and_answers_a_remarking_in_the_judges_area(client, world):
    _notice, entry, complaint, users = world
    head = users[HEAD_JUDGE]
    client.force_login(head)
    url = reverse("judging:remarking", args=[complaint.notice.round_id])
    assert GROUNDS in client.get(url).content.decode()
    home = client.get(reverse("judging:home")).content.decode()
    assert url in home
    prefix = f"c{complaint.pk}"
    client.post(url, {"action": "verify", "ref": complaint.pk, f"{prefix}-verification": "Phiếu thứ ba lệch 32 điểm."})
    client.post(
        url,
        {
            "action": "answer",
            "ref": complaint.pk,
            f"{prefix}-outcome": ComplaintOutcome.REJECTED,
            f"{prefix}-reasons": "Đã xem lại phiếu thứ ba: điểm có căn cứ, giữ nguyên.",
        },
    )
    complaint.refresh_from_db()
    assert complaint.verified_by == head and complaint.decided_by == head and not complaint.is_pending


def test_a_head_judge_with_a_conflict_does_not_see_the_request(client, world):
    _notice, entry, complaint, users = world
    head = users[HEAD_JUDGE]
    head.unit = entry.unit
    head.save(update_fields=["unit"])
    client.force_login(head)
    url = reverse("judging:remarking", args=[complaint.notice.round_id])
    page = client.get(url).content.decode()
    assert GROUNDS not in page and complaint.number not in page
    response = client.post(url, {"action": "verify", "ref": complaint.pk, f"c{complaint.pk}-verification": "x"})
    assert response.status_code == 404


def test_the_staff_download_the_rounds_complaints_as_excel(client, world, secretariat):
    notice, _entry, complaint, _users = world
    client.force_login(secretariat)
    round_page = client.get(reverse("contest_notices:round", args=[notice.round_id])).content.decode()
    url = reverse("contest_complaints:export", args=[notice.round_id])
    assert url in round_page and complaint.number in round_page
    response = client.get(url)
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Số tiếp nhận" and rows[1][0] == complaint.number
    assert rows[1][1] == "Đề nghị phúc khảo" and rows[1][10] == GROUNDS
