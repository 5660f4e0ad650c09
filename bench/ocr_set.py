"""A labelled OCR set made by the project's own generator: screenshots in several
fonts with full Vietnamese glyphs, 11–16 px text, light and dark themes, lines,
bordered tables and coloured tiles, saved as JPEG at quality 55–95; and scans
(contracts, invoices, decisions) with 1–2° skew, blur and noise. Deterministic per
seed; nothing is downloaded. The regression set beside the browser-rendered
``bench/screens``.

    make_set(folder, screens=N, scans=M) -> list[Sample]
"""

from __future__ import annotations

import io
import json
import random
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path

from sample_evidence.generator import scans
from sample_evidence.generator.screens import FONTS, ScreenSpec, render_screen, vn_int

LABELS = {
    "outgoing_total": ["Tổng số văn bản đi", "Tổng số VB đi"],
    "outgoing_signed": ["Văn bản đi có ký số", "Văn bản đi được ký số"],
    "incoming_total": ["Tổng số văn bản đến"],
    "dossiers_received": ["Hồ sơ tiếp nhận", "Tổng số hồ sơ tiếp nhận"],
    "dossiers_on_time": ["Hồ sơ trả đúng hạn", "Số hồ sơ trả đúng hạn"],
    "dossiers_online": ["Hồ sơ trực tuyến"],
    "staff_total": ["Tổng số CBCCVC"],
    "email_accounts": ["Số tài khoản thư công vụ"],
    "computers_total": ["Tổng số máy tính"],
}


@dataclass
class Sample:
    file: str
    kind: str
    """``screen`` or ``scan``."""
    layout: str
    facts: dict[str, object]
    strings: list[str]
    """Every string drawn, for the character error rate."""
    traps: dict[str, list[object]] = field(default_factory=dict)
    """Values on the page that must not be reported as that fact (a contract's term
    dates are no reporting period, a decree's date in a decision's preamble is not the
    decision's date)."""
    allowed: dict[str, object] = field(default_factory=dict)
    """Values that may be reported as sure without being expected: a contract's
    «Hôm nay, ngày …» date taken as its document_date as well as its contract_date."""


def _date(rng: random.Random) -> date:
    return date(2018, 1, 1) + timedelta(days=rng.randint(0, 1400))


