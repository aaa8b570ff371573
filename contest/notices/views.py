"""Public views of the notice period: the Thông báo PDF (anyone, rate-limited per visitor)."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit

from contest.core.models import Round
from contest.core.text import fold
from contest.notices import documents
from contest.notices.models import Notice, NoticeRules

PDF_RATE = "20/m"


@ratelimit(key="ip", rate=PDF_RATE, method=ratelimit.ALL, group="notice-pdf")
def notice_pdf(request, round_id):
    round = get_object_or_404(Round.objects.select_related("contest"), pk=round_id)
    notice = Notice.objects.filter(round=round).select_related("snapshot").first()
    if notice is None:
        raise Http404(_("Vòng thi này chưa có thông báo lấy ý kiến."))
    notice.round = round
    notice.snapshot.round = round
    rules = NoticeRules.objects.filter(contest=round.contest).first()
    page_url = request.build_absolute_uri(reverse("public-results", args=[round.pk]))
    content = documents.notice_pdf(notice, page_url=page_url, rules=rules)
    response = HttpResponse(content, content_type="application/pdf")
    name = slugify(fold(round.name)) or "vong"
    response["Content-Disposition"] = f'inline; filename="thong-bao-lay-y-kien-{name}.pdf"'
    return response
