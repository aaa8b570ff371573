"""The public verification page (QR code target), the serial-plus-code lookup and their rate limits."""

import hashlib
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from contest.certificates.enums import CertificateStatus
from contest.certificates.views.verification import MAX_FILE_BYTES, verification_code
from contest.core.http import client_ip
from tests.factories import EntryFactory
from tests.factories.certificates import PDF_BYTES, PDF_SHA256, make_certificate

NOT_FOUND = "Không tìm thấy giấy chứng nhận với số hiệu và mã xác minh này"


@pytest.fixture(autouse=True)
def no_rate_limit(settings):
    # Counters live in a cache shared by the whole test session: only the test about the limit counts.
    settings.RATELIMIT_ENABLE = False


def verify_url(certificate):
    return reverse("certificate-verify", args=[certificate.token])


def page(client, certificate):
    response = client.get(verify_url(certificate))
    assert response.status_code == 200
    return response.content.decode()


def test_valid_certificate_shows_what_the_certificate_prints(client, entry):
    certificate = make_certificate(entry)
    html = page(client, certificate)
    assert "Hợp lệ" in html and "verify-valid" in html
    for text in (certificate.holder_name, "Giải Nhất", entry.title, entry.contest.name, "0012/GCN-BTC", "cấp lần 1"):
        assert text in html
    assert "Số 24-QĐ/BDVTU, ngày 05/01/2026" in html
    assert certificate.issued_at.astimezone().strftime("%d/%m/%Y") in html or "/2026" in html
    assert f'<code class="sha256">{PDF_SHA256}</code>' in html
    assert 'name="robots" content="noindex"' in html


def test_nothing_personal_beyond_the_certificate(client, entry, organiser):
    certificate = make_certificate(entry, status=CertificateStatus.REVOKED, revoked_by=organiser)
    html = page(client, certificate)
    assert organiser.full_name not in html
    assert entry.created_by.full_name not in html
    assert entry.created_by.email not in html


def test_revoked_certificate_says_when_and_why(client, entry):
    certificate = make_certificate(entry, status=CertificateStatus.REVOKED)
    html = page(client, certificate)
    assert "Đã thu hồi" in html and "verify-revoked" in html
    assert certificate.revoked_at.strftime("%d/%m/%Y")[-4:] in html
    assert "Hồ sơ khai man số liệu." in html
    assert "verify-valid" not in html


def test_replaced_and_replacing_certificates_link_to_each_other(client, entry):
    old = make_certificate(entry, status=CertificateStatus.REPLACED)
    new = make_certificate(entry, edition=2, replaces=old, holder_name="Đảng ủy phường Thanh Khê (đính chính)")
    old_html = page(client, old)
    assert "Đã thay thế" in old_html and "verify-replaced" in old_html
    assert verify_url(new) in old_html
    new_html = page(client, new)
    assert "Hợp lệ" in new_html and "cấp lần 2" in new_html
    assert verify_url(old) in new_html


def test_pending_certificate_is_being_printed(client, entry):
    html = page(client, make_certificate(entry, status=CertificateStatus.PENDING))
    assert "Đang in" in html
    assert "file-check-form" not in html  # nothing issued yet, nothing to compare


def test_unknown_token_is_404(client, db):
    assert client.get(reverse("certificate-verify", args=["khong-co-ma-nay"])).status_code == 404


def test_page_costs_the_same_queries_whatever_the_links(client, entry, django_assert_max_num_queries):
    old = make_certificate(entry, status=CertificateStatus.REPLACED)
    new = make_certificate(entry, edition=2, replaces=old)
    client.get(verify_url(old))  # warm the header's cached identity (cms/identity.py)
    for certificate in (old, new, make_certificate(EntryFactory(contest=entry.contest), number=13)):
        with django_assert_max_num_queries(2):
            client.get(verify_url(certificate))


# --- file check without JavaScript ---------------------------------------------------------------


def post_file(client, certificate, content, name="giay-chung-nhan.pdf"):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client.post(verify_url(certificate), {"file": upload})


def test_matching_file(client, entry):
    response = post_file(client, make_certificate(entry), PDF_BYTES)
    assert response.status_code == 200
    assert "Tệp trùng khớp với giấy chứng nhận đã cấp" in response.content.decode()


def test_file_that_does_not_match(client, entry):
    altered = PDF_BYTES.replace(b"Giay", b"Giai")
    response = post_file(client, make_certificate(entry), altered)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tệp KHÔNG trùng khớp" in html
    assert hashlib.sha256(altered).hexdigest() in html


def test_file_too_big_is_refused_in_vietnamese(client, entry):
    response = post_file(client, make_certificate(entry), b"0" * (MAX_FILE_BYTES + 1))
    assert response.status_code == 400
    assert "Tệp quá lớn" in response.content.decode()


def test_missing_file(client, entry):
    response = client.post(verify_url(make_certificate(entry)), {})
    assert response.status_code == 400
    assert "Chưa chọn tệp" in response.content.decode()


