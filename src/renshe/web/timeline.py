"""The retirement timeline: an SVG from the original retirement month through the statutory
month to the flexible window, drawn on the server (no JavaScript) from the calculator result.

Months are whole months (year × 12 + month − 1), as everywhere in renshe; all text in the SVG
is escaped.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from markupsafe import Markup, escape

WIDTH = 800
PAD = 40
AXIS_Y = 90


def _ord(month: str | None) -> int | None:
    if not month or len(month) < 7:
        return None
    try:
        return int(month[:4]) * 12 + int(month[5:7]) - 1
    except ValueError:
        return None


def _cn(month: str) -> str:
    return f"{int(month[:4])}年{int(month[5:7])}月"


def _age(o: int, birth: int | None) -> str:
    if birth is None or o < birth:
        return ""
    years, months = divmod(o - birth, 12)
    return f"{years}岁" + (f"{months}个月" if months else "")


def timeline_points(
    doc: dict[str, Any], direct: dict[str, Any] | None = None, today: date | None = None
) -> list[dict[str, Any]]:
    """The dated points of a retirement answer in month order, each with the person's age then:
    today, the notice deadlines (from the direct answer), the window and the statutory month."""
    r = doc.get("result") or {}
    age = r.get("retirement_age") or {}
    stat = _ord(r.get("retirement_month"))
    birth = (
        stat - int(age.get("years", 0)) * 12 - int(age.get("months", 0)) if stat is not None and age else None
    )
    raw: list[tuple[str | None, str, str]] = []
    if today is not None:
        raw.append((f"{today.year:04d}-{today.month:02d}", "今天", "today"))
    raw.append((r.get("original_retirement_month"), "原法定退休时间", "orig"))
    raw.append((r.get("retirement_month"), "法定退休时间", "statutory"))
    raw.append((r.get("flexible_early_month"), "弹性提前退休最早", "early"))
    raw.append((r.get("flexible_late_month"), "弹性延迟退休最晚", "late"))
    if direct:
        raw.append((direct.get("notice"), "提前退休：书面告知单位的最晚月份", "deadline"))
        raw.append((direct.get("agreement"), "延迟退休：与单位书面约定的最晚月份", "deadline"))
    planned = (r.get("planned") or {}).get("month")
    if planned:
        raw.append((planned, "拟退休", "planned"))
    out = []
    for month, label, cls in raw:
        o = _ord(month)
        if o is None or month is None:
            continue
        out.append(
            {"month": month, "text": _cn(month), "label": label, "cls": cls, "ord": o, "age": _age(o, birth)}
        )
    out.sort(key=lambda p: (p["ord"], p["cls"] != "today"))
    return out


def timeline_list(points: list[dict[str, Any]]) -> Markup:
    """The same points as an HTML list: real text at any screen width (the SVG is for wide screens)."""
    items = []
    for p in points:
        age = f'<span class="age">{escape(p["age"])}</span>' if p["age"] else ""
        items.append(
            f'<li class="{escape(p["cls"])}"><strong>{escape(p["text"])}</strong> '
            f'<span class="what">{escape(p["label"])}</span>{age}</li>'
        )
    return Markup('<ol class="timeline-list">' + "".join(items) + "</ol>")


def retirement_timeline(
    doc: dict[str, Any], direct: dict[str, Any] | None = None, today: date | None = None
) -> Markup | None:
    """The SVG for a `retirement` calculator document, or None when there is nothing to draw."""
    r = doc.get("result") or {}
    points: list[tuple[str, str, str]] = []  # (month, label, css class)
    if today is not None:
        points.append((f"{today.year:04d}-{today.month:02d}", "今天", "today"))
    if direct and direct.get("notice"):
        points.append((direct["notice"], "告知单位最晚", "deadline"))
    if direct and direct.get("agreement"):
        points.append((direct["agreement"], "约定延迟最晚", "deadline"))
    if r.get("original_retirement_month"):
        points.append((r["original_retirement_month"], "原法定退休时间", "orig"))
    if r.get("retirement_month"):
        age = r.get("retirement_age_text") or ""
        points.append((r["retirement_month"], f"法定退休时间 {age}".strip(), "statutory"))
    early, late = r.get("flexible_early_month"), r.get("flexible_late_month")
    if early:
        points.append((early, "弹性提前最早", "early"))
    if late:
        points.append((late, "弹性延迟最晚", "late"))
    planned = (r.get("planned") or {}).get("month")
    if planned:
        points.append((planned, "拟退休", "planned"))
    ords = [o for o in (_ord(m) for m, _, _ in points) if o is not None]
    if not ords:
        return None
    lo, hi = min(ords) - 6, max(ords) + 6
    span = max(hi - lo, 1)

    def x(o: int) -> float:
        return PAD + (WIDTH - 2 * PAD) * (o - lo) / span

    parts = [
        f'<svg class="timeline" viewBox="0 0 {WIDTH} 190" role="img" '
        f'aria-label="退休时间轴" xmlns="http://www.w3.org/2000/svg">',
        f'<line class="axis" x1="{PAD}" y1="{AXIS_Y}" x2="{WIDTH - PAD}" y2="{AXIS_Y}" />',
    ]
    e, lt = _ord(early), _ord(late)
    if e is not None and lt is not None:
        parts.append(
            f'<rect class="window" x="{x(e):.1f}" y="{AXIS_Y - 14}" width="{max(x(lt) - x(e), 1):.1f}" '
            f'height="28"><title>弹性退休可选区间</title></rect>'
        )
        parts.append(
            f'<text class="window-label" x="{x(lt) - 8:.1f}" y="{AXIS_Y + 10}" '
            f'text-anchor="end">弹性区间</text>'
        )
    first_year, last_year = lo // 12 + 1, hi // 12
    step = max(1, (last_year - first_year + 1) // 8)
    for year in range(first_year, last_year + 1, step):
        xx = x(year * 12)
        parts.append(
            f'<line class="tick" x1="{xx:.1f}" y1="{AXIS_Y + 14}" x2="{xx:.1f}" y2="{AXIS_Y + 20}" />'
        )
        parts.append(f'<text class="year" x="{xx:.1f}" y="{AXIS_Y + 34}" text-anchor="middle">{year}</text>')
    for i, (month, label, cls) in enumerate(sorted(points, key=lambda p: _ord(p[0]) or 0)):
        o = _ord(month)
        if o is None:
            continue
        xx = x(o)
        above = i % 2 == 0
        ty = AXIS_Y - 40 - (i // 2 % 2) * 26 if above else AXIS_Y + 58 + (i // 2 % 2) * 26
        anchor = "start" if xx < WIDTH * 0.2 else "end" if xx > WIDTH * 0.8 else "middle"
        parts.append(f'<g class="point {cls}">')
        parts.append(f'<line x1="{xx:.1f}" y1="{AXIS_Y}" x2="{xx:.1f}" y2="{ty + (8 if above else -14)}" />')
        parts.append(f'<circle cx="{xx:.1f}" cy="{AXIS_Y}" r="6" />')
        parts.append(
            f'<text x="{xx:.1f}" y="{ty}" text-anchor="{anchor}">{escape(label)} {escape(_cn(month))}</text>'
        )
        parts.append("</g>")
    parts.append("</svg>")
    return Markup("".join(parts))
