"""Dossier files: what is accepted, what is refused (and then nothing is kept), how it is stored."""

import datetime as dt
import hashlib
import io
import os
import unicodedata

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from contest.core.errors import DeadlinePassed, InvalidTransition, InvalidUpload, QuotaExceeded
from contest.core.models import DiscardedFile
from contest.core.services import files as stored_files
from contest.dossiers.enums import EntryAction, EntryState
from contest.dossiers.models import Attachment, EntryEvent
from contest.dossiers.services.attachments import add_attachment, remove_attachment
from contest.dossiers.uploads import clean_name, validate_upload
from tests import files

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


def add(entry, kind, name, content, by, caption=""):
    return add_attachment(
        entry=entry,
        kind=kind,
        uploaded_file=files.upload(name, content, "application/octet-stream"),
        caption=caption,
        by=by,
    )


def refused(entry, kind, name, content, by, error=InvalidUpload):
    """Try the upload; return the message and prove that neither a row nor a file was kept."""
    before = files.stored_paths()
    with pytest.raises(error) as excinfo:
        add(entry, kind, name, content, by)
    assert Attachment.objects.filter(entry=entry).count() == 0
    assert files.stored_paths() == before
    return str(excinfo.value)


def stored_bytes(attachment):
    with attachment.file.open("rb") as handle:
        return handle.read()


# Accepted files ------------------------------------------------------------------------------


def test_pdf_report_is_stored_under_a_generated_name_with_its_page_count(entry, unit_user):
    content = files.pdf_bytes(pages=3)

    attachment = add(entry, "report", "Báo cáo mô hình.pdf", content, unit_user)

    assert attachment.pages == 3
    assert attachment.content_type == "application/pdf"
    assert attachment.original_name == "Báo cáo mô hình.pdf"
    assert attachment.size == len(content)
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert stored_bytes(attachment) == content
    assert attachment.file.name.startswith(f"entries/{entry.contest_id}/{entry.pk}/")
    assert attachment.file.name.endswith(".pdf")
    assert "Báo" not in attachment.file.name
    assert not attachment.thumbnail


def test_adding_a_file_is_recorded_in_the_history(entry, unit_user):
    add(entry, "report", "bao-cao.pdf", files.pdf_bytes(), unit_user)

    event = EntryEvent.objects.get(entry=entry, action=EntryAction.ATTACHMENT_ADDED)
    assert event.actor == unit_user
    assert event.details == {"kind": "report", "name": "bao-cao.pdf"}


def test_docx_report_is_accepted(entry, unit_user):
    attachment = add(entry, "report", "bao-cao.docx", files.docx_bytes(), unit_user)

    assert attachment.content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert attachment.file.name.endswith(".docx")
    assert attachment.pages is None


def test_docx_page_count_recorded_by_word_is_kept(entry, unit_user):
    attachment = add(entry, "report", "bao-cao.docx", files.docx_with_pages(4), unit_user)

    assert attachment.pages == 4


def test_jpeg_photo_gets_dimensions_and_a_jpeg_thumbnail(entry, unit_user):
    attachment = add(entry, "photo", "anh.jpg", files.jpeg_bytes(size=(1000, 500)), unit_user, caption="Lễ ra quân")

    assert (attachment.width, attachment.height) == (1000, 500)
    assert attachment.content_type == "image/jpeg"
    assert attachment.caption == "Lễ ra quân"
    with attachment.thumbnail.open("rb") as handle, Image.open(handle) as thumbnail:
        assert thumbnail.format == "JPEG"
        assert thumbnail.size == (480, 240)


def test_gps_and_all_exif_are_stripped_from_the_stored_photo(entry, unit_user):
    original = files.jpeg_bytes(exif_gps=True)
    with Image.open(io.BytesIO(original)) as image:
        assert image.getexif().get_ifd(0x8825)  # the upload really carries a position

    attachment = add(entry, "photo", "anh.jpg", original, unit_user)

    stored = stored_bytes(attachment)
    with Image.open(io.BytesIO(stored)) as image:
        assert dict(image.getexif()) == {}
        assert "exif" not in image.info
    assert b"Exif" not in stored
    assert attachment.sha256 == hashlib.sha256(stored).hexdigest()
    assert attachment.size == len(stored)


