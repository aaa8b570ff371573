"""Demo content of the public site (fictional): the organiser's header and footer, the home page's
banner, announcements with their covers, a results page per contest with a published result, and
the awarded models of those results published as model pages.

Idempotent: every page is looked up (by slug, contest or entry) before it is made, and settings,
banner and covers are filled only where empty, so running it after every ``seed_demo`` adds only
what is missing and never overwrites an editor's change. The model pages go live at once here, a
demo shortcut: on a real site they wait for an organiser's approval (docs/trang-cong-khai.md).
The pictures are illustrations drawn by contest/demo/illustrations.py.
"""

import datetime as dt
import io

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.text import slugify
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Collection, Site

from cms.models import (
    AnnouncementIndexPage,
    AnnouncementKind,
    AnnouncementPage,
    HomePage,
    PortalSettings,
    ReplicationStatus,
    ResultsIndexPage,
    ResultsPage,
    ShowcasePage,
)
from cms.publishing import publish_to_site
from contest.core.enums import StaffRole
from contest.core.models import Contest, User
from contest.core.text import fold
from contest.demo.illustrations import illustration
from contest.demo.jobs import jobs_run_here
from contest.dossiers.models import Entry
from contest.results.enums import SnapshotStatus
from contest.results.public import published_rows

FEATURED = 2
COLLECTION_NAME = "Ảnh minh họa trang công khai"

# The demo organiser of contest/demo (fictional contacts; the footer says the data are a demo).
IDENTITY = {
    "parent_body": "Thành ủy Đà Nẵng",
    "organiser_name": "Ban Tuyên giáo và Dân vận",
    "address": "Số 10 đường Quang Trung, phường Hải Châu, thành phố Đà Nẵng",
    "phone": "0236 3 822 135",
    "email": "bantuyengiaodanvan@example.vn",
    "responsible": "Ban Tuyên giáo và Dân vận Thành ủy Đà Nẵng",
    "footer_note": "Dữ liệu trên cổng thông tin này là dữ liệu mẫu, dùng để chạy thử hệ thống.",
}
BANNER = {
    "banner_title": "Cuộc thi “Dân vận khéo” thành phố Đà Nẵng",
    "banner_text": "Phát hiện, biểu dương và nhân rộng những cách làm hay vì Nhân dân, do Nhân dân",
}

# What the demo's model pages say of their replication, agreeing with the dossier's text that
# the page copies ("đã áp dụng cho 3 kiệt khác" is replicated, "2 xã lân cận đến học tập" under way).
REPLICATION = {
    "Dân vận khéo trong vận động hiến đất làm đường kiệt K82": ReplicationStatus.REPLICATED,
    "Tổ hợp tác trồng rau an toàn của hội viên phụ nữ": ReplicationStatus.IN_PROGRESS,
    "Phố đi bộ không rác thải nhựa": ReplicationStatus.NOT_YET,
    "Camera an ninh – mắt thần khu dân cư": ReplicationStatus.NOT_YET,
}


def _heading(text):
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


def _paragraph(html):
    return {"type": "paragraph", "value": html}


