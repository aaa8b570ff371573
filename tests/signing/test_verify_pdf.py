"""The public page that checks an uploaded PDF (/xac-minh/tep-pdf/) and ``manage.py verify_pdf``:
real signatures made with the development key, real files altered, truncated, encrypted, huge."""

import hashlib
import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader, PdfWriter

from contest.certificates.enums import CertificateStatus
from contest.signing.signers import sign_if_configured
from tests.factories.certificates import make_certificate
from tests.signing.keys import SIGNER, one_byte_changed, small_pdf

URL = "/xac-minh/tep-pdf/"


def upload(client, content: bytes, name="giay-chung-nhan.pdf", **extra):
    return client.post(URL, {"file": SimpleUploadedFile(name, content, "application/pdf")}, **extra)


def page(response) -> str:
    return " ".join(response.content.decode().split())


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Each test starts with no check counted against the test client's address."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def signed(dev_key) -> bytes:
    return sign_if_configured(small_pdf())


@pytest.fixture
def issued(entry, signed):
    """A certificate whose stored file is ``signed`` (the SHA-256 recorded at issue)."""
    return make_certificate(entry, sha256=hashlib.sha256(signed).hexdigest())


def test_the_page_offers_a_drop_zone_and_explains_the_results(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    text = page(response)
    assert 'enctype="multipart/form-data"' in text and 'name="file"' in text
    assert "Kéo thả tệp PDF vào đây" in text
    assert "Các kết quả có nghĩa là gì" in text
    assert reverse("pdf-verify") == URL


def test_an_issued_signed_file_reads_valid_with_its_signer_and_links_to_its_page(client, issued, signed):
    response = upload(client, signed)
    assert response.status_code == 200
    text = page(response)
    assert "Tệp hợp lệ: đúng bản đã cấp, chữ ký số nguyên vẹn" in text
    assert "Chữ ký số hợp lệ, tệp nguyên vẹn" in text
    assert f"Người ký: {SIGNER} (Dân vận khéo)" in text
    assert "Chứng thư số do CA thử nghiệm Dân vận khéo cấp, hiệu lực từ" in text
    # No timestamp authority: level B-B, the time is the signer's computer's.
    assert "mức PAdES B-B" in text
    assert f"Đúng là tệp đã cấp: Giấy chứng nhận số {issued.serial} cấp cho {issued.holder_name}" in text
    assert reverse("certificate-verify", args=[issued.token]) in text
    assert hashlib.sha256(signed).hexdigest() in text
    # The development CA is not among the trusted roots here.
    assert "Chưa xác nhận được tổ chức cấp chứng thư" in text


def test_a_file_altered_by_one_byte_reads_modified(client, issued, signed):
    altered = one_byte_changed(signed, b"/Title (")
    assert len(altered) == len(signed)
    text = page(upload(client, altered))
    assert "Tệp đã bị sửa đổi" in text
    assert "đã bị sửa đổi (dù chỉ một ký tự) sau khi ký" in text
    assert "Không trùng với tệp nào hệ thống đã cấp" in text
    assert "verify-bad" in text


def test_a_trusted_root_makes_the_signer_trusted(client, issued, signed, dev_key, settings, tmp_path):
    settings.SIGNING_TRUST_ROOTS = str(tmp_path / "ca.pem")
    text = page(upload(client, signed))
    assert "Tổ chức cấp chứng thư được tin cậy" in text
    assert "Chưa xác nhận được" not in text


def test_a_revoked_certificates_file_reads_no_longer_valid(client, entry, signed):
    make_certificate(entry, status=CertificateStatus.REVOKED, sha256=hashlib.sha256(signed).hexdigest())
    text = page(upload(client, signed))
    assert "Văn bản không còn hiệu lực" in text
    assert "Tệp đã cấp nhưng không còn hiệu lực" in text and "Đã thu hồi" in text


def test_a_signed_file_nobody_here_issued_reads_intact_but_unknown(client, signed, db):
    text = page(upload(client, signed))
    assert "Chữ ký số nguyên vẹn, nhưng không phải tệp hệ thống này cấp" in text


def test_an_unsigned_unknown_pdf_cannot_be_verified(client, db):
    text = page(upload(client, small_pdf()))
    assert "Tệp không có chữ ký số" in text
    assert "Không xác minh được tệp" in text


def _encrypted() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(small_pdf())))
    writer.encrypt("mat-khau")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("anh.png", lambda signed: b"\x89PNG\r\n\x1a\n" + b"\0" * 200, "Không phải tệp PDF"),
        ("van-ban.docx", lambda signed: b"PK\x03\x04" + b"word/document.xml" * 20, "Không phải tệp PDF"),
        ("cat-cut.pdf", lambda signed: signed[: len(signed) // 2], "Không đọc được tệp PDF"),
        ("rac.pdf", lambda signed: b"%PDF-1.7\n" + bytes(range(256)) * 40, "Không đọc được tệp PDF"),
        ("rong.pdf", lambda signed: b"", None),
        ("mat-khau.pdf", lambda signed: _encrypted(), "Tệp PDF có mật khẩu"),
        # An xref that points everywhere and a signature dictionary with nonsense in it.
        (
            "doc-hai.pdf",
            lambda signed: signed.replace(b"/ByteRange [", b"/ByteRange [999999999 "),
            None,
        ),
    ],
)
def test_hostile_and_broken_files_get_a_clear_message_never_a_500(client, db, signed, name, make, message):
    response = upload(client, make(signed), name=name)
    assert response.status_code in (200, 400)
    text = page(response)
    assert "verify-bad" in text or "notice error" in text or "verify-warn" in text
    if message:
        assert message in text


