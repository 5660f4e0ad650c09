"""The findings query and the assignment migration (0008) on SQLite and PostgreSQL:
filters, sort, pages, the folded search over file names, messages and replies, the
assignee filter and rules; the migration goes down and up."""

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from kiemchung.core.codes import FindingCode
from storage.assignment import add_rule, apply_rules, assign
from storage.campaign_file import load_campaign, sync_campaign
from storage.db import MIGRATIONS_DIR, migrate
from storage.findings import NewFinding, sync_findings
from storage.models import Criterion, Decision, Evidence, Finding, Reply, Unit, utcnow
from storage.queries import NOBODY, FindingFilter, find_findings
from tests.conftest import SAMPLE


def _seed(engine: Engine) -> tuple[int, dict[str, int]]:
    """Three findings of two units: an empty file, a coverage gap, a mismatch with a
    reply «Số liệu đúng theo phần mềm một cửa»."""
    with Session(engine) as s:
        camp = sync_campaign(s, load_campaign(SAMPLE / "campaign.toml"))
        s.commit()
        cid = camp.id
        assert cid is not None
        units = {u.code: u for u in s.exec(select(Unit))}
        crit = s.exec(select(Criterion)).first()
        assert crit is not None
        qp, vp = units["xa-quang-phong"], units["van-phong"]
        ev = Evidence(campaign_id=cid, unit_id=qp.id, criterion_id=crit.id,
                      source_path="xa-quang-phong/x/Thống kê một cửa.png",
                      original_name="Thống kê một cửa.png", sha256="a", size=1,
                      media_type="image/png", kind="image", uploaded_at=utcnow(),
                      blob_key="a")
        s.add(ev)
        s.flush()
        sync_findings(s, cid, "t:1", [NewFinding(
            FindingCode.FILE_EMPTY, "f:1", {"file": ev.source_path}, unit_id=qp.id,
            criterion_id=crit.id, evidence_id=ev.id)])
        sync_findings(s, cid, "t:2", [NewFinding(
            FindingCode.COVERAGE_QUARTER_MISSING, "f:2", {
                "unit": "Văn phòng", "who": "chữ ký cơ quan", "quarter": 2,
                "slice": "01/01/2019–31/03/2019"}, unit_id=vp.id, criterion_id=crit.id)])
        sync_findings(s, cid, "t:3", [NewFinding(
            FindingCode.CLAIM_MISMATCH, "f:3", {"fact": "Hồ sơ", "claimed": "1.811",
                                                "found": "1.741", "source": "x"},
            unit_id=qp.id, criterion_id=crit.id)])
        s.commit()
        ids = {x.code: x.id or 0 for x in s.exec(select(Finding))}
        s.add(Reply(finding_id=ids["CLAIM_MISMATCH"], unit_id=qp.id or 0, author="qp",
                    text="Số liệu đúng theo phần mềm một cửa"))
        s.commit()
        return cid, ids


def _codes(engine: Engine, cid: int, f: FindingFilter) -> list[str]:
    with Session(engine) as s:
        return [r.finding.code for r in find_findings(s, cid, f).rows]


def test_filters_sort_pages_and_replies(engine: Engine) -> None:
    cid, ids = _seed(engine)
    assert _codes(engine, cid, FindingFilter(unit="van-phong")) == ["COVERAGE_QUARTER_MISSING"]
    assert _codes(engine, cid, FindingFilter(code="FILE_EMPTY")) == ["FILE_EMPTY"]
    assert _codes(engine, cid, FindingFilter(sort="newest")) == [
        "CLAIM_MISMATCH", "COVERAGE_QUARTER_MISSING", "FILE_EMPTY"]
    with Session(engine) as s:
        page = find_findings(s, cid, FindingFilter(sort="oldest", page=2, page_size=2))
        assert (page.total, page.pages, [r.finding.code for r in page.rows]) == (
            3, 2, ["CLAIM_MISMATCH"])
        rows = {r.finding.code: r for r in find_findings(s, cid, FindingFilter()).rows}
        assert rows["CLAIM_MISMATCH"].replied and not rows["FILE_EMPTY"].replied
        assert rows["FILE_EMPTY"].file.endswith("Thống kê một cửa.png")
        assert rows["COVERAGE_QUARTER_MISSING"].unit_name and \
            rows["COVERAGE_QUARTER_MISSING"].file == ""
        x = s.get(Finding, ids["FILE_EMPTY"])
        assert x is not None
        x.status = "accepted"
        s.add(x)
        s.commit()
    assert "FILE_EMPTY" not in _codes(engine, cid, FindingFilter())
    assert "FILE_EMPTY" in _codes(engine, cid, FindingFilter(status="all"))


def test_search_is_folded_over_file_names_messages_and_replies(engine: Engine) -> None:
    cid, _ = _seed(engine)
    # file name, without diacritics
    assert _codes(engine, cid, FindingFilter(search="thong ke")) == ["FILE_EMPTY"]
    # message, another case
    assert _codes(engine, cid, FindingFilter(search="QUÝ 2")) == ["COVERAGE_QUARTER_MISSING"]
    # reply only, folded, two words anywhere
    assert _codes(engine, cid, FindingFilter(search="phan mem dung")) == ["CLAIM_MISMATCH"]
    assert _codes(engine, cid, FindingFilter(search="không-có-đâu")) == []


def test_assignment_by_hand_and_by_rule_is_audited(engine: Engine) -> None:
    cid, ids = _seed(engine)
    with Session(engine) as s:
        vp = s.exec(select(Unit).where(Unit.code == "van-phong")).one()
        x = s.get(Finding, ids["FILE_EMPTY"])
        assert x is not None and assign(s, x, "lan", "admin")
        assert not assign(s, x, "lan", "admin")  # already hers: nothing recorded
        add_rule(s, cid, vp.id, None, "minh", "admin")
        add_rule(s, cid, None, x.criterion_id, "hoa", "admin")
        assert apply_rules(s, cid) == 2
        s.commit()
    assert _codes(engine, cid, FindingFilter(assignee="lan")) == ["FILE_EMPTY"]  # by hand kept
    assert _codes(engine, cid, FindingFilter(assignee="minh")) == ["COVERAGE_QUARTER_MISSING"]
    assert _codes(engine, cid, FindingFilter(assignee="hoa")) == ["CLAIM_MISMATCH"]
    assert _codes(engine, cid, FindingFilter(assignee=NOBODY)) == []
    with Session(engine) as s:
        assert apply_rules(s, cid) == 0  # nothing left to give
        trail = s.exec(select(Decision).where(Decision.action == "assign")).all()
        assert len(trail) == 3 and {d.actor for d in trail} == {"admin", "quy-tac"}


def test_the_assignment_migration_goes_down_and_up(engine: Engine) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0007")
    assert "assignmentrule" not in inspect(engine).get_table_names()
    assert "assignee" not in {c["name"] for c in inspect(engine).get_columns("finding")}
    migrate(engine)
    from storage.models import SQLModel

    for table in ("finding", "assignmentrule"):
        declared = {c.name for c in SQLModel.metadata.tables[table].columns}
        assert declared == {c["name"] for c in inspect(engine).get_columns(table)}
