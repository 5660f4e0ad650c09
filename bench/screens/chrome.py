"""Shared pieces of a government web page: the page shell (top bar with the user's
name, today's date and clock, side menu, breadcrumbs, footer), filter bars that hold
the reporting period, tables with one- or two-level headers, tiles, SVG charts with
axes and legends, pagination. Every family builds its content from these so that the
chrome, which must be kept out of facts, is the same realistic noise everywhere.

The :class:`Ctx` a family receives records what the page states: ``fact`` (expected
value and the exact string the page shows it as), ``trap`` (a value on the page that
must not be reported as that fact), ``review`` (a fact the page does not allow to
confirm exactly: no total row, two candidate periods)."""

from __future__ import annotations

import html
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

FONTS_DEV = ("Liberation Sans", "DejaVu Sans", "Noto Sans")
PALETTES = {
    "blue": ("#0b5aa6", "#e8f1fb"),
    "green": ("#1d7a46", "#e6f4ec"),
    "maroon": ("#8c1c13", "#fbeceb"),
    "teal": ("#00707a", "#e3f4f5"),
}
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
USERS = ("Nguyễn Văn Hùng", "Trần Thị Mai", "Lê Quang Vinh", "Phạm Thị Thu Hà", "Hoàng Minh Tuấn",
         "Võ Thị Lan", "Đặng Văn Bình", "Bùi Thị Hồng Nhung", "admin_vp", "Hồ Đức Thắng")
UNITS = ("UBND huyện Hải Hà", "UBND huyện A Lưới", "UBND huyện Nam Đông", "UBND xã Quảng Đức",
         "UBND thị trấn Quảng Hà", "Sở Thông tin và Truyền thông", "UBND xã Hồng Kim",
         "UBND huyện Đăk Đoa", "UBND phường Đồng Hới", "Sở Nội vụ")


def esc(s: str) -> str:
    return html.escape(s, quote=True)


def vn_int(n: int) -> str:
    """1234567 → ``1.234.567`` (Vietnamese thousands separator)."""
    return f"{n:,}".replace(",", ".")


def dmy(d: date) -> str:
    return f"{d:%d/%m/%Y}"


@dataclass
class Variant:
    """How one page looks; everything here goes into the label's ``variant``."""

    font: str
    width: int
    zoom: float
    theme: str
    palette: str
    font_px: int
    jpeg_quality: int | None
    thousands: bool
    """Numbers written with «.» thousands separators (else bare digits)."""
    pool: str = "dev"
    """``dev``, ``dev2`` or ``heldout``: which wording pool labels were drawn from."""
    wording: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"font": self.font, "width": self.width, "zoom": self.zoom,
                "theme": self.theme, "palette": self.palette, "font_px": self.font_px,
                "jpeg_quality": self.jpeg_quality, "thousands": self.thousands,
                "pool": self.pool, "wording": dict(self.wording), **self.extra}


@dataclass
class Ctx:
    """What a family draws with (random source, look, wording pools) and what it
    records about the page (facts, traps, review)."""

    rng: random.Random
    v: Variant
    alt_words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Another wording pool (the held-out one, or the second development one): used
    instead of a family's own options when the page is drawn from that pool."""
    facts: dict[str, object] = field(default_factory=dict)
    shown: dict[str, str] = field(default_factory=dict)
    traps: dict[str, list[object]] = field(default_factory=dict)
    review: dict[str, list[object]] = field(default_factory=dict)

    def word(self, slot: str, options: tuple[str, ...]) -> str:
        """One wording for a label slot; recorded in the variant."""
        pool = self.alt_words.get(slot) if self.v.pool != "dev" else None
        choice = self.rng.choice(pool or options)
        self.v.wording[slot] = choice
        return choice

    def num(self, n: int) -> str:
        return vn_int(n) if self.v.thousands else str(n)

    def fact(self, name: str, value: object, shown: str) -> None:
        self.facts[name] = value
        self.shown[name] = shown

    def trap(self, name: str, value: object) -> None:
        if self.facts.get(name) == value:
            return  # the same value is not a trap
        lst = self.traps.setdefault(name, [])
        if value not in lst:
            lst.append(value)

    def need_review(self, name: str, candidate: object) -> None:
        self.facts.pop(name, None)
        self.shown.pop(name, None)
        lst = self.review.setdefault(name, [])
        if candidate not in lst:
            lst.append(candidate)


