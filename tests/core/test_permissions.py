"""Every URL of the unit portal, the judging pages and the file views, as every persona.

A new view added to contest/urls.py without a row here makes ``test_every_url_is_in_the_matrix``
fail, so no view can be forgotten.
"""

import pytest
from django.urls import URLPattern, URLResolver, reverse

from cms import urls as cms_urls
from contest import urls as contest_urls
from tests.factories import UserFactory
from tests.factories.judging import assign, make_judge, make_round

ANON, OWNER, OTHER_UNIT, ORGANISER, SECRETARIAT, JUDGE, ASSIGNED_JUDGE = (
    "anonymous",
    "owner",
    "other_unit",
    "organiser",
    "secretariat",
    "judge",
    "assigned_judge",
)

# name -> (method, expected status for each persona in PERSONAS order).
# 302 for anonymous means "sent to the login page". JUDGE is a judge with no assignment;
# ASSIGNED_JUDGE is assigned the entry in a round (and has no conflict with it).
PERSONAS = (ANON, OWNER, OTHER_UNIT, ORGANISER, SECRETARIAT, JUDGE, ASSIGNED_JUDGE)
PORTAL_OWN = (302, 200, 404, 403, 403, 403, 403)
PORTAL_OWN_POST = (302, 302, 404, 403, 403, 403, 403)
PORTAL_ANY = (302, 200, 200, 403, 403, 403, 403)
FILE = (302, 200, 404, 200, 200, 404, 200)
# An unassigned judge gets 404 (never the data); anyone who is not a judge, 403.
JUDGING_ENTRY = (302, 403, 403, 403, 403, 404, 200)
MATRIX = {
    "home-redirect": ("get", (302, 302, 302, 302, 302, 302, 302)),
    "portal:home": ("get", PORTAL_ANY),
    "portal:export": ("get", PORTAL_ANY),
    "portal:entry-create": ("get", PORTAL_ANY),
    "portal:entry-detail": ("get", PORTAL_OWN),
    "portal:entry-edit": ("get", PORTAL_OWN),
    "portal:entry-submit": ("post", PORTAL_OWN_POST),
    "portal:entry-confirm": ("get", PORTAL_OWN),
    "portal:entry-delete": ("post", PORTAL_OWN_POST),
    # A draft has no receipt yet: 404 even for its own unit (tested with a receipt elsewhere).
    "portal:entry-receipt": ("get", (302, 404, 404, 403, 403, 403, 403)),
    "portal:attachment-upload": ("post", PORTAL_OWN_POST),
    "portal:attachment-delete": ("post", PORTAL_OWN_POST),
    # No certificate with that id in this world: 404 for everyone (a unit's own: test_certificate_backoffice).
    "portal:certificate-download": ("get", (302, 404, 404, 404, 404, 404, 404)),
    "attachment-file": ("get", FILE),
    "attachment-thumbnail": ("get", FILE),
    "judging:home": ("get", (302, 403, 403, 403, 403, 200, 200)),
    "judging:sheet": ("get", JUDGING_ENTRY),
    "judging:autosave": ("post", JUDGING_ENTRY),
    # An empty sheet cannot be submitted: the page comes back with the missing criteria.
    "judging:submit": ("post", JUDGING_ENTRY),
    # Without a reason the recusal is refused and the judge is sent back to the sheet.
    "judging:recuse": ("post", (302, 403, 403, 403, 403, 404, 302)),
    # Only the round's head judge (tested in test_judging_views); every other judge gets a 404.
    "judging:discrepancies": ("get", (302, 403, 403, 403, 403, 404, 404)),
    # The same for the head judge's re-marking requests (tests/notices/test_complaint_access.py).
    "judging:remarking": ("get", (302, 403, 403, 403, 403, 404, 404)),
    # The round has no published snapshot: 404 for everyone, organisers included (no preview).
    # A published one is readable by anyone (tests/contest/test_public_results.py).
    "public-results": ("get", (404,) * 7),
    "public-results-csv": ("get", (404,) * 7),
    # No notice period in this world: 404 for everyone (a published notice: tests/notices/).
    "notice-pdf": ("get", (404,) * 7),
    "notice-opinion": ("get", (404,) * 7),
    # No notice period, so no complaint here: the portal's units get a 404, staff a 403
    # (every persona with a real complaint: tests/notices/test_complaint_access.py).
    "portal:complaint-new": ("get", (302, 404, 404, 403, 403, 403, 403)),
    "portal:complaint-detail": ("get", (302, 404, 404, 403, 403, 403, 403)),
    "portal:complaint-answer": ("get", (302, 404, 404, 403, 403, 403, 403)),
    # Public: anyone, logged in or not, may verify a certificate whose token they hold (an unknown
    # token is a 404: tests/contest/test_verification.py) or open the serial-and-code lookup.
    "certificate-verify": ("get", (200,) * 7),
    "certificate-lookup": ("get", (200,) * 7),
    # Public: the page that checks an uploaded PDF's signatures (tests/signing/test_verify_pdf.py).
    "pdf-verify": ("get", (200,) * 7),
    # Public: the page a receipt's QR code opens, found only by its signed token (a forged one is a
    # 404: tests/dossiers/test_receipt.py).
    "receipt-check": ("get", (200,) * 7),
    # Public: a fresh proof-of-work challenge for the public forms (contest/core/challenge.py).
    "challenge": ("get", (200,) * 7),
    # The public site's plain addresses (cms/urls.py): feeds, sitemap, robots.txt.
    "announcements-rss": ("get", (200,) * 7),
    "announcements-atom": ("get", (200,) * 7),
    "sitemap": ("get", (200,) * 7),
    "robots": ("get", (200,) * 7),
    # Sends everyone, anonymous visitors included, to the newest results (not to the login page).
    "newest-results": ("get", (302,) * 7),
    "favicon": ("get", (301,) * 7),
    # The Hội thi day (tests/stage/ with a programme): the round of this world has no programme
    # of the day, so the staff get 404; everyone else is refused before the round is looked up.
    "stage:projector": ("get", (302, 403, 403, 404, 404, 403, 403)),
    "stage:projector-state": ("get", (302, 403, 403, 404, 404, 403, 403)),
    # The public live page exists only when the programme opts in (tests/stage/test_board.py).
    "stage:live": ("get", (404,) * 7),
    "stage:live-state": ("get", (404,) * 7),
    # Judges' tablets: judges only; a judge outside the round's jury (or any judge here, the round
    # having no programme) gets a 404.
    "stage:tablet": ("get", (302, 403, 403, 403, 403, 404, 404)),
    "stage:tablet-state": ("get", (302, 403, 403, 403, 403, 404, 404)),
    "stage:tablet-submit": ("post", (302, 403, 403, 403, 403, 404, 404)),
    "stage:tablet-lock": ("post", (302, 403, 403, 403, 403, 404, 404)),
    # The public vote (tests/voting/ with a vote): this world's round has none, so every page is a
    # 404 for everyone; the model page's widget state is public and says "no vote".
    "voting:round": ("get", (404,) * 7),
    "voting:vote": ("get", (404,) * 7),
    "voting:confirm": ("get", (404,) * 7),
    "voting:thanks": ("get", (404,) * 7),
    "voting:receipts": ("get", (404,) * 7),
    "voting:challenge": ("get", (200,) * 7),
    "voting:widget-state": ("get", (200,) * 7),
}


