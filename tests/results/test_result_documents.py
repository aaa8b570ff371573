"""The jury's minutes and the draft decision of a frozen round: content, layout, downloads."""

import os
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contest.judging.models import Criterion, JuryMembership, Rubric
from contest.results import documents
from contest.results.models import PrizeTier, ResultsPolicy
from contest.results.services import snapshots as results
from tests.factories import EntryFactory, UnitFactory, UserFactory
from tests.factories.judging import assign, make_judge, make_round
from tests.judging.test_paper_sheets import embedded_fonts, read, text_of
from tests.results.test_results import scored_round, submitted_sheet, with_prizes  # noqa: F401  (fixture)

D = Decimal

ENTRIES = [
    # unit, title, marks per judge: (sang_tao /20, hieu_qua /25, ho_so /5, nhan_dan_tham_gia /50)
    ("Đảng ủy phường Thanh Khê", "Tổ liên gia an toàn – Zalo kết nối bình yên", [(18, 23, 5, 45)] * 3),
    ("Hội Nông dân xã Kỳ Anh", "Ngân hàng bò giống cho hộ nghèo", [(17, 22, 4, 43), (16, 21, 4, 42), (17, 22, 4, 44)]),
    ("Ủy ban MTTQ xã Cẩm Xuyên", "Vận động Nhân dân hiến đất mở rộng đường kiệt", [(16, 20, 4, 40)] * 3),
    ("Đoàn Thanh niên phường Bắc Hà", "Thắp sáng đường quê", [(16, 20, 4, 40)] * 3),  # ties with the one above
    (
        "Hội Liên hiệp Phụ nữ huyện Hương Khê",
        "Phụ nữ tiết kiệm vì ngày mai",
        [(14, 18, 4, 36), (15, 18, 4, 35), (8, 10, 2, 20)],
    ),
    ("Công đoàn Khu kinh tế Vũng Áng", "Bữa cơm công nhân", [(10, 12, 3, 28)] * 3),
]


@pytest.fixture
def awarded_round(contest, organiser):
    """Six entries on a 100-point rubric, a jury of three (head first), four prize tiers and a tie
    between entries 3 and 4 that only the jury could settle."""
    round_ = make_round(contest, jury_only=True)
    rubric = Rubric.objects.get(round=round_)
    Criterion.objects.create(
        rubric=rubric, code="nhan_dan_tham_gia", name="Nhân dân tham gia, hưởng ứng", max_points=D(50), order=3
    )
    head = make_judge("truongban", full_name="Nguyễn Thị Hồng Hạnh")
    judges = [head, make_judge("gk-b", full_name="Trần Quốc Bảo"), make_judge("gk-c", full_name="Lê Văn Cường")]
    entries = []
    for unit_name, title, marks in ENTRIES:
        entry = EntryFactory(contest=contest, unit=UnitFactory(name=unit_name), title=title)
        entries.append(entry)
        for judge, (s, h, o, n) in zip(judges, marks, strict=True):
            assign(round_, judge, entry)
            submitted_sheet(round_, judge, entry, {"sang_tao": s, "hieu_qua": h, "ho_so": o, "nhan_dan_tham_gia": n})
    JuryMembership.objects.filter(round=round_, judge=head).update(is_head=True)
    ResultsPolicy.objects.create(round=round_, min_prize_score=D(70))
    for order, (code, name, quota) in enumerate(
        [("nhat", "Giải Nhất", 1), ("nhi", "Giải Nhì", 1), ("ba", "Giải Ba", 1), ("kk", "Giải Khuyến khích", 2)]
    ):
        PrizeTier.objects.create(round=round_, code=code, name=name, quota=quota, order=order)
    results.record_tie_decision(
        round=round_,
        entry_ids=[entries[3].pk, entries[2].pk],
        reason="Mô hình “Thắp sáng đường quê” đã được nhân rộng ra 12 xã.",
        by=organiser,
    )
    return round_, judges, entries


@pytest.fixture
def frozen(awarded_round, organiser):
    round_, judges, entries = awarded_round
    return results.freeze(round=round_, by=organiser), judges, entries


