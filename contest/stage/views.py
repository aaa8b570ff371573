"""The screens of the day outside the back office: the projector, the judges' tablets and the public
live page. Each page is a static shell; its script (static/js/stage-*.js) polls a JSON state with
If-None-Match, so a poll that finds nothing new is a 304 from one indexed read.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from contest.stage.models import StageProgramme
from contest.stage.services import screens


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