# ---------------------------------------------------------------- dates and periods

def report_window(rng: random.Random) -> tuple[date, date]:
    """A reporting window like the seeds' (01/10–30/09, 01/11–31/10, a calendar year…)."""
    year = rng.randint(2018, 2023)
    kind = rng.choice(["oct", "nov", "year", "oct1"])
    if kind == "oct":
        return date(year - 1, 10, 1), date(year, 9, 30)
    if kind == "nov":
        return date(year - 1, 11, 1), date(year, 10, 31)
    if kind == "oct1":
        return date(year - 1, 10, 1), date(year, 10, 1)
    return date(year, 1, 1), date(year, 12, 31)


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _quarter(rng: random.Random) -> tuple[date, date, int, int]:
    year = rng.randint(2018, 2023)
    q = rng.randint(1, 4)
    start = date(year, 3 * q - 2, 1)
    nxt = date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1)
    return start, nxt - timedelta(days=1), q, year


def _month_end(y: int, m: int) -> date:
    return date(y + (m == 12), 1 if m == 12 else m + 1, 1) - timedelta(days=1)


PERIOD_FORMS = ("inputs", "thoigian", "kybaocao", "nam", "quy", "thang", "inputs",
                "range_input", "tu_thang", "quy_nam", "mot_thang", "nua_nam", "iso_inputs",
                "dash_inputs", "sentence")
"""Every way a filter bar or a subtitle states the period: date inputs («Từ ngày [..]
Đến ngày [..]», ISO pickers, dashes), one range input, «Thời gian: A - B», «Kỳ báo
cáo», «Năm», «Quý III/2019», «Quý 3 năm 2019», «tháng 10/2019 – tháng 9/2020», «Từ
tháng … đến tháng …», «Tháng 10/2019», «6 tháng đầu năm 2020», a sentence under the
title («Số liệu tính từ ngày … đến ngày …»)."""


