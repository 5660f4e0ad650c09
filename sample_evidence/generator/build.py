"""Builds the sample campaign from ``campaign.toml``: test PKI, signed documents,
screenshots, scans, the claims sheet, the received log and ``expected.json``
(the expected-outcomes manifest that tests read). Deterministic: the same inputs
give byte-identical files."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import shutil
import zipfile
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID

from kiemchung.checks import quarter_slices
from kiemchung.core.campaign_schema import CampaignConfig, Leader, UnitSpec
from notices.congvan import CongVan, Rendered, render_pdf
from sample_evidence.generator import scans
from sample_evidence.generator.pki import Issued, Pki, utc
from sample_evidence.generator.screens import ScreenSpec, render_screen, vn_int
from sample_evidence.generator.signing import (
    ClerkText,
    add_text_fields,
    clerk_content,
    clerk_fill_fields,
    clerk_freetext,
    frozen_clock,
    sign,
)
from storage.campaign_file import load_campaign

VN = timezone(timedelta(hours=7), "ICT")
SOURCE_DATE_EPOCH = "1546300800"


@dataclass
class Expect:
    kind: str
    verdict: str
    """Expected file verdict with the campaign's trust roots and CRLs."""
    findings: list[str] = field(default_factory=list)
    fault: str = ""
    description: str = ""
    signatures: list[dict[str, str]] = field(default_factory=list)
    facts: dict[str, object] = field(default_factory=dict)


@dataclass
class Sample:
    root: Path
    cfg: CampaignConfig
    pki: Pki
    files: dict[str, Expect] = field(default_factory=dict)
    unit_findings: list[dict[str, object]] = field(default_factory=list)
    received: dict[str, datetime] = field(default_factory=dict)
    certs: dict[str, Issued] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)

    def put(self, rel: str, data: bytes, expect: Expect, received: datetime | None = None) -> None:
        path = self.root / "uploads" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.files[rel] = expect
        rng = random.Random(rel)
        self.received[rel] = received or datetime(2019, 10, rng.randint(8, 17), rng.randint(8, 16),
                                                  rng.randint(0, 59), tzinfo=VN)

    def cert_path(self, who: Issued) -> Path:
        return self.root / "pki" / "certs" / f"{who.name}.pem"

    def chain_paths(self, who: Issued) -> list[Path]:
        return [self.root / "pki" / "certs" / f"{c.name}.pem" for c in _issuers(who)]


def _issuers(who: Issued) -> list[Issued]:
    out, node = [], who.issuer
    while node is not None and node.issuer is not None:
        out.append(node)
        node = node.issuer
    return out


# ---------------------------------------------------------------- PKI

def build_pki(s: Sample) -> None:
    p = s.pki
    gov_root = p.root("root-chinh-phu", "Root CA chuyên dùng Chính phủ (TEST)",
                      "Ban Cơ yếu Chính phủ (TEST)", utc(2010, 1, 1), utc(2040, 1, 1))
    gov_ca = p.ca("ca-co-quan-nha-nuoc", "CA phục vụ các cơ quan Nhà nước (TEST)",
                  "Ban Cơ yếu Chính phủ (TEST)", gov_root, utc(2012, 1, 1), utc(2037, 1, 1))
    nat_root = p.root("root-quoc-gia", "Vietnam National Root CA (TEST)",
                      "Ministry of Information and Communications (TEST)", utc(2010, 1, 1),
                      utc(2040, 1, 1))
    vnpt = p.ca("vnpt-ca", "VNPT Certification Authority (TEST)", "VNPT Group (TEST)", nat_root,
                utc(2012, 1, 1), utc(2037, 1, 1))
    rogue_root = p.root("root-khong-tin-cay", "Rogue Root CA (TEST, KHÔNG TIN CẬY)",
                        "Không rõ (TEST)", utc(2010, 1, 1), utc(2040, 1, 1))
    rogue = p.ca("ca-khong-tin-cay", "Rogue CA (TEST, KHÔNG TIN CẬY)", "Không rõ (TEST)",
                 rogue_root, utc(2012, 1, 1), utc(2037, 1, 1))
    start, end = utc(2018, 1, 1), utc(2028, 12, 31)
    for u in s.cfg.units:
        parent_spec = s.cfg.unit(u.parent) if u.parent else None
        parent = parent_spec.name if parent_spec else u.name
        s.certs[f"org:{u.code}"] = p.leaf(f"to-chuc-{u.code}", gov_ca, f"{u.name} huyện Hải Hà"
                                          if u.level == "office" else u.name, u.org_id, start,
                                          end, org=parent)
        for i, ld in enumerate(u.leaders):
            issuer = vnpt if ld.name == "Lý Thị Mai" else gov_ca
            s.certs[f"person:{u.code}:{i}"] = p.leaf(
                f"ca-nhan-{u.code}-{i + 1}", issuer, ld.name, ld.id, start, end, org=u.name,
                title=ld.title)
    # Faults
    s.certs["expired"] = p.leaf("ca-nhan-xa-quang-phong-2-het-han", gov_ca, "Đỗ Thị Hà",
                                "CCCD:022186000502", utc(2017, 1, 1), utc(2019, 3, 31),
                                org="UBND xã Quảng Phong", title="Phó Chủ tịch")
    s.certs["revoked"] = p.leaf("ca-nhan-tt-quang-ha-1-thu-hoi", gov_ca, "Đặng Văn Khoa",
                                "CCCD:022077000701", start, end, org="UBND thị trấn Quảng Hà",
                                title="Chủ tịch")
    p.revoke(s.certs["revoked"], datetime(2019, 2, 1, 8, 0, tzinfo=VN))
    s.certs["untrusted"] = p.leaf("ca-nhan-phong-tckh-gia-mao", rogue, "Phạm Thị Dung",
                                  "CCCD:022182000301", start, end, org="Phòng Tài chính - Kế hoạch",
                                  title="Trưởng phòng")
    for who in (gov_root, nat_root):
        p.write_cert(who, "roots")
    p.write_cert(rogue_root, "untrusted")
    for who in p.issued.values():
        if who.issuer is not None:
            p.write_cert(who, "certs")
    for ca in (gov_ca, vnpt):
        crl = p.crl(ca, datetime(2019, 2, 2, tzinfo=VN), datetime(2031, 1, 1, tzinfo=VN))
        path = s.root / "pki" / "crl" / f"{ca.name}.crl"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(crl.public_bytes(serialization.Encoding.DER))