def test_exif_orientation_is_applied_before_it_is_dropped(entry, unit_user):
    attachment = add(entry, "photo", "doc.jpg", files.jpeg_with_orientation(size=(64, 32), orientation=6), unit_user)

    assert (attachment.width, attachment.height) == (32, 64)
    with Image.open(io.BytesIO(stored_bytes(attachment))) as image:
        assert image.size == (32, 64)


def test_png_and_webp_photos_keep_their_format(entry, unit_user):
    png = add(entry, "photo", "so-do.png", files.png_bytes(), unit_user)
    webp = add(entry, "photo", "anh.webp", files.webp_bytes(), unit_user)

    assert (png.content_type, png.file.name[-4:]) == ("image/png", ".png")
    assert (webp.content_type, webp.file.name[-5:]) == ("image/webp", ".webp")
    with Image.open(io.BytesIO(stored_bytes(webp))) as image:
        assert (image.format, image.mode) == ("WEBP", "RGBA")


def test_endorsement_scan_may_be_a_png(entry, unit_user):
    attachment = add(entry, "endorsement", "xac-nhan.png", files.png_bytes(), unit_user)

    assert attachment.kind == "endorsement"
    assert attachment.thumbnail


def test_pdf_encrypted_only_against_editing_is_accepted(entry, unit_user):
    attachment = add(entry, "report", "bao-cao.pdf", files.encrypted_pdf_bytes(pages=2), unit_user)

    assert attachment.pages == 2


def test_mp4_and_webm_videos_are_accepted(entry, unit_user):
    mp4 = add(entry, "video", "phong-su.mp4", files.mp4_bytes(seconds=420), unit_user)
    assert mp4.content_type == "video/mp4"

    webm = add(entry, "video", "phong-su.webm", files.webm_bytes(), unit_user)
    assert webm.content_type == "video/webm"


def test_iphone_mov_video_is_accepted(entry, unit_user):
    attachment = add(entry, "video", "IMG_0001.MOV", files.mp4_bytes(seconds=30, brand=b"qt  "), unit_user)

    assert (attachment.content_type, attachment.file.name[-4:]) == ("video/quicktime", ".mov")


# Refused files: the message names the file and the rule --------------------------------------


def test_program_renamed_as_jpeg_is_refused(entry, unit_user):
    message = refused(entry, "photo", "anh-dep.jpg", files.exe_bytes(), unit_user)

    assert message == "Ảnh “anh-dep.jpg” thực chất là tệp EXE, không thuộc định dạng được nhận (JPEG, PNG, WEBP)."


def test_html_named_pdf_is_refused(entry, unit_user):
    message = refused(entry, "report", "bao-cao.pdf", files.html_bytes(), unit_user)

    assert message == "Báo cáo “bao-cao.pdf” thực chất là tệp HTML, không thuộc định dạng được nhận (PDF, DOCX)."


def test_svg_named_png_is_refused(entry, unit_user):
    message = refused(entry, "photo", "logo.png", files.svg_bytes(), unit_user)

    assert message == "Ảnh “logo.png” thực chất là tệp SVG, không thuộc định dạng được nhận (JPEG, PNG, WEBP)."


def test_unrecognisable_content_is_refused(entry, unit_user):
    message = refused(entry, "evidence", "minh-chung.pdf", "Chỉ là văn bản".encode(), unit_user)

    assert message == (
        "Tệp minh chứng “minh-chung.pdf” không thuộc định dạng được nhận (PDF, DOCX, JPEG, PNG) hoặc đã bị hỏng."
    )


def test_pdf_sent_as_a_photo_is_refused(entry, unit_user):
    message = refused(entry, "photo", "anh.pdf", files.pdf_bytes(), unit_user)

    assert message == "Ảnh “anh.pdf” thực chất là tệp PDF, không thuộc định dạng được nhận (JPEG, PNG, WEBP)."


def test_extension_must_agree_with_the_content(entry, unit_user):
    message = refused(entry, "photo", "anh.jpg", files.png_bytes(), unit_user)

    assert message == "Đuôi tệp của “anh.jpg” không khớp với nội dung: đây là tệp PNG, đuôi phải là .png."


def test_file_without_extension_is_refused(entry, unit_user):
    message = refused(entry, "report", "bao-cao", files.pdf_bytes(), unit_user)

    assert message == "Đuôi tệp của “bao-cao” không khớp với nội dung: đây là tệp PDF, đuôi phải là .pdf."