def period_filter(ctx: Ctx, forms: tuple[str, ...] = PERIOD_FORMS
                  ) -> tuple[str, date, date]:
    """A filter bar holding the reporting period; records period_start/period_end
    with the string shown. Returns (html, start, end)."""
    rng = ctx.rng
    form = rng.choice(forms)
    ctx.v.wording["period_form"] = form
    start, end = report_window(rng)
    shown: str
    if form == "inputs":
        lf, lt = ctx.word("period.from_to", ("Từ ngày|Đến ngày", "Từ ngày|đến ngày",
                                             "Ngày bắt đầu|Ngày kết thúc", "Từ|Đến")
                          ).split("|")
        body = (f'<label>{lf}</label><input class="date" value="{dmy(start)}">'
                f'<label>{lt}</label><input class="date" value="{dmy(end)}">')
        shown = f"{dmy(start)}|{dmy(end)}"
    elif form == "thoigian":
        sep = ctx.word("period.sep", (" - ", " – ", " đến "))
        k = ctx.word("period.time", ("Thời gian:", "Thời gian"))
        body = f'<span class="k">{k}</span> <b>{dmy(start)}{sep}{dmy(end)}</b>'
        shown = f"{dmy(start)}{sep}{dmy(end)}"
    elif form == "kybaocao":
        k = ctx.word("period.report", ("Kỳ báo cáo", "Kỳ thống kê", "Kỳ số liệu"))
        body = (f'<label>{k}:</label><select><option>{dmy(start)} - {dmy(end)}'
                f'</option></select>')
        shown = f"{dmy(start)} - {dmy(end)}"
    elif form == "nam":
        y = rng.randint(2018, 2023)
        start, end = date(y, 1, 1), date(y, 12, 31)
        body = (f'<label>{rng.choice(["Năm", "Năm báo cáo", "Chọn năm"])}</label>'
                f'<select><option>{y}</option></select>')
        shown = f"{y}"
        if rng.random() < 0.5:
            body = f'<span class="k">Năm {y}</span>'
            shown = f"Năm {y}"
    elif form == "quy":
        start, end, q, y = _quarter(rng)
        body = f'<label>Kỳ báo cáo:</label><select><option>Quý {ROMAN[q]}/{y}</option></select>'
        shown = f"Quý {ROMAN[q]}/{y}"
    elif form == "range_input":
        k = ctx.word("period.range", ("Khoảng thời gian", "Thời gian thống kê", "Giai đoạn",
                                      "Chọn khoảng thời gian"))
        sep = rng.choice([" - ", " ~ ", " → "])
        body = (f'<label>{k}</label><input class="date" style="width:15em" '
                f'value="{dmy(start)}{sep}{dmy(end)}">')
        shown = f"{dmy(start)}{sep}{dmy(end)}"
    elif form == "tu_thang":
        start = date(start.year, start.month, 1)
        end = _month_end(end.year, end.month)
        body = (f'<span class="k">Từ tháng {start.month}/{start.year} đến tháng '
                f'{end.month}/{end.year}</span>')
        shown = f"Từ tháng {start.month}/{start.year} đến tháng {end.month}/{end.year}"
    elif form == "quy_nam":
        start, end, q, y = _quarter(rng)
        text = rng.choice([f"Quý {q} năm {y}", f"Quý {ROMAN[q]} năm {y}", f"Quý {ROMAN[q]} - {y}"])
        body = f'<label>Kỳ báo cáo</label><select><option>{text}</option></select>'
        shown = text
    elif form == "mot_thang":
        y, m = rng.randint(2018, 2023), rng.randint(1, 12)
        start, end = date(y, m, 1), _month_end(y, m)
        text = rng.choice([f"Tháng {m}/{y}", f"Tháng {m:02d}/{y}", f"Tháng {m} năm {y}"])
        body = f'<label>Kỳ thống kê</label><select><option>{text}</option></select>'
        shown = text
    elif form == "nua_nam":
        y = rng.randint(2018, 2023)
        first = rng.random() < 0.5
        start, end = (date(y, 1, 1), date(y, 6, 30)) if first else (date(y, 7, 1),
                                                                      date(y, 12, 31))
        text = f"6 tháng {'đầu' if first else 'cuối'} năm {y}"
        body = f'<label>Kỳ báo cáo</label><select><option>{text}</option></select>'
        shown = text
    elif form == "iso_inputs":
        body = (f'<label>Từ ngày</label><input class="date" value="{start.isoformat()}">'
                f'<label>Đến ngày</label><input class="date" value="{end.isoformat()}">')
        shown = f"{start.isoformat()}|{end.isoformat()}"
    elif form == "dash_inputs":
        a, b = f"{start:%d-%m-%Y}", f"{end:%d-%m-%Y}"
        lf, lt = rng.choice([("Từ ngày", "Đến ngày"), ("Từ", "Đến"), ("Từ ngày:", "Đến ngày:")])
        body = (f'<label>{lf}</label><input class="date" value="{a}">'
                f'<label>{lt}</label><input class="date" value="{b}">')
        shown = f"{a}|{b}"
    elif form == "sentence":
        lead = ctx.word("period.sentence", ("Số liệu tính từ ngày", "Số liệu từ ngày",
                                            "Thống kê từ ngày"))
        body = (f'<span>{lead} {dmy(start)} đến ngày {dmy(end)}</span>')
        shown = f"{lead} {dmy(start)} đến ngày {dmy(end)}"
    else:  # thang
        y = rng.randint(2018, 2023)
        m = rng.randint(1, 12)
        start = date(y, m, 1)
        em, ey = (m - 2) % 12 + 1, y + (1 if m > 1 else 0)
        end = _month_end(ey, em)
        body = f'<span class="k">Thời gian: tháng {m}/{y} – tháng {em}/{ey}</span>'
        shown = f"tháng {m}/{y} – tháng {em}/{ey}"
    ctx.fact("period_start", start.isoformat(), shown)
    ctx.fact("period_end", end.isoformat(), shown)
    for d in (start, end):  # a filter's dates are no document's date
        ctx.trap("document_date", d.isoformat())
        ctx.trap("contract_date", d.isoformat())
    button = rng.choice(["Xem", "Tìm kiếm", "Thống kê", "Lọc dữ liệu", "Xem báo cáo"])
    extra = rng.choice(["", '<label>Đơn vị</label><select><option>Tất cả</option></select>',
                        '<label>Loại</label><select><option>-- Chọn --</option></select>'])
    return (f'<div class="filter">{body}{extra}<button>{button}</button>'
            f'<button class="sec">Xuất Excel</button></div>'), start, end


