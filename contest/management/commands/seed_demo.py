"""Demo data for trying the app on a laptop: units, accounts, three contests and a few dossiers.

Two contests of this year are open for entries; last year's (contest/management/demo_finished.py)
is finished: scored by the demo jury, frozen and published, with its prize decision.

Idempotent: every object is looked up by a stable key (unit code, username, contest slug, entry
title within its contest and unit) and only created or corrected when it differs, so running the
command twice changes nothing. Dossiers are created *through the services* (create, attach, submit,
return, accept), exactly as a unit and the secretariat would, so the demo also exercises the rules
and writes a real history.

The accounts share one published password: the command refuses to run with DEBUG off unless told
``--force`` (the test suite, or a throw-away demo server).
"""

import datetime as dt
import io
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import formats, timezone

from contest.certificates.enums import CertificateKind
from contest.certificates.models import CertificateTemplate
from contest.core.enums import ContestKind, DocumentFormat, RoundKind, StaffRole
from contest.core.models import Contest, Field, Round, RoundGroup, Unit, UnitLevel, UnitType, User
from contest.core.services.contests import seed_default_fields
from contest.demo.finished import (
    CERTIFICATE_TEMPLATE,
    FINISHED_CALENDAR,
    FINISHED_CONTEST,
    FINISHED_ENTRIES,
    FINISHED_SLUG,
    FROZEN_ON,
    PUBLISHED_ON,
    SUBMITTED_ON,
)
from contest.demo.illustrations import illustration
from contest.dossiers.enums import AttachmentKind, EntryKind, EntryState, TeamRole
from contest.dossiers.models import Attachment, Entry, EntryEvent
from contest.dossiers.services import review
from contest.dossiers.services.attachments import add_attachment
from contest.dossiers.services.entries import create_entry, submit_entry, update_entry
from contest.judging.enums import SheetKind
from contest.judging.models import ScoreSheet
from contest.judging.services.jury import add_judge, admit_accepted_entries, assign_automatically
from contest.judging.services.rubrics import copy_rubric_from_library
from contest.judging.services.sheets import save_sheet, sheet_criteria, submit_sheet
from contest.results.models import ResultSnapshot
from contest.results.services.policy import seed_default_tiers
from contest.results.services.snapshots import freeze, publish

DEMO_PASSWORD = "demo12345"  # noqa: S105  (documented demo password, refused without DEBUG)

ORGANISER_BODY = "Ban Tuyên giáo và Dân vận Thành ủy Đà Nẵng"


# ---------------------------------------------------------------------------------------------
# Units (DOMAIN.md §11), plus the two parents the hierarchy needs: a province-level Party
# committee above the Đà Nẵng wards/communes, and the ward Party committee above the cell.
# (code, name, type code, level code, parent code)
UNITS = [
    ("thanh-uy-da-nang", "Thành ủy Đà Nẵng", "dang-uy", "tinh", None),
    ("dang-uy-phuong-thanh-khe", "Đảng ủy phường Thanh Khê", "dang-uy", "xa", "thanh-uy-da-nang"),
    ("ubnd-xa-hoa-vang", "Ủy ban nhân dân xã Hòa Vang", "ubnd", "xa", "thanh-uy-da-nang"),
    ("dang-uy-phuong-hai-chau", "Đảng ủy phường Hải Châu", "dang-uy", "xa", "thanh-uy-da-nang"),
    ("chi-bo-tdp-12-hai-chau", "Chi bộ Tổ dân phố 12 phường Hải Châu", "dang-uy", "co-so", "dang-uy-phuong-hai-chau"),
    ("mttq-phuong-son-tra", "Ủy ban MTTQ Việt Nam phường Sơn Trà", "mttq", "xa", "thanh-uy-da-nang"),
    ("truong-thcs-nguyen-du", "Trường THCS Nguyễn Du", "truong-hoc", "co-so", "ubnd-xa-hoa-vang"),
    ("cong-an-tinh-quang-tri", "Công an tỉnh Quảng Trị", "cong-an", "tinh", None),
    ("bo-chqs-tinh-gia-lai", "Bộ Chỉ huy Quân sự tỉnh Gia Lai", "quan-su", "tinh", None),
    ("so-noi-vu-tinh-nghe-an", "Sở Nội vụ tỉnh Nghệ An", "co-quan", "tinh", None),
    ("hoi-lhpn-xa-ea-kar", "Hội Liên hiệp Phụ nữ xã Ea Kar", "mttq", "xa", None),
    ("dang-uy-dac-khu-phu-quoc", "Đảng ủy đặc khu Phú Quốc", "dang-uy", "xa", None),
]

