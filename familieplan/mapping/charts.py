"""Accessible server-side SVG charts (radar and line) for the progress page and its PDF.

Pure Python, standard library only. Each function returns one ``<svg>`` element as a string
(no XML declaration) that can be put straight into a template with ``|safe``: every label is
real ``<text>`` escaped with ``html.escape``, there is no script, and the same input always
gives the same string.

Choices worth knowing:

* Missing values (``None``; NaN is treated the same). Radar: the polygon runs through the
  present points only, in axis order, and a missing axis gets no vertex and no marker, so its
  spoke stays empty. (A vertex at the centre would read as "the lowest score".) Line: the line
  is broken at the gap; a point with no neighbour is drawn as a marker only. A chart where no
  series has any value is drawn as the empty chart.
* Long labels are wrapped at spaces onto at most two lines; what does not fit is cut with "…"
  and the full label is kept in a ``<title>`` child of that ``<text>``. The line chart writes
  at most eight x labels (every k-th position) so they stay readable; markers name every one.
* Without ``ticks`` the radar gets one ring at ``maximum`` and the line chart grid lines at
  ``minimum`` and ``maximum``. Ticks outside the range are left out.
* ``role="img"`` makes assistive technology read the chart as one image named by its
  ``<title>`` and ``<desc>``; the marker titles are tooltips for pointer users and are not
  read out. Put what matters in ``description`` or in a table next to the chart.
* The id is derived from a hash of all the input, so two identical charts on one page would
  share it; different charts do not.
"""

from __future__ import annotations

import hashlib
import html
import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

# Okabe–Ito colours that reach 3:1 against white (orange, sky blue and yellow do not), and a
# purple for the sixth series (the six default life domains each get their own style).
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000", "#7B4F9E")
DASHES = ("", "8 4", "2 3", "10 3 2 3", "10 3 2 3 2 3", "4 2")
MARKERS = ("circle", "square", "triangle", "diamond", "triangle-down", "pentagon")
TEXT_COLOUR = "#222222"
AXIS_COLOUR = "#767676"
GRID_COLOUR = "#949494"

_FONT = 16  # large at the viewBox scale: the whole chart shrinks on a phone
_SMALL_FONT = 14
_LINE_HEIGHT = 18
_CHAR_WIDTH = 8.2  # rough width of one character at _FONT, for wrapping
_LEGEND_ROW = 24

_RADAR_WIDTH = 560
_RADAR_CX = 280
_RADAR_CY = 186
_RADAR_RADIUS = 130
_RADAR_LABEL_GAP = 12
_RADAR_HEIGHT = 376  # chart part, the legend comes below

_LINE_WIDTH = 560
_LINE_LEFT = 56
_LINE_RIGHT = 16
_LINE_TOP = 40
_LINE_BOTTOM = 260
_LINE_HEIGHT_CHART = 310
_MAX_X_LABELS = 8


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple[float | None, ...]


def _esc(text: object) -> str:
    return html.escape(str(text))


def _c(value: float) -> str:
    """A coordinate rounded to one decimal, without a trailing ".0"."""
    text = f"{value:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def _fmt(value: float, decimal_comma: bool) -> str:
    """A value for people: 7.0 -> "7", 6.25 -> "6.2" (or "6,2")."""
    if not math.isfinite(value):
        return str(value)
    rounded = round(value, 1)
    if rounded == int(rounded):
        return str(int(rounded))
    text = f"{rounded:.1f}"
    return text.replace(".", ",") if decimal_comma else text


def _fraction(value: float, minimum: float, maximum: float) -> float:
    """Where value lies between minimum (0) and maximum (1), clamped."""
    return min(1.0, max(0.0, (value - minimum) / (maximum - minimum)))


def _wrap(label: str, width: int, max_lines: int = 2) -> tuple[list[str], bool]:
    """Lines of at most ``width`` characters and whether something was cut off."""
    lines = textwrap.wrap(label, width=width, break_long_words=False) or [""]
    cut = len(lines) > max_lines
    lines = lines[:max_lines]
    if cut:
        lines[-1] += "…"
    for i, line in enumerate(lines):
        if len(line) > width:
            lines[i] = line[: width - 1].rstrip() + "…"
            cut = True
    return lines, cut


