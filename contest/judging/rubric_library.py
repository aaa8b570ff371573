"""The rubric library: the two default rubrics of DOMAIN.md §7, as data an organiser copies into a
round (``contest.judging.services.rubrics.copy_rubric_from_library``) and then adapts.

There is no national point rubric; these are the defaults organisers start from. Criterion names,
descriptions and bands are stored in the database once copied and printed on Vietnamese official
score sheets, so they are Vietnamese content, not interface strings, and are not translated.

Bands are written as organisers write them, one per line, "18–20: hoàn toàn mới …" (highest first);
:func:`parse_bands` turns them into the ``Criterion.bands`` JSON, :func:`format_bands` back. The
admin form uses the same two functions, so the library and hand-made rubrics look alike.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contest.core.enums import ContestKind
from contest.judging.enums import CriterionScorer
from contest.results.scoring import format_score, parse_value

HALF = Decimal("0.5")


@dataclass(frozen=True)
class LibraryCriterion:
    code: str
    name: str
    max_points: Decimal
    bands: str
    description: str = ""
    short_name: str = ""
    step: Decimal = HALF
    weight: Decimal = Decimal("1")
    counts_toward_total: bool = True
    scored_by: str = CriterionScorer.JURY


@dataclass(frozen=True)
class LibraryPart:
    """One rubric once copied: a whole model review, or one part of a Hội thi."""

    name: str
    criteria: tuple[LibraryCriterion, ...]
    part: str = ""

    @property
    def max_total(self) -> Decimal:
        return sum((c.max_points * c.weight for c in self.criteria if c.counts_toward_total), Decimal(0))


@dataclass(frozen=True)
class LibraryRubric:
    code: str
    title: str | Promise  # translated when shown
    kind: str
    parts: tuple[LibraryPart, ...] = field(default_factory=tuple)

    @property
    def max_total(self) -> Decimal:
        return sum((p.max_total for p in self.parts), Decimal(0))


# The short names results tables, tie-break lines and exports print (the full name in a tooltip):
# what organisers call each criterion in a meeting.
SHORT_NAMES = {
    "can_thiet": "Cấp thiết",
    "sang_tao": "Sáng tạo",
    "lanh_dao_phoi_hop": "Lãnh đạo, phối hợp",
    "nhan_dan_tham_gia": "Nhân dân tham gia",
    "hieu_qua": "Hiệu quả",
    "ben_vung_nhan_rong": "Bền vững, nhân rộng",
    "ho_so": "Hồ sơ",
    "chao_hoi": "Chào hỏi",
    "trac_nghiem": "Trắc nghiệm",
    "xu_ly_tinh_huong": "Xử lý tình huống",
    "kich_ban": "Kịch bản",
    "thong_diep": "Thông điệp",
    "dien_xuat": "Diễn xuất",
    "dan_dung": "Dàn dựng",
    "thoi_gian": "Thời gian",
}


def _c(code: str, name: str, max_points: str | int, bands: str, **kwargs: Any) -> LibraryCriterion:
    kwargs.setdefault("short_name", SHORT_NAMES.get(code, ""))
    return LibraryCriterion(code=code, name=name, max_points=Decimal(max_points), bands=bands.strip(), **kwargs)


MODEL_REVIEW = LibraryRubric(
    code="mo-hinh-100",
    title=gettext_lazy("Bình xét mô hình, điển hình (100 điểm, 7 tiêu chí)"),
    kind=ContestKind.MODEL_REVIEW,
    parts=(
        LibraryPart(
            name="Thang điểm chấm mô hình “Dân vận khéo”",
            criteria=(
                _c(
                    "can_thiet",
                    "Tính cấp thiết, đúng định hướng",
                    10,
                    """
9–10: xuất phát từ vấn đề bức xúc, cấp thiết của địa phương; bám sát chủ trương, chính sách, pháp luật
6–8,5: cần thiết, đúng định hướng nhưng chưa thật cấp bách
0–5,5: chưa rõ tính cấp thiết hoặc chưa bám sát định hướng
""",
                ),
                _c(
                    "sang_tao",
                    "Tính mới, sáng tạo",
                    20,
                    """