# (username, full name, position, staff role or None, unit code or None, what the login is for)
ACCOUNTS = [
    ("btc", "Lê Minh Châu", "Phó Trưởng Ban Tuyên giáo và Dân vận", StaffRole.ORGANISER, None, "Ban Tổ chức"),
    ("thuky", "Phạm Thu Dung", "Chuyên viên, Tổ Thư ký", StaffRole.SECRETARIAT, None, "Tổ Thư ký"),
    # Judges belong to units so that conflict-of-interest rules have data: giamkhao2's school is
    # a child of UBND xã Hòa Vang (must not score Hòa Vang's dossiers); giamkhao1 has no link to
    # the demo entrants.
    ("giamkhao1", "Võ Thị Hồng", "Phó Chủ tịch Ủy ban MTTQ", StaffRole.JUDGE, "mttq-phuong-son-tra", "Giám khảo"),
    ("giamkhao2", "Đặng Quốc Hùng", "Hiệu trưởng", StaffRole.JUDGE, "truong-thcs-nguyen-du", "Giám khảo"),
    ("thanhkhe", "Nguyễn Văn An", "Phó Bí thư Đảng ủy phường", None, "dang-uy-phuong-thanh-khe", "Đơn vị dự thi"),
    ("hoavang", "Trần Thị Bình", "Phó Chủ tịch UBND xã", None, "ubnd-xa-hoa-vang", "Đơn vị dự thi"),
]

MODEL_REVIEW_SLUG = "binh-xet-mo-hinh-2026"
HOI_THI_SLUG = "hoi-thi-dan-van-kheo-2026"
EXTRA_FIELDS = [("an-sinh-xa-hoi", "An sinh xã hội"), ("cai-cach-hanh-chinh", "Cải cách hành chính")]

CHECKLIST_ALL = {key: True for key, _label in review.CHECKLIST}
INDICATOR_KEYS = ("name", "unit", "before", "after")


@dataclass
class DemoEntry:
    """One dossier and what happens to it after creation (each step is a service call)."""

    contest_slug: str
    unit_code: str
    username: str
    title: str
    data: dict
    field_code: str | None = None
    kind: str = EntryKind.MODEL
    members: list = field(default_factory=list)
    photos: list = field(default_factory=list)  # (scene of contest/demo/illustrations.py, Vietnamese caption)
    steps: list = field(default_factory=list)  # "submit", "return", "resubmit", "accept"
    indicators: list = field(default_factory=list)  # (name, unit, before, after)
    score_share: float = 0.0  # finished contest only: the share of the maximum the jury gives


def _dossier(**values):
    """The dossier items (keyword names are Entry fields), keeping the entries below readable."""
    return values


