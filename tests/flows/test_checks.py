"""Every fault in the sample manifest yields exactly its findings, and nothing else."""

import itertools
import json
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, select

from flows.context import RunContext
from kiemchung.checks import quarter_slices
from kiemchung.core.vocabulary import FindingStatus
from storage.models import Criterion, Evidence, Finding, Unit
from tests.flows.conftest import run_all

WARNINGS_OF_OCR = {"OCR_LOW_CONFIDENCE"}  # depends on the OCR engine, not on a fault


def test_manifest_findings_exactly(sqlite_ctx: RunContext, sample_copy: Path) -> None:
    manifest = json.loads((sample_copy / "expected.json").read_text(encoding="utf-8"))
    run_all(sqlite_ctx)
    with Session(sqlite_ctx.engine) as s:
        evs = {e.id: e for e in s.exec(select(Evidence))}
        units = {u.id: u.code for u in s.exec(select(Unit))}
        crits = {c.id: c.code for c in s.exec(select(Criterion))}
        got_files: dict[str, set[str]] = {e.source_path: set() for e in evs.values()}
        got_units: set[tuple[str, str, str]] = set()
        claims_rows = []
        for f in s.exec(select(Finding).where(Finding.status == FindingStatus.OPEN)):
            if f.code in WARNINGS_OF_OCR:
                continue
            if f.evidence_id is not None:
                got_files[evs[f.evidence_id].source_path].add(f.code)
            elif f.code == "CLAIM_ROW_INVALID":
                claims_rows.append(json.loads(f.params_json)["row"])
            else:
                got_units.add((units[f.unit_id], crits[f.criterion_id], f.code))
    for rel, exp in manifest["files"].items():
        assert got_files[rel] == set(exp["findings"]), rel
    assert got_units == {(u["unit"], u["criterion"], u["code"])
                         for u in manifest["unit_findings"]}
    assert claims_rows == [c["row"] for c in manifest["claims_findings"]]


def test_checks_are_idempotent_and_close_when_evidence_is_replaced(
        sqlite_ctx: RunContext, sample_copy: Path) -> None:
    run_all(sqlite_ctx)
    with Session(sqlite_ctx.engine) as s:
        before = len(s.exec(select(Finding)).all())
    run_all(sqlite_ctx)
    with Session(sqlite_ctx.engine) as s:
        assert len(s.exec(select(Finding)).all()) == before
    # the unit re-sends the screenshot with the right period: PERIOD_MISMATCH closes
    rel = "phong-vhtt/ty-le-ky-so/thong-ke-van-ban-di.png"
    good = sample_copy / "uploads" / "phong-tckh/ty-le-ky-so/thong-ke-van-ban-di.png"
    (sample_copy / "uploads" / rel).write_bytes(good.read_bytes())
    run_all(sqlite_ctx)
    with Session(sqlite_ctx.engine) as s:
        open_codes = {f.code for f in s.exec(select(Finding).where(
            Finding.status == FindingStatus.OPEN, Finding.code == "PERIOD_MISMATCH"))}
    assert open_codes == set()


@pytest.mark.parametrize(("window", "n", "last"), [
    ((date(2018, 10, 1), date(2019, 9, 30)), 4, (date(2019, 7, 1), date(2019, 9, 30))),
    ((date(2018, 11, 1), date(2019, 10, 31)), 4, (date(2019, 8, 1), date(2019, 10, 31))),
    # A Lưới's window ends on 01/10/2021, inclusive: a fifth, one-day slice
    ((date(2020, 10, 1), date(2021, 10, 1)), 5, (date(2021, 10, 1), date(2021, 10, 1))),
])
def test_quarter_slices_for_each_seed_window(window, n, last) -> None:  # type: ignore[no-untyped-def]
    slices = quarter_slices(window)
    assert len(slices) == n and slices[-1] == last and slices[0][0] == window[0]
    for (a, b), (c, _d) in itertools.pairwise(slices):
        assert (c - b).days == 1 and a < b


def test_window_edges_are_inclusive() -> None:
    from kiemchung.checks import date_problems, late_problem

    w = (date(2018, 10, 1), date(2019, 9, 30))
    assert date_problems({"contract_date": "2018-10-01"}, w, "f", False) == []
    assert date_problems({"contract_date": "2019-09-30"}, w, "f", False) == []
    assert date_problems({"contract_date": "2019-10-01"}, w, "f", False)
    assert date_problems({"invoice_period": "2018-09"}, w, "f", False)
    assert date_problems({"invoice_period": "2019-09"}, w, "f", False) == []
    from datetime import datetime, timedelta, timezone

    vn = timezone(timedelta(hours=7))
    deadline = date(2019, 10, 18)
    assert late_problem(datetime(2019, 10, 18, 23, 0, tzinfo=vn), deadline,
                        "Asia/Ho_Chi_Minh", "f") is None
    assert late_problem(datetime(2019, 10, 19, 0, 1, tzinfo=vn), deadline,
                        "Asia/Ho_Chi_Minh", "f") is not None


def test_a_file_of_the_wrong_kind_is_reported() -> None:
    from kiemchung.checks import kind_problem

    assert kind_problem("image", ["pdf_signed"], "a.png") is not None
    assert kind_problem("pdf_signed", ["pdf_signed"], "a.pdf") is None
    assert kind_problem("unreadable", ["pdf_signed"], "a.pdf") is None  # already an error
    assert kind_problem("image", [], "a.png") is None  # no restriction


def test_finding_messages_write_numbers_and_dates_as_people_read_them() -> None:
    from datetime import datetime, timedelta, timezone
    from decimal import Decimal

    from kiemchung.checks import claim_problem, late_problem, reason_problem

    p = claim_problem(Decimal(1811), [(Decimal("1245.5"), "bc.pdf:2")], "outgoing_total",
                      Decimal("0.05"))
    assert p is not None and (p.params["claimed"], p.params["found"]) == ("1.811", "1.245,5")
    r = reason_problem(Decimal("2.50"), Decimal(3), "", "ky-so", "claims.csv:7")
    assert r is not None and (r.params["claimed"], r.params["max"]) == ("2,5", "3")
    late = late_problem(datetime(2019, 10, 19, 0, 1, tzinfo=timezone(timedelta(hours=7))),
                        date(2019, 10, 18), "Asia/Ho_Chi_Minh", "f")
    assert late is not None
    assert (late.params["received"], late.params["deadline"]) == ("19/10/2019", "18/10/2019")
