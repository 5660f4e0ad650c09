"""A campaign of any size for load tests and benchmarks, built from the sample's test
PKI: every file distinct in content (so no cache can shortcut the work), of the same
kinds and costs as real uploads.

    uv run python -m sample_evidence.generator.load OUT --files 2000 [--units 150]

Units are communes cloned from the sample's three communes (same certificate
identities, so their signatures are valid); per unit and in turn: a công văn signed by
a leader and then the organization, a screenshot of the document-management figures,
one of the one-stop figures, one of the mail accounts. Claims match the screenshots.
Uses the TEST-ONLY keys in ``sample_evidence/pki/keys``.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import sys
import tomllib
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from asn1crypto import pem, x509

from notices.congvan import CongVan, render_pdf
from sample_evidence.generator.screens import ScreenSpec, render_screen, vn_int
from sample_evidence.generator.signing import sign

SAMPLE = Path(__file__).resolve().parent.parent
VN = ZoneInfo("Asia/Ho_Chi_Minh")
TEMPLATES = ("xa-quang-phong", "xa-quang-thinh", "tt-quang-ha")
"""Sample units whose certificates the clones sign with (two leaders each)."""
LEADER_CERTS = {"xa-quang-phong": "ca-nhan-xa-quang-phong-1",
                "xa-quang-thinh": "ca-nhan-xa-quang-thinh-1",
                "tt-quang-ha": "ca-nhan-tt-quang-ha-1"}


def _chain(cert: Path) -> list[Path]:
    """The issuers of a certificate among the sample's certificates, up to the root."""
    by_subject: dict[bytes, Path] = {}
    for p in sorted((SAMPLE / "pki" / "certs").glob("*.pem")):
        c = _load(p)
        by_subject[c.subject.dump()] = p
    out, c = [], _load(cert)
    while c.issuer.dump() != c.subject.dump() and c.issuer.dump() in by_subject:
        nxt = by_subject[c.issuer.dump()]
        out.append(nxt)
        c = _load(nxt)
    return out


def _load(p: Path) -> x509.Certificate:
    data = p.read_bytes()
    if pem.detect(data):
        data = pem.unarmor(data)[2]
    return x509.Certificate.load(data)


