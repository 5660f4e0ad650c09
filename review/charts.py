"""Charts drawn on the server as SVG (no CDN, no JavaScript: the app runs offline):
claimed against verified score per unit, and how many units got each rank."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from kiemchung.core.formatting import number, points

CLAIMED, VERIFIED = "#9fb4d6", "#163a6b"


@dataclass(frozen=True)
class Bar:
    label: str
    claimed: Decimal
    verified: Decimal


def _text(x: float, y: float, s: str, anchor: str = "start", size: int = 12,
          fill: str = "#1d2430") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
            f'fill="{fill}">{escape(s)}</text>')


def claimed_vs_verified(bars: Sequence[Bar], maximum: Decimal, title: str) -> str:
    """One row per unit: the claimed score (light) and the verified one (dark) on a
    common scale from 0 to ``maximum``, with both figures written out."""
    label_w, bar_w, row_h, top = 240, 300, 30, 42
    width = label_w + bar_w + 110
    height = top + row_h * max(1, len(bars)) + 10
    scale = float(maximum) if maximum > 0 else max([float(b.claimed) for b in bars] + [1.0])
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
           f'role="img" aria-label="{escape(title)}" class="chart claimed-verified">',
           f"<title>{escape(title)}</title>", _text(4, 16, title, size=14),
           f'<rect x="{label_w}" y="24" width="10" height="10" fill="{CLAIMED}"/>',
           _text(label_w + 14, 33, "tự đánh giá", size=11),
           f'<rect x="{label_w + 100}" y="24" width="10" height="10" fill="{VERIFIED}"/>',
           _text(label_w + 114, 33, "sau thẩm định", size=11)]
    for i, b in enumerate(bars):
        y = top + i * row_h
        cw = bar_w * min(1.0, float(b.claimed) / scale)
        vw = bar_w * min(1.0, float(b.verified) / scale)
        name = b.label if len(b.label) <= 34 else b.label[:33] + "…"
        out += [_text(label_w - 6, y + 17, name, "end"),
                f'<rect x="{label_w}" y="{y + 3}" width="{cw:.1f}" height="11" '
                f'fill="{CLAIMED}"><title>{escape(b.label)}: tự đánh giá '
                f'{points(b.claimed)}</title></rect>',
                f'<rect x="{label_w}" y="{y + 14}" width="{vw:.1f}" height="11" '
                f'fill="{VERIFIED}"><title>{escape(b.label)}: sau thẩm định '
                f'{points(b.verified)}</title></rect>',
                _text(label_w + bar_w + 6, y + 17,
                      f"{points(b.claimed)} → {points(b.verified)}", size=11)]
    if not bars:
        out.append(_text(label_w, top + 17, "Chưa có điểm."))
    out.append("</svg>")
    return "".join(out)


def rank_distribution(counts: Sequence[tuple[str, int]], title: str) -> str:
    """A column per rank (in the order given, «chưa xếp hạng» last) with its count."""
    col_w, gap, chart_h, top = 56, 18, 150, 46
    width = max(240, 20 + len(counts) * (col_w + gap))
    height = top + chart_h + 40
    most = max([n for _, n in counts] + [1])
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
           f'role="img" aria-label="{escape(title)}" class="chart ranks">',
           f"<title>{escape(title)}</title>", _text(4, 16, title, size=14),
           f'<line x1="10" y1="{top + chart_h}" x2="{width - 10}" y2="{top + chart_h}" '
           f'stroke="#889"/>']
    for i, (rank, n) in enumerate(counts):
        x = 20 + i * (col_w + gap)
        h = chart_h * n / most
        y = top + chart_h - h
        out += [f'<rect x="{x}" y="{y:.1f}" width="{col_w}" height="{h:.1f}" '
                f'fill="{VERIFIED}"><title>{escape(rank)}: {number(n)} đơn vị</title></rect>',
                _text(x + col_w / 2, y - 4, number(n), "middle"),
                _text(x + col_w / 2, top + chart_h + 16, rank, "middle", size=11)]
    out.append("</svg>")
    return "".join(out)
