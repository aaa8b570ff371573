"""The documents of the notice period, in the contest's document format (Decree 30 or the Party's):
the Thông báo of a round's provisional results (with the provisional list of awardees as its
annex), the summary report of the opinions, and the Phiếu trả lời of a complaint or re-marking
request. Rendered on request (one WeasyPrint call, a few queries)."""

from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from contest.core.pdf import in_official_language, render_pdf, static_path
from contest.notices.models import Complaint, NoticeRules, Opinion
from contest.results import documents as result_documents
from contest.results.models import ResultRow
from contest.results.scoring import format_score


def _basis_lines(rules, contest) -> list[str]:
    text = (rules.legal_basis if rules else "") or ""
    return [line.strip().replace("{cuoc_thi}", contest.name) for line in text.splitlines() if line.strip()]


def notice_title(notice) -> str:
    return _("Thông báo lấy ý kiến về kết quả dự kiến – %(round)s") % {"round": notice.round.name}


def doc_number(notice, party: bool) -> str:
    if notice.number:
        return (_("Số %(n)s") if party else _("Số: %(n)s")) % {"n": notice.number}
    return _("Số ……-TB/BTC") if party else _("Số: ……/TB-BTC")


def notice_context(notice, *, page_url="", rules=None) -> dict:
    snapshot = notice.snapshot
    round = notice.round
    contest = round.contest
    party = result_documents.document_format(contest) == result_documents.PARTY
    lines = result_documents._lines(snapshot)
    awards = result_documents._awards(snapshot, lines)
    return {
        **result_documents.header_context(contest),
        "party": party,
        "notice": notice,
        "snapshot": snapshot,
        "round": round,
        "contest": contest,
        "doc_number": doc_number(notice, party),
        "doc_date": timezone.localtime(notice.published_at).date(),
        "basis": _basis_lines(rules, contest),
        "awards": awards,
        "awardee_count": len({line.entry_id for group in awards for line in group["lines"]}),
        "page_url": page_url,
        # An address is never broken across lines ("https://" at the end of one, the rest on the next).
        "page_url_html": format_html('<span class="nowrap">{}</span>', page_url),
        "signing_for": _("T/M BAN TỔ CHỨC") if party else _("TM. BAN TỔ CHỨC"),
        "signer_title": (rules.signer_title if rules else "") or _("TRƯỞNG BAN"),
        "signer_name": rules.signer_name if rules else "",
        "mono_font_url": static_path(result_documents.MONO_FONT).as_uri(),
        "pdf_title": notice_title(notice),
    }


@in_official_language
def notice_pdf(notice, *, page_url="", rules=None) -> bytes:
    contest = notice.round.contest
    return render_pdf(
        "contest/notices/pdf/notice.html",
        notice_context(notice, page_url=page_url, rules=rules),
        title=notice_title(notice),
        author=contest.organiser_body,
        subject=contest.name,
        keywords=(_("thông báo lấy ý kiến"), contest.name, notice.round.name),
    )


def summary_title(notice) -> str:
    return _("Báo cáo tổng hợp ý kiến – %(round)s") % {"round": notice.round.name}


