"""Demo content of the public site (fictional): announcements, a results page per contest with a
published result, and the awarded models of those results published as model pages.

Idempotent: every page is looked up (by slug, contest or entry) before it is made, so running it
after every ``seed_demo`` adds only what is missing. The model pages go live at once here, a demo
shortcut: on a real site they wait for an organiser's approval (docs/trang-cong-khai.md).
"""

import datetime as dt

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.text import slugify

from cms.models import AnnouncementIndexPage, AnnouncementKind, AnnouncementPage, HomePage, ResultsPage, ShowcasePage
from cms.publishing import publish_to_site
from contest.core.enums import StaffRole
from contest.core.models import Contest, User
from contest.core.text import fold
from contest.dossiers.models import Entry
from contest.results.enums import SnapshotStatus
from contest.results.public import published_rows

FEATURED = 2


def _heading(text):
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


def _paragraph(html):
    return {"type": "paragraph", "value": html}


ANNOUNCEMENTS = [
    {
        "slug": "ke-hoach-to-chuc-cuoc-thi-dan-van-kheo",
        "title": "Kế hoạch tổ chức Cuộc thi “Dân vận khéo” năm 2026",
        "kind": AnnouncementKind.PLAN,
        "days_ago": 60,
        "summary": "Mục đích, đối tượng, thời gian và các mốc chính của cuộc thi năm nay.",
        "body": [
            _heading("Mục đích, yêu cầu"),
            _paragraph(
                "<p>Phát hiện, biểu dương và nhân rộng các mô hình, điển hình “Dân vận khéo” tiêu biểu "
                "trên các lĩnh vực kinh tế, văn hóa – xã hội, quốc phòng – an ninh và xây dựng hệ thống chính trị.</p>"
            ),
            _heading("Thời gian thực hiện"),
            _paragraph(
                "<ul><li>Tháng 3 – 5: các đơn vị đăng ký và nộp hồ sơ trực tuyến.</li>"
                "<li>Tháng 6 – 7: Ban Giám khảo chấm vòng sơ khảo và chung khảo.</li>"
                "<li>Tháng 8: công bố kết quả, tổng kết và trao giải.</li></ul>"
            ),
        ],
    },
    {
        "slug": "the-le-cuoc-thi-dan-van-kheo",
        "title": "Thể lệ Cuộc thi “Dân vận khéo”",
        "kind": AnnouncementKind.RULES,
        "days_ago": 55,
        "summary": "Đối tượng dự thi, hồ sơ gồm 10 mục, tiêu chí chấm và cơ cấu giải.",
        "body": [
            _heading("Đối tượng dự thi"),
            _paragraph(
                "<p>Tập thể, cá nhân thuộc các cơ quan, đơn vị, địa phương trong tỉnh có mô hình đã triển khai "
                "ít nhất 12 tháng và có kết quả kiểm chứng được.</p>"
            ),
            _heading("Hồ sơ dự thi"),
            _paragraph(
                "<p>Hồ sơ nộp trực tuyến gồm báo cáo mô hình (tối đa 10 trang), ảnh minh họa, video (nếu có) "
                "và xác nhận của cấp ủy. Ban Tổ chức không nhận hồ sơ giấy.</p>"
            ),
            _heading("Cơ cấu giải"),
            _paragraph("<p>01 giải Nhất, 02 giải Nhì, 03 giải Ba và 05 giải Khuyến khích.</p>"),
        ],
    },
    {
        "slug": "thong-bao-gia-han-nop-ho-so",
        "title": "Thông báo về việc nộp hồ sơ dự thi trực tuyến",
        "kind": AnnouncementKind.NOTICE,
        "days_ago": 30,
        "summary": "Hướng dẫn tạo tài khoản, nộp hồ sơ và nhận biên nhận trên cổng thông tin.",
        "body": [
            _paragraph(
                "<p>Mỗi đơn vị được cấp một tài khoản. Sau khi nộp, hệ thống cấp mã biên nhận; đơn vị có thể "
                "sửa hồ sơ đến hết hạn nộp. Hồ sơ bị trả lại để bổ sung sẽ có thông báo kèm lý do.</p>"
            ),
        ],
    },
    {
        "slug": "thong-bao-ket-qua-cuoc-thi",
        "title": "Thông báo kết quả Cuộc thi “Dân vận khéo” năm 2025",
        "kind": AnnouncementKind.RESULTS,
        "days_ago": 5,
        "summary": "Ban Tổ chức công bố kết quả và danh sách các mô hình đoạt giải.",
        "body": [
            _paragraph(
                "<p>Căn cứ kết quả chấm của Ban Giám khảo, Ban Tổ chức công bố kết quả cuộc thi. Bảng xếp hạng "
                "đầy đủ, điểm từng tiêu chí và tệp CSV để đối chiếu có trên trang kết quả.</p>"
            ),
            _heading("Tổng kết và trao giải"),
            _paragraph(
                "<p>Lễ tổng kết dự kiến tổ chức tại Hội trường Tỉnh ủy. Các mô hình đoạt giải được giới thiệu "
                "trong Thư viện mô hình tiêu biểu để các địa phương học tập, nhân rộng.</p>"
            ),
        ],
    },
]


