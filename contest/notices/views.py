"""Public views of the notice period: the Thông báo PDF and the opinion form (anyone; rate-limited
per visitor, a proof-of-work challenge, a honeypot field, a form token against double posts).
Nothing here shows an opinion to anyone but the person who just sent it (its receipt code)."""

import uuid

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit

from contest.core.errors import DomainError
from contest.core.http import recorded_ip
from contest.core.models import Round
from contest.core.text import fold
from contest.notices import documents
from contest.notices.forms import OpinionForm
from contest.notices.models import Notice, NoticeRules
from contest.notices.services import opinions
from contest.results.models import ResultRow

PDF_RATE = "20/m"
OPINION_RATE = "10/h"


def _notice(round_id):
    round = get_object_or_404(Round.objects.select_related("contest"), pk=round_id)
    notice = Notice.objects.filter(round=round).select_related("snapshot").first()
    if notice is None:
        raise Http404(_("Vòng thi này chưa có thông báo lấy ý kiến."))
    notice.round = round
    notice.snapshot.round = round
    return round, notice


@ratelimit(key="ip", rate=PDF_RATE, method=ratelimit.ALL, group="notice-pdf")
def notice_pdf(request, round_id):
    round, notice = _notice(round_id)
    rules = NoticeRules.objects.filter(contest=round.contest).first()
    page_url = request.build_absolute_uri(reverse("public-results", args=[round.pk]))
    content = documents.notice_pdf(notice, page_url=page_url, rules=rules)
    response = HttpResponse(content, content_type="application/pdf")
    name = slugify(fold(round.name)) or "vong"
    response["Content-Disposition"] = f'inline; filename="thong-bao-lay-y-kien-{name}.pdf"'
    return response


def _entries(notice):
    rows = ResultRow.objects.filter(snapshot__round_id=notice.round_id).select_related("entry__unit")
    seen, choices = set(), []
    for row in rows.order_by("code", "-snapshot__version"):
        if row.entry_id not in seen:
            seen.add(row.entry_id)
            choices.append((row.entry_id, f"{row.code:03d} – {row.entry.title} ({row.entry.unit.name})"))
    return choices


@ratelimit(key="ip", rate=OPINION_RATE, method="POST", group="notice-opinion")
def opinion(request, round_id):
    round, notice = _notice(round_id)
    is_open = timezone.localdate() <= notice.ends_on
    entries = _entries(notice)
    context = {"round": round, "contest": round.contest, "notice": notice, "is_open": is_open}
    if request.method == "POST" and is_open:
        already = opinions.sent_with(notice=notice, form_token=request.POST.get("form_token"))
        if already is not None:
            context["sent"] = already
            return render(request, "contest/notices/public/opinion_sent.html", context)
        form = OpinionForm(request.POST, entries=entries)
        if form.is_valid() and form.cleaned_data["website"]:
            # A honeypot filled in: a robot. Nothing is stored; the answer says as little as possible.
            context.update(form=OpinionForm(entries=entries, initial={"form_token": uuid.uuid4()}))
            context["error"] = _("Không gửi được ý kiến. Hãy thử lại.")
            return render(request, "contest/notices/public/opinion.html", context, status=400)
        if form.is_valid():
            data = form.cleaned_data
            try:
                sent = opinions.submit_opinion(
                    notice=notice,
                    name=data["name"],
                    contact=data["contact"],
                    content=data["content"],
                    entry_id=data["entry"],
                    files=request.FILES.getlist("files"),
                    form_token=data["form_token"],
                    ip=recorded_ip(request),
                )
            except DomainError as error:
                if error.field and error.field in form.fields:
                    form.add_error(error.field, str(error.message))
                else:
                    context["error"] = str(error.message)
            else:
                context["sent"] = sent
                return render(request, "contest/notices/public/opinion_sent.html", context)
        context["form"] = form
        return render(request, "contest/notices/public/opinion.html", context, status=400)
    context["form"] = OpinionForm(entries=entries, initial={"form_token": uuid.uuid4()})
    return render(request, "contest/notices/public/opinion.html", context)