def _text(label, x, y, *, anchor="middle", size=_FONT, width=40, max_lines=2, valign="top"):
    """A <text> with one <tspan> per line; ``y`` is the first baseline for valign="top", the
    last one for "bottom" and the middle of the block for "middle"."""
    lines, cut = _wrap(label, width, max_lines)
    if valign == "bottom":
        y -= (len(lines) - 1) * _LINE_HEIGHT
    elif valign == "middle":
        y -= (len(lines) - 1) * _LINE_HEIGHT / 2 - size * 0.35
    title = f"<title>{_esc(label)}</title>" if cut else ""
    spans = "".join(
        f'<tspan x="{_c(x)}" y="{_c(y + i * _LINE_HEIGHT)}">{_esc(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return (
        f'<text text-anchor="{anchor}" font-size="{size}" fill="{TEXT_COLOUR}">'
        f"{title}{spans}</text>"
    )


def _style(i: int) -> tuple[str, str, str]:
    return PALETTE[i % len(PALETTE)], DASHES[i % len(DASHES)], MARKERS[i % len(MARKERS)]


def _dash(dash: str) -> str:
    return f' stroke-dasharray="{dash}"' if dash else ""


def _points(points: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{_c(x)},{_c(y)}" for x, y in points)


def _marker(shape: str, x: float, y: float, colour: str, tooltip: str = "") -> str:
    title = f"<title>{_esc(tooltip)}</title>" if tooltip else ""
    paint = f'fill="{colour}" stroke="#ffffff" stroke-width="1"'
    if shape == "circle":
        return (
            f'<circle class="marker marker-circle" cx="{_c(x)}" cy="{_c(y)}" r="5" {paint}>'
            f"{title}</circle>"
        )
    s = 5.0
    corners = {
        "square": [(-s, -s), (s, -s), (s, s), (-s, s)],
        "triangle": [(0, -1.2 * s), (1.2 * s, s), (-1.2 * s, s)],
        "diamond": [(0, -1.3 * s), (1.3 * s, 0), (0, 1.3 * s), (-1.3 * s, 0)],
        "triangle-down": [(0, 1.2 * s), (1.2 * s, -s), (-1.2 * s, -s)],
        "pentagon": [
            (0, -1.2 * s),
            (1.15 * s, -0.35 * s),
            (0.7 * s, s),
            (-0.7 * s, s),
            (-1.15 * s, -0.35 * s),
        ],
    }[shape]
    d = "M" + " L".join(f"{_c(x + dx)} {_c(y + dy)}" for dx, dy in corners) + " Z"
    return f'<path class="marker marker-{shape}" d="{d}" {paint}>{title}</path>'


def _legend(series: Sequence[Series], top: float) -> str:
    items = []
    for i, s in enumerate(series):
        colour, dash, shape = _style(i)
        y = top + i * _LEGEND_ROW + _LEGEND_ROW / 2
        items.append(
            f'<g class="legend-item"><line x1="16" y1="{_c(y)}" x2="52" y2="{_c(y)}" '
            f'stroke="{colour}" stroke-width="2.5"{_dash(dash)}/>'
            f"{_marker(shape, 34, y, colour)}"
            f"{_text(s.label, 60, y, anchor='start', width=58, max_lines=1, valign='middle')}</g>"
        )
    return f'<g class="legend">{"".join(items)}</g>'


def _svg(kind: str, title: str, description: str, width: float, height: float, body: str, key):
    digest = hashlib.sha256(repr((kind, title, description, key)).encode()).hexdigest()[:10]
    base = f"chart-{kind}-{digest}"
    # Its natural size as attributes; the page's CSS lets it shrink to fit (max-width: 100%;
    # height: auto). No style attribute: the Content-Security-Policy refuses inline styles.
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{kind}" '
        f'viewBox="0 0 {_c(width)} {_c(height)}" width="{_c(width)}" height="{_c(height)}" '
        f'role="img" '
        f'aria-labelledby="{base}-title {base}-desc" font-family="system-ui, sans-serif">'
        f'<title id="{base}-title">{_esc(title)}</title>'
        f'<desc id="{base}-desc">{_esc(description)}</desc>{body}</svg>'
    )