# ---------------------------------------------------------------- documents

QUARTER_SUBJECTS = [
    "triển khai nhiệm vụ ứng dụng công nghệ thông tin quý {q}",
    "báo cáo kết quả gửi, nhận văn bản điện tử quý {q}",
    "đôn đốc cập nhật hồ sơ công việc trên phần mềm quản lý văn bản",
    "tăng cường sử dụng thư điện tử công vụ",
    "kế hoạch tuyên truyền về Chính quyền điện tử năm 2019",
]


def quarter_dates(cfg: CampaignConfig) -> list[tuple[date, date]]:
    return quarter_slices((cfg.window.start, cfg.window.end))


def _roman(q: int) -> str:
    return ["I", "II", "III", "IV"][q - 1]


def make_doc(s: Sample, u: UnitSpec, leader: Leader, day: date, subject: str) -> Rendered:
    n = s.counters.get(u.code, 10) + 7
    s.counters[u.code] = n
    parent = s.cfg.unit(u.parent) if u.parent else None
    commune = u.level in ("commune", "district")
    deputy = "Phó" in leader.title
    capacity = "TM. ỦY BAN NHÂN DÂN" if commune and not deputy else (
        "KT. CHỦ TỊCH" if commune else "")
    if not commune and deputy:
        capacity = "KT. TRƯỞNG PHÒNG"
    cv = CongVan(
        issuer_parent=(parent.name.upper() if parent else ""),
        issuer=u.name.upper(), number=f"{n}/{u.doc_symbol}", place=s.cfg.place, day=day,
        subject=subject, recipients=("Các cơ quan, đơn vị liên quan",),
        body=(f"Thực hiện Kế hoạch ứng dụng công nghệ thông tin năm 2019 của UBND huyện "
              f"Hải Hà, {u.name} {subject}.",
              "Đề nghị các cơ quan, đơn vị phối hợp thực hiện và báo cáo kết quả đúng thời "
              "hạn./."),
        signer_capacity=capacity, signer_title=leader.title.upper(), signer_name=leader.name,
        distribution=("Như trên;", "Lưu: VT."))
    return render_pdf(cv, invariant=True)


def signed_doc(s: Sample, u: UnitSpec, leader_ix: int | None, day: date, subject: str, *,
               personal: Issued | None = None, org: Issued | None = None,
               org_first: bool = False, hour: int = 9) -> tuple[bytes, list[dict[str, str]]]:
    """A công văn signed personally (by ``personal``) and then by the organization."""
    leader = u.leaders[leader_ix or 0]
    r = make_doc(s, u, leader, day, subject)
    x0, y0, x1, y1 = r.signer_box
    personal_box = (x0 + 70, y0, x1, y1)
    org_box = (x0 - 30, y0 + 4, x0 + 160, y0 + 66)
    when = datetime(day.year, day.month, day.day, hour, 15, tzinfo=VN)
    steps: list[tuple[str, Issued]] = []
    if personal is not None:
        steps.append(("personal", personal))
    if org is not None:
        steps.insert(0 if org_first else len(steps), ("organization", org))
    pdf, sigs = r.pdf, []
    for i, (role, who) in enumerate(steps):
        t = when + timedelta(minutes=25 * i)
        pdf = sign(pdf, key=s.pki.key_path(who), cert=s.cert_path(who), chain=s.chain_paths(who),
                   when=t, field="ChuKyCaNhan" if role == "personal" else "ChuKyCoQuan",
                   box=personal_box if role == "personal" else org_box, kind=role,
                   label=str(who.cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value),
                   title=leader.title)
        sigs.append({"role": role, "certificate": who.name, "signed_at": t.isoformat()})
    return pdf, sigs