# ---------------------------------------------------------------- page shell

CSS = """
* { box-sizing: border-box; }
body { margin: 0; font-family: '%(font)s'; font-size: %(px)spx; background: %(bg)s;
       color: %(fg)s; }
.top { background: %(main)s; color: #fff; display: flex; align-items: center;
       padding: 8px 16px; gap: 18px; }
.top .logo { font-weight: bold; font-size: 1.25em; letter-spacing: .3px; }
.top .nav { display: flex; gap: 14px; flex: 1; }
.top .nav span { opacity: .9; }
.top .who { text-align: right; font-size: .92em; line-height: 1.35; }
.wrap { display: flex; }
.side { width: 210px; min-width: 210px; background: %(panel)s; border-right: 1px solid %(line)s;
        padding: 10px 0; min-height: 640px; }
.side div { padding: 7px 16px; }
.side .on { background: %(soft)s; color: %(mainfg)s; font-weight: bold;
            border-left: 3px solid %(main)s; }
.side .grp { font-size: .8em; text-transform: uppercase; color: %(muted)s; padding-top: 12px; }
.main { flex: 1; padding: 12px 18px; min-width: 0; }
.crumbs { color: %(muted)s; font-size: .9em; margin-bottom: 8px; }
h2 { font-size: 1.3em; margin: 6px 0 10px; color: %(mainfg)s; }
.sub { color: %(muted)s; margin: -4px 0 10px; }
.panel { background: %(panel)s; border: 1px solid %(line)s; border-radius: 4px; padding: 12px;
         margin-bottom: 12px; }
.filter { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; background: %(panel)s;
          border: 1px solid %(line)s; padding: 8px 10px; margin-bottom: 12px; border-radius: 4px; }
.filter input, .filter select { border: 1px solid %(line)s; padding: 4px 6px; background: %(input)s;
          color: %(fg)s; font-family: inherit; font-size: 1em; width: 8.5em; }
.filter select { width: auto; min-width: 7em; }
.filter button { background: %(main)s; color: #fff; border: 0; padding: 5px 12px;
                 border-radius: 3px; font-family: inherit; font-size: 1em; }
.filter button.sec { background: %(muted)s; }
table.grid { border-collapse: collapse; width: 100%%; background: %(panel)s; }
table.grid th, table.grid td { border: 1px solid %(line)s; padding: 5px 7px; }
table.grid th { background: %(head)s; color: %(headfg)s; font-weight: bold; text-align: center; }
table.grid td.n { text-align: right; }
table.grid tr.total td { font-weight: bold; background: %(soft)s; }
table.grid tr:nth-child(even) td { background: %(stripe)s; }
table.plain { border-collapse: collapse; width: 100%%; }
table.plain th { text-align: left; border-bottom: 2px solid %(line)s; padding: 6px; }
table.plain td { border-bottom: 1px solid %(line)s; padding: 6px; }
.tiles { display: flex; flex-wrap: wrap; gap: 12px; margin-bottom: 12px; }
.tile { flex: 1; min-width: 150px; background: %(panel)s; border: 1px solid %(line)s;
        border-radius: 6px; padding: 12px; display: flex; gap: 10px; align-items: center; }
.tile.col { flex-direction: column; align-items: flex-start; }
.tile.colr { flex-direction: column-reverse; align-items: flex-start; }
.tile .v { font-size: 1.9em; font-weight: bold; color: %(mainfg)s; }
.tile .ic { width: 38px; height: 38px; border-radius: 50%%; background: %(soft)s; color: %(mainfg)s;
            display: flex; align-items: center; justify-content: center; font-size: 1.2em; }
.pager { display: flex; justify-content: space-between; align-items: center; margin-top: 8px;
         color: %(muted)s; }
.pager .pg span { display: inline-block; border: 1px solid %(line)s; padding: 2px 8px;
                  margin-left: 3px; }
.pager .pg span.on { background: %(main)s; color: #fff; }
.foot { color: %(muted)s; font-size: .85em; padding: 10px 18px; border-top: 1px solid %(line)s; }
.k { font-weight: bold; }
.badge { display: inline-block; padding: 1px 7px; border-radius: 9px; font-size: .85em;
         background: %(soft)s; color: %(mainfg)s; }
.ok { color: #1d8a3a; } .no { color: #c0392b; }
.kv td { padding: 4px 12px 4px 0; }
"""


