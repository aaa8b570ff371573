"""Opinions on a provisional list: the public form (receipt, e-mail, anti-spam, bad input,
double posts), privacy, the staff's handling and the sealed summary report."""

import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contest.core.errors import DomainError
from contest.core.http import STRICT_CSP
from contest.core.models import AuditRecord
from contest.notices.models import Notice, Opinion, OpinionFile
from contest.notices.services import notices as notice_services
from contest.notices.services import opinions
from tests import files
from tests.challenge import solve, solved
from tests.judging.test_paper_sheets import text_of
from tests.notices.data import expire, out_for_opinions
from tests.results.test_result_documents import awarded_round, frozen  # noqa: F401  (fixtures)


@pytest.fixture
def notice(frozen, organiser):  # noqa: F811
    return out_for_opinions(frozen[0], organiser)


def url_of(notice):
    return reverse("notice-opinion", args=[notice.round_id])


def _post(client, notice, **overrides):
    data = {
        "name": "Hoàng Văn Sơn",
        "contact": "son.hoang@example.vn",
        "entry": "",
        "content": "Mô hình “Bữa cơm công nhân” đã được khen thưởng cấp tỉnh năm 2024.",
        "form_token": str(uuid.uuid4()),
        "website": "",
        "challenge": solved(),
        **overrides,
    }
    return client.post(url_of(notice), data)


def _private_files():
    root = Path(django_settings.PRIVATE_MEDIA_ROOT) / "opinions"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_a_visitor_sends_an_opinion_and_gets_a_receipt(
    client,
    notice,
    frozen,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    entry = frozen[2][5]
    page = client.get(url_of(notice))
    assert page.status_code == 200 and entry.title in page.content.decode()
    attachment = SimpleUploadedFile("bang-khen.pdf", files.pdf_bytes(), content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, notice, entry=str(entry.pk), files=attachment)
    assert response.status_code == 200
    opinion = Opinion.objects.get()
    assert opinion.receipt_code in response.content.decode()
    assert opinion.entry == entry and opinion.contact == "son.hoang@example.vn"
    assert opinion.files.count() == 1
    assert len(mail.outbox) == 1 and opinion.receipt_code in mail.outbox[0].body
    assert mail.outbox[0].to == ["son.hoang@example.vn"]
    assert AuditRecord.objects.filter(action="opinion.receive", object_id=str(opinion.pk)).exists()


def test_a_phone_number_is_enough_and_gets_no_email(client, notice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, notice, contact="0912 345 678")
    assert response.status_code == 200
    assert Opinion.objects.get().contact == "0912345678"
    assert mail.outbox == []


def test_posting_the_same_form_twice_records_one_opinion(client, notice):
    token = str(uuid.uuid4())
    first = _post(client, notice, form_token=token)
    second = _post(client, notice, form_token=token)
    assert Opinion.objects.count() == 1
    code = Opinion.objects.get().receipt_code
    assert code in first.content.decode() and code in second.content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"content": "x" * 10_000}, "vượt quá 5.000 ký tự"),
        ({"content": "   "}, "Hãy ghi nội dung góp ý"),
        ({"contact": "gọi cho tôi"}, "số điện thoại"),
        ({"name": ""}, "Hãy ghi họ tên người góp ý"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_saved(client, notice, overrides, message):
    import re

    response = _post(client, notice, **overrides)
    assert response.status_code == 400
    assert re.search(message, response.content.decode())
    assert not Opinion.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [("loi-moi.pdf", files.exe_bytes()), ("trang.pdf", files.html_bytes()), ("anh.png", files.svg_bytes())],
)
def test_hostile_attachments_are_refused_and_leave_no_file(client, notice, name, content):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    good = SimpleUploadedFile("ok.pdf", files.pdf_bytes(), content_type="application/pdf")
    before = _private_files()
    response = _post(client, notice, files=[good, upload])
    assert response.status_code == 400
    assert name in response.content.decode()
    assert not Opinion.objects.exists() and not OpinionFile.objects.exists()
    assert _private_files() == before


