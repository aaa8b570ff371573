"""Certificate templates in the back office: listed and inspected by the staff, written by the
organisers, with a "Xem thử" that renders the template on sample data (contest/certificate_pdf.py).

Access follows the rules (``certificates.view`` / ``certificates.manage``), not Django model
permissions: the role groups (contest/roles.py) carry no permission on this model, and a policy
registered for it keeps the listing, the menu and every generic view in step.

The seal, signature and background images are decoded with Pillow under the same pixel cap as
dossier photos and re-encoded, so no metadata and nothing but pixels is stored. A seal or a
signature must be a PNG with a transparent background: printed over the signer's name, a white
rectangle would hide the text, which an official document cannot have.
"""

import io
import secrets
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django import forms
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from PIL import Image, UnidentifiedImageError
from wagtail.admin import messages
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from contest.certificates import rendering as certificate_pdf
from contest.certificates.models import CertificateTemplate
from contest.core.backoffice.base import IndexView
from contest.core.errors import DomainError, InvalidUpload
from contest.core.http import content_disposition, permission_denied
from contest.dossiers.uploads.base import MB, TYPES
from contest.dossiers.uploads.images import checked_image

# The mixin below extends Wagtail's create and edit views: for mypy, it is one.
if TYPE_CHECKING:
    _ViewBase = generic.EditView
else:
    _ViewBase = object

VIEW_PERMISSION = "certificates.view"
MANAGE_PERMISSION = "certificates.manage"
MAX_IMAGE_BYTES = 5 * MB
TRANSPARENT_ONLY = ("seal_image", "signature_image")


class CertificateTemplatePermissionPolicy(BasePermissionPolicy):
    """Looking is ``certificates.view``; every other action is ``certificates.manage``."""

    @staticmethod
    def _rule(action):
        return VIEW_PERMISSION if action == "view" else MANAGE_PERMISSION

    def user_has_permission(self, user, action):
        return user.has_perm(self._rule(action))

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        return users.filter(pk__in=[u.pk for u in users if self.user_has_any_permission(u, actions)])


register_permission_policy(CertificateTemplate, CertificateTemplatePermissionPolicy(CertificateTemplate))


# -- Images -----------------------------------------------------------------------------------


def _has_transparency(image) -> bool:
    if not image.has_transparency_data:
        return False
    return image.convert("RGBA").getchannel("A").getextrema()[0] < 255


def clean_template_image(upload, *, transparent: bool) -> ContentFile:
    """The upload re-encoded as a clean PNG or JPEG, or a Vietnamese ``InvalidUpload``."""
    name = upload.name
    if upload.size > MAX_IMAGE_BYTES:
        raise InvalidUpload(_("Ảnh “%(name)s” quá lớn: tối đa 5 MB.") % {"name": name})
    upload.seek(0)
    try:
        with Image.open(upload) as probe:
            pil_format = probe.format
    except (UnidentifiedImageError, OSError, ValueError) as error:
        raise InvalidUpload(_("Ảnh “%(name)s” bị hỏng hoặc không phải ảnh hợp lệ.") % {"name": name}) from error
    allowed = {"PNG": "png"} if transparent else {"PNG": "png", "JPEG": "jpeg"}
    if pil_format not in allowed:
        if transparent:
            raise InvalidUpload(_("Ảnh con dấu, chữ ký phải là tệp PNG nền trong suốt."))
        raise InvalidUpload(_("Ảnh nền phải là tệp PNG hoặc JPEG."))
    checked = checked_image(upload, name=name, ftype=TYPES[allowed[pil_format]])
    if transparent:
        with Image.open(io.BytesIO(checked.content.read())) as image:
            clear = _has_transparency(image)
        checked.content.seek(0)
        if not clear:
            raise InvalidUpload(
                _(
                    "Ảnh “%(name)s” không có nền trong suốt: khi in, nền trắng sẽ che chữ bên dưới. "
                    "Hãy tách nền (xóa nền trắng) rồi lưu lại dạng PNG."
                )
                % {"name": name}
            )
    # A random name: the file cannot be found by guessing "con-dau.png".
    return ContentFile(checked.content.read(), name=f"{secrets.token_hex(12)}.{checked.extension}")


class PrivateImageInput(forms.ClearableFileInput):
    """Shows that an image is stored (and offers to clear it) without linking to it: the private
    storage has no URL, and a seal must not be downloadable from the form anyway."""

    template_name = "contest/core/backoffice/widgets/private_image_input.html"

    def is_initial(self, value):
        # Django's version asks for value.url, which the private storage refuses.
        return bool(value and getattr(value, "name", None))


