"""Back-office page "Giấy chứng nhận": issuing certificates from frozen results, following the
background batch, downloading them (one by one, as a ZIP, as one PDF to print), reissuing one
after a typo and revoking one.

Looking and downloading need ``certificates.view`` (organisers and the secretariat); every POST
needs ``certificates.manage`` (organisers) and calls one service (services/issuing.py): issue,
resume a failed or stalled batch ("In tiếp"), reissue, revoke. The batch box says what is true
(services/progress.py): printing only while a live worker holds the batch's job.
The snapshot page costs a fixed number of queries whatever the number of awards.
"""

import zipfile
from urllib.parse import urlencode

from django import forms
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from contest.certificates import rendering as certificate_pdf
from contest.certificates.backoffice.certificate_templates import TemplatePreview
from contest.certificates.enums import BatchStatus, CertificateStatus
from contest.certificates.models import Certificate, CertificateBatch, CertificateTemplate
from contest.certificates.services import issuing as services
from contest.certificates.services import progress
from contest.core.backoffice.sections import register_section
from contest.core.errors import DomainError
from contest.core.http import content_disposition, permission_denied, stream_file
from contest.core.http import recorded_ip as _client_ip
from contest.core.text import fold
from contest.results.enums import SnapshotStatus
from contest.results.models import ResultRow, ResultSnapshot
from contest.signing import signers

VIEW_PERMISSION = "certificates.view"
MANAGE_PERMISSION = "certificates.manage"
LIVE = (CertificateStatus.PENDING, CertificateStatus.VALID)
STATUS_CSS = {
    CertificateStatus.PENDING: "w-status",
    CertificateStatus.VALID: "w-status w-status--primary",
    CertificateStatus.REVOKED: "w-status w-status--label",
    CertificateStatus.REPLACED: "w-status",
}


def _file_name(certificate) -> str:
    # "0012/GCN-BTC" cannot be a file name; the serial stays readable.
    return certificate.serial.replace("/", "-") + ".pdf"


def _valid_certificates(snapshot):
    return (
        Certificate.objects.filter(snapshot=snapshot, status=CertificateStatus.VALID)
        .select_related("contest", "template", "snapshot__round")
        .order_by("number", "edition")
    )


class _StaffOnly:
    def dispatch(self, request, *args, **kwargs):
        # A real 403, not Wagtail's silent bounce to the dashboard (see backoffice/review.py).
        if not request.user.has_perm(VIEW_PERMISSION):
            return permission_denied(request)
        if request.method == "POST" and not request.user.has_perm(MANAGE_PERMISSION):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)


# -- Forms ------------------------------------------------------------------------------------


