"""Building blocks shared by the back-office viewsets."""

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import ProtectedError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.admin.views import generic

from contest.core.text import fold
from contest.spreadsheets.backoffice.exports import FormulaSafeExportMixin

# The mixins below extend Wagtail's generic views: for mypy, they are those views.
if TYPE_CHECKING:
    from wagtail.admin.views.generic import IndexView as _IndexViewBase
    from wagtail.admin.viewsets.model import ModelViewSet as _ViewSetBase
else:
    _IndexViewBase = _ViewSetBase = object


class FoldedSearchMixin(_IndexViewBase):
    """For a listing view with ``search_fields``: match with or without diacritics, so that
    "dan van kheo" finds "Dân vận khéo" (DOMAIN.md §10).

    Neither SQLite nor PostgreSQL without ``unaccent`` can fold Vietnamese in SQL, so the
    searched columns are read and compared in Python. A contest has thousands of rows, not
    millions; two short columns of each cost a few milliseconds.
    """

    def search_queryset(self, queryset):
        if not self.is_searching or not self.search_fields:
            return super().search_queryset(queryset)
        needle = fold(self.search_query)
        matches = [
            pk
            for pk, *values in queryset.values_list("pk", *self.search_fields).iterator()
            if any(needle in fold(str(value)) for value in values if value)
        ]
        return queryset.filter(pk__in=matches)


class IndexView(FoldedSearchMixin, FormulaSafeExportMixin, generic.IndexView):
    """A listing whose exports are formula-safe and whose rows load their relations up front.

    ``select_related`` names the foreign keys shown in columns or exports; without it each row
    costs one query per relation and a 3,000-unit export becomes 9,000 queries.
    """

    select_related: tuple[str, ...] = ()

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        return queryset


class WithoutViewsMixin(_ViewSetBase):
    """For a ModelViewSet: leave out some of the standard views (``"edit"``, ``"delete"`` …).

    Permissions alone would not do: a superuser holds every permission, yet a dossier belongs to
    its unit and must never be edited through a generic form. Without the URL there is no form,
    and the listing shows no link to it.
    """

    without_views: tuple[str, ...] = ()

    def get_urlpatterns(self):
        return [p for p in super().get_urlpatterns() if p.name not in self.without_views]

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in self.without_views:
            if f"{name}_url_name" in view_kwargs:
                view_kwargs[f"{name}_url_name"] = None
        return view_kwargs


class DeleteView(generic.DeleteView):
    """Refuses, with a message, to delete a row that others still point to.

    Units, levels, types and contests are protected by their entries, accounts and children;
    Wagtail's reference index does not know those links, so without this the user gets a 500.
    """

    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except ProtectedError:
            messages.error(
                self.request,
                _(
                    "Không thể xóa “%(object)s” vì còn dữ liệu liên quan (hồ sơ, tài khoản, đơn vị trực thuộc…). "
                    "Với đơn vị đã sáp nhập, giải thể: ghi ngày hết hiệu lực thay vì xóa."
                )
                % {"object": self.object},
            )
            return redirect(self.get_success_url())
