"""The certificate pages: templates with checked images, issuing through the page with its progress,
the downloads (one, ZIP, print), reissue and revocation, the unit's own downloads and the e-mails.

The renderer is the fake of test_certificates.py (tiny distinct PDFs): these tests are about the
pages, their permissions and their bookkeeping, not the look of the certificate.
"""

import io
import zipfile

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from contest.certificates.enums import BatchStatus, CertificateStatus
from contest.certificates.models import Certificate, CertificateBatch, CertificateTemplate
from contest.certificates.services import issuing as services
from contest.certificates.services import production
from contest.certificates.tasks import send_certificate_emails
from tests.certificates.test_certificates import FakeRenderer, make_snapshot, make_template, tiny_pdf, use_renderer
from tests.factories import EntryFactory, UnitFactory, UserFactory
from tests.factories.judging import make_round

__all__ = ["use_renderer"]  # a fixture, imported so that pytest finds it here

ANON, UNIT, JUDGE, SECRETARIAT, ORGANISER = "anonymous", "unit", "judge", "secretariat", "organiser"


@pytest.fixture
def renderer(use_renderer, monkeypatch):
    import contest.certificates.rendering as module

    monkeypatch.setattr(module, "preview_pdf", lambda template: tiny_pdf("xem thử"), raising=False)
    return use_renderer(FakeRenderer())


def _snapshot(contest, organiser, entries):
    return make_snapshot(
        make_round(contest, jury_only=True),
        organiser,
        [
            (e, "nhat" if i == 0 else "kk", "Giải Nhất" if i == 0 else "Giải Khuyến khích", [])
            for i, e in enumerate(entries)
        ],
    )


@pytest.fixture
def world(
    contest, entry, organiser, secretariat, unit_user, other_unit_user, renderer, django_capture_on_commit_callbacks
):
    other = EntryFactory(contest=contest, unit=other_unit_user.unit, title="Dân vận khéo ở xã Hòa Vang")
    snapshot = _snapshot(contest, organiser, [entry, other])
    template = make_template(contest)
    with django_capture_on_commit_callbacks(execute=True):
        services.start_batch(snapshot=snapshot, template=template, by=organiser)
    users = {
        ANON: None,
        UNIT: unit_user,
        JUDGE: UserFactory(username="giamkhao", roles=["judge"]),
        SECRETARIAT: secretariat,
        ORGANISER: organiser,
    }
    return snapshot, template, users


def _outcome(response):
    if response.status_code == 302:
        return "login" if response["Location"].startswith(reverse("wagtailadmin_login")) else response["Location"]
    return response.status_code


STAFF_GET = {ANON: "login", UNIT: "login", JUDGE: "login", SECRETARIAT: 200, ORGANISER: 200}


def test_every_certificate_page_as_every_persona(client, world):
    snapshot, template, users = world
    certificate = Certificate.objects.filter(snapshot=snapshot).first()
    batch = CertificateBatch.objects.get(snapshot=snapshot)
    urls = [
        reverse("contest_certificates:index"),
        reverse("contest_certificates:snapshot", args=[snapshot.pk]),
        reverse("contest_certificates:progress", args=[batch.pk]),
        reverse("contest_certificates:zip", args=[snapshot.pk]),
        reverse("contest_certificates:print", args=[snapshot.pk]),
        reverse("contest_certificates:download", args=[certificate.pk]),
        reverse("contest_certificates:template-preview", args=[template.pk]),
        reverse("certificate_templates:index"),
        reverse("certificate_templates:inspect", args=[template.pk]),
    ]
    wrong = {}
    for persona, user in users.items():
        client.logout()
        if user:
            client.force_login(user)
        for url in urls:
            got = _outcome(client.get(url))
            if got != STAFF_GET[persona]:
                wrong[(persona, url)] = got
    assert wrong == {}


def test_the_snapshot_page_lists_awards_and_offers_actions_to_organisers_only(client, world):
    snapshot, _template, users = world
    url = reverse("contest_certificates:snapshot", args=[snapshot.pk])
    client.force_login(users[ORGANISER])
    page = client.get(url).content.decode()
    assert "0001/GCN-BTC" in page and "0002/GCN-BTC" in page
    assert "Thu hồi" in page and "Tải tất cả (ZIP)" in page
    client.force_login(users[SECRETARIAT])
    page = client.get(url).content.decode()
    assert "0001/GCN-BTC" in page
    assert 'value="revoke"' not in page and 'value="reissue"' not in page


