"""Ingest and verify stages on both databases, over a copy of the sample campaign."""

import json
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from flows.context import RunContext
from flows.ingest import ingest_uploads
from flows.verify_stage import verify_pending
from kiemchung.core.errors import UploadsFolderMissing
from kiemchung.core.vocabulary import FindingStatus
from storage.models import Claim, Evidence, Fact, Finding, Verification
from tests.flows.conftest import ctx_for


def run_once(ctx: RunContext) -> tuple[object, object]:
    return ingest_uploads(ctx), verify_pending(ctx)


def open_findings(ctx: RunContext) -> dict[tuple[str, str], Finding]:
    with Session(ctx.engine) as s:
        rows = s.exec(select(Finding).where(Finding.status == FindingStatus.OPEN)).all()
        return {(f.code, json.loads(f.params_json).get("file", "")): f for f in rows}


@pytest.fixture
def ctx(sample_copy: Path, db_url: str, tmp_path: Path, memo_verify: None) -> RunContext:
    c = ctx_for(sample_copy, db_url, tmp_path)
    yield c
    c.engine.dispose()


def test_every_file_is_recorded_and_bad_input_becomes_findings(ctx: RunContext,
                                                               sample_copy: Path) -> None:
    manifest = json.loads((sample_copy / "expected.json").read_text(encoding="utf-8"))
    ingest, verify = run_once(ctx)
    assert ingest.new == len(manifest["files"]) and verify.pending == len(manifest["files"])
    with Session(ctx.engine) as s:
        evidence = s.exec(select(Evidence)).all()
        assert {e.source_path for e in evidence} == set(manifest["files"])
        for e in evidence:
            assert e.kind == manifest["files"][e.source_path]["kind"], e.source_path
            assert e.verdict is not None and ctx.blobs.has(e.blob_key)
        # identical uploads (one document in two criteria folders) are stored once
        blobs = [p for p in ctx.blobs.root.rglob("*") if p.is_file()]
        assert len(blobs) == len({e.sha256 for e in evidence}) < len(evidence)
        assert s.exec(select(Verification)).all().__len__() == len(blobs)
        claims = s.exec(select(Claim)).all()
    found = open_findings(ctx)
    ingest_codes = {"FILE_EMPTY", "UNIT_UNKNOWN", "FILE_TYPE_UNKNOWN", "FILE_UNREADABLE"}
    for rel, exp in manifest["files"].items():
        for code in set(exp["findings"]) & ingest_codes:
            assert (code, rel) in found, (code, rel)
            assert found[(code, rel)].message  # Vietnamese text for people
    bad = manifest["claims_findings"][0]
    row = next(f for (code, _), f in found.items() if code == "CLAIM_ROW_INVALID")
    assert json.loads(row.params_json)["row"] == bad["row"] and row.unit_id is not None
    assert len(claims) == 32  # every good row loaded despite the bad one


def test_facts_are_stored_with_provenance(ctx: RunContext, sample_copy: Path) -> None:
    manifest = json.loads((sample_copy / "expected.json").read_text(encoding="utf-8"))
    run_once(ctx)
    with Session(ctx.engine) as s:
        by_path = {e.source_path: e for e in s.exec(select(Evidence))}
        rel = "xa-quang-phong/ho-so-dung-han/thong-ke-mot-cua.png"
        facts = {f.name: f for f in s.exec(select(Fact).where(
            Fact.evidence_id == by_path[rel].id))}
    for name, value in manifest["files"][rel]["facts"].items():
        assert facts[name].value == str(value)
        assert facts[name].page == 1 and facts[name].method == "ocr"
        assert facts[name].bbox and facts[name].confidence is not None


def test_signature_findings_match_the_manifest(ctx: RunContext, sample_copy: Path) -> None:
    """Every signature fault in the sample yields exactly its findings; good files none."""
    manifest = json.loads((sample_copy / "expected.json").read_text(encoding="utf-8"))
    run_once(ctx)
    with Session(ctx.engine) as s:
        by_id = {e.id: e for e in s.exec(select(Evidence))}
        got: dict[str, set[str]] = {e.source_path: set() for e in by_id.values()}
        for f in s.exec(select(Finding).where(Finding.status == FindingStatus.OPEN)):
            if f.evidence_id and f.code.startswith("SIG_"):
                got[by_id[f.evidence_id].source_path].add(f.code)
        for e in by_id.values():
            assert e.verdict == manifest["files"][e.source_path]["verdict"], e.source_path
    for rel, exp in manifest["files"].items():
        assert got[rel] == {c for c in exp["findings"] if c.startswith("SIG_")}, rel


def test_second_run_does_no_work_and_duplicates_nothing(ctx: RunContext) -> None:
    run_once(ctx)
    with Session(ctx.engine) as s:
        counts = (len(s.exec(select(Evidence)).all()), len(s.exec(select(Finding)).all()),
                  len(s.exec(select(Claim)).all()))
    ingest, verify = run_once(ctx)
    assert (ingest.new, ingest.unchanged, verify.pending) == (0, ingest.seen, 0)
    with Session(ctx.engine) as s:
        assert counts == (len(s.exec(select(Evidence)).all()), len(s.exec(select(Finding)).all()),
                          len(s.exec(select(Claim)).all()))


def test_replacing_a_file_closes_its_findings_and_keeps_the_old_one(
        ctx: RunContext, sample_copy: Path) -> None:
    run_once(ctx)
    rel = "van-phong/thu-cong-vu/anh-chup-man-hinh.png"
    assert ("FILE_EMPTY", rel) in open_findings(ctx)
    good = sample_copy / "uploads" / "van-phong/thu-cong-vu/tai-khoan-thu-cong-vu.png"
    (sample_copy / "uploads" / rel).write_bytes(good.read_bytes() + b"\x00")
    ingest, _ = run_once(ctx)
    assert (ingest.new, ingest.replaced) == (1, 1)
    assert ("FILE_EMPTY", rel) not in open_findings(ctx)
    with Session(ctx.engine) as s:
        rows = s.exec(select(Evidence).where(Evidence.source_path == rel)
                      .order_by(col(Evidence.id))).all()
        assert [r.replaced_at is not None for r in rows] == [True, False]
        assert all(ctx.blobs.has(r.blob_key) for r in rows)


def test_withdrawn_file_closes_its_findings(ctx: RunContext, sample_copy: Path) -> None:
    run_once(ctx)
    rel = "phong-vhtt/thu-cong-vu/danh-sach-tai-khoan.docx"
    (sample_copy / "uploads" / rel).unlink()
    ingest, _ = run_once(ctx)
    assert ingest.withdrawn == 1
    assert ("FILE_TYPE_UNKNOWN", rel) not in open_findings(ctx)


def test_missing_uploads_folder_is_a_clear_error(ctx: RunContext, sample_copy: Path) -> None:
    run_once(ctx)
    with Session(ctx.engine) as s:
        before = len(s.exec(select(Evidence)).all())
    (sample_copy / "uploads").rename(sample_copy / "uploads-moved")
    with pytest.raises(UploadsFolderMissing, match="does not exist"):
        ingest_uploads(ctx)
    with Session(ctx.engine) as s:
        assert len(s.exec(select(Evidence)).all()) == before