NBSP = "\u00a0"


def blank_doc(s: Sample, u: UnitSpec, leader: Leader, day: date, subject: str) -> Rendered:
    """The công văn as the leader signs it under Decree 30: «Số:      /UBND-VP» and
    «Hải Hà, ngày      tháng      năm 2019» left blank for the văn thư."""
    from unittest import mock

    import notices.congvan as congvan

    def blank_date(place: str, d: date) -> str:
        return f"{place}, ngày {NBSP * 8} tháng {NBSP * 8} năm {d.year}"

    with mock.patch.object(congvan, "date_line", blank_date):
        cv = CongVan(
            issuer_parent=(s.cfg.unit(u.parent).name.upper()  # type: ignore[union-attr]
                           if u.parent else ""),
            issuer=u.name.upper(), number=f"{NBSP * 10}/{u.doc_symbol}", place=s.cfg.place,
            day=day, subject=subject, recipients=("Các cơ quan, đơn vị liên quan",),
            body=(f"Thực hiện Kế hoạch ứng dụng công nghệ thông tin năm 2019 của UBND huyện "
                  f"Hải Hà, {u.name} {subject}.",
                  "Đề nghị các cơ quan, đơn vị phối hợp thực hiện và báo cáo kết quả đúng thời "
                  "hạn./."),
            signer_title=leader.title.upper(), signer_name=leader.name,
            distribution=("Như trên;", "Lưu: VT."))
        return render_pdf(cv, invariant=True)


def word_boxes(pdf: bytes) -> list[tuple[str, float, float, float, float]]:
    """Words of page 1 as poppler's pdftotext sees them: (word, x0, baseline, x1, size)
    in PDF points (independent of the verifier's own text extraction)."""
    import re
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf)
        html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(src), "-"],
                              check=True, capture_output=True, text=True).stdout
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', html)[1])  # type: ignore[index]
    out = []
    for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                         r'yMax="([\d.]+)">([^<]*)</word>', html):
        x0, y0, x1, y1 = (float(m[i]) for i in range(1, 5))
        size = y1 - y0
        out.append((m[5], x0, height - y1 + 0.22 * size, x1, size))
    return out


def clerk_texts(pdf: bytes, number: int, day: date) -> list[ClerkText]:
    """Where the văn thư writes: the number after «Số:», the day after «ngày» and the
    month after «tháng» (page 1)."""
    words = word_boxes(pdf)

    def after(word: str) -> tuple[float, float, float]:
        _w, _x0, base, x1, size = next(w for w in words if w[0] == word)
        return x1 + 0.4 * size, base, size

    x, y, size = after("Số:")
    out: list[ClerkText] = [(0, x, y, size, f"{number:02d}")]
    for word, value in (("ngày", day.day), ("tháng", day.month)):
        x, y, size = after(word)
        out.append((0, x + 2, y, size, f"{value:02d}"))
    return out


DECREE30_HOWS = ("freetext", "field", "content", "stamp")


def decree30_doc(s: Sample, u: UnitSpec, day: date, subject: str, how: str, *,
                 body: bool = False) -> tuple[bytes, list[dict[str, str]], list[dict[str, object]]]:
    """A công văn issued the Decree 30 way: the leader signs with the number and date
    blank; the văn thư writes them (``how``) in an incremental update; the organization
    signs. ``body``: the clerk also writes in the body (must not be accepted)."""
    leader = u.leaders[0]
    r = blank_doc(s, u, leader, day, subject)
    n = s.counters.get(u.code, 10) + 7
    s.counters[u.code] = n
    texts = clerk_texts(r.pdf, n, day)
    if body:
        words = word_boxes(r.pdf)
        _w, x0, base, _x1, size = next(w for w in words if w[0] == "Thực")
        texts.append((0, x0, base - 2.2 * size, size, "(kinh phi 500.000.000 dong)"))
    x0, y0, x1, y1 = r.signer_box
    when = datetime(day.year, day.month, day.day, 9, 15, tzinfo=VN)
    pdf = r.pdf
    if how == "field":
        boxes = [(f"KcSoNgay{i}", t[0], (t[1] - 1, t[2] - 0.3 * t[3], t[1] + 0.5 * t[3] *
                                        len(t[4]) + 3, t[2] + t[3]))
                 for i, t in enumerate(texts)]
        pdf = add_text_fields(pdf, boxes, when - timedelta(minutes=30))
    personal, org = s.certs[f"person:{u.code}:0"], s.certs[f"org:{u.code}"]
    pdf = sign(pdf, key=s.pki.key_path(personal), cert=s.cert_path(personal),
               chain=s.chain_paths(personal), when=when, field="ChuKyCaNhan",
               box=(x0 + 70, y0, x1, y1), kind="personal", label=leader.name)
    t = when + timedelta(minutes=20)
    if how == "freetext":
        pdf = clerk_freetext(pdf, texts, t)
    elif how == "stamp":
        pdf = clerk_freetext(pdf, texts, t, subtype="/Stamp")
    elif how == "field":
        pdf = clerk_fill_fields(pdf, {f"KcSoNgay{i}": tx[4] for i, tx in enumerate(texts)},
                                texts[0][3], t)
    else:
        pdf = clerk_content(pdf, texts, t)
    t_org = when + timedelta(minutes=40)
    pdf = sign(pdf, key=s.pki.key_path(org), cert=s.cert_path(org), chain=s.chain_paths(org),
               when=t_org, field="ChuKyCoQuan", box=(x0 - 30, y0 + 4, x0 + 160, y0 + 66),
               kind="organization", label=u.name)
    sigs = [{"role": "personal", "certificate": personal.name, "signed_at": when.isoformat()},
            {"role": "organization", "certificate": org.name, "signed_at": t_org.isoformat()}]
    additions: list[dict[str, object]] = [{"page": p + 1, "text": tx, "how": how}
                                          for p, _x, _y, _z, tx in texts]
    return pdf, sigs, additions


