"""The campaign report («Báo cáo kết quả thẩm định») of the sample campaign's stored
results: the PDF opens (pypdf and poppler), says what it must in Vietnamese, embeds
Liberation Serif; the workbook holds the same; decisions and the audit log export."""

from __future__ import annotations

import csv
import io
import subprocess
from pathlib import Path

import typer
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlmodel import Session, select
from typer.testing import CliRunner

from flows.confirm_stage import decide
from flows.context import RunContext
from flows.notify_stage import make_notices
from flows.score_stage import score_campaign
from kiemchung.cli.report import register, write_report
from storage.models import Finding
from tests.flows.conftest import run_all, sqlite_ctx

__all__ = ["sqlite_ctx"]

UNITS = ("UBND huyện Hải Hà", "Văn phòng HĐND và UBND huyện", "Phòng Tài chính - Kế hoạch",
         "Phòng Văn hóa và Thông tin", "UBND thị trấn Quảng Hà", "UBND xã Quảng Phong",
         "UBND xã Quảng Thịnh")


def test_report_of_the_sample_campaign(sqlite_ctx: RunContext, tmp_path: Path) -> None:
    ctx = sqlite_ctx
    run_all(ctx)
    score_campaign(ctx)
    make_notices(ctx)
    with Session(ctx.engine) as s:
        f = s.exec(select(Finding).where(Finding.code == "SIG_ORDER_WRONG")).first()
        assert f is not None and f.id is not None
        decide(s, actor="thamdinh", action="accept", reason="đã đối chiếu bản giấy",
               finding_id=f.id)
        s.commit()
    out = tmp_path / "bao-cao" / "bao-cao.pdf"
    written = write_report(ctx.cfg.base_dir / "campaign.toml", str(ctx.engine.url), out,
                           xlsx=tmp_path / "bao-cao.xlsx", decisions=tmp_path / "qd.csv",
                           audit=tmp_path / "nhat-ky.xlsx", settings=ctx.settings)
    assert [w.path for w in written] == [out, tmp_path / "bao-cao.xlsx", tmp_path / "qd.csv",
                                         tmp_path / "nhat-ky.xlsx"]

    # the PDF: opens, Vietnamese text where it belongs
    reader = PdfReader(out)
    assert len(reader.pages) >= 4
    # words as a reader sees them (a cell may wrap a name over two lines)
    pages = [" ".join(p.extract_text().split()) for p in reader.pages]
    text = "\n".join(pages)
    assert "BÁO CÁO KẾT QUẢ THẨM ĐỊNH" in pages[0]
    assert "Kính gửi: UBND huyện Hải Hà" in pages[0]
    assert "Thời gian đánh giá từ ngày 01/10/2018 đến ngày 30/09/2019" in pages[0]
    assert "I. TÓM TẮT KẾT QUẢ" in pages[0] and "Tệp minh chứng đang dùng" in pages[0]
    assert "II. BIỂU ĐỒ" in text and "Điểm tự đánh giá" in text and "Điểm xác minh" in text
    # the distribution chart's caption carries its data
    assert "A: 0, B: 0, C: 4, D: 2, Không xếp hạng: 1" in text
    annex = next(p for p in pages if "III. PHỤ LỤC: BẢNG XẾP HẠNG" in p)
    for name in UNITS:
        assert name in annex, name
    assert "17,93" in annex and "9,93" in annex  # UBND huyện: claimed, verified
    assert "Cấp huyện" in annex and "Cấp xã" in annex and "Phòng, ban" in annex
    assert "nộp minh chứng sau hạn 18/10/2019" in annex
    assert "IV. ĐIỂM BỊ TRỪ VÀ LÝ DO" in text
    assert "UBND huyện Hải Hà: bị trừ 10,07 điểm" in text
    assert "thiếu chữ ký số cá nhân của người có thẩm quyền" in text  # a finding behind
    # lost points
    assert "CLAIM_MISMATCH" not in text and "SIG_ORDER_WRONG" not in text
    assert "1811.0" not in text and "245000000" not in text
    fonts = {str(f["/BaseFont"]) for p in reader.pages
             for f in (p["/Resources"].get("/Font") or {}).values()}
    assert fonts and all("LiberationSerif" in f for f in fonts), fonts
    # and poppler renders it (what a reader's viewer does)
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True)
    assert f"Pages:           {len(reader.pages)}" in info.stdout
    subprocess.run(["pdftoppm", "-r", "30", "-png", "-f", "1", "-l", "2", str(out),
                    str(tmp_path / "trang")], check=True)
    assert len(list(tmp_path.glob("trang-*.png"))) == 2

    # the workbook: the same content
    wb = load_workbook(tmp_path / "bao-cao.xlsx")
    assert wb.sheetnames == ["Tóm tắt", "Xếp hạng", "Phân bố xếp hạng", "Điểm bị trừ",
                             "Chi tiết"]
    ranking = wb["Xếp hạng"]
    assert ranking.max_row == 1 + len(UNITS) and ranking.freeze_panes == "A2"
    heads = [c.value for c in ranking[1]]
    huyen = next(r for r in ranking.iter_rows(min_row=2, values_only=True)
                 if r[0] == "ubnd-huyen")
    assert dict(zip(heads, huyen, strict=True))["Điểm xác minh"] == 9.93
    dist = {r[0]: r[1] for r in wb["Phân bố xếp hạng"].iter_rows(min_row=2, values_only=True)}
    assert dist == {"A": 0, "B": 0, "C": 4, "D": 2, "Không xếp hạng": 1}
    lost = wb["Điểm bị trừ"]
    lheads = [c.value for c in lost[1]]
    by_unit = [dict(zip(lheads, r, strict=True))
               for r in lost.iter_rows(min_row=2, values_only=True)]
    assert round(sum(r["Điểm bị trừ"] for r in by_unit if r["Mã đơn vị"] == "ubnd-huyen"),
                 2) == 10.07
    assert all(r["Lý do"] for r in by_unit)
    summary = {r[0]: r[1] for r in wb["Tóm tắt"].iter_rows(min_row=2, values_only=True)}
    assert summary["Kính gửi"] == "UBND huyện Hải Hà"
    assert summary["Quyết định của thẩm định viên"] == "1"

    # decisions (CSV with a BOM) and the audit log (XLSX)
    raw = (tmp_path / "qd.csv").read_bytes()
    assert raw[:3] == b"\xef\xbb\xbf"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 1 and rows[0]["Hành động"] == "chấp nhận"
    assert rows[0]["Vấn đề"] == "Thứ tự ký số chưa đúng"
    assert rows[0]["Lý do"] == "đã đối chiếu bản giấy"
    audit = load_workbook(tmp_path / "nhat-ky.xlsx")["Nhật ký thẩm định"]
    assert audit.max_row == 2 and audit["B2"].value == "thamdinh"


