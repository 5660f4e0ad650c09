"""The third development set's page families (written in the seventh session from
``../shared/DOMAIN.md`` and the seeds' evidence lists, without opening the held-out
families): page shapes neither earlier development set has. Same contract as
``families_dev.py``: each family draws one page into a ``Ctx`` and returns its HTML.

Shapes: statistics turned on their side (indicators as rows, sub-units or fields as
columns, the unit's figure in a «Tổng cộng» column, left or right); a spreadsheet
window (ribbon, formula bar, column letters and row numbers, the status bar's sum of a
selection, sheet tabs) holding an exported report; a phone app's statistics screen
(status bar clock and battery, list rows with the value at the right, a bottom tab
bar); and a written report's summary lines («- Tổng số văn bản đến: 4.512 văn bản,
trong đó …») with a comparison sentence whose figure is no fact."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from bench.screens.chrome import (
    PALETTES,
    Ctx,
    Shell,
    dmy,
    esc,
    grid,
    menu_onestop,
    page,
    period_filter,
    report_window,
    vn_int,
)
from bench.screens.families_dev import FIELDS, ONESTOP_SYSTEMS, SUBUNITS, TOTAL_WORDS
from bench.screens.families_dev2 import COMMUNES, DEPARTMENTS, _header_block, _pct

DOSSIER_ROWS = (
    ("dossiers_received", ("Tổng số hồ sơ tiếp nhận", "Hồ sơ tiếp nhận", "Số hồ sơ đã nhận")),
    ("dossiers_online", ("Hồ sơ tiếp nhận trực tuyến", "Trong đó: trực tuyến",
                         "Số hồ sơ nộp trực tuyến")),
    ("dossiers_resolved", ("Hồ sơ đã giải quyết", "Số hồ sơ đã giải quyết", "Đã giải quyết")),
    ("dossiers_on_time", ("Giải quyết đúng hạn", "Hồ sơ giải quyết đúng hạn",
                          "Đã giải quyết đúng hạn")),
    ("dossiers_late", ("Giải quyết quá hạn", "Hồ sơ quá hạn", "Đã giải quyết trễ hạn")),
)
DOCUMENT_ROWS = (
    ("incoming_total", ("Tổng số văn bản đến", "Văn bản đến", "Số văn bản đến")),
    ("incoming_digitized", ("Văn bản đến được số hóa", "Số văn bản đến đã số hóa",
                            "VB đến số hóa")),
    ("outgoing_total", ("Tổng số văn bản đi", "Văn bản đi", "Số văn bản đi")),
    ("outgoing_signed", ("Văn bản đi được ký số", "Số văn bản đi có ký số", "VB đi ký số")),
)


def _dossier_column(ctx: Ctx) -> list[int]:
    """One sub-unit's dossier counts, consistent with each other (online ≤ received,
    on time + late = resolved ≤ received)."""
    rng = ctx.rng
    rec = rng.randint(5, 3000)
    onl = rng.randint(0, rec)
    res = rng.randint(int(rec * 0.7), rec)
    late = rng.randint(0, max(0, res // 10))
    return [rec, onl, res, res - late, late]


def _document_column(ctx: Ctx) -> list[int]:
    rng = ctx.rng
    inc = rng.randint(20, 3000)
    out = rng.randint(10, 1500)
    return [inc, rng.randint(int(inc * 0.6), inc), out, rng.randint(int(out * 0.5), out)]


def _kind(ctx: Ctx) -> tuple[tuple[tuple[str, tuple[str, ...]], ...], Callable[[Ctx], list[int]]]:
    if ctx.rng.random() < 0.5:
        return DOSSIER_ROWS, _dossier_column
    return DOCUMENT_ROWS, _document_column


def _record(ctx: Ctx, names: list[str], columns: list[list[int]], has_total: bool
            ) -> list[int]:
    """Every column's figures are traps; their sums are the facts (or, without a
    total on the page, need review). Returns the sums."""
    totals = [sum(c) for c in zip(*columns, strict=True)]
    for col in columns:
        for name, x in zip(names, col, strict=True):
            ctx.trap(name, x)
    for name, t in zip(names, totals, strict=True):
        if has_total:
            ctx.fact(name, t, ctx.num(t))
        else:
            ctx.need_review(name, t)
    return totals


# ---------------------------------------------------------------- 1. total column

def total_column(ctx: Ctx) -> str:
    """Statistics on their side: «STT | Chỉ tiêu | <sub-unit or field> … | Tổng cộng»,
    one indicator a row; the unit's figure is the total column's cell (right, or left
    next to the labels); without a total column every figure needs review."""
    rng = ctx.rng
    filt, _start, end = period_filter(ctx)
    rows, column = _kind(ctx)
    names = [n for n, _o in rows]
    labels = [ctx.word(f"tc.{n}", opts) for n, opts in rows]
    heads = rng.sample(rng.choice([FIELDS[:12], SUBUNITS[:12], COMMUNES]), rng.randint(3, 5))
    columns = [column(ctx) for _ in heads]
    has_total = rng.random() > 0.15
    where = rng.choice(["right", "right", "left"])
    ctx.v.extra.update(no_total=not has_total, total_at=where)
    totals = _record(ctx, names, columns, has_total)
    total_word = ctx.word("tc.total", TOTAL_WORDS)
    head: list[tuple[str, int, int]] = [("STT", 1, 1), ("Chỉ tiêu", 1, 1)]
    body_cols = [(h, vals) for h, vals in zip(heads, columns, strict=True)]
    if has_total:
        cell = (total_word, totals)
        body_cols = [cell, *body_cols] if where == "left" else [*body_cols, cell]
    head += [(h, 1, 1) for h, _v in body_cols]
    table_rows = [[str(i + 1), lab, *(ctx.num(vals[i]) for _h, vals in body_cols)]
                  for i, lab in enumerate(labels)]
    table = grid([head], table_rows, numeric_from=2)
    title = rng.choice(["Tổng hợp số liệu theo đơn vị", "BẢNG TỔNG HỢP CHỈ TIÊU",
                        "Thống kê chỉ tiêu theo lĩnh vực", "Số liệu tổng hợp kỳ báo cáo"])
    shell = Shell(rng.choice(ONESTOP_SYSTEMS), ("Trang chủ", "Thống kê", "Báo cáo"),
                  menu_onestop(), 11, ("Báo cáo", "Tổng hợp"))
    return page(ctx, shell, title, filt + f'<div class="panel">{table}</div>', end)


# ---------------------------------------------------------------- 2. spreadsheet

SHEET_CSS = """
<style>
* { box-sizing: border-box; }
body { margin: 0; font-family: '%(font)s'; font-size: %(px)spx; background: #fff; color: #222; }
.tbar { background: #1e6e42; color: #fff; padding: 6px 12px; display: flex; gap: 18px; }
.tbar .f { flex: 1; text-align: center; }
.ribbon { background: #f3f3f3; border-bottom: 1px solid #d0d0d0; padding: 4px 10px;
          display: flex; gap: 16px; }
.ribbon span.on { border-bottom: 3px solid #1e6e42; font-weight: bold; }
.tools { background: #fafafa; border-bottom: 1px solid #d0d0d0; padding: 6px 10px;
         display: flex; gap: 14px; color: #444; font-size: .9em; }
.fx { display: flex; border-bottom: 1px solid #d0d0d0; }
.fx .ref { width: 90px; border-right: 1px solid #d0d0d0; padding: 3px 6px; }
.fx .i { width: 40px; border-right: 1px solid #d0d0d0; padding: 3px 6px; font-style: italic; }
.fx .c { padding: 3px 6px; }
table.xl { border-collapse: collapse; }
table.xl td { border: 1px solid #d4d4d4; padding: 2px 6px; white-space: nowrap; }
table.xl td.hd { background: #efefef; color: #555; text-align: center; }
table.xl td.rn { background: #efefef; color: #555; text-align: right; min-width: 34px; }
table.xl td.n { text-align: right; }
table.xl td.b { font-weight: bold; }
table.xl td.h { white-space: normal; max-width: 150px; text-align: center; }
table.xl td.sel { outline: 2px solid #1e6e42; background: #e6f2ea; }
.tabs { display: flex; gap: 2px; border-top: 1px solid #d0d0d0; background: #f3f3f3;
        padding: 3px 10px; margin-top: 10px; }
.tabs span { padding: 2px 12px; } .tabs span.on { background: #fff; font-weight: bold;
        border-bottom: 2px solid #1e6e42; }
.status { background: #f3f3f3; border-top: 1px solid #d0d0d0; padding: 3px 10px;
          display: flex; gap: 24px; justify-content: flex-end; color: #444; }
.status .l { flex: 1; }
</style>
"""


def spreadsheet(ctx: Ctx) -> str:
    """An exported report open in a spreadsheet: title and period rows over a table of
    sub-units with a «Tổng cộng» row, column letters and row numbers around it, a
    formula bar holding one sub-unit's cell and a status bar with the sum and count of
    a selected sub-unit row (traps all)."""
    rng = ctx.rng
    start, end = report_window(rng)
    rows, column = _kind(ctx)
    names = [n for n, _o in rows]
    labels = [ctx.word(f"xl.{n}", opts) for n, opts in rows]
    pool = rng.choice([SUBUNITS, DEPARTMENTS, COMMUNES])
    units = rng.sample(pool, min(len(pool), rng.randint(4, 8)))
    columns = [column(ctx) for _ in units]
    has_total = rng.random() > 0.15
    ctx.v.extra["no_total"] = not has_total
    totals = _record(ctx, names, columns, has_total)
    period = rng.choice([f"(Từ ngày {dmy(start)} đến ngày {dmy(end)})",
                         f"Kỳ báo cáo: {dmy(start)} - {dmy(end)}",
                         f"(Số liệu tính từ ngày {dmy(start)} đến ngày {dmy(end)})"])
    ctx.fact("period_start", start.isoformat(), period)
    ctx.fact("period_end", end.isoformat(), period)
    saved = end + timedelta(days=rng.randint(2, 30))
    for name in ("period_start", "period_end", "document_date"):
        ctx.trap(name, saved.isoformat())
    title = rng.choice(["BIỂU TỔNG HỢP SỐ LIỆU", "TỔNG HỢP KẾT QUẢ THỰC HIỆN",
                        "BÁO CÁO THỐNG KÊ SỐ LIỆU"])
    letters = "ABCDEFGHIJ"[:2 + len(names) + 1]
    sel_row = rng.randrange(len(units))
    sel_vals = columns[sel_row]
    grid_rows: list[list[tuple[str, str]]] = [
        [("b", title)], [("", period)], [],
        [("b", "STT"), ("b", "Đơn vị")] + [("b h", lab) for lab in labels]]
    for i, (u, vals) in enumerate(zip(units, columns, strict=True)):
        grid_rows.append([("", str(i + 1)), ("", u)]
                         + [("n sel" if i == sel_row else "n", ctx.num(x)) for x in vals])
    if has_total:
        grid_rows.append([("b", ""), ("b", rng.choice(TOTAL_WORDS))]
                         + [("n b", ctx.num(t)) for t in totals])
    out = ['<table class="xl"><tr><td class="hd"></td>'
           + "".join(f'<td class="hd">{c}</td>' for c in letters) + "</tr>"]
    for r, cells in enumerate(grid_rows, start=1):
        tds = "".join(f'<td class="{cls}">{esc(text)}</td>' for cls, text in cells)
        tds += '<td></td>' * (len(letters) - len(cells))
        out.append(f'<tr><td class="rn">{r}</td>{tds}</tr>')
    out.append("</table>")
    first_row = 5 + sel_row
    ref = f"{letters[2]}{first_row}"
    col = letters[2]
    fx = ctx.num(sel_vals[0]) if rng.random() < 0.6 else f"=SUM({col}5:{col}{4 + len(units)})"
    file_name = rng.choice([f"BaoCao_{end.year}.xlsx", f"TongHop_SoLieu_{end.year}.xlsx",
                            "Bieu_mau_so_lieu.xlsx"])
    status = (f'<div class="status"><span class="l">Sẵn sàng</span>'
              f'<span>Trung bình: {vn_int(sum(sel_vals) // len(sel_vals))}</span>'
              f'<span>Đếm: {len(sel_vals)}</span><span>Tổng: {vn_int(sum(sel_vals))}</span>'
              f'<span>100%</span></div>')
    for name in names:
        ctx.trap(name, sum(sel_vals))
        ctx.trap(name, sum(sel_vals) // len(sel_vals))
    tabs = "".join(f'<span class="{"on" if i == 0 else ""}">{esc(t)}</span>'
                   for i, t in enumerate([rng.choice(["Tong hop", "Sheet1", "Bieu 01"]),
                                          "Sheet2", "Chi tiet"]))
    v = ctx.v
    return (f'<!doctype html><html lang="vi"><head><meta charset="utf-8">'
            f'{SHEET_CSS % {"font": v.font, "px": v.font_px}}</head><body>'
            f'<div class="tbar"><span>Tự động lưu ● Bật</span><span class="f">{esc(file_name)}'
            f' - Excel</span><span>{dmy(saved)}</span></div>'
            '<div class="ribbon"><span>Tệp</span><span class="on">Trang đầu</span><span>Chèn'
            '</span><span>Bố trí Trang</span><span>Công thức</span><span>Dữ liệu</span>'
            '<span>Xem lại</span><span>Dạng xem</span></div>'
            f'<div class="tools"><span>{esc(v.font)}</span><span>{v.font_px - 3}</span>'
            '<span>B I U</span><span>Gộp và căn giữa</span><span>Định dạng có điều kiện</span>'
            '<span>Σ Tự động tính tổng</span></div>'
            f'<div class="fx"><div class="ref">{ref}</div><div class="i">fx</div>'
            f'<div class="c">{esc(fx)}</div></div>{"".join(out)}'
            f'<div class="tabs">{tabs}<span>+</span></div>{status}</body></html>')


# ---------------------------------------------------------------- 3. phone app

APP_CSS = """
<style>
* { box-sizing: border-box; }
body { margin: 0; font-family: '%(font)s'; font-size: %(px)spx; background: %(bg)s; color: %(fg)s; }
.sb { display: flex; justify-content: space-between; padding: 4px 14px; font-size: .85em; }
.ab { background: %(main)s; color: #fff; padding: 12px 14px; font-weight: bold; font-size: 1.1em; }
.seg { display: flex; margin: 10px 12px; border: 1px solid %(main)s; border-radius: 6px; }
.seg span { flex: 1; text-align: center; padding: 5px 0; }
.seg span.on { background: %(main)s; color: #fff; }
.per { margin: 4px 14px 10px; color: %(muted)s; }
.it { display: flex; align-items: center; gap: 10px; background: %(panel)s; margin: 0 10px 8px;
      padding: 10px 12px; border-radius: 8px; }
.it .ic { width: 30px; height: 30px; border-radius: 50%%; background: %(soft)s; display: flex;
          align-items: center; justify-content: center; }
.it .t { flex: 1; } .it .s { font-size: .8em; color: %(muted)s; }
.it .v { font-weight: bold; font-size: 1.2em; color: %(mainfg)s; }
.nav { display: flex; justify-content: space-around; border-top: 1px solid %(line)s;
       padding: 8px 0; margin-top: 14px; font-size: .8em; color: %(muted)s; }
</style>
"""


def phone_app(ctx: Ctx) -> str:
    """A citizen-service or document app's statistics screen on a phone (narrow
    viewport, scale 2–3): status bar with clock and battery, an app bar, a period
    switch and line, one list row per indicator with its value at the right and a
    small comparison line under the label (a trap), and a bottom tab bar."""
    rng = ctx.rng
    ctx.v.width = rng.choice([360, 390, 412, 430])
    ctx.v.zoom = rng.choice([2.0, 2.5, 3.0])
    ctx.v.font_px = rng.choice([14, 15, 16])
    start, end = report_window(rng)
    form = rng.choice(["range", "range", "quarter", "year"])
    if form == "quarter":
        q = rng.randint(1, 4)
        start = date(end.year, 3 * q - 2, 1)
        end = date(end.year + (q == 4), 1 if q == 4 else 3 * q + 1, 1) - timedelta(days=1)
        per = f"Quý {('I', 'II', 'III', 'IV')[q - 1]}/{start.year}"
        seg = 1
    elif form == "year":
        start, end = date(end.year, 1, 1), date(end.year, 12, 31)
        per = f"Năm {start.year}"
        seg = 2
    else:
        per = f"{dmy(start)} - {dmy(end)}"
        seg = 3
    ctx.fact("period_start", start.isoformat(), per)
    ctx.fact("period_end", end.isoformat(), per)
    rows, column = _kind(ctx)
    values = [sum(c) for c in zip(*(column(ctx) for _ in range(rng.randint(2, 4))),
                                  strict=True)]
    items = []
    icons = ("📥", "🌐", "✔", "⏰", "⚠", "📄", "📤", "✍")
    for (name, opts), v, icon in zip(rows, values, icons, strict=False):
        label = ctx.word(f"app.{name}", opts)
        ctx.fact(name, v, ctx.num(v))
        delta = rng.randint(1, max(2, v // 5))
        ctx.trap(name, delta)
        sub = rng.choice([f"Tăng {ctx.num(delta)} so với kỳ trước",
                          f"Giảm {ctx.num(delta)} so với cùng kỳ", f"{_pct(v, values[0])} %"])
        items.append(f'<div class="it"><div class="ic">{icon}</div><div class="t">'
                     f'<div>{esc(label)}</div><div class="s">{esc(sub)}</div></div>'
                     f'<div class="v">{ctx.num(v)}</div></div>')
    clock = f"{rng.randint(6, 22)}:{rng.randint(0, 59):02d}"
    battery = rng.randint(8, 100)
    for name in (n for n, _o in rows):
        ctx.trap(name, battery)
    main, soft = PALETTES[ctx.v.palette]
    dark = ctx.v.theme == "dark"
    colours = {"bg": "#15171c" if dark else "#f2f4f7", "fg": "#e6e8ec" if dark else "#1d2330",
               "panel": "#23262e" if dark else "#ffffff", "muted": "#9aa1b0" if dark else "#687280",
               "soft": "#353b4a" if dark else soft, "mainfg": "#8cc4ff" if dark else main,
               "line": "#3a3f4b" if dark else "#d5dae1", "main": main}
    segs = "".join(f'<span class="{"on" if i == seg else ""}">{t}</span>'
                   for i, t in enumerate(["Tháng", "Quý", "Năm", "Tùy chọn"]))
    app = rng.choice(["Thống kê hồ sơ", "Báo cáo nhanh", "Số liệu tổng hợp", "Tình hình xử lý"])
    return (f'<!doctype html><html lang="vi"><head><meta charset="utf-8">'
            f'{APP_CSS % {"font": ctx.v.font, "px": ctx.v.font_px, **colours}}</head><body>'
            f'<div class="sb"><span>{clock}</span><span>4G ▮▮▮ {battery}%</span></div>'
            f'<div class="ab">← {esc(app)}</div><div class="seg">{segs}</div>'
            f'<div class="per">📅 {esc(per)}</div>{"".join(items)}'
            '<div class="nav"><span>Trang chủ</span><span>Hồ sơ</span><span>Thống kê</span>'
            '<span>Cá nhân</span></div></body></html>')


# ---------------------------------------------------------------- 4. report summary

REPORT_CSS = """
<style>
body { margin: 0; background: #5a5d63; font-family: '%(font)s'; font-size: %(px)spx; }
.bar { background: #323639; color: #e8eaed; padding: 8px 14px; display: flex; gap: 20px; }
.bar .f { flex: 1; }
.sheet { background: #fff; color: #111; width: 820px; margin: 18px auto; padding: 40px 56px;
         line-height: 1.5; }
.hdr2 { display: flex; justify-content: space-between; text-align: center; }
.ttl { text-align: center; font-weight: bold; margin-top: 14px; }
.sub { text-align: center; font-style: italic; margin-bottom: 12px; }
.place { text-align: right; font-style: italic; }
.sec { font-weight: bold; margin-top: 10px; }
</style>
"""


def report_summary(ctx: Ctx) -> str:
    """A unit's written report open in a PDF viewer: heading, «Số: …/BC-…», the place
    and date line (the document's date), the title with the period in a sentence, and
    summary lines «- Tổng số văn bản đến: 4.512 văn bản, trong đó số hóa: 4.100 văn bản
    (đạt 90,9 %)»; a line comparing with the year before carries a figure that is no
    fact."""
    rng = ctx.rng
    start, end = report_window(rng)
    unit = rng.choice(["UBND XÃ QUẢNG ĐỨC", "UBND HUYỆN A LƯỚI", "SỞ TƯ PHÁP",
                       "PHÒNG VĂN HÓA VÀ THÔNG TIN", "UBND THỊ TRẤN QUẢNG HÀ"])
    signed = end + timedelta(days=rng.randint(3, 25))
    place = rng.choice(["Hải Hà", "A Lưới", "Đông Hà", "Quảng Trị", "Huế"])
    ctx.fact("document_date", signed.isoformat(),
             f"ngày {signed.day:02d} tháng {signed.month:02d} năm {signed.year}")
    for name in ("period_start", "period_end"):
        ctx.trap(name, signed.isoformat())
    period = f"Số liệu tính từ ngày {dmy(start)} đến ngày {dmy(end)}"
    ctx.fact("period_start", start.isoformat(), period)
    ctx.fact("period_end", end.isoformat(), period)
    inc = rng.randint(200, 6000)
    dig = rng.randint(int(inc * 0.6), inc)
    out = rng.randint(100, 2500)
    sig = rng.randint(int(out * 0.5), out)
    comps = rng.randint(15, 300)
    conn = rng.randint(int(comps * 0.8), comps)
    meetings = rng.randint(3, 80)
    facts = {"incoming_total": inc, "incoming_digitized": dig, "outgoing_total": out,
             "outgoing_signed": sig, "computers_total": comps, "computers_connected": conn,
             "online_meetings": meetings}
    for name, x in facts.items():
        ctx.fact(name, x, ctx.num(x))
    n = ctx.num
    sep = rng.choice([", trong đó", "; trong đó"])
    lines = [
        f"- Tổng số văn bản đến: {n(inc)} văn bản{sep} số hóa: {n(dig)} văn bản "
        f"(đạt {_pct(dig, inc)} %).",
        f"- Tổng số văn bản đi: {n(out)} văn bản{sep} ký số: {n(sig)} văn bản.",
        f"- Số máy tính: {n(comps)} máy{sep} kết nối Internet: {n(conn)} máy.",
        f"- Số cuộc họp trực tuyến: {n(meetings)} cuộc.",
    ]
    rng.shuffle(lines)
    delta = rng.randint(5, max(6, inc // 4))
    ctx.trap("incoming_total", delta)
    ctx.trap("incoming_digitized", delta)
    lines.insert(rng.randint(1, len(lines)),
                 f"- So với cùng kỳ năm trước, số văn bản đến tăng {n(delta)} văn bản.")
    number = rng.randint(10, 250)
    body = "".join(f"<div>{esc(x)}</div>" for x in lines)
    return (f'<!doctype html><html lang="vi"><head><meta charset="utf-8">'
            f'{REPORT_CSS % {"font": ctx.v.font, "px": ctx.v.font_px}}</head><body>'
            f'<div class="bar"><span class="f">BaoCao_{number}.pdf</span><span>1 / 2</span>'
            f'<span>− 100% +</span></div><div class="sheet">{_header_block(ctx, unit)}'
            f'<div class="hdr2"><div>Số: {number}/BC-UBND</div><div class="place">{esc(place)}, '
            f'ngày {signed.day:02d} tháng {signed.month:02d} năm {signed.year}</div></div>'
            '<div class="ttl">BÁO CÁO</div><div class="ttl">Kết quả ứng dụng công nghệ thông '
            f'tin</div><div class="sub">({esc(period)})</div>'
            f'<div class="sec">I. KẾT QUẢ THỰC HIỆN</div>{body}'
            '<div class="sec">II. KHÓ KHĂN, VƯỚNG MẮC</div><div>- Hạ tầng một số đơn vị '
            'chưa đồng bộ.</div></div></body></html>')


FAMILIES: dict[str, Callable[[Ctx], str]] = {
    "total_column": total_column,
    "spreadsheet": spreadsheet,
    "phone_app": phone_app,
    "report_summary": report_summary,
}
