"""Gallery search and filters: diacritic folding, AND of terms, relevance, facets, visibility."""

import unicodedata
from urllib.parse import urlencode

import pytest
from django.http import QueryDict

from cms import gallery
from cms.forms import GalleryFilterForm
from contest.core.models import UnitLevel
from contest.results.enums import SnapshotStatus
from tests.factories import ContestFactory, EntryFactory, UnitFactory
from tests.factories.showcase import award, showcase

pytestmark = pytest.mark.django_db


def model(title, *, contest=None, prize="Giải Nhất", prize_code="nhat", unit=None, field_code=None, **fields):
    contest = contest or ContestFactory()
    entry = EntryFactory(contest=contest, title=title, unit=unit or UnitFactory())
    if field_code:
        entry.field = contest.fields.get(code=field_code)
        entry.save()
    award(entry, prize, prize_code=prize_code)
    return showcase(entry, **fields)


def found(**params) -> list[str]:
    """Titles the gallery lists for these URL parameters, in its order."""
    live = gallery.live_showcases()
    facet_data = gallery.facets(live)
    form = GalleryFilterForm(QueryDict(urlencode(params)), facets=facet_data)
    return [p.title for p in gallery.apply_filters(live, form.criteria(), facet_data)]


@pytest.fixture
def kheo():
    return model("Mô hình Dân vận khéo ở tổ dân phố 12")


@pytest.mark.parametrize(
    "query",
    [
        "dan van kheo",
        "Dân vận khéo",
        "DÂN VẬN KHÉO",
        unicodedata.normalize("NFD", "Dân vận khéo"),
        "  dân   VAN kheo ",
    ],
)
def test_search_ignores_diacritics_case_and_normal_form(kheo, query):
    model("Ngân hàng bò giống giúp hội viên thoát nghèo")
    assert found(q=query) == ["Mô hình Dân vận khéo ở tổ dân phố 12"]


def test_d_with_stroke_folds_to_d():
    model("Mo rong duong kiet o to 5")
    model("Vận động hiến đất mở rộng đường kiệt")
    assert sorted(found(q="đường")) == ["Mo rong duong kiet o to 5", "Vận động hiến đất mở rộng đường kiệt"]
    assert sorted(found(q="Đuong")) == ["Mo rong duong kiet o to 5", "Vận động hiến đất mở rộng đường kiệt"]


def test_every_term_must_match(kheo):
    model("Ngân hàng bò giống giúp hội viên thoát nghèo")
    assert found(q="dan van kheo bo giong") == []
    assert found(q="kheo to dan pho") == ["Mô hình Dân vận khéo ở tổ dân phố 12"]


def test_search_reaches_the_body(kheo):
    assert found(q="hẹp an ninh") == ["Mô hình Dân vận khéo ở tổ dân phố 12"]  # the problem text


def test_relevance_puts_phrase_in_title_then_title_then_body():
    body_only = model("Bữa cơm nghĩa tình thứ Sáu", summary="Một cách dân vận khéo của phụ nữ.")
    words_in_title = model("Khéo léo dân vận ở vùng cao")
    phrase_in_title = model("Dân vận khéo giữ bình yên")
    assert body_only.first_published_at < words_in_title.first_published_at < phrase_in_title.first_published_at
    expected = [phrase_in_title.title, words_in_title.title, body_only.title]
    assert found(q="dân vận khéo") == expected
    assert found(q="dân vận khéo", **{"sap-xep": "relevance"}) == expected
    assert found(q="dân vận khéo", **{"sap-xep": "oldest"}) == list(reversed(expected))


def test_newest_first_without_a_query():
    first = model("Mô hình thứ nhất")
    second = model("Mô hình thứ hai")
    assert found() == [second.title, first.title]
    assert found(**{"sap-xep": "oldest"}) == [first.title, second.title]
    assert found(**{"sap-xep": "relevance"}) == [second.title, first.title]


