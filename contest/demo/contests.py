"""The demo's two contests of this year (a model review and a Hội thi), with dates relative to
today so that they are open whenever the demo is run, and the names of their rounds."""

import datetime as dt
import unicodedata

from django.utils import timezone

from contest.core.enums import ContestKind, DocumentFormat, RoundKind
from contest.core.models import Contest, Field, Round, RoundGroup
from contest.core.models.contest import INTERNAL_ROUND_NAMES
from contest.core.services.contests import seed_default_fields
from contest.demo.data import DEMO_ROUND_NAMES, EXTRA_FIELDS, HOI_THI_SLUG, MODEL_REVIEW_SLUG, ORGANISER_BODY
from contest.demo.sync import Tally, at, next_october_15, sync


def _calendar(contest, wanted):
    """Dates are relative to today so that the demo is open for entries whenever it is run.

    A new contest gets them; a second run keeps the dates it finds while registration is
    still open (nothing changes); only a demo whose contest has closed since moves forward.
    """
    if contest is None or contest.submission_deadline < timezone.now():
        return wanted
    return {}


def seed_model_review(today: dt.date, tally: Tally) -> Contest:
    deadline = today + dt.timedelta(days=60)
    judging_ends = deadline + dt.timedelta(days=30)
    dates = {
        "registration_opens": at(today - dt.timedelta(days=30), 7),
        "submission_deadline": at(deadline, 17),
        "judging_starts": deadline + dt.timedelta(days=1),
        "judging_ends": judging_ends,
        "results_date": next_october_15(judging_ends),
    }
    existing = Contest.objects.filter(slug=MODEL_REVIEW_SLUG).first()
    values = {
        "kind": ContestKind.MODEL_REVIEW,
        "name": "Bình xét mô hình Dân vận khéo tiêu biểu năm 2026",
        "year": 2026,
        "organiser_body": ORGANISER_BODY,
        "document_format": DocumentFormat.PARTY,
        "document_place": "Đà Nẵng",
        "rules_text": (
            "Mỗi đơn vị đăng ký tối đa 3 mô hình. Mô hình phải triển khai ít nhất 12 tháng, có xác nhận "
            "của cấp ủy. Hồ sơ gồm báo cáo (không quá 10 trang), tối đa 10 ảnh, 1 video không quá 10 phút. "
            "Chấm theo thang 100 điểm; mỗi lĩnh vực xét 1 giải Nhất, 2 giải Nhì, 3 giải Ba, 5 giải "
            "Khuyến khích; chỉ trao giải cho mô hình đạt từ 70 điểm. Công bố kết quả ngày 15/10."
        ),
        "entry_quota_per_unit": 3,
        "require_endorsement": True,
        "min_running_months": 12,
    }
    values.update(_calendar(existing, dates))
    contest, outcome = sync(Contest, {"slug": MODEL_REVIEW_SLUG}, values)
    tally.count(outcome)
    # The canonical four first (the service only seeds an empty list), then the local ones.
    seed_default_fields(contest=contest)
    # Extra fields are only added, never renamed back: an organiser may have edited them.
    start = contest.fields.count()
    for i, (code, name) in enumerate(EXTRA_FIELDS):
        _field, created = Field.objects.get_or_create(
            contest=contest, code=code, defaults={"name": name, "order": start + i}
        )
        tally.count("created" if created else "unchanged")
    return contest


def seed_hoi_thi(today: dt.date, tally: Tally) -> Contest:
    deadline = today + dt.timedelta(days=30)
    final_day = next_october_15(deadline + dt.timedelta(days=30))
    cluster_start = deadline + dt.timedelta(days=14)
    dates = {
        "registration_opens": at(today - dt.timedelta(days=20), 7),
        "submission_deadline": at(deadline, 17),
        "judging_starts": cluster_start,
        "judging_ends": final_day,
        "results_date": final_day,
    }
    existing = Contest.objects.filter(slug=HOI_THI_SLUG).first()
    values = {
        "kind": ContestKind.HOI_THI,
        "name": "Hội thi “Dân vận khéo” thành phố Đà Nẵng năm 2026",
        "year": 2026,
        "organiser_body": ORGANISER_BODY,
        "document_format": DocumentFormat.PARTY,
        "document_place": "Đà Nẵng",
        "rules_text": (
            "Mỗi đơn vị cử 1 đội thi gồm 5 thí sinh và 2 người hỗ trợ. Ba phần thi: chào hỏi (20 điểm), "
            "kiến thức (30 điểm: 10 câu trắc nghiệm và 1 tình huống), tiểu phẩm (50 điểm). Vòng cụm "
            "gồm 4 cụm, mỗi cụm chọn đội Nhất và Nhì vào chung khảo (8 đội). Thứ tự thi do bốc thăm."
        ),
        "entry_quota_per_unit": 1,
        # A team needs no Party endorsement scan nor a 12-month running model.
        "require_endorsement": False,
        "min_running_months": 0,
    }
    values.update(_calendar(existing, dates))
    contest, outcome = sync(Contest, {"slug": HOI_THI_SLUG}, values)
    tally.count(outcome)

    # Round dates follow the contest's (kept) calendar, so they too stay put on a rerun.
    cluster_start = contest.judging_starts or dates["judging_starts"]
    final_day = contest.results_date or dates["results_date"]
    prelim, outcome = sync(
        Round,
        {"contest": contest, "order": 1},
        {
            "name": DEMO_ROUND_NAMES[HOI_THI_SLUG][1],
            "kind": RoundKind.PRELIMINARY,
            "starts_on": cluster_start,
            "ends_on": cluster_start + dt.timedelta(days=10),
        },
    )
    tally.count(outcome)
    for order in range(1, 5):
        _group, outcome = sync(RoundGroup, {"round": prelim, "name": f"Cụm {order}"}, {"order": order})
        tally.count(outcome)
    final, outcome = sync(
        Round,
        {"contest": contest, "order": 2},
        {
            "name": DEMO_ROUND_NAMES[HOI_THI_SLUG][2],
            "kind": RoundKind.FINAL,
            "starts_on": final_day,
            "ends_on": final_day,
        },
    )
    tally.count(outcome)
    return contest


def name_rounds(contests: dict[str, Contest], tally: Tally) -> None:
    """The rounds the set-up left with its placeholder name ("Vòng chấm") get the name people
    use; a demo seeded before keeps its rounds, renamed in place."""
    for slug, contest in contests.items():
        for order, name in DEMO_ROUND_NAMES.get(slug, {}).items():
            placeholders = [
                r.pk
                for r in contest.rounds.filter(order=order)
                if unicodedata.normalize("NFC", " ".join(r.name.split())).casefold() in INTERNAL_ROUND_NAMES
            ]
            if placeholders:
                Round.objects.filter(pk__in=placeholders).update(name=name)
                tally.count("updated")