def test_report_command_speaks_vietnamese(tmp_path: Path) -> None:
    app = typer.Typer()
    register(app)

    @app.command("noop")
    def noop() -> None:  # a second command, so typer keeps «report» as a subcommand
        """Không làm gì."""

    runner = CliRunner()
    shown = runner.invoke(app, ["report", "--help"], env={"COLUMNS": "200"})
    assert shown.exit_code == 0
    assert "Báo cáo kết quả thẩm định" in shown.output and "Tệp PDF của báo cáo" in shown.output
    bad = runner.invoke(app, ["report", "--out", str(tmp_path / "bao-cao.docx")])
    assert bad.exit_code == 2
    assert "phải có đuôi .pdf" in bad.output
    assert not (tmp_path / "bao-cao.docx").exists()


def test_rank_names_and_an_empty_campaign() -> None:
    from collections import Counter
    from datetime import UTC, date, datetime

    from scoring.campaign_report import (
        CampaignReport,
        Figures,
        rank_counts,
        rank_names,
        render_pdf,
        render_xlsx,
    )
    from scoring.tiers import load_tiers

    tiers = rank_names(tiers=load_tiers())  # Nam Đông: Mức I–IV, best first
    assert tiers[0] == "Mức I" and tiers[-1] == "Mức IV" and len(tiers) == 4
    report = CampaignReport("Đợt thử", "UBND huyện Nam Đông", "", "TỔ THẨM ĐỊNH", "Nam Đông",
                            2018, (date(2017, 10, 1), date(2018, 9, 30)),
                            datetime(2026, 12, 1, 7, 5, tzinfo=UTC),
                            Figures(0, 0, 0, 0, Counter(), Counter(), 0, 0, 0), (), tiers)
    assert rank_counts(report) == [(t, 0) for t in tiers] + [("Không xếp hạng", 0)]
    text = " ".join(" ".join(p.extract_text().split())
                    for p in PdfReader(io.BytesIO(render_pdf(report))).pages)
    assert "Chưa có đơn vị nào được chấm điểm" in text
    assert "Không đơn vị nào bị trừ điểm" in text
    assert "Nam Đông, ngày 01 tháng 12 năm 2026" in text  # the date line in Vietnam time
    wb = load_workbook(io.BytesIO(render_xlsx(report)))
    assert wb["Xếp hạng"].max_row == 1
