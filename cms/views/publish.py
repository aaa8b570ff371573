"""Back-office page "Đăng mô hình lên trang công khai": the awarded entries of a contest (prizes of
published results only) with the state of their model page, and the action that creates the
drafts (cms/publishing.py).

Needs ``site.publish_models`` (organisers and the secretariat): a draft is invisible until an
organiser approves it in Wagtail's moderation workflow, so preparing one publishes nothing.
"""

from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cms.models import ShowcasePage
from cms.publishing import publish_to_site
from contest.core.backoffice.sections import register_section
from contest.core.errors import DomainError
from contest.core.http import permission_denied
from contest.core.models import Contest
from contest.dossiers.models import Entry
from contest.results.public import published_rows

PERMISSION = "site.publish_models"


def awarded_entries(contest):
    """[(entry, [prize names])] of the contest's published prizes, in ranking order."""
    prizes: dict[int, list[str]] = {}
    entries: dict[int, Entry] = {}
    rows = (
        published_rows()
        .filter(snapshot__round__contest=contest)
        .select_related("entry__unit")
        .order_by("snapshot__round__order", "scope_label", "rank", "code")
    )
    for row in rows:
        entries.setdefault(row.entry_id, row.entry)
        names = prizes.setdefault(row.entry_id, [])
        names.extend(p for p in [row.prize_name, *(row.part_prizes or [])] if p and p not in names)
    return [(entry, prizes[pk]) for pk, entry in entries.items()]


def site_status(page):
    if page is None:
        return _("Chưa đăng"), "w-status--primary"
    if page.live:
        return _("Đã đăng"), "w-status--primary w-status--live"
    if page.workflow_in_progress:
        return _("Đang chờ duyệt"), "w-status--label"
    return _("Bản nháp"), "w-status--label"


class PublishToSiteView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "cms/admin/publish_to_site.html"
    header_icon = "globe"
    http_method_names = ["get", "post"]

    def get_page_title(self):
        return _("Đăng mô hình lên trang công khai")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def dispatch(self, request, *args, **kwargs):
        # A real 403, not Wagtail's silent bounce to the dashboard (see contest/backoffice/review.py).
        if not request.user.has_perm(PERMISSION):
            return permission_denied(request)
        self.contests = list(Contest.objects.order_by("-year", "name"))
        wanted = request.POST.get("contest") or request.GET.get("contest")
        self.contest = next((c for c in self.contests if str(c.pk) == wanted), None)
        if self.contest is None and self.contests:
            with_prizes = set(published_rows().values_list("snapshot__round__contest_id", flat=True).distinct())
            self.contest = next((c for c in self.contests if c.pk in with_prizes), self.contests[0])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = awarded_entries(self.contest) if self.contest else []
        pages = {
            page.entry_id: page
            for page in ShowcasePage.objects.filter(entry_id__in=[e.pk for e, _p in rows]).prefetch_workflow_states()
        }
        context["contests"] = self.contests
        context["contest"] = self.contest
        context["rows"] = []
        for entry, prizes in rows:
            page = pages.get(entry.pk)
            label, css = site_status(page)
            context["rows"].append({"entry": entry, "prizes": prizes, "page": page, "status": label, "css": css})
        return context

    def post(self, request, *args, **kwargs):
        ids = [int(pk) for pk in request.POST.getlist("entries") if pk.isdigit()]
        entries = list(Entry.objects.filter(contest=self.contest, pk__in=ids)) if self.contest else []
        if not entries:
            messages.error(request, _("Hãy chọn ít nhất một hồ sơ."))
        else:
            try:
                report = publish_to_site(entries=entries, by=request.user)
            except DomainError as error:
                messages.error(request, str(error.message))
            else:
                self._summarise(request, report)
        url = reverse("cms_publish:index")
        return redirect(f"{url}?contest={self.contest.pk}" if self.contest else url)

    def _summarise(self, request, report):
        if report.created:
            edit_links = ((reverse("wagtailadmin_pages:edit", args=[p.pk]), p.title) for p in report.created)
            links = format_html_join(", ", '<a href="{}">{}</a>', edit_links)
            count = len(report.created)
            text = ngettext(
                "Đã tạo %(count)d bản nháp, chờ biên tập và trình duyệt:",
                "Đã tạo %(count)d bản nháp, chờ biên tập và trình duyệt:",
                count,
            ) % {"count": count}
            messages.success(request, format_html("{} {}", text, links))
        if report.present:
            names = "; ".join(p.title for p in report.present)
            messages.info(request, _("Đã có trang, không tạo thêm: %(names)s") % {"names": names})
        for entry, reason in report.refused:
            text = _("Không đăng “%(title)s”: %(reason)s") % {"title": entry.title, "reason": reason}
            messages.warning(request, text)


urlpatterns = [path("", PublishToSiteView.as_view(), name="index")]

register_section(
    prefix="dang-mo-hinh/",
    namespace="cms_publish",
    urlpatterns=urlpatterns,
    menu_label=gettext_lazy("Đăng mô hình lên trang công khai"),
    icon="globe",
    order=70,
    permissions=(PERMISSION,),
)