@pytest.mark.pdf
def test_minutes_carry_the_table_the_flags_the_tie_decision_and_the_seal(frozen):
    snapshot, judges, entries = frozen
    pdf = documents.minutes_pdf(snapshot)
    text = text_of(pdf)
    for expected in (
        # The organiser is a Party body: the Party's heading (tests/results/test_official_documents.py
        # covers the state one).
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY",
        "BAN GIÁM KHẢO",
        "Số ……-BB/BGK",
        "BIÊN BẢN",
        "Tổng hợp kết quả chấm Vòng chung khảo",
        "Nguyễn Thị Hồng Hạnh – Trưởng Ban Giám khảo",
        "Trần Quốc Bảo – Thành viên",
        "Cách tổng hợp điểm: trung bình cộng của tổng điểm các giám khảo; làm tròn đến 2 chữ số thập phân",
        "tổng điểm tối đa 100 điểm.",
        "Khi bằng điểm, phân định lần lượt theo: điểm tiêu chí “Hiệu quả thiết thực, có số liệu kiểm chứng”",
        "Tổ liên gia an toàn – Zalo kết nối bình yên",
        "Đảng ủy phường Thanh Khê",
        "91,00",  # 18 + 23 + 5 + 45
        "Xuất sắc",
        "Giải Nhất",
        # Entry 5: 72, 72, 40 → flagged, each judge's total named.
        "chênh lệch 32,00 điểm",
        "Lê Văn Cường: 40,00",
        "Căn cứ: Mô hình “Thắp sáng đường quê” đã được nhân rộng ra 12 xã.",
        "Mã niêm phong:",
        "THƯ KÝ",
        "TRƯỞNG BAN GIÁM KHẢO",
    ):
        assert expected in text, expected
    # The seal is printed in full, in groups of four.
    assert documents.seal_groups(snapshot.audit_head) in text
    assert len(snapshot.audit_head) == 64
    assert "ĐÃ HỦY" not in text


@pytest.mark.pdf
def test_minutes_are_a4_in_the_shipped_fonts(frozen):
    snapshot, _judges, _entries = frozen
    pdf = documents.minutes_pdf(snapshot)
    reader = read(pdf)
    for page in reader.pages:
        assert abs(float(page.mediabox.width) - 595.28) < 1 and abs(float(page.mediabox.height) - 841.89) < 1
    names = {name for name, _data in embedded_fonts(pdf)}
    assert all(name.startswith(("DVK-Serif", "DejaVuSansMono", "DVK-Mono")) for name in names), names
    assert reader.metadata.title.startswith("Biên bản tổng hợp kết quả chấm – Vòng chung khảo")


@pytest.mark.pdf
def test_the_draft_decision_lists_awardees_by_prize(frozen):
    snapshot, _judges, entries = frozen
    pdf = documents.decision_pdf(snapshot)
    text = text_of(pdf)
    for expected in (
        "Số ……-QĐ/BTC",
        "DỰ THẢO",
        "QUYẾT ĐỊNH",
        "về việc công nhận kết quả Vòng chung khảo",
        "Căn cứ Biên bản tổng hợp kết quả chấm của Ban Giám khảo",
        "QUYẾT ĐỊNH:",
        "Điều 1.",
        "Điều 2.",
        "Điều 3.",
        "T/M BAN TỔ CHỨC",
        "TRƯỞNG BAN",
        "Nơi nhận:",
        "DANH SÁCH CÁC MÔ HÌNH, ĐIỂN HÌNH ĐƯỢC CÔNG NHẬN ĐẠT GIẢI",
        "1. GIẢI NHẤT",
        "2. GIẢI NHÌ",
        "3. GIẢI BA",
        "4. GIẢI KHUYẾN KHÍCH",
    ):
        assert expected in text, expected
    annex = text[text.index("DANH SÁCH CÁC MÔ HÌNH") :]
    # The jury put "Thắp sáng đường quê" ahead of its tie: Giải Ba; the other, Khuyến khích.
    assert annex.index("Thắp sáng đường quê") < annex.index("GIẢI KHUYẾN KHÍCH")
    assert annex.index("Vận động Nhân dân hiến đất") > annex.index("GIẢI KHUYẾN KHÍCH")
    assert "Bữa cơm công nhân" not in annex  # 53 points: no prize
    assert "Đoàn Thanh niên phường Bắc Hà" in annex and "80,00" in annex
    assert len(read(pdf).pages) >= 2


@pytest.mark.pdf
def test_party_format_is_chosen_per_contest(frozen):
    snapshot, _judges, _entries = frozen
    contest = snapshot.round.contest
    contest.document_format = documents.PARTY
    contest.save()
    assert documents.document_format(snapshot.round.contest) == documents.PARTY
    text = text_of(documents.decision_pdf(snapshot))
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in text
    assert "Số ……-QĐ/BTC" in text and "T/M BAN TỔ CHỨC" in text


@pytest.mark.pdf
def test_an_invalidated_snapshot_still_prints_stamped_cancelled(frozen, organiser):
    snapshot, _judges, _entries = frozen
    results.invalidate(round=snapshot.round, by=organiser, reason="Phúc khảo hồ sơ số 005")
    snapshot.refresh_from_db()
    for pdf in (documents.minutes_pdf(snapshot), documents.decision_pdf(snapshot)):
        text = text_of(pdf)
        assert "ĐÃ HỦY – kết quả phiên bản 1 đã bị hủy" in text
        assert "Phúc khảo hồ sơ số 005" in text