def css(v: Variant) -> str:
    main, soft = PALETTES[v.palette]
    if v.theme == "dark":
        colours = {"bg": "#1e2128", "fg": "#e1e4ea", "panel": "#2a2e38", "line": "#4a505e",
                   "muted": "#9aa1b0", "soft": "#353b4a", "mainfg": "#8cc4ff", "head": "#343a48",
                   "headfg": "#e1e4ea", "stripe": "#2e333e", "input": "#1e2128"}
    else:
        colours = {"bg": "#eef1f5", "fg": "#212529", "panel": "#ffffff", "line": "#cfd5dc",
                   "muted": "#5f6875", "soft": soft, "mainfg": main, "head": soft,
                   "headfg": "#1d2a3a", "stripe": "#f7f9fb", "input": "#ffffff"}
    return CSS % {"font": v.font, "px": v.font_px, "main": main, **colours}


@dataclass(frozen=True)
class Shell:
    system: str
    """Application banner, e.g. «HỆ THỐNG QUẢN LÝ VĂN BẢN VÀ ĐIỀU HÀNH»."""
    nav: tuple[str, ...]
    menu: tuple[str, ...]
    active: int
    crumbs: tuple[str, ...]


def page(ctx: Ctx, shell: Shell, title: str, content: str, period_end: date) -> str:
    """The whole HTML document: top bar (user, today's date and clock, last login),
    side menu, breadcrumbs, title, content, footer. Today's date and the login time
    are traps for document_date and the period."""
    rng = ctx.rng
    today = period_end + timedelta(days=rng.randint(3, 45))
    user = rng.choice(USERS)
    unit = rng.choice(UNITS)
    clock = f"{rng.randint(7, 17):02d}:{rng.randint(0, 59):02d}"
    login = today - timedelta(days=rng.randint(0, 3))
    seconds = f"{clock}:{rng.randint(0, 59):02d}"
    date_txt = rng.choice([f"{WEEKDAYS[today.weekday()]}, {dmy(today)}",
                           f"Hôm nay: {dmy(today)} {clock}",
                           f"{WEEKDAYS[today.weekday()]}, ngày {today.day} tháng {today.month} "
                           f"năm {today.year}",
                           f"{dmy(today)} | {clock}",
                           f"{seconds} {WEEKDAYS[today.weekday()]}, {dmy(today)}",
                           f"Hôm nay là {WEEKDAYS[today.weekday()]}, {dmy(today)}, {seconds}",
                           f"{clock} - {dmy(today)}"])
    for name in ("document_date", "contract_date", "period_end", "period_start"):
        ctx.trap(name, today.isoformat())
        ctx.trap(name, login.isoformat())
    who = (f'<div class="who">Xin chào, <b>{esc(user)}</b><br>{esc(date_txt)}<br>'
           f'Đăng nhập lúc {dmy(login)} {rng.randint(7, 11):02d}:{rng.randint(0, 59):02d}</div>')
    nav = "".join(f"<span>{esc(n)}</span>" for n in shell.nav)
    if rng.random() < 0.4:  # a notification bell with its count: no fact
        nav += f'<span>🔔 Thông báo <span class="badge">{rng.randint(1, 99)}</span></span>'
    visitors = ""
    if rng.random() < 0.35:  # a portal's visitor counter: «trực tuyến» here counts people
        now, hits = rng.randint(3, 400), rng.randint(20000, 9000000)
        visitors = rng.choice([f" · Đang trực tuyến: {vn_int(now)} · Lượt truy cập: "
                               f"{vn_int(hits)}",
                               f" · Trực tuyến: {vn_int(now)} | Tổng lượt truy cập: "
                               f"{vn_int(hits)}"])
        for name in ("dossiers_online", "online_meetings", "dossiers_received"):
            ctx.trap(name, now)
            ctx.trap(name, hits)
    menu = []
    for i, m in enumerate(shell.menu):
        if m.startswith("#"):
            menu.append(f'<div class="grp">{esc(m[1:])}</div>')
        else:
            cls = ' class="on"' if i == shell.active else ""
            menu.append(f"<div{cls}>{esc(m)}</div>")
    crumbs = " › ".join(esc(c) for c in ("Trang chủ", *shell.crumbs))
    foot_year = today.year
    foot = rng.choice([f"© {foot_year} {unit}. Hỗ trợ kỹ thuật: 0232.3822.xxx",
                       f"Bản quyền thuộc {unit} · Phiên bản 3.{rng.randint(0, 9)}."
                       f"{rng.randint(0, 20)}",
                       f"Đơn vị vận hành: Trung tâm CNTT và Truyền thông · {foot_year}"])
    return (f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>{css(ctx.v)}'
            f'</style></head><body><div class="top"><div class="logo">{esc(shell.system)}</div>'
            f'<div class="nav">{nav}</div>{who}</div><div class="wrap"><div class="side">'
            f'{"".join(menu)}</div><div class="main"><div class="crumbs">{crumbs}</div>'
            f'<h2>{esc(title)}</h2><div class="sub">{esc(unit)}</div>{content}</div></div>'
            f'<div class="foot">{esc(foot + visitors)}</div></body></html>')


