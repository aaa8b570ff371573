"""The public vote's pages: the candidates of a round, the phone or e-mail → code → thank-you flow,
the published result, and the small JSON a model page's vote widget reads.

Nothing here shows a count per entry before the organisers publish the result, nor anything of
another voter. Sending a code is rate-limited per browser (the device cookie these pages set) and
per visitor address, and by the service per e-mail address or phone number; confirming is rate-limited per address
and each code allows a few attempts only.
"""

import secrets

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit

from contest.core import challenge
from contest.core.errors import DomainError
from contest.core.http import recorded_ip, too_many_requests
from contest.dossiers.models import Entry
from contest.voting import escalation
from contest.voting.enums import IdentityKind
from contest.voting.forms import CodeForm, EmailForm, PhoneForm
from contest.voting.models import Vote, VoteCode, VoteSettings
from contest.voting.services import ballots, candidates, phone_codes, phone_quota, pressure, receipts
from contest.voting.services.phone_quota import PhoneQuotaExhausted
from contest.voting.services.tally import tally, total

DEVICE_COOKIE = "dvk_binh_chon"
DEVICE_COOKIE_AGE = 400 * 24 * 3600


def _device(request) -> str:
    value = request.COOKIES.get(DEVICE_COOKIE, "")
    if len(value) != 32 or not value.isalnum():
        value = secrets.token_hex(16)
        request._dvk_new_device = value
    return value


def _with_device(request, response):
    new = getattr(request, "_dvk_new_device", None)
    if new:
        response.set_cookie(
            DEVICE_COOKIE, new, max_age=DEVICE_COOKIE_AGE, httponly=True, samesite="Lax", secure=request.is_secure()
        )
    return response


def _vote(round_id) -> VoteSettings:
    vote = VoteSettings.objects.filter(round_id=round_id, enabled=True).select_related("round__contest").first()
    if vote is None:
        raise Http404(_("Vòng thi này không tổ chức bình chọn."))
    return vote


def _phase(vote, now):
    if vote.published_at is not None:
        return "published"
    if vote.is_open(now):
        return "open"
    if vote.opens_at and now < vote.opens_at:
        return "soon"
    return "closed"


def candidates_page(request, round_id):
    vote = _vote(round_id)
    now = timezone.now()
    phase = _phase(vote, now)
    entries = list(candidates.eligible_entries(vote))
    context = {"vote": vote, "round": vote.round, "contest": vote.round.contest, "phase": phase, "entries": entries}
    if phase == "published":
        counts = {row.entry_id: row for row in tally(vote.round)}
        rows = [(entry, counts.get(entry.pk)) for entry in entries]
        rows.sort(key=lambda pair: (-(pair[1].valid if pair[1] else 0), pair[0].title))
        context.update(
            results=rows,
            valid_total=sum(r.valid for r in counts.values()),
            voided_total=sum(r.voided for r in counts.values()),
        )
    elif vote.show_total and phase in ("open", "closed"):
        context["total"] = total(vote.round)
    return render(request, "contest/voting/public/candidates.html", context)


# The ?qua= of the first step: which way the code comes.
BY_PHONE, BY_EMAIL = "dien-thoai", "thu"


def _code_limited(request, device) -> bool:
    """The browser's own hard limit (a person never needs more codes than this in an hour)."""
    return is_ratelimited(
        request,
        group="vote-code-device",
        key=lambda _g, _r: device,
        rate=settings.VOTE_CODE_RATE_PER_DEVICE,
        increment=True,
    )


def _escalation(request, device) -> int:
    """The step this address and browser are at (contest/voting/escalation.py)."""
    return pressure.level(ip=recorded_ip(request), device=device, signed_in=request.user.is_authenticated)


def _escalated(request, device, form):
    """Whether the escalation stops this code request, with the answer; else None (and the request
    is counted). A shared office address first gets a harder challenge, then a login requirement,
    and only then a refusal."""
    level = _escalation(request, device)
    if level >= escalation.REFUSE:
        response = render(
            request,
            "contest/voting/public/refused.html",
            {
                "message": _(
                    "Từ mạng hoặc thiết bị này đã có quá nhiều yêu cầu mã bình chọn trong một giờ qua. Để bảo vệ "
                    "cuộc bình chọn, hệ thống tạm ngừng nhận yêu cầu từ đây; hãy thử lại sau một giờ."
                )
            },
            status=429,
        )
        response["Retry-After"] = "3600"
        return response
    if level >= escalation.LOGIN:
        form.add_error(
            None,
            _(
                "Từ mạng hoặc thiết bị này đã có rất nhiều yêu cầu mã bình chọn trong một giờ qua (thường gặp ở "
                "cơ quan, trường học dùng chung một đường mạng). Để tiếp tục, hãy đăng nhập bằng tài khoản của "
                "đơn vị rồi bình chọn, hoặc dùng mạng khác (ví dụ dữ liệu di động)."
            ),
        )
        return False
    if level >= escalation.HARDER and challenge.level_of(form.cleaned_data.get("challenge") or "") < escalation.HARDER:
        form.add_error(
            "challenge",
            _(
                "Mạng hoặc thiết bị này vừa gửi nhiều yêu cầu: cần xác minh thêm một lần (lâu hơn vài giây). Hãy "
                "đánh dấu lại ô “Tôi không phải là máy tự động” rồi gửi."
            ),
        )
        return False
    pressure.note_request(ip=recorded_ip(request), device=device)
    return None


