"""Copying a Hội thi day run on the venue's laptop to the province's server afterwards.

The laptop and the server are two separate installations that were set up with the same contest:
the same teams (round entry numbers and units), the same judges (user names), the same rubric. Their
database ids differ, so the day travels as a JSON file keyed on those natural keys
(``manage.py export_hoi_thi`` on the laptop, ``manage.py import_hoi_thi`` on the server).

What travels is what the server's official result and documents need: the programme and its parts,
each team's performances (order, absences and their reasons), every judge's score sheet as it stood
at the end of the day (values and whether it was submitted), the secretariat's quiz points and the
audience count. The import goes through the same services as the day (sheets, secretariat scores,
withdrawal of an absent team's assignments), all or nothing, and ends with one audit record naming
the file's SHA-256 and the laptop's audit chain head. The record of the day itself — draws and
their seeds, every tablet submission, the laptop's audit chain — stays in the laptop's backup
(``manage.py backup``), which the organisers keep with the minutes.
"""

import hashlib
import json
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from contest.core import audit
from contest.core.errors import DomainError
from contest.core.models import AuditRecord, User
from contest.core.text import nfc
from contest.judging.enums import SheetKind, SheetStatus
from contest.judging.models import Criterion, JuryMembership, RoundEntry, Score, ScoreSheet
from contest.judging.services import secretariat_scores, sheets
from contest.stage.enums import PerformanceState
from contest.stage.models import AudienceCount, StagePart, StagePerformance, StageProgramme
from contest.stage.services import live, state

FORMAT = 1


class TransferRefused(DomainError):
    """The file cannot be imported into this round; nothing was written."""


def _criterion_key(criterion) -> str:
    return f"{criterion.rubric.part}/{criterion.code}"


def _part_key(part) -> str:
    return f"{part.order}/{part.name}"


def export_day(programme) -> dict:
    """The day of ``programme``'s round as JSON-able data (see the module's docstring)."""
    round_ = programme.round
    teams = {t.pk: t for t in RoundEntry.objects.filter(round=round_).select_related("entry__unit")}
    code_of_entry = {t.entry_id: t.code for t in teams.values()}
    parts = list(programme.parts.select_related("rubric").order_by("order", "id"))
    jury_sheets, secretariat = [], {}
    for sheet in (
        ScoreSheet.objects.filter(round=round_)
        .select_related("judge")
        .prefetch_related("scores__criterion__rubric")
        .order_by("entry_id", "judge__username")
    ):
        scores = {_criterion_key(s.criterion): str(s.value) for s in sheet.scores.all() if s.value is not None}
        code = code_of_entry[sheet.entry_id]
        if sheet.kind == SheetKind.SECRETARIAT:
            secretariat[str(code)] = scores
        else:
            jury_sheets.append({"judge": sheet.judge.username, "team": code, "status": sheet.status, "scores": scores})
    last = AuditRecord.objects.order_by("-seq").only("seq", "digest").first()
    return {
        "format": FORMAT,
        "exported_at": timezone.now().isoformat(),
        "audit_head": {"seq": last.seq, "digest": last.digest} if last else None,
        "contest": {"slug": round_.contest.slug, "name": round_.contest.name},
        "round": {"order": round_.order, "name": round_.name},
        "programme": {
            "venue": programme.venue,
            "scoreboard": programme.scoreboard,
            "public_live": programme.public_live,
            "finished_at": programme.finished_at.isoformat() if programme.finished_at else None,
        },
        "teams": {str(t.code): t.entry.unit.name for t in teams.values()},
        "judges": sorted(JuryMembership.objects.filter(round=round_).values_list("judge__username", flat=True)),
        "parts": [
            {
                "key": _part_key(p),
                "order": p.order,
                "name": p.name,
                "kind": p.kind,
                "rubric_part": p.rubric.part,
                "time_limit_seconds": p.time_limit_seconds,
                "confer_seconds": p.confer_seconds,
                "draws_questions": p.draws_questions,
                "points_per_question": str(p.points_per_question),
                "released": p.released,
            }
            for p in parts
        ],
        "performances": [
            {
                "part": _part_key(p.part),
                "team": teams[p.round_entry_id].code,
                "position": p.position,
                "question_set": p.question_set,
                "state": p.state,
                "absent_reason": p.absent_reason,
                "timer_elapsed_ms": p.timer_elapsed_ms,
            }
            for p in StagePerformance.objects.filter(part__programme=programme)
            .select_related("part")
            .order_by("part__order", "position")
        ],
        "jury_sheets": jury_sheets,
        "secretariat": secretariat,
        "audience": {
            str(teams[c.round_entry_id].code): c.count
            for c in AudienceCount.objects.filter(programme=programme)
            if c.round_entry_id in teams
        },
    }


