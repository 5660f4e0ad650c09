"""The sample campaign is consistent with its manifest, and rebuilds identically."""

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from storage.campaign_file import load_campaign
from tests.conftest import SAMPLE

MANIFEST = json.loads((SAMPLE / "expected.json").read_text(encoding="utf-8"))


def _tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_manifest_lists_exactly_the_uploaded_files() -> None:
    assert set(_tree(SAMPLE / "uploads")) == set(MANIFEST["files"])


def test_campaign_has_the_units_the_issue_asks_for() -> None:
    cfg = load_campaign(SAMPLE / "campaign.toml")
    levels = [u.level for u in cfg.units]
    assert levels.count("district") == 1 and levels.count("office") >= 3
    assert levels.count("commune") >= 3
    assert (cfg.window.start.isoformat(), cfg.window.end.isoformat()) == ("2018-10-01",
                                                                            "2019-09-30")
    assert cfg.deadline_for("commune").isoformat() == "2019-10-18"


def test_every_deliberate_fault_is_in_the_manifest() -> None:
    faults = {e["fault"] for e in MANIFEST["files"].values() if e["fault"]}
    faults |= {f["description"].split(":")[0] for f in MANIFEST["unit_findings"]}
    faults |= {f["description"].split(":")[0] for f in MANIFEST["claims_findings"]}
    assert {"unsigned", "org_missing", "personal_missing", "wrong_order", "outside_window",
            "modified", "expired", "revoked", "untrusted", "claim_mismatch", "period",
            "date_outside", "late", "corrupt", "coverage", "empty", "unknown_type",
            "wrong_folder", "malformed_claim"} <= faults


def test_signed_documents_carry_leader_then_organization() -> None:
    """Read the sample's signatures with pyHanko: Decree 30 order and certificate UIDs."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    rel = "xa-quang-phong/ky-so-to-chuc/cv-2018-11-18-vu-van-giang.pdf"
    with (SAMPLE / "uploads" / rel).open("rb") as f:
        sigs = PdfFileReader(f).embedded_signatures
        uids = [s.signer_cert.subject.native.get("user_id", "") for s in sigs]
    assert [u.split(":")[0] for u in uids] == ["CCCD", "MNS"]


def test_pki_has_two_separate_trust_anchors_and_a_crl() -> None:
    from cryptography import x509

    roots = [x509.load_pem_x509_certificate(p.read_bytes())
             for p in sorted((SAMPLE / "pki" / "roots").glob("*.pem"))]
    names = sorted(r.subject.rfc4514_string() for r in roots)
    assert len(names) == 2 and "Chính phủ" in names[0] + names[1]
    crl = x509.load_der_x509_crl((SAMPLE / "pki" / "crl" / "ca-co-quan-nha-nuoc.crl").read_bytes())
    assert len(list(crl)) == 1
    ca = x509.load_pem_x509_certificate(
        (SAMPLE / "pki" / "certs" / "ca-co-quan-nha-nuoc.pem").read_bytes())
    assert "CA phục vụ các cơ quan Nhà nước (TEST)" in ca.subject.rfc4514_string()


@pytest.mark.slow
def test_generator_rebuilds_byte_identical(tmp_path: Path) -> None:
    from sample_evidence.generator.build import build

    dest = tmp_path / "s"
    dest.mkdir()
    shutil.copy(SAMPLE / "campaign.toml", dest)
    shutil.copytree(SAMPLE / "pki" / "keys", dest / "pki" / "keys")
    build(dest)
    for sub in ("uploads", "pki"):
        assert _tree(dest / sub) == _tree(SAMPLE / sub), sub
    for name in ("claims.csv", "received.csv", "expected.json"):
        assert (dest / name).read_bytes() == (SAMPLE / name).read_bytes(), name
