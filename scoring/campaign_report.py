"""The campaign report for the issuing authority: «Báo cáo kết quả thẩm định».

What the verification team sends the people's committee before it publishes the
ranking: a summary of where the campaign stands (files, findings, claims, notices),
two charts (claimed against verified points per unit, and how many units got each
rank), the ranking table as the annex a decision publishes, and every point lost with
its reason. A PDF (A4, Liberation Serif as the notices, charts drawn with reportlab's
graphics so nothing is fetched) and the same content as an XLSX workbook.

``collect`` reads the figures from the database; the rest is pure: ``render_pdf`` and
``report_sheets`` take the collected ``CampaignReport``. ``build_report`` does all three.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from kiemchung.core import formatting as fmt
from scoring import export
from scoring.export import Column, Sheet
from scoring.unit_scores import CriterionScore, UnitScore

if TYPE_CHECKING:
    from sqlmodel import Session

    from storage.models import Campaign

TITLE = "BÁO CÁO KẾT QUẢ THẨM ĐỊNH"
NOT_RANKED = "Không xếp hạng"
LEVEL_ORDER = ("department", "district", "office", "commune", "other")
CHART_UNITS_PER_DRAWING = 25
"""A chart of more units is drawn in several parts, each fitting a page."""
PDF_MEDIA_TYPE = "application/pdf"


@dataclass(frozen=True)
class Figures:
    """Where the campaign stands, counted from the database."""

    units: int
    files: int
    """Files in use (not replaced or withdrawn)."""
    files_checked: int
    """Of those, verified by the current pipeline (any verdict)."""
    files_rejected: int
    """Files with a blocking finding still open."""
    findings: Counter[str]
    """Findings by status (open, closed, accepted, rejected)."""
    claims: Counter[str]
    """Claims by status (confirmed, contradicted, needs_review, claimed)."""
    notices: int
    notices_sent: int
    decisions: int


@dataclass(frozen=True)
class CampaignReport:
    campaign: str
    issuer: str
    """The authority the report goes to (``Kính gửi``)."""
    issuer_parent: str
    team: str
    """The body that verified (the notices' issuer), top left of the first page."""
    place: str
    year: int
    window: tuple[date, date]
    made_at: datetime
    figures: Figures
    scores: tuple[UnitScore, ...]
    ranks: tuple[str, ...] = ()
    """Every rank or tier the set gives, best first (for the distribution)."""
    set_title: str = ""
    lost: tuple[tuple[UnitScore, tuple[CriterionScore, ...]], ...] = field(default=())


# --- collecting --------------------------------------------------------------------------

def collect(session: Session, campaign: Campaign, scores: Sequence[UnitScore],
            ranks: Sequence[str] = (), set_title: str = "",
            made_at: datetime | None = None) -> CampaignReport:
    """The report's content: the figures counted now and the given scores."""
    from sqlmodel import col, select

    from kiemchung.core.codes import Severity
    from kiemchung.core.vocabulary import FindingStatus, NoticeStatus
    from storage.models import Claim, Decision, Evidence, Finding, Notice, Unit, utcnow

    cid = campaign.id
    evs = list(session.exec(select(Evidence).where(Evidence.campaign_id == cid,
                                                   col(Evidence.replaced_at).is_(None))))
    findings = list(session.exec(select(Finding).where(Finding.campaign_id == cid)))
    blocked = {f.evidence_id for f in findings if f.status == FindingStatus.OPEN
               and f.severity == Severity.BLOCKING and f.evidence_id is not None}
    finding_ids = {f.id for f in findings}
    claims = list(session.exec(select(Claim).where(Claim.campaign_id == cid)))
    claim_ids = {c.id for c in claims}
    notices = list(session.exec(select(Notice).where(Notice.campaign_id == cid)))
    decisions = sum(1 for d in session.exec(select(Decision))
                    if d.finding_id in finding_ids or d.claim_id in claim_ids)
    units = len(list(session.exec(select(Unit.id).where(Unit.campaign_id == cid))))
    figures = Figures(
        units=units, files=len(evs), files_checked=sum(1 for e in evs if e.verdict),
        files_rejected=sum(1 for e in evs if e.id in blocked),
        findings=Counter(str(f.status) for f in findings),
        claims=Counter(str(c.status) for c in claims), notices=len(notices),
        notices_sent=sum(1 for n in notices if n.status == NoticeStatus.SENT),
        decisions=decisions)
    try:
        settings = json.loads(campaign.settings_json or "{}")
    except ValueError:
        settings = {}
    notices_cfg = settings.get("notices") or {}
    ordered = order_scores(scores)
    return CampaignReport(
        campaign=campaign.name, issuer=campaign.issuer,
        issuer_parent=str(notices_cfg.get("issuer_parent") or ""),
        team=str(notices_cfg.get("issuer") or "TỔ THẨM ĐỊNH"),
        place=str(settings.get("place") or ""), year=campaign.year,
        window=(campaign.window_start, campaign.window_end),
        made_at=made_at or utcnow(), figures=figures, scores=ordered,
        ranks=tuple(ranks), set_title=set_title,
        lost=tuple((u, lost) for u in ordered if (lost := points_lost(u))))


def order_scores(scores: Sequence[UnitScore]) -> tuple[UnitScore, ...]:
    """By unit level (as the decision lists them), then place; unranked units last."""
    def key(u: UnitScore) -> tuple[int, int, int, str]:
        level = LEVEL_ORDER.index(u.level) if u.level in LEVEL_ORDER else len(LEVEL_ORDER)
        return (level, u.position is None, u.position or 0, u.name)

    return tuple(sorted(scores, key=key))


def points_lost(u: UnitScore) -> tuple[CriterionScore, ...]:
    return tuple(c for c in u.criteria if c.applicable and c.verified < c.max_points)


def rank_counts(report: CampaignReport) -> list[tuple[str, int]]:
    """Units per verified rank, every rank of the set shown (zero too), then unranked."""
    got = Counter(u.rank or NOT_RANKED for u in report.scores)
    names = list(report.ranks) + sorted(r for r in got if r not in report.ranks
                                        and r != NOT_RANKED)
    return [(r, got.get(r, 0)) for r in names] + [(NOT_RANKED, got.get(NOT_RANKED, 0))]


def _finding_text(entry: str) -> str:
    """«CODE: message» (as scores carry them) → the message, the sentence people read."""
    from kiemchung.core.codes import FindingCode

    code, sep, message = entry.partition(": ")
    return message if sep and code in FindingCode.__members__ else entry


def summary_lines(report: CampaignReport) -> list[tuple[str, str]]:
    f = report.figures
    ranked = sum(1 for u in report.scores if u.rank)
    findings_total = sum(f.findings.values())
    waiting = f.claims.get("needs_review", 0) + f.claims.get("claimed", 0)
    lost_points = sum((u.max_points - u.verified for u in report.scores), Decimal(0))
    lower = sum(1 for u in report.scores if u.claimed_rank and u.rank != u.claimed_rank)
    n = fmt.number
    return [
        ("Đơn vị được đánh giá", f"{n(f.units)} (xếp hạng {n(ranked)}, "
                                 f"không xếp hạng {n(len(report.scores) - ranked)})"),
        ("Tệp minh chứng đang dùng", f"{n(f.files)}, đã kiểm tra {n(f.files_checked)}, "
                                     f"bị trả lại {n(f.files_rejected)}"),
        ("Vấn đề phát hiện", f"{n(findings_total)}: đang mở {n(f.findings.get('open', 0))}, "
                             f"đã đóng {n(f.findings.get('closed', 0))}, "
                             f"đã chấp nhận {n(f.findings.get('accepted', 0))}, "
                             f"đã bác {n(f.findings.get('rejected', 0))}"),
        ("Số liệu tự đánh giá", f"{n(sum(f.claims.values()))}: đã xác nhận "
                                f"{n(f.claims.get('confirmed', 0))}, mâu thuẫn "
                                f"{n(f.claims.get('contradicted', 0))}, chờ xác nhận "
                                f"{n(waiting)}"),
        ("Thông báo trả lại minh chứng", f"{n(f.notices)} (đã gửi {n(f.notices_sent)})"),
        ("Quyết định của thẩm định viên", n(f.decisions)),
        ("Điểm bị trừ (tổng các đơn vị)", fmt.points(lost_points)),
        ("Đơn vị có hạng xác minh khác hạng tự đánh giá", n(lower)),
    ]


# --- the workbook ------------------------------------------------------------------------

LOST_COLUMNS = (Column("Mã đơn vị"), Column("Đơn vị"), Column("Mã tiêu chí"), Column("Tiêu chí"),
                Column("Điểm tối đa", "points"), Column("Điểm tự đánh giá", "points"),
                Column("Điểm xác minh", "points"), Column("Điểm bị trừ", "points"),
                Column("Lý do"), Column("Vấn đề"))


def report_sheets(report: CampaignReport) -> list[Sheet]:
    """Tóm tắt, Xếp hạng, Phân bố xếp hạng, Điểm bị trừ, Chi tiết."""
    head = [("Đợt đánh giá", report.campaign), ("Kính gửi", report.issuer),
            ("Thời gian đánh giá", fmt.day_range(*report.window)),
            ("Lập lúc", fmt.moment(report.made_at))]
    summary = Sheet("Tóm tắt", (Column("Nội dung"), Column("Kết quả")),
                    [list(r) for r in head + summary_lines(report)])
    ranking = export.ranking_sheet(report.scores)
    dist = Sheet("Phân bố xếp hạng", (Column("Xếp hạng"), Column("Số đơn vị", "int")),
                 [[r, c] for r, c in rank_counts(report)])
    lost = Sheet("Điểm bị trừ", LOST_COLUMNS, [
        [u.unit, u.name, c.code, c.title, c.max_points, c.claimed, c.verified,
         c.max_points - c.verified, c.reason, "; ".join(_finding_text(f) for f in c.findings)]
        for u, cs in report.lost for c in cs])
    return [summary, ranking, dist, lost, export.detail_sheet(report.scores)]


def render_xlsx(report: CampaignReport) -> bytes:
    return export.workbook_bytes(report_sheets(report))


# --- the PDF -----------------------------------------------------------------------------

MM = 72 / 25.4
A4_W, A4_H = 595.2756, 841.8898
CLAIMED_COLOUR, VERIFIED_COLOUR = "#9db4d3", "#1f4e8c"


def _score_chart(units: Sequence[UnitScore], font: str, width: float) -> Any:
    """Horizontal bars per unit: claimed (light) and verified (dark) points."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    row = 26.0
    label_w = 62 * MM
    top_room, bottom_room = 22.0, 26.0
    height = top_room + bottom_room + row * len(units)
    d = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_w, bottom_room
    chart.width, chart.height = width - label_w - 22, row * len(units)
    # reportlab draws the first category at the bottom: reverse so the list reads down
    rows = list(reversed(units))
    # within a unit, the first series is drawn lowest: verified under claimed
    chart.data = [[float(u.verified) for u in rows], [float(u.claimed) for u in rows]]
    chart.categoryAxis.categoryNames = [u.name for u in rows]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 8.5
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    top = max([float(u.max_points) for u in units] + [1.0])
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, top
    chart.valueAxis.valueStep = _step(top)
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.labelTextFormat = lambda v: fmt.number(v, 2)
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#dddddd")
    chart.bars[0].fillColor = colors.HexColor(VERIFIED_COLOUR)
    chart.bars[1].fillColor = colors.HexColor(CLAIMED_COLOUR)
    chart.bars.strokeColor = None
    chart.barLabelFormat = lambda v: fmt.number(v, 2)
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    chart.groupSpacing = 6
    d.add(chart)
    legend = Legend()
    legend.fontName, legend.fontSize = font, 9
    legend.x, legend.y = label_w, height - 8
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 120
    legend.colorNamePairs = [(colors.HexColor(CLAIMED_COLOUR), "Điểm tự đánh giá"),
                             (colors.HexColor(VERIFIED_COLOUR), "Điểm xác minh")]
    d.add(legend)
    d.add(String(label_w + chart.width / 2, 4, "Điểm", fontName=font, fontSize=8.5,
                 textAnchor="middle"))
    return d


def _step(top: float) -> float:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500):
        if top / step <= 10:
            return float(step)
    return float(10 ** len(str(int(top))) / 10)


def _rank_chart(counts: Sequence[tuple[str, int]], font: str, width: float) -> Any:
    """Vertical bars: how many units got each rank (and how many are not ranked)."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    height = 150.0
    d = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 40, 30
    chart.width, chart.height = min(width - 60, 60.0 * len(counts)), height - 50
    chart.data = [[c for _, c in counts]]
    chart.categoryAxis.categoryNames = [r for r, _ in counts]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 9
    top = max([c for _, c in counts] + [1])
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, top + 1
    chart.valueAxis.valueStep = max(1.0, _step(top + 1))
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.labelTextFormat = lambda v: fmt.number(v, 0)
    chart.bars[0].fillColor = colors.HexColor(VERIFIED_COLOUR)
    chart.bars.strokeColor = None
    for i, (r, _) in enumerate(counts):
        if r == NOT_RANKED:
            chart.bars[(0, i)].fillColor = colors.HexColor("#b0b0b0")
    chart.barLabelFormat = lambda v: fmt.number(v, 0)
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 9
    chart.barLabels.nudge = 7
    d.add(chart)
    d.add(String(8, height - 12, "Số đơn vị", fontName=font, fontSize=8.5))
    return d


def render_pdf(report: CampaignReport, *, invariant: bool = False) -> bytes:
    from reportlab import rl_config
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import (
        CondPageBreak,
        KeepTogether,
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    from notices.fonts import LETTER, register_letter_font

    register_letter_font()
    font = LETTER
    width = A4_W - 30 * MM - 15 * MM

    def style(name: str, **kw: Any) -> ParagraphStyle:
        base: dict[str, Any] = {"fontName": font, "fontSize": 13, "leading": 16,
                                "splitLongWords": 0}
        base.update(kw)
        return ParagraphStyle(name, **base)

    center = style("c", alignment=TA_CENTER)
    center_small = style("cs", alignment=TA_CENTER, fontSize=12, leading=14)
    center_b = style("cb", alignment=TA_CENTER, fontName=f"{font}-Bold")
    center_i = style("ci", alignment=TA_CENTER, fontName=f"{font}-Italic")
    title = style("t", alignment=TA_CENTER, fontName=f"{font}-Bold", fontSize=15, leading=19,
                  spaceBefore=10)
    h1 = style("h1", fontName=f"{font}-Bold", fontSize=13, leading=16, spaceBefore=10,
               spaceAfter=4, keepWithNext=1)
    h2 = style("h2", fontName=f"{font}-Bold", fontSize=12, leading=15, spaceBefore=8,
               spaceAfter=3, keepWithNext=1)
    body = style("b", alignment=TA_JUSTIFY, firstLineIndent=28, spaceAfter=4)
    cell = style("cell", fontSize=10, leading=12)
    cell_r = style("cellr", fontSize=10, leading=12, alignment=TA_RIGHT)
    cell_b = style("cellb", fontSize=10, leading=12, fontName=f"{font}-Bold",
                   alignment=TA_CENTER)
    # findings name files: a path wider than its cell may break inside, not overflow
    note = style("n", fontSize=9, leading=11, textColor=colors.HexColor("#444444"),
                 splitLongWords=1)
    caption = style("cap", fontSize=10, leading=12, alignment=TA_CENTER,
                    fontName=f"{font}-Italic")

    def p(text: str, st: ParagraphStyle = cell) -> Paragraph:
        return Paragraph(escape(text), st)

    grid = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e6e6"))]

    left = [p(report.issuer_parent.upper(), center_small)] if report.issuer_parent else []
    left += [Paragraph(f"<b>{escape(report.team.upper())}</b>", center_small),
             p("_______", center_small)]
    made = report.made_at
    local_day = fmt.day(made)
    dd, mm, yyyy = local_day.split("/")
    right = [Paragraph("<b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b>",
                       style("qh", alignment=TA_CENTER, fontSize=10.5, leading=14)),
             p("Độc lập - Tự do - Hạnh phúc", center_b), p("_______________", center_small),
             p(f"{report.place + ', ' if report.place else ''}ngày {dd} tháng {mm} năm {yyyy}",
               center_i)]
    header = Table([[left, right]], colWidths=[68 * MM, width - 68 * MM])
    header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    story: list[Any] = [header, Spacer(1, 8), p(TITLE, title),
                        p(report.campaign, center_b), Spacer(1, 8)]
    if report.issuer:
        story += [p(f"Kính gửi: {report.issuer}", center), Spacer(1, 6)]

    # I. summary
    f = report.figures
    story.append(p("I. TÓM TẮT KẾT QUẢ", h1))
    story.append(p(
        f"Thời gian đánh giá từ ngày {fmt.day(report.window[0])} đến ngày "
        f"{fmt.day(report.window[1])}"
        + (f", theo bộ tiêu chí «{report.set_title}»" if report.set_title else "")
        + f". Tổ thẩm định đã kiểm tra minh chứng của {fmt.number(f.units)} đơn vị; số liệu "
        "dưới đây tính đến " + fmt.moment(report.made_at) + ". Điểm xác minh chỉ tính các "
        "số liệu đã được minh chứng xác nhận hoặc thẩm định viên chấp nhận.", body))
    rows = [[p("Nội dung", cell_b), p("Kết quả", cell_b)]]
    rows += [[p(k), p(v)] for k, v in summary_lines(report)]
    t = Table(rows, colWidths=[70 * MM, width - 70 * MM], repeatRows=1)
    t.setStyle(TableStyle(grid))
    story += [t, Spacer(1, 6)]

    # II. charts
    story.append(CondPageBreak(120 * MM))
    story.append(p("II. BIỂU ĐỒ", h1))
    story.append(p("1. Điểm tự đánh giá và điểm xác minh của từng đơn vị", h2))
    units = list(report.scores)
    for i in range(0, len(units), CHART_UNITS_PER_DRAWING):
        story.append(_score_chart(units[i:i + CHART_UNITS_PER_DRAWING], font, width))
    story.append(p("Hình 1. Điểm tự đánh giá và điểm xác minh (thang điểm tối đa "
                   f"{fmt.points(max((u.max_points for u in units), default=0))})", caption))
    counts = rank_counts(report)
    story.append(KeepTogether([
        p("2. Phân bố xếp hạng theo điểm xác minh", h2), _rank_chart(counts, font, width),
        p("Hình 2. Số đơn vị theo xếp hạng (" + ", ".join(
            f"{r}: {fmt.number(c)}" for r, c in counts) + ")", caption)]))

    # III. annex: the ranking
    story.append(PageBreak())
    story.append(p("III. PHỤ LỤC: BẢNG XẾP HẠNG", h1))
    story.append(p("(Kèm theo Báo cáo kết quả thẩm định; xếp hạng theo điểm xác minh, thứ "
                   "tự trong từng cấp đơn vị)", center_i))
    for level in dict.fromkeys(u.level for u in report.scores):
        members = [u for u in report.scores if u.level == level]
        story.append(p(fmt.label("level", level), h2))
        rows = [[p(h, cell_b) for h in ("TT", "Đơn vị", "Tự đánh giá", "Xác minh", "Tối đa",
                                         "Xếp hạng", "Ghi chú")]]
        for u in members:
            rows.append([p(str(u.position) if u.position else "—", cell_r), p(u.name),
                         p(fmt.points(u.claimed), cell_r), p(fmt.points(u.verified), cell_r),
                         p(fmt.points(u.max_points), cell_r), p(u.rank or NOT_RANKED),
                         p(u.not_ranked or "; ".join(u.tier_reasons), note)])
        t = Table(rows, colWidths=[10 * MM, 48 * MM, 20 * MM, 18 * MM, 15 * MM, 20 * MM,
                                   width - 131 * MM], repeatRows=1)
        t.setStyle(TableStyle(grid))
        story.append(t)

    # IV. points lost
    story.append(CondPageBreak(60 * MM))
    story.append(p("IV. ĐIỂM BỊ TRỪ VÀ LÝ DO", h1))
    if not report.lost:
        story.append(p("Không đơn vị nào bị trừ điểm.", body))
    for u, lost in report.lost:
        story.append(p(f"{u.name}: bị trừ {fmt.points(u.max_points - u.verified)} điểm "
                       f"(xác minh {fmt.points(u.verified)}/{fmt.points(u.max_points)})", h2))
        rows = [[p(h, cell_b) for h in ("Tiêu chí", "Tự đánh giá", "Xác minh", "Tối đa",
                                         "Lý do")]]
        for c in lost:
            reason: list[Any] = [p(c.reason or "—")]
            reason += [p("• " + _finding_text(x), note) for x in c.findings]
            rows.append([[p(c.title), p(c.code, note)],
                         p(fmt.points(c.claimed) if c.claimed is not None else "không khai",
                           cell_r), p(fmt.points(c.verified), cell_r),
                         p(fmt.points(c.max_points), cell_r), reason])
        t = Table(rows, colWidths=[48 * MM, 18 * MM, 15 * MM, 14 * MM, width - 95 * MM],
                  repeatRows=1)
        t.setStyle(TableStyle(grid))
        story.append(t)

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(font, 9)
        canvas.drawCentredString(A4_W / 2, 12 * MM, f"Trang {doc.page}")
        canvas.restoreState()

    old = rl_config.invariant
    rl_config.invariant = 1 if invariant else old
    try:
        buf = io.BytesIO()
        doc = SimpleDocTemplate(buf, pagesize=(A4_W, A4_H), leftMargin=30 * MM,
                                rightMargin=15 * MM, topMargin=20 * MM, bottomMargin=20 * MM,
                                title=f"Báo cáo kết quả thẩm định: {report.campaign}",
                                author=report.team, subject=report.campaign,
                                creator="kiemchung")
        doc.build(story, onFirstPage=footer, onLaterPages=footer)
        return buf.getvalue()
    finally:
        rl_config.invariant = old


# --- all of it ---------------------------------------------------------------------------

def build_report(session: Session, campaign: Campaign, scores: Sequence[UnitScore],
                 ranks: Sequence[str] = (), set_title: str = "") -> tuple[bytes, bytes]:
    """(PDF, XLSX) of the campaign report, for the CLI and the web app's download.
    ``scores``: ``flows.score_stage.score_campaign(ctx)``; ``ranks``: the set's rank or
    tier names, best first (``rank_names``)."""
    report = collect(session, campaign, scores, ranks, set_title)
    return render_pdf(report), render_xlsx(report)


def rank_names(criteria_set: Any = None, tiers: Any = None) -> tuple[str, ...]:
    """The rank (A–D) or tier (Mức I–IV) names a campaign can give, best first."""
    if tiers:
        names: list[str] = []
        for table in tiers.values():
            names += [t.name for t in table.tiers if t.name not in names]
        return tuple(names)
    if criteria_set is not None:
        return tuple(name for name, _ in criteria_set.ranks)
    return ()
