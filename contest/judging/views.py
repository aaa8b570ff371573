"""Online scoring for judges: the list of assigned entries and the score sheet beside the dossier.

An entry the judge is not assigned, or has a conflict of interest with, is a 404: the judge
learns nothing about it, not even that it exists.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from contest.core.errors import DomainError
from contest.core.http import recorded_ip as _client_ip
from contest.core.models import Round
from contest.dossiers.enums import AttachmentKind
from contest.judging.enums import SheetKind, SheetStatus
from contest.judging.forms import ScoreSheetForm
from contest.judging.models import Assignment, JuryMembership, RoundEntry, ScoreSheet
from contest.judging.services import jury, sheets, worklist
from contest.notices.forms import AnswerForm, VerificationForm
from contest.notices.services import complaints as complaint_services
from contest.results import scoring, tabulation

HANDLE = "notices.handle_complaint"


def _judge(request):
    if not request.user.has_perm("judging.use"):
        raise PermissionDenied
    return request.user


@login_required
def home(request):
    """The judge's rounds with their counts, and one page of one round's dossiers
    (services/worklist.py): the round asked for (``vong``), else the first on the list."""
    judge = _judge(request)
    declared = worklist.declared_conflicts(judge)
    rounds = worklist.judge_rounds(judge, declared=declared)
    chosen = next((w for w in rounds if str(w.round.pk) == request.GET.get("vong")), rounds[0] if rounds else None)
    progress = request.GET.get("tinh-trang", worklist.ALL)
    if progress not in worklist.FILTERS:
        progress = worklist.ALL
    page = (
        worklist.round_page(judge, chosen, progress=progress, page=request.GET.get("trang"), declared=declared)
        if chosen
        else None
    )
    head_of = JuryMembership.objects.filter(judge=judge, is_head=True).select_related("round__contest")
    return render(
        request,
        "contest/judging/home.html",
        {
            "rounds": rounds,
            "chosen": chosen,
            "page": page,
            "page_links": list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
            if page
            else [],
            "progress": progress,
            "filters": worklist.filter_chips(chosen, progress) if chosen else [],
            "query": urlencode({"vong": chosen.round.pk, "tinh-trang": progress}) if chosen else "",
            "next": worklist.first_unfinished(judge, rounds, declared=declared),
            # The round as people name it (never the set-up placeholder "Vòng chấm").
            "head_rounds": [
                (
                    m.round,
                    f"{m.round.contest.name} – {m.round.public_name}" if m.round.public_name else m.round.contest.name,
                )
                for m in head_of
            ],
        },
    )


@login_required
def discrepancies(request, round_id):
    """For the head judge: the entries whose judges' totals spread by the round's threshold or
    more, to re-check them or ask the organisers for another judge. Judges appear as "GK n"."""
    _judge(request)
    round = get_object_or_404(Round.objects.select_related("contest"), pk=round_id)
    if not request.user.has_perm("judging.review_discrepancies", round):
        raise Http404
    table = tabulation.tabulate(round)
    pseudonyms = table.pseudonyms()
    flagged = [
        {
            "row": row,
            "totals": sorted(
                ((pseudonyms.get(judge_id, "GK"), total) for judge_id, total in row.judge_totals.items()),
                key=lambda item: item[0],
            ),
        }
        for row in table.rows
        if row.discrepant
    ]
    return render(
        request,
        "contest/judging/discrepancies.html",
        {"round": round, "flagged": flagged, "threshold": table.policy.discrepancy_threshold},
    )


def _assignment(request, round_id, entry_id):
    """The judge's own, unconflicted assignment, or 404."""
    judge = _judge(request)
    assignment = get_object_or_404(
        Assignment.objects.select_related("round__contest", "entry__unit", "entry__field", "entry__contest"),
        round_id=round_id,
        entry_id=entry_id,
        judge=judge,
    )
    if not request.user.has_perm("judging.score_entry", assignment):
        raise Http404
    return assignment


