"""Exports people open: CSV with a BOM and Vietnamese headers, XLSX with typed cells,
fitted columns, a frozen header and a filter; decisions and the audit log too."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from decimal import Decimal

from openpyxl import load_workbook
from sqlalchemy.engine import Engine
from sqlmodel import Session

from scoring import export
from scoring.unit_scores import CriterionScore, GroupScore, UnitScore
from storage.models import Campaign, Claim, Criterion, Decision, Finding, Unit
from storage.publication import Complaint


def _scores() -> list[UnitScore]:
    crit = (CriterionScore("1.1", "Ban hành kế hoạch ứng dụng CNTT", "1", Decimal("2"),
                           Decimal("2"), Decimal("2")),
            CriterionScore("2.1", "Tỷ lệ văn bản đi được ký số", "2", Decimal("8.00"),
                           Decimal("7.5"), Decimal("0"), "số liệu mâu thuẫn với minh chứng",
                           ("CLAIM_MISMATCH: Số liệu tự đánh giá «Tổng số văn bản đi» = 1.812 "
                            "không khớp với minh chứng = 1.811",)))
    groups = (GroupScore("1", "Hạ tầng", Decimal("2"), Decimal("2"), Decimal("2")),
              GroupScore("2", "Kết quả", Decimal("8"), Decimal("7.5"), Decimal("0")))
    return [UnitScore("van-phong", "Văn phòng HĐND và UBND huyện", "office", crit, groups,
                      Decimal("10"), Decimal("9.5"), Decimal("2"), "A", "D", position=1),
            UnitScore("xa-quang-thinh", "UBND xã Quảng Thịnh", "commune", crit, groups,
                      Decimal("10"), Decimal("9.5"), Decimal("2"), "A", None,
                      not_ranked="nộp minh chứng sau hạn 18/10/2019: không xếp hạng")]


def test_csv_has_a_bom_and_vietnamese_headers_and_plain_numbers() -> None:
    text = export.to_csv(_scores())
    assert text.startswith("\ufeff")
    data = text.encode("utf-8")
    assert data[:3] == b"\xef\xbb\xbf"
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == list(export.HEADERS)
    assert rows[0][:3] == ["Mã đơn vị", "Đơn vị", "Cấp"]
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Cấp"] == "Phòng, ban"
    assert first["Điểm tối đa"] == "2"  # not «2.0», not «2.00»
    second = dict(zip(rows[0], rows[2], strict=True))
    assert second["Điểm tối đa"] == "8" and second["Điểm tự đánh giá"] == "7.5"
    assert "CLAIM_MISMATCH" in second["Vấn đề liên quan"]
    assert len(rows) == 1 + 2 * (2 + 2 + 1)
    assert not export.to_csv(_scores(), bom=False).startswith("\ufeff")


def test_xlsx_typed_fitted_frozen_filtered(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "diem.xlsx"
    export.write_xlsx(_scores(), path)
    wb = load_workbook(path)
    assert wb.sheetnames == ["Xếp hạng", "Chi tiết"]
    ranking, detail = wb["Xếp hạng"], wb["Chi tiết"]
    for ws in (ranking, detail):
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}"
        assert all(c.font.bold for c in ws[1])
    heads = [c.value for c in ranking[1]]
    assert heads[:3] == ["Mã đơn vị", "Đơn vị", "Cấp"]
    row = {h: c.value for h, c in zip(heads, ranking[2], strict=True)}
    assert row["Điểm xác minh"] == 2 and isinstance(row["Điểm xác minh"], int)
    assert row["Điểm tự đánh giá"] == 9.5 and isinstance(row["Điểm tự đánh giá"], float)
    assert row["Chênh lệch"] == -7.5
    assert row["Thứ tự"] == 1
    assert row["Cấp"] == "Phòng, ban"
    # fitted: the unit name column is wider than the level column, and both fit their text
    widths = {h: ranking.column_dimensions[c.column_letter].width
              for h, c in zip(heads, ranking[1], strict=True)}
    assert widths["Đơn vị"] >= len("Văn phòng HĐND và UBND huyện")
    assert widths["Cấp"] < widths["Đơn vị"]
    assert len(set(widths.values())) > 3  # not all the same width
    dheads = [c.value for c in detail[1]]
    long = detail.cell(3, dheads.index("Vấn đề liên quan") + 1)
    assert long.alignment.wrap_text  # longer than the widest column: wrapped
    assert detail.column_dimensions[long.column_letter].width == export.MAX_WIDTH


def test_dates_and_times_in_sheets() -> None:
    sheet = export.Sheet("Thử", (export.Column("Ngày", "date"), export.Column("Lúc", "moment"),
                                 export.Column("Tỷ lệ", "percent")),
                         [[date(2019, 9, 30), datetime(2026, 12, 1, 7, 5, tzinfo=UTC),
                           Decimal("0.933")]])
    text = export.sheet_csv(sheet)
    assert text.splitlines()[1] == "2019-09-30,2026-12-01 14:05,0.933"
    wb = load_workbook(io.BytesIO(export.workbook_bytes([sheet])))
    ws = wb["Thử"]
    assert ws["A2"].value == datetime(2019, 9, 30) and ws["A2"].number_format == "dd/mm/yyyy"
    assert ws["B2"].value == datetime(2026, 12, 1, 14, 5)  # Vietnam time
    assert ws["C2"].value == 0.933 and ws["C2"].number_format == "0.0%"


def test_decisions_and_audit_log(engine: Engine) -> None:
    with Session(engine) as s:
        camp = Campaign(code="thu", name="Thử", year=2019, window_start=date(2018, 10, 1),
                        window_end=date(2019, 9, 30))
        other = Campaign(code="khac", name="Khác", year=2019, window_start=date(2018, 10, 1),
                         window_end=date(2019, 9, 30))
        s.add(camp)
        s.add(other)
        s.flush()
        assert camp.id and other.id
        u = Unit(campaign_id=camp.id, code="van-phong", name="Văn phòng", level="office")
        u2 = Unit(campaign_id=other.id, code="x", name="X", level="commune")
        s.add(u)
        s.add(u2)
        s.flush()
        cr = Criterion(campaign_id=camp.id, code="2.1", title="Văn bản đi ký số", max_points=8)
        s.add(cr)
        s.flush()
        f = Finding(campaign_id=camp.id, fingerprint="a", scope="check", code="CLAIM_MISMATCH",
                    severity="blocking", message="Số liệu không khớp", unit_id=u.id,
                    criterion_id=cr.id)
        f2 = Finding(campaign_id=other.id, fingerprint="b", scope="check", code="SIG_MISSING",
                     severity="blocking", message="Không ký", unit_id=u2.id)
        s.add(f)
        s.add(f2)
        s.flush()
        assert u.id and cr.id
        claim = Claim(campaign_id=camp.id, unit_id=u.id, criterion_id=cr.id, value=1812)
        s.add(claim)
        s.flush()
        t = datetime(2026, 12, 1, 7, 5, tzinfo=UTC)
        s.add(Decision(finding_id=f.id, actor="thamdinh", action="accept", reason="đúng",
                       before_json=json.dumps({"finding_status": "open"}),
                       after_json=json.dumps({"finding_status": "accepted"}), created_at=t))
        s.add(Decision(finding_id=f.id, claim_id=claim.id, actor="thamdinh", action="override",
                       before_json=json.dumps({"status": "contradicted"}),
                       after_json=json.dumps({"status": "confirmed", "confirmed_value": 1811}),
                       created_at=t))
        s.add(Decision(finding_id=f2.id, actor="khac", action="reject", created_at=t))
        pub_id = _publication(s, camp.id)
        comp = Complaint(campaign_id=camp.id, publication_id=pub_id, unit_id=u.id,
                         criterion_code="2.1", text="xin xem lại", author="van-phong",
                         filed_on=date(2020, 1, 20))
        s.add(comp)
        s.flush()
        s.add(Decision(actor="thamdinh", action="complaint:accepted", reason="có cơ sở",
                       after_json=json.dumps({"complaint": comp.id, "status": "accepted"}),
                       created_at=t))
        s.commit()
        decisions = export.decision_sheet(s, camp.id)
        audit = export.decision_sheet(s, camp.id, audit=True)
    assert [r[2] for r in decisions.rows] == ["chấp nhận", "sửa giá trị"]  # not the other's
    assert [r[2] for r in audit.rows] == ["chấp nhận", "sửa giá trị", "khiếu nại: chấp nhận"]
    row = dict(zip(decisions.headers, decisions.rows[1], strict=True))
    assert row["Mã đơn vị"] == "van-phong" and row["Tiêu chí"] == "2.1 Văn bản đi ký số"
    assert row["Vấn đề"] == "Số liệu tự đánh giá không khớp minh chứng"
    assert row["Sau"] == "trạng thái: đã xác nhận; giá trị xác nhận: 1.811"
    text = export.sheet_csv(decisions)
    assert text.startswith("\ufeffThời điểm (giờ Việt Nam),Người thực hiện,Hành động")
    assert "2026-12-01 14:05" in text
    wb = load_workbook(io.BytesIO(export.workbook_bytes([decisions, audit])))
    assert wb.sheetnames == ["Quyết định thẩm định", "Nhật ký thẩm định"]
    ws = wb["Nhật ký thẩm định"]
    assert ws.max_row == 4 and ws["A2"].value == datetime(2026, 12, 1, 14, 5)
    assert ws["M2"].value == 1 or isinstance(ws["M2"].value, int)


def _publication(s: Session, campaign_id: int) -> int:
    from storage.publication import Publication

    p = Publication(campaign_id=campaign_id, published_on=date(2020, 1, 15), published_by="x",
                    scores_json="[]")
    s.add(p)
    s.flush()
    assert p.id
    return p.id