def tamper(pdf: bytes) -> bytes:
    """Change the page after signing: an incremental update that paints over the body."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    out = io.BytesIO()
    with frozen_clock(datetime(2019, 7, 20, 16, 0, tzinfo=VN), "tamper"):
        w = IncrementalPdfFileWriter(io.BytesIO(pdf))
        stream = generic.StreamObject(stream_data=b"q 1 1 1 rg 80 560 450 60 re f Q")
        w.add_stream_to_page(0, w.add_object(stream))
        w.write(out)
    return out.getvalue()


def build_documents(s: Sample) -> None:
    quarters = quarter_dates(s.cfg)
    for ui, u in enumerate(s.cfg.units):
        org = s.certs[f"org:{u.code}"]
        for li in range(len(u.leaders)):
            person = s.certs[f"person:{u.code}:{li}"]
            for q, (qs, _qe) in enumerate(quarters, start=1):
                if u.code == "xa-quang-thinh" and li == 1 and q == 3:
                    continue  # fault: this leader signed nothing in quarter 3
                day = qs + timedelta(days=12 + 9 * ui + 17 * li)
                subject = QUARTER_SUBJECTS[(q + li) % len(QUARTER_SUBJECTS)].format(q=_roman(q))
                pdf, sigs = signed_doc(s, u, li, day, subject, personal=person, org=org)
                name = f"cv-{day.isoformat()}-{_slug(u.leaders[li].name)}.pdf"
                exp = Expect("pdf_signed", "valid", signatures=sigs,
                             description=f"quý {q}: ký cá nhân rồi ký cơ quan",
                             facts={"document_date": day.isoformat()})
                s.put(f"{u.code}/ky-so-ca-nhan/{name}", pdf, exp)
                if li == 0:
                    s.put(f"{u.code}/ky-so-to-chuc/{name}", pdf, exp)
    cfg = s.cfg

    def unit(code: str) -> UnitSpec:
        found = cfg.unit(code)
        assert found is not None
        return found

    def fault(rel: str, pdf: bytes, verdict: str, findings: list[str], what: str,
              sigs: list[dict[str, str]], kind: str = "pdf_signed") -> None:
        s.put(rel, pdf, Expect(kind, verdict, findings, fault=what.split(":")[0],
                               description=what, signatures=sigs))

    u = unit("phong-tckh")
    r = make_doc(s, u, u.leaders[0], date(2019, 2, 20), "báo cáo tình hình sử dụng kinh phí CNTT")
    fault("phong-tckh/ky-so-to-chuc/cv-2019-02-20-chua-ky.pdf", r.pdf, "unsigned",
          ["SIG_MISSING"], "unsigned: văn bản không có chữ ký số", [], kind="pdf_text")
    pdf, sigs = signed_doc(s, u, 0, date(2019, 5, 14), "rà soát tài khoản phần mềm",
                           personal=s.certs["untrusted"])
    fault("phong-tckh/ky-so-ca-nhan/cv-2019-05-14-chung-thu-khong-tin-cay.pdf", pdf,
          "indeterminate", ["SIG_UNTRUSTED"],
          "untrusted: ký bằng chứng thư của CA không thuộc chuỗi tin cậy", sigs)
    u = unit("van-phong")
    pdf, sigs = signed_doc(s, u, 0, date(2019, 4, 22), "lịch họp trực tuyến với các xã",
                           personal=s.certs["person:van-phong:0"])
    fault("van-phong/ky-so-to-chuc/cv-2019-04-22-thieu-ky-co-quan.pdf", pdf, "valid",
          ["SIG_ORG_MISSING"], "org_missing: chỉ có chữ ký cá nhân, thiếu chữ ký cơ quan", sigs)
    u = unit("ubnd-huyen")
    pdf, sigs = signed_doc(s, u, 0, date(2019, 6, 3), "thông báo kết luận giao ban",
                           org=s.certs["org:ubnd-huyen"])
    fault("ubnd-huyen/ky-so-ca-nhan/cv-2019-06-03-chi-ky-co-quan.pdf", pdf, "valid",
          ["SIG_PERSONAL_MISSING"], "personal_missing: chỉ có chữ ký cơ quan", sigs)
    pdf, sigs = signed_doc(s, u, 0, date(2019, 7, 9), "phân công nhiệm vụ chuyển đổi số",
                           personal=s.certs["person:ubnd-huyen:0"], org=s.certs["org:ubnd-huyen"])
    fault("ubnd-huyen/ky-so-to-chuc/cv-2019-07-09-bi-sua-sau-khi-ky.pdf", tamper(pdf), "invalid",
          ["SIG_INVALID"], "modified: nội dung trang bị sửa sau khi ký", sigs)
    u = unit("phong-vhtt")
    pdf, sigs = signed_doc(s, u, 0, date(2019, 11, 5), "tổng kết công tác năm 2019",
                           personal=s.certs["person:phong-vhtt:0"], org=s.certs["org:phong-vhtt"])
    fault("phong-vhtt/ky-so-to-chuc/cv-2019-11-05-ngoai-thoi-gian.pdf", pdf, "valid",
          ["SIG_OUTSIDE_WINDOW"], "outside_window: ký ngày 05/11/2019, sau thời gian đánh giá",
          sigs)
    u = unit("xa-quang-phong")
    pdf, sigs = signed_doc(s, u, 1, date(2019, 5, 10), "triển khai dịch vụ công trực tuyến",
                           personal=s.certs["expired"], org=s.certs["org:xa-quang-phong"])
    fault("xa-quang-phong/ky-so-ca-nhan/cv-2019-05-10-chung-thu-het-han.pdf", pdf, "invalid",
          ["SIG_INVALID"], "expired: chứng thư cá nhân hết hạn 31/03/2019 trước khi ký", sigs)
    pdf, sigs = signed_doc(s, u, 0, date(2019, 8, 19), "kiện toàn bộ phận một cửa",
                           personal=s.certs["person:xa-quang-phong:0"],
                           org=s.certs["org:xa-quang-phong"], org_first=True)
    fault("xa-quang-phong/ky-so-to-chuc/cv-2019-08-19-sai-thu-tu-ky.pdf", pdf, "valid",
          ["SIG_ORDER_WRONG"], "wrong_order: cơ quan ký trước, cá nhân ký sau", sigs)
    u = unit("tt-quang-ha")
    pdf, sigs = signed_doc(s, u, 0, date(2019, 2, 20), "kế hoạch cải cách hành chính",
                           personal=s.certs["revoked"], org=s.certs["org:tt-quang-ha"])
    fault("tt-quang-ha/ky-so-ca-nhan/cv-2019-02-20-chung-thu-bi-thu-hoi.pdf", pdf, "invalid",
          ["SIG_INVALID"], "revoked: chứng thư cá nhân bị thu hồi ngày 01/02/2019 (CRL)", sigs)
    build_decree30(s, unit("ubnd-huyen"))
    s.unit_findings.append({
        "unit": "xa-quang-thinh", "criterion": "ky-so-ca-nhan",
        "code": "COVERAGE_QUARTER_MISSING", "who": "Ngô Thị Lan", "quarter": 3,
        "slice": "2019-04-01..2019-06-30",
        "description": "coverage: lãnh đạo không có văn bản ký số cá nhân trong quý 3"})


DECREE30_DAYS = {"freetext": date(2018, 11, 26), "field": date(2019, 2, 25),
                 "content": date(2019, 5, 27), "stamp": date(2019, 8, 26)}


def build_decree30(s: Sample, u: UnitSpec) -> None:
    """Công văn issued the real Decree 30 way (the văn thư writes the number and date
    between the two signatures), one per way of writing them, plus one where the văn
    thư also writes in the body (not accepted). Built last, so that the other
    documents' numbers do not move."""
    for how, day in DECREE30_DAYS.items():
        pdf, sigs, additions = decree30_doc(s, u, day, "triển khai văn bản điện tử theo Nghị "
                                            "định 30", how)
        s.put(f"{u.code}/ky-so-to-chuc/cv-{day.isoformat()}-nd30-{how}.pdf", pdf,
              Expect("pdf_signed", "valid", signatures=sigs,
                     description=f"Nghị định 30: văn thư ghi số, ngày ({how}) giữa chữ ký cá "
                                 f"nhân và chữ ký cơ quan",
                     facts={"clerk_additions": additions}))
    day = date(2019, 6, 17)
    pdf, sigs, _ = decree30_doc(s, u, day, "triển khai văn bản điện tử theo Nghị định 30",
                                "content", body=True)
    s.put(f"{u.code}/ky-so-to-chuc/cv-{day.isoformat()}-nd30-sua-noi-dung.pdf", pdf,
          Expect("pdf_signed", "invalid", ["SIG_INVALID"], fault="decree30_body",
                 description="decree30_body: văn thư ghi số, ngày và còn viết thêm vào nội "
                             "dung sau khi lãnh đạo ký", signatures=sigs))