# ---------------------------------------------------------------- content pieces

def grid(headers: list[list[tuple[str, int, int]]], rows: list[list[str]],
         total: list[str] | None = None, numeric_from: int = 1, total_first: bool = False
         ) -> str:
    """A bordered table. ``headers``: header rows of (text, colspan, rowspan) so that
    two-level headers with merged cells are drawn as the systems draw them. The total
    row goes last, or first (as some systems draw it) with ``total_first``."""
    out = ['<table class="grid">']
    for hr in headers:
        cells = "".join(f'<th colspan="{c}" rowspan="{r}">{esc(t)}</th>' for t, c, r in hr)
        out.append(f"<tr>{cells}</tr>")

    def tr(row: list[str], cls: str = "") -> str:
        return f"<tr{cls}>" + "".join(
            f'<td class="n">{esc(c)}</td>' if i >= numeric_from else f"<td>{esc(c)}</td>"
            for i, c in enumerate(row)) + "</tr>"

    body = [tr(row) for row in rows]
    if total:
        body.insert(0 if total_first else len(body), tr(total, ' class="total"'))
    out += body
    out.append("</table>")
    return "".join(out)


ICONS = ("📄", "📥", "📤", "✔", "⏰", "🌐", "👥", "✉", "🖥", "📊", "⚠", "★")


def tiles(ctx: Ctx, items: list[tuple[str, str]]) -> str:
    """Dashboard cards: value above, below or beside its label, with an icon."""
    arrangement = ctx.rng.choice(["col", "colr", "row"])
    ctx.v.extra["tiles"] = arrangement
    cells = []
    for label, value in items:
        icon = f'<div class="ic">{ctx.rng.choice(ICONS)}</div>' if ctx.rng.random() < 0.7 else ""
        cls = "tile" if arrangement == "row" else f"tile {arrangement}"
        if arrangement == "row":
            inner = f'{icon}<div><div class="v">{esc(value)}</div><div>{esc(label)}</div></div>'
        else:
            inner = f'<div class="v">{esc(value)}</div><div>{esc(label)}</div>'
        cells.append(f'<div class="{cls}">{inner}</div>')
    return f'<div class="tiles">{"".join(cells)}</div>'