def test_an_empty_file_or_none_is_refused_plainly(client, db):
    empty = client.post(URL, {"file": SimpleUploadedFile("rong.pdf", b"", "application/pdf")})
    assert "Chưa chọn tệp" in page(empty) or "Tệp rỗng" in page(empty)
    nothing = client.post(URL, {})
    assert nothing.status_code == 400
    assert "Chưa chọn tệp" in page(nothing)


def test_a_file_over_the_limit_is_refused_without_being_read(client, db):
    huge = b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024)
    response = upload(client, huge, name="qua-lon.pdf")
    assert response.status_code == 400
    assert "Tệp quá lớn: chỉ kiểm tra được tệp đến 10 MB." in page(response)


def test_checks_are_rate_limited_per_visitor(client, db, settings, monkeypatch):
    settings.RATELIMIT_ENABLE = True
    # One fixed instant: django-ratelimit's windows follow the clock's minutes, and a minute turning
    # during the test would start a fresh count.
    import django_ratelimit.core

    now = django_ratelimit.core.time.time()
    monkeypatch.setattr(django_ratelimit.core.time, "time", lambda: now)
    statuses = [upload(client, b"not a pdf").status_code for _ in range(11)]
    assert statuses == [200] * 10 + [429]
    assert "Quá nhiều yêu cầu" in page(upload(client, b"x"))
    assert upload(client, b"x", REMOTE_ADDR="203.0.113.9").status_code == 200
    assert client.get(URL).status_code == 200  # reading the page is not counted


def test_the_page_keeps_no_file(client, issued, signed, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    upload(client, signed)
    assert not (tmp_path / "media").exists()


def test_verify_pdf_command_prints_the_same_report(issued, signed, tmp_path, capsys):
    path = tmp_path / "giay.pdf"
    path.write_bytes(signed)
    call_command("verify_pdf", str(path), "--trust", str(tmp_path / "ca.pem"))
    out = capsys.readouterr().out
    assert "✓ Tệp hợp lệ: đúng bản đã cấp, chữ ký số nguyên vẹn" in out
    assert f"Người ký: {SIGNER}" in out
    assert "✓ Tổ chức cấp chứng thư được tin cậy" in out
    assert f"/xac-minh/{issued.token}/" in out

    path.write_bytes(one_byte_changed(signed, b"/Title ("))
    with pytest.raises(SystemExit) as exit_status:
        call_command("verify_pdf", str(path))
    assert exit_status.value.code == 1
    assert "✗ Tệp đã bị sửa đổi" in capsys.readouterr().out

    path.write_bytes(b"GIF89a")
    with pytest.raises(SystemExit) as exit_status:
        call_command("verify_pdf", str(path))
    assert exit_status.value.code == 2
    assert "Không phải tệp PDF" in capsys.readouterr().out