def _slug(text: str) -> str:
    from kiemchung.core.text import fold

    return fold(text).replace(" ", "-")


# ---------------------------------------------------------------- screenshots, scans

@dataclass(frozen=True)
class Figures:
    outgoing_total: int
    outgoing_signed: int
    dossiers_received: int
    dossiers_on_time: int
    dossiers_online: int
    staff_total: int
    email_accounts: int


def figures_for(code: str, i: int) -> Figures:
    rng = random.Random(f"figures:{code}")
    total = rng.randint(380, 1600)
    received = rng.randint(900, 3200)
    staff = rng.randint(14, 60)
    return Figures(total, int(total * rng.uniform(0.72, 0.97)), received,
                   int(received * rng.uniform(0.9, 0.995)), int(received * rng.uniform(0.1, 0.4)),
                   staff, staff - rng.randint(0, 3))


def window_period(cfg: CampaignConfig) -> str:
    return (f"Từ ngày {cfg.window.start:%d/%m/%Y} đến ngày {cfg.window.end:%d/%m/%Y}")


def png(img: object) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=True)  # type: ignore[attr-defined]
    return buf.getvalue()


def build_screens(s: Sample, claims: list[list[str]]) -> None:
    cfg = s.cfg
    for i, u in enumerate(cfg.units):
        f = figures_for(u.code, i)
        period = window_period(cfg)
        facts: dict[str, object] = {"outgoing_total": f.outgoing_total,
                                    "outgoing_signed": f.outgoing_signed,
                                    "period_start": cfg.window.start.isoformat(),
                                    "period_end": cfg.window.end.isoformat()}
        findings: list[str] = []
        fault = ""
        if u.code == "phong-vhtt":
            period = "Từ ngày 01/01/2019 đến ngày 31/12/2019"
            facts.update(period_start="2019-01-01", period_end="2019-12-31")
            findings = ["PERIOD_MISMATCH"]
            fault = "period: kỳ số liệu không khớp thời gian đánh giá"
        spec = ScreenSpec("HỆ THỐNG QUẢN LÝ VĂN BẢN VÀ ĐIỀU HÀNH", "Thống kê văn bản đi", period,
                          (("Tổng số văn bản đi", vn_int(f.outgoing_total)),
                           ("Văn bản đi có ký số", vn_int(f.outgoing_signed))),
                          unit=u.name, layout="table", theme="light", font_px=14)
        data = png(render_screen(spec).image)
        if u.code == "ubnd-huyen":
            pdf = screenshot_pdf(s, u, data)
            s.put(f"{u.code}/ty-le-ky-so/thong-ke-van-ban-di-ky-so.pdf", pdf,
                  Expect("pdf_signed", "valid", [], description="ảnh chụp màn hình trong PDF có "
                         "ký số cơ quan", facts=facts,
                         signatures=[{"role": "organization", "certificate": "to-chuc-ubnd-huyen",
                                      "signed_at": "2019-10-09T10:00:00+07:00"}]))
        else:
            s.put(f"{u.code}/ty-le-ky-so/thong-ke-van-ban-di.png", data,
                  Expect("image", "unsigned", findings, fault=fault.split(":")[0],
                         description=fault or "ảnh chụp thống kê văn bản đi", facts=facts))
        claims.append([u.code, "ty-le-ky-so", "", vn_int(f.outgoing_signed),
                       vn_int(f.outgoing_total), ""])
        if u.level in ("district", "commune"):
            claimed_on_time = f.dossiers_on_time
            findings, fault = [], ""
            if u.code == "xa-quang-phong":
                claimed_on_time = f.dossiers_on_time + 70
                s.unit_findings.append({
                    "unit": u.code, "criterion": "ho-so-dung-han", "code": "CLAIM_MISMATCH",
                    "fact": "dossiers_on_time", "claimed": claimed_on_time,
                    "found": f.dossiers_on_time,
                    "description": "claim_mismatch: số hồ sơ đúng hạn tự khai lớn hơn ảnh chụp"})
            spec = ScreenSpec("HỆ THỐNG THÔNG TIN MỘT CỬA ĐIỆN TỬ",
                              "Báo cáo tình hình giải quyết hồ sơ",
                              f"Kỳ báo cáo: {cfg.window.start:%d/%m/%Y} - "
                              f"{cfg.window.end:%d/%m/%Y}",
                              (("Hồ sơ tiếp nhận", vn_int(f.dossiers_received)),
                               ("Hồ sơ trực tuyến", vn_int(f.dossiers_online)),
                               ("Hồ sơ trả đúng hạn", vn_int(f.dossiers_on_time))),
                              unit=u.name, layout="tiles", theme="light", font_px=13)
            s.put(f"{u.code}/ho-so-dung-han/thong-ke-mot-cua.png", png(render_screen(spec).image),
                  Expect("image", "unsigned", findings, description="ảnh chụp thống kê một cửa",
                         facts={"dossiers_received": f.dossiers_received,
                                "dossiers_online": f.dossiers_online,
                                "dossiers_on_time": f.dossiers_on_time,
                                "period_start": cfg.window.start.isoformat(),
                                "period_end": cfg.window.end.isoformat()}))
            if u.code == "xa-quang-thinh":
                # fault: malformed claims row (letter O typed for a zero)
                claims.append([u.code, "ho-so-dung-han", "", vn_int(f.dossiers_on_time)
                               .replace("0", "O", 1) + "O", vn_int(f.dossiers_received), ""])
            else:
                claims.append([u.code, "ho-so-dung-han", "", vn_int(claimed_on_time),
                               vn_int(f.dossiers_received), ""])
        spec = ScreenSpec("THƯ ĐIỆN TỬ CÔNG VỤ TỈNH QUẢNG NINH", "Danh sách tài khoản của đơn vị",
                          window_period(cfg),
                          (("Tổng số CBCCVC", vn_int(f.staff_total)),
                           ("Số tài khoản thư công vụ", vn_int(f.email_accounts))),
                          unit=u.name, layout="lines", theme="dark" if i % 2 else "light",
                          font_px=15)
        late = u.code == "xa-quang-thinh"
        s.put(f"{u.code}/thu-cong-vu/tai-khoan-thu-cong-vu.png", png(render_screen(spec).image),
              Expect("image", "unsigned", ["LATE_UPLOAD"] if late else [],
                     fault="late" if late else "",
                     description="late: nộp ngày 23/10/2019, sau hạn 18/10/2019" if late
                     else "ảnh chụp danh sách tài khoản thư",
                     facts={"staff_total": f.staff_total, "email_accounts": f.email_accounts}),
              received=datetime(2019, 10, 23, 14, 5, tzinfo=VN) if late else None)
        claims.append([u.code, "thu-cong-vu", "", vn_int(f.email_accounts),
                       vn_int(f.staff_total), ""])
        if u.code == "tt-quang-ha":
            bad = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + random.Random("corrupt").randbytes(3000)
            s.put(f"{u.code}/ty-le-ky-so/bao-cao-ky-so-bi-loi.pdf", bad,
                  Expect("unreadable", "error", ["FILE_UNREADABLE"], fault="corrupt",
                         description="corrupt: tệp PDF hỏng (không có bảng xref, nội dung rác)"))
    # Bad input that units really send
    s.put("van-phong/thu-cong-vu/anh-chup-man-hinh.png", b"",
          Expect("empty", "error", ["FILE_EMPTY"], fault="empty", description="empty: tệp 0 byte"))
    s.put("phong-vhtt/thu-cong-vu/danh-sach-tai-khoan.docx", docx_bytes(),
          Expect("unknown", "error", ["FILE_TYPE_UNKNOWN"], fault="unknown_type",
                 description="unknown_type: tệp Word, không phải PDF hay ảnh"))
    spec = ScreenSpec("HỆ THỐNG QUẢN LÝ VĂN BẢN VÀ ĐIỀU HÀNH", "Thống kê văn bản đi",
                      window_period(cfg), (("Tổng số văn bản đi", "512"),), layout="lines")
    s.put("phong-vhttt/ty-le-ky-so/thong-ke.png", png(render_screen(spec).image),
          Expect("image", "unsigned", ["UNIT_UNKNOWN"], fault="wrong_folder",
                 description="wrong_folder: thư mục «phong-vhttt» gõ sai mã đơn vị"))