def summary_context(notice) -> dict:
    round = notice.round
    contest = round.contest
    party = result_documents.document_format(contest) == result_documents.PARTY
    rules = NoticeRules.objects.filter(contest=contest).first()
    opinions = list(Opinion.objects.filter(notice=notice).select_related("entry__unit").order_by("created_at", "id"))
    # An entry is named as the list names it: by its number, then its title.
    codes = {}
    for entry_id, code in (
        ResultRow.objects.filter(snapshot__round=round).order_by("snapshot__version").values_list("entry_id", "code")
    ):
        codes[entry_id] = code
    per_entry = {}
    for opinion in opinions:
        if opinion.entry_id in codes:
            key = _("Hồ sơ số %(code)s “%(title)s”") % {
                "code": f"{codes[opinion.entry_id]:03d}",
                "title": opinion.entry.title,
            }
        elif opinion.entry_id:
            key = opinion.entry.title
        else:
            key = _("Góp ý chung về danh sách")
        per_entry[key] = per_entry.get(key, 0) + 1
    return {
        **result_documents.header_context(contest),
        "party": party,
        "notice": notice,
        "round": round,
        "contest": contest,
        "doc_number": _("Số ……-BC/BTC") if party else _("Số: ……/BC-BTC"),
        "doc_date": timezone.localtime(notice.closed_at).date() if notice.closed_at else None,
        "opinions": opinions,
        "per_entry": sorted(per_entry.items()),
        "signing_for": _("T/M BAN TỔ CHỨC") if party else _("TM. BAN TỔ CHỨC"),
        # Signed by the same person as the Thông báo it reports on (the contest's notice rules).
        "signer_title": (rules.signer_title if rules else "") or _("TRƯỞNG BAN"),
        "signer_name": rules.signer_name if rules else "",
        "mono_font_url": static_path(result_documents.MONO_FONT).as_uri(),
        "pdf_title": summary_title(notice),
        "gist_length": GIST_LENGTH,
    }


GIST_LENGTH = 400


@in_official_language
def summary_pdf(notice) -> bytes:
    contest = notice.round.contest
    return render_pdf(
        "contest/notices/pdf/summary.html",
        summary_context(notice),
        title=summary_title(notice),
        author=contest.organiser_body,
        subject=contest.name,
        keywords=(_("báo cáo tổng hợp ý kiến"), contest.name, notice.round.name),
    )


def answer_title(complaint) -> str:
    return _("Phiếu trả lời đơn số %(number)s") % {"number": complaint.number}


def _row_of(snapshot, entry_id):
    if snapshot is None:
        return None
    row = snapshot.rows.filter(entry_id=entry_id).first()
    if row is None:
        return None
    return {"score": format_score(row.score), "rank": row.rank, "prize": row.prize_name}


def answer_context(complaint: Complaint) -> dict:
    notice = complaint.notice
    round = notice.round
    contest = round.contest
    party = result_documents.document_format(contest) == result_documents.PARTY
    rules = NoticeRules.objects.filter(contest=contest).first()
    if complaint.answer_number:
        number = (_("Số %(n)s") if party else _("Số: %(n)s")) % {"n": complaint.answer_number}
    else:
        number = _("Số ……-PTL/BTC") if party else _("Số: ……/PTL-BTC")
    code = complaint.entry.round_entries.filter(round=round).values_list("code", flat=True).first()
    return {
        **result_documents.header_context(contest),
        "party": party,
        "complaint": complaint,
        "round": round,
        "contest": contest,
        "unit": complaint.entry.unit,
        "entry_code": f"{code:03d}" if code else "",
        "doc_number": number,
        "doc_date": timezone.localtime(complaint.decided_at).date() if complaint.decided_at else None,
        "before": _row_of(complaint.snapshot_before, complaint.entry_id),
        "after": _row_of(complaint.snapshot_after, complaint.entry_id),
        "signing_for": _("T/M BAN TỔ CHỨC") if party else _("TM. BAN TỔ CHỨC"),
        "signer_title": (rules.signer_title if rules else "") or _("TRƯỞNG BAN"),
        "signer_name": rules.signer_name if rules else "",
        "pdf_title": answer_title(complaint),
    }


@in_official_language
def answer_pdf(complaint) -> bytes:
    """The Phiếu trả lời of an answered complaint (callers check that it is answered)."""
    contest = complaint.notice.round.contest
    return render_pdf(
        "contest/notices/pdf/answer.html",
        answer_context(complaint),
        title=answer_title(complaint),
        author=contest.organiser_body,
        subject=contest.name,
        keywords=(_("phiếu trả lời"), contest.name, complaint.number),
    )