ENTRIES = [
    DemoEntry(
        contest_slug=MODEL_REVIEW_SLUG,
        unit_code="dang-uy-phuong-thanh-khe",
        username="thanhkhe",
        title="Tổ liên gia an toàn – Zalo kết nối bình yên",
        field_code="quoc-phong-an-ninh",
        data=_dossier(
            situation="Địa bàn đông dân cư, nhiều nhà trọ; trộm cắp vặt và tranh chấp nhỏ xảy ra thường xuyên.",
            goals="100% hộ dân tham gia tổ liên gia; giảm 50% vụ trộm cắp trong 12 tháng.",
            content_methods="Mỗi 10–15 hộ lập một tổ liên gia và một nhóm Zalo; Công an phường trực nhóm, "
            "người dân báo tin, cùng nhau nhắc nhở, hòa giải tại chỗ.",
            scope_beneficiaries="1.245 hộ dân của 18 tổ dân phố.",
            forces="Chủ trì: Đảng ủy phường; phối hợp: Công an phường, UBMTTQ; tham gia: Nhân dân.",
            resources="Không tốn kinh phí; 320 ngày công tình nguyện mỗi năm.",
            started_on=dt.date(2023, 5, 1),
            milestones="05/2023 thí điểm 3 tổ; 01/2024 nhân rộng toàn phường.",
            outputs="Giảm 62% vụ trộm cắp; hòa giải thành 41 vụ việc; 96 nhóm Zalo hoạt động.",
            sustainability="Nhóm do người dân tự quản; đã được 4 phường khác học tập.",
            contact_name="Nguyễn Văn An",
        ),
        indicators=[
            ("Hộ tham gia tổ liên gia", "hộ", "180", "1.245"),
            ("Vụ trộm cắp tài sản", "vụ/năm", "58", "22"),
            ("Ngày công tình nguyện", "ngày công", "0", "320"),
        ],
        photos=[
            ("meeting", "Họp tổ liên gia tại nhà văn hóa tổ dân phố 5, thống nhất cách báo tin qua nhóm Zalo"),
            ("camera", "Tổ tuần tra nhân dân đi kiểm tra các kiệt lúc chập tối"),
        ],
        steps=["submit", "accept"],
    ),
    DemoEntry(
        contest_slug=MODEL_REVIEW_SLUG,
        unit_code="dang-uy-phuong-thanh-khe",
        username="thanhkhe",
        title="Vận động Nhân dân hiến đất mở rộng đường kiệt",
        field_code="van-hoa-xa-hoi",
        data=_dossier(
            situation="Nhiều kiệt hẻm rộng dưới 2 m, xe cứu thương, xe chữa cháy không vào được.",
            goals="Mở rộng 5 kiệt lên tối thiểu 3,5 m trong 2 năm, không dùng ngân sách bồi thường.",
            content_methods="Cán bộ, đảng viên hiến đất trước; họp dân từng kiệt; công khai thiết kế và "
            "đóng góp; dân giám sát thi công.",
            scope_beneficiaries="312 hộ dân ở 5 kiệt.",
            forces="Chủ trì: Đảng ủy phường; phối hợp: UBND phường, Mặt trận; tham gia: các hộ dân.",
            resources="Nhân dân hiến 1.250 m² đất; xã hội hóa 850.000.000 đồng; 2.100 ngày công.",
            started_on=dt.date(2022, 9, 1),
            outputs="Mở rộng 2,3 km kiệt; 100% hộ đồng thuận, không có khiếu nại.",
            sustainability="Quy trình “dân bàn – dân làm” đã áp dụng cho 3 kiệt khác.",
        ),
        indicators=[
            ("Diện tích đất hiến", "m²", "0", "1.250"),
            ("Tiền vận động xã hội hóa", "đồng", "0", "850.000.000"),
        ],
        steps=["submit", "return"],
    ),
    DemoEntry(
        contest_slug=MODEL_REVIEW_SLUG,
        unit_code="dang-uy-phuong-thanh-khe",
        username="thanhkhe",
        title="Bữa cơm nghĩa tình thứ Sáu",
        field_code="an-sinh-xa-hoi",
        data=_dossier(
            situation="Nhiều người cao tuổi neo đơn, người lao động nghèo thiếu bữa ăn đủ chất.",
            goals="Mỗi thứ Sáu nấu 200 suất ăn miễn phí.",
            content_methods="Hội Phụ nữ, Đoàn Thanh niên vận động các hộ kinh doanh góp gạo, thực phẩm.",
            started_on=dt.date(2024, 1, 5),
        ),
        steps=[],  # a draft: still being written
    ),
    DemoEntry(
        contest_slug=MODEL_REVIEW_SLUG,
        unit_code="ubnd-xa-hoa-vang",
        username="hoavang",
        title="Ngân hàng bò giống giúp hội viên thoát nghèo",
        field_code="kinh-te",
        data=_dossier(
            situation="Nhiều hộ nghèo có lao động nhưng thiếu vốn sản xuất.",
            goals="Giúp 40 hộ nghèo có sinh kế bền vững trong 3 năm.",
            content_methods="Hội viên nhận bò giống, bò đẻ lứa đầu thì trao con bê cho hộ kế tiếp; "
            "cán bộ thú y hướng dẫn kỹ thuật.",
            scope_beneficiaries="40 hộ hội viên nghèo, cận nghèo của 6 thôn.",
            forces="Chủ trì: UBND xã; phối hợp: Hội Nông dân, Hội Phụ nữ; tham gia: doanh nghiệp.",
            resources="30 con bò giống trị giá 450.000.000 đồng do doanh nghiệp tài trợ.",
            started_on=dt.date(2022, 3, 15),
            outputs="28 hộ thoát nghèo; đàn bò tăng lên 71 con.",
            sustainability="Vòng quay con giống tự duy trì; 2 xã lân cận đã áp dụng.",
        ),
        photos=[("cows", "Hội viên nhận bò giống tại thôn Phước Thuận, xã Hòa Vang")],
        steps=["submit", "return", "resubmit"],
    ),
    DemoEntry(
        contest_slug=MODEL_REVIEW_SLUG,
        unit_code="ubnd-xa-hoa-vang",
        username="hoavang",
        title="Cán bộ một cửa đến tận nhà người cao tuổi",
        field_code="cai-cach-hanh-chinh",
        data=_dossier(
            situation="Người cao tuổi, người khuyết tật khó đến trụ sở làm thủ tục hành chính.",
            goals="100% người cao tuổi neo đơn được giải quyết thủ tục tại nhà khi có yêu cầu.",
            content_methods="Đăng ký qua điện thoại, Zalo; cán bộ bộ phận một cửa mang máy tính bảng đến nhà.",
            scope_beneficiaries="586 người cao tuổi, 74 người khuyết tật.",
            forces="Chủ trì: UBND xã; phối hợp: Hội Người cao tuổi, Đoàn Thanh niên.",
            resources="Kinh phí 35.000.000 đồng/năm; 2 máy tính bảng.",
            started_on=dt.date(2023, 2, 1),
            outputs="1.130 hồ sơ giải quyết tại nhà; 99% người dân hài lòng.",
            sustainability="Đưa vào quy chế hoạt động của bộ phận một cửa.",
        ),
        steps=["submit"],
    ),
    DemoEntry(
        contest_slug=MODEL_REVIEW_SLUG,
        unit_code="ubnd-xa-hoa-vang",
        username="hoavang",
        title="Chi bộ 3 cùng – đảng viên phụ trách hộ đồng bào dân tộc thiểu số",
        field_code="xay-dung-he-thong-chinh-tri",
        data=_dossier(
            situation="Thôn vùng cao có 40% hộ đồng bào dân tộc thiểu số, đời sống còn khó khăn.",
            started_on=dt.date(2023, 8, 1),
        ),
        steps=[],
    ),
    DemoEntry(
        contest_slug=HOI_THI_SLUG,
        unit_code="dang-uy-phuong-thanh-khe",
        username="thanhkhe",
        title="Đội thi Đảng ủy phường Thanh Khê",
        kind=EntryKind.TEAM,
        data=_dossier(contact_name="Nguyễn Văn An"),
        members=[
            {"full_name": "Nguyễn Văn An", "role": TeamRole.LEADER, "position": "Phó Bí thư Đảng ủy phường"},
            {"full_name": "Hồ Thị Lan", "role": TeamRole.CONTESTANT, "position": "Chủ tịch UBMTTQ phường"},
            {"full_name": "Trương Văn Minh", "role": TeamRole.CONTESTANT, "position": "Trưởng Công an phường"},
            {"full_name": "Lý Thị Ngọc", "role": TeamRole.CONTESTANT, "position": "Chủ tịch Hội Phụ nữ"},
            {"full_name": "Phan Văn Quang", "role": TeamRole.CONTESTANT, "position": "Bí thư Đoàn phường"},
            {"full_name": "Đỗ Thị Thu", "role": TeamRole.CONTESTANT, "position": "Tổ trưởng tổ dân phố 5"},
            {"full_name": "Mai Văn Tài", "role": TeamRole.HELPER, "position": "Cán bộ văn hóa"},
            {"full_name": "Vũ Thị Yến", "role": TeamRole.HELPER, "position": "Đoàn viên"},
        ],
        steps=["submit"],
    ),
]