def make_screen(rng: random.Random, i: int, folder: Path) -> Sample:
    layout = ["lines", "table", "tiles"][i % 3]
    theme = ["light", "dark"][(i // 3) % 2]
    font = list(FONTS)[(i // 6) % len(FONTS)]
    px = 11 + (i % 6)
    names = rng.sample(sorted(LABELS), 3)
    items: list[tuple[str, str]] = []
    facts: dict[str, object] = {}
    for name in names:
        value = rng.choice([rng.randint(0, 99), rng.randint(100, 9999), rng.randint(10000, 99999)])
        items.append((rng.choice(LABELS[name]), vn_int(value)))
        facts[name] = value
    start = _date(rng)
    end = start + timedelta(days=rng.choice([90, 181, 364, 365]))
    period = (f"Từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}" if rng.random() < 0.5
              else f"Kỳ báo cáo: {start:%d/%m/%Y} - {end:%d/%m/%Y}")
    facts.update(period_start=start.isoformat(), period_end=end.isoformat())
    spec = ScreenSpec("HỆ THỐNG QUẢN LÝ VĂN BẢN VÀ ĐIỀU HÀNH", "Báo cáo thống kê", period,
                      tuple(items), unit="UBND xã Quảng Đức", layout=layout,  # type: ignore[arg-type]
                      theme=theme, font=font, font_px=px)  # type: ignore[arg-type]
    quality = 55 + (i * 7) % 41
    path = folder / f"screen-{i:03d}-{layout}-{theme}-{font}-{px}px-q{quality}.jpg"
    render_screen(spec).image.save(path, "JPEG", quality=quality)
    strings = [period] + [s for pair in items for s in pair]
    return Sample(path.name, "screen", layout, facts, strings)


PLACES = ("Hải Hà", "A Lưới", "Nam Đông", "Quảng Hà", "Pleiku", "Đồng Hới")


def make_scan(rng: random.Random, i: int, folder: Path) -> Sample:
    """A contract (number, signing date, value; its term dates are traps), an invoice
    (date, billing month, total) or a decision (its own «<place>, ngày …» date; the
    decree date in its preamble is a trap; an approved total)."""
    d = _date(rng)
    amount = rng.randint(1, 999) * 1_000_000 + rng.randint(0, 999) * 1000
    traps: dict[str, list[object]] = {}
    allowed: dict[str, object] = {}
    kind = ("contract", "invoice", "decision")[i % 3]
    if kind == "contract":
        number = f"{i + 3}/{d.year}/HĐ-CNTT"
        t0 = d + timedelta(days=rng.randint(1, 20))
        t1 = t0 + timedelta(days=rng.randint(60, 360))
        lines = [("center-bold", "HỢP ĐỒNG CUNG CẤP DỊCH VỤ"),
                 ("center", f"Số: {number}"),
                 ("gap", ""),
                 ("text", f"Hôm nay, ngày {d.day} tháng {d.month} năm {d.year}, tại trụ sở UBND,"),
                 ("text", "chúng tôi gồm các bên dưới đây."),
                 ("text", f"Điều 2. Giá trị hợp đồng: {vn_int(amount)} đồng"),
                 ("text", f"Điều 3. Thời gian thực hiện: từ ngày {t0:%d/%m/%Y} đến ngày "
                          f"{t1:%d/%m/%Y}")]
        facts: dict[str, object] = {"contract_number": number, "contract_date": d.isoformat(),
                                    "amount": amount}
        traps = {"period_start": [t0.isoformat()], "period_end": [t1.isoformat()],
                 "document_date": [t0.isoformat(), t1.isoformat()]}
        allowed = {"document_date": d.isoformat()}
    elif kind == "invoice":
        lines = [("center-bold", "HÓA ĐƠN GIÁ TRỊ GIA TĂNG"),
                 ("center", f"Ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"), ("gap", ""),
                 ("text", "Đơn vị bán hàng: Viễn thông (TEST)"),
                 ("text", f"Kỳ cước: tháng {d.month:02d}/{d.year}"),
                 ("bold", f"Tổng cộng tiền thanh toán: {vn_int(amount)} đồng")]
        facts = {"document_date": d.isoformat(), "invoice_period": f"{d.year}-{d.month:02d}",
                 "amount": amount}
    else:
        place = rng.choice(PLACES)
        lines = [("center-bold", "ỦY BAN NHÂN DÂN HUYỆN"),
                 ("center", f"Số: {rng.randint(100, 3999)}/QĐ-UBND"),
                 ("center", f"{place}, ngày {d.day} tháng {d.month} năm {d.year}"),
                 ("gap", ""),
                 ("center-bold", "QUYẾT ĐỊNH"),
                 ("center", "Về việc phê duyệt dự toán thuê dịch vụ công nghệ thông tin"),
                 ("text", "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020"),
                 ("text", "của Chính phủ về công tác văn thư;"),
                 ("text", f"Điều 1. Phê duyệt dự toán. Tổng giá trị: {vn_int(amount)} đồng")]
        facts = {"document_date": d.isoformat(), "amount": amount}
        traps = {"document_date": ["2020-03-05"]}
    skew = rng.choice([-1, 1]) * rng.uniform(1.0, 2.0)
    page = scans.render_page(lines, seed=f"set-{i}", skew_deg=skew, noise=0.05)
    path = folder / f"scan-{i:03d}-{kind}-skew{skew:+.1f}.pdf"
    path.write_bytes(scans.to_pdf([page], kind))
    return Sample(path.name, "scan", kind, facts, [t for s, t in lines if s != "gap"], traps,
                  allowed)


def make_set(folder: Path, screens: int = 48, scans_n: int = 12, seed: int = 2019) -> list[Sample]:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    out = [make_screen(rng, i, folder) for i in range(screens)]
    out += [make_scan(rng, i, folder) for i in range(scans_n)]
    (folder / "labels.json").write_text(json.dumps([asdict(s) for s in out], ensure_ascii=False,
                                                   indent=1), encoding="utf-8")
    return out


def png_bytes(img: object) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG")  # type: ignore[attr-defined]
    return buf.getvalue()
