"""An official letter (công văn) laid out as Decree 30/2020/NĐ-CP, Appendix I:
issuing body and Số/ký hiệu on the left, Quốc hiệu and Tiêu ngữ on the right, the
place and date line, "V/v", "Kính gửi", body, "Nơi nhận" and the signer block.

Used for rejection notices and, by the sample generator, for sample documents.
``render_pdf`` also reports where the signer block sits, so signature fields can
be placed over it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from notices.fonts import LETTER, SERIF, register_fonts, register_letter_font

A4_W, A4_H = 595.2756, 841.8898
MM = 72 / 25.4


@dataclass(frozen=True)
class CongVan:
    issuer_parent: str
    """The superior body, e.g. ``UBND HUYỆN HẢI HÀ`` (may be empty)."""
    issuer: str
    """The issuing body, e.g. ``PHÒNG VĂN HÓA VÀ THÔNG TIN``."""
    number: str
    """Số/ký hiệu, e.g. ``45/VHTT``."""
    place: str
    day: date
    subject: str
    """The V/v line, without "V/v"."""
    recipients: tuple[str, ...]
    body: tuple[str, ...]
    """Paragraphs."""
    signer_capacity: str = ""
    """e.g. ``TM. ỦY BAN NHÂN DÂN`` (may be empty)."""
    signer_title: str = ""
    signer_name: str = ""
    distribution: tuple[str, ...] = ("Như trên;", "Lưu: VT.")
    table: tuple[tuple[str, ...], ...] = ()
    """Optional table after the body; the first row is the header."""
    after_table: tuple[str, ...] = ()
    table_widths_mm: tuple[float, ...] = ()
    """Column widths of the table in mm (default: a narrow first column, the rest even)."""
    table_group_rows: tuple[int, ...] = ()
    """Rows of ``table`` (0 = the header) that head a group: one cell across the table."""
    font: str = SERIF
    """The font family: DejaVu Serif (``SERIF``, the sample's documents) or Liberation
    Serif (``LETTER``, the team's notices)."""


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int
    signer_box: tuple[float, float, float, float]
    """(x0, y0, x1, y1) in points on the last page: the space between the signer's
    title and name, where signatures go."""


def date_line(place: str, d: date) -> str:
    return f"{place}, ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"


@dataclass
class _Marker:
    box: list[float] = field(default_factory=list)
    page: int = 0


def _fitting(style: Any, text: str, width: float) -> Any:
    """``style``, or a smaller copy of it when the widest word of ``text`` would not fit
    ``width`` points (lines never break inside a word)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    words = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").split()
    widest = max((stringWidth(w, style.fontName, style.fontSize) for w in words), default=0)
    if widest <= width:
        return style
    size = max(5.0, style.fontSize * width / widest)
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle(f"{style.name}-{size:.1f}", parent=style, fontSize=size,
                          leading=size * 1.2)


def render_pdf(cv: CongVan, *, invariant: bool = False) -> Rendered:
    from reportlab import rl_config
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import (
        Flowable,
        KeepTogether,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    register_fonts()
    if cv.font == LETTER:
        register_letter_font()
    font = cv.font
    old_invariant = rl_config.invariant
    rl_config.invariant = 1 if invariant else old_invariant
    try:
        def style(name: str, **kw: Any) -> ParagraphStyle:
            base: dict[str, Any] = {"fontName": font, "fontSize": 13, "leading": 16}
            base.update(kw)
            return ParagraphStyle(name, **base)

        center = style("c", alignment=TA_CENTER)
        center_b = style("cb", alignment=TA_CENTER, fontName=f"{font}-Bold")
        center_small = style("cs", alignment=TA_CENTER, fontSize=12, leading=14)
        center_i = style("ci", alignment=TA_CENTER, fontName=f"{font}-Italic")
        body = style("b", alignment=TA_JUSTIFY, firstLineIndent=1 * 28, spaceAfter=6,
                     **({"splitLongWords": 0} if font == LETTER else {}))
        small = style("s", fontSize=11, leading=13, alignment=TA_LEFT)
        small_bi = style("sbi", fontSize=12, leading=14, fontName=f"{font}-BoldItalic")
        # no line break inside a word or a code (a file name, «ky-so-to-chuc»): lines break
        # at spaces only; a token wider than its cell is set smaller to fit
        cell = style("cell", fontSize=10.5, leading=12.5, splitLongWords=0)
        cell_b = style("cellb", fontSize=10.5, leading=12.5, fontName=f"{font}-Bold",
                       alignment=TA_CENTER, splitLongWords=0)

        left = [Paragraph(cv.issuer_parent, center_small)] if cv.issuer_parent else []
        left += [Paragraph(f"<b>{cv.issuer}</b>", center_small),
                 Paragraph("_______", center_small),
                 Paragraph(f"Số: {cv.number}", center_small),
                 Paragraph(f"V/v {cv.subject}", style("vv", alignment=TA_CENTER, fontSize=12,
                                                      leading=14))]
        right = [Paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", style(
                     "qh", alignment=TA_CENTER, fontName=f"{font}-Bold", fontSize=10.5,
                     leading=14)),
                 Paragraph("Độc lập - Tự do - Hạnh phúc", center_b),
                 Paragraph("_______________", center_small),
                 Paragraph(date_line(cv.place, cv.day), center_i)]
        header = Table([[left, right]], colWidths=[68 * MM, 102 * MM])
        header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                    ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        story: list[Any] = [header, Spacer(1, 14)]
        if len(cv.recipients) == 1:
            story.append(Paragraph(f"Kính gửi: {cv.recipients[0]}", center))
        else:
            story.append(Paragraph("Kính gửi:", center))
            story += [Paragraph(f"- {r}", style("r", leftIndent=60 * MM)) for r in cv.recipients]
        story.append(Spacer(1, 10))
        story += [Paragraph(p, body) for p in cv.body]
        if cv.table:
            n = len(cv.table[0])
            if cv.table_widths_mm:
                widths = [w * MM for w in cv.table_widths_mm]
            else:
                widths = [10 * MM] + [(160 * MM) / (n - 1)] * (n - 1) if n > 1 else [170 * MM]
            group_b = style("cellg", fontSize=10.5, leading=12.5, fontName=f"{font}-Bold",
                            splitLongWords=0)
            data = [[Paragraph(c, _fitting(cell_b, c, w - 12))
                     for c, w in zip(cv.table[0], widths, strict=False)]]
            spans: list[tuple[Any, ...]] = []
            for i, row in enumerate(cv.table[1:], start=1):
                if i in cv.table_group_rows:
                    data.append([Paragraph(row[0], group_b)]
                                + [Paragraph("", group_b)] * (n - 1))
                    spans.append(("SPAN", (0, i), (-1, i)))
                    spans.append(("BACKGROUND", (0, i), (-1, i), colors.HexColor("#eeeeee")))
                else:
                    data.append([Paragraph(c, _fitting(cell, c, w - 12))
                                 for c, w in zip(row, widths, strict=False)])
            t = Table(data, colWidths=widths, repeatRows=1)
            t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP"), *spans]))
            story += [Spacer(1, 4), t, Spacer(1, 8)]
            story += [Paragraph(p, body) for p in cv.after_table]

        marker = _Marker()

        class SignerSpace(Flowable):  # type: ignore[misc]
            """Empty space that remembers where it was drawn."""

            def __init__(self, width: float, height: float) -> None:
                super().__init__()
                self.width, self.height = width, height

            def draw(self) -> None:
                x, y = self.canv.absolutePosition(0, 0)
                marker.box = [x, y, x + self.width, y + self.height]
                marker.page = self.canv.getPageNumber()

        signer = [Paragraph(f"<b>{cv.signer_capacity}</b>", center)] if cv.signer_capacity else []
        signer += [Paragraph(f"<b>{cv.signer_title}</b>", center), SignerSpace(85 * MM, 24 * MM),
                   Paragraph(f"<b>{cv.signer_name}</b>", center)]
        dist = [Paragraph("Nơi nhận:", small_bi)] + [Paragraph(f"- {d}", small)
                                                     for d in cv.distribution]
        footer = Table([[dist, signer]], colWidths=[80 * MM, 90 * MM])
        footer.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                    ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        story += [Spacer(1, 12), KeepTogether([footer])]

        buf = io.BytesIO()
        doc = SimpleDocTemplate(buf, pagesize=(A4_W, A4_H), leftMargin=30 * MM,
                                rightMargin=15 * MM, topMargin=20 * MM, bottomMargin=20 * MM,
                                title=f"Công văn {cv.number}", author=cv.issuer,
                                subject=cv.subject, creator="kiemchung")
        doc.build(story)
        pdf = buf.getvalue()
    finally:
        rl_config.invariant = old_invariant
    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    x0, y0, x1, y1 = marker.box
    return Rendered(pdf, pages, (x0, y0, x1, y1))
