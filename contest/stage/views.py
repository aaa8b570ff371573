"""The screens of the day outside the back office: the projector, the judges' tablets and the public
live page. Each page is a static shell; its script (static/js/stage-*.js) polls a JSON state with
If-None-Match, so a poll that finds nothing new is a 304 from one indexed read.
"""

import json
import time

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from contest.core.errors import DomainError
from contest.core.http import recorded_ip
from contest.stage.enums import SubmissionOutcome
from contest.stage.models import StagePerformance, StageProgramme
from contest.stage.services import live, screens


def _programme(round_id) -> StageProgramme:
    return get_object_or_404(StageProgramme.objects.select_related("round__contest"), round_id=round_id)


def etag_for(version, *parts) -> str:
    return '"' + "-".join(str(p) for p in (version, *parts)) + '"'


def not_modified(request, etag) -> HttpResponse | None:
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
        response["ETag"] = etag
        return response
    return None


def json_state(request, payload_factory, *, version, private=True, extra=()):
    """A JSON state answered with 304 while ``version`` (and ``extra``) stay the same."""
    etag = etag_for(version, *extra)
    response = not_modified(request, etag)
    if response is None:
        response = JsonResponse(payload_factory(), json_dumps_params={"ensure_ascii": False})
        response["ETag"] = etag
    if private:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, max_age=1)
    return response


def screen_labels() -> dict:
    """The words the screens' scripts write, translated here (the scripts hold no text)."""
    return {
        "idle": _("Xin chào quý vị đại biểu và các đội thi"),
        "digest": _("Mã niêm phong (SHA-256 của hạt giống):"),
        "seed": _("Hạt giống (để kiểm tra lại):"),
        "waiting_draw": _("Đang chờ bốc thăm…"),
        "place": _("Thứ tự"),
        "team": _("Đội thi"),
        "set": _("Bộ câu hỏi"),
        "on_stage": _("Đang thi"),
        "confer": _("Hội ý"),
        "overtime": _("Quá giờ"),
        "question": _("Câu hỏi"),
        "answer": _("Đáp án"),
        "board": _("Bảng điểm"),
        "total": _("Tổng"),
        "not_released": _("Chưa công bố"),
        "reveal": _("Công bố giải thưởng"),
        "offline": _("Mất kết nối — đang thử lại…"),
    }


def _staff(request):
    if not request.user.has_perm("stage.run"):
        raise PermissionDenied


@login_required
@require_GET
def projector(request, round_id):
    _staff(request)
    programme = _programme(round_id)
    return render(
        request,
        "contest/stage/projector.html",
        {"programme": programme, "state_url": request.path + "trang-thai.json", "labels": screen_labels()},
    )


@login_required
@require_GET
def projector_state(request, round_id):
    _staff(request)
    version = StageProgramme.objects.filter(round_id=round_id).values_list("version", flat=True).first()
    if version is None:
        raise Http404
    return json_state(request, lambda: screens.projector(_programme(round_id)), version=version)


# ---------------------------------------------------------------------------------------------
# Judges' tablets
# ---------------------------------------------------------------------------------------------


def _jury_programme(request, round_id) -> StageProgramme:
    """The programme, for a member of the round's jury; other judges get a 404 (they learn nothing
    about the round), anyone who is not a judge a 403."""
    if not request.user.has_perm("judging.use"):
        raise PermissionDenied
    programme = _programme(round_id)
    if not request.user.has_perm("stage.score", programme.round):
        raise Http404
    return programme


@login_required
@require_GET
def tablet(request, round_id):
    programme = _jury_programme(request, round_id)
    return render(
        request,
        "contest/stage/tablet.html",
        {
            "programme": programme,
            "state_url": reverse("stage:tablet-state", args=[round_id]),
            "submit_url": reverse("stage:tablet-submit", args=[round_id]),
            "lock_url": reverse("stage:tablet-lock", args=[round_id]),
            "labels": tablet_labels(),
            "judge": request.user,
        },
    )


@login_required
@require_GET
def tablet_state(request, round_id):
    programme = _jury_programme(request, round_id)
    return json_state(
        request,
        lambda: screens.tablet(programme, judge=request.user),
        version=programme.version,
        extra=(request.user.pk,),
    )


def _body(request) -> dict:
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def _performance(programme, raw):
    try:
        pk = int(raw)
    except (TypeError, ValueError):
        raise Http404 from None
    return get_object_or_404(
        StagePerformance.objects.select_related("part__programme__round", "round_entry__entry__unit"),
        pk=pk,
        part__programme=programme,
    )


@login_required
@require_POST
def tablet_submit(request, round_id):
    """One queued entry of a tablet. 200: taken (or already taken: same key); 409: the performance
    was locked (kept aside for the head judge) or is not open; 422: a value is wrong; 403: the
    judge may not score this team. The tablet drops the entry on any of these answers and keeps it
    only when no answer came."""
    programme = _jury_programme(request, round_id)
    data = _body(request)
    performance = _performance(programme, data.get("performance"))
    try:
        submission = live.submit(
            performance=performance,
            judge=request.user,
            values=data.get("values") if isinstance(data.get("values"), dict) else {},
            key=data.get("key"),
            typed_at=data.get("typed_at"),
            ip=recorded_ip(request),
        )
    except live.LiveRefused as error:
        status = {"forbidden": 403, "closed": 409}.get(error.code, 422)
        errors = {str(k): [str(m) for m in v] for k, v in error.errors.items()}
        return JsonResponse({"outcome": error.code, "message": str(error.message), "errors": errors}, status=status)
    except DomainError as error:
        return JsonResponse({"outcome": "refused", "message": str(error.message)}, status=409)
    team = performance.round_entry.entry.unit.name
    if submission.outcome == SubmissionOutcome.LATE:
        return JsonResponse({"outcome": "late", "message": submission.message}, status=409)
    return JsonResponse(
        {"outcome": "accepted", "message": _("Đã nhận điểm của bạn cho %(team)s.") % {"team": team}},
        json_dumps_params={"ensure_ascii": False},
    )