class CertificateTemplateForm(WagtailAdminModelForm):
    def _clean_image(self, field):
        upload = self.cleaned_data.get(field)
        # Unchanged (the stored file) or cleared: nothing to check.
        if not upload or not hasattr(upload, "content_type"):
            return upload
        try:
            return clean_template_image(upload, transparent=field in TRANSPARENT_ONLY)
        except InvalidUpload as error:
            raise forms.ValidationError(str(error.message)) from None

    def clean_seal_image(self):
        return self._clean_image("seal_image")

    def clean_signature_image(self):
        return self._clean_image("signature_image")

    def clean_background_image(self):
        return self._clean_image("background_image")


# -- Views ------------------------------------------------------------------------------------


def _preview_url(template):
    return reverse("contest_certificates:template-preview", args=[template.pk])


class TemplateIndexView(IndexView):
    select_related = ("contest",)

    def get_list_more_buttons(self, instance):
        return [
            *super().get_list_more_buttons(instance),
            Button(_("Xem thử"), url=_preview_url(instance), icon_name="view", priority=5, attrs={"target": "_blank"}),
        ]


class ReturnToCaller(_ViewBase):
    """After "Lưu", back to the page that sent the organiser here (``?next=``, one of our own
    addresses), e.g. the certificates page of a result, instead of the list of templates."""

    def get_success_url(self):
        return get_valid_next_url_from_request(self.request) or super().get_success_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if next_url := get_valid_next_url_from_request(self.request):
            # The form posts to the same address: keep "next" for the answer to the POST.
            context["action_url"] = f"{context['action_url']}?{urlencode({'next': next_url})}"
        return context


class TemplateCreateView(ReturnToCaller, generic.CreateView):
    pass


class TemplateEditView(ReturnToCaller, generic.EditView):
    @property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(_("Xem thử"), url=_preview_url(self.object), icon_name="view", attrs={"target": "_blank"}),
        ]


class TemplatePreview(View):
    """The template rendered on sample data, shown in the browser; nothing is stored."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW_PERMISSION):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk):
        template = get_object_or_404(CertificateTemplate.objects.select_related("contest"), pk=pk)
        try:
            content = certificate_pdf.preview_pdf(template)
        except DomainError as error:
            # Wording too long for the page, say: back to the form, with the reason.
            messages.error(request, str(error.message))
            return redirect(reverse("certificate_templates:edit", args=[template.pk]))
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = content_disposition("xem-thu-giay-chung-nhan.pdf", inline=True)
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class CertificateTemplateViewSet(ModelViewSet):
    model = CertificateTemplate
    name = "certificate_templates"
    url_prefix = "mau-giay-chung-nhan"
    icon = "doc-full"
    menu_label = gettext_lazy("Mẫu giấy chứng nhận")
    index_view_class = TemplateIndexView
    add_view_class = TemplateCreateView
    edit_view_class = TemplateEditView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False

    list_display = ["contest", "kind", "document_format", "issuing_body", "signer_name", "updated_at"]
    list_filter = ["contest", "kind"]
    ordering = ["contest", "kind"]
    inspect_view_fields_exclude = ["seal_image", "signature_image", "background_image"]

    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("contest"), FieldPanel("kind")]),
            MultiFieldPanel(
                [
                    FieldPanel("document_format"),
                    FieldRowPanel([FieldPanel("parent_body"), FieldPanel("issuing_body")]),
                    FieldPanel("title"),
                    FieldRowPanel([FieldPanel("decision_number"), FieldPanel("decision_date")]),
                    FieldRowPanel([FieldPanel("place"), FieldPanel("serial_suffix")]),
                    FieldPanel("body_text"),
                    FieldPanel("landscape"),
                ],
                heading=gettext_lazy("Thể thức và lời văn"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("signer_authority", widget=forms.Textarea(attrs={"rows": 2})),
                    FieldRowPanel([FieldPanel("signer_title"), FieldPanel("signer_name")]),
                    FieldRowPanel(
                        [
                            FieldPanel("seal_image", widget=PrivateImageInput),
                            FieldPanel("signature_image", widget=PrivateImageInput),
                        ]
                    ),
                    FieldPanel("background_image", widget=PrivateImageInput),
                ],
                heading=gettext_lazy("Người ký, con dấu, chữ ký"),
            ),
        ],
        base_form_class=CertificateTemplateForm,
    )
