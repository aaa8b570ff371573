"""The demo's Hội thi final, ready to run on the day (`make run`): six teams in the final, the
library's three-part rubric, the two demo judges (giamkhao1 heads the jury), prizes and part prizes, the
programme of the day with its parts and a small question bank. Nothing is drawn or scored yet, so
a newcomer can open the console, a judge's tablet and the projector at once and run the day.

Every step goes through the services and runs only if not done yet (seed_demo is rerun freely).
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from contest.dossiers.enums import EntryKind, EntryState, TeamRole
from contest.dossiers.models import Entry
from contest.dossiers.services import review
from contest.dossiers.services.entries import create_entry, submit_entry
from contest.judging.models import RoundEntry
from contest.judging.services.jury import add_judge, assign_automatically
from contest.judging.services.rubrics import copy_rubric_from_library
from contest.results.models import PrizeTier, ResultsPolicy
from contest.stage.enums import PartKind
from contest.stage.models import StageProgramme, StageQuestion
from contest.stage.services.programme import add_default_parts

FINAL_TEAMS = [
    "DU-HAICHAU",
    "CA-QUANGTRI",
    "BCHQS-GIALAI",
    "SNV-NGHEAN",
    "HLHPN-EAKAR",
    "DU-PHUQUOC",
]
MEMBERS = [
    ("Trưởng đoàn", TeamRole.LEADER),
    ("Thí sinh 1", TeamRole.CONTESTANT),
    ("Thí sinh 2", TeamRole.CONTESTANT),
    ("Thí sinh 3", TeamRole.CONTESTANT),
    ("Thí sinh 4", TeamRole.CONTESTANT),
    ("Thí sinh 5", TeamRole.CONTESTANT),
]
PRIZES = [
    ("nhat", "Giải Nhất", 1, ""),
    ("nhi", "Giải Nhì", 1, ""),
    ("ba", "Giải Ba", 2, ""),
    ("khuyen-khich", "Giải Khuyến khích", 2, ""),
    ("chao-hoi-xuat-sac", "Phần chào hỏi xuất sắc", 1, "Chào hỏi"),
    ("tieu-pham-hay-nhat", "Tiểu phẩm hay nhất", 1, "Tiểu phẩm"),
]
QUIZ = [
    (
        "Câu nói “Dân vận kém thì việc gì cũng kém. Dân vận khéo thì việc gì cũng thành công” trích từ bài báo nào?",
        ("Dân vận (1949)", "Sửa đổi lối làm việc (1947)", "Đời sống mới (1947)", "Di chúc (1969)"),
        "A",
    ),
    (
        "Ngày truyền thống công tác dân vận của Đảng là ngày nào?",
        ("03/02/1930", "15/10/1930", "19/5/1890", "02/9/1945"),
        "B",
    ),
    (
        "Phương châm “dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát, dân thụ hưởng” nói về điều gì?",
        ("Cải cách hành chính", "Phát huy quyền làm chủ của Nhân dân", "Thi đua yêu nước", "Xây dựng nông thôn mới"),
        "B",
    ),
]
SITUATIONS = [
    "Một số hộ dân không đồng tình hiến đất mở rộng đường kiệt vì lo mất lối đi riêng. Là cán bộ dân vận, "
    "đội thi xử lý thế nào?",
    "Người dân phản ánh trên mạng xã hội về việc chậm trả kết quả thủ tục hành chính. Đội thi xử lý thế nào?",
    "Tổ dân phố có mâu thuẫn giữa hai gia đình về ranh giới đất. Đội thi vận động hòa giải ra sao?",
    "Đồng bào dân tộc thiểu số chưa tin tưởng mô hình sinh kế mới. Đội thi thuyết phục thế nào?",
    "Thanh niên trong khu dân cư ít tham gia sinh hoạt đoàn thể. Đội thi có cách làm nào khéo?",
    "Một số hộ chưa chấp hành phân loại rác tại nguồn. Đội thi vận động thế nào?",
]


def seed_stage_day(*, contest, units, users) -> bool:
    """Set up the final's day; False when it was already there."""
    final = contest.rounds.filter(order=2).first()
    if final is None or StageProgramme.objects.filter(round=final).exists():
        return False
    organiser, secretariat = users["btc"], users["thuky"]
    with transaction.atomic():
        if not final.rubrics.exists():
            copy_rubric_from_library(round=final, code="hoi-thi-100", by=organiser)
        final.all_judges_score_all = True
        final.save(update_fields=["all_judges_score_all"])
        today = timezone.localdate()
        for code, unit_code in enumerate(FINAL_TEAMS, start=1):
            unit = units[unit_code]
            entry = Entry.objects.filter(contest=contest, unit=unit, kind=EntryKind.TEAM).first()
            if entry is None:
                # Keyed in by the secretariat as a paper registration, then checked as usual.
                entry = create_entry(
                    contest=contest,
                    unit=unit,
                    by=secretariat,
                    received_on=today,
                    data={"kind": EntryKind.TEAM, "title": f"Đội thi {unit.name}", "contact_name": "Trưởng đoàn"},
                    members=[{"full_name": name, "role": role, "position": ""} for name, role in MEMBERS],
                )
                entry = submit_entry(entry=entry, by=secretariat)
                entry = review.accept_entry(
                    entry=entry, by=secretariat, checklist=dict.fromkeys(dict(review.CHECKLIST), True)
                )
            if entry.state == EntryState.ACCEPTED and not RoundEntry.objects.filter(round=final, entry=entry).exists():
                RoundEntry.objects.create(round=final, entry=entry, code=code)
        members = set(final.jury.values_list("judge__username", flat=True))
        for username, head in (("giamkhao1", True), ("giamkhao2", False)):
            if username not in members:
                add_judge(round=final, judge=users[username], is_head=head, by=organiser)
        if not final.assignments.exists():
            assign_automatically(round=final, by=organiser, seed=1015)
        ResultsPolicy.objects.get_or_create(round=final, defaults={"min_prize_score": Decimal(50)})
        for order, (code, name, quota, part) in enumerate(PRIZES, start=1):
            PrizeTier.objects.get_or_create(
                round=final, code=code, defaults={"name": name, "quota": quota, "part": part, "order": order}
            )
        programme = StageProgramme.objects.create(round=final, venue="Hội trường Thành ủy Đà Nẵng", public_live=True)
        parts = add_default_parts(programme=programme)
        quiz = next(p for p in parts if p.kind == PartKind.QUIZ)
        situation = next(p for p in parts if p.draws_questions)
        for number, (text, options, answer) in enumerate(QUIZ, start=1):
            StageQuestion.objects.create(
                part=quiz,
                number=number,
                text=text,
                option_a=options[0],
                option_b=options[1],
                option_c=options[2],
                option_d=options[3],
                answer=answer,
            )
        for number, text in enumerate(SITUATIONS, start=1):
            StageQuestion.objects.create(
                part=situation,
                set_number=number,
                number=1,
                text=text,
                model_answer="Lắng nghe, gặp gỡ từng hộ; vận động người có uy tín; công khai, minh bạch; "
                "dân biết, dân bàn, dân làm, dân kiểm tra.",
            )
    return True
