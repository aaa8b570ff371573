"""Accounts in Wagtail's user admin, with our fields (full name, phone, position, unit).

Plugged in through ``contest.core.backoffice.apps.WagtailUsersConfig`` (Wagtail ≥ 6 replaced the
``WAGTAIL_USER_*_FORM`` settings with a custom ``UserViewSet``).

Wagtail lets anyone who may add users also make administrators and grant any group. Here only a
superuser may grant "Administrator", and only an organiser (or superuser) may assign groups; so
the secretariat, which may add accounts, can create unit representatives and nothing more.
"""

from typing import TYPE_CHECKING, cast

import django_filters
from django import forms
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users as wagtail_users

from contest.core.backoffice.base import FoldedSearchMixin

if TYPE_CHECKING:  # the mixin extends Wagtail's account views
    from wagtail.users.views.users import CreateView as _CreateViewBase
else:
    _CreateViewBase = object
from contest.core.models import Unit, User
from contest.core.text import nfc
from contest.spreadsheets.backoffice.exports import FormulaSafeExportMixin

ACCOUNT_FIELDS = {"full_name", "phone", "position", "unit"}


class AccountFormMixin(forms.ModelForm):
    # Vietnamese names are one field written family name first ("Nguyễn Văn An");
    # first/last name are derived on save, for sorting by given name.
    first_name = None
    last_name = None

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        self.fields["email"].help_text = _("Dùng để nhận biên nhận và thông báo về hồ sơ.")
        unit = cast(forms.ModelChoiceField, self.fields["unit"])
        current = self.instance.unit_id
        # A unit that has been merged away keeps its old accounts, but gets no new ones.
        unit.queryset = Unit.objects.filter(Q(pk__in=Unit.objects.valid_on().values("pk")) | Q(pk=current)).order_by(
            "order", "name"
        )
        unit.help_text = _(
            "Đơn vị mà tài khoản đại diện khi nộp hồ sơ. Với thành viên Ban Tổ chức, Tổ Thư ký, "
            "Ban Giám khảo: đơn vị công tác, dùng để tránh xung đột lợi ích; họ không nộp hồ sơ."
        )
        if for_user is not None:
            if not for_user.is_superuser:
                self.fields.pop("is_superuser", None)
            if not for_user.has_perm("accounts.assign_roles"):
                self.fields.pop("groups", None)
        if "groups" in self.fields:
            cast(forms.ModelChoiceField, self.fields["groups"]).queryset = Group.objects.order_by("name")

    @property
    def has_superuser_field(self):
        return "is_superuser" in self.fields

    @property
    def has_groups_field(self):
        return "groups" in self.fields

    @property
    def has_roles_tab(self):
        return self.has_superuser_field or self.has_groups_field

    def clean_full_name(self):
        return nfc(self.cleaned_data.get("full_name", ""))

    def clean_position(self):
        return nfc(self.cleaned_data.get("position", ""))

    def save(self, commit=True):
        user = super().save(commit=False)
        family, _sep, given = user.full_name.rpartition(" ")
        user.first_name, user.last_name = given[:150], family[:150]
        if commit:
            user.save()
            self.save_m2m()
        return user


class AccountCreationForm(AccountFormMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = (UserCreationForm.Meta.fields - {"first_name", "last_name"}) | ACCOUNT_FIELDS


class AccountEditForm(AccountFormMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        model = User
        fields = (UserEditForm.Meta.fields - {"first_name", "last_name"}) | ACCOUNT_FIELDS


class _ForUserFormMixin(_CreateViewBase):
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "for_user": self.request.user}


class UserCreateView(_ForUserFormMixin, wagtail_users.CreateView):
    pass


class UserCopyView(_ForUserFormMixin, wagtail_users.CreateView):
    """ "Sao chép": a new account prefilled with another one's unit, position and (for those who
    may grant them) roles.

    Not Wagtail's generic copy view: it binds the form to the source account itself, so saving
    overwrote that account (its name, e-mail and password), and its form offered the roles and
    administrator flag to people who may not grant them.
    """

    page_title = _("Sao chép tài khoản")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.source = get_object_or_404(User, pk=kwargs["pk"])

    def get_initial_form_instance(self):
        return User(unit=self.source.unit, position=self.source.position)

    def get_initial(self):
        initial = super().get_initial()
        if self.request.user.has_perm("accounts.assign_roles"):
            initial["groups"] = list(self.source.groups.values_list("pk", flat=True))
        return initial


class UserEditView(_ForUserFormMixin, wagtail_users.EditView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # Changing a superuser's password or e-mail would be a way to become one.
        self.refused = not request.user.has_perm("accounts.edit_account", self.object)

    def dispatch(self, request, *args, **kwargs):
        if self.refused:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class UserFilterSet(wagtail_users.UserFilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["unit"] = django_filters.ModelChoiceFilter(
            field_name="unit", label=_("Đơn vị"), queryset=Unit.objects.all(), empty_label=_("Tất cả")
        )


class UserIndexView(FoldedSearchMixin, FormulaSafeExportMixin, wagtail_users.IndexView):
    @cached_property
    def columns(self):
        columns = list(super().columns)
        columns.insert(3, Column("unit", label=_("Đơn vị"), sort_key="unit__name"))
        return columns

    @cached_property
    def search_fields(self):
        return ["username", "full_name", "email", "phone"]

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("unit")

    def order_queryset(self, queryset):
        # People are sorted by given name (DOMAIN.md §10).
        if self.ordering == "name":
            return queryset.order_by("first_name", "last_name")
        if self.ordering == "-name":
            return queryset.order_by("-first_name", "-last_name")
        return super().order_queryset(queryset)


class UserViewSet(wagtail_users.UserViewSet):
    index_view_class = UserIndexView
    add_view_class = UserCreateView
    edit_view_class = UserEditView
    copy_view_class = UserCopyView
    filterset_class = UserFilterSet
    create_template_name = "contest/core/backoffice/users/create.html"
    edit_template_name = "contest/core/backoffice/users/edit.html"
    list_export = [
        "username",
        "full_name",
        "email",
        "phone",
        "position",
        "unit.code",
        "unit.name",
        "is_active",
        "last_login",
    ]
    export_headings = {"unit.code": _("Mã đơn vị"), "unit.name": _("Đơn vị")}
    export_filename = "tai-khoan"

    def get_form_class(self, for_update=False):
        return AccountEditForm if for_update else AccountCreationForm