def dumps(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode()


# ---------------------------------------------------------------------------------------------
# Import
# ---------------------------------------------------------------------------------------------


def _check(round_, data) -> tuple[dict, dict, dict]:
    """(team code → round entry, user name → judge, criterion key → criterion), or TransferRefused
    naming every mismatch between the file and the server's round."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise TransferRefused(_("Tệp không phải dữ liệu ngày thi xuất từ ứng dụng này (hoặc khác phiên bản)."))
    problems = []
    teams = {t.code: t for t in RoundEntry.objects.filter(round=round_).select_related("entry__unit")}
    for code, name in (data.get("teams") or {}).items():
        team = teams.get(int(code))
        if team is None:
            problems.append(
                _("Vòng thi trên máy chủ không có đội số %(code)s (%(name)s).") % {"code": code, "name": name}
            )
        elif nfc(team.entry.unit.name).casefold() != nfc(name).casefold():
            problems.append(
                _("Đội số %(code)s trên máy chủ là %(server)s, trong tệp là %(file)s.")
                % {"code": code, "server": team.entry.unit.name, "file": name}
            )
    members = set(JuryMembership.objects.filter(round=round_).values_list("judge__username", flat=True))
    missing = sorted(set(data.get("judges") or []) - members)
    if missing:
        problems.append(
            _("Các giám khảo sau chưa thuộc Ban Giám khảo của vòng thi trên máy chủ: %(names)s.")
            % {"names": ", ".join(missing)}
        )
    judges = {u.username: u for u in User.objects.filter(username__in=members)}
    criteria = {}
    for criterion in Criterion.objects.filter(rubric__round=round_).select_related("rubric"):
        key = _criterion_key(criterion)
        if key in criteria:
            raise TransferRefused(
                _("Thang điểm của vòng thi trên máy chủ có hai tiêu chí cùng mã %(key)s.") % {"key": key}
            )
        criteria[key] = criterion
    used = {k for s in data.get("jury_sheets") or [] for k in s.get("scores", {})}
    used |= {k for scores in (data.get("secretariat") or {}).values() for k in scores}
    unknown = sorted(used - set(criteria))
    if unknown:
        problems.append(_("Thang điểm trên máy chủ không có các tiêu chí: %(keys)s.") % {"keys": ", ".join(unknown)})
    rubric_parts = {c.rubric.part for c in criteria.values()}
    for part in data.get("parts") or []:
        if part["rubric_part"] not in rubric_parts:
            problems.append(_("Thang điểm trên máy chủ không có phần thi %(part)s.") % {"part": part["rubric_part"]})
    if problems:
        raise TransferRefused(" ".join(problems))
    return teams, judges, criteria


def _ensure_not_run(round_) -> None:
    """The server's round must not have had its own day (or an earlier import): nothing is merged."""
    scored = Score.objects.filter(sheet__round=round_).exists()
    moved = StagePerformance.objects.filter(part__programme__round=round_).exclude(state=PerformanceState.WAITING)
    if scored or moved.exists():
        raise TransferRefused(
            _(
                "Vòng thi trên máy chủ đã có điểm hoặc đã có lượt thi diễn ra, nên không nhập ngày thi từ tệp "
                "(không gộp hai ngày thi). Nếu đã nhập tệp này rồi thì không cần nhập lại."
            )
        )


def _programme(round_, data) -> tuple[StageProgramme, dict]:
    """The server's programme for the round (made from the file when there is none), and
    part key → StagePart."""
    programme = StageProgramme.objects.filter(round=round_).first()
    if programme is None:
        info = data["programme"]
        programme = StageProgramme.objects.create(
            round=round_, venue=info["venue"], scoreboard=info["scoreboard"], public_live=info["public_live"]
        )
    rubrics = {r.part: r for r in round_.rubrics.filter(field__isnull=True)}
    existing = {_part_key(p): p for p in programme.parts.all()}
    parts = {}
    for item in data.get("parts") or []:
        part = existing.get(item["key"])
        if part is None:
            part = StagePart.objects.create(
                programme=programme,
                order=item["order"],
                name=item["name"],
                kind=item["kind"],
                rubric=rubrics.get(item["rubric_part"]) or round_.rubrics.filter(part=item["rubric_part"]).first(),
                time_limit_seconds=item["time_limit_seconds"],
                confer_seconds=item["confer_seconds"],
                draws_questions=item["draws_questions"],
                points_per_question=Decimal(item["points_per_question"]),
            )
        StagePart.objects.filter(pk=part.pk).update(released=item["released"])
        parts[item["key"]] = part
    return programme, parts


def import_day(*, round, data: dict, raw: bytes, by, ip=None) -> dict:
    """Bring the day of ``data`` (export_day's output, ``raw`` its file's bytes) into the server's
    ``round``. All or nothing; returns what was written, by kind."""
    if not by.has_perm("stage.manage"):
        raise DomainError(_("Chỉ Ban Tổ chức được nhập dữ liệu ngày thi."))
    with transaction.atomic():
        teams, judges, criteria = _check(round, data)
        _ensure_not_run(round)
        programme, parts = _programme(round, data)
        programme = state.locked(programme)
        StagePerformance.objects.filter(part__programme=programme).delete()
        StagePerformance.objects.bulk_create(
            StagePerformance(
                part=parts[p["part"]],
                round_entry=teams[int(p["team"])],
                position=p["position"],
                question_set=p["question_set"],
                state=p["state"],
                absent_reason=p["absent_reason"],
                timer_elapsed_ms=p["timer_elapsed_ms"],
            )
            for p in data.get("performances") or []
        )
        # The same rule as the end of the day on the laptop: an absent team's assignments are
        # withdrawn (reason "vắng mặt", audited), a team absent from some parts scores 0 there.
        live.settle_absences(programme=programme, by=by, ip=ip)
        sheet_count = 0
        for item in data.get("jury_sheets") or []:
            judge, team = judges[item["judge"]], teams[int(item["team"])]
            values = {criteria[k].pk: v for k, v in item["scores"].items()}
            try:
                sheets.save_sheet(judge=judge, round=round, entry=team.entry, values=values, by=by, ip=ip)
                if item["status"] == SheetStatus.SUBMITTED:
                    sheets.submit_sheet(judge=judge, round=round, entry=team.entry, by=by, ip=ip)
            except DomainError as error:
                raise TransferRefused(
                    _("Phiếu chấm của %(judge)s cho đội số %(code)s không nhập được: %(problem)s")
                    % {"judge": judge.display_name, "code": team.code, "problem": error.message}
                ) from None
            sheet_count += 1
        cells = {
            (teams[int(code)].entry_id, criteria[k].pk): v
            for code, scores in (data.get("secretariat") or {}).items()
            for k, v in scores.items()
        }
        try:
            secretariat_scores.save_secretariat_scores(round=round, values=cells, by=by, ip=ip)
        except secretariat_scores.SecretariatScoresInvalid as error:
            raise TransferRefused(str(error.message)) from None
        for code, count in (data.get("audience") or {}).items():
            AudienceCount.objects.update_or_create(
                programme=programme, round_entry=teams[int(code)], defaults={"count": int(count)}
            )
        finished = parse_datetime(data["programme"]["finished_at"] or "") if data.get("programme") else None
        StageProgramme.objects.filter(pk=programme.pk).update(finished_at=finished)
        summary = {
            "performances": len(data.get("performances") or []),
            "sheets": sheet_count,
            "secretariat": len(cells),
            "audience": len(data.get("audience") or {}),
        }
        audit.append(
            actor=by,
            action="stage.import",
            obj=programme,
            round=round,
            new={
                **summary,
                "file_sha256": hashlib.sha256(raw).hexdigest(),
                "laptop_audit_head": data.get("audit_head"),
                "exported_at": data.get("exported_at"),
            },
            ip=ip,
        )
        state.bump(programme)
    return summary