@pytest.mark.pdf
def test_the_simple_round_prints_too(scored_round, organiser):  # noqa: F811
    round_, _judges, entries = scored_round
    with_prizes(round_)
    snapshot = results.freeze(round=round_, by=organiser)
    minutes = text_of(documents.minutes_pdf(snapshot))
    assert "44,67" in minutes and "Mô hình 0" in minutes
    assert "Không có trường hợp bằng điểm cần Ban Giám khảo quyết định." in minutes
    decision = text_of(documents.decision_pdf(snapshot))
    assert "Không có mô hình, điển hình nào đạt giải." in decision


def test_document_queries_do_not_grow_with_the_rows(contest, organiser):
    def build(n):
        round_ = make_round(contest, jury_only=True, name=f"Vòng {n}")
        PrizeTier.objects.create(round=round_, code="nhat", name="Giải Nhất", quota=1)
        judge = make_judge(f"gk-{n}")
        for i in range(n):
            entry = EntryFactory(contest=contest, unit=UnitFactory())
            assign(round_, judge, entry)
            submitted_sheet(round_, judge, entry, {"sang_tao": 10 + i % 5, "hieu_qua": 20, "ho_so": 5})
        JuryMembership.objects.filter(round=round_).update(is_head=True)
        snapshot = results.freeze(round=round_, by=organiser)
        with CaptureQueriesContext(connection) as minutes, CaptureQueriesContext(connection) as decision:
            documents.minutes_context(results.snapshot_in_force(round_))
            documents.decision_context(snapshot)
        return len(minutes), len(decision)

    assert build(3) == build(30)


# -- Downloads ----------------------------------------------------------------------------------


def _urls(snapshot):
    return [
        reverse("contest_result_documents:minutes", args=[snapshot.pk]),
        reverse("contest_result_documents:decision", args=[snapshot.pk]),
    ]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("organiser", 200), ("secretariat", 200), ("unit_user", "login"), ("judge", "login"), ("anonymous", "login")],
)
@pytest.mark.pdf
def test_downloads_by_persona(client, request, frozen, persona, expected):
    snapshot, judges, _entries = frozen
    own = {"anonymous": None, "judge": judges[1]}
    user = own[persona] if persona in own else request.getfixturevalue(persona)
    if user is not None:
        client.force_login(user)
    for url in _urls(snapshot):
        response = client.get(url)
        if expected == "login":
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("wagtailadmin_login"))
        else:
            assert response.status_code == 200, url
            assert response["Content-Type"] == "application/pdf"
            assert response["Content-Disposition"].startswith('attachment; filename="')
            assert response.content.startswith(b"%PDF")


def test_staff_without_the_permission_get_403(client, frozen):
    snapshot, _judges, _entries = frozen
    # Admin access but not contest staff (a Wagtail editor): a real 403, not a bounce.
    editor = UserFactory(username="bientap")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    for url in _urls(snapshot):
        assert client.get(url).status_code == 403, url


def test_an_unknown_snapshot_is_404(client, organiser, db):
    client.force_login(organiser)
    assert client.get(reverse("contest_result_documents:minutes", args=[999999])).status_code == 404


@pytest.mark.pdf
def test_the_download_names_the_round_and_version(client, organiser, frozen):
    snapshot, _judges, _entries = frozen
    client.force_login(organiser)
    response = client.get(reverse("contest_result_documents:decision", args=[snapshot.pk]))
    assert 'filename="du-thao-quyet-dinh-vong-chung-khao-v1.pdf"' in response["Content-Disposition"]


@pytest.mark.skipif(not os.environ.get("DVK_WRITE_RESULT_DOCUMENTS"), reason="writes sample PDFs for the docs")
def test_write_samples(frozen):
    snapshot, _judges, _entries = frozen
    contest = snapshot.round.contest
    contest.name, contest.document_place = "Bình xét mô hình “Dân vận khéo” tiêu biểu năm 2026", "Hà Tĩnh"
    contest.save()
    snapshot.refresh_from_db()
    folder = os.environ["DVK_WRITE_RESULT_DOCUMENTS"]
    with open(os.path.join(folder, "bien-ban.pdf"), "wb") as f:
        f.write(documents.minutes_pdf(snapshot))
    with open(os.path.join(folder, "du-thao-quyet-dinh.pdf"), "wb") as f:
        f.write(documents.decision_pdf(snapshot))


@pytest.mark.pdf
def test_documents_stay_vietnamese_for_a_reader_of_the_english_site(frozen):
    from django.utils import translation

    snapshot, _judges, _entries = frozen
    with translation.override("en"):
        text = text_of(documents.minutes_pdf(snapshot))
        assert translation.get_language() == "en"  # the caller's language is given back
    assert "BIÊN BẢN" in text and "ĐẢNG CỘNG SẢN VIỆT NAM" in text