# ---------------------------------------------------------------------------------------------
# Small real files made on the fly (no binaries in the repository).


def _demo_score(criterion, share: float):
    """A plausible score: ``share`` of the maximum, rounded down to the criterion's step."""
    steps = int(criterion.max_points * Decimal(str(share)) / criterion.step)
    return steps * criterion.step


def _ascii(text: str) -> str:
    """Vietnamese without diacritics, for the PDF core fonts (which have no Vietnamese glyphs)."""
    for fancy, plain in {"đ": "d", "Đ": "D", "–": "-", "—": "-", "“": '"', "”": '"', "’": "'"}.items():
        text = text.replace(fancy, plain)
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn").encode("ascii", "replace").decode()


def demo_pdf(lines: list[str]) -> bytes:
    """A one-page A4 PDF with a few lines of text, written by hand so that it needs no font file."""

    def esc(s):
        return _ascii(s).replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    text = ["BT", "/F1 16 Tf", "60 780 Td", "20 TL"]
    for i, line in enumerate(lines):
        if i == 1:
            text.append("/F1 11 Tf")
        text.append(f"({esc(line)}) Tj T*")
    text.append("ET")
    stream = "\n".join(text).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


# ---------------------------------------------------------------------------------------------


def _sync(model, lookup: dict, values: dict):
    """get_or_create, then correct only the fields that differ (no write when nothing changed)."""
    obj, created = model.objects.get_or_create(**lookup, defaults=values)
    if created:
        return obj, "created"
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        return obj, "updated"
    return obj, "unchanged"


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _next_october_15(after: dt.date) -> dt.date:
    """15/10, the Day of Mass Mobilisation work: results are announced on the next one."""
    candidate = dt.date(after.year, 10, 15)
    return candidate if candidate >= after else dt.date(after.year + 1, 10, 15)


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu để chạy thử (đơn vị, tài khoản, cuộc thi, hồ sơ). Chạy lại không tạo trùng."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Chạy cả khi DEBUG tắt (chỉ trên máy thử nghiệm: mật khẩu mẫu được công bố).",
        )
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help=f"Đặt lại mật khẩu của các tài khoản demo về {DEMO_PASSWORD}.",
        )

    def handle(self, *args, force=False, reset_passwords=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo tạo tài khoản với mật khẩu công khai; từ chối chạy khi DEBUG tắt. "
                "Dùng --force nếu đây là máy thử nghiệm."
            )
        self.tally = {"created": 0, "updated": 0, "unchanged": 0}
        self.reset_passwords = reset_passwords
        self._password_hash = None
        today = timezone.localdate()
        with transaction.atomic():
            units = self.seed_units()
            users = self.seed_accounts(units)
            contests = {
                MODEL_REVIEW_SLUG: self.seed_model_review(today),
                HOI_THI_SLUG: self.seed_hoi_thi(today),
            }
        # Each dossier in its own transaction: a failure leaves the others (and the set-up) done.
        for spec in ENTRIES:
            self.seed_entry(spec, contests=contests, units=units, users=users)
        self.seed_judging(contests[MODEL_REVIEW_SLUG], users)
        contests[FINISHED_SLUG] = self.seed_finished(units, users)
        self.report(users, contests)

    def seed_judging(self, contest, users):
        """The model review's round gets the default rubric, the two demo judges and assignments,
        so that the demo judges have accepted dossiers to score. Each step only if not done yet."""
        first_round = contest.rounds.order_by("order").first()
        organiser = users["btc"]
        with transaction.atomic():
            if not first_round.rubrics.exists():
                copy_rubric_from_library(round=first_round, code="mo-hinh-100", by=organiser)
            if not first_round.all_judges_score_all:
                # A jury of two scores everything (common for small juries), conflicts aside.
                first_round.all_judges_score_all = True
                first_round.save(update_fields=["all_judges_score_all"])
            members = set(first_round.jury.values_list("judge__username", flat=True))
            for username, head in (("giamkhao1", True), ("giamkhao2", False)):
                if username not in members:
                    add_judge(round=first_round, judge=users[username], is_head=head, by=organiser)
            accepted = contest.entries.filter(state=EntryState.ACCEPTED)
            if accepted.exclude(round_entries__round=first_round).exists():
                admit_accepted_entries(round=first_round, by=organiser)
            if not first_round.assignments.exists() and first_round.round_entries.exists():
                assign_automatically(round=first_round, by=organiser, seed=2026)
            self.seed_sheets(first_round)

    # What each demo judge has done so far, in the judge's own order of entries (the demo round
    # has one accepted dossier: the head judge submitted it, the other judge is halfway).
    DEMO_SHEETS = {"giamkhao1": ("submit", "draft"), "giamkhao2": ("draft", "submit")}

    def seed_sheets(self, first_round):
        """A few score sheets made through the scoring services, so that "Tiến độ chấm" shows
        a submitted and a draft sheet. Only when the round has no judge's sheet yet: a
        rerun, or a demo someone has since scored by hand, is left alone."""
        if ScoreSheet.objects.filter(round=first_round, kind=SheetKind.JURY).exists():
            return
        for username, steps in self.DEMO_SHEETS.items():
            assignments = (
                first_round.assignments.filter(judge__username=username)
                .select_related("judge", "entry")
                .order_by("position")
            )
            for number, (assignment, step) in enumerate(zip(assignments, steps, strict=False)):
                judge, entry = assignment.judge, assignment.entry
                criteria = sheet_criteria(round=first_round, entry=entry)
                values = {c.pk: _demo_score(c, 0.9 - 0.05 * number) for c in criteria}
                if step == "submit":
                    submit_sheet(judge=judge, round=first_round, entry=entry, values=values, by=judge)
                else:
                    half = dict(list(values.items())[: len(values) // 2])
                    save_sheet(judge=judge, round=first_round, entry=entry, values=half, by=judge)

    # -- last year's contest, finished and published ------------------------------------------

    def seed_finished(self, units, users):
        """Last year's contest run to the end through the services: dossiers with measured results
        submitted and accepted, scored by the demo jury, frozen, published, and its prize decision.

        The services only take dossiers while a contest is open, so it is run with dates around
        today and moved to last year's calendar at the end. Made once, in one transaction: a rerun
        only corrects the decision on the certificate template.
        """
        contest = Contest.objects.filter(slug=FINISHED_SLUG).first()
        if contest is not None:
            self.count("unchanged")
            self.seed_decision(contest)
            return contest
        organiser = users["btc"]
        today = timezone.localdate()
        with transaction.atomic():
            contest = Contest.objects.create(
                slug=FINISHED_SLUG,
                kind=ContestKind.MODEL_REVIEW,
                organiser_body=ORGANISER_BODY,
                document_format=DocumentFormat.PARTY,
                registration_opens=_at(today - dt.timedelta(days=1), 7),
                submission_deadline=_at(today + dt.timedelta(days=1), 17),
                **FINISHED_CONTEST,
            )
            self.count("created")
            seed_default_fields(contest=contest)
            specs = [
                DemoEntry(contest_slug=FINISHED_SLUG, steps=["submit", "accept"], **spec) for spec in FINISHED_ENTRIES
            ]
            for spec in specs:
                self.seed_entry(spec, contests={FINISHED_SLUG: contest}, units=units, users=users)
            judging_round = contest.rounds.get()
            judging_round.all_judges_score_all = True
            judging_round.save(update_fields=["all_judges_score_all"])
            copy_rubric_from_library(round=judging_round, code="mo-hinh-100", by=organiser)
            add_judge(round=judging_round, judge=users["giamkhao1"], is_head=True, by=organiser)
            add_judge(round=judging_round, judge=users["giamkhao2"], by=organiser)
            admit_accepted_entries(round=judging_round, by=organiser)
            assign_automatically(round=judging_round, by=organiser, seed=2025)
            self.score_finished(judging_round, {spec.title: spec.score_share for spec in specs})
            seed_default_tiers(judging_round, by=organiser)
            publish(snapshot=freeze(round=judging_round, by=organiser), by=organiser)
            self.seed_decision(contest)
            self.move_to_last_year(contest, judging_round)
        return Contest.objects.get(pk=contest.pk)

    @staticmethod
    def score_finished(judging_round, shares):
        """Every assigned sheet submitted; the second judge is a little stricter than the head."""
        assignments = judging_round.assignments.select_related("judge", "entry").order_by("judge__username", "position")
        for assignment in assignments:
            judge, entry = assignment.judge, assignment.entry
            share = shares[entry.title] - (0.02 if judge.username == "giamkhao2" else 0)
            criteria = sheet_criteria(round=judging_round, entry=entry)
            values = {c.pk: _demo_score(c, share) for c in criteria}
            submit_sheet(judge=judge, round=judging_round, entry=entry, values=values, by=judge)

    def seed_decision(self, contest):
        _template, outcome = _sync(
            CertificateTemplate, {"contest": contest, "kind": CertificateKind.CERTIFICATE}, CERTIFICATE_TEMPLATE
        )
        self.count(outcome)

    @staticmethod
    def move_to_last_year(contest, judging_round):
        """Put the finished contest's calendar and timestamps where a real one would have them
        (the audit chain keeps its real times: its digests depend on them)."""
        calendar = {
            name: _at(value.date(), value.hour) if isinstance(value, dt.datetime) else value
            for name, value in FINISHED_CALENDAR.items()
        }
        Contest.objects.filter(pk=contest.pk).update(**calendar)
        Round.objects.filter(pk=judging_round.pk).update(
            starts_on=calendar["judging_starts"], ends_on=calendar["judging_ends"]
        )
        to_submission = timezone.now() - _at(SUBMITTED_ON.date(), SUBMITTED_ON.hour)
        entries = Entry.objects.filter(contest=contest)
        entries.update(
            created_at=F("created_at") - to_submission,
            updated_at=F("updated_at") - to_submission,
            submitted_at=F("submitted_at") - to_submission,
        )
        EntryEvent.objects.filter(entry__contest=contest).update(at=F("at") - to_submission)
        Attachment.objects.filter(entry__contest=contest).update(uploaded_at=F("uploaded_at") - to_submission)
        to_judging = timezone.now() - _at(calendar["judging_ends"], 10)
        ScoreSheet.objects.filter(round=judging_round).update(
            submitted_at=F("submitted_at") - to_judging, updated_at=F("updated_at") - to_judging
        )
        ResultSnapshot.objects.filter(round=judging_round).update(
            frozen_at=_at(FROZEN_ON.date(), FROZEN_ON.hour), published_at=_at(PUBLISHED_ON.date(), PUBLISHED_ON.hour)
        )

    def demo_password_hash(self):
        # One hash for all demo accounts: the password is published anyway, and hashing it once
        # instead of six times saves seconds on every fresh `make run`.
        if self._password_hash is None:
            self._password_hash = make_password(DEMO_PASSWORD)
        return self._password_hash

    def count(self, outcome):
        self.tally[outcome] += 1

    # -- units and accounts ---------------------------------------------------------------------

    def seed_units(self):
        types = {t.code: t for t in UnitType.objects.all()}
        levels = {level.code: level for level in UnitLevel.objects.all()}
        units = {}
        for order, (code, name, type_code, level_code, parent_code) in enumerate(UNITS, start=1):
            unit, outcome = _sync(
                Unit,
                {"code": code},
                {
                    "name": name,
                    "unit_type": types[type_code],
                    "level": levels[level_code],
                    "parent": units[parent_code] if parent_code else None,
                    "order": order,
                    "email": f"{code}@example.vn",
                },
            )
            units[code] = unit
            self.count(outcome)
        return units

    def seed_accounts(self, units):
        users = {}
        for username, full_name, position, role, unit_code, _label in ACCOUNTS:
            user, outcome = _sync(
                User,
                {"username": username},
                {
                    "full_name": full_name,
                    "position": position,
                    "email": f"{username}@example.vn",
                    "unit": units[unit_code] if unit_code else None,
                    "is_active": True,
                },
            )
            # Set on creation only (or when asked): checking a PBKDF2 hash costs ~0.7 s per account,
            # and a rerun must not re-salt (and so change) every row.
            if outcome == "created" or self.reset_passwords:
                user.password = self.demo_password_hash()
                user.save(update_fields=["password"])
                outcome = "created" if outcome == "created" else "updated"
            if role is not None:
                group = Group.objects.get(name=role.value)
                if not user.groups.filter(pk=group.pk).exists():
                    user.groups.add(group)
            users[username] = user
            self.count(outcome)
        return users

    # -- contests -------------------------------------------------------------------------------

    @staticmethod
    def _calendar(contest, wanted):
        """Dates are relative to today so that the demo is open for entries whenever it is run.

        A new contest gets them; a second run keeps the dates it finds while registration is
        still open (nothing changes); only a demo whose contest has closed since moves forward.
        """
        if contest is None or contest.submission_deadline < timezone.now():
            return wanted
        return {}

    def seed_model_review(self, today):
        deadline = today + dt.timedelta(days=60)
        judging_ends = deadline + dt.timedelta(days=30)
        dates = {
            "registration_opens": _at(today - dt.timedelta(days=30), 7),
            "submission_deadline": _at(deadline, 17),
            "judging_starts": deadline + dt.timedelta(days=1),
            "judging_ends": judging_ends,
            "results_date": _next_october_15(judging_ends),
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
        values.update(self._calendar(existing, dates))
        contest, outcome = _sync(Contest, {"slug": MODEL_REVIEW_SLUG}, values)
        self.count(outcome)
        # The canonical four first (the service only seeds an empty list), then the local ones.
        seed_default_fields(contest=contest)
        # Extra fields are only added, never renamed back: an organiser may have edited them.
        start = contest.fields.count()
        for i, (code, name) in enumerate(EXTRA_FIELDS):
            _field, created = Field.objects.get_or_create(
                contest=contest, code=code, defaults={"name": name, "order": start + i}
            )
            self.count("created" if created else "unchanged")
        return contest

    def seed_hoi_thi(self, today):
        deadline = today + dt.timedelta(days=30)
        final_day = _next_october_15(deadline + dt.timedelta(days=30))
        cluster_start = deadline + dt.timedelta(days=14)
        dates = {
            "registration_opens": _at(today - dt.timedelta(days=20), 7),
            "submission_deadline": _at(deadline, 17),
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
        values.update(self._calendar(existing, dates))
        contest, outcome = _sync(Contest, {"slug": HOI_THI_SLUG}, values)
        self.count(outcome)

        # Round dates follow the contest's (kept) calendar, so they too stay put on a rerun.
        cluster_start = contest.judging_starts or dates["judging_starts"]
        final_day = contest.results_date or dates["results_date"]
        prelim, outcome = _sync(
            Round,
            {"contest": contest, "order": 1},
            {
                "name": "Vòng cụm (sơ khảo)",
                "kind": RoundKind.PRELIMINARY,
                "starts_on": cluster_start,
                "ends_on": cluster_start + dt.timedelta(days=10),
            },
        )
        self.count(outcome)
        for order in range(1, 5):
            _group, outcome = _sync(RoundGroup, {"round": prelim, "name": f"Cụm {order}"}, {"order": order})
            self.count(outcome)
        final, outcome = _sync(
            Round,
            {"contest": contest, "order": 2},
            {"name": "Chung khảo", "kind": RoundKind.FINAL, "starts_on": final_day, "ends_on": final_day},
        )
        self.count(outcome)
        return contest

    # -- dossiers -------------------------------------------------------------------------------

    def seed_entry(self, spec: DemoEntry, *, contests, units, users):
        contest, unit, author = contests[spec.contest_slug], units[spec.unit_code], users[spec.username]
        if Entry.objects.filter(contest=contest, unit=unit, title=spec.title).exists():
            self.count("unchanged")
            return
        secretariat = users["thuky"]
        data = {"kind": spec.kind, "title": spec.title, **spec.data}
        if spec.field_code:
            data["field"] = contest.fields.get(code=spec.field_code)
        with transaction.atomic():
            entry = create_entry(
                contest=contest,
                unit=unit,
                by=author,
                data=data,
                members=spec.members or None,
                indicators=[dict(zip(INDICATOR_KEYS, row, strict=True)) for row in spec.indicators],
            )
            self.attach(entry, spec, author)
            for step in spec.steps:
                entry = self.apply_step(step, entry, author=author, secretariat=secretariat)
        self.count("created")

    def attach(self, entry, spec, author):
        if spec.kind == EntryKind.TEAM:
            return
        files = [
            (
                AttachmentKind.REPORT,
                "bao-cao-mo-hinh.pdf",
                "application/pdf",
                demo_pdf(
                    [
                        "BAO CAO MO HINH DAN VAN KHEO (tai lieu mau)",
                        spec.title,
                        entry.unit.name,
                        "Noi dung day du xem trong ho so truc tuyen.",
                    ]
                ),
                "",
            ),
        ]
        if entry.contest.require_endorsement:
            files.append(
                (
                    AttachmentKind.ENDORSEMENT,
                    "xac-nhan-cap-uy.pdf",
                    "application/pdf",
                    demo_pdf(
                        [
                            "XAC NHAN CUA CAP UY (tai lieu mau)",
                            f"{entry.unit.name} xac nhan mo hinh: {spec.title}",
                        ]
                    ),
                    "",
                )
            )
        for i, (scene, caption) in enumerate(spec.photos, start=1):
            photo = illustration(scene, caption, seed=i)
            files.append((AttachmentKind.PHOTO, f"anh-{i}.jpg", "image/jpeg", photo, caption))
        for kind, name, content_type, content, caption in files:
            add_attachment(
                entry=entry,
                kind=kind,
                by=author,
                caption=caption,
                uploaded_file=SimpleUploadedFile(name, content, content_type=content_type),
            )

    def apply_step(self, step, entry, *, author, secretariat):
        if step == "submit":
            return submit_entry(entry=entry, by=author)
        if step == "return":
            return review.return_entry(
                entry=entry,
                by=secretariat,
                reason="Bổ sung số liệu kiểm chứng (trước/sau khi triển khai) và ảnh chụp hiện trường.",
            )
        if step == "resubmit":
            entry = update_entry(
                entry=entry,
                by=author,
                data={"outputs": entry.outputs + " Số liệu kiểm chứng: năm 2021 có 52 hộ nghèo, năm 2025 còn 24 hộ."},
            )
            return submit_entry(entry=entry, by=author)
        if step == "accept":
            return review.accept_entry(entry=entry, by=secretariat, checklist=CHECKLIST_ALL, note="Hồ sơ đầy đủ.")
        raise ValueError(f"unknown demo step {step!r}")

    # -- output ---------------------------------------------------------------------------------

    def report(self, users, contests):
        out = self.stdout
        t = self.tally
        out.write(
            f"Dữ liệu mẫu: {t['created']} mục tạo mới, {t['updated']} mục cập nhật, {t['unchanged']} mục giữ nguyên."
        )
        for contest in contests.values():
            states = self._states(contest)
            deadline = formats.date_format(timezone.localtime(contest.submission_deadline), "DATETIME_FORMAT")
            out.write(f"  • {contest.name}: hạn nộp {deadline}; hồ sơ: {states or 'chưa có'}")
        out.write("")
        out.write(self.style.SUCCESS(f"Tài khoản demo (mật khẩu chung: {DEMO_PASSWORD} — chỉ để chạy thử):"))
        for username, full_name, _position, _role, _unit, label in ACCOUNTS:
            user = users[username]
            where = f" – {user.unit.name}" if user.unit_id else ""
            out.write(f"  {username:<10} {label:<14} {full_name}{where}")
        login, admin = reverse("login"), reverse("wagtailadmin_home")
        out.write(f"Đăng nhập tại {login}; Ban Tổ chức và Tổ Thư ký quản trị tại {admin}")

    @staticmethod
    def _states(contest):
        counts = {}
        for state in Entry.objects.filter(contest=contest).values_list("state", flat=True):
            label = str(EntryState(state).label)
            counts[label] = counts.get(label, 0) + 1
        return ", ".join(f"{n} {label.lower()}" for label, n in sorted(counts.items()))
