"""The demo's data: its units, accounts, contests' slugs and dossiers, as plain values.

contest/demo/builders.py turns them into rows through the services; nothing here touches the
database. Last year's finished contest is in contest/demo/finished.py, the pictures and PDFs the
dossiers carry are drawn by contest/demo/illustrations.py and contest/demo/documents.py.
"""

import datetime as dt
from dataclasses import dataclass, field

from contest.core.enums import StaffRole
from contest.demo.finished import FINISHED_SLUG
from contest.dossiers.enums import EntryKind, TeamRole

DEMO_PASSWORD = "demo12345"  # noqa: S105  (documented demo password, refused without DEBUG)

ORGANISER_BODY = "Ban Tuyên giáo và Dân vận Thành ủy Đà Nẵng"


# ---------------------------------------------------------------------------------------------
# Units (DOMAIN.md §11), plus the two parents the hierarchy needs: a province-level Party
# committee above the Đà Nẵng wards/communes, and the ward Party committee above the cell.
# (code, name, type code, level code, parent code)
# Codes are what a secretariat types in its Excel list of units: the body's usual abbreviation
# and the place, upper case without diacritics (ĐU → DU). No official code list covers Party
# committees, mass organisations, police or schools, and the administrative unit numbers of
# communes were all redrawn in 2025; a numeric code would also lose its leading zeros in Excel.
UNITS = [
    ("TU-DANANG", "Thành ủy Đà Nẵng", "dang-uy", "tinh", None),
    ("DU-THANHKHE", "Đảng ủy phường Thanh Khê", "dang-uy", "xa", "TU-DANANG"),
    ("UBND-HOAVANG", "Ủy ban nhân dân xã Hòa Vang", "ubnd", "xa", "TU-DANANG"),
    ("DU-HAICHAU", "Đảng ủy phường Hải Châu", "dang-uy", "xa", "TU-DANANG"),
    ("CB-TDP12-HAICHAU", "Chi bộ Tổ dân phố 12 phường Hải Châu", "dang-uy", "co-so", "DU-HAICHAU"),
    ("MTTQ-SONTRA", "Ủy ban MTTQ Việt Nam phường Sơn Trà", "mttq", "xa", "TU-DANANG"),
    ("THCS-NGUYENDU", "Trường THCS Nguyễn Du", "truong-hoc", "co-so", "UBND-HOAVANG"),
    ("CA-QUANGTRI", "Công an tỉnh Quảng Trị", "cong-an", "tinh", None),
    ("BCHQS-GIALAI", "Bộ Chỉ huy Quân sự tỉnh Gia Lai", "quan-su", "tinh", None),
    ("SNV-NGHEAN", "Sở Nội vụ tỉnh Nghệ An", "co-quan", "tinh", None),
    ("HLHPN-EAKAR", "Hội Liên hiệp Phụ nữ xã Ea Kar", "mttq", "xa", None),
    ("DU-PHUQUOC", "Đảng ủy đặc khu Phú Quốc", "dang-uy", "xa", None),
]

# The codes the demo used before (slugs), renamed in place when the demo is seeded again.
LEGACY_UNIT_CODES = {
    "thanh-uy-da-nang": "TU-DANANG",
    "dang-uy-phuong-thanh-khe": "DU-THANHKHE",
    "ubnd-xa-hoa-vang": "UBND-HOAVANG",
    "dang-uy-phuong-hai-chau": "DU-HAICHAU",
    "chi-bo-tdp-12-hai-chau": "CB-TDP12-HAICHAU",
    "mttq-phuong-son-tra": "MTTQ-SONTRA",
    "truong-thcs-nguyen-du": "THCS-NGUYENDU",
    "cong-an-tinh-quang-tri": "CA-QUANGTRI",
    "bo-chqs-tinh-gia-lai": "BCHQS-GIALAI",
    "so-noi-vu-tinh-nghe-an": "SNV-NGHEAN",
    "hoi-lhpn-xa-ea-kar": "HLHPN-EAKAR",
    "dang-uy-dac-khu-phu-quoc": "DU-PHUQUOC",
}

# (username, full name, position, staff role or None, unit code or None, what the login is for)
ACCOUNTS = [
    ("btc", "Lê Minh Châu", "Phó Trưởng Ban Tuyên giáo và Dân vận", StaffRole.ORGANISER, None, "Ban Tổ chức"),
    ("thuky", "Phạm Thu Dung", "Chuyên viên, Tổ Thư ký", StaffRole.SECRETARIAT, None, "Tổ Thư ký"),
    # Judges belong to units so that conflict-of-interest rules have data: giamkhao2's school is
    # a child of UBND xã Hòa Vang (must not score Hòa Vang's dossiers); giamkhao1 has no link to
    # the demo entrants.
    ("giamkhao1", "Võ Thị Hồng", "Phó Chủ tịch Ủy ban MTTQ", StaffRole.JUDGE, "MTTQ-SONTRA", "Giám khảo"),
    ("giamkhao2", "Đặng Quốc Hùng", "Hiệu trưởng", StaffRole.JUDGE, "THCS-NGUYENDU", "Giám khảo"),
    ("thanhkhe", "Nguyễn Văn An", "Phó Bí thư Đảng ủy phường", None, "DU-THANHKHE", "Đơn vị dự thi"),
    ("hoavang", "Trần Thị Bình", "Phó Chủ tịch UBND xã", None, "UBND-HOAVANG", "Đơn vị dự thi"),
]

MODEL_REVIEW_SLUG = "binh-xet-mo-hinh-2026"
HOI_THI_SLUG = "hoi-thi-dan-van-kheo-2026"

# Rounds by contest and order, named as a secretariat names them (never the set-up's "Vòng chấm").
DEMO_ROUND_NAMES = {
    MODEL_REVIEW_SLUG: {1: "Vòng chung khảo"},
    FINISHED_SLUG: {1: "Vòng chung khảo"},
    HOI_THI_SLUG: {1: "Vòng sơ khảo (thi theo cụm)", 2: "Vòng chung khảo"},
}
EXTRA_FIELDS = [("an-sinh-xa-hoi", "An sinh xã hội"), ("cai-cach-hanh-chinh", "Cải cách hành chính")]

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
        unit_code="DU-THANHKHE",
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
        unit_code="DU-THANHKHE",
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
        unit_code="DU-THANHKHE",
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
        unit_code="UBND-HOAVANG",
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
        unit_code="UBND-HOAVANG",
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
        unit_code="UBND-HOAVANG",
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
        unit_code="DU-THANHKHE",
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
