"""A 150-unit, 60-criterion campaign set up from the spreadsheet template, without TOML."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook

from storage.campaign_check import check_campaign, fact_names
from storage.campaign_sheet import (
    CRITERION_COLUMNS,
    FIRST_ROW,
    HEADER_ROW,
    LEADER_COLUMNS,
    UNIT_COLUMNS,
    import_workbook,
    write_template,
)


def _col(columns: list, key: str) -> int:  # type: ignore[type-arg]
    return next(i for i, c in enumerate(columns, start=1) if c.key == key)


def fill(path: Path, units: int = 150, criteria: int = 60) -> None:
    """What a province does by hand: the settings, then one row per unit, leader and
    criterion under the example rows."""
    wb = load_workbook(path)
    ws = wb["campaign"]
    keys = {ws.cell(r, 1).value: r for r in range(FIRST_ROW, ws.max_row + 1)}
    ws.cell(keys["code"], 2, "gialai-cqdt-2019")
    ws.cell(keys["name"], 2, "Đánh giá, xếp hạng Chính quyền điện tử tỉnh Gia Lai năm 2019")
    ws.cell(keys["issuer"], 2, "Sở Thông tin và Truyền thông tỉnh Gia Lai")
    ws.cell(keys["year"], 2, 2019)
    ws.cell(keys["window.start"], 2, dt.datetime(2018, 10, 1))
    ws.cell(keys["window.end"], 2, dt.datetime(2019, 9, 30))
    ws.cell(keys["deadlines.default"], 2, dt.datetime(2019, 10, 25))
    ws.cell(keys["deadlines.department"], 2, dt.datetime(2019, 10, 18))
    ws.cell(keys["deadlines.commune"], 2, 10)
    ws.cell(keys["deadlines.commune"], 3, "survey_received")
    ws.cell(keys["events.survey_received"], 2, dt.datetime(2019, 10, 7))
    ws.cell(keys["portal_url"], 2, "https://minhchung.example.test")
    ws.cell(keys["claims"], 2, "claims.csv")
    ws.cell(keys["complaints.within"], 2, 5)
    u, ld, cr = wb["units"], wb["leaders"], wb["criteria"]
    u.cell(FIRST_ROW + 1, 1, "ubnd-tinh")
    u.cell(FIRST_ROW + 1, 2, "UBND tỉnh (thử nghiệm)")
    u.cell(FIRST_ROW + 1, 3, "other")
    levels = ["department", "district", "commune"]
    for i in range(1, units):
        r = FIRST_ROW + 1 + i
        code = f"dv-{i:03d}"
        u.cell(r, _col(UNIT_COLUMNS, "code"), code)
        u.cell(r, _col(UNIT_COLUMNS, "name"), f"Đơn vị thử nghiệm số {i}")
        u.cell(r, _col(UNIT_COLUMNS, "level"), levels[i % 3])
        u.cell(r, _col(UNIT_COLUMNS, "parent"), "ubnd-tinh")
        u.cell(r, _col(UNIT_COLUMNS, "org_id"), f"MNS:{1040000 + i}")
        for j, title in enumerate(("Chủ tịch", "Phó Chủ tịch")):
            lr = FIRST_ROW + 1 + 2 * (i - 1) + j
            ld.cell(lr, _col(LEADER_COLUMNS, "unit"), code)
            ld.cell(lr, _col(LEADER_COLUMNS, "name"), f"Lãnh đạo {i}.{j}")
            ld.cell(lr, _col(LEADER_COLUMNS, "title"), title)
            ld.cell(lr, _col(LEADER_COLUMNS, "id"), f"CCCD:0640{i:04d}{j:04d}")
    facts = fact_names()
    for k in range(criteria):
        r = FIRST_ROW + 1 + k
        cr.cell(r, _col(CRITERION_COLUMNS, "code"), f"{k // 10 + 1}.{k % 10 + 1}")
        cr.cell(r, _col(CRITERION_COLUMNS, "title"), f"Tiêu chí thử nghiệm {k + 1}")
        cr.cell(r, _col(CRITERION_COLUMNS, "max_points"), 2)
        cr.cell(r, _col(CRITERION_COLUMNS, "kind_pdf_signed"), "x")
        cr.cell(r, _col(CRITERION_COLUMNS, f"level_{levels[k % 3]}"), "x")
        if k % 4 == 0:
            cr.cell(r, _col(CRITERION_COLUMNS, "signatures"), "organization")
            cr.cell(r, _col(CRITERION_COLUMNS, "coverage"), "quarterly")
        if k % 4 == 1:
            cr.cell(r, _col(CRITERION_COLUMNS, "numerator"), facts[k % len(facts)])
            cr.cell(r, _col(CRITERION_COLUMNS, "denominator"), facts[(k + 1) % len(facts)])
        cr.cell(r, _col(CRITERION_COLUMNS, "required"), k % 2 == 0)
    wb.save(path)


def test_template_has_drop_downs_notes_and_examples(tmp_path: Path) -> None:
    path = tmp_path / "mau.xlsx"
    write_template(path)
    wb = load_workbook(path)
    assert wb.sheetnames[:4] == ["campaign", "units", "leaders", "criteria"]
    units = wb["units"]
    assert units.cell(HEADER_ROW, 3).value == "Cấp (level)"
    assert "commune" in (units.cell(HEADER_ROW, 3).comment.text or "")
    assert str(units.cell(FIRST_ROW, 1).value).startswith("#")  # the example row
    lists = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in
             wb["criteria"].data_validations.dataValidation}
    sig = f"{chr(64 + _col(CRITERION_COLUMNS, 'signatures'))}{FIRST_ROW}"
    assert sig in lists
    assert [c.value for c in wb["lists"]["C"][1:3]] == ["none", "quarterly"]
    camp = wb["campaign"]
    rows = {camp.cell(r, 1).value: r for r in range(FIRST_ROW, camp.max_row + 1)}
    assert camp.cell(rows["name"], 2).value is None  # examples are notes, not values
    assert "Ví dụ: 18/10/2019" in str(camp.cell(rows["deadlines.default"], 4).value)
    assert camp.cell(rows["trust"], 2).value == "vietnam"


def test_150_units_60_criteria_from_the_sheet(tmp_path: Path) -> None:
    path = tmp_path / "dot.xlsx"
    write_template(path)
    fill(path)
    (tmp_path / "claims.csv").write_text("unit,criterion,value\n", encoding="utf-8")
    out = tmp_path / "campaign.toml"
    problems = import_workbook(path, out)
    assert not [p for p in problems if not p.warning], problems
    result = check_campaign(out)
    assert result.ok, result.report()
    cfg = result.config
    assert cfg is not None
    assert len(cfg.units) == 150 and len(cfg.criteria) == 60
    assert sum(len(u.leaders) for u in cfg.units) == 2 * 149
    assert cfg.unit("dv-007") is not None and cfg.unit("dv-007").leaders[1].title == \
        "Phó Chủ tịch"  # type: ignore[union-attr]
    assert cfg.criterion("1.1").evidence.signatures == "organization"  # type: ignore[union-attr]
    assert cfg.criterion("1.1").levels == ["department"]  # type: ignore[union-attr]
    assert cfg.deadline_for("commune") == dt.date(2019, 10, 21)  # 10 working days
    assert cfg.deadline_for("department") == dt.date(2019, 10, 18)
    assert cfg.portal_url == "https://minhchung.example.test"


def test_sheet_errors_name_sheet_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "dot.xlsx"
    write_template(path)
    fill(path, units=5, criteria=3)
    wb = load_workbook(path)
    wb["units"].cell(FIRST_ROW + 3, _col(UNIT_COLUMNS, "level"), "comune")
    wb["leaders"].cell(FIRST_ROW + 2, 1, "dv-0002")
    wb["criteria"].cell(FIRST_ROW + 2, _col(CRITERION_COLUMNS, "numerator"), "staff_totl")
    wb.save(path)
    problems = [str(p) for p in import_workbook(path, tmp_path / "c.toml")]
    assert any("sheet «leaders», hàng 5, cột A" in p and "«dv-002»" in p for p in problems), \
        problems
    wb["leaders"].cell(FIRST_ROW + 2, 1, "dv-002")
    wb.save(path)
    problems = [str(p) for p in import_workbook(path, tmp_path / "c.toml")]
    assert not (tmp_path / "c.toml").exists()
    assert any("sheet «units», hàng 6, cột C (units!C6)" in p and "«commune»" in p
               for p in problems), problems
    assert any("criteria!" in p and "«staff_total»" in p for p in problems), problems
    assert any("claims" in p and "not found" in p for p in problems), problems