18–20: hoàn toàn mới, sáng tạo rõ rệt; cách làm “khéo”, chi phí thấp
13–17,5: cải tiến khá so với cách làm cũ
8–12,5: có điểm mới nhưng chưa rõ nét
0–7,5: lặp lại cách làm đã có
""",
                    description="“Khéo” trong cách làm; chi phí thấp.",
                ),
                _c(
                    "lanh_dao_phoi_hop",
                    "Vai trò của cấp ủy; phối hợp của hệ thống chính trị",
                    10,
                    """
9–10: cấp ủy lãnh đạo sát sao; Mặt trận, các đoàn thể, chính quyền phối hợp chặt chẽ
6–8,5: có lãnh đạo và phối hợp nhưng chưa thường xuyên
0–5,5: vai trò cấp ủy và sự phối hợp còn mờ nhạt
""",
                ),
                _c(
                    "nhan_dan_tham_gia",
                    "Sự tham gia, đồng thuận của Nhân dân",
                    20,
                    """
18–20: Nhân dân tham gia đông đảo, tự nguyện, đồng thuận cao
13–17,5: đa số Nhân dân tham gia, đồng thuận
8–12,5: một bộ phận Nhân dân tham gia
0–7,5: Nhân dân ít tham gia
""",
                    description=("Dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát, dân thụ hưởng."),
                ),
                _c(
                    "hieu_qua",
                    "Hiệu quả thiết thực",
                    25,
                    """
22–25: hiệu quả rõ rệt về kinh tế – xã hội, có số liệu kiểm chứng đầy đủ
16–21,5: hiệu quả khá, số liệu kiểm chứng chưa đầy đủ
10–15,5: có hiệu quả nhưng chưa rõ, ít số liệu
0–9,5: chưa chứng minh được hiệu quả
""",
                    description="Có số liệu kiểm chứng.",
                ),
                _c(
                    "ben_vung_nhan_rong",
                    "Tính bền vững, khả năng nhân rộng",
                    10,
                    """
9–10: duy trì ổn định, đã được nhân rộng ra địa bàn khác
6–8,5: duy trì tốt, có khả năng nhân rộng
0–5,5: chưa ổn định, khó nhân rộng
""",
                ),
                _c(
                    "ho_so",
                    "Chất lượng hồ sơ, minh chứng",
                    5,
                    """
4,5–5: hồ sơ đầy đủ, đúng quy định, minh chứng rõ ràng
3–4: hồ sơ đủ nhưng minh chứng chưa thuyết phục
0–2,5: hồ sơ sơ sài, thiếu minh chứng
""",
                ),
            ),
        ),
    ),
)

HOI_THI = LibraryRubric(
    code="hoi-thi-100",
    title=gettext_lazy("Hội thi Dân vận khéo (100 điểm, 3 phần thi)"),
    kind=ContestKind.HOI_THI,
    parts=(
        LibraryPart(
            part="Chào hỏi",
            name="Phần thi chào hỏi",
            criteria=(
                _c(
                    "chao_hoi",
                    "Chào hỏi, giới thiệu đội thi",
                    20,
                    """
18–20: nội dung ấn tượng, đúng chủ đề, giới thiệu rõ mô hình của đơn vị; thể hiện sinh động
14–17,5: nội dung tốt, thể hiện khá
10–13,5: đạt yêu cầu
0–9,5: chưa đạt yêu cầu
""",
                ),
            ),
        ),
        LibraryPart(
            part="Kiến thức",
            name="Phần thi kiến thức",
            criteria=(
                _c(
                    "trac_nghiem",
                    "Trả lời trắc nghiệm",
                    20,
                    """
20: trả lời đúng tất cả câu hỏi
0–19,5: điểm theo số câu trả lời đúng
""",
                    # Counted from the answer sheets by the secretariat, not judged (DOMAIN.md §7).
                    scored_by=CriterionScorer.SECRETARIAT,
                    description="Tổ Thư ký chấm theo đáp án.",
                ),
                _c(
                    "xu_ly_tinh_huong",
                    "Xử lý tình huống",
                    10,
                    """
