"""contest/charts.py: the SVG is well-formed, accessible, escapes every label and never draws NaN."""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from contest.results import charts

D = Decimal
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def parse(svg) -> ET.Element:
    return ET.fromstring(str(svg))  # noqa: S314 - our own output, and the point is to parse it strictly


def texts(root) -> list[str]:
    return [element.text for element in root.iter(f"{SVG}text")]


def boxes(root) -> list:
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == "box"]


GROUPS = [
    ("Nguyễn Thị Minh Khai", [D("78"), D("82.5"), D("91"), D("66"), D("88")]),
    ("Trần Văn Bình", [D("62"), D("70"), D("68.5"), D("75")]),
    ("Một phiếu", [D("55")]),
]


def test_box_plot_is_accessible_svg_with_one_box_per_group():
    root = parse(charts.box_plot(GROUPS, max_value=100, title="Phân bố tổng điểm theo giám khảo"))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Phân bố tổng điểm theo giám khảo"
    assert root.get("viewBox").startswith("0 0 640 ")
    assert len(boxes(root)) == 3
    desc = root.find(f"{SVG}desc").text
    # Every number drawn is in the description, the Vietnamese way.
    assert "Nguyễn Thị Minh Khai: 5 giá trị, thấp nhất 66, Q1 78, trung vị 82,5, Q3 88, cao nhất 91" in desc
    assert "trung bình 81,1" in desc
    assert "n = 5" in texts(root)


def test_axis_labels_use_the_decimal_comma():
    root = parse(charts.box_plot(GROUPS, max_value=5, title="Hồ sơ"))
    assert {"0", "0,5", "2,5", "5"} <= set(texts(root))
    assert not any("." in text for text in texts(root) if text[0].isdigit())


def test_labels_and_titles_are_escaped():
    svg = str(charts.box_plot([("<script>alert(1)</script>", [D(1)])], max_value=10, title='"><script>x</script>'))
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    root = parse(svg)
    assert root.find(f"{SVG}title").text == '"><script>x</script>'
    svg = str(charts.histogram([D(1)], bins=2, max_value=10, title="<b>x</b>", y_label="<i>"))
    assert "<b>" not in svg and "<i>" not in svg
    parse(svg)


def test_an_empty_group_says_so_instead_of_drawing_nan():
    svg = str(charts.box_plot([("Phạm Thu Hà", []), *GROUPS], max_value=100, title="t"))
    root = parse(svg)
    assert "chưa có dữ liệu" in texts(root)
    assert len(boxes(root)) == 3
    assert "nan" not in svg.lower() and "inf" not in svg.lower()


def test_no_group_at_all():
    svg = str(charts.box_plot([], max_value=100, title="t"))
    assert "chưa có dữ liệu" in texts(parse(svg))
    assert "nan" not in svg.lower()


def test_height_grows_with_the_groups():
    one = parse(charts.box_plot(GROUPS[:1], max_value=100, title="t"))
    three = parse(charts.box_plot(GROUPS, max_value=100, title="t"))
    assert int(three.get("height")) > int(one.get("height"))
    assert one.get("width") == three.get("width") == "640"


def test_two_charts_on_one_page_do_not_share_ids():
    first = parse(charts.box_plot(GROUPS, max_value=100, title="a"))
    second = parse(charts.histogram([D(1)], bins=4, max_value=10, title="b"))
    ids = lambda root: {e.get("id") for e in root.iter() if e.get("id")}  # noqa: E731
    assert not ids(first) & ids(second)


def test_quartiles_interpolate_linearly():
    stats = charts.five_numbers([1, 2, 3, 4])
    assert (stats["q1"], stats["median"], stats["q3"]) == (D("1.75"), D("2.5"), D("3.25"))
    assert charts.five_numbers([]) is None


def test_bin_counts():
    # [0, 25), [25, 50), [50, 75), [75, 100]: the maximum goes in the last bin, not a fifth one.
    assert charts.bin_counts([0, 24.99, 25, 74.5, 75, 100, 130, -1], bins=4, max_value=100) == [3, 1, 1, 3]
    with pytest.raises(ValueError):
        charts.bin_counts([1], bins=0, max_value=10)


def test_histogram():
    root = parse(charts.histogram([D("86.5"), D("91"), D("45"), D("88")], bins=10, max_value=100, title="Điểm"))
    assert root.get("role") == "img"
    bars = [r for r in root.iter(f"{SVG}rect") if "hatch" in (r.get("fill") or "")]
    assert len(bars) == 3  # 40–50, 80–90 and 90–100; empty bins draw nothing
    desc = root.find(f"{SVG}desc").text
    assert "từ 80 đến dưới 90: 2" in desc
    assert "từ 90 đến 100: 1" in desc


def test_an_empty_histogram_says_so():
    svg = str(charts.histogram([], bins=5, max_value=100, title="Điểm"))
    assert "chưa có dữ liệu" in texts(parse(svg))
    assert "nan" not in svg.lower()


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(min_size=0, max_size=40),
            st.lists(st.decimals(min_value=0, max_value=100, places=2), max_size=8),
        ),
        max_size=6,
    ),
    st.integers(min_value=1, max_value=30),
)
def test_any_input_gives_well_formed_svg(groups, bins):
    root = parse(charts.box_plot(groups, max_value=100, title="t"))
    assert len(boxes(root)) == sum(1 for _label, values in groups if values)
    flat = [value for _label, values in groups for value in values]
    svg = str(charts.histogram(flat, bins=bins, max_value=100, title="t"))
    parse(svg)
    assert "nan" not in svg.lower()