def test_more_than_three_files_are_refused(client, notice):
    uploads = [SimpleUploadedFile(f"t{i}.pdf", files.pdf_bytes(), content_type="application/pdf") for i in range(4)]
    response = _post(client, notice, files=uploads)
    assert "tối đa 3 tệp" in response.content.decode()
    assert not Opinion.objects.exists()


def test_an_entry_outside_the_list_is_refused(notice):
    from tests.factories import EntryFactory

    stranger = EntryFactory()
    with pytest.raises(DomainError, match="không có trong danh sách"):
        opinions.submit_opinion(
            notice=notice, name="A", contact="0912345678", content="x", entry_id=stranger.pk, form_token=uuid.uuid4()
        )


def test_the_honeypot_stores_nothing(client, notice):
    response = _post(client, notice, website="http://spam.example")
    assert response.status_code == 400
    assert not Opinion.objects.exists()


def test_after_the_window_opinions_are_refused_with_the_date(client, notice):
    expire(notice)
    page = client.get(url_of(notice)).content.decode()
    assert f"đến hết ngày {notice.ends_on:%d/%m/%Y}" in page
    _post(client, notice)
    assert not Opinion.objects.exists()
    with pytest.raises(DomainError, match=f"{notice.ends_on:%d/%m/%Y}"):
        opinions.submit_opinion(notice=notice, name="A", contact="0912345678", content="x", form_token=uuid.uuid4())


def test_visitors_are_rate_limited(client, notice, settings):
    settings.RATELIMIT_ENABLE = True
    cache.clear()
    try:
        statuses = [_post(client, notice, content=f"Ý kiến {i}").status_code for i in range(11)]
        assert statuses == [200] * 10 + [429]
        assert Opinion.objects.count() == 10
    finally:
        cache.clear()


def test_opinions_never_reach_the_public_pages(client, notice):
    _post(client, notice, name="Hoàng Văn Sơn", contact="0912345678", content="Nội dung riêng tư XYZ")
    page = client.get(reverse("public-results", args=[notice.round_id])).content.decode()
    for private in ("Hoàng Văn Sơn", "0912345678", "Nội dung riêng tư XYZ"):
        assert private not in page
    assert reverse("notice-opinion", args=[notice.round_id]) in page


def test_an_opinions_file_is_served_inert_to_the_staff(client, notice, secretariat):
    """Anyone may attach a file to an opinion: the staff get it with the dossier files' sandboxing
    policy, so that even an HTML or SVG file cannot run script in the site's origin (issue 11 item 8)."""
    _post(client, notice, files=SimpleUploadedFile("b.pdf", files.pdf_bytes(), content_type="application/pdf"))
    stored = Opinion.objects.get().files.get()
    client.force_login(secretariat)
    response = client.get(reverse("contest_notices:opinion-file", args=[stored.pk]))
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == STRICT_CSP
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == f'attachment; filename="y-kien-{stored.opinion_id}-{stored.pk}.pdf"'
    assert {"private", "no-store"} <= {d.strip() for d in response["Cache-Control"].split(",")}
    with stored.file.open("rb") as handle:
        assert b"".join(response.streaming_content) == handle.read()


@pytest.mark.pdf
def test_the_staff_handle_opinions_then_the_period_closes_with_a_sealed_report(
    client, notice, organiser, secretariat, unit_user
):
    _post(client, notice, files=SimpleUploadedFile("b.pdf", files.pdf_bytes(), content_type="application/pdf"))
    opinion = Opinion.objects.get()
    stored = opinion.files.get()
    file_url = reverse("contest_notices:opinion-file", args=[stored.pk])
    client.force_login(unit_user)
    assert client.get(file_url).status_code in (302, 403)
    client.force_login(secretariat)
    assert client.get(file_url).status_code == 200
    round_url = reverse("contest_notices:round", args=[notice.round_id])
    page = client.get(round_url).content.decode()
    assert opinion.receipt_code in page and opinion.contact in page
    expire(notice)
    with pytest.raises(DomainError, match="chưa ghi kết quả xử lý"):
        notice_services.close(notice=notice, by=organiser)
    response = client.post(round_url, {"action": "handle_opinion", "ref": opinion.pk, "handling": ""}, follow=True)
    assert "Hãy ghi kết quả xử lý" in response.content.decode()
    client.post(
        round_url, {"action": "handle_opinion", "ref": opinion.pk, "handling": "Đã xác minh: khen thưởng cấp huyện."}
    )
    opinion.refresh_from_db()
    assert opinion.status == "handled" and opinion.handled_by == secretariat
    summary_url = reverse("contest_notices:summary", args=[notice.round_id])
    assert client.get(summary_url).status_code == 404  # not sealed yet
    notice = notice_services.close(notice=notice, by=organiser)
    text = text_of(client.get(summary_url).content)
    assert "BÁO CÁO" in text and opinion.receipt_code in text and "khen thưởng cấp huyện" in text
    assert notice.summary_audit_head in text.replace("\n", "")
    assert opinion.contact not in text