def test_secretariat_cannot_post(client, world):
    snapshot, template, users = world
    certificate = Certificate.objects.filter(snapshot=snapshot).first()
    client.force_login(users[SECRETARIAT])
    url = reverse("contest_certificates:snapshot", args=[snapshot.pk])
    for data in (
        {"action": "issue", "template": template.pk},
        {"action": "revoke", "certificate": certificate.pk, "reason": "Gian lận"},
        {"action": "reissue", "certificate": certificate.pk, "reason": "Sai tên"},
    ):
        assert client.post(url, data).status_code == 403
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID


def test_issue_through_the_page_then_progress_and_emails(
    client, contest, entry, organiser, unit_user, renderer, django_capture_on_commit_callbacks
):
    snapshot = _snapshot(contest, organiser, [entry])
    template = make_template(contest)
    client.force_login(organiser)
    url = reverse("contest_certificates:snapshot", args=[snapshot.pk])
    assert "Cấp giấy chứng nhận" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "issue", "template": template.pk})
    assert response.status_code == 302
    certificate = Certificate.objects.get(snapshot=snapshot)
    assert certificate.status == CertificateStatus.VALID and certificate.serial == "0001/GCN-BTC"
    batch = CertificateBatch.objects.get(snapshot=snapshot)
    progress = client.get(reverse("contest_certificates:progress", args=[batch.pk])).json()
    assert progress | {"status_label": ""} == {
        "status": BatchStatus.DONE,
        "state": "done",
        "message": "",
        "resumable": False,
        "status_label": "",
        "done": 1,
        "total": 1,
        "percent": 100,
        "finished": True,
        "error": "",
    }
    # One e-mail for the unit, to its representative and the unit's address, with the links.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert unit_user.email in message.to
    assert certificate.token in message.body and f"/don-vi/ho-so/{entry.pk}/" in message.body
    assert not message.attachments
    certificate.refresh_from_db()
    assert certificate.emailed_at is not None
    # Running the job again (a retry) sends nothing twice.
    send_certificate_emails.enqueue(batch.pk)
    assert len(mail.outbox) == 1
    # Nothing left to issue: the form is gone and a second POST is refused with a message.
    page = client.get(url).content.decode()
    assert 'value="issue"' not in page
    client.post(url, {"action": "issue", "template": template.pk})
    assert CertificateBatch.objects.filter(snapshot=snapshot).count() == 1


def test_progress_of_a_running_batch(client, world):
    snapshot, _template, users = world
    batch = CertificateBatch.objects.get(snapshot=snapshot)
    CertificateBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.RUNNING, done=1)
    client.force_login(users[SECRETARIAT])
    progress = client.get(reverse("contest_certificates:progress", args=[batch.pk])).json()
    assert (progress["done"], progress["total"], progress["percent"], progress["finished"]) == (1, 2, 50, False)
    page = client.get(reverse("contest_certificates:snapshot", args=[snapshot.pk])).content.decode()
    assert "batch-bar" in page and 'http-equiv="refresh"' in page