def test_uploaded_file_is_never_stored(client, entry, settings, tmp_path):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1  # would send any upload to a temporary file
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    response = post_file(client, make_certificate(entry), PDF_BYTES * 100)
    assert response.status_code == 200
    assert list(tmp_path.iterdir()) == []


def test_file_check_is_csrf_protected(entry):
    client = Client(enforce_csrf_checks=True)
    certificate = make_certificate(entry)
    assert post_file(client, certificate, PDF_BYTES).status_code == 403

    # With the form's token (read through the hashing upload handler) the check runs.
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page(client, certificate)).group(1)
    upload = SimpleUploadedFile("giay-chung-nhan.pdf", PDF_BYTES, content_type="application/pdf")
    response = client.post(verify_url(certificate), {"csrfmiddlewaretoken": token, "file": upload})
    assert response.status_code == 200
    assert "Tệp trùng khớp với giấy chứng nhận đã cấp" in response.content.decode()


# --- lookup by serial and code ---------------------------------------------------------------------


def lookup(client, serial, code):
    return client.post(reverse("certificate-lookup"), {"serial": serial, "code": code})


def test_lookup_form(client, db):
    response = client.get(reverse("certificate-lookup"))
    assert response.status_code == 200
    assert "Mã xác minh" in response.content.decode()


def test_lookup_with_serial_and_code_leads_to_the_page(client, entry):
    certificate = make_certificate(entry)
    response = lookup(client, "Số: 0012/gcn-btc ", f" {verification_code(certificate)} ")
    assert response.status_code == 302
    assert response["Location"] == verify_url(certificate)


def test_lookup_finds_the_right_edition(client, entry):
    old = make_certificate(entry, status=CertificateStatus.REPLACED)
    new = make_certificate(entry, edition=2, replaces=old)
    assert lookup(client, "0012/GCN-BTC", verification_code(old))["Location"] == verify_url(old)
    assert lookup(client, "0012/GCN-BTC", verification_code(new))["Location"] == verify_url(new)


def test_wrong_code_and_wrong_serial_get_the_same_answer(client, entry):
    certificate = make_certificate(entry)
    code = verification_code(certificate)
    wrong_code = lookup(client, "0012/GCN-BTC", code[::-1] if code[::-1] != code else "zzzzzzzz")
    wrong_serial = lookup(client, "0013/GCN-BTC", code)
    assert wrong_code.status_code == wrong_serial.status_code == 200
    assert NOT_FOUND in wrong_code.content.decode()
    # Same page apart from the echoed inputs: nothing says which half was wrong.
    assert _without_inputs(wrong_code) == _without_inputs(wrong_serial)


def _without_inputs(response):
    html = response.content.decode()
    # The typed values are echoed back, and the CSRF token differs on every response.
    return re.sub(r'(name="(serial|code|csrfmiddlewaretoken)"[^>]*?) value="[^"]*"', r"\1", html)


def test_serial_alone_or_a_case_changed_code_finds_nothing(client, entry):
    certificate = make_certificate(entry)
    code = verification_code(certificate)
    assert NOT_FOUND in lookup(client, "0012/GCN-BTC", "").content.decode()
    if code.swapcase() != code:
        assert NOT_FOUND in lookup(client, "0012/GCN-BTC", code.swapcase()).content.decode()


def test_lookup_queries_do_not_grow_with_certificates(client, entry, django_assert_max_num_queries):
    for number in range(20, 30):
        make_certificate(EntryFactory(contest=entry.contest), number=number)
    lookup(client, "0012/GCN-BTC", "abcdefgh")  # warm the header's cached identity (cms/identity.py)
    with django_assert_max_num_queries(1):
        lookup(client, "0012/GCN-BTC", "abcdefgh")


# --- rate limits ------------------------------------------------------------------------------------


def test_rate_limits_answer_429_in_vietnamese(client, entry, settings):
    settings.RATELIMIT_ENABLE = True
    cache.clear()
    certificate = make_certificate(entry)
    try:
        statuses = [client.get(verify_url(certificate)).status_code for _ in range(31)]
        assert statuses[:30] == [200] * 30
        assert statuses[30] == 429
        statuses = [lookup(client, "0012/GCN-BTC", "x").status_code for _ in range(11)]
        assert statuses == [200] * 10 + [429]
        limited = lookup(client, "0012/GCN-BTC", "x")
        assert "Quá nhiều yêu cầu" in limited.content.decode()
        assert limited["Retry-After"] == "60"
        # Another visitor is not limited by the first one.
        assert client.get(verify_url(certificate), REMOTE_ADDR="203.0.113.9").status_code == 200
    finally:
        cache.clear()


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("203.0.113.9", "", "203.0.113.9"),
        # Through our nginx: the last address is the one nginx saw; what the client wrote is ignored.
        ("127.0.0.1", "1.2.3.4, 198.51.100.7", "198.51.100.7"),
        # Not through our proxy: a forged header changes nothing.
        ("203.0.113.9", "198.51.100.7", "203.0.113.9"),
        ("127.0.0.1", "rác", "127.0.0.1"),
    ],
)
def test_client_ip(rf, remote, forwarded, expected):
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
