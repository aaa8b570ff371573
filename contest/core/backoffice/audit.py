"""The judging log in the admin: a read-only list with the chain's verification on top.

Nobody edits or deletes a log record through the admin, not even a superuser: the add, edit and
delete views do not exist (WithoutViewsMixin). The banner recomputes the whole chain on each
visit of the list (not on its filter refreshes) so that tampering in the database shows where the
organisers look, not only in ``manage.py verify_audit``.
"""

import re

import django_filters
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.viewsets.model import ModelViewSet

from contest.core import audit
from contest.core.backoffice.base import IndexView, WithoutViewsMixin
from contest.core.backoffice.viewsets import CONTEST_MENU_HOOK
from contest.core.models import AuditRecord, Round


def _actions():
    # The known actions with their labels, plus any other code a service has written.
    known = dict(audit.AuditAction.choices)
    used = AuditRecord.objects.order_by().values_list("action", flat=True).distinct()
    return [(code, known.get(code, code)) for code in sorted(set(known) | set(used))]


def _actors(request):
    # Only people who appear in the log; a list of every unit account would be useless here.
    return get_user_model().objects.filter(pk__in=AuditRecord.objects.values("actor")).order_by("username")


class AuditRecordFilterSet(WagtailFilterSet):
    round = django_filters.ModelChoiceFilter(
        label=_("Vòng thi"), queryset=Round.objects.select_related("contest"), empty_label=_("Tất cả")
    )
    action = django_filters.ChoiceFilter(label=_("Thao tác"), choices=_actions, empty_label=_("Tất cả"))
    actor = django_filters.ModelChoiceFilter(label=_("Người thực hiện"), queryset=_actors, empty_label=_("Tất cả"))

    class Meta:
        model = AuditRecord
        fields = ["round", "action", "actor"]


def _action_label(record):
    return dict(audit.AuditAction.choices).get(record.action, record.action)


def _object(record):
    return f"{record.object_type} #{record.object_id}"


def _short_digest(record):
    return record.digest[:16] + "…"


SEAL_PARAMETER = "ma_niem_phong"


def check_seal(typed: str) -> dict:
    """The seal printed in the minutes (mục VI), as typed from the paper: does the log still hold it,
    intact up to it? Also which frozen result it sealed."""
    code = re.sub(r"[\s\-.:]", "", typed).lower()
    if not re.fullmatch(r"[0-9a-f]{64}", code):
        return {"code": typed, "malformed": True}
    verification = audit.verify(expected_head=code)
    # Through the registry: the core domain does not import the results domain.
    sealed = apps.get_model("contest", "ResultSnapshot").objects.filter(audit_head=code)
    return {"code": code, "verification": verification, "snapshots": list(sealed.select_related("round__contest"))}


class AuditRecordIndexView(IndexView):
    select_related = ("actor", "round__contest")
    template_name = "contest/core/backoffice/audit/index.html"

    @cached_property
    def columns(self):
        title_column_class = self._get_title_column_class(TitleColumn)
        return [
            title_column_class("seq", label=_("Số thứ tự"), sort_key="seq", get_url=self.get_inspect_url),
            Column("at", label=_("Thời điểm"), sort_key="at"),
            Column("actor", label=_("Người thực hiện")),
            Column("ip", label=_("Địa chỉ IP")),
            Column("action", label=_("Thao tác"), accessor=_action_label, sort_key="action"),
            Column("round", label=_("Vòng thi")),
            Column("object", label=_("Đối tượng"), accessor=_object),
            Column("reason", label=_("Lý do")),
            Column("digest", label=_("Mã băm"), accessor=_short_digest),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.results_only:
            seal = self.request.GET.get(SEAL_PARAMETER, "")
            context["seal_parameter"] = SEAL_PARAMETER
            context["seal_typed"] = seal
            if seal.strip():
                context["seal_check"] = check_seal(seal)
            else:
                context["verification"] = audit.verify()
        return context


class AuditRecordViewSet(WithoutViewsMixin, ModelViewSet):
    model = AuditRecord
    name = "audit"
    url_prefix = "nhat-ky-cham-diem"
    icon = "history"
    menu_label = _("Nhật ký chấm điểm")
    # Listed under "Cuộc thi" without touching that group's module (contest/backoffice/viewsets.py).
    menu_hook = CONTEST_MENU_HOOK
    menu_order = 900
    index_view_class = AuditRecordIndexView
    without_views = ("add", "edit", "delete", "copy", "history", "history_results", "usage")
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False

    filterset_class = AuditRecordFilterSet
    ordering = "-seq"
    list_per_page = 100
    inspect_view_fields = [
        "seq",
        "at",
        "actor",
        "ip",
        "action",
        "round",
        "object_type",
        "object_id",
        "old",
        "new",
        "reason",
        "previous_digest",
        "digest",
    ]
    list_export = [
        "seq",
        "at",
        "actor.username",
        "ip",
        "action",
        "round",
        "object_type",
        "object_id",
        "old",
        "new",
        "reason",
        "previous_digest",
        "digest",
    ]
    export_headings = {"actor.username": _("Người thực hiện")}
    export_filename = "nhat-ky-cham-diem"

    def get_form_class(self, for_update=False):
        return None  # read-only: see the module docstring

    def get_permissions_to_register(self):
        # Only "view" means anything for a log nobody may write through the admin.
        content_type = ContentType.objects.get_for_model(AuditRecord)
        return Permission.objects.filter(content_type=content_type, codename="view_auditrecord")


audit_viewset = AuditRecordViewSet()


@hooks.register("register_admin_viewset")
def register_audit_viewset():
    return audit_viewset