def _names(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{p.namespace}:" if p.namespace else prefix
            yield from _names(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield prefix + p.name


def test_every_url_is_in_the_matrix():
    assert set(_names(contest_urls.urlpatterns + cms_urls.urlpatterns)) == set(MATRIX)


@pytest.fixture
def world(complete_entry, unit_user, other_unit_user, organiser, secretariat, jpeg_upload):
    from contest.dossiers.services.attachments import add_attachment

    photo = add_attachment(entry=complete_entry, kind="photo", uploaded_file=jpeg_upload, caption="", by=unit_user)
    judge = UserFactory(username="giamkhao", roles=["judge"])
    round_ = make_round(complete_entry.contest)
    assigned_judge = make_judge("giamkhao-duoc-phan-cong")
    assign(round_, assigned_judge, complete_entry)
    users = {
        ANON: None,
        OWNER: unit_user,
        OTHER_UNIT: other_unit_user,
        ORGANISER: organiser,
        SECRETARIAT: secretariat,
        JUDGE: judge,
        ASSIGNED_JUDGE: assigned_judge,
    }
    return complete_entry, photo, users, round_


def _url(name, entry, photo, round_):
    if name == "certificate-verify":
        from tests.factories.certificates import make_certificate

        certificate = entry.certificates.first() or make_certificate(entry)
        return reverse(name, args=[certificate.token])
    if name in ("certificate-lookup", "pdf-verify"):
        return reverse(name)
    if name == "receipt-check":
        from contest.dossiers.receipt import check_token

        entry.receipt_code = "DVK26-000001-ABCD"
        entry.save(update_fields=["receipt_code"])
        return reverse(name, args=[check_token(entry)])
    if name in ("judging:discrepancies", "judging:remarking"):
        return reverse(name, args=[round_.pk])
    if name.startswith("stage:"):
        return reverse(name, args=[round_.pk])
    if name == "voting:challenge":
        return reverse(name)
    if name in ("voting:round", "voting:receipts"):
        return reverse(name, args=[round_.pk])
    if name == "voting:vote":
        return reverse(name, args=[round_.pk, entry.pk])
    if name == "voting:confirm":
        return reverse(name, args=["6f1c2b1e-1111-4222-8333-944455556666"])
    if name == "voting:thanks":
        return reverse(name, args=["BC-KHONGCO1"])
    if name == "voting:widget-state":
        return reverse(name, args=[entry.pk])
    if name in ("public-results", "public-results-csv", "notice-pdf", "notice-opinion"):
        return reverse(name, args=[round_.pk])
    if name.startswith("judging:") and name != "judging:home":
        return reverse(name, args=[round_.pk, entry.pk])
    if name in ("attachment-file", "attachment-thumbnail"):
        return reverse(name, args=[photo.pk])
    if name == "portal:attachment-delete":
        return reverse(name, args=[entry.pk, photo.pk])
    if name == "portal:entry-create":
        return reverse(name, args=[entry.contest_id])
    if name in (
        "challenge",
        "home-redirect",
        "portal:home",
        "portal:export",
        "judging:home",
        "sitemap",
        "robots",
        "newest-results",
        "favicon",
    ):
        return reverse(name)
    if name.startswith("announcements-"):
        return reverse(name)
    return reverse(name, args=[entry.pk])


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_url_as_every_persona(client, world, name):
    entry, photo, users, round_ = world
    method, expected = MATRIX[name]
    for persona, status in zip(PERSONAS, expected, strict=True):
        client.logout()
        if users[persona] is not None:
            client.force_login(users[persona])
        response = getattr(client, method)(_url(name, entry, photo, round_))
        assert response.status_code == status, f"{name} as {persona}: {response.status_code} != {status}"
        if persona == ANON and status == 302 and name != "newest-results":
            assert response["Location"].startswith(reverse("login"))
        if status in (403, 404):
            assert entry.title.encode() not in response.content


def test_other_unit_never_sees_the_file_bytes(client, world):
    entry, photo, users, _round = world
    client.force_login(users[OTHER_UNIT])
    for name in ("attachment-file", "attachment-thumbnail"):
        response = client.get(reverse(name, args=[photo.pk]))
        assert response.status_code == 404
        assert not getattr(response, "streaming", False)


@pytest.mark.parametrize("role", ["organiser", "secretariat", "judge"])
def test_staff_attached_to_a_unit_still_cannot_enter(client, unit, contest, role):
    """Organisers, the secretariat and judges may not enter (conflict of interest)."""
    staff = UserFactory(unit=unit, roles=[role])
    client.force_login(staff)
    assert client.get(reverse("portal:home")).status_code == 403
    assert client.get(reverse("portal:entry-create", args=[contest.pk])).status_code == 403