@require_GET
@never_cache
@ratelimit(key="ip", rate="30/m", method="GET", group="challenge")
def vote_challenge(request):
    """The proof-of-work challenge of the vote's forms, as hard as this address and browser's
    escalation step asks (its level is signed into it: an easier one from elsewhere is refused)."""
    level = min(_escalation(request, _device(request)), escalation.HARDER)
    return _with_device(
        request,
        JsonResponse(
            challenge.new_challenge(size=escalation.challenge_size(level, challenge.max_number()), level=level)
        ),
    )


def vote_entry(request, round_id, entry_id):
    """Step 1: the voter's phone number or e-mail address for a vote for one entry. The phone comes
    first when the round offers it; once the day's messages are used up, the page says so and
    asks for an e-mail address instead."""
    vote = _vote(round_id)
    entry = get_object_or_404(Entry.objects.select_related("unit"), pk=entry_id)
    if not candidates.is_eligible(vote, entry.pk):
        raise Http404(_("Mô hình này không nằm trong danh sách bình chọn."))
    device = _device(request)
    offered = phone_quota.phone_offered(vote)
    available = offered and phone_quota.phone_available(vote)
    email_ok = vote.accepts(IdentityKind.EMAIL) or (offered and not available)
    chosen = request.POST.get("qua") or request.GET.get("qua")
    if (
        chosen not in (BY_PHONE, BY_EMAIL)
        or (chosen == BY_PHONE and not available)
        or (chosen == BY_EMAIL and not email_ok)
    ):
        chosen = BY_PHONE if available else BY_EMAIL
    context = {
        "vote": vote,
        "round": vote.round,
        "entry": entry,
        "is_open": vote.is_open(),
        "by": chosen,
        "BY_PHONE": BY_PHONE,
        "BY_EMAIL": BY_EMAIL,
        "other_way": (
            BY_EMAIL if chosen == BY_PHONE and email_ok else BY_PHONE if chosen == BY_EMAIL and available else ""
        ),
        # Said plainly when the phone was offered but today's messages are used up.
        "phone_used_up": offered and not available,
    }
    form_class = PhoneForm if chosen == BY_PHONE else EmailForm
    if request.method == "POST" and context["is_open"]:
        form = form_class(request.POST)
        if form.is_valid():
            if _code_limited(request, device):
                return _with_device(request, too_many_requests(request))
            stopped = _escalated(request, device, form)
            if stopped:
                return _with_device(request, stopped)
            if stopped is False:
                context["form"] = form
                context["login_url"] = f"{reverse('login')}?next={request.path}"
                return _with_device(request, render(request, "contest/voting/public/email.html", context, status=400))
            try:
                if chosen == BY_PHONE:
                    sent = phone_codes.request_phone_code(
                        vote=vote,
                        entry_id=entry.pk,
                        phone=form.cleaned_data["phone"],
                        ip=recorded_ip(request),
                        device=device,
                    )
                else:
                    sent = ballots.request_code(
                        vote=vote,
                        entry_id=entry.pk,
                        email=form.cleaned_data["email"],
                        ip=recorded_ip(request),
                        device=device,
                    )
            except PhoneQuotaExhausted as error:
                # The quota ran out between the page and the post: the e-mail form, and why.
                context.update(by=BY_EMAIL, other_way="", phone_used_up=True)
                form = EmailForm()
                form.add_error(None, str(error.message))
            except DomainError as error:
                field = error.field if error.field in form.fields else None
                form.add_error(field, str(error.message))
            else:
                if getattr(sent, "delayed", False):
                    messages.warning(
                        request,
                        _(
                            "Tổng đài tin nhắn trả lời chậm: mã có thể đến muộn vài phút. Nếu không nhận được, "
                            "hãy quay lại và nhận mã qua thư điện tử."
                        ),
                    )
                return _with_device(request, redirect("voting:confirm", token=sent.token))
        context["form"] = form
        return _with_device(request, render(request, "contest/voting/public/email.html", context, status=400))
    context["form"] = form_class()
    return _with_device(request, render(request, "contest/voting/public/email.html", context))