@login_required
@require_POST
def tablet_lock(request, round_id):
    """The head judge locks a performance, or reopens it with a reason."""
    programme = _jury_programme(request, round_id)
    data = _body(request)
    performance = _performance(programme, data.get("performance"))
    try:
        if data.get("action") == "reopen":
            live.reopen(
                performance=performance, by=request.user, reason=data.get("reason", ""), ip=recorded_ip(request)
            )
            message = _("Đã mở lại điểm của %(team)s.")
        else:
            live.lock(performance=performance, by=request.user, ip=recorded_ip(request))
            message = _("Đã khóa điểm của %(team)s.")
    except DomainError as error:
        return JsonResponse({"outcome": "refused", "message": str(error.message)}, status=409)
    return JsonResponse({"outcome": "ok", "message": message % {"team": performance.round_entry.entry.unit.name}})


def tablet_labels() -> dict:
    return {
        "online": _("Đang kết nối"),
        "offline": _("Mất kết nối — điểm đã nhập được giữ trên máy này"),
        "queue": _("Chờ gửi: %(n)s"),
        "idle": _("Chưa có đội nào mở chấm. Màn hình tự hiện đội thi khi Ban Tổ chức mở chấm."),
        "submit": _("Gửi điểm"),
        "resubmit": _("Sửa và gửi lại"),
        "submitted": _("Đã gửi điểm — có thể sửa cho đến khi Trưởng BGK khóa."),
        "queued": _("Đã lưu trên máy, sẽ tự gửi khi có mạng."),
        "locked": _("Đã khóa điểm."),
        "conflicted": _("Bạn không chấm đội này (xung đột lợi ích)."),
        "lock": _("Khóa điểm đội này"),
        "reopen": _("Mở lại điểm"),
        "reason": _("Lý do mở lại:"),
        "judges": _("Giám khảo đã gửi: %(done)s/%(all)s"),
        "late": _("Điểm gửi muộn (sau khi khóa)"),
        "max": _("tối đa %(max)s, bước %(step)s"),
        "login": _("Phiên đăng nhập đã hết; hãy đăng nhập lại — điểm chờ gửi vẫn giữ trên máy."),
        "total": _("Tổng phần thi"),
    }


# ---------------------------------------------------------------------------------------------
# The public live page
# ---------------------------------------------------------------------------------------------


def _public_programme(round_id) -> StageProgramme:
    programme = _programme(round_id)
    if not programme.public_live:
        raise Http404
    return programme


@require_GET
def live_page(request, round_id):
    """The released scoreboard for the units and the press outside the hall (optional per
    programme). For an anonymous visitor the page is the same for everyone (no session, no CSRF
    token): rendered once per programme version, language and host, then served from the cache."""
    row = _live_version(round_id)
    if row is None or not row[1]:
        raise Http404
    anonymous = not request.user.is_authenticated and settings.STAGE_LIVE_VERSION_SECONDS > 0
    key = f"stage-live-page:{round_id}:{row[0]}:{get_language()}:{request.get_host()}"
    html = cache.get(key) if anonymous else None
    if html is None:
        programme = _public_programme(round_id)
        html = render_to_string(
            "contest/stage/projector.html",
            {
                "programme": programme,
                "state_url": reverse("stage:live-state", args=[round_id]),
                "labels": screen_labels(),
                "public": True,
            },
            request=request,
        )
        if anonymous:
            cache.set(key, html, 300)
    response = HttpResponse(html)
    patch_cache_control(response, public=True, max_age=60)
    return response


# Every viewer of the public page asks once a second whether anything changed. The answer (the
# programme's version) is read from the database at most every STAGE_LIVE_VERSION_SECONDS (0,5 s)
# per process: hundreds of viewers then cost no query at all, and a change reaches them at most
# that much later (bench/stage_bench.py measures both). The projector and the tablets always read
# it afresh.
_live_versions: dict[int, tuple[float, tuple | None]] = {}


def _live_version(round_id) -> tuple | None:
    """(version, public_live) of the round's programme, or None; at most STAGE_LIVE_VERSION_SECONDS old."""
    now = time.monotonic()
    known = _live_versions.get(round_id)
    if known is not None and now - known[0] < settings.STAGE_LIVE_VERSION_SECONDS:
        return known[1]
    row = StageProgramme.objects.filter(round_id=round_id).values_list("version", "public_live").first()
    _live_versions[round_id] = (now, row)
    return row


@require_GET
def live_state(request, round_id):
    """The public state, computed once per version and served from the cache to every viewer."""
    row = _live_version(round_id)
    if row is None or not row[1]:
        raise Http404
    version = row[0]

    def payload():
        key = f"stage-live:{round_id}:{version}"
        cached = cache.get(key)
        if cached is None:
            cached = screens.projector(_programme(round_id), public=True)
            cache.set(key, cached, 300)
        return cached

    return json_state(request, payload, version=version, private=False)
