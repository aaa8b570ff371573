"""Server-side SVG charts for the results pages: no JavaScript, no chart library, nothing fetched.

Each function returns a :class:`~django.utils.safestring.SafeString` to drop into a template as
``{{ chart }}``. Safety: every piece of caller text (titles, labels) goes through
:func:`~django.utils.html.escape`; everything else is numbers this module formats itself.

Accessibility: ``role="img"`` with ``<title>`` and a ``<desc>`` that states every number drawn,
so a screen reader gets the data, not a picture of it; text at 12–15 px in near-black; boxes and
bars are hatched and outlined (not told apart by colour alone) and the mean is a diamond shape.
The SVG has a fixed width (:data:`WIDTH`) and a ``viewBox``, and shrinks with its container.

Numbers are shown the Vietnamese way, decimal comma and no useless zeros: ``86,5``.
"""

import itertools
import math
from collections.abc import Iterable, Sequence
from decimal import Decimal, localcontext

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from contest.results.scoring import Number, format_score, parse_value

WIDTH = 640
FONT = "system-ui, Segoe UI, Roboto, Noto Sans, Arial, sans-serif"
INK = "#1b1b1b"  # 16:1 on white
MUTED = "#4a4a4a"  # 8.9:1 on white
GRID = "#d4d4d4"  # decorative only: the numbers are in the labels and the <desc>
BAND = "#f3f6f9"
BOX_FILL = "#e3eef8"
BOX_LINE = "#1f4e79"  # 8.6:1 on white, 7.4:1 on the box fill
MEAN = "#b3261e"  # 6.5:1 on white
LABEL_CHARS = 24

_ids = itertools.count(1)


