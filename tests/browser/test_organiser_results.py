"""The organiser's results page in a real browser: default prizes, freeze, publish (screenshots for docs/)."""

import re

import pytest

from contest.core.models import Round
from contest.judging.services.rubrics import copy_rubric_from_library
from contest.results.enums import SnapshotStatus
from contest.results.models import PrizeTier, ResultSnapshot
from tests.factories import PASSWORD, ContestFactory, EntryFactory, UnitFactory, UserFactory
from tests.factories.judging import assign, make_judge
from tests.results.test_results import submitted_sheet

pytestmark = pytest.mark.browser

MODELS = [
    ("Tổ liên gia an toàn – Zalo kết nối bình yên", "Công an tỉnh Quảng Trị"),
    ("Vận động Nhân dân hiến đất mở rộng đường kiệt", "Đảng ủy phường Thanh Khê"),
    ("Ngân hàng bò giống giúp hội viên thoát nghèo", "Hội Liên hiệp Phụ nữ xã Ea Kar"),
    ("Bữa cơm nghĩa tình thứ Sáu", "Ủy ban MTTQ Việt Nam phường Sơn Trà"),
    ("Cán bộ một cửa đến tận nhà người cao tuổi", "Sở Nội vụ tỉnh Nghệ An"),
    ("Chi bộ 3 cùng – đảng viên phụ trách hộ đồng bào dân tộc thiểu số", "Bộ Chỉ huy Quân sự tỉnh Gia Lai"),
    ("Thư viện xanh trong trường học", "Trường THCS Nguyễn Du"),
    ("Chợ phiên nông sản sạch cuối tuần", "Ủy ban nhân dân xã Hòa Vang"),
]
JUDGES = ["Hoàng Văn Em", "Đỗ Thị Giang", "Lê Minh Hải", "Trần Thu Hà"]
# Per entry, a base mark (share of each criterion's maximum, in %) and each judge's leaning; the
# third judge is harsh and the fourth gives the third entry far less: a discrepancy to show.
BASES = [92, 88, 84, 84, 78, 74, 68, 60]
LEANING = [0, 3, -6, 2]
CRITERIA = {
    "can_thiet": 10,
    "sang_tao": 20,
    "lanh_dao_phoi_hop": 10,
    "nhan_dan_tham_gia": 20,
    "hieu_qua": 25,
    "ben_vung_nhan_rong": 10,
    "ho_so": 5,
}


def _marks(percent):
    half = lambda x: round(x * 2) / 2  # noqa: E731 - half points, as judges give them
    return {code: max(0, min(top, half(top * percent / 100))) for code, top in CRITERIA.items()}


@pytest.fixture
def results_data(transactional_db, wagtail_site):
    organiser = UserFactory(username="bantochuc", full_name="Nguyễn Thị Lan", roles=["organiser"])
    contest = ContestFactory(name="Bình xét mô hình Dân vận khéo tiêu biểu năm 2026")
    round_ = Round.objects.create(contest=contest, name="Vòng chung khảo", order=9)
    copy_rubric_from_library(round=round_, code="mo-hinh-100", by=organiser)
    judges = [make_judge(f"gk{i}", full_name=name) for i, name in enumerate(JUDGES)]
    for e, (title, unit) in enumerate(MODELS):
        entry = EntryFactory(contest=contest, unit=UnitFactory(name=unit), title=title)
        for j, judge in enumerate(judges):
            assign(round_, judge, entry)
            percent = BASES[e] + LEANING[j] + (e * 7 + j * 3) % 5 - 2
            if e == 2 and j == 3:
                percent = 58
            submitted_sheet(round_, judge, entry, _marks(percent))
    return organiser, round_


def test_organiser_sets_prizes_freezes_and_publishes(page, live_server, results_data, shot):
    organiser, round_ = results_data
    page.set_viewport_size({"width": 1440, "height": 1500})
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(organiser.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/quan-tri/$"))

    page.goto(f"{live_server.url}/quan-tri/ket-qua/")
    page.get_by_role("link", name=round_.name).click()
    page.wait_for_url(re.compile(r"/quan-tri/ket-qua/\d+/$"))
    page.get_by_role("button", name="Dùng cơ cấu giải mặc định").click()
    page.wait_for_load_state()
    assert page.get_by_text("Đã thêm cơ cấu giải mặc định").is_visible()
    assert PrizeTier.objects.filter(round=round_).count() == 4
    assert page.get_by_text("chênh lệch ≥ 20").first.is_visible()
    assert page.locator(".flag--prize").count() >= 4
    shot(page, "50-ket-qua")

    page.locator("#bao-cao-cong-bang").evaluate("section => section.scrollIntoView()")
    shot(page, "51-bao-cao-cong-bang", full_page=False)

    page.get_by_label("Tôi đã kiểm tra bảng xếp hạng, cách tính và cơ cấu giải.").check()
    page.get_by_role("button", name="Chốt kết quả").click()
    page.wait_for_load_state()
    assert page.get_by_text("Đã chốt kết quả, phiên bản 1").is_visible()
    assert page.get_by_role("heading", name="Bảng xếp hạng đã chốt").is_visible()

    # Publishing says what becomes public and what cannot be undone, and asks twice while the
    # contest still takes dossiers (issue 12).
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "126-ket-qua-con-ho-so-chua-vao-bang", full_page=False)
    shot(page.locator("section[aria-labelledby='freeze-heading']"), "127-cong-bo-xac-nhan")
    page.get_by_role("button", name="Công bố kết quả phiên bản 1").click()
    assert ResultSnapshot.objects.get(round=round_).status == SnapshotStatus.FROZEN  # the browser asks first
    page.get_by_label("Tôi biết còn hồ sơ chưa vào bảng xếp hạng và vẫn công bố.").check()
    page.get_by_label("Tôi đã đọc những gì sẽ được công khai và hiểu rằng không thể rút lại.").check()
    page.get_by_role("button", name="Công bố kết quả phiên bản 1").click()
    page.wait_for_load_state()
    assert page.get_by_text("Đã công bố kết quả phiên bản 1.").first.is_visible()
    assert ResultSnapshot.objects.get(round=round_).status == SnapshotStatus.PUBLISHED