def _prepare(labels, series, minimum, maximum, what):
    """Cleaned series, or None when there is nothing to draw."""
    if not labels or not series:
        return None
    if not maximum > minimum:
        raise ValueError(f"maximum ({maximum}) must be greater than minimum ({minimum})")
    cleaned = []
    for s in series:
        if len(s.values) != len(labels):
            raise ValueError(
                f"series {s.label!r} has {len(s.values)} values for {len(labels)} {what}"
            )
        values = (None if v is None or math.isnan(v) else float(v) for v in s.values)
        cleaned.append(Series(s.label, tuple(values)))
    if all(v is None for s in cleaned for v in s.values):
        return None
    return cleaned


def _empty(kind, title, description, empty_text, key) -> str:
    body = _text(empty_text, 160, 24, width=40, max_lines=1, valign="middle")
    return _svg(kind, title, description, 320, 48, body, key)


def radar_chart(
    *,
    title: str,
    description: str,
    axes: Sequence[str],
    series: Sequence[Series],
    minimum: float,
    maximum: float,
    ticks: Sequence[float] = (),
    decimal_comma: bool = False,
    empty_text: str = "No data",
) -> str:
    """A radar chart: first axis straight up, the others clockwise; see the module docstring."""
    minimum, maximum, ticks = float(minimum), float(maximum), tuple(float(t) for t in ticks)
    key = (tuple(axes), tuple(series), minimum, maximum, tuple(ticks), decimal_comma, empty_text)
    cleaned = _prepare(axes, series, minimum, maximum, "axes")
    if cleaned is None:
        return _empty("radar", title, description, empty_text, key)
    n = len(axes)

    def point(i: int, value: float) -> tuple[float, float]:
        radius = _RADAR_RADIUS * _fraction(value, minimum, maximum)
        angle = 2 * math.pi * i / n
        return _RADAR_CX + radius * math.sin(angle), _RADAR_CY - radius * math.cos(angle)

    parts = ['<g class="grid">']
    for tick in ticks or (maximum,):
        radius = _RADAR_RADIUS * _fraction(tick, minimum, maximum)
        if minimum < tick <= maximum:
            parts.append(
                f'<circle cx="{_RADAR_CX}" cy="{_RADAR_CY}" r="{_c(radius)}" fill="none" '
                f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
            )
            label = _fmt(tick, decimal_comma)
            y = _RADAR_CY - radius + _SMALL_FONT  # inside the ring, clear of the axis label
            parts.append(_text(label, _RADAR_CX + 5, y, anchor="start", size=_SMALL_FONT))
    for i, axis in enumerate(axes):
        x, y = point(i, maximum)
        parts.append(
            f'<line x1="{_RADAR_CX}" y1="{_RADAR_CY}" x2="{_c(x)}" y2="{_c(y)}" '
            f'stroke="{AXIS_COLOUR}" stroke-width="1"/>'
        )
        angle = 2 * math.pi * i / n
        sin, cos = math.sin(angle), math.cos(angle)
        lx = _RADAR_CX + (_RADAR_RADIUS + _RADAR_LABEL_GAP) * sin
        ly = _RADAR_CY - (_RADAR_RADIUS + _RADAR_LABEL_GAP) * cos
        anchor = "middle" if abs(sin) < 0.1 else ("start" if sin > 0 else "end")
        valign = "bottom" if cos > 0.3 else ("top" if cos < -0.3 else "middle")
        ly += _FONT * 0.8 if valign == "top" else 0
        parts.append(_text(axis, lx, ly, anchor=anchor, width=14, valign=valign))
    parts.append("</g>")

    for index, s in enumerate(cleaned):
        colour, dash, shape = _style(index)
        present = [(i, v) for i, v in enumerate(s.values) if v is not None]
        points = [point(i, v) for i, v in present]
        parts.append('<g class="series">')
        if len(points) >= 2:
            parts.append(
                f'<polygon class="series-shape" points="{_points(points)}" fill="{colour}" '
                f'fill-opacity="0.1" stroke="{colour}" stroke-width="2.5" '
                f'stroke-linejoin="round"{_dash(dash)}/>'
            )
        for (i, v), (x, y) in zip(present, points, strict=True):
            tooltip = f"{s.label} – {axes[i]}: {_fmt(v, decimal_comma)}"
            parts.append(_marker(shape, x, y, colour, tooltip))
        parts.append("</g>")

    parts.append(_legend(cleaned, _RADAR_HEIGHT))
    height = _RADAR_HEIGHT + len(cleaned) * _LEGEND_ROW + 8
    return _svg("radar", title, description, _RADAR_WIDTH, height, "".join(parts), key)