def _sheet_form(assignment, data=None):
    """The assignment's score sheet (None before the first save) and its form."""
    round, entry = assignment.round, assignment.entry
    sheet = (
        ScoreSheet.objects.filter(round=round, judge_id=assignment.judge_id, entry=entry, kind=SheetKind.JURY)
        .prefetch_related("scores")
        .first()
    )
    locked = sheet is not None and sheet.status == SheetStatus.SUBMITTED
    closed = sheets.scoring_closed(round)
    criteria = sheets.sheet_criteria(round=round, entry=entry)
    form = ScoreSheetForm(data, criteria=criteria, sheet=sheet, editable=not locked and not closed)
    return sheet, form, locked, closed


def _sheet_context(assignment, *, judge, data=None, errors=None):
    round, entry = assignment.round, assignment.entry
    sheet, form, locked, closed = _sheet_form(assignment, data)
    # Once the sheet is in (or can no longer change), the judge's next step is another dossier.
    next_assignment = worklist.next_assignment(judge, after=assignment) if locked or closed else None
    if errors:
        form.add_service_errors(errors)
    scores = {s.criterion_id: s.value for s in sheet.scores.all()} if sheet else {}
    criteria = form.criteria
    round_entry = RoundEntry.objects.filter(round=round, entry=entry).first()
    attachments = list(entry.attachments.all())
    return {
        "assignment": assignment,
        "round": round,
        "entry": entry,
        "blind": round.blind,
        "code": round_entry.code if round_entry else None,
        "form": form,
        "rows": form.rows(),
        "sheet": sheet,
        "sheet_errors": form.errors.get("sheet_comment", []) if form.is_bound else [],
        "total": scoring.format_score(scoring.sheet_total(scores, criteria, key=lambda c: c.pk)),
        "max_total": scoring.format_score(scoring.max_total(criteria)),
        "locked": locked,
        "closed": closed,
        "next_assignment": next_assignment,
        "editable": not locked and not closed,
        "photos": [a for a in attachments if a.kind == AttachmentKind.PHOTO],
        "documents": [a for a in attachments if a.kind != AttachmentKind.PHOTO],
        "members": [] if round.blind else entry.members.all(),
        # The server's own messages (scoring.validate_value), for the script that checks as one types.
        "value_messages": {
            "number": _("Điểm phải là một số, ví dụ 8 hoặc 8,5."),
            "negative": _("Điểm không được âm."),
            "max": _("Điểm không được vượt quá %(max)s."),
            "step": _("Điểm phải là bội số của %(step)s."),
        },
    }


def _render_sheet(request, assignment, **kwargs):
    return render(request, "contest/judging/sheet.html", _sheet_context(assignment, judge=request.user, **kwargs))


def _save(request, assignment, service):
    """Parse the posted sheet with its form and hand it to ``service`` (save or submit); the
    saved sheet and the criteria."""
    criteria = sheets.sheet_criteria(round=assignment.round, entry=assignment.entry)
    form = ScoreSheetForm(request.POST, criteria=criteria)
    saved = service(
        judge=request.user,
        round=assignment.round,
        entry=assignment.entry,
        **form.submitted(),
        by=request.user,
        ip=_client_ip(request),
    )
    return saved, criteria


def _post_sheet(request, assignment, service, success_message, *, anchor=""):
    """Save (or submit) the posted sheet with ``service``; on refusal re-render with the input.
    ``anchor``: where the page opens after success (on a phone the sheet is below the dossier)."""
    url = reverse("judging:sheet", kwargs={"round_id": assignment.round_id, "entry_id": assignment.entry_id})
    here = redirect(url)
    try:
        _save(request, assignment, service)
    except sheets.SheetInvalid as error:
        messages.error(request, error.message)
        return _render_sheet(request, assignment, data=request.POST, errors=error.errors)
    except DomainError as error:
        messages.error(request, error.message)
        return here
    messages.success(request, success_message)
    return redirect(f"{url}#{anchor}") if anchor else here


@login_required
def sheet(request, round_id, entry_id):
    """The score sheet; its form posts here to save a draft without JavaScript."""
    assignment = _assignment(request, round_id, entry_id)
    if request.method != "POST":
        return _render_sheet(request, assignment)
    return _post_sheet(request, assignment, sheets.save_sheet, _("Đã lưu nháp phiếu chấm."))