def chart(ctx: Ctx, title: str, categories: list[str], series: list[tuple[str, list[int]]],
          labels: bool | None = None) -> str:
    """An SVG bar chart with a numbered y axis and a legend (numbers that are no facts);
    with ``labels`` (drawn at random when None) each bar carries its value above it, so a
    figure stands right over a category or legend word as a tile's caption would."""
    if labels is None:
        labels = ctx.rng.random() < 0.4
    w, h, left, bottom = 620, 230, 48, 34
    top = max((max(vals) for _n, vals in series), default=1) or 1
    step = 10 ** max(len(str(top)) - 1, 0)
    ymax = ((top // step) + 1) * step
    colours = ["#3b7dd8", "#e0873a", "#3aa35b", "#a64ca6"]
    parts = [f'<svg width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
             f'font-family="{ctx.v.font}" font-size="11" fill="currentColor">']
    for k in range(5):
        y = h - bottom - (h - bottom - 20) * k / 4
        parts.append(f'<line x1="{left}" y1="{y:.0f}" x2="{w - 10}" y2="{y:.0f}" '
                     f'stroke="#8888" stroke-width="0.5"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.0f}" text-anchor="end">'
                     f'{ymax * k // 4}</text>')
    n = max(len(categories), 1)
    slot = (w - left - 20) / n
    bw = slot * 0.7 / max(len(series), 1)
    for ci, cat in enumerate(categories):
        x0 = left + slot * ci + slot * 0.15
        for si, (_name, vals) in enumerate(series):
            bh = (h - bottom - 20) * vals[ci] / ymax
            parts.append(f'<rect x="{x0 + si * bw:.1f}" y="{h - bottom - bh:.1f}" '
                         f'width="{bw - 1:.1f}" height="{bh:.1f}" fill="{colours[si % 4]}"/>')
            if labels:
                parts.append(f'<text x="{x0 + si * bw + bw / 2:.1f}" '
                             f'y="{h - bottom - bh - 3:.1f}" text-anchor="middle" '
                             f'font-size="10">{vn_int(vals[ci])}</text>')
        parts.append(f'<text x="{x0 + slot * 0.35:.0f}" y="{h - bottom + 14}" '
                     f'text-anchor="middle">{esc(cat)}</text>')
    lx = left
    for si, (name, _v) in enumerate(series):
        parts.append(f'<rect x="{lx}" y="{h - 12}" width="10" height="10" '
                     f'fill="{colours[si % 4]}"/><text x="{lx + 14}" y="{h - 3}">{esc(name)}'
                     f'</text>')
        lx += 24 + 7 * len(name)
    parts.append("</svg>")
    return (f'<div class="panel"><div class="k">{esc(title)}</div>'
            f'{"".join(parts)}</div>')


def pagination(ctx: Ctx, first: int, last: int, total: int) -> str:
    """«Hiển thị 1 - 20 trên tổng số 245 bản ghi» and page buttons."""
    text = ctx.rng.choice([
        f"Hiển thị {first} - {last} trên tổng số {ctx.num(total)} bản ghi",
        f"Hiển thị {first} đến {last} của {ctx.num(total)} mục",
        f"Tổng số: {ctx.num(total)} bản ghi",
        f"Trang 1/{max(1, -(-total // max(last - first + 1, 1)))} - Có {ctx.num(total)} kết quả",
    ])
    pages = "".join(f'<span class="{"on" if p == 1 else ""}">{p}</span>' for p in range(1, 5))
    return (f'<div class="pager"><div>{esc(text)}</div><div class="pg"><span>«</span>{pages}'
            f'<span>…</span><span>»</span></div></div>')


def split_total(rng: random.Random, total: int, parts: int) -> list[int]:
    """``parts`` non-negative integers that add up to ``total``, uneven like real units."""
    weights = [rng.uniform(0.2, 3.0) for _ in range(parts)]
    s = sum(weights)
    out = [int(total * w / s) for w in weights]
    out[0] += total - sum(out)
    return out


def menu_qlvb() -> tuple[str, ...]:
    return ("#Văn bản", "Văn bản đến", "Văn bản đi", "Văn bản nội bộ", "Dự thảo văn bản",
            "#Hồ sơ", "Hồ sơ công việc", "Sổ văn bản", "#Báo cáo", "Thống kê văn bản",
            "Báo cáo ký số", "#Hệ thống", "Quản trị người dùng")


def menu_onestop() -> tuple[str, ...]:
    return ("#Một cửa", "Tiếp nhận hồ sơ", "Hồ sơ đang xử lý", "Hồ sơ trễ hạn",
            "Trả kết quả", "#Dịch vụ công", "Hồ sơ trực tuyến", "Thủ tục hành chính",
            "#Báo cáo", "Thống kê hồ sơ", "Báo cáo theo lĩnh vực", "Báo cáo theo đơn vị")
