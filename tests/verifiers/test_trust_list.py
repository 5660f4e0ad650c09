"""The Vietnamese trust list shipped with kiemchung: pinned by fingerprint, roots as
anchors, intermediates for path building only, the preset in the trust store's
fingerprint, and an unknown root named honestly."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from kiemchung.core.codes import SigReason
from kiemchung.core.vocabulary import Verdict
from sample_evidence.generator.pki import Pki, utc
from tests.conftest import SAMPLE
from verifiers.pipeline import VerifyOptions
from verifiers.signatures import load_trust_store, verify_pdf_signatures
from verifiers.signatures.trust import TRUST_DIR, shipped_trust_list

VN = timezone(timedelta(hours=7))
ROOT = Path(__file__).resolve().parents[2]

PINNED = {  # from ../shared/trust/README.md
    "vietnam-national-root-ca.pem": ("root", "BA:C8:BF:60:9A:B4:20:A8:EE:17:80:D7:4F:4D:E5:C7:"
                                             "F7:18:49:59:D2:A7:37:5B:0A:75:E4:C2:9F:09:08:E7"),
    "rootca-chuyen-dung-chinh-phu-g2.pem": ("root", "F0:4B:A4:B4:59:A7:C9:A1:B9:71:AD:9B:1C:"
                                                    "B8:33:E6:95:A8:0C:79:AE:A6:3B:17:4B:66:"
                                                    "A7:0E:DF:E2:FD:B8"),
    "rootca-chuyen-dung-chinh-phu-g1.pem": ("root", "F7:BC:89:05:4C:EC:7F:12:73:0D:7B:8C:D3:"
                                                    "EB:79:55:B1:63:83:50:87:E5:EB:87:3E:DF:"
                                                    "B5:84:76:3B:3F:90"),
    "ca-phuc-vu-co-quan-nha-nuoc-g2.pem": ("intermediate", "D8:CA:B7:A4:AE:F9:2E:6B:B2:50:9D:"
                                                           "7C:61:CE:E7:B4:4F:37:31:B2:D2:10:"
                                                           "74:96:35:30:27:7B:36:6F:AE:4B"),
    "vnpt-ca-sha2.pem": ("intermediate", "7D:6B:A5:24:53:17:F9:ED:5D:8B:C7:65:A4:63:4D:26:AC:"
                                         "63:40:D3:6B:9F:58:4D:F3:B5:2D:9C:4A:81:A3:06"),
}
G1_SHA1 = "90273E913B6F7012863306FF4D97E0E03E441242"


def test_every_shipped_file_is_pinned_by_fingerprint() -> None:
    listed = {c.file: c for c in shipped_trust_list()}
    assert set(listed) == set(PINNED) == {p.name for p in TRUST_DIR.glob("*.pem")}
    for name, (role, fp) in PINNED.items():
        der = listed[name].cert.dump()
        assert hashlib.sha256(der).hexdigest().upper() == fp.replace(":", ""), name
        assert listed[name].role == role and listed[name].authority
    g1 = listed["rootca-chuyen-dung-chinh-phu-g1.pem"].cert
    assert hashlib.sha1(g1.dump()).hexdigest().upper() == G1_SHA1
    for c in listed.values():
        assert (c.role == "root") == (c.cert.subject == c.cert.issuer), c.file


def test_a_changed_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kiemchung.core.errors import ConfigError
    from verifiers.signatures import trust as trust_mod

    fake = tmp_path / "trust"
    fake.mkdir()
    for f in TRUST_DIR.iterdir():
        (fake / f.name).write_bytes(f.read_bytes())
    other = (TRUST_DIR / "vnpt-ca-sha2.pem").read_bytes()
    (fake / "vietnam-national-root-ca.pem").write_bytes(other)
    monkeypatch.setattr(trust_mod, "TRUST_DIR", fake)
    shipped_trust_list.cache_clear()
    try:
        with pytest.raises(ConfigError, match=r"vietnam-national-root-ca\.pem"):
            shipped_trust_list()
    finally:
        monkeypatch.undo()
        shipped_trust_list.cache_clear()


def test_preset_adds_roots_as_anchors_and_intermediates_for_paths_only() -> None:
    none = load_trust_store()
    vn = load_trust_store(preset="vietnam")
    assert none.roots == () and none.intermediates == ()
    roots = {c.subject.native["common_name"] for c in vn.roots}
    mids = {c.subject.native["common_name"] for c in vn.intermediates}
    assert roots == {"Vietnam National Root CA", "RootCA chuyên dùng Chính phủ G2",
                     "Co quan chung thuc so chuyen dung Chinh phu (RootCA)"}
    assert mids == {"CA phục vụ các cơ quan Nhà nước G2", "VNPT-CA SHA2"}
    assert none.fingerprint != vn.fingerprint  # part of the cache key
    assert not roots & mids
    with_sample = load_trust_store([SAMPLE / "pki" / "roots"], preset="vietnam")
    assert len(with_sample.roots) == len(vn.roots) + len(load_trust_store(
        [SAMPLE / "pki" / "roots"]).roots)
    assert VerifyOptions().trust_store().preset == "vietnam"
    assert VerifyOptions(trust_preset="none").trust_store().roots == ()


def test_sample_keeps_its_test_pki_with_the_preset() -> None:
    rel = "ubnd-huyen/ky-so-to-chuc/cv-2018-10-13-nguyen-van-an.pdf"
    data = (SAMPLE / "uploads" / rel).read_bytes()
    trust = load_trust_store([SAMPLE / "pki" / "roots"], [SAMPLE / "pki" / "crl"],
                             preset="vietnam")
    doc = verify_pdf_signatures(data, trust)
    assert doc.verdict == Verdict.VALID
    # the shipped list alone does not know the sample's test roots
    doc = verify_pdf_signatures(data, load_trust_store(preset="vietnam"))
    assert doc.verdict == Verdict.INDETERMINATE
    s = doc.signatures[0]
    assert (s.indication, s.subindication) == ("INDETERMINATE", "NO_CERTIFICATE_CHAIN_FOUND")
    assert 'chứng thư do "Root CA chuyên dùng Chính phủ (TEST)" cấp, không thuộc danh sách ' \
           "tin cậy" in s.reasons[0].message


def test_known_intermediate_not_embedded_builds_the_path(tmp_path: Path) -> None:
    """Real documents under «CA phục vụ các cơ quan Nhà nước G2» do not embed it. The
    real roots cannot sign here: a generated root + intermediate stand in, the
    intermediate given to the store the way the shipped ones are."""
    from sample_evidence.generator.signing import sign

    pki = Pki(tmp_path)
    root = pki.root("r", "RootCA thử G2", "Ban Cơ yếu (TEST)", utc(2018, 1, 1), utc(2048, 1, 1))
    ca = pki.ca("ca", "CA phục vụ cơ quan Nhà nước (TEST)", "Ban Cơ yếu (TEST)", root,
                utc(2018, 1, 1), utc(2048, 1, 1))
    leaf = pki.leaf("l", ca, "UBND xã Thử", "MST:0100000002", utc(2020, 1, 1), utc(2030, 1, 1))
    root_pem, ca_pem = pki.write_cert(root, "roots"), pki.write_cert(ca, "mids")
    pdf = (SAMPLE / "uploads" / "phong-tckh/ky-so-to-chuc/cv-2019-02-20-chua-ky.pdf").read_bytes()
    data = sign(pdf, key=pki.key_path(leaf), cert=pki.write_cert(leaf, "certs"), chain=[],
                when=datetime(2025, 5, 6, 9, 0, tzinfo=VN), field="S",
                box=(300, 400, 500, 460), kind="organization", label="UBND xã Thử")
    assert ca.cert.public_bytes(serialization.Encoding.DER) not in data  # not embedded
    unknown = verify_pdf_signatures(data, load_trust_store([root_pem]))
    assert unknown.verdict == Verdict.INDETERMINATE
    assert SigReason.CHAIN_UNTRUSTED.value in {r.code for r in unknown.signatures[0].reasons}
    assert '"CA phục vụ cơ quan Nhà nước (TEST)"' in unknown.signatures[0].reasons[0].message
    known = verify_pdf_signatures(data, load_trust_store([root_pem], intermediates=[ca_pem]))
    assert known.verdict == Verdict.VALID, known.signatures[0].reasons
    assert "RootCA thử G2" in known.signatures[0].signer["anchor"]
    # an intermediate is never an anchor on its own
    alone = verify_pdf_signatures(data, load_trust_store(intermediates=[ca_pem]))
    assert alone.verdict == Verdict.INDETERMINATE
    assert 'chứng thư do "RootCA thử G2" cấp' in alone.signatures[0].reasons[0].message


def test_kiemchung_verify_uses_the_preset_without_trust_root() -> None:
    rel = SAMPLE / "uploads" / "ubnd-huyen/ky-so-to-chuc/cv-2018-10-13-nguyen-van-an.pdf"
    run = subprocess.run([sys.executable, "-m", "flows.cli", "verify", "--json", "--no-ocr",
                          str(rel)], cwd=ROOT, capture_output=True, text=True, timeout=300,
                         env={**os.environ, "KIEMCHUNG_WORKERS": "1"})
    assert run.returncode == 0, run.stderr
    assert "trust = vietnam" in run.stderr and "Traceback" not in run.stderr
    [report] = json.loads(io.StringIO(run.stdout).read())
    assert report["trust"] == "vietnam" and report["verdict"] == "indeterminate"
    assert {s["subindication"] for s in report["signatures"]} == {"NO_CERTIFICATE_CHAIN_FOUND"}
    run = subprocess.run([sys.executable, "-m", "flows.cli", "verify", "--json", "--no-ocr",
                          "--trust-root", str(SAMPLE / "pki" / "roots"), str(rel)], cwd=ROOT,
                         capture_output=True, text=True, timeout=300,
                         env={**os.environ, "KIEMCHUNG_WORKERS": "1"})
    [report] = json.loads(run.stdout)
    assert report["trust"] == "none" and report["verdict"] == "valid"
    assert "trust = vietnam" not in run.stderr
    assert {s["indication"] for s in report["signatures"]} == {"TOTAL_PASSED"}


@pytest.mark.parametrize(("mid", "root"), [
    ("ca-phuc-vu-co-quan-nha-nuoc-g2.pem", "RootCA chuyên dùng Chính phủ G2"),
    ("vnpt-ca-sha2.pem", "Vietnam National Root CA"),
])
def test_real_intermediates_chain_to_their_shipped_roots(mid: str, root: str) -> None:
    """The real certificates' signatures: each shipped intermediate validates (pyHanko's
    path validation, on 2026-01-01) up to the shipped root that issued it, and to nothing without
    the preset."""
    import asyncio

    from pyhanko_certvalidator import CertificateValidator
    from pyhanko_certvalidator.errors import PathBuildingError

    cert = next(c.cert for c in shipped_trust_list() if c.file == mid)
    vn = load_trust_store(preset="vietnam")
    at = datetime(2026, 1, 1, tzinfo=VN)
    path = asyncio.run(CertificateValidator(
        cert, validation_context=vn.validation_context(at)).async_validate_path())
    assert path.trust_anchor.authority.name.native["common_name"] == root
    with pytest.raises(PathBuildingError):
        asyncio.run(CertificateValidator(
            cert, validation_context=load_trust_store().validation_context(at)
        ).async_validate_path())
