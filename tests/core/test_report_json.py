"""The verification report stays typed across the process boundary: ``to_json`` and
``from_json`` are inverse on every shape the sample campaign produces (real pyHanko, real
Tesseract, through the real sandbox), and on the sandbox's own failure reports."""

from __future__ import annotations

import json
from typing import Any

import pytest

from kiemchung.core.codes import FindingCode, SigReason
from kiemchung.core.vocabulary import FileKind, Verdict
from tests.conftest import SAMPLE
from verifiers.pipeline import VerifyOptions
from verifiers.results import FileReport, Reason, SignatureType, SignerInfo
from verifiers.sandbox import Limits, Sandbox, failure_report

SHAPES = {  # (kind, verdict) → one sample file of that shape (sample_evidence/expected.json)
    ("pdf_signed", "valid"): "phong-tckh/ky-so-ca-nhan/cv-2018-10-31-pham-thi-dung.pdf",
    ("pdf_signed", "indeterminate"):
        "phong-tckh/ky-so-ca-nhan/cv-2019-05-14-chung-thu-khong-tin-cay.pdf",
    ("pdf_signed", "invalid"): "tt-quang-ha/ky-so-ca-nhan/cv-2019-02-20-chung-thu-bi-thu-hoi.pdf",
    ("pdf_text", "unsigned"): "phong-tckh/ky-so-to-chuc/cv-2019-02-20-chua-ky.pdf",
    ("image", "unsigned"): "phong-tckh/thu-cong-vu/tai-khoan-thu-cong-vu.png",
    ("unknown", "error"): "phong-vhtt/thu-cong-vu/danh-sach-tai-khoan.docx",
    ("unreadable", "error"): "tt-quang-ha/ty-le-ky-so/bao-cao-ky-so-bi-loi.pdf",
    ("pdf_scan", "unsigned"): "ubnd-huyen/ha-tang-cntt/hoa-don-thang-03-2019.pdf",
    ("empty", "error"): "van-phong/thu-cong-vu/anh-chup-man-hinh.png",
}
OPTIONS = VerifyOptions(trust_roots=(SAMPLE / "pki" / "roots",), crls=(SAMPLE / "pki" / "crl",))


@pytest.fixture(scope="module")
def wire() -> dict[tuple[str, str], dict[str, Any]]:
    """Each shape's report as the sandbox sends it (JSON text, read back)."""
    jobs = [(f"{k}|{v}", str(SAMPLE / "uploads" / rel), rel) for (k, v), rel in SHAPES.items()]
    out = {}
    for key, verdict, text in Sandbox(2, OPTIONS, Limits(seconds=240)).run(jobs):
        kind, want = key.split("|")
        out[(kind, want)] = json.loads(text)
        assert verdict == out[(kind, want)]["verdict"]
    return out


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_every_sample_shape_round_trips(wire: dict[tuple[str, str], dict[str, Any]],
                                        shape: tuple[str, str]) -> None:
    x = wire[shape]
    assert (x["kind"], x["verdict"]) == shape  # the sample file has the shape it stands for
    report = FileReport.from_json(x)
    assert report.to_json() == x
    assert FileReport.from_json(report.to_json()) == report
    assert json.loads(json.dumps(report.to_json(), ensure_ascii=False)) == x


def test_typed_reports_read_as_attributes(wire: dict[tuple[str, str], dict[str, Any]]) -> None:
    valid = FileReport.from_json(wire[("pdf_signed", "valid")])
    assert valid.kind is FileKind.PDF_SIGNED and valid.verdict is Verdict.VALID
    assert valid.signatures and all(s.type is SignatureType.SIGNATURE for s in valid.signatures)
    personal = next(s.signer for s in valid.signatures if s.signer.kind == "personal")
    assert isinstance(personal, SignerInfo) and personal.uid and personal.best_time
    assert personal["uid"] == personal.uid  # the JSON object's view
    revoked = FileReport.from_json(wire[("pdf_signed", "invalid")])
    codes = {r.code for s in revoked.signatures for r in s.reasons}
    assert SigReason.CERT_REVOKED in codes
    assert all(isinstance(c, SigReason) for c in codes)
    empty = FileReport.from_json(wire[("empty", "error")])
    assert [r.finding for r in empty.reasons] == [FindingCode.FILE_EMPTY]
    assert empty.reasons[0].has_finding_message
    scan = FileReport.from_json(wire[("pdf_scan", "unsigned")])
    assert scan.ocr is not None and scan.ocr.pages >= 1
    assert scan.facts and all(f.bbox is None or isinstance(f.bbox, tuple) for f in scan.facts)


def test_the_sandbox_yields_typed_reports() -> None:
    rel = SHAPES[("pdf_signed", "valid")]
    ((key, report),) = Sandbox(1, OPTIONS, Limits(seconds=240)).reports(
        [("k", str(SAMPLE / "uploads" / rel), rel)])
    assert key == "k" and isinstance(report, FileReport) and report.verdict is Verdict.VALID


@pytest.mark.parametrize("code,retry", [(FindingCode.VERIFIER_CRASHED, True),
                                        (FindingCode.FILE_LIMIT_EXCEEDED, False)])
def test_failure_reports_round_trip(code: FindingCode, retry: bool) -> None:
    x = json.loads(failure_report("a.pdf", code, "time: no result within 1 s", retry=retry))
    report = FileReport.from_json(x)
    assert report.to_json() == x and report.retry is retry
    assert report.reasons[0].code is code and report.reasons[0].finding is code


def test_signer_keys_are_kept_as_they_came() -> None:
    """Explicit nulls stay, absent keys stay absent, unknown keys survive."""
    given = {"common_name": "Nguyễn Văn An", "kind": "personal", "best_time": None,
             "anchor": None, "not_after": "2030-01-01T00:00:00+00:00"}
    signer = SignerInfo.from_json(given)
    assert signer.to_json() == given and dict(signer) == given
    assert signer.best_time is None and signer.uid is None and "uid" not in signer
    assert SignerInfo.from_json({}).to_json() == {}
    made = SignerInfo(common_name="X", kind="organization")
    assert made.to_json() == {"common_name": "X", "kind": "organization"}


def test_unknown_reason_codes_stay_text() -> None:
    r = Reason.from_json({"code": "SOMETHING_NEW", "message": "m", "detail": ""})
    assert r.code == "SOMETHING_NEW" and r.finding is None
    assert r.to_json()["code"] == "SOMETHING_NEW"