9–10: xử lý đúng, khéo léo, thuyết phục, đúng quy định
6–8,5: xử lý đúng nhưng chưa thật khéo
0–5,5: xử lý chưa đúng hoặc lúng túng
""",
                ),
            ),
        ),
        LibraryPart(
            part="Tiểu phẩm",
            name="Phần thi tiểu phẩm",
            criteria=(
                _c(
                    "kich_ban",
                    "Kịch bản",
                    20,
                    """
18–20: kịch bản chặt chẽ, đúng chủ đề, phản ánh sinh động mô hình “Dân vận khéo”
13–17,5: kịch bản tốt, còn vài điểm chưa chặt
8–12,5: kịch bản đạt yêu cầu
0–7,5: kịch bản sơ sài, lạc chủ đề
""",
                ),
                _c(
                    "thong_diep",
                    "Thông điệp",
                    10,
                    """
9–10: thông điệp rõ ràng, sâu sắc, lan tỏa
6–8,5: thông điệp rõ
0–5,5: thông điệp mờ nhạt
""",
                ),
                _c(
                    "dien_xuat",
                    "Diễn xuất",
                    10,
                    """
9–10: diễn xuất tự nhiên, truyền cảm, phối hợp ăn ý
6–8,5: diễn xuất khá
0–5,5: diễn xuất còn gượng
""",
                ),
                _c(
                    "dan_dung",
                    "Dàn dựng, trang phục, đạo cụ",
                    6,
                    """
5,5–6: dàn dựng công phu, trang phục và đạo cụ phù hợp
3,5–5: dàn dựng đạt yêu cầu
0–3: dàn dựng sơ sài
""",
                ),
                _c(
                    "thoi_gian",
                    "Thời gian thể hiện",
                    4,
                    """
4: đúng thời gian quy định
2–3,5: quá thời gian: mỗi 30 giây quá giờ trừ 0,5 điểm
0–1,5: quá thời gian nhiều
""",
                    description="Quá thời gian bị trừ điểm theo thể lệ.",
                ),
            ),
        ),
    ),
)

LIBRARY = {entry.code: entry for entry in (MODEL_REVIEW, HOI_THI)}


def choices() -> list[tuple[str, str | Promise]]:
    return [(entry.code, entry.title) for entry in LIBRARY.values()]


# "18–20: text", "4: text", "4,5 - 5: text": an en dash, a hyphen or "đến" between the bounds.
_BAND = re.compile(r"^\s*(?P<low>\d+(?:[.,]\d+)?)\s*(?:(?:–|-|—|đến)\s*(?P<high>\d+(?:[.,]\d+)?))?\s*:\s*(?P<text>.+)$")


def parse_bands(text: str) -> list[dict[str, str]]:
    """Lines "18–20: hoàn toàn mới" → ``[{"min": "18", "max": "20", "text": "hoàn toàn mới"}]``.

    Bounds are kept as decimal strings (JSON has no Decimal). Raises ``ValueError`` with a
    Vietnamese message naming the first line that does not read as a band.
    """
    bands = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        match = _BAND.match(line)
        if not match:
            raise ValueError(_("Dòng “%(line)s” không đúng dạng “18–20: mô tả”.") % {"line": line.strip()})
        low = parse_value(match["low"])
        high = parse_value(match["high"]) if match["high"] else low
        if low > high:
            raise ValueError(_("Dòng “%(line)s”: điểm đầu lớn hơn điểm cuối.") % {"line": line.strip()})
        bands.append({"min": str(low), "max": str(high), "text": match["text"].strip()})
    return bands


def format_bands(bands: Iterable[Mapping[str, str]] | None) -> str:
    """The inverse of :func:`parse_bands`, with Vietnamese decimal commas."""
    lines = []
    for band in bands or []:
        low, high = format_score(band["min"], trim=True), format_score(band["max"], trim=True)
        bounds = low if low == high else f"{low}–{high}"
        lines.append(f"{bounds}: {band['text']}")
    return "\n".join(lines)