def docx_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        info = zipfile.ZipInfo("[Content_Types].xml", date_time=(2019, 10, 10, 9, 0, 0))
        z.writestr(info, '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                         'package/2006/content-types"/>')
    return buf.getvalue()


def screenshot_pdf(s: Sample, u: UnitSpec, png_bytes: bytes) -> bytes:
    """Units paste screenshots into a PDF and sign it as the organization."""
    from reportlab import rl_config
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    from notices.fonts import SERIF, register_fonts

    register_fonts()
    rl_config.invariant = 1
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595.2756, 841.8898))
    c.setFont(f"{SERIF}-Bold", 13)
    c.drawCentredString(297, 790, "ẢNH CHỤP MÀN HÌNH THỐNG KÊ VĂN BẢN ĐI CÓ KÝ SỐ")
    c.setFont(SERIF, 12)
    c.drawCentredString(297, 772, u.name)
    img = ImageReader(io.BytesIO(png_bytes))
    iw, ih = img.getSize()
    w = 515
    c.drawImage(img, 40, 740 - w * ih / iw, width=w, height=w * ih / iw)
    c.showPage()
    c.save()
    org = s.certs[f"org:{u.code}"]
    return sign(buf.getvalue(), key=s.pki.key_path(org), cert=s.cert_path(org),
                chain=s.chain_paths(org), when=datetime(2019, 10, 9, 10, 0, tzinfo=VN),
                field="ChuKyCoQuan", box=(330, 80, 560, 150), kind="organization",
                label=u.name)


