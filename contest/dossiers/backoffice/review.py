"""The secretariat's review page: the whole dossier, its history, and accept / return / reject.

The view parses the forms, checks the permission and calls one service; the services own the
rules (checklist, reason, allowed transitions) and refuse a second transition, so a double click
or a stale tab only produces a message.
"""

from django import forms
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from contest.core.errors import DomainError
from contest.core.forms import DateTimeField
from contest.core.text import nfc
from contest.dossiers.enums import AttachmentKind, EntryState
from contest.dossiers.models import Entry
from contest.dossiers.services.deadlines import effective_deadline
from contest.dossiers.services.entries import eligibility_problems, missing_items
from contest.dossiers.services.review import CHECKLIST, accept_entry, reject_entry, return_entry

# The ten items of DOMAIN.md §6, in the order of the registration form.
DOSSIER_ITEMS = [
    "situation",
    "goals",
    "content_methods",
    "scope_beneficiaries",
    "forces",
    "resources",
    "outputs",
    "sustainability",
]  # item 8 (timeline) is laid out by the template from its three fields


REASON_REQUIRED = {"required": _("Vui lòng ghi rõ lý do.")}


class _ReasonMixin:
    def clean_reason(self):
        reason = nfc(self.cleaned_data.get("reason", ""))
        if not reason:
            raise forms.ValidationError(_("Vui lòng ghi rõ lý do."))
        return reason


class AcceptForm(forms.Form):
    note = forms.CharField(
        label=_("Ghi chú (không bắt buộc)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One required box per checklist item: the secretariat confirms each one explicitly.
        for key, label in CHECKLIST:
            self.fields[key] = forms.BooleanField(
                label=label, required=True, error_messages={"required": _("Chưa đánh dấu mục này.")}
            )
        self.order_fields([key for key, _label in CHECKLIST] + ["note"])

    def checklist_fields(self):
        return [self[key] for key, _label in CHECKLIST]


class ReturnForm(_ReasonMixin, forms.Form):
    reason = forms.CharField(
        label=_("Nội dung cần bổ sung, sửa chữa"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=REASON_REQUIRED,
    )
    correction_until = DateTimeField(
        label=_("Hạn bổ sung (không bắt buộc)"),
        required=False,
        help_text=_("Nếu đã qua hạn nộp chung, đặt hạn mới để đơn vị sửa và nộp lại (ghi thành một lần gia hạn)."),
    )


class RejectForm(_ReasonMixin, forms.Form):
    reason = forms.CharField(
        label=_("Lý do không hợp lệ"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=REASON_REQUIRED,
    )


# action -> (form class, prefix); the prefix keeps the three forms' fields apart on one page.
ACTIONS = {
    "accept": (AcceptForm, "accept"),
    "return": (ReturnForm, "return"),
    "reject": (RejectForm, "reject"),
}
# DomainError.field as raised by the services -> the form field it belongs to.
ERROR_FIELDS = {"reason": "reason", "until": "correction_until"}


class EntryReviewView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "contest/dossiers/backoffice/entry_review.html"
    page_title = _("Xét hồ sơ")
    header_icon = "doc-full"
    index_url_name = None
    http_method_names = ["get", "post"]

    def dispatch(self, request, *args, **kwargs):
        # A plain 403 rather than Wagtail's redirect: the page is linked from e-mails and lists,
        # and a silent bounce to the dashboard hides why the page is not there.
        if not request.user.has_perm("review.review_entry"):
            return render(request, "403.html", status=403)
        self.entry = get_object_or_404(
            Entry.objects.select_related("contest", "unit", "unit__parent", "field", "created_by"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(forms=self._unbound_forms()))

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action not in ACTIONS:
            messages.error(request, _("Thao tác không hợp lệ."))
            return redirect(self.review_url)
        form_class, prefix = ACTIONS[action]
        form = form_class(request.POST, prefix=prefix)
        if form.is_valid():
            try:
                self._perform(action, form.cleaned_data)
            except DomainError as error:
                form.add_error(ERROR_FIELDS.get(error.field), str(error.message))
            else:
                return redirect(self.review_url)
        bound = {**self._unbound_forms(), action: form}
        return self.render_to_response(self.get_context_data(forms=bound, failed_action=action))

    def _perform(self, action, data):
        user = self.request.user
        if action == "accept":
            checklist = {key: data.get(key, False) for key, _label in CHECKLIST}
            accept_entry(entry=self.entry, by=user, checklist=checklist, note=data.get("note", ""))
            messages.success(self.request, _("Đã tiếp nhận hồ sơ “%(title)s” (hợp lệ).") % {"title": self.entry.title})
        elif action == "return":
            return_entry(
                entry=self.entry, by=user, reason=data["reason"], correction_until=data.get("correction_until")
            )
            messages.success(self.request, _("Đã trả lại hồ sơ “%(title)s” để bổ sung.") % {"title": self.entry.title})
        else:
            reject_entry(entry=self.entry, by=user, reason=data["reason"])
            messages.success(
                self.request, _("Đã ghi nhận hồ sơ “%(title)s” không hợp lệ.") % {"title": self.entry.title}
            )

    @staticmethod
    def _unbound_forms():
        return {action: form_class(prefix=prefix) for action, (form_class, prefix) in ACTIONS.items()}

    @property
    def review_url(self):
        return self.request.path

    def get_page_subtitle(self):
        return self.entry.title

    def get_breadcrumbs_items(self):
        items = []
        if self.index_url_name:
            items.append({"url": reverse(self.index_url_name), "label": Entry._meta.verbose_name_plural.capitalize()})
        items.append({"url": "", "label": self.get_page_title(), "sublabel": self.entry.title})
        return self.breadcrumbs_items + items

    def get_context_data(self, forms=None, failed_action=None, **kwargs):
        context = super().get_context_data(**kwargs)
        entry = self.entry
        attachments = list(entry.attachments.all())
        context.update(
            entry=entry,
            forms=forms or {},
            failed_action=failed_action,
            awaiting_review=entry.state in EntryState.awaiting_review(),
            items=[(Entry._meta.get_field(name).verbose_name, getattr(entry, name)) for name in DOSSIER_ITEMS],
            members=list(entry.members.all()),
            photos=[a for a in attachments if a.kind == AttachmentKind.PHOTO],
            documents=[a for a in attachments if a.kind != AttachmentKind.PHOTO],
            events=list(entry.events.select_related("actor")),
            missing=missing_items(entry) if entry.state != EntryState.REJECTED else [],
            problems=eligibility_problems(entry),
            deadline=effective_deadline(contest=entry.contest, unit=entry.unit),
            extensions=list(entry.unit.extensions.filter(contest=entry.contest).select_related("granted_by")),
        )
        return context
