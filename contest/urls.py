from django.urls import include, path

from contest.certificates.views import downloads as certificates
from contest.certificates.views import verification
from contest.core.views import accounts, challenge
from contest.dossiers.views import attachments, complaints, files, portal, receipts
from contest.judging import views as judging
from contest.notices import views as notices
from contest.results import views as results_public
from contest.signing import views as signing_views
from contest.stage import views as stage
from contest.voting import views as voting

portal_patterns = [
    path("", portal.home, name="home"),
    path("tai-excel/", portal.export_entries, name="export"),
    path("cuoc-thi/<int:contest_id>/tao-ho-so/", portal.entry_create, name="entry-create"),
    path("ho-so/<int:pk>/", portal.entry_detail, name="entry-detail"),
    path("ho-so/<int:pk>/sua/", portal.entry_edit, name="entry-edit"),
    path("ho-so/<int:pk>/nop/", portal.entry_submit, name="entry-submit"),
    path("ho-so/<int:pk>/xac-nhan-nop/", portal.entry_confirm, name="entry-confirm"),
    path("ho-so/<int:pk>/xoa/", portal.entry_delete, name="entry-delete"),
    path("ho-so/<int:pk>/bien-nhan/", portal.entry_receipt, name="entry-receipt"),
    path("ho-so/<int:pk>/tep/", attachments.upload, name="attachment-upload"),
    path("ho-so/<int:pk>/tep/<uuid:attachment_id>/xoa/", attachments.delete, name="attachment-delete"),
    path("giay-chung-nhan/<int:pk>/tai/", certificates.download, name="certificate-download"),
    path("ho-so/<int:pk>/khieu-nai/", complaints.complaint_new, name="complaint-new"),
    path("khieu-nai/<int:pk>/", complaints.complaint_detail, name="complaint-detail"),
    path("khieu-nai/<int:pk>/phieu-tra-loi.pdf", complaints.complaint_answer, name="complaint-answer"),
]

judging_patterns = [
    path("", judging.home, name="home"),
    path("vong/<int:round_id>/ho-so/<int:entry_id>/", judging.sheet, name="sheet"),
    path("vong/<int:round_id>/ho-so/<int:entry_id>/luu/", judging.autosave, name="autosave"),
    path("vong/<int:round_id>/ho-so/<int:entry_id>/nop/", judging.submit, name="submit"),
    path("vong/<int:round_id>/ho-so/<int:entry_id>/tu-choi/", judging.recuse, name="recuse"),
    path("vong/<int:round_id>/chenh-lech/", judging.discrepancies, name="discrepancies"),
    path("vong/<int:round_id>/phuc-khao/", judging.remarking, name="remarking"),
]

stage_patterns = [
    path("<int:round_id>/trinh-chieu/", stage.projector, name="projector"),
    path("<int:round_id>/trinh-chieu/trang-thai.json", stage.projector_state, name="projector-state"),
    path("<int:round_id>/truc-tiep/", stage.live_page, name="live"),
    path("<int:round_id>/truc-tiep/trang-thai.json", stage.live_state, name="live-state"),
    path("<int:round_id>/cham/", stage.tablet, name="tablet"),
    path("<int:round_id>/cham/trang-thai.json", stage.tablet_state, name="tablet-state"),
    path("<int:round_id>/cham/gui/", stage.tablet_submit, name="tablet-submit"),
    path("<int:round_id>/cham/khoa/", stage.tablet_lock, name="tablet-lock"),
]

voting_patterns = [
    path("<int:round_id>/", voting.candidates_page, name="round"),
    path("<int:round_id>/mo-hinh/<int:entry_id>/", voting.vote_entry, name="vote"),
    path("xac-nhan/<uuid:token>/", voting.confirm, name="confirm"),
    path("bien-nhan/<str:receipt>/", voting.thanks, name="thanks"),
    path("<int:round_id>/bien-nhan/", voting.receipts_page, name="receipts"),
    path("thu-thach.json", voting.vote_challenge, name="challenge"),
    path("mo-hinh/<int:entry_id>/trang-thai.json", voting.widget_state, name="widget-state"),
]

urlpatterns = [
    path("vao/", accounts.home_redirect, name="home-redirect"),
    path("xac-minh-chong-gui-tu-dong/thu-thach.json", challenge.challenge, name="challenge"),
    path("don-vi/", include((portal_patterns, "portal"))),
    path("giam-khao/", include((judging_patterns, "judging"))),
    path("hoi-thi/", include((stage_patterns, "stage"))),
    path("binh-chon/", include((voting_patterns, "voting"))),
    path("tep/<uuid:attachment_id>/", files.attachment_file, name="attachment-file"),
    path("tep/<uuid:attachment_id>/anh-nho/", files.attachment_thumbnail, name="attachment-thumbnail"),
    path("ket-qua/<int:round_id>/", results_public.results_page, name="public-results"),
    path("ket-qua/<int:round_id>/ket-qua.csv", results_public.results_csv, name="public-results-csv"),
    path("ket-qua/<int:round_id>/thong-bao.pdf", notices.notice_pdf, name="notice-pdf"),
    path("ket-qua/<int:round_id>/gop-y/", notices.opinion, name="notice-opinion"),
    path("xac-minh/", verification.lookup, name="certificate-lookup"),
    # Before the token's pattern, which would otherwise take "tep-pdf" for a token.
    path("xac-minh/tep-pdf/", signing_views.verify_pdf, name="pdf-verify"),
    path("xac-minh/<str:token>/", verification.verify, name="certificate-verify"),
    path("bien-nhan/kiem-tra/<str:token>/", receipts.receipt_check, name="receipt-check"),
]