def _px(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _clean(text: object) -> str:
    """Caller text without control characters, which XML (hence a standalone SVG) cannot carry."""
    return "".join(c for c in str(text) if c.isprintable() or c == " ")


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def nice_step(maximum: Decimal, *, most: int = 10) -> Decimal:
    """The smallest of 1, 2, 2.5, 5 × 10^k that cuts 0..maximum in at most ``most`` steps."""
    if maximum <= 0:
        return Decimal(1)
    magnitude = Decimal(1).scaleb(maximum.adjusted() - 1)
    for _round in range(6):
        for factor in (1, 2, Decimal("2.5"), 5):
            step = magnitude * factor
            if maximum / step <= most:
                return step
        magnitude *= 10
    return maximum


def _ticks(maximum: Decimal, *, most: int = 10) -> list[Decimal]:
    step = nice_step(maximum, most=most)
    ticks, value = [], Decimal(0)
    while value <= maximum:
        ticks.append(value)
        value += step
    if maximum - ticks[-1] >= step / 2:
        ticks.append(maximum)
    return ticks


def quantile(sorted_values: Sequence[Decimal], q: Decimal) -> Decimal:
    """Linear interpolation between closest ranks (Excel's QUARTILE.INC, numpy's default)."""
    position = (len(sorted_values) - 1) * q
    below = int(position)
    fraction = position - below
    if below + 1 >= len(sorted_values):
        return sorted_values[-1]
    return sorted_values[below] + (sorted_values[below + 1] - sorted_values[below]) * fraction


def five_numbers(values: Iterable[Number]) -> dict[str, Decimal | int] | None:
    """min, Q1, median, Q3, max and mean of ``values``; None when there are none."""
    numbers = sorted(parse_value(v) for v in values)
    if not numbers:
        return None
    with localcontext() as context:
        context.prec = 34
        return {
            "min": numbers[0],
            "q1": quantile(numbers, Decimal("0.25")),
            "median": quantile(numbers, Decimal("0.5")),
            "q3": quantile(numbers, Decimal("0.75")),
            "max": numbers[-1],
            "mean": sum(numbers, Decimal(0)) / len(numbers),
            "count": len(numbers),
        }


def _svg(uid: str, height: int, title: str, desc: str, body: list[str]) -> SafeString:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="contest-chart" role="img" width="{WIDTH}" '
        f'height="{height}" viewBox="0 0 {WIDTH} {height}" '
        f'aria-labelledby="{uid}-title {uid}-desc" font-family="{FONT}" fill="{INK}">'
        f'<title id="{uid}-title">{escape(_clean(title))}</title><desc id="{uid}-desc">{escape(_clean(desc))}</desc>'
        f'<defs><pattern id="{uid}-hatch" patternUnits="userSpaceOnUse" width="6" height="6" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{BOX_FILL}"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{BOX_LINE}" stroke-width="1.2"/></pattern></defs>'
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>'
        f'<text x="12" y="24" font-size="15" font-weight="bold">{escape(_clean(title))}</text>'
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 - every caller string is escaped above or below


def _text(
    x: float, y: float, content: object, *, size: int = 13, anchor: str = "start", fill: str = INK, extra: str = ""
) -> str:
    return (
        f'<text x="{_px(x)}" y="{_px(y)}" font-size="{size}" text-anchor="{anchor}" fill="{fill}"{extra}>'
        f"{escape(_clean(content))}</text>"
    )


def _diamond(x: float, y: float) -> str:
    """The mean's marker: a shape, so that it differs from the median by more than its colour."""
    return f'<path d="M{_px(x)} {_px(y - 7)}l6 7l-6 7l-6 -7z" fill="{MEAN}" stroke="#ffffff" stroke-width="1.5"/>'


# ---------------------------------------------------------------------------------------------
# Box plot
# ---------------------------------------------------------------------------------------------

_ROW = 40
_TOP = 44
_PLOT_LEFT, _PLOT_RIGHT = 196, 570


def box_plot(
    groups: Sequence[tuple[str, Sequence[Number]]], *, max_value: Number, title: str, description: str = ""
) -> SafeString:
    """One horizontal box per ``(label, values)`` group on a common 0..``max_value`` axis.

    Whiskers run from the lowest to the highest value, the hatched box from Q1 to Q3, the thick
    bar is the median and the diamond the mean; ``n`` is the number of values. A group without
    values says so instead of drawing anything. Values beyond the axis are drawn at its end (the
    <desc> keeps the true numbers). ``description`` is prepended to the generated <desc>.
    """
    uid = f"chart{next(_ids)}"
    top = parse_value(max_value)
    ticks = _ticks(top)
    scale = (_PLOT_RIGHT - _PLOT_LEFT) / float(top) if top > 0 else 0.0

    def x_of(value: Number) -> float:
        return _PLOT_LEFT + min(max(float(value), 0.0), float(top)) * scale

    rows_bottom = _TOP + _ROW * max(len(groups), 1)
    height = rows_bottom + 86
    body, summary = [], []
    for index, _group in enumerate(groups):
        if index % 2 == 0:
            body.append(f'<rect x="8" y="{_TOP + _ROW * index}" width="{WIDTH - 16}" height="{_ROW}" fill="{BAND}"/>')
    for tick in ticks:
        x = _px(x_of(tick))
        body.append(f'<line x1="{x}" y1="{_TOP}" x2="{x}" y2="{rows_bottom}" stroke="{GRID}" stroke-width="1"/>')
        body.append(
            _text(x_of(tick), rows_bottom + 18, format_score(tick, trim=True), size=12, anchor="middle", fill=MUTED)
        )
    body.append(
        f'<line x1="{_PLOT_LEFT}" y1="{rows_bottom}" x2="{_PLOT_RIGHT}" y2="{rows_bottom}" stroke="{MUTED}" '
        'stroke-width="1"/>'
    )

    for index, (label, values) in enumerate(groups):
        middle = _TOP + _ROW * index + _ROW / 2
        label = str(label)
        body.append(_text(_PLOT_LEFT - 12, middle + 4.5, _short(label), anchor="end"))
        stats = five_numbers(values)
        if stats is None:
            body.append(
                _text(_PLOT_LEFT + 8, middle + 4.5, _("chưa có dữ liệu"), fill=MUTED, extra=' font-style="italic"')
            )
            summary.append(_("%(label)s: chưa có dữ liệu.") % {"label": label})
            continue
        low, q1, med, q3, high, avg = (x_of(stats[k]) for k in ("min", "q1", "median", "q3", "max", "mean"))
        body.append(
            f'<g class="box" stroke="{BOX_LINE}" stroke-width="1.5">'
            f'<line x1="{_px(low)}" y1="{_px(middle)}" x2="{_px(high)}" y2="{_px(middle)}"/>'
            f'<line x1="{_px(low)}" y1="{_px(middle - 7)}" x2="{_px(low)}" y2="{_px(middle + 7)}"/>'
            f'<line x1="{_px(high)}" y1="{_px(middle - 7)}" x2="{_px(high)}" y2="{_px(middle + 7)}"/>'
            f'<rect x="{_px(q1)}" y="{_px(middle - 11)}" width="{_px(max(q3 - q1, 1.5))}" height="22" '
            f'fill="url(#{uid}-hatch)"/>'
            f'<line x1="{_px(med)}" y1="{_px(middle - 14)}" x2="{_px(med)}" y2="{_px(middle + 14)}" '
            f'stroke="{INK}" stroke-width="3.5"/>'
            f"{_diamond(avg, middle)}"
            "</g>"
        )
        body.append(_text(_PLOT_RIGHT + 14, middle + 4.5, f"n = {stats['count']}", size=12, fill=MUTED))
        summary.append(
            _(
                "%(label)s: %(count)s giá trị, thấp nhất %(min)s, Q1 %(q1)s, trung vị %(median)s, Q3 %(q3)s, "
                "cao nhất %(max)s, trung bình %(mean)s."
            )
            % {
                "label": label,
                "count": stats["count"],
                **{k: format_score(v, trim=True) for k, v in stats.items() if k != "count"},
            }
        )
    if not groups:
        body.append(_text(WIDTH / 2, _TOP + _ROW / 2 + 4.5, _("chưa có dữ liệu"), anchor="middle", fill=MUTED))
        summary.append(_("Chưa có dữ liệu."))

    body.append(_legend(uid, rows_bottom + 52))
    return _svg(uid, height, title, " ".join(filter(None, [description, *summary])), body)


def _legend(uid: str, y: float) -> str:
    """Explains the marks with shapes, so the chart reads without the colours."""
    items = [
        (
            f'<line x1="0" y1="0" x2="22" y2="0" stroke="{BOX_LINE}" stroke-width="1.5"/>'
            f'<line x1="0" y1="-6" x2="0" y2="6" stroke="{BOX_LINE}" stroke-width="1.5"/>'
            f'<line x1="22" y1="-6" x2="22" y2="6" stroke="{BOX_LINE}" stroke-width="1.5"/>',
            _("thấp nhất – cao nhất"),
        ),
        (
            f'<rect x="0" y="-8" width="22" height="16" fill="url(#{uid}-hatch)" stroke="{BOX_LINE}" '
            'stroke-width="1.5"/>',
            _("Q1 – Q3 (một nửa ở giữa)"),
        ),
        (f'<line x1="11" y1="-9" x2="11" y2="9" stroke="{INK}" stroke-width="3.5"/>', _("trung vị")),
        (_diamond(11, 0), _("trung bình")),
    ]
    parts, x = [], 12.0
    for mark, label in items:
        parts.append(f'<g transform="translate({_px(x)} {_px(y)})">{mark}</g>')
        parts.append(_text(x + 30, y + 4.5, label, size=12))
        # A generous estimate of the label's width at 12 px: the legend must never overlap.
        x += 30 + len(label) * 6.6 + 22
    return "".join(parts)


# ---------------------------------------------------------------------------------------------
# Histogram
# ---------------------------------------------------------------------------------------------

_H_LEFT, _H_RIGHT, _H_TOP, _H_PLOT = 56, 616, 64, 200


def bin_counts(values: Iterable[Number], *, bins: int, max_value: Number) -> list[int]:
    """How many values fall in each of ``bins`` equal bins of 0..max_value: [a, b) except the
    last, [a, max]. Values outside the range count in the nearest end bin."""
    if bins < 1:
        raise ValueError("bins must be at least 1")
    top = parse_value(max_value)
    counts = [0] * bins
    for value in values:
        number_ = parse_value(value)
        index = int(number_ * bins / top) if top > 0 else 0
        counts[min(max(index, 0), bins - 1)] += 1
    return counts


def histogram(
    values: Iterable[Number], *, bins: int, max_value: Number, title: str, description: str = "", y_label: str = ""
) -> SafeString:
    """Bars counting ``values`` in ``bins`` equal bins of 0..``max_value`` (see :func:`bin_counts`)."""
    uid = f"chart{next(_ids)}"
    values = list(values)
    top = parse_value(max_value)
    counts = bin_counts(values, bins=bins, max_value=top)
    edges = [top * i / bins for i in range(bins + 1)]
    height = _H_TOP + _H_PLOT + 52
    bottom = _H_TOP + _H_PLOT
    width = (_H_RIGHT - _H_LEFT) / bins
    peak = max(counts)
    # Counts are whole: a whole step, and an axis that ends on a tick at or above the tallest bar.
    step = max(1, math.ceil(nice_step(Decimal(max(peak, 1)), most=5)))
    y_ticks = list(range(0, -(-max(peak, 1) // step) * step + 1, step))
    y_top = float(y_ticks[-1])

    def y_of(count: float) -> float:
        return bottom - float(count) / y_top * _H_PLOT

    body = [_text(_H_LEFT - 8, _H_TOP - 14, y_label or _("Số lượng"), size=12, anchor="start", fill=MUTED)]
    for tick in y_ticks:
        y = _px(y_of(tick))
        body.append(f'<line x1="{_H_LEFT}" y1="{y}" x2="{_H_RIGHT}" y2="{y}" stroke="{GRID}" stroke-width="1"/>')
        body.append(
            _text(_H_LEFT - 8, y_of(tick) + 4, format_score(tick, trim=True), size=12, anchor="end", fill=MUTED)
        )

    summary = []
    if values:
        for index, count in enumerate(counts):
            low, high = edges[index], edges[index + 1]
            last = index == bins - 1
            summary.append(
                (_("từ %(low)s đến %(high)s: %(count)s") if last else _("từ %(low)s đến dưới %(high)s: %(count)s"))
                % {"low": format_score(low, trim=True), "high": format_score(high, trim=True), "count": count}
            )
            if not count:
                continue
            x = _H_LEFT + index * width + 1.5
            body.append(
                f'<rect x="{_px(x)}" y="{_px(y_of(count))}" width="{_px(width - 3)}" '
                f'height="{_px(bottom - y_of(count))}" fill="url(#{uid}-hatch)" stroke="{BOX_LINE}" '
                'stroke-width="1.5"/>'
            )
            body.append(_text(x + (width - 3) / 2, y_of(count) - 6, str(count), size=12, anchor="middle"))
    else:
        body.append(
            _text((_H_LEFT + _H_RIGHT) / 2, bottom - _H_PLOT / 2, _("chưa có dữ liệu"), anchor="middle", fill=MUTED)
        )
        summary.append(_("Chưa có dữ liệu."))

    body.append(f'<line x1="{_H_LEFT}" y1="{bottom}" x2="{_H_RIGHT}" y2="{bottom}" stroke="{MUTED}" stroke-width="1"/>')
    # Label every edge while they fit (~40 px each), else every k-th, always the first and last.
    every = max(1, -(-(bins * 40) // (_H_RIGHT - _H_LEFT)))
    for index, edge in enumerate(edges):
        if index % every and index != bins:
            continue
        x = _H_LEFT + index * width
        body.append(f'<line x1="{_px(x)}" y1="{bottom}" x2="{_px(x)}" y2="{bottom + 5}" stroke="{MUTED}"/>')
        body.append(_text(x, bottom + 20, format_score(edge, trim=True), size=12, anchor="middle", fill=MUTED))

    lead = _("%(count)s giá trị.") % {"count": len(values)}
    desc = " ".join(filter(None, [description, lead, "; ".join(summary)]))
    return _svg(uid, height, title, desc, body)