def build_load(out: Path, files: int, units: int | None = None, seed: int = 1) -> int:
    """Write the campaign into ``out``; return how many upload files it has."""
    base = tomllib.loads((SAMPLE / "campaign.toml").read_text(encoding="utf-8"))
    per_unit = 4
    units = units or max(1, -(-files // per_unit))
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    for sub in ("roots", "crl"):
        shutil.copytree(SAMPLE / "pki" / sub, out / "pki" / sub, dirs_exist_ok=True)
    templates = {u["code"]: u for u in base["units"] if u["code"] in TEMPLATES}
    window_start = base["window"]["start"]
    quarters = [window_start + timedelta(days=45 + 91 * q) for q in range(4)]
    unit_specs, claims, made = [], [], 0
    for k in range(units):
        if made >= files:
            break
        t = templates[TEMPLATES[k % len(TEMPLATES)]]
        code = f"{t['code']}-{k:04d}"
        name = f"{t['name']} {k:04d}"
        unit_specs.append({**{k: v for k, v in t.items() if k != "parent"}, "code": code,
                           "name": name, "email": f"{code}@example.test"})
        keys = SAMPLE / "pki" / "keys"
        certs = SAMPLE / "pki" / "certs"
        org, person = f"to-chuc-{t['code']}", LEADER_CERTS[t["code"]]
        for i in range(per_unit):
            if made >= files:
                break
            folder = out / "uploads" / code
            if i == 0:
                day = quarters[rng.randrange(4)]
                leader = t["leaders"][0]
                cv = CongVan(issuer_parent="UBND HUYỆN HẢI HÀ", issuer=name.upper(),
                             number=f"{rng.randint(10, 999)}/{t['doc_symbol']}", place="Hải Hà",
                             day=day, subject="triển khai ứng dụng công nghệ thông tin",
                             recipients=("Các cơ quan, đơn vị liên quan",),
                             body=(f"{name} triển khai kế hoạch số {rng.randint(1, 99)}.",),
                             signer_capacity="TM. ỦY BAN NHÂN DÂN", signer_title="CHỦ TỊCH",
                             signer_name=leader["name"])
                r = render_pdf(cv, invariant=True)
                x0, y0, x1, y1 = r.signer_box
                when = datetime(day.year, day.month, day.day, 9, 15, tzinfo=VN)
                pdf = r.pdf
                for j, (who, role, box) in enumerate(
                        ((person, "personal", (x0 + 70, y0, x1, y1)),
                         (org, "organization", (x0 - 30, y0 + 4, x0 + 160, y0 + 66)))):
                    cert = certs / f"{who}.pem"
                    pdf = sign(pdf, key=keys / f"{who}.TEST-ONLY.key.pem", cert=cert,
                               chain=_chain(cert), when=when + timedelta(minutes=25 * j),
                               field="ChuKyCaNhan" if role == "personal" else "ChuKyCoQuan",
                               box=box, kind=role, label=name, title="Chủ tịch")
                (folder / "ky-so-to-chuc").mkdir(parents=True, exist_ok=True)
                (folder / "ky-so-to-chuc" / f"cv-{day.isoformat()}.pdf").write_bytes(pdf)
            else:
                crit, app, title, labels = [
                    ("ty-le-ky-so", "HỆ THỐNG QUẢN LÝ VĂN BẢN VÀ ĐIỀU HÀNH",
                     "Thống kê văn bản đi", ("Tổng số văn bản đi", "Văn bản đi có ký số")),
                    ("ho-so-dung-han", "HỆ THỐNG THÔNG TIN MỘT CỬA ĐIỆN TỬ",
                     "Báo cáo tình hình giải quyết hồ sơ",
                     ("Hồ sơ tiếp nhận", "Hồ sơ trả đúng hạn")),
                    ("thu-cong-vu", "HỆ THỐNG THƯ ĐIỆN TỬ CÔNG VỤ", "Tài khoản thư công vụ",
                     ("Tổng số cán bộ, công chức", "Số tài khoản thư công vụ")),
                ][i - 1]
                total = rng.randint(40, 3000)
                part = rng.randint(total // 2, total)
                spec = ScreenSpec(app, title, "Từ ngày 01/10/2018 đến ngày 30/09/2019",
                                  ((labels[0], vn_int(total)), (labels[1], vn_int(part))),
                                  unit=name, layout=rng.choice(["table", "tiles"]),
                                  theme=rng.choice(["light", "dark"]), font_px=14)
                (folder / crit).mkdir(parents=True, exist_ok=True)
                render_screen(spec).image.save(folder / crit / "thong-ke.png", "PNG")
                claims.append([code, crit, "", vn_int(part), vn_int(total), ""])
            made += 1
    with (out / "received.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["path", "received_at"])
        for p in sorted((out / "uploads").rglob("*")):
            if p.is_file():
                w.writerow([p.relative_to(out / "uploads").as_posix(),
                            "2019-10-10T09:00:00+07:00"])
    with (out / "claims.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Mã đơn vị", "Mã tiêu chí", "Giá trị", "Tử số", "Mẫu số", "Ghi chú"])
        w.writerows(claims)
    _write_campaign(out, base, unit_specs, files)
    return made


def _toml_value(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(x)}" for k, x in v.items()) + " }"
    return str(v)


def _write_campaign(out: Path, base: dict[str, object], units: list[dict[str, object]],
                    files: int) -> None:
    lines = [f'code = "load-{files}"', f'name = "Chiến dịch tải thử {files} tệp"',
             'issuer = "UBND huyện Hải Hà"', 'place = "Hải Hà"', "year = 2019",
             'uploads = "uploads"', 'claims = ["claims.csv"]', 'received_log = "received.csv"',
             'trust_roots = ["pki/roots"]',
             'crls = ["pki/crl"]', "late_means_not_ranked = true", "",
             "[window]", "start = 2018-10-01", "end = 2019-09-30", "",
             "[deadlines]", "default = 2019-10-18", ""]
    for u in units:
        lines.append("[[units]]")
        lines += [f"{k} = {_toml_value(v)}" for k, v in u.items()]
        lines.append("")
    crits = [c for c in base["criteria"]  # type: ignore[attr-defined]
             if c["code"] not in ("ky-so-ca-nhan", "ha-tang-cntt")]
    for c in crits:
        c = {**c, "levels": []}
        ev = c.pop("evidence", {})
        if c["code"] == "ky-so-to-chuc":
            ev = {**ev, "coverage": "none"}  # one document per unit in a load campaign
        lines.append("[[criteria]]")
        lines += [f"{k} = {_toml_value(v)}" for k, v in c.items()]
        lines.append("[criteria.evidence]")
        lines += [f"{k} = {_toml_value(v)}" for k, v in ev.items()]
        lines.append("")
    (out / "campaign.toml").write_text("\n".join(lines), encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--units", type=int, default=None)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    n = build_load(a.out, a.files, a.units, a.seed)
    print(f"{n} files in {a.out / 'uploads'}; campaign {a.out / 'campaign.toml'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