def test_corrupt_jpeg_is_refused(entry, unit_user):
    content = files.jpeg_bytes()
    message = refused(entry, "photo", "hong.jpg", content[: len(content) // 2], unit_user)

    assert message == "Ảnh “hong.jpg” bị hỏng hoặc không phải ảnh hợp lệ."


def test_corrupt_jpeg_is_refused_even_after_weasyprint_loosened_pillow(entry, unit_user):
    import weasyprint  # noqa: F401  (its import sets ImageFile.LOAD_TRUNCATED_IMAGES = True)
    from PIL import ImageFile

    ImageFile.LOAD_TRUNCATED_IMAGES = True
    content = files.jpeg_bytes()
    assert refused(entry, "photo", "hong.jpg", content[: len(content) // 2], unit_user)


def test_truncated_pdf_is_refused(entry, unit_user):
    content = files.pdf_bytes(pages=2)
    message = refused(entry, "report", "bao-cao.pdf", content[: len(content) - 40], unit_user)

    assert message == "Tệp PDF “bao-cao.pdf” bị hỏng hoặc không đọc được."


def test_pdf_that_needs_a_password_is_refused(entry, unit_user):
    message = refused(entry, "report", "mat.pdf", files.encrypted_pdf_bytes(user_password="bi-mat"), unit_user)

    assert message == "Tệp PDF “mat.pdf” được đặt mật khẩu nên không kiểm tra được; hãy gỡ mật khẩu rồi tải lên lại."


def test_photo_over_the_contests_size_limit_is_refused(entry, unit_user):
    entry.contest.max_photo_mb = 1
    entry.contest.save()

    message = refused(entry, "photo", "to.jpg", files.padded(files.jpeg_bytes(), MB + 1), unit_user)

    assert message == "Ảnh “to.jpg” vượt quá 1 MB."


def test_photo_exactly_at_the_size_limit_is_accepted(entry, unit_user):
    entry.contest.max_photo_mb = 1
    entry.contest.save()

    attachment = add(entry, "photo", "vua.jpg", files.padded(files.jpeg_bytes(), MB), unit_user)

    assert attachment.width == 640


def test_empty_file_is_refused(entry, unit_user):
    assert refused(entry, "evidence", "rong.pdf", b"", unit_user) == "Tệp “rong.pdf” rỗng."


def test_report_with_too_many_pages_is_refused(entry, unit_user):
    entry.contest.max_report_pages = 2
    entry.contest.save()

    message = refused(entry, "report", "dai.pdf", files.pdf_bytes(pages=3), unit_user)

    assert message == "Báo cáo “dai.pdf” có 3 trang, vượt quá 2 trang."


def test_docx_report_with_too_many_recorded_pages_is_refused(entry, unit_user):
    entry.contest.max_report_pages = 10
    entry.contest.save()

    message = refused(entry, "report", "dai.docx", files.docx_with_pages(11), unit_user)

    assert message == "Báo cáo “dai.docx” có 11 trang, vượt quá 10 trang."


def test_page_limit_is_for_the_report_only(entry, unit_user):
    entry.contest.max_report_pages = 1
    entry.contest.save()

    attachment = add(entry, "evidence", "bien-ban.pdf", files.pdf_bytes(pages=5), unit_user)

    assert attachment.pages == 5


@pytest.mark.parametrize("size", [(100_000, 100_000), (8_000, 8_000)])
def test_decompression_bomb_is_refused_before_it_is_decoded(entry, unit_user, size):
    message = refused(entry, "photo", "bom.png", files.png_bomb_bytes(*size), unit_user)

    assert message == "Ảnh “bom.png” quá lớn: tối đa 40 triệu điểm ảnh."


def test_zip_bomb_docx_is_refused(entry, unit_user):
    entry.contest.max_report_mb = 1  # so the DOCX may expand to at most 20 MB
    entry.contest.save()

    message = refused(entry, "report", "bao-cao.docx", files.docx_bomb_bytes(uncompressed_mb=21), unit_user)

    assert message == "Tệp “bao-cao.docx” khi giải nén vượt quá 20 MB; hệ thống không nhận tệp này."


def test_zip_that_is_not_a_word_document_is_refused(entry, unit_user):
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("readme.txt", "không phải Word")

    message = refused(entry, "report", "bao-cao.docx", out.getvalue(), unit_user)

    assert message == "Báo cáo “bao-cao.docx” thực chất là tệp ZIP, không thuộc định dạng được nhận (PDF, DOCX)."


def test_video_longer_than_the_contest_allows_is_refused(entry, unit_user):
    message = refused(entry, "video", "dai.mp4", files.mp4_bytes(seconds=11 * 60 + 30), unit_user)

    assert message == "Video “dai.mp4” dài 11,5 phút, vượt quá 10 phút."


def test_still_image_in_an_iso_container_is_not_a_video(entry, unit_user):
    message = refused(entry, "video", "anh.mp4", files.mp4_bytes(brand=b"heic"), unit_user)

    assert message == "Video “anh.mp4” thực chất là tệp HEIC, không thuộc định dạng được nhận (MP4, WEBM, MOV)."


def test_accepted_types_are_the_contests_data(entry, unit_user):
    entry.contest.allowed_report_types = "pdf"
    entry.contest.save()

    message = refused(entry, "report", "bao-cao.docx", files.docx_bytes(), unit_user)

    assert message == "Báo cáo “bao-cao.docx” thực chất là tệp DOCX, không thuộc định dạng được nhận (PDF)."


def test_endorsement_must_be_a_scan_or_pdf(entry, unit_user):
    message = refused(entry, "endorsement", "xac-nhan.docx", files.docx_bytes(), unit_user)

    assert message == (
        "Bản xác nhận “xac-nhan.docx” thực chất là tệp DOCX, không thuộc định dạng được nhận (PDF, JPEG, PNG)."
    )


def test_unknown_kind_is_refused(entry, unit_user):
    assert refused(entry, "audio", "a.pdf", files.pdf_bytes(), unit_user) == "Loại tệp không hợp lệ."


# Counts, replacement, duplicates --------------------------------------------------------------


def test_one_photo_more_than_the_contest_allows_is_refused(entry, unit_user):
    entry.contest.max_photos = 2
    entry.contest.save()
    add(entry, "photo", "1.png", files.png_bytes(size=(10, 10)), unit_user)
    add(entry, "photo", "2.png", files.png_bytes(size=(11, 10)), unit_user)
    before = files.stored_paths()

    with pytest.raises(QuotaExceeded) as excinfo:
        add(entry, "photo", "3.png", files.png_bytes(size=(12, 10)), unit_user)

    assert str(excinfo.value) == "Hồ sơ đã có 2/2 ảnh, không thể thêm. Hãy xóa bớt trước khi tải lên tệp khác."
    assert entry.attachments.count() == 2
    assert files.stored_paths() == before


def test_evidence_count_is_limited_too(entry, unit_user):
    entry.contest.max_evidence_files = 1
    entry.contest.save()
    add(entry, "evidence", "1.pdf", files.pdf_bytes(pages=1), unit_user)

    with pytest.raises(QuotaExceeded) as excinfo:
        add(entry, "evidence", "2.pdf", files.pdf_bytes(pages=2), unit_user)

    assert str(excinfo.value) == (
        "Hồ sơ đã có 1/1 minh chứng khác, không thể thêm. Hãy xóa bớt trước khi tải lên tệp khác."
    )


def test_the_same_photo_twice_is_refused(entry, unit_user):
    add(entry, "photo", "anh.jpg", files.jpeg_bytes(), unit_user)

    with pytest.raises(InvalidUpload) as excinfo:
        add(entry, "photo", "anh (1).jpg", files.jpeg_bytes(), unit_user)

    assert str(excinfo.value) == "Tệp “anh (1).jpg” đã có trong hồ sơ."
    assert entry.attachments.count() == 1


def test_a_new_report_replaces_the_old_one_whose_file_waits_for_the_sweep(
    entry, unit_user, django_capture_on_commit_callbacks
):
    old = add(entry, "report", "ban-dau.pdf", files.pdf_bytes(pages=1), unit_user)
    old_path, old_name = old.file.path, old.file.name

    with django_capture_on_commit_callbacks(execute=True):
        new = add(entry, "report", "ban-sua.pdf", files.pdf_bytes(pages=2), unit_user)

    assert list(entry.attachments.values_list("original_name", flat=True)) == ["ban-sua.pdf"]
    assert new.pages == 2
    # Kept for a backup that dumped the database before the replacement; the sweep removes it.
    assert os.path.exists(old_path)
    assert DiscardedFile.objects.filter(storage="private", name=old_name).exists()
    actions = list(EntryEvent.objects.filter(entry=entry).order_by("id").values_list("action", "details"))
    assert actions[-2:] == [
        (EntryAction.ATTACHMENT_REMOVED, {"kind": "report", "name": "ban-dau.pdf"}),
        (EntryAction.ATTACHMENT_ADDED, {"kind": "report", "name": "ban-sua.pdf"}),
    ]


def test_a_refused_replacement_keeps_the_old_report(entry, unit_user):
    add(entry, "report", "ban-dau.pdf", files.pdf_bytes(pages=1), unit_user)

    with pytest.raises(InvalidUpload):
        add(entry, "report", "ban-sua.pdf", files.html_bytes(), unit_user)

    assert list(entry.attachments.values_list("original_name", flat=True)) == ["ban-dau.pdf"]


def test_files_written_for_a_failed_transaction_are_deleted(entry, unit_user):
    from contest.core.models import User

    ghost = User(username="chua-luu")  # never saved: the row insert fails after the files are written
    before = files.stored_paths()

    with pytest.raises(ValueError):
        add(entry, "photo", "anh.jpg", files.jpeg_bytes(), ghost)

    assert entry.attachments.count() == 0
    assert files.stored_paths() == before


# State and deadline ---------------------------------------------------------------------------


def test_no_upload_after_the_deadline(entry, unit_user):
    entry.contest.submission_deadline = timezone.now() - dt.timedelta(minutes=1)
    entry.contest.save()

    message = refused(entry, "report", "bao-cao.pdf", files.pdf_bytes(), unit_user, error=DeadlinePassed)

    assert message.startswith("Đã hết hạn nộp hồ sơ (")


@pytest.mark.parametrize("state", [EntryState.SUBMITTED, EntryState.ACCEPTED])
def test_no_upload_once_submitted(entry, unit_user, state):
    entry.state = state
    entry.receipt_code = "DVK26-000001-ABCD"
    entry.save()

    message = refused(entry, "report", "bao-cao.pdf", files.pdf_bytes(), unit_user, error=InvalidTransition)

    assert message == f"Hồ sơ đang ở trạng thái “{state.label}”, không thể thay đổi tệp đính kèm."


def test_upload_allowed_when_returned_for_correction(entry, unit_user):
    entry.state = EntryState.RETURNED
    entry.receipt_code = "DVK26-000001-ABCD"
    entry.save()

    assert add(entry, "evidence", "bo-sung.pdf", files.pdf_bytes(), unit_user).kind == "evidence"


# Removal --------------------------------------------------------------------------------------


def test_removing_a_photo_deletes_the_row_and_the_sweep_its_files_later(
    entry, unit_user, django_capture_on_commit_callbacks
):
    attachment = add(entry, "photo", "anh.jpg", files.jpeg_bytes(), unit_user)
    paths = {attachment.file.name, attachment.thumbnail.name}
    assert paths <= files.stored_paths()

    with django_capture_on_commit_callbacks(execute=True):
        remove_attachment(attachment=attachment, by=unit_user)

    assert entry.attachments.count() == 0
    assert paths <= files.stored_paths()
    assert set(DiscardedFile.objects.values_list("name", flat=True)) == paths
    later = timezone.now() + dt.timedelta(hours=settings.FILE_RETENTION_HOURS, minutes=1)
    stored_files.sweep(delete=True, now=later)
    assert not paths & files.stored_paths()
    assert not DiscardedFile.objects.filter(name__in=paths).exists()
    event = EntryEvent.objects.filter(entry=entry).latest("id")
    assert (event.action, event.details) == (EntryAction.ATTACHMENT_REMOVED, {"kind": "photo", "name": "anh.jpg"})


def test_removal_is_refused_once_submitted(complete_entry, unit_user):
    attachment = complete_entry.attachments.get(kind="report")
    complete_entry.state = EntryState.SUBMITTED
    complete_entry.receipt_code = "DVK26-000001-ABCD"
    complete_entry.save()

    with pytest.raises(InvalidTransition):
        remove_attachment(attachment=attachment, by=unit_user)

    assert complete_entry.attachments.filter(pk=attachment.pk).exists()


# Names ----------------------------------------------------------------------------------------


def test_nfd_file_name_is_stored_nfc(entry, unit_user):
    nfd = unicodedata.normalize("NFD", "Ảnh lễ ra quân.jpg")
    assert nfd != "Ảnh lễ ra quân.jpg"

    attachment = add(entry, "photo", nfd, files.jpeg_bytes(), unit_user)

    assert attachment.original_name == "Ảnh lễ ra quân.jpg"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("C:\\Users\\An\\Desktop\\bao-cao.pdf", "bao-cao.pdf"),
        ("../../etc/bao-cao.pdf", "bao-cao.pdf"),
        ("bao\x00cao\r\n.pdf", "baocao.pdf"),
        ("anh\u202egpj.exe", "anhgpj.exe"),
        ("  .pdf  ", "pdf"),
        ("", "tep"),
    ],
)
def test_file_names_lose_paths_and_control_characters(raw, clean):
    assert clean_name(raw) == clean


def test_long_file_names_are_cut_to_255_characters_keeping_the_extension():
    name = clean_name("Báo cáo " * 50 + ".pdf")

    assert len(name) == 255
    assert name.endswith(".pdf")


def test_validation_alone_writes_nothing(contest):
    before = files.stored_paths()

    checked = validate_upload(contest=contest, kind="photo", uploaded_file=files.upload("a.png", files.png_bytes(), ""))

    assert (checked.width, checked.height, checked.extension) == (64, 64, "png")
    assert files.stored_paths() == before
    assert Attachment.objects.count() == 0


# Through the unit portal ----------------------------------------------------------------------


def test_unit_uploads_a_photo_through_the_portal(client, entry, unit_user):
    client.force_login(unit_user)
    upload = files.upload("Ảnh hội nghị.jpg", files.jpeg_bytes(), "image/jpeg")

    response = client.post(
        reverse("portal:attachment-upload", args=[entry.pk]),
        {"kind": "photo", "file": upload, "caption": "Hội nghị"},
        follow=True,
    )

    assert response.redirect_chain == [(reverse("portal:entry-detail", args=[entry.pk]), 302)]
    attachment = entry.attachments.get()
    assert (attachment.kind, attachment.original_name, attachment.caption) == ("photo", "Ảnh hội nghị.jpg", "Hội nghị")
    assert "Đã tải lên “Ảnh hội nghị.jpg”." in response.content.decode()


def test_portal_shows_why_a_file_was_refused(client, entry, unit_user):
    client.force_login(unit_user)
    before = files.stored_paths()

    response = client.post(
        reverse("portal:attachment-upload", args=[entry.pk]),
        {"kind": "report", "file": files.upload("bao-cao.pdf", files.html_bytes(), "application/pdf")},
        follow=True,
    )

    assert response.status_code == 200
    assert (
        "Báo cáo “bao-cao.pdf” thực chất là tệp HTML, không thuộc định dạng được nhận (PDF, DOCX)."
        in response.content.decode()
    )
    assert entry.attachments.count() == 0
    assert files.stored_paths() == before


def test_another_unit_cannot_upload_into_the_entry(client, entry, other_unit_user):
    client.force_login(other_unit_user)

    response = client.post(
        reverse("portal:attachment-upload", args=[entry.pk]),
        {"kind": "report", "file": files.upload("bao-cao.pdf", files.pdf_bytes(), "application/pdf")},
    )

    assert response.status_code == 404
    assert entry.attachments.count() == 0


def test_unit_removes_a_file_through_the_portal(client, entry, unit_user):
    attachment = add(entry, "evidence", "bien-ban.pdf", files.pdf_bytes(), unit_user)
    client.force_login(unit_user)

    response = client.post(reverse("portal:attachment-delete", args=[entry.pk, attachment.pk]), follow=True)

    assert entry.attachments.count() == 0
    assert "Đã xóa tệp “bien-ban.pdf”." in response.content.decode()


def test_a_large_upload_spooled_to_disk_is_checked_and_stored_the_same_way(client, entry, unit_user, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # every upload becomes a TemporaryUploadedFile
    content = files.pdf_bytes(pages=2)
    client.force_login(unit_user)

    client.post(
        reverse("portal:attachment-upload", args=[entry.pk]),
        {"kind": "report", "file": files.upload("bao-cao.pdf", content, "application/pdf")},
    )

    attachment = entry.attachments.get()
    assert (attachment.pages, attachment.sha256) == (2, hashlib.sha256(content).hexdigest())
    assert stored_bytes(attachment) == content