@login_required
@require_POST
def autosave(request, round_id, entry_id):
    """The JavaScript autosave: the same form fields, a JSON answer with errors per criterion."""
    assignment = _assignment(request, round_id, entry_id)
    try:
        saved, criteria = _save(request, assignment, sheets.save_sheet)
    except sheets.SheetInvalid as error:
        errors = {str(k): [str(m) for m in v] for k, v in error.errors.items()}
        return JsonResponse({"ok": False, "message": str(error.message), "errors": errors}, status=400)
    except DomainError as error:
        return JsonResponse({"ok": False, "message": str(error.message), "errors": {}}, status=409)
    stored = {s.criterion_id: s.value for s in saved.scores.all()}
    return JsonResponse(
        {
            "ok": True,
            "saved_at": formats.time_format(timezone.localtime(saved.updated_at), "H:i:s"),
            "total": scoring.format_score(scoring.sheet_total(stored, criteria, key=lambda c: c.pk)),
            "errors": {},
        }
    )


@login_required
@require_POST
def submit(request, round_id, entry_id):
    """Save what the form holds and lock the sheet ("Nộp phiếu")."""
    assignment = _assignment(request, round_id, entry_id)
    # The sheet's heading: the locked notice and "Hồ sơ tiếp theo" are right under it.
    return _post_sheet(
        request, assignment, sheets.submit_sheet, _("Đã nộp phiếu chấm. Phiếu đã được khóa."), anchor="sheet-heading"
    )


@login_required
@require_POST
def recuse(request, round_id, entry_id):
    """The judge steps back from an entry (conflict of interest), with a written reason.

    The assignment is withdrawn and the conflict recorded, so the entry leaves the judge's list;
    the organisers see it on the jury page and assign another judge.
    """
    assignment = _assignment(request, round_id, entry_id)
    try:
        jury.recuse(
            round=assignment.round,
            judge=request.user,
            entry=assignment.entry,
            reason=request.POST.get("reason", ""),
            ip=_client_ip(request),
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("judging:sheet", round_id=round_id, entry_id=entry_id)
    messages.success(
        request, _("Đã ghi nhận bạn không chấm hồ sơ này vì xung đột lợi ích. Ban Tổ chức sẽ phân công người khác.")
    )
    return redirect("judging:home")


@login_required
def remarking(request, round_id):
    """For the head judge: the round's re-marking requests (phúc khảo), to record what the
    verification found and, when the organisers leave it to the jury, answer them. Reopening
    sheets stays with the organisers (the back office). In a blind round only the entry's number
    is shown."""
    _judge(request)
    round = get_object_or_404(Round.objects.select_related("contest"), pk=round_id)
    if not request.user.has_perm("judging.review_discrepancies", round):
        raise Http404
    requests = [c for c in complaint_services.remarking_requests(round) if request.user.has_perm(HANDLE, c)]
    if request.method == "POST":
        try:
            ref = int(request.POST.get("ref", ""))
        except ValueError:
            raise Http404 from None
        complaint = next((c for c in requests if c.pk == ref), None)
        if complaint is None:
            raise Http404
        _handle_remarking(request, complaint)
        return redirect("judging:remarking", round_id=round.pk)
    codes = dict(RoundEntry.objects.filter(round=round).values_list("entry_id", "code"))
    for complaint in requests:
        complaint.code = codes.get(complaint.entry_id)
        if complaint.is_pending:
            complaint.verification_form = VerificationForm(
                prefix=f"c{complaint.pk}", initial={"verification": complaint.verification}
            )
            complaint.answer_form = AnswerForm(prefix=f"c{complaint.pk}")
    return render(request, "contest/judging/remarking.html", {"round": round, "requests": requests})


def _handle_remarking(request, complaint):
    action = request.POST.get("action")
    form = (VerificationForm if action == "verify" else AnswerForm)(request.POST, prefix=f"c{complaint.pk}")
    if action not in ("verify", "answer") or not form.is_valid():
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, errors or _("Thao tác không hợp lệ."))
        return
    try:
        if action == "verify":
            complaint_services.record_verification(
                complaint=complaint, by=request.user, ip=_client_ip(request), **form.cleaned_data
            )
            messages.success(request, _("Đã ghi kết quả xác minh."))
        else:
            complaint_services.decide(complaint=complaint, by=request.user, ip=_client_ip(request), **form.cleaned_data)
            messages.success(request, _("Đã trả lời đơn %(number)s.") % {"number": complaint.number})
    except DomainError as error:
        messages.error(request, str(error.message))