def build_scans(s: Sample, claims: list[list[str]]) -> None:
    u = s.cfg.unit("ubnd-huyen")
    assert u is not None
    head = [("center-bold", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            ("center-bold", "Độc lập - Tự do - Hạnh phúc"), ("gap", "")]
    contract = scans.render_page([
        *head,
        ("center-bold", "HỢP ĐỒNG CUNG CẤP DỊCH VỤ CÔNG NGHỆ THÔNG TIN"),
        ("center", "Số: 15/2019/HĐ-CNTT"), ("gap", ""),
        ("text", "Hôm nay, ngày 12 tháng 3 năm 2019, tại UBND huyện Hải Hà,"),
        ("text", "chúng tôi gồm:"),
        ("bold", "Bên A: Ủy ban nhân dân huyện Hải Hà"),
        ("text", "Đại diện: Ông Nguyễn Văn An - Chủ tịch"),
        ("bold", "Bên B: Công ty TNHH Giải pháp Phần mềm Ví Dụ (TEST)"),
        ("text", "Đại diện: Ông Trịnh Văn Mẫu - Giám đốc"), ("gap", ""),
        ("text", "Điều 1. Bên B cung cấp dịch vụ thuê phần mềm quản lý văn bản"),
        ("text", "và điều hành cho UBND huyện Hải Hà trong năm 2019."),
        ("text", "Điều 2. Giá trị hợp đồng: 245.000.000 đồng"),
        ("text", "(Bằng chữ: Hai trăm bốn mươi lăm triệu đồng chẵn)."),
        ("text", "Điều 3. Thời gian thực hiện: từ ngày 15/3/2019 đến ngày 31/12/2019."),
    ], seed="contract", skew_deg=1.3)
    s.put("ubnd-huyen/ha-tang-cntt/hop-dong-15-2019.pdf", scans.to_pdf([contract], "Hợp đồng"),
          Expect("pdf_scan", "unsigned", [], description="bản scan hợp đồng (nghiêng 1,3°)",
                 facts={"contract_number": "15/2019/HĐ-CNTT", "contract_date": "2019-03-12",
                        "amount": 245000000}))
    for month, year, amount, skew in ((3, 2019, "1.650.000", -0.9), (8, 2018, "1.650.000", 1.7)):
        inv = scans.render_page([
            ("center-bold", "HÓA ĐƠN GIÁ TRỊ GIA TĂNG"), ("center", "(Bản thể hiện của hóa đơn "
                                                                   "điện tử)"),
            ("center", f"Ngày 28 tháng {month:02d} năm {year}"), ("gap", ""),
            ("text", "Đơn vị bán hàng: Viễn thông Quảng Ninh (TEST)"),
            ("text", "Đơn vị mua hàng: UBND huyện Hải Hà"),
            ("text", f"Nội dung: Cước đường truyền số liệu chuyên dùng tháng {month:02d}/{year}"),
            ("text", f"Kỳ cước: tháng {month:02d}/{year}"),
            ("bold", f"Tổng cộng tiền thanh toán: {amount} đồng"),
        ], seed=f"invoice-{month}-{year}", skew_deg=skew)
        outside = year == 2018
        s.put(f"ubnd-huyen/ha-tang-cntt/hoa-don-thang-{month:02d}-{year}.pdf",
              scans.to_pdf([inv], "Hóa đơn"),
              Expect("pdf_scan", "unsigned", ["DATE_OUTSIDE_WINDOW"] if outside else [],
                     fault="date_outside" if outside else "",
                     description="date_outside: hoá đơn kỳ cước 08/2018, trước thời gian đánh giá"
                     if outside else "bản scan hoá đơn",
                     facts={"invoice_period": f"{year}-{month:02d}",
                            "document_date": f"{year}-{month:02d}-28"}))
    claims.append([u.code, "ha-tang-cntt", "245.000.000", "", "", "Hợp đồng 15/2019/HĐ-CNTT"])


# ---------------------------------------------------------------- main

def build(root: Path) -> Sample:
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    cfg = load_campaign(root / "campaign.toml", files=False)  # it makes them
    for sub in ("uploads", "pki/roots", "pki/certs", "pki/crl", "pki/untrusted"):
        shutil.rmtree(root / sub, ignore_errors=True)
    s = Sample(root, cfg, Pki(root / "pki"))
    build_pki(s)
    claims: list[list[str]] = []
    build_documents(s)
    for u in cfg.units:
        claims.append([u.code, "ky-so-to-chuc", "4", "", "", ""])
        claims.append([u.code, "ky-so-ca-nhan", str(4 * len(u.leaders)), "", "", ""])
    build_screens(s, claims)
    build_scans(s, claims)
    with (root / "claims.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["Mã đơn vị", "Mã tiêu chí", "Giá trị", "Tử số", "Mẫu số", "Ghi chú"])
        w.writerows(claims)
    bad_row = next(i for i, c in enumerate(claims, start=2) if "O" in c[3])
    with (root / "received.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["path", "received_at"])
        for rel in sorted(s.received):
            w.writerow([rel, s.received[rel].isoformat()])
    manifest = {
        "campaign": cfg.code,
        "note": "Expected outcomes of the sample campaign. Generated by "
                "`python -m sample_evidence.generate`; tests read it.",
        "files": {rel: asdict(e) for rel, e in sorted(s.files.items())},
        "unit_findings": s.unit_findings,
        "claims_findings": [{"file": "claims.csv", "row": bad_row, "code": "CLAIM_ROW_INVALID",
                             "description": "malformed_claim: chữ O thay cho số 0 trong tử số"}],
    }
    (root / "expected.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n",
                                        encoding="utf-8")
    return s
