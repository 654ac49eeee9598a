"""SVG charts drawn on the server for the impact page: no script, no CDN, readable on a
phone (they scale with `viewBox` to the width of the screen)."""

from __future__ import annotations

import math
from html import escape

from markupsafe import Markup

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 40


def _axis_value(value: float) -> str:
    if value >= 1_000_000_000:
        return f"{value / 1_000_000_000:.1f} M"
    if value >= 1_000_000:
        return f"{value / 1_000_000:.1f} jt"
    if value >= 1_000:
        return f"{value / 1_000:.0f} rb"
    return f"{value:.0f}"


def _frame(title: str, body: str) -> Markup:
    return Markup(
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMidYMid meet">'
        f"<title>{escape(title)}</title>{body}</svg>"
    )


def _nice_top(value: float) -> float:
    """The smallest 4 x (1, 2, 2.5 or 5 x 10^k) at or above `value`: round axis steps."""
    if value <= 4:
        return 4.0
    step = value / 4
    magnitude = 10.0 ** math.floor(math.log10(step))
    for factor in (1, 2, 2.5, 5, 10):
        if step <= factor * magnitude:
            return float(4 * factor * magnitude)
    return float(40 * magnitude)


def _grid(top_value: float) -> str:
    lines = []
    for step in range(5):
        value = top_value * step / 4
        y = HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * step / 4
        lines.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#e4e0da"/><text x="{LEFT - 6}" y="{y + 4:.1f}" font-size="11" '
            f'text-anchor="end" fill="#555">{_axis_value(value)}</text>'
        )
    return "".join(lines)


def line_chart(title: str, points: list[tuple[str, float | None]]) -> Markup:
    """A line over the periods; a hidden (suppressed) period breaks the line."""
    values = [v for _, v in points if v is not None]
    top = _nice_top(max(values, default=0))
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = inner_w / max(len(points) - 1, 1)
    parts = [_grid(top)]
    segment: list[str] = []
    segments: list[list[str]] = []
    every = max(1, len(points) // 8)
    for i, (label, value) in enumerate(points):
        x = LEFT + step * i if len(points) > 1 else LEFT + inner_w / 2
        if i % every == 0:
            anchor = "end" if i == len(points) - 1 and len(points) > 1 else "middle"
            parts.append(
                f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 18}" font-size="11" '
                f'text-anchor="{anchor}" fill="#555">{escape(label)}</text>'
            )
        if value is None:
            if segment:
                segments.append(segment)
            segment = []
            continue
        y = TOP + inner_h - inner_h * value / top
        segment.append(f"{x:.1f},{y:.1f}")
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="#1f7a4d"/>')
    if segment:
        segments.append(segment)
    for points_of_segment in segments:
        parts.insert(
            1,
            f'<polyline fill="none" stroke="#1f7a4d" stroke-width="2.5" '
            f'points="{" ".join(points_of_segment)}"/>',
        )
    return _frame(title, "".join(parts))


def bar_chart(title: str, bars: list[tuple[str, float | None]]) -> Markup:
    """Horizontal bars, one per label; a hidden value shows as "<5" without a bar."""
    row_h = 28
    height = TOP + row_h * max(len(bars), 1) + 8
    label_w = 190
    inner_w = WIDTH - label_w - RIGHT - 60
    top = max((v for _, v in bars if v is not None), default=0) or 1
    parts = []
    for i, (label, value) in enumerate(bars):
        y = TOP + row_h * i
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 17}" font-size="12" text-anchor="end" '
            f'fill="#222">{escape(label[:30])}</text>'
        )
        if value is None:
            parts.append(
                f'<text x="{label_w + 4}" y="{y + 17}" font-size="12" fill="#555">&lt;5</text>'
            )
            continue
        width = max(inner_w * value / top, 1)
        parts.append(
            f'<rect x="{label_w}" y="{y + 4}" width="{width:.1f}" height="{row_h - 10}" '
            f'rx="3" fill="#c0782a"/><text x="{label_w + width + 6:.1f}" y="{y + 17}" '
            f'font-size="12" fill="#222">{_axis_value(value)}</text>'
        )
    return Markup(
        f'<svg viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>{"".join(parts)}</svg>'
    )