class _TokenPinForm(forms.Form):
    """Asks for the signing token's PIN when the organiser enters it for each batch (no PIN in the
    server's environment); otherwise the field is removed. Never shown back, never remembered by
    the browser."""

    pin = forms.CharField(
        label=gettext_lazy("Mã PIN của thiết bị ký số"),
        max_length=64,
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}, render_value=False),
        help_text=gettext_lazy("Nhập một lần cho cả đợt; không lưu lại sau khi đợt in xong."),
    )

    sign_without_timestamp = forms.BooleanField(
        label=gettext_lazy("Nếu không lấy được dấu thời gian, vẫn ký (chữ ký không có dấu thời gian)"),
        required=False,
        help_text=gettext_lazy("Không chọn: đợt in dừng lại và báo lỗi khi máy chủ dấu thời gian không trả lời."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not signers.needs_pin():
            del self.fields["pin"]
        if not signers.backend() or not signers.level_config().timestamped:
            del self.fields["sign_without_timestamp"]


class IssueForm(_TokenPinForm):
    template = forms.ModelChoiceField(label=gettext_lazy("Mẫu giấy chứng nhận"), queryset=CertificateTemplate.objects)

    field_order = ["template", "pin", "sign_without_timestamp"]


class ResumeForm(_TokenPinForm):
    batch = forms.IntegerField(label=gettext_lazy("Đợt cấp"), widget=forms.HiddenInput)


class _CertificateForm(forms.Form):
    certificate = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=gettext_lazy("Lý do"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ReissueForm(_CertificateForm):
    holder_name = forms.CharField(label=gettext_lazy("Người / tập thể được cấp"), max_length=255, required=False)
    entry_title = forms.CharField(label=gettext_lazy("Tên mô hình, điển hình"), max_length=255, required=False)
    prize_name = forms.CharField(label=gettext_lazy("Giải"), max_length=150, required=False)


class RevokeForm(_CertificateForm):
    pass


# -- Pages ------------------------------------------------------------------------------------


def _award_count(rows) -> int:
    return sum(bool(prize_code) + len(part_prizes or []) for prize_code, part_prizes in rows)


class CertificatesIndexView(_StaffOnly, WagtailAdminTemplateMixin, TemplateView):
    """The results in force (frozen or published) with how many of their awards have a certificate."""

    template_name = "contest/certificates/backoffice/index.html"
    header_icon = "doc-full"

    def get_page_title(self):
        return _("Giấy chứng nhận")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        snapshots = list(
            ResultSnapshot.objects.exclude(status=SnapshotStatus.INVALIDATED)
            .select_related("round__contest")
            .annotate(issued=Count("certificates", filter=Q(certificates__status=CertificateStatus.VALID)))
            .order_by("-round__contest__year", "round__contest__name", "round__order")
        )
        awards = {}
        rows = ResultRow.objects.filter(snapshot__in=snapshots).values_list("snapshot_id", "prize_code", "part_prizes")
        for snapshot_id, prize_code, part_prizes in rows:
            awards.setdefault(snapshot_id, []).append((prize_code, part_prizes))
        for snapshot in snapshots:
            snapshot.awards = _award_count(awards.get(snapshot.pk, []))
        context["snapshots"] = snapshots
        return context


def _progress(batch) -> dict:
    """The progress bar's data. ``finished`` means nothing will move without someone acting (done,
    failed or stalled): the page stops polling and shows what to do. A batch waiting for a worker
    is not finished: printing starts by itself once the worker is started, and the page follows."""
    state = progress.batch_state(batch)
    return {
        "status": batch.status,
        "state": state.key,
        "status_label": state.label,
        "message": state.message,
        "resumable": state.resumable,
        "done": batch.done,
        "total": batch.total,
        "percent": round(100 * batch.done / batch.total) if batch.total else 100,
        "finished": not state.moving and state.key != "no_worker",
        "error": batch.error if batch.status == BatchStatus.FAILED else "",
    }


class SnapshotCertificatesView(_StaffOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "contest/certificates/backoffice/snapshot.html"
    header_icon = "doc-full"
    http_method_names = ["get", "post"]

    def get_page_title(self):
        return _("Giấy chứng nhận")

    def get_page_subtitle(self):
        return str(self.snapshot)

    @cached_property
    def snapshot(self):
        return get_object_or_404(ResultSnapshot.objects.select_related("round__contest"), pk=self.kwargs["pk"])

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("contest_certificates:index"), "label": _("Giấy chứng nhận")},
            {"url": "", "label": str(self.snapshot)},
        ]

    # POST: one action, one service call, a message, back to the page.

    def post(self, request, *args, **kwargs):
        handler = getattr(self, f"do_{request.POST.get('action', '')}", None)
        if handler is None:
            messages.error(request, _("Thao tác không hợp lệ."))
            return redirect(request.path)
        try:
            handler(request)
        except DomainError as error:
            messages.error(request, str(error.message))
        return redirect(request.path)

    def _invalid(self, form):
        problems = "; ".join(f"{form.fields[name].label}: {' '.join(errors)}" for name, errors in form.errors.items())
        messages.error(self.request, _("Chưa đủ thông tin: %(errors)s") % {"errors": problems})

    def _certificate(self, form):
        return get_object_or_404(Certificate, pk=form.cleaned_data["certificate"], snapshot=self.snapshot)

    def do_issue(self, request):
        form = IssueForm(request.POST)
        form.fields["template"].queryset = CertificateTemplate.objects.filter(contest=self.snapshot.round.contest_id)
        if not form.is_valid():
            return self._invalid(form)
        batch = services.start_batch(
            snapshot=self.snapshot,
            template=form.cleaned_data["template"],
            by=request.user,
            ip=_client_ip(request),
            pin=form.cleaned_data.get("pin"),
            sign_without_timestamp=form.cleaned_data.get("sign_without_timestamp", False),
        )
        messages.success(
            request,
            _("Đang cấp %(n)s giấy chứng nhận; trang này cho biết tiến độ.") % {"n": batch.total},
        )

    def do_resume(self, request):
        form = ResumeForm(request.POST)
        if not form.is_valid():
            return self._invalid(form)
        batch = get_object_or_404(CertificateBatch, pk=form.cleaned_data["batch"], snapshot=self.snapshot)
        batch = services.resume_batch(
            batch=batch,
            by=request.user,
            ip=_client_ip(request),
            pin=form.cleaned_data.get("pin"),
            sign_without_timestamp=form.cleaned_data.get("sign_without_timestamp", False),
        )
        messages.success(
            request,
            _("Đang in tiếp %(n)s giấy chứng nhận còn lại; trang này cho biết tiến độ.")
            % {"n": batch.total - batch.done},
        )

    def do_reissue(self, request):
        form = ReissueForm(request.POST)
        if not form.is_valid():
            return self._invalid(form)
        data = form.cleaned_data
        new = services.reissue(
            certificate=self._certificate(form),
            by=request.user,
            reason=data["reason"],
            holder_name=data["holder_name"] or None,
            entry_title=data["entry_title"] or None,
            prize_name=data["prize_name"] or None,
            ip=_client_ip(request),
        )
        messages.success(
            request,
            _("Đã cấp lại giấy chứng nhận số %(serial)s (lần %(n)s).") % {"serial": new.serial, "n": new.edition},
        )

    def do_revoke(self, request):
        form = RevokeForm(request.POST)
        if not form.is_valid():
            return self._invalid(form)
        revoked = services.revoke(
            certificate=self._certificate(form),
            by=request.user,
            reason=form.cleaned_data["reason"],
            ip=_client_ip(request),
        )
        messages.success(request, _("Đã thu hồi giấy chứng nhận số %(serial)s.") % {"serial": revoked.serial})

    # GET

    def _rows(self):
        """Each award with its current certificate (the latest edition), if any."""
        current = {}
        for certificate in Certificate.objects.filter(snapshot=self.snapshot).order_by("number", "edition"):
            current[(certificate.entry_id, certificate.award_key)] = certificate
        rows = []
        for row, key, prize in services.awards_of(self.snapshot):
            certificate = current.get((row.entry_id, key))
            if certificate is not None:
                certificate.css = STATUS_CSS.get(certificate.status, "w-status")
            rows.append({"row": row, "prize": prize, "certificate": certificate})
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        can_manage = self.request.user.has_perm(MANAGE_PERMISSION)
        rows = self._rows()
        batch = CertificateBatch.objects.filter(snapshot=self.snapshot).select_related("template").first()
        templates = CertificateTemplate.objects.filter(contest=self.snapshot.round.contest_id)
        issue_form = IssueForm(initial={"template": templates.first()})
        issue_form.fields["template"].queryset = templates
        issued = sum(1 for r in rows if r["certificate"] and r["certificate"].status == CertificateStatus.VALID)
        back_here = urlencode({"next": self.request.path})
        context.update(
            snapshot=self.snapshot,
            rows=rows,
            issued=issued,
            missing=sum(1 for r in rows if not (r["certificate"] and r["certificate"].status in LIVE)),
            can_manage=can_manage,
            issue_form=issue_form,
            # Its own ids: the issue form on the same page has a PIN field too.
            resume_form=ResumeForm(auto_id="resume_%s"),
            has_templates=bool(issue_form.fields["template"].choices.queryset),
            batch=batch,
            progress=_progress(batch) if batch else None,
            progress_url=reverse("contest_certificates:progress", args=[batch.pk]) if batch else "",
            # "Sửa" and "Tạo mẫu" come back here after "Lưu".
            template_links=[
                (template, f"{reverse('certificate_templates:edit', args=[template.pk])}?{back_here}")
                for template in templates
            ],
            add_template_url=f"{reverse('certificate_templates:add')}?{back_here}",
        )
        return context


class ProgressView(_StaffOnly, View):
    """The batch's progress as JSON, polled by the progress bar."""

    def get(self, request, batch_id):
        batch = get_object_or_404(CertificateBatch, pk=batch_id)
        response = JsonResponse(_progress(batch))
        response["Cache-Control"] = "no-store"
        return response


class _SnapshotDownload(_StaffOnly, View):
    def get(self, request, pk):
        snapshot = get_object_or_404(ResultSnapshot.objects.select_related("round__contest"), pk=pk)
        certificates = list(_valid_certificates(snapshot))
        if not certificates:
            raise Http404
        stem = f"giay-chung-nhan-{slugify(fold(snapshot.round.name)) or 'vong'}-v{snapshot.version}"
        return self.respond(certificates, stem)


class _ZipSink:
    """A write-only file for ZipFile whose bytes are taken out as they come (a streamed ZIP)."""

    def __init__(self):
        self.parts = []

    def write(self, data):
        self.parts.append(bytes(data))
        return len(data)

    def flush(self):
        pass

    def drain(self) -> bytes:
        data, self.parts = b"".join(self.parts), []
        return data


def zip_chunks(certificates):
    """The ZIP of the stored PDFs, one certificate at a time: memory stays at one file."""
    sink = _ZipSink()
    # PDFs are already compressed; storing them keeps the job cheap.
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_STORED) as archive:
        for certificate in certificates:
            with certificate.pdf.open("rb") as handle:
                archive.writestr(_file_name(certificate), handle.read())
            yield sink.drain()
    yield sink.drain()


class ZipDownload(_SnapshotDownload):
    def respond(self, certificates, stem):
        response = StreamingHttpResponse(zip_chunks(certificates), content_type="application/zip")
        response["Content-Disposition"] = content_disposition(f"{stem}.zip", inline=False)
        response["Cache-Control"] = "private, no-store"
        return response


class PrintDownload(_SnapshotDownload):
    def respond(self, certificates, stem):
        response = HttpResponse(certificate_pdf.combined_pdf(certificates), content_type="application/pdf")
        response["Content-Disposition"] = content_disposition(f"{stem}-ban-in.pdf", inline=False)
        response["Cache-Control"] = "private, no-store"
        return response


class CertificateDownload(_StaffOnly, View):
    def get(self, request, pk):
        certificate = get_object_or_404(Certificate, pk=pk)
        if not certificate.pdf:
            raise Http404
        name = _file_name(certificate)
        if certificate.edition > 1:
            name = name.replace(".pdf", f"-lan-{certificate.edition}.pdf")
        return stream_file(certificate.pdf, content_type="application/pdf", filename=name, inline=False)


urlpatterns = [
    path("", CertificatesIndexView.as_view(), name="index"),
    path("<int:pk>/", SnapshotCertificatesView.as_view(), name="snapshot"),
    path("<int:pk>/tat-ca.zip", ZipDownload.as_view(), name="zip"),
    path("<int:pk>/ban-in.pdf", PrintDownload.as_view(), name="print"),
    path("<int:batch_id>/tien-do/", ProgressView.as_view(), name="progress"),
    path("giay/<int:pk>/tai/", CertificateDownload.as_view(), name="download"),
    path("mau/<int:pk>/xem-thu/", TemplatePreview.as_view(), name="template-preview"),
]


register_section(
    prefix="giay-chung-nhan/",
    namespace="contest_certificates",
    urlpatterns=urlpatterns,
    menu_label=gettext_lazy("Giấy chứng nhận"),
    icon="doc-full",
    order=65,
    permissions=(VIEW_PERMISSION,),
)