def line_chart(
    *,
    title: str,
    description: str,
    x_labels: Sequence[str],
    series: Sequence[Series],
    minimum: float,
    maximum: float,
    y_label: str = "",
    ticks: Sequence[float] = (),
    decimal_comma: bool = False,
    empty_text: str = "No data",
) -> str:
    """A line chart with evenly spaced x positions; see the module docstring."""
    minimum, maximum, ticks = float(minimum), float(maximum), tuple(float(t) for t in ticks)
    key = (tuple(x_labels), tuple(series), minimum, maximum, y_label, tuple(ticks))
    key += (decimal_comma, empty_text)
    cleaned = _prepare(x_labels, series, minimum, maximum, "x labels")
    if cleaned is None:
        return _empty("line", title, description, empty_text, key)
    n = len(x_labels)
    right = _LINE_WIDTH - _LINE_RIGHT
    step = (right - _LINE_LEFT) / n

    def x_at(i: int) -> float:
        return _LINE_LEFT + step * (i + 0.5)

    def y_at(value: float) -> float:
        return _LINE_BOTTOM - (_LINE_BOTTOM - _LINE_TOP) * _fraction(value, minimum, maximum)

    parts = ['<g class="grid">']
    if y_label:
        parts.append(_text(y_label, 8, 20, anchor="start", width=64, max_lines=1))
    for tick in ticks or (minimum, maximum):
        if minimum <= tick <= maximum:
            y = y_at(tick)
            parts.append(
                f'<line x1="{_LINE_LEFT}" y1="{_c(y)}" x2="{right}" y2="{_c(y)}" '
                f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
            )
            label = _fmt(tick, decimal_comma)
            parts.append(_text(label, _LINE_LEFT - 6, y + 4, anchor="end", size=_SMALL_FONT))
    parts.append(
        f'<line x1="{_LINE_LEFT}" y1="{_LINE_BOTTOM}" x2="{right}" y2="{_LINE_BOTTOM}" '
        f'stroke="{AXIS_COLOUR}" stroke-width="1"/>'
    )
    every = math.ceil(n / _MAX_X_LABELS)
    width = max(4, int(step * every / _CHAR_WIDTH))
    for i, label in enumerate(x_labels):
        x = x_at(i)
        parts.append(
            f'<line x1="{_c(x)}" y1="{_LINE_BOTTOM}" x2="{_c(x)}" y2="{_LINE_BOTTOM + 5}" '
            f'stroke="{AXIS_COLOUR}" stroke-width="1"/>'
        )
        if i % every == 0:
            parts.append(_text(label, x, _LINE_BOTTOM + 20, size=_SMALL_FONT, width=width))
    parts.append("</g>")

    for index, s in enumerate(cleaned):
        colour, dash, shape = _style(index)
        segments: list[list[tuple[float, float]]] = [[]]
        markers = []
        for i, v in enumerate(s.values):
            if v is None:
                segments.append([])
                continue
            segments[-1].append((x_at(i), y_at(v)))
            tooltip = f"{s.label} – {x_labels[i]}: {_fmt(v, decimal_comma)}"
            markers.append(_marker(shape, x_at(i), y_at(v), colour, tooltip))
        parts.append('<g class="series">')
        for segment in segments:
            if len(segment) >= 2:
                parts.append(
                    f'<polyline class="series-line" points="{_points(segment)}" fill="none" '
                    f'stroke="{colour}" stroke-width="2.5" stroke-linejoin="round"'
                    f"{_dash(dash)}/>"
                )
        parts.extend(markers)
        parts.append("</g>")

    parts.append(_legend(cleaned, _LINE_HEIGHT_CHART))
    height = _LINE_HEIGHT_CHART + len(cleaned) * _LEGEND_ROW + 8
    return _svg("line", title, description, _LINE_WIDTH, height, "".join(parts), key)
