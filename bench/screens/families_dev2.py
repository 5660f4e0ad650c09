"""The second development set's page families (written after the first held-out
measurement, from ``../shared/DOMAIN.md`` and the seeds, without opening the held-out
families): page shapes the first development families lack. Same contract as
``families_dev.py``: each family draws one page into a ``Ctx`` and returns its HTML.

Shapes: a report form with numbered indicator rows (1, 1.1, 2 …, each row its own
fact), a detail panel of key–value lines (dotted leaders, label above the value), a
table of sub-units whose total row comes first with sub-total rows (traps), a
comparison of two periods (the current period's column is the fact, the previous
one a trap), dashboard cards with trend badges and units after the number beside a
chart, listings with wrapped cells and a pagination count (review), and a dossier
statistics page with one table per year (only the report year's counts)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from bench.screens.chrome import (
    UNITS,
    Ctx,
    Shell,
    chart,
    dmy,
    esc,
    grid,
    menu_onestop,
    menu_qlvb,
    page,
    pagination,
    period_filter,
    split_total,
)
from bench.screens.families_dev import (
    FIELDS,
    NAMES,
    ONESTOP_SYSTEMS,
    QLVB_SYSTEMS,
    SUBUNITS,
    TOTAL_WORDS,
)

DEPARTMENTS = ("Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính", "Sở Xây dựng", "Sở Y tế",
               "Sở Giáo dục và Đào tạo", "Sở Công Thương", "Sở Thông tin và Truyền thông",
               "Sở Kế hoạch và Đầu tư", "Sở Giao thông vận tải", "Sở Tài nguyên và Môi trường",
               "Ban Quản lý Khu kinh tế", "Sở Lao động - TB&XH")
DISTRICTS = ("UBND thành phố Đông Hà", "UBND thị xã Quảng Trị", "UBND huyện Vĩnh Linh",
             "UBND huyện Gio Linh", "UBND huyện Cam Lộ", "UBND huyện Triệu Phong",
             "UBND huyện Hải Lăng", "UBND huyện Hướng Hóa", "UBND huyện Đakrông",
             "UBND huyện A Lưới", "UBND huyện Nam Đông")
COMMUNES = ("UBND xã Quảng Đức", "UBND xã Hồng Kim", "UBND thị trấn Quảng Hà",
            "UBND xã Quảng Long", "UBND xã Đường Hoa", "UBND phường Đồng Hới",
            "UBND xã Hương Phong")

EXTRA_CSS = """
<style>
.hdr2 { display: flex; justify-content: space-between; text-align: center; margin-bottom: 8px; }
.hdr2 div { line-height: 1.4; }
.formtitle { text-align: center; font-weight: bold; font-size: 1.15em; margin: 8px 0 2px; }
.formsub { text-align: center; font-style: italic; margin-bottom: 8px; }
.lead { display: flex; align-items: baseline; gap: 6px; padding: 3px 0; }
.lead .dots { flex: 1; border-bottom: 2px dotted #8a93a0; min-width: 30px; }
.kvgrid { display: grid; grid-template-columns: repeat(%(cols)s, 1fr); gap: 10px 28px; }
.kvgrid .lab { font-weight: bold; font-size: .92em; }
.kvgrid .val { font-size: 1.25em; }
.cards2 { display: grid; grid-template-columns: repeat(%(ccols)s, minmax(170px, 1fr)); gap: 12px; }
.card2 { border: 1px solid #c5ccd6; border-radius: 6px; padding: 10px 12px; }
.card2 .lab { font-size: .9em; opacity: .85; }
.card2 .val { font-size: 1.7em; font-weight: bold; }
.card2 .unit { font-size: .6em; font-weight: normal; margin-left: 4px; }
.card2 .up { color: #1d8a3a; font-size: .85em; } .card2 .down { color: #c0392b; font-size: .85em; }
.side2 { display: flex; gap: 14px; align-items: flex-start; flex-wrap: wrap; }
table.narrow td.w { max-width: %(wrap)spx; }
.grp td { font-weight: bold; font-style: italic; }
</style>
"""


def _css(ctx: Ctx, cols: int = 2, ccols: int = 3, wrap: int = 220) -> str:
    return EXTRA_CSS % {"cols": cols, "ccols": ccols, "wrap": wrap}


def _traps(ctx: Ctx, name: str, values: list[int]) -> None:
    for x in values:
        ctx.trap(name, x)


def _pct(a: int, b: int) -> str:
    return f"{100 * a / max(b, 1):.1f}".replace(".", ",")


def _header_block(ctx: Ctx, unit: str) -> str:
    """The two-column heading of an administrative form (issuing body | Quốc hiệu)."""
    parent = ctx.rng.choice(["UBND TỈNH QUẢNG TRỊ", "UBND HUYỆN HẢI HÀ", "UBND TỈNH THỪA THIÊN HUẾ",
                             "UBND HUYỆN A LƯỚI"])
    return (f'<div class="hdr2"><div>{esc(parent)}<br><b>{esc(unit.upper())}</b></div>'
            '<div><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br><b>Độc lập - Tự do - Hạnh phúc'
            '</b></div></div>')


# ---------------------------------------------------------------- 1. report form

def ict_report_form(ctx: Ctx) -> str:
    """«Biểu mẫu báo cáo» on IT use: numbered indicator rows «STT | Chỉ tiêu | Đơn vị
    tính | Số lượng | Ghi chú», where each row is a different fact and sub-rows
    («1.1 Trong đó: kết nối Internet») take their head noun from the parent row; the
    notes column holds numbers that are no facts."""
    rng = ctx.rng
    filt, _start, end = period_filter(ctx)
    comp = rng.randint(15, 400)
    conn = rng.randint(int(comp * 0.7), comp)
    old = rng.randint(0, comp // 3)
    mail = rng.randint(20, 900)
    active = rng.randint(int(mail * 0.75), mail)
    meet = rng.randint(4, 180)
    points = rng.randint(2, 40)
    arts = rng.randint(30, 3000)
    w_comp = ctx.word("form.computers", ("Tổng số máy tính", "Số máy vi tính hiện có",
                                         "Tổng số máy tính của cơ quan"))
    w_conn = ctx.word("form.connected", ("Trong đó: kết nối Internet",
                                         "Trong đó có kết nối Internet",
                                         "Số máy tính kết nối Internet", "- Có kết nối Internet"))
    w_old = ctx.word("form.old", ("Máy tính đã sử dụng trên 5 năm", "Trong đó: máy hỏng, cũ",
                                  "Máy tính cần thay thế"))
    w_mail = ctx.word("form.mail", ("Số tài khoản thư điện tử công vụ", "Tổng số tài khoản thư",
                                    "Số hộp thư công vụ được cấp"))
    w_act = ctx.word("form.mail_active", ("Trong đó: đang hoạt động", "Tài khoản đang sử dụng",
                                          "- Đang hoạt động"))
    w_meet = ctx.word("form.meetings", ("Số cuộc họp trực tuyến", "Cuộc họp trực tuyến đã tổ chức",
                                        "Số hội nghị trực tuyến"))
    w_pts = ctx.word("form.points", ("Số điểm cầu trực tuyến", "Điểm cầu kết nối"))
    w_art = ctx.word("form.articles", ("Số tin, bài đăng trên Cổng TTĐT", "Tin bài đã đăng",
                                       "Số bài viết trên trang thông tin điện tử"))
    notes = {k: "" for k in ("comp", "conn", "mail", "meet", "art")}
    if rng.random() < 0.6:
        extra = rng.randint(1, 30)
        notes["comp"] = rng.choice([f"Tăng {extra} máy so với năm trước",
                                    f"Mua mới {extra} máy"])
        ctx.trap("computers_total", extra)
    if rng.random() < 0.5:
        n = rng.randint(1, 20)
        notes["meet"] = rng.choice([f"Trong đó {n} cuộc với tỉnh", f"{n} cuộc do huyện chủ trì"])
        ctx.trap("online_meetings", n)
    if rng.random() < 0.4:
        notes["mail"] = f"Khóa {mail - active} tài khoản"
        ctx.trap("email_accounts", mail - active)
        ctx.trap("email_accounts_active", mail - active)
    ratio_row = rng.random() < 0.5
    rows: list[tuple[str, str, str, str, str]] = [
        ("1", w_comp, "Máy", ctx.num(comp), notes["comp"]),
        ("1.1", w_conn, "Máy", ctx.num(conn), notes["conn"]),
        ("1.2", w_old, "Máy", ctx.num(old), ""),
    ]
    if ratio_row:
        rows.append(("1.3", "Tỷ lệ máy tính kết nối Internet", "%", _pct(conn, comp), ""))
    rows += [
        ("2", w_mail, "Tài khoản", ctx.num(mail), notes["mail"]),
        ("2.1", w_act, "Tài khoản", ctx.num(active), ""),
        ("3", w_meet, "Cuộc", ctx.num(meet), notes["meet"]),
        ("3.1", w_pts, "Điểm cầu", ctx.num(points), ""),
        ("4", w_art, "Tin/bài", ctx.num(arts), notes["art"]),
    ]
    if rng.random() < 0.5:  # roman group rows as the forms number their parts
        rows.insert(0, ("I", "HẠ TẦNG KỸ THUẬT", "", "", ""))
        rows.insert(5 if ratio_row else 4, ("II", "ỨNG DỤNG CNTT", "", "", ""))
    ctx.fact("computers_total", comp, ctx.num(comp))
    ctx.fact("computers_connected", conn, ctx.num(conn))
    ctx.fact("email_accounts", mail, ctx.num(mail))
    ctx.fact("email_accounts_active", active, ctx.num(active))
    ctx.fact("online_meetings", meet, ctx.num(meet))
    ctx.fact("articles_published", arts, ctx.num(arts))
    ctx.trap("computers_total", old)
    ctx.trap("computers_connected", old)
    ctx.trap("online_meetings", points)
    w_ind = ctx.word("form.indicator", ("Chỉ tiêu", "Nội dung", "Tên chỉ tiêu"))
    w_qty = ctx.word("form.quantity", ("Số lượng", "Kết quả", "Số liệu"))
    body = "".join(
        f'<tr{" class=grp" if not q and not u else ""}><td>{esc(s)}</td><td>{esc(lb)}</td>'
        f'<td>{esc(u)}</td><td class="n">{esc(q)}</td><td>{esc(nt)}</td></tr>'
        for s, lb, u, q, nt in rows)
    table = (f'<table class="grid"><tr><th>STT</th><th>{esc(w_ind)}</th><th>Đơn vị tính</th>'
             f'<th>{esc(w_qty)}</th><th>Ghi chú</th></tr>{body}</table>')
    unit = rng.choice(UNITS)
    form_no = rng.choice(["Biểu mẫu số 01", "Mẫu số 02/BC-CNTT", "Biểu mẫu báo cáo"])
    title = ctx.word("form.title", ("BÁO CÁO TÌNH HÌNH ỨNG DỤNG CNTT",
                                    "BÁO CÁO KẾT QUẢ ỨNG DỤNG CNTT TRONG HOẠT ĐỘNG CỦA CƠ QUAN",
                                    "BÁO CÁO SỐ LIỆU ỨNG DỤNG CÔNG NGHỆ THÔNG TIN"))
    form = (f'<div class="panel"><div style="text-align:right"><i>{esc(form_no)}</i></div>'
            f'{_header_block(ctx, unit)}<div class="formtitle">{esc(title)}</div>'
            f'<div class="formsub">(Kèm theo kỳ báo cáo ghi ở trên)</div>{table}</div>')
    shell = Shell(rng.choice(["HỆ THỐNG BÁO CÁO CHUYỂN ĐỔI SỐ", "PHẦN MỀM BÁO CÁO CNTT",
                              "HỆ THỐNG THÔNG TIN BÁO CÁO"]),
                  ("Trang chủ", "Biểu mẫu", "Báo cáo", "Hệ thống"),
                  ("#Biểu mẫu báo cáo", "Nhập số liệu", "Báo cáo đã gửi", "Báo cáo bị trả lại",
                   "#Tổng hợp", "Tổng hợp theo đơn vị", "#Hệ thống", "Người dùng"), 1,
                  ("Biểu mẫu báo cáo", "Xem báo cáo"))
    return page(ctx, shell, rng.choice(["Xem biểu mẫu báo cáo", "Chi tiết báo cáo"]),
                _css(ctx) + filt + form, end)


# ---------------------------------------------------------------- 2. detail panel

def doc_detail_panel(ctx: Ctx) -> str:
    """A detail panel of key–value lines about the unit's documents: label left and
    value right joined by dotted leaders (drawn or typed), or the label bold above the
    value in a grid; today's counts and pending counts beside them are no facts."""
    rng = ctx.rng
    filt, _start, end = period_filter(ctx)
    inc = rng.randint(200, 9000)
    dig = rng.randint(int(inc * 0.5), inc)
    out = rng.randint(80, 4000)
    sig = rng.randint(int(out * 0.5), out)
    today_in = rng.randint(1, 40)
    pending = rng.randint(0, inc // 10)
    items = [
        (ctx.word("kv.incoming", ("Tổng số văn bản đến", "Văn bản đến", "Số VB đến tiếp nhận")),
         inc, "incoming_total"),
        (ctx.word("kv.digitized", ("Văn bản đến đã số hóa", "VB đến được số hóa",
                                   "Số văn bản đến số hóa")), dig, "incoming_digitized"),
        (ctx.word("kv.outgoing", ("Tổng số văn bản đi", "Văn bản đi phát hành", "Số VB đi")),
         out, "outgoing_total"),
        (ctx.word("kv.signed", ("Văn bản đi có ký số", "VB đi được ký số", "Số văn bản đi ký số")),
         sig, "outgoing_signed"),
        (ctx.word("kv.today", ("Văn bản đến trong ngày", "VB đến hôm nay")), today_in, ""),
        (ctx.word("kv.pending", ("Văn bản đang chờ xử lý", "VB chưa xử lý")), pending, ""),
    ]
    rng.shuffle(items)
    for _l, x, name in items:
        if name:
            ctx.fact(name, x, ctx.num(x))
    ctx.trap("incoming_total", today_in)
    ctx.trap("incoming_total", pending)
    style = rng.choice(["leaders", "typed", "above"])
    ctx.v.extra["kv"] = style
    cols = rng.choice([1, 2, 3])
    if style == "leaders":
        inner = "".join(f'<div class="lead"><span>{esc(lb)}</span><span class="dots"></span>'
                        f'<b>{ctx.num(x)}</b></div>' for lb, x, _n in items)
        if cols > 1:
            inner = f'<div class="kvgrid">{inner}</div>'
    elif style == "typed":
        inner = "".join(f'<div>{esc(lb)}: {"." * rng.randint(8, 30)} <b>{ctx.num(x)}</b></div>'
                        for lb, x, _n in items)
    else:
        inner = '<div class="kvgrid">' + "".join(
            f'<div><div class="lab">{esc(lb)}</div><div class="val">{ctx.num(x)}</div></div>'
            for lb, x, _n in items) + "</div>"
    heading = rng.choice(["Thông tin tổng hợp", "Chi tiết số liệu văn bản", "Tổng quan văn bản"])
    content = (_css(ctx, cols=cols) + filt
               + f'<div class="panel"><div class="k">{esc(heading)}</div>{inner}</div>')
    if rng.random() < 0.4:
        months = [f"T{m}" for m in range(1, 13)]
        content += chart(ctx, "Văn bản theo tháng", months,
                         [("Đến", split_total(rng, inc, 12)), ("Đi", split_total(rng, out, 12))])
    shell = Shell(rng.choice(QLVB_SYSTEMS), ("Trang chủ", "Văn bản", "Hồ sơ công việc", "Báo cáo"),
                  menu_qlvb(), 9, ("Báo cáo", "Tổng hợp"))
    return page(ctx, shell, rng.choice(["Thông tin chung", "Số liệu văn bản điện tử",
                                        "Báo cáo tổng hợp văn bản"]), content, end)


# ---------------------------------------------------------------- 3. total first

def subunits_total_first(ctx: Ctx) -> str:
    """Dossiers by sub-unit for a province or district: the total row comes right
    under the header («Toàn tỉnh», «Tổng cộng»), then groups of units with their
    sub-total rows («Cộng khối Sở», «Khối UBND cấp huyện») — which are traps — either
    on the group's heading row or after its members."""
    rng = ctx.rng
    filt, _start, end = period_filter(ctx)
    level = rng.choice(["province", "district"])
    if level == "province":
        groups = [("Khối Sở, ban, ngành", "Cộng khối Sở",
                   rng.sample(DEPARTMENTS, rng.randint(2, 5))),
                  ("Khối UBND cấp huyện", "Cộng khối huyện",
                   rng.sample(DISTRICTS, rng.randint(2, 5)))]
        total_word = rng.choice(["Toàn tỉnh", "Tổng cộng", "Tổng toàn tỉnh"])
    else:
        groups = [("Các cơ quan chuyên môn", "Cộng khối phòng", rng.sample(SUBUNITS[:14],
                                                                          rng.randint(2, 5))),
                  ("UBND cấp xã", "Cộng khối xã", rng.sample(COMMUNES, rng.randint(2, 5)))]
        total_word = rng.choice(["Toàn huyện", "Tổng cộng", "Tổng số"])
    names = ["dossiers_received", "dossiers_online", "dossiers_resolved", "dossiers_on_time",
             "dossiers_late"]
    heads = [ctx.word("tf.received", ("Hồ sơ tiếp nhận", "Tổng số hồ sơ tiếp nhận", "Tiếp nhận")),
             ctx.word("tf.online", ("Trực tuyến", "Hồ sơ trực tuyến", "Nộp trực tuyến")),
             ctx.word("tf.resolved", ("Đã giải quyết", "Hồ sơ đã giải quyết", "Đã trả kết quả")),
             ctx.word("tf.on_time", ("Đúng hạn", "Giải quyết đúng hạn", "Trước và đúng hạn")),
             ctx.word("tf.late", ("Quá hạn", "Trễ hạn", "Giải quyết quá hạn"))]
    def unit_row() -> list[int]:
        rec = rng.randint(10, 4000)
        onl = rng.randint(0, rec)
        res = rng.randint(int(rec * 0.7), rec)
        late = rng.randint(0, max(0, res // 12))
        return [rec, onl, res, res - late, late]

    sub_style = rng.choice(["heading", "after"])
    ctx.v.extra["subtotals"] = sub_style
    body: list[tuple[str, str, list[int] | None, str]] = []  # (stt, label, values, class)
    grand = [0] * 5
    for gi, (gname, sub_word, members) in enumerate(groups):
        vals = [unit_row() for _ in members]
        sub = [sum(c) for c in zip(*vals, strict=True)]
        grand = [a + b for a, b in zip(grand, sub, strict=True)]
        roman = ("I", "II", "III")[gi]
        for name, s in zip(names, sub, strict=True):
            ctx.trap(name, s)
        for v in vals:
            for name, x in zip(names, v, strict=True):
                ctx.trap(name, x)
        if sub_style == "heading":
            body.append((roman, gname, sub, "grp"))
        else:
            body.append((roman, gname, None, "grp"))
        body += [(str(i + 1), m, v, "") for i, (m, v) in enumerate(zip(members, vals, strict=True))]
        if sub_style == "after":
            body.append(("", sub_word, sub, "grp"))
    has_total = rng.random() > 0.15
    ctx.v.extra["no_total"] = not has_total
    for name, g in zip(names, grand, strict=True):
        if has_total:
            ctx.fact(name, g, ctx.num(g))
        else:
            ctx.need_review(name, g)
    rows_html = []
    if has_total:
        rows_html.append('<tr class="total"><td></td><td>' + esc(total_word) + "</td>"
                         + "".join(f'<td class="n">{ctx.num(x)}</td>' for x in grand) + "</tr>")
    for stt, label, vals2, cls in body:
        cells = "".join(f'<td class="n">{ctx.num(x)}</td>' for x in vals2) if vals2 else \
            '<td colspan="5"></td>'
        rows_html.append(f'<tr{" class=" + cls if cls else ""}><td>{esc(stt)}</td>'
                         f'<td>{esc(label)}</td>{cells}</tr>')
    head = ("<tr><th>STT</th><th>Đơn vị</th>" + "".join(f"<th>{esc(h)}</th>" for h in heads)
            + "</tr>")
    table = f'<table class="grid">{head}{"".join(rows_html)}</table>'
    title = rng.choice(["Thống kê tình hình giải quyết hồ sơ theo đơn vị",
                        "TỔNG HỢP KẾT QUẢ GIẢI QUYẾT TTHC CÁC CẤP", "Báo cáo hồ sơ theo cơ quan"])
    shell = Shell(rng.choice(ONESTOP_SYSTEMS), ("Trang chủ", "Hồ sơ", "Thống kê", "Danh mục"),
                  menu_onestop(), 11, ("Báo cáo", "Theo đơn vị"))
    return page(ctx, shell, title, _css(ctx) + filt + f'<div class="panel">{table}</div>', end)


# ---------------------------------------------------------------- 4. period comparison

def period_comparison(ctx: Ctx) -> str:
    """Indicators compared across two periods: «Chỉ tiêu | Kỳ trước | Kỳ này | Tăng/giảm
    (%)» (or «Cùng kỳ năm trước | Kỳ báo cáo», or two years). The current period's
    column is the fact; the previous period's value and the difference are traps. The
    current column is sometimes drawn first."""
    rng = ctx.rng
    header_kind = rng.choice(["ky", "cungky", "years", "ky"])
    ctx.v.extra["columns"] = header_kind
    filt, _start, end = period_filter(ctx, ("nam",) if header_kind == "years" else
                                      ("inputs", "thoigian", "kybaocao", "quy", "range_input",
                                       "mot_thang", "nua_nam"))
    if header_kind == "years":
        prev_h, cur_h = f"Năm {end.year - 1}", f"Năm {end.year}"
    elif header_kind == "cungky":
        prev_h, cur_h = "Cùng kỳ năm trước", ctx.word("cmp.current", ("Kỳ báo cáo", "Kỳ này"))
    else:
        prev_h = ctx.word("cmp.previous", ("Kỳ trước", "Kỳ liền trước"))
        cur_h = ctx.word("cmp.current", ("Kỳ này", "Kỳ hiện tại", "Kỳ báo cáo"))
    domain = rng.choice(["qlvb", "dossiers"])
    if domain == "qlvb":
        inds = [(ctx.word("cmp.incoming", ("Tổng số văn bản đến", "Văn bản đến")),
                 "incoming_total"),
                (ctx.word("cmp.digitized", ("Văn bản đến được số hóa", "VB đến số hóa")),
                 "incoming_digitized"),
                (ctx.word("cmp.outgoing", ("Tổng số văn bản đi", "Văn bản đi")), "outgoing_total"),
                (ctx.word("cmp.signed", ("Văn bản đi có ký số", "VB đi ký số")), "outgoing_signed")]
        base = rng.randint(200, 6000)
        cur = [base, rng.randint(base // 2, base)]
        o = rng.randint(100, 3000)
        cur += [o, rng.randint(o // 2, o)]
    else:
        inds = [(ctx.word("cmp.received", ("Hồ sơ tiếp nhận", "Tổng số hồ sơ tiếp nhận")),
                 "dossiers_received"),
                (ctx.word("cmp.online", ("Hồ sơ trực tuyến", "Tiếp nhận trực tuyến")),
                 "dossiers_online"),
                (ctx.word("cmp.resolved", ("Hồ sơ đã giải quyết", "Đã giải quyết")),
                 "dossiers_resolved"),
                (ctx.word("cmp.on_time", ("Giải quyết đúng hạn", "Hồ sơ đúng hạn")),
                 "dossiers_on_time")]
        r = rng.randint(300, 20000)
        res = rng.randint(int(r * 0.8), r)
        cur = [r, rng.randint(int(r * 0.1), r), res, rng.randint(int(res * 0.85), res)]
    prev = [max(1, int(x * rng.uniform(0.6, 1.3))) for x in cur]
    with_diff = rng.random() < 0.4
    cur_first = rng.random() < 0.3
    ctx.v.extra["current_first"] = cur_first
    heads = [cur_h, prev_h] if cur_first else [prev_h, cur_h]
    heads += (["Chênh lệch"] if with_diff else []) + ["Tăng/giảm (%)"]
    rows = []
    for i, ((label, name), c, p) in enumerate(zip(inds, cur, prev, strict=True)):
        ctx.fact(name, c, ctx.num(c))
        ctx.trap(name, p)
        d = c - p
        if with_diff:
            ctx.trap(name, abs(d))
        pair = [ctx.num(c), ctx.num(p)] if cur_first else [ctx.num(p), ctx.num(c)]
        change = ("+" if d >= 0 else "-") + _pct(abs(d), p)
        rows.append([str(i + 1), label, *pair,
                     *([("+" if d >= 0 else "-") + ctx.num(abs(d))] if with_diff else []),
                     change])
    table = grid([[("STT", 1, 1), ("Chỉ tiêu", 1, 1), *[(h, 1, 1) for h in heads]]], rows,
                 numeric_from=2)
    title = rng.choice(["So sánh số liệu giữa các kỳ", "Báo cáo so sánh cùng kỳ",
                        "Tình hình thực hiện so với kỳ trước"])
    systems = QLVB_SYSTEMS if domain == "qlvb" else ONESTOP_SYSTEMS
    shell = Shell(rng.choice(systems), ("Trang chủ", "Thống kê", "Báo cáo"),
                  menu_qlvb() if domain == "qlvb" else menu_onestop(), 9, ("Báo cáo", "So sánh"))
    return page(ctx, shell, title, filt + f'<div class="panel">{table}</div>', end)


# ---------------------------------------------------------------- 5. trend cards

def trend_cards(ctx: Ctx) -> str:
    """Dashboard cards with the label above the value, a unit after the number («hồ
    sơ», «văn bản»), a trend badge («▲ 12,5 %», «so với cùng kỳ»), sometimes the
    previous period's figure under it (a trap), and a chart beside the cards."""
    rng = ctx.rng
    filt, _start, end = period_filter(ctx)
    domain = rng.choice(["dossiers", "qlvb"])
    if domain == "dossiers":
        r = rng.randint(300, 30000)
        onl = rng.randint(int(r * 0.1), int(r * 0.9))
        res = rng.randint(int(r * 0.75), r)
        late = rng.randint(0, max(1, res // 15))
        items = [(ctx.word("tc.received", ("Hồ sơ tiếp nhận", "Tổng hồ sơ tiếp nhận")), r,
                  "dossiers_received"),
                 (ctx.word("tc.online", ("Hồ sơ trực tuyến", "Nộp trực tuyến")), onl,
                  "dossiers_online"),
                 (ctx.word("tc.direct", ("Hồ sơ trực tiếp", "Tiếp nhận trực tiếp")), r - onl,
                  "dossiers_direct"),
                 (ctx.word("tc.resolved", ("Hồ sơ đã giải quyết", "Đã giải quyết")), res,
                  "dossiers_resolved"),
                 (ctx.word("tc.late", ("Hồ sơ quá hạn", "Giải quyết trễ hạn")), late,
                  "dossiers_late")]
        unit = "hồ sơ"
    else:
        inc = rng.randint(300, 9000)
        out = rng.randint(100, 4000)
        items = [(ctx.word("tc.incoming", ("Văn bản đến", "Tổng văn bản đến")), inc,
                  "incoming_total"),
                 (ctx.word("tc.digitized", ("Văn bản đến số hóa", "VB đến đã số hóa")),
                  rng.randint(inc // 2, inc), "incoming_digitized"),
                 (ctx.word("tc.outgoing", ("Văn bản đi", "Tổng văn bản đi")), out,
                  "outgoing_total"),
                 (ctx.word("tc.signed", ("Văn bản đi ký số", "VB đi có chữ ký số")),
                  rng.randint(out // 2, out), "outgoing_signed")]
        unit = "văn bản"
    rng.shuffle(items)
    show_prev = rng.random() < 0.4
    cards = []
    for label, x, name in items:
        ctx.fact(name, x, ctx.num(x))
        p = max(1, int(x * rng.uniform(0.6, 1.3)))
        up = x >= p
        badge = (f'<span class="{"up" if up else "down"}">{"▲" if up else "▼"} '
                 f'{_pct(abs(x - p), p)} %</span> <small>so với cùng kỳ</small>')
        prev = ""
        if show_prev:
            prev = f'<div><small>Cùng kỳ: {ctx.num(p)}</small></div>'
            ctx.trap(name, p)
        cards.append(f'<div class="card2"><div class="lab">{esc(label)}</div>'
                     f'<div class="val">{ctx.num(x)}<span class="unit">{unit}</span></div>'
                     f'<div>{badge}</div>{prev}</div>')
    ccols = rng.choice([2, 3])
    months = [f"T{m}" for m in range(1, 13)]
    ch = chart(ctx, rng.choice(["Biểu đồ theo tháng", "Diễn biến trong kỳ"]), months,
               [(items[0][0], split_total(rng, items[0][1], 12))])
    content = (_css(ctx, ccols=ccols) + filt + f'<div class="side2"><div class="cards2">'
               f'{"".join(cards)}</div>{ch}</div>')
    systems = ONESTOP_SYSTEMS if domain == "dossiers" else QLVB_SYSTEMS
    shell = Shell(rng.choice(systems), ("Trang chủ", "Tổng quan", "Báo cáo"),
                  menu_onestop() if domain == "dossiers" else menu_qlvb(), 9,
                  ("Tổng quan",))
    return page(ctx, shell, rng.choice(["Tổng quan", "Bảng điều khiển", "Dashboard"]),
                content, end)


# ---------------------------------------------------------------- 6. wrapped listings

MEETINGS = ("Hội nghị trực tuyến triển khai nhiệm vụ phát triển kinh tế - xã hội quý",
            "Họp giao ban trực tuyến Chủ tịch UBND tỉnh với các huyện, thị xã, thành phố",
            "Hội nghị tập huấn sử dụng phần mềm quản lý văn bản và điều hành",
            "Họp trực tuyến về công tác phòng, chống thiên tai và tìm kiếm cứu nạn",
            "Hội nghị sơ kết công tác cải cách hành chính và chuyển đổi số")
ARTICLES = ("Huyện tổ chức thành công hội nghị tổng kết công tác chuyển đổi số năm",
            "Thông báo tuyển dụng viên chức sự nghiệp giáo dục và đào tạo năm",
            "Hướng dẫn người dân nộp hồ sơ trực tuyến trên Cổng Dịch vụ công quốc gia",
            "Kết quả kỳ họp thứ mười Hội đồng nhân dân huyện khóa XX nhiệm kỳ",
            "Ra quân hưởng ứng Ngày Chuyển đổi số quốc gia tại các xã, thị trấn")


def wrapped_listing(ctx: Ctx) -> str:
    """A listing whose long cells wrap over several lines (meetings, articles, mail
    accounts) with a pagination count: the count is a listing's size (review), the
    rows' numbers (endpoints, views, quota) are traps."""
    rng = ctx.rng
    kind = rng.choice(["meetings", "articles", "accounts"])
    ctx.v.extra["listing"] = kind
    filt, _start, end = period_filter(ctx)
    total = rng.randint(25, 900)
    per_page = rng.choice([5, 8, 10])
    rows = []
    if kind == "meetings":
        name = "online_meetings"
        heads = ["STT", "Tên cuộc họp", "Thời gian", "Chủ trì", "Số điểm cầu", "Thành phần"]
        for i in range(per_page):
            pts = rng.randint(2, 60)
            ctx.trap(name, pts)
            d = date(end.year, rng.randint(1, end.month), rng.randint(1, 28))
            rows.append([str(i + 1), f"{rng.choice(MEETINGS)} {d.year}",
                         f"{dmy(d)}<br>{rng.randint(7, 15):02d}:{rng.choice(['00', '30'])}",
                         f"{esc(rng.choice(NAMES))}<br><small>Chủ tịch UBND</small>",
                         ctx.num(pts), "Lãnh đạo UBND, các phòng ban chuyên môn, UBND các xã"])
        title = rng.choice(["Danh sách cuộc họp trực tuyến", "Lịch họp trực tuyến đã tổ chức"])
        system = "HỆ THỐNG HỘI NGHỊ TRUYỀN HÌNH TRỰC TUYẾN"
    elif kind == "articles":
        name = "articles_published"
        heads = ["STT", "Tiêu đề", "Chuyên mục", "Ngày đăng", "Người đăng", "Lượt xem"]
        for i in range(per_page):
            views = rng.randint(5, 9000)
            ctx.trap(name, views)
            d = date(end.year, rng.randint(1, end.month), rng.randint(1, 28))
            rows.append([str(i + 1), f"{rng.choice(ARTICLES)} {d.year}",
                         rng.choice(["Tin tức - Sự kiện", "Chuyển đổi số", "Thông báo",
                                     "Cải cách hành chính"]), dmy(d), esc(rng.choice(NAMES)),
                         ctx.num(views)])
        title = rng.choice(["Quản lý tin bài", "Danh sách tin bài đã xuất bản"])
        system = rng.choice(["CỔNG THÔNG TIN ĐIỆN TỬ - QUẢN TRỊ NỘI DUNG", "CMS Cổng TTĐT"])
    else:
        name = "email_accounts"
        heads = ["STT", "Họ và tên / Chức vụ", "Địa chỉ thư", "Đơn vị", "Dung lượng (MB)",
                 "Trạng thái"]
        for i in range(per_page):
            q = rng.randint(10, 5000)
            ctx.trap(name, q)
            nm = rng.choice(NAMES)
            user = "".join(w[0] for w in nm.split()[:-1]).lower() + nm.split()[-1].lower()
            post = rng.choice(['Chuyên viên', 'Trưởng phòng', 'Văn thư'])
            rows.append([str(i + 1), f"{esc(nm)}<br><small>{post}</small>",
                         f"{esc(user)}@haiha.quangninh.gov.vn", esc(rng.choice(SUBUNITS)),
                         ctx.num(q), "Hoạt động"])
        title = rng.choice(["Danh sách tài khoản thư công vụ", "Quản lý hộp thư"])
        system = "HỆ THỐNG THƯ ĐIỆN TỬ CÔNG VỤ"
    ctx.need_review(name, total)
    ctx.trap(name, per_page)
    wrap = rng.choice([140, 180, 240])
    head = "".join(f"<th>{esc(h)}</th>" for h in heads)

    def cls(j: int, c: str) -> str:
        if j in (1, 5):
            return "w"
        return "n" if j > 0 and c.replace(".", "").isdigit() else ""

    body = "".join("<tr>" + "".join(f'<td class="{cls(j, c)}">{c}</td>'
                                    for j, c in enumerate(r)) + "</tr>" for r in rows)
    table = f'<table class="grid narrow"><tr>{head}</tr>{body}</table>'
    shell = Shell(system, ("Trang chủ", "Quản lý", "Thống kê"),
                  ("#Quản lý", "Danh sách", "Thêm mới", "#Thống kê", "Tổng hợp"), 1,
                  ("Quản lý", "Danh sách"))
    return page(ctx, shell, title, _css(ctx, wrap=wrap) + filt
                + f'<div class="panel">{table}{pagination(ctx, 1, per_page, total)}</div>', end)


# ---------------------------------------------------------------- 7. one table per year

def dossier_years(ctx: Ctx) -> str:
    """Dossier-lookup statistics with two tables by field, one per year (the report
    year's and the year before, in either order): only the report year's total row is
    the unit's; the other year's figures are traps."""
    rng = ctx.rng
    filt, _start, end = period_filter(ctx, ("nam",))
    y = end.year
    fields = rng.sample(FIELDS, rng.randint(3, 7))
    names = ["dossiers_received", "dossiers_online", "dossiers_on_time", "dossiers_late"]
    heads = [ctx.word("yr.received", ("Tiếp nhận", "Hồ sơ tiếp nhận", "Số hồ sơ nhận")),
             ctx.word("yr.online", ("Trực tuyến", "Nộp trực tuyến")),
             ctx.word("yr.on_time", ("Đúng hạn", "Giải quyết đúng hạn")),
             ctx.word("yr.late", ("Trễ hạn", "Quá hạn"))]
    total_word = rng.choice(TOTAL_WORDS)
    has_total = rng.random() > 0.15
    ctx.v.extra["no_total"] = not has_total

    def table_for(year: int, current: bool) -> str:
        vals = []
        for _f in fields:
            r = rng.randint(5, 2500)
            onl = rng.randint(0, r)
            res = rng.randint(int(r * 0.7), r)
            late = rng.randint(0, max(0, res // 12))
            vals.append([r, onl, res - late, late])
        sums = [sum(c) for c in zip(*vals, strict=True)]
        for v in vals:
            for name, x in zip(names, v, strict=True):
                ctx.trap(name, x)
        for name, s in zip(names, sums, strict=True):
            if not current:
                ctx.trap(name, s)
            elif has_total:
                ctx.fact(name, s, ctx.num(s))
            else:
                ctx.need_review(name, s)
        total = ["", total_word, *[ctx.num(s) for s in sums]] if (has_total or not current) \
            else None
        t = grid([[("STT", 1, 1), ("Lĩnh vực", 1, 1), *[(h, 1, 1) for h in heads]]],
                 [[str(i + 1), f, *[ctx.num(x) for x in v]]
                  for i, (f, v) in enumerate(zip(fields, vals, strict=True))], total,
                 numeric_from=2)
        cap = rng.choice([f"Kết quả giải quyết hồ sơ năm {year}", f"Năm {year}",
                          f"Số liệu năm {year}"])
        return f'<div class="panel"><div class="k">{esc(cap)}</div>{t}</div>'

    cur = table_for(y, True)
    prev = table_for(y - 1, False)
    tables = cur + prev if rng.random() < 0.5 else prev + cur
    title = rng.choice(["Tra cứu thống kê hồ sơ", "Thống kê hồ sơ theo năm",
                        "Kết quả giải quyết TTHC qua các năm"])
    shell = Shell(rng.choice(ONESTOP_SYSTEMS), ("Trang chủ", "Tra cứu", "Thống kê"),
                  menu_onestop(), 9, ("Thống kê", "Theo năm"))
    return page(ctx, shell, title, filt + tables, end)


FAMILIES: dict[str, Callable[[Ctx], str]] = {
    "ict_report_form": ict_report_form,
    "doc_detail_panel": doc_detail_panel,
    "subunits_total_first": subunits_total_first,
    "period_comparison": period_comparison,
    "trend_cards": trend_cards,
    "wrapped_listing": wrapped_listing,
    "dossier_years": dossier_years,
}