def test_filters_each_and_combined():
    province = UnitLevel.objects.get(code="tinh")
    old = ContestFactory(year=2025, slug="binh-xet-2025")
    new = ContestFactory(year=2026, slug="binh-xet-2026")
    model("Dân vận khéo 2025 nhất", contest=old)
    model("Dân vận khéo 2025 nhì", contest=old, prize="Giải Nhì", prize_code="nhi")
    model("Dân vận khéo 2026 tỉnh", contest=new, unit=UnitFactory(level=province), field_code="quoc-phong-an-ninh")
    model("Bò giống 2026", contest=new, prize="Giải Nhì", prize_code="nhi")

    assert sorted(found(nam="2025")) == ["Dân vận khéo 2025 nhì", "Dân vận khéo 2025 nhất"]
    assert sorted(found(**{"cuoc-thi": "binh-xet-2026"})) == ["Bò giống 2026", "Dân vận khéo 2026 tỉnh"]
    assert found(cap="tinh") == ["Dân vận khéo 2026 tỉnh"]
    assert found(**{"linh-vuc": "quoc-phong-an-ninh"}) == ["Dân vận khéo 2026 tỉnh"]
    assert sorted(found(giai="giai-nhi")) == ["Bò giống 2026", "Dân vận khéo 2025 nhì"]
    assert found(q="dan van kheo", nam="2025", giai="giai-nhat") == ["Dân vận khéo 2025 nhất"]
    assert found(q="bo giong", nam="2025") == []


def test_filter_choices_come_from_live_pages():
    model("Dân vận khéo 2025", contest=ContestFactory(year=2025, name="Cuộc thi 2025"))
    draft_contest = ContestFactory(year=2024, name="Cuộc thi chỉ có bản nháp")
    entry = EntryFactory(contest=draft_contest)
    award(entry, "Giải Ba", prize_code="ba")
    showcase(entry, live=False)

    facet_data = gallery.facets(gallery.live_showcases())

    assert facet_data.years == [2025]
    assert [name for _slug, name in facet_data.contests] == ["Cuộc thi 2025"]
    assert facet_data.prizes == [("giai-nhat", "Giải Nhất")]


def test_invalid_filter_values_are_ignored(kheo):
    params = {"nam": "hai-nghin", "cuoc-thi": "khong-co", "cap": "x", "giai": "giai-vang", "sap-xep": "ngau-nhien"}
    assert found(**params) == [kheo.title]
    assert found(q="x" * 500) == [kheo.title]


def test_drafts_unpublished_pages_and_unpublished_results_never_listed(kheo):
    draft = EntryFactory(title="Bản nháp dân vận khéo")
    award(draft)
    showcase(draft, live=False)
    withdrawn = model("Đã gỡ xuống dân vận khéo")
    withdrawn.unpublish()
    frozen_only = EntryFactory(title="Kết quả chưa công bố dân vận khéo")
    award(frozen_only, status=SnapshotStatus.FROZEN)
    showcase(frozen_only)

    assert found() == [kheo.title]
    assert found(q="dan van kheo") == [kheo.title]
    assert [p.title for p in gallery.featured_cards()] == [kheo.title]


def test_shareable_url_round_trip(client):
    old = ContestFactory(year=2025, slug="binh-xet-2025")
    model("Dân vận khéo ở Thanh Khê", contest=old)
    model("Dân vận khéo ở Hòa Vang", contest=old, prize="Giải Nhì", prize_code="nhi")
    model("Dân vận khéo năm 2026", contest=ContestFactory(year=2026))

    response = client.get("/mo-hinh/?q=dan+van+kheo&nam=2025&giai=giai-nhat")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Dân vận khéo ở Thanh Khê" in html
    assert "Dân vận khéo ở Hòa Vang" not in html
    assert "Dân vận khéo năm 2026" not in html
    assert "Tìm thấy 1 mô hình" in html
    assert 'value="dan van kheo"' in html
    assert '<option value="2025" selected>2025</option>' in html
    assert '<option value="giai-nhat" selected>Giải Nhất</option>' in html