ANNOUNCEMENTS = [
    {
        "slug": "ke-hoach-to-chuc-cuoc-thi-dan-van-kheo",
        "cover": ("meeting", "Hội nghị triển khai Kế hoạch tổ chức Cuộc thi “Dân vận khéo” năm 2026"),
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
        "cover": ("office", "Tổ Thư ký hướng dẫn đơn vị nộp hồ sơ dự thi trên cổng thông tin"),
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
        "cover": ("ceremony", "Lễ tổng kết, trao giải Cuộc thi “Dân vận khéo” thành phố Đà Nẵng năm 2025"),
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
        # Wagtail's reference and search index jobs run here rather than flooding the worker's
        # console when `make run` starts it (contest/demo/jobs.py).
        with jobs_run_here():
            self._seed()

    def _seed(self):
        home = HomePage.objects.first()
        if home is None:
            self.stderr.write("Chưa có trang chủ: hãy chạy manage.py migrate trước.")
            return
        self.seed_identity()
        self.seed_banner(home)
        made = {"announcements": self.seed_announcements(), "results": self.seed_results_pages(home)}
        made["models"] = self.seed_models()
        self.stdout.write(
            "Trang công khai: thêm {announcements} thông báo, {results} trang kết quả, {models} mô hình.".format(**made)
        )

    def seed_identity(self):
        """The organiser's names and contacts, on a site whose settings nobody has filled in yet."""
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            return
        settings = PortalSettings.for_site(site)
        if settings.organiser_name or settings.address:
            return
        for name, value in IDENTITY.items():
            setattr(settings, name, value)
        settings.save()

    def seed_banner(self, home):
        if home.banner_image_id or home.banner_title:
            return
        with transaction.atomic():
            home = HomePage.objects.select_for_update().get(pk=home.pk)
            home.banner_image = self._image(
                "riverside", "Phố đi bộ ven sông Hàn, thành phố Đà Nẵng", "bang-ron", crop=(0, 150, 1200, 570)
            )
            home.banner_title, home.banner_text = BANNER["banner_title"], BANNER["banner_text"]
            home.save_revision().publish()

    def seed_announcements(self):
        index = AnnouncementIndexPage.objects.first()
        if index is None:
            return 0
        existing = {page.slug: page for page in AnnouncementPage.objects.child_of(index)}
        made = 0
        for spec in ANNOUNCEMENTS:
            page = existing.get(spec["slug"])
            if page is not None:
                if page.cover_id is None and spec.get("cover"):
                    page.cover = self._image(*spec["cover"], spec["slug"])
                    page.save_revision().publish()
                continue
            with transaction.atomic():
                page = AnnouncementPage(
                    title=spec["title"],
                    slug=spec["slug"],
                    kind=spec["kind"],
                    date=dt.date.today() - dt.timedelta(days=spec["days_ago"]),
                    summary=spec["summary"],
                    body=spec["body"],
                    cover=self._image(*spec["cover"], spec["slug"]) if spec.get("cover") else None,
                )
                index.add_child(instance=page)
                page.save_revision().publish()
            made += 1
        return made

    def _image(self, scene, caption, name, crop=None):
        """A Wagtail image of an illustration, described by ``caption`` (its alt text and caption)."""
        collection = Collection.objects.filter(name=COLLECTION_NAME).first()
        if collection is None:
            collection = Collection.get_first_root_node().add_child(name=COLLECTION_NAME)
        content = illustration(scene, caption, band=False, crop=crop)
        image = get_image_model()(title=caption, description=caption, collection=collection)
        image.file.save(f"{name}.jpg", ContentFile(content), save=False)
        with PILImage.open(io.BytesIO(content)) as decoded:
            image.width, image.height = decoded.size
        image._set_image_file_metadata()
        image.save()
        return image

    def seed_results_pages(self, home):
        """A results page per contest with published results, in /ket-qua/ (under the home page if
        an editor removed that list)."""
        parent = ResultsIndexPage.objects.first() or home
        contests = Contest.objects.filter(rounds__snapshots__status=SnapshotStatus.PUBLISHED).distinct()
        have = set(ResultsPage.objects.values_list("contest_id", flat=True))
        made = 0
        for contest in contests.order_by("year", "pk"):
            if contest.pk in have:
                continue
            with transaction.atomic():
                base = slugify(fold(contest.name))[:70].strip("-") or "ket-qua"
                if str(contest.year) not in base:
                    base = f"{base}-{contest.year}"
                page = ResultsPage(title=f"Kết quả {contest.name}", slug=self._free_slug(parent, base), contest=contest)
                parent.add_child(instance=page)
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
            page.replication = REPLICATION.get(page.title, "")
            # Demo shortcut: a real site publishes through the organisers' approval.
            page.save_revision(user=by).publish(user=by)
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