class Command(BaseCommand):
    help = "Tạo nội dung mẫu cho trang công khai (thông báo, trang kết quả, mô hình tiêu biểu)."

    def handle(self, *args, **options):
        home = HomePage.objects.first()
        if home is None:
            self.stderr.write("Chưa có trang chủ: hãy chạy manage.py migrate trước.")
            return
        made = {"announcements": self.seed_announcements(), "results": self.seed_results_pages(home)}
        made["models"] = self.seed_models()
        self.stdout.write(
            "Trang công khai: thêm {announcements} thông báo, {results} trang kết quả, {models} mô hình.".format(**made)
        )

    def seed_announcements(self):
        index = AnnouncementIndexPage.objects.first()
        if index is None:
            return 0
        existing = set(index.get_children().values_list("slug", flat=True))
        made = 0
        for spec in ANNOUNCEMENTS:
            if spec["slug"] in existing:
                continue
            with transaction.atomic():
                page = AnnouncementPage(
                    title=spec["title"],
                    slug=spec["slug"],
                    kind=spec["kind"],
                    date=dt.date.today() - dt.timedelta(days=spec["days_ago"]),
                    summary=spec["summary"],
                    body=spec["body"],
                )
                index.add_child(instance=page)
                page.save_revision().publish()
            made += 1
        return made

    def seed_results_pages(self, home):
        contests = Contest.objects.filter(rounds__snapshots__status=SnapshotStatus.PUBLISHED).distinct()
        have = set(ResultsPage.objects.values_list("contest_id", flat=True))
        made = 0
        for contest in contests.order_by("year", "pk"):
            if contest.pk in have:
                continue
            with transaction.atomic():
                base = f"ket-qua-{slugify(fold(contest.name))[:70]}".strip("-")
                if str(contest.year) not in base:
                    base = f"{base}-{contest.year}"
                page = ResultsPage(title=f"Kết quả {contest.name}", slug=self._free_slug(home, base), contest=contest)
                home.add_child(instance=page)
                page.save_revision().publish()
            made += 1
        return made

    def seed_models(self):
        awarded = Entry.objects.filter(pk__in=published_rows().values("entry_id")).order_by("pk")
        by = (
            User.objects.filter(groups__name=StaffRole.ORGANISER.value, is_active=True).order_by("pk").first()
            or User.objects.filter(is_superuser=True).order_by("pk").first()
        )
        report = publish_to_site(entries=list(awarded.select_related("unit", "contest")), by=by)
        for page in report.created:
            # Demo shortcut: a real site publishes through the organisers' approval.
            page.get_latest_revision().publish(user=by)
        if not ShowcasePage.objects.filter(featured=True).exists():
            for page in ShowcasePage.objects.live().order_by("pk")[:FEATURED]:
                page.featured = True
                page.save_revision(user=by).publish(user=by)
        return len(report.created)

    def _free_slug(self, parent, base):
        taken = set(parent.get_children().values_list("slug", flat=True))
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        return slug