@pytest.mark.pdf
def test_the_report_says_when_no_opinion_came(client, notice, organiser):
    expire(notice)
    notice_services.close(notice=notice, by=organiser)
    client.force_login(organiser)
    text = text_of(client.get(reverse("contest_notices:summary", args=[notice.round_id])).content)
    assert "không nhận được ý kiến nào" in text


def test_the_opinion_list_queries_do_not_grow(client, notice, organiser, django_assert_max_num_queries):
    client.force_login(organiser)
    url = reverse("contest_notices:round", args=[notice.round_id])
    for i in range(2):
        opinions.submit_opinion(notice=notice, name="A", contact="0912345678", content=f"{i}", form_token=uuid.uuid4())
    with django_assert_max_num_queries(60) as few:
        client.get(url)
    for i in range(20):
        opinions.submit_opinion(notice=notice, name="B", contact="0912345678", content=f"{i}", form_token=uuid.uuid4())
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
    assert Notice.objects.count() == 1


def test_an_opinion_without_a_solved_challenge_is_refused_in_vietnamese(client, notice):
    response = _post(client, notice, challenge="")
    assert response.status_code == 400
    assert "Hãy đánh dấu ô “Tôi không phải là máy tự động”" in response.content.decode()
    assert not Opinion.objects.exists()


def test_a_wrong_or_forged_solution_is_refused(client, notice):
    import base64
    import json

    forged = json.loads(base64.b64decode(solved()))
    forged["number"] += 1
    response = _post(client, notice, challenge=base64.b64encode(json.dumps(forged).encode()).decode())
    assert response.status_code == 400
    assert "không hợp lệ hoặc đã hết hạn" in response.content.decode()
    assert not Opinion.objects.exists()


def test_a_challenge_from_the_challenge_url_solved_by_the_visitor_passes(client, notice):
    served = client.get(reverse("challenge"))
    assert served.status_code == 200 and "no-cache" in served["Cache-Control"]
    response = _post(client, notice, challenge=solve(served.json()))
    assert response.status_code == 200
    assert Opinion.objects.count() == 1


def test_a_replayed_solution_is_refused(client, notice):
    payload = solved()
    assert _post(client, notice, challenge=payload).status_code == 200
    replay = _post(client, notice, challenge=payload, content="Một ý kiến khác, cùng lời giải cũ.")
    assert replay.status_code == 400
    assert "Lượt xác minh này đã được dùng" in replay.content.decode()
    assert Opinion.objects.count() == 1


def test_a_double_click_shows_the_receipt_although_the_challenge_is_spent(client, notice):
    data = {"challenge": solved(), "form_token": str(uuid.uuid4())}
    first = _post(client, notice, **data)
    second = _post(client, notice, **data)
    code = Opinion.objects.get().receipt_code
    assert second.status_code == 200 and code in first.content.decode() and code in second.content.decode()


def test_the_form_carries_the_challenge_widget_with_static_files_only(client, notice):
    page = client.get(url_of(notice)).content.decode()
    assert "<altcha-widget" in page and reverse("challenge") in page
    assert "vendor/altcha/altcha.js" in page and "vendor/altcha/worker.js" in page
    assert "Tôi không phải là máy tự động" in page
    assert "altcha.org" not in page