def _confirm_limited(request, *, failed: bool) -> bool:
    """Codes refused per visitor address (VOTE_CONFIRM_RATE_PER_IP): what guessing looks like. A
    right code is never counted — an office voting together shares one address — so checking it
    costs one read of the counter (one GET in Redis), not a write."""
    return is_ratelimited(
        request, group="vote-confirm", key="ip", rate=settings.VOTE_CONFIRM_RATE_PER_IP, increment=failed
    )


def confirm(request, token):
    """Step 2: the code from the e-mail or the phone. A right code goes straight to the service (the
    busiest request of the vote: nothing is read for the page unless it has to be shown again)."""
    device = _device(request)
    form = CodeForm(request.POST) if request.method == "POST" else CodeForm()
    if request.method == "POST" and _confirm_limited(request, failed=False):
        return _with_device(request, too_many_requests(request))
    if request.method == "POST" and form.is_valid():
        try:
            made = ballots.confirm_vote(
                token=token,
                code=form.cleaned_data["code"],
                ip=recorded_ip(request),
                device=device,
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
            )
        except DomainError as error:
            _confirm_limited(request, failed=True)
            form.add_error("code" if error.field == "code" else None, str(error.message))
        else:
            return _with_device(request, redirect("voting:thanks", receipt=made.receipt))
    sent = get_object_or_404(VoteCode.objects.select_related("entry__unit", "round__contest", "identity"), token=token)
    if sent.vote_id is not None:
        return redirect("voting:thanks", receipt=Vote.objects.get(pk=sent.vote_id).receipt)
    context = {
        "sent": sent,
        "entry": sent.entry,
        "round": sent.round,
        "minutes": settings.VOTE_CODE_MINUTES,
        "by_phone": sent.identity.kind == IdentityKind.PHONE,
    }
    context["form"] = form
    status = 400 if request.method == "POST" else 200
    return _with_device(request, render(request, "contest/voting/public/confirm.html", context, status=status))


def thanks(request, receipt):
    """Step 3: the receipt. Shows the entry and the time only: nothing about who voted."""
    made = get_object_or_404(
        Vote.objects.select_related("entry__unit", "round__contest", "round__vote_settings"), receipt=receipt
    )
    # Once the result is public, the receipt also tells whether the vote was counted (a voter can
    # check the published figures include it); never before, and never why another vote was voided.
    published = made.round.vote_settings.published_at is not None
    context = {"vote_row": made, "round": made.round, "entry": made.entry, "published": published}
    return render(request, "contest/voting/public/thanks.html", context)


RECEIPTS_PER_PAGE = 50


@require_GET
def receipts_page(request, round_id):
    """The published votes as anonymous lines (receipt prefix, minute, counted or voided), for a
    voter to find theirs; nothing at all before the result is published."""
    vote = _vote(round_id)
    if not receipts.published(vote):
        raise Http404(_("Danh sách biên nhận chỉ có sau khi công bố kết quả bình chọn."))
    search = receipts.clean_search(request.GET.get("ma", ""))
    page = Paginator(receipts.listed(vote, search), RECEIPTS_PER_PAGE).get_page(request.GET.get("trang"))
    found = None
    if search.whole:
        found = Vote.objects.filter(round_id=vote.round_id, receipt=search.whole).select_related("entry__unit").first()
    context = {
        "vote": vote,
        "round": vote.round,
        "contest": vote.round.contest,
        "page": page,
        "lines": [(receipts.shown_prefix(row.receipt), row) for row in page.object_list],
        "search": search,
        "query": request.GET.get("ma", "")[:20],
        "found": found,
    }
    return render(request, "contest/voting/public/receipts.html", context)


def _moment(value) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value)
    return _("%(time)s ngày %(day)s") % {"time": f"{local:%H:%M}", "day": f"{local:%d/%m/%Y}"}


@require_GET
def widget_state(request, entry_id):
    """What a model page's vote button shows. The same for every visitor (the page and this answer
    can both be cached): whether a vote is open for the entry, and where to vote or see the result."""
    now = timezone.now()
    found = []
    for vote in VoteSettings.objects.filter(enabled=True).select_related("round__contest"):
        phase = _phase(vote, now)
        if phase not in ("open", "published") or not candidates.is_eligible(vote, entry_id):
            continue
        found.append(
            {
                "phase": phase,
                "title": vote.prize_name,
                "round": vote.round.public_name or vote.round.contest.name,
                "vote_url": reverse("voting:vote", args=[vote.round_id, entry_id]),
                "page_url": reverse("voting:round", args=[vote.round_id]),
                "closes": _moment(vote.closes_at),
            }
        )
    response = JsonResponse({"votes": found})
    response["Cache-Control"] = "public, max-age=60"
    return response