def test_zip_holds_the_stored_pdfs_named_by_serial(client, world):
    snapshot, _template, users = world
    client.force_login(users[SECRETARIAT])
    response = client.get(reverse("contest_certificates:zip", args=[snapshot.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert sorted(archive.namelist()) == ["0001-GCN-BTC.pdf", "0002-GCN-BTC.pdf"]
    first = Certificate.objects.get(snapshot=snapshot, number=1)
    with first.pdf.open("rb") as handle:
        assert archive.read("0001-GCN-BTC.pdf") == handle.read()


def test_print_file_is_one_pdf_with_every_certificate(client, world):
    from pypdf import PdfReader

    snapshot, _template, users = world
    client.force_login(users[ORGANISER])
    response = client.get(reverse("contest_certificates:print", args=[snapshot.pk]))
    assert response.status_code == 200
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 2


def test_reissue_and_revoke_through_the_page_need_a_reason(client, world):
    snapshot, _template, users = world
    first, second = Certificate.objects.filter(snapshot=snapshot).order_by("number")
    client.force_login(users[ORGANISER])
    url = reverse("contest_certificates:snapshot", args=[snapshot.pk])

    client.post(url, {"action": "reissue", "certificate": first.pk, "reason": "", "holder_name": "Tên đúng"})
    client.post(url, {"action": "revoke", "certificate": second.pk, "reason": "  "})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (CertificateStatus.VALID, CertificateStatus.VALID)

    client.post(
        url,
        {
            "action": "reissue",
            "certificate": first.pk,
            "reason": "Sai tên đơn vị",
            "holder_name": "Đảng ủy phường Thanh Khê Đông",
        },
    )
    client.post(url, {"action": "revoke", "certificate": second.pk, "reason": "Hồ sơ gian dối"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == CertificateStatus.REPLACED
    new = first.replaced_by
    assert (new.serial, new.edition, new.holder_name) == ("0001/GCN-BTC", 2, "Đảng ủy phường Thanh Khê Đông")
    assert (second.status, second.revoked_reason, second.revoked_by) == (
        CertificateStatus.REVOKED,
        "Hồ sơ gian dối",
        users[ORGANISER],
    )
    page = client.get(url).content.decode()
    assert "Đã thu hồi" in page and "Hồ sơ gian dối" in page and "lần 2" in page


def test_unit_downloads_its_own_certificate_only(client, world, entry, unit_user, other_unit_user):
    snapshot, _template, users = world
    own = Certificate.objects.get(snapshot=snapshot, entry=entry)
    others = Certificate.objects.exclude(pk=own.pk).get(snapshot=snapshot)
    url = reverse("portal:certificate-download", args=[own.pk])

    client.force_login(unit_user)
    detail = client.get(reverse("portal:entry-detail", args=[entry.pk])).content.decode()
    assert own.serial in detail and url in detail
    response = client.get(url)
    assert response.status_code == 200
    with own.pdf.open("rb") as handle:
        assert b"".join(response.streaming_content) == handle.read()
    assert client.get(reverse("portal:certificate-download", args=[others.pk])).status_code == 404

    for user in (other_unit_user, users[ORGANISER], users[SECRETARIAT], users[JUDGE]):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302

    # Revoked: shown with its reason, no longer downloadable.
    services.revoke(certificate=own, by=users[ORGANISER], reason="Hồ sơ gian dối")
    client.force_login(unit_user)
    detail = client.get(reverse("portal:entry-detail", args=[entry.pk])).content.decode()
    assert "Đã thu hồi" in detail and "Hồ sơ gian dối" in detail
    assert client.get(url).status_code == 404


def test_snapshot_page_query_count_is_the_same_for_3_and_20(client, contest, organiser, renderer):
    counts = []
    for n in (3, 20):
        entries = [EntryFactory(contest=contest, unit=UnitFactory()) for _ in range(n)]
        snapshot = _snapshot(contest, organiser, entries)
        template = CertificateTemplate.objects.filter(contest=contest).first() or make_template(contest)
        batch = services.start_batch(snapshot=snapshot, template=template, by=organiser)
        production.render_batch(batch.pk)
        certificate = Certificate.objects.filter(snapshot=snapshot).first()
        services.revoke(certificate=certificate, by=organiser, reason="Gian lận")
        client.force_login(organiser)
        url = reverse("contest_certificates:snapshot", args=[snapshot.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# -- Templates --------------------------------------------------------------------------------


def _png(mode="RGBA", colour=(200, 0, 0, 0), size=(40, 40), fmt="PNG"):
    out = io.BytesIO()
    Image.new(mode, size, colour).save(out, fmt)
    return out.getvalue()


def _template_post(contest, **files):
    return {
        "contest": contest.pk,
        "kind": "certificate",
        "document_format": "party",
        "parent_body": "TỈNH ỦY HÀ TĨNH",
        "issuing_body": "BAN DÂN VẬN",
        "title": "GIẤY CHỨNG NHẬN",
        "decision_number": "24-QĐ/BDVTU",
        "decision_date": "20/11/2026",
        "place": "Hà Tĩnh",
        "serial_suffix": "GCN-BTC",
        "body_text": "Đã đạt {giai} {cuoc_thi}",
        "signer_authority": "T/M BAN TỔ CHỨC",
        "signer_title": "TRƯỞNG BAN",
        "signer_name": "Nguyễn Văn Hùng",
        "landscape": "on",
        **files,
    }


@pytest.mark.parametrize(
    ("content", "name", "error"),
    [
        (_png(mode="RGB", colour=(255, 255, 255)), "con-dau.png", "không có nền trong suốt"),
        (_png(mode="RGB", colour=(255, 0, 0), fmt="JPEG"), "con-dau.jpg", "PNG nền trong suốt"),
        # Django's own image field refuses it first, with its own message.
        (b"not an image at all", "con-dau.png", ""),
    ],
)
def test_template_seal_must_be_a_transparent_png(client, contest, organiser, content, name, error):
    client.force_login(organiser)
    data = _template_post(contest, seal_image=SimpleUploadedFile(name, content))
    response = client.post(reverse("certificate_templates:add"), data)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not CertificateTemplate.objects.exists()


def test_template_with_clean_images_is_saved_under_a_random_name(client, contest, organiser):
    client.force_login(organiser)
    data = _template_post(
        contest,
        seal_image=SimpleUploadedFile("con-dau.png", _png()),
        signature_image=SimpleUploadedFile("chu-ky.png", _png(mode="LA", colour=(0, 0))),
        background_image=SimpleUploadedFile("nen.jpg", _png(mode="RGB", colour=(250, 240, 200), fmt="JPEG")),
    )
    response = client.post(reverse("certificate_templates:add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    template = CertificateTemplate.objects.get()
    assert "con-dau" not in template.seal_image.name and template.seal_image.name.endswith(".png")
    assert template.background_image.name.endswith(".jpg")
    with Image.open(template.seal_image.open("rb")) as seal:
        assert seal.mode == "RGBA"
    # Stored privately: no public URL at all, and the edit form says so instead of linking.
    with pytest.raises(ValueError):
        _ = template.seal_image.url
    edit = client.get(reverse("certificate_templates:edit", args=[template.pk]))
    assert edit.status_code == 200
    assert "Đã có ảnh (lưu kín" in edit.content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"signer_authority": "T/M BAN THƯỜNG VỤ", "signer_title": "TRƯỞNG BAN"},
            "Thay mặt “BAN THƯỜNG VỤ” thì người ký là “BÍ THƯ” hoặc “PHÓ BÍ THƯ”",
        ),
        ({"signer_authority": "TM. BAN TỔ CHỨC"}, "Văn bản theo thể thức của Đảng viết “T/M”, không viết “TM.”"),
        ({"document_format": "state"}, "Cơ quan ban hành là cơ quan của Đảng"),
    ],
)
def test_a_template_whose_heading_or_signing_lines_a_clerk_would_refuse_is_refused(
    client, contest, organiser, changes, message
):
    client.force_login(organiser)
    response = client.post(reverse("certificate_templates:add"), {**_template_post(contest), **changes})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CertificateTemplate.objects.exists()
    # The same lines written right are accepted.
    assert client.post(reverse("certificate_templates:add"), _template_post(contest)).status_code == 302
    assert CertificateTemplate.objects.count() == 1


def test_secretariat_cannot_add_or_edit_templates(client, contest, secretariat):
    template = make_template(contest)
    client.force_login(secretariat)
    for url in (reverse("certificate_templates:add"), reverse("certificate_templates:edit", args=[template.pk])):
        assert client.get(url)["Location"] == reverse("wagtailadmin_home")
    assert client.post(reverse("certificate_templates:add"), _template_post(contest)).status_code == 302
    assert CertificateTemplate.objects.count() == 1


def test_preview_is_an_inline_pdf(client, contest, organiser, renderer):
    template = make_template(contest)
    client.force_login(organiser)
    response = client.get(reverse("contest_certificates:template-preview", args=[template.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response.content.startswith(b"%PDF")


@pytest.mark.pdf
def test_a_preview_that_does_not_fit_sends_the_organiser_back_to_the_form(client, contest, organiser):
    template = make_template(contest)
    template.body_text = "Đã có thành tích xuất sắc {giai} " + "trong phong trào thi đua dân vận khéo " * 60
    template.save()
    client.force_login(organiser)
    response = client.get(reverse("contest_certificates:template-preview", args=[template.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("certificate_templates:edit", args=[template.pk])
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert messages and all("Traceback" not in m for m in messages)


def test_after_saving_a_template_the_organiser_returns_to_the_certificates_page(client, contest, entry, organiser):
    """Issue 12: "Sửa" and "Tạo mẫu" on a result's certificates page come back to it after "Lưu";
    from the list of templates, "Lưu" still leads to the list; another site is never a target."""
    from urllib.parse import urlencode

    snapshot = _snapshot(contest, organiser, [entry])
    template = make_template(contest)
    page_url = reverse("contest_certificates:snapshot", args=[snapshot.pk])
    edit_url = reverse("certificate_templates:edit", args=[template.pk])
    back = urlencode({"next": page_url})
    client.force_login(organiser)

    page = client.get(page_url).content.decode()
    assert f'href="{edit_url}?{back}"' in page
    assert f'href="{reverse("certificate_templates:add")}?{back}"' in page
    assert f'action="{edit_url}?{back}"' in client.get(f"{edit_url}?{back}").content.decode()

    data = _template_post(contest, signer_name="Trần Thị Hoa")
    response = client.post(f"{edit_url}?{back}", data)
    assert response.status_code == 302 and response["Location"] == page_url
    template.refresh_from_db()
    assert template.signer_name == "Trần Thị Hoa"

    assert client.post(edit_url, data)["Location"] == reverse("certificate_templates:index")
    elsewhere = urlencode({"next": "https://example.com/"})
    assert client.post(f"{edit_url}?{elsewhere}", data)["Location"] == reverse("certificate_templates:index")

    template.delete()
    response = client.post(f"{reverse('certificate_templates:add')}?{back}", _template_post(contest))
    assert response.status_code == 302 and response["Location"] == page_url
