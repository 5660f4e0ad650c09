"""Development page families: the extraction may be developed and tuned on these.

Each family is a function ``(ctx) -> html`` that draws one page of a system units
screenshot for their evidence (seeds 000–004, DOMAIN.md) and records on ``ctx`` the
facts it shows, the traps it holds and what it does not allow to confirm. Wording
slots are drawn with ``ctx.word``; some wordings of these families are kept in the
held-out pool (``families_heldout.py``) and never appear in the development split.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from bench.screens.chrome import (
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
    tiles,
)

SUBUNITS = ("Văn phòng HĐND và UBND", "Phòng Nội vụ", "Phòng Tài chính - Kế hoạch",
            "Phòng Tư pháp", "Phòng Văn hóa và Thông tin", "Phòng Tài nguyên và Môi trường",
            "Phòng Lao động - TB&XH", "Phòng Giáo dục và Đào tạo", "Thanh tra huyện",
            "Phòng Kinh tế và Hạ tầng", "Phòng Y tế", "Phòng Nông nghiệp và PTNT",
            "Ban Quản lý dự án", "Trung tâm Văn hóa - Thể thao",
            "Bộ phận Một cửa", "Trung tâm Phục vụ hành chính công", "Đội Quản lý trật tự đô thị",
            "UBND xã Quảng Đức", "UBND thị trấn Quảng Hà")
FIELDS = ("Hộ tịch", "Chứng thực", "Đất đai", "Xây dựng", "Đăng ký kinh doanh",
          "Lao động - Thương binh và Xã hội", "Tư pháp", "Giáo dục và Đào tạo", "Y tế",
          "Văn hóa, Thể thao", "Nông nghiệp", "Tài nguyên nước", "Giao thông vận tải",
          "Bảo trợ xã hội", "Thi đua - Khen thưởng",
          # fields whose names hold the words of facts: a row, never the unit's figure
          "Bưu chính", "Xuất bản, In và Phát hành", "Giải quyết khiếu nại, tố cáo",
          "Công chức, viên chức", "Thư viện", "Tổ chức phi chính phủ",
          "Phát thanh, truyền hình và thông tin điện tử", "Thành lập và hoạt động của HTX")
NAMES = ("Nguyễn Văn An", "Trần Thị Bích", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em",
         "Vũ Thị Giang", "Đỗ Minh Hải", "Bùi Thị Hoa", "Ngô Quốc Khánh", "Dương Thị Lan",
         "Lý Văn Long", "Mai Thị Ngọc", "Đinh Công Phúc", "Tạ Thị Quyên", "Hà Văn Sơn",
         "Lương Thị Tâm", "Chu Văn Thành", "Kiều Thị Uyên", "Phan Văn Vũ", "Cao Thị Xuân")
TOTAL_WORDS = ("Tổng cộng", "Cộng", "Toàn đơn vị", "Tổng số", "Tổng")

QLVB_SYSTEMS = ("HỆ THỐNG QUẢN LÝ VĂN BẢN VÀ ĐIỀU HÀNH", "QLVB&ĐH - iOffice",
                "PHẦN MỀM QUẢN LÝ VĂN BẢN VÀ HỒ SƠ CÔNG VIỆC", "eOffice - Điều hành tác nghiệp")
ONESTOP_SYSTEMS = ("HỆ THỐNG THÔNG TIN GIẢI QUYẾT TTHC", "PHẦN MỀM MỘT CỬA ĐIỆN TỬ",
                   "Cổng Dịch vụ công - Một cửa điện tử", "HỆ THỐNG MỘT CỬA LIÊN THÔNG")


def _rank_traps(ctx: Ctx, name: str, per_row: list[int]) -> None:
    """A sub-unit's value is never the unit's: every row's value is a trap."""
    for x in per_row:
        ctx.trap(name, x)


def _total_or_review(ctx: Ctx, has_total: bool, name: str, value: int, shown: str,
                     per_row: list[int]) -> None:
    if has_total:
        ctx.fact(name, value, shown)
    else:
        ctx.need_review(name, value)  # the sum is on no line: it must not be confirmed
    _rank_traps(ctx, name, per_row)


# ---------------------------------------------------------------- 1. QLVB by sub-unit

def qlvb_stats_units(ctx: Ctx) -> str:
    """Document statistics by sub-unit (QLVB&ĐH), flat or with two-level headers,
    total row at the bottom or the top, sometimes none."""
    rng = ctx.rng
    units = rng.sample(SUBUNITS, rng.randint(4, 9))
    inc = [rng.randint(40, 2400) for _ in units]
    dig = [rng.randint(int(x * 0.6), x) for x in inc]
    out = [rng.randint(15, 900) for _ in units]
    org = [rng.randint(int(x * 0.5), x) for x in out]
    per = [rng.randint(0, o) for o in org]
    signed = [max(a, b) + rng.randint(0, x - max(a, b)) for a, b, x in zip(org, per, out,
                                                                           strict=True)]
    has_total = rng.random() > 0.18
    ctx.v.extra["no_total"] = not has_total
    total_word = rng.choice(TOTAL_WORDS)
    two_level = rng.random() < 0.5
    ctx.v.extra["headers"] = "two-level" if two_level else "flat"
    pct = rng.random() < 0.6
    filt, _start, end = period_filter(ctx)
    if two_level:
        g_in = ctx.word("qlvb.group_incoming", ("Văn bản đến", "VB đến", "Văn bản đến (VB)"))
        g_out = ctx.word("qlvb.group_outgoing", ("Văn bản đi", "VB đi", "Văn bản phát hành đi"))
        w_tot = ctx.word("qlvb.sub_total", ("Tổng số", "Tổng", "Số lượng"))
        w_dig = ctx.word("qlvb.sub_digitized", ("Số hóa", "Đã số hóa", "Được số hóa"))
        w_org = ctx.word("qlvb.sub_org", ("Ký số tổ chức", "Ký số cơ quan", "Chữ ký số cơ quan"))
        w_per = ctx.word("qlvb.sub_personal", ("Ký số cá nhân", "Ký số lãnh đạo",
                                               "Chữ ký số cá nhân"))
        headers = [[("STT", 1, 2), ("Đơn vị", 1, 2), (g_in, 2, 1), (g_out, 3, 1)]
                   + ([("Tỷ lệ ký số (%)", 1, 2)] if pct else []),
                   [(w_tot, 1, 1), (w_dig, 1, 1), (w_tot, 1, 1), (w_org, 1, 1),
                    (w_per, 1, 1)]]
        cols = [inc, dig, out, org, per]
        names = ["incoming_total", "incoming_digitized", "outgoing_total",
                 "outgoing_signed_org", "outgoing_signed_personal"]
    else:
        w_in = ctx.word("qlvb.incoming", ("Văn bản đến", "Tổng số văn bản đến", "VB đến",
                                          "Số VB đến"))
        w_out = ctx.word("qlvb.outgoing", ("Văn bản đi", "Tổng số văn bản đi", "VB đi",
                                           "Số VB đi"))
        w_sig = ctx.word("qlvb.signed", ("VB đi có ký số", "Văn bản đi được ký số",
                                         "Đã ký số", "VB đi ký số"))
        headers = [[("STT", 1, 1), ("Đơn vị", 1, 1), (w_in, 1, 1), (w_out, 1, 1),
                    (w_sig, 1, 1)] + ([("Tỷ lệ ký số (%)", 1, 1)] if pct else [])]
        cols = [inc, out, signed]
        names = ["incoming_total", "outgoing_total", "outgoing_signed"]
    sig_col = org if two_level else signed
    rows = []
    for i, u in enumerate(units):
        row = [str(i + 1), u] + [ctx.num(c[i]) for c in cols]
        if pct:
            row.append(f"{100 * sig_col[i] / out[i]:.1f}".replace(".", ","))
        rows.append(row)
    sums = [sum(c) for c in cols]
    total_row = None
    if has_total:
        total_row = ["", total_word] + [ctx.num(s) for s in sums]
        if pct:
            total_row.append(f"{100 * sum(sig_col) / sum(out):.1f}".replace(".", ","))
    for name, s, c in zip(names, sums, cols, strict=True):
        _total_or_review(ctx, has_total, name, s, ctx.num(s), c)
    top = has_total and rng.random() < 0.25
    ctx.v.extra["total_row"] = "none" if not has_total else ("top" if top else "bottom")
    table = grid(headers, rows, total_row, numeric_from=2, total_first=top)
    months = [f"T{m}" for m in range(1, 13)] if rng.random() < 0.5 else []
    content = filt + f'<div class="panel">{table}</div>'
    if months:
        content += chart(ctx, "Biểu đồ văn bản theo tháng", months,
                         [("Văn bản đến", split_total(rng, sum(inc), 12)),
                          ("Văn bản đi", split_total(rng, sum(out), 12))])
    title = rng.choice(["Thống kê văn bản theo đơn vị", "Báo cáo tình hình xử lý văn bản",
                        "THỐNG KÊ VĂN BẢN ĐI - ĐẾN", "Báo cáo văn bản điện tử theo phòng ban"])
    shell = Shell(rng.choice(QLVB_SYSTEMS), ("Trang chủ", "Văn bản", "Hồ sơ công việc",
                                             "Báo cáo", "Tiện ích"),
                  menu_qlvb(), 9, ("Báo cáo", "Thống kê văn bản"))
    return page(ctx, shell, title, content, end)


# ---------------------------------------------------------------- 2. outgoing list

ABSTRACTS = ("V/v triển khai kế hoạch chuyển đổi số năm", "V/v báo cáo kết quả thực hiện CCHC",
             "Quyết định thành lập tổ công tác", "V/v cung cấp tài liệu kiểm chứng CQĐT",
             "Kế hoạch tổ chức hội nghị trực tuyến", "V/v rà soát thủ tục hành chính",
             "Thông báo kết luận cuộc họp giao ban", "V/v tăng cường sử dụng chữ ký số",
             "Báo cáo tình hình kinh tế - xã hội tháng", "V/v cử cán bộ tham gia tập huấn")
SIGNERS = ("Chủ tịch", "Phó Chủ tịch", "Chánh Văn phòng", "Trưởng phòng", "Phó Trưởng phòng")


def outgoing_list(ctx: Ctx) -> str:
    """A list of outgoing documents with a digital-signature column and pagination;
    sometimes a summary line with the unit's counts."""
    rng = ctx.rng
    filt, start, end = period_filter(ctx)
    total = rng.randint(60, 1400)
    signed = rng.randint(int(total * 0.6), total)
    per_page = rng.choice([10, 15, 20])
    rows = []
    first_date = None
    on_page_signed = 0
    span = max((end - start).days, 1)
    for i in range(per_page):
        d = end - timedelta(days=int(span * i / (per_page * 6)))
        first_date = first_date or d
        ok = rng.random() < 0.85
        on_page_signed += ok
        mark = '<span class="ok">✔ Đã ký số</span>' if ok else '<span class="no">Chưa ký</span>'
        num = f"{total - i}/{rng.choice(['UBND-VP', 'UBND-NV', 'QĐ-UBND', 'KH-UBND', 'BC-UBND'])}"
        rows.append(f"<tr><td>{i + 1}</td><td>{esc(num)}</td><td>{dmy(d)}</td>"
                    f"<td>{esc(rng.choice(ABSTRACTS))} {d.year}</td>"
                    f"<td>{esc(rng.choice(NAMES))}<br><small>{rng.choice(SIGNERS)}</small></td>"
                    f"<td>{mark}</td></tr>")
    w_sig = ctx.word("outlist.sigcol", ("Ký số", "Chữ ký số", "Trạng thái ký"))
    table = ('<table class="grid"><tr><th>STT</th><th>Số, ký hiệu</th><th>Ngày ban hành</th>'
             f'<th>Trích yếu</th><th>Người ký</th><th>{esc(w_sig)}</th></tr>'
             + "".join(rows) + "</table>")
    assert first_date is not None
    ctx.trap("document_date", first_date.isoformat())
    ctx.trap("outgoing_signed", on_page_signed)
    summary = ""
    if rng.random() < 0.45:
        w_tot = ctx.word("outlist.sum_total", ("Tổng số văn bản đi", "Tổng số VB đi",
                                               "Số văn bản đi"))
        w_sig2 = ctx.word("outlist.sum_signed", ("trong đó ký số", "đã ký số",
                                                 "văn bản có ký số"))
        summary = (f'<div class="panel">{esc(w_tot)}: <b>{ctx.num(total)}</b> &nbsp;·&nbsp; '
                   f'{esc(w_sig2)}: <b>{ctx.num(signed)}</b></div>')
        ctx.fact("outgoing_total", total, ctx.num(total))
        ctx.fact("outgoing_signed", signed, ctx.num(signed))
        ctx.v.extra["summary"] = True
    else:
        # the pagination count is a listing's size, not a stated figure: not confirmable
        ctx.need_review("outgoing_total", total)
        ctx.v.extra["summary"] = False
    by_unit = ""
    if rng.random() < 0.35:  # the first offices' counts, no total row: never the unit's
        units = rng.sample(SUBUNITS, rng.randint(3, 6))
        outs = [rng.randint(5, max(6, total // 3)) for _ in units]
        sigs = [rng.randint(0, x) for x in outs]
        for x, y in zip(outs, sigs, strict=True):
            ctx.trap("outgoing_total", x)
            ctx.trap("outgoing_signed", y)
        by_unit = ('<div class="panel"><div class="k">Văn bản đi theo đơn vị soạn thảo</div>'
                   + grid([[("Đơn vị", 1, 1), ("Số VB đi", 1, 1), ("Đã ký số", 1, 1)]],
                          [[u, ctx.num(x), ctx.num(y)] for u, x, y in
                           zip(units, outs, sigs, strict=True)]) + "</div>")
        ctx.v.extra["by_unit"] = True
    content = (filt + summary + by_unit + f'<div class="panel">{table}'
               f'{pagination(ctx, 1, per_page, total)}</div>')
    title = rng.choice(["Danh sách văn bản đi", "Sổ văn bản đi", "Văn bản đi đã phát hành",
                        "Tra cứu văn bản đi"])
    shell = Shell(rng.choice(QLVB_SYSTEMS), ("Trang chủ", "Văn bản", "Hồ sơ", "Báo cáo"),
                  menu_qlvb(), 2, ("Văn bản", "Văn bản đi"))
    return page(ctx, shell, title, content, end)


# ---------------------------------------------------------------- 3. one-stop dashboard

def onestop_dashboard(ctx: Ctx) -> str:
    """One-stop dashboard: tiles (value above, below or beside the label, icons),
    a 'today' tile, a monthly chart and a small by-field table."""
    rng = ctx.rng
    filt, _start, end = period_filter(ctx)
    received = rng.randint(300, 25000)
    online = rng.randint(int(received * 0.1), int(received * 0.9))
    resolved = rng.randint(int(received * 0.8), received)
    late = rng.randint(0, max(1, resolved // 20))
    on_time = resolved - late
    processing = received - resolved
    items = [
        (ctx.word("os.received", ("Tổng hồ sơ tiếp nhận", "Hồ sơ tiếp nhận", "HS tiếp nhận",
                                  "Tiếp nhận")), received, "dossiers_received"),
        (ctx.word("os.online", ("Hồ sơ trực tuyến", "HS nộp trực tuyến", "Nộp trực tuyến")),
         online, "dossiers_online"),
        (ctx.word("os.resolved", ("Đã giải quyết", "Hồ sơ đã giải quyết", "HS đã giải quyết")),
         resolved, "dossiers_resolved"),
        (ctx.word("os.on_time", ("Đúng hạn", "Giải quyết đúng hạn", "Trước và đúng hạn",
                                 "HS đúng hạn")), on_time, "dossiers_on_time"),
        (ctx.word("os.late", ("Quá hạn", "Trễ hạn", "Giải quyết quá hạn")), late,
         "dossiers_late"),
        ("Đang xử lý", processing, ""),
    ]
    rng.shuffle(items)
    today_n = rng.randint(1, 60)
    items.insert(rng.randint(0, len(items)), ("Tiếp nhận hôm nay", today_n, ""))
    ctx.trap("dossiers_received", today_n)
    for _label, value, name in items:
        if name:
            ctx.fact(name, value, ctx.num(value))
    ratio = f"{100 * on_time / max(resolved, 1):.1f}".replace(".", ",") + "%"
    cards = tiles(ctx, [(lb, ctx.num(v)) for lb, v, _n in items]
                  + [("Tỷ lệ đúng hạn", ratio)])
    months = [f"T{m}" for m in range(1, 13)]
    fields = rng.sample(FIELDS, 5)
    per_field = sorted(split_total(rng, received, 8)[:5], reverse=True)
    ctx.trap("dossiers_received", per_field[0])
    ftable = grid([[("Lĩnh vực", 1, 1), ("Số hồ sơ", 1, 1)]],
                  [[f, ctx.num(x)] for f, x in zip(fields, per_field, strict=True)])
    status = ""
    if rng.random() < 0.5:  # this month's figures over the words of the facts: no tile
        month = [(w, rng.randint(1, max(2, received // 12)), n) for w, n in (
            ("Tiếp nhận", "dossiers_received"), ("Đã giải quyết", "dossiers_resolved"),
            ("Đúng hạn", "dossiers_on_time"), ("Quá hạn", "dossiers_late"))]
        for _w, x, n in month:
            ctx.trap(n, x)
        status = chart(ctx, "Tình hình tháng này", [w for w, _x, _n in month],
                       [("Số hồ sơ", [x for _w, x, _n in month])], labels=True)
    content = (filt + cards + status
               + chart(ctx, "Tình hình tiếp nhận và giải quyết hồ sơ", months,
                       [("Tiếp nhận", split_total(rng, received, 12)),
                        ("Đã giải quyết", split_total(rng, resolved, 12))])
               + f'<div class="panel"><div class="k">Lĩnh vực có nhiều hồ sơ nhất</div>'
                 f'{ftable}</div>')
    title = rng.choice(["Bảng điều khiển", "Tổng quan tình hình giải quyết hồ sơ",
                        "DASHBOARD MỘT CỬA", "Thống kê tổng hợp"])
    shell = Shell(rng.choice(ONESTOP_SYSTEMS), ("Trang chủ", "Tiếp nhận", "Xử lý", "Báo cáo"),
                  menu_onestop(), 9, ("Thống kê", "Tổng quan"))
    return page(ctx, shell, title, content, end)


# ---------------------------------------------------------------- 4. DVC by field

def dvc_by_field(ctx: Ctx) -> str:
    """Public-service statistics by field with two-level headers («Hồ sơ tiếp nhận»
    over «Tổng số | Trực tuyến | Trực tiếp», «Hồ sơ đã giải quyết» over «Đúng hạn |
    Quá hạn»); sometimes no total row, sometimes a second period in the subtitle."""
    rng = ctx.rng
    filt, start, end = period_filter(ctx)
    fields = rng.sample(FIELDS, rng.randint(5, 10))
    rec = [rng.randint(5, 3000) for _ in fields]
    onl = [rng.randint(0, r) for r in rec]
    dire = [r - o for r, o in zip(rec, onl, strict=True)]
    res = [rng.randint(int(r * 0.7), r) for r in rec]
    late = [rng.randint(0, max(0, x // 15)) for x in res]
    ontime = [x - y for x, y in zip(res, late, strict=True)]
    pending = [r - x for r, x in zip(rec, res, strict=True)]
    g_rec = ctx.word("dvc.group_received", ("Hồ sơ tiếp nhận", "Số hồ sơ tiếp nhận",
                                            "Tiếp nhận"))
    g_res = ctx.word("dvc.group_resolved", ("Hồ sơ đã giải quyết", "Đã giải quyết",
                                            "Số hồ sơ đã giải quyết"))
    w_tot = ctx.word("dvc.sub_total", ("Tổng số", "Tổng"))
    w_onl = ctx.word("dvc.sub_online", ("Trực tuyến", "Nộp trực tuyến", "Qua DVCTT"))
    w_dir = ctx.word("dvc.sub_direct", ("Trực tiếp", "Tại bộ phận một cửa", "Trực tiếp/BCCI"))
    w_on = ctx.word("dvc.sub_on_time", ("Đúng hạn", "Trước và đúng hạn", "Đúng hạn (HS)"))
    w_late = ctx.word("dvc.sub_late", ("Quá hạn", "Trễ hạn"))
    with_res_total = rng.random() < 0.5
    res_cols = ([(w_tot, 1, 1)] if with_res_total else []) + [(w_on, 1, 1), (w_late, 1, 1)]
    headers = [[("STT", 1, 2), ("Lĩnh vực", 1, 2), (g_rec, 3, 1), (g_res, len(res_cols), 1),
                ("Đang giải quyết", 1, 2), ("Tỷ lệ đúng hạn (%)", 1, 2)],
               [(w_tot, 1, 1), (w_onl, 1, 1), (w_dir, 1, 1), *res_cols]]
    cols = [rec, onl, dire] + ([res] if with_res_total else []) + [ontime, late, pending]
    names = ["dossiers_received", "dossiers_online", "dossiers_direct"] \
        + (["dossiers_resolved"] if with_res_total else []) \
        + ["dossiers_on_time", "dossiers_late", ""]
    rows = []
    for i, f in enumerate(fields):
        rows.append([str(i + 1), f] + [ctx.num(c[i]) for c in cols]
                    + [f"{100 * ontime[i] / max(res[i], 1):.2f}".replace(".", ",")])
    has_total = rng.random() > 0.15
    ctx.v.extra["no_total"] = not has_total
    total = None
    if has_total:
        total = ["", rng.choice(TOTAL_WORDS)] + [ctx.num(sum(c)) for c in cols] + [
            f"{100 * sum(ontime) / max(sum(res), 1):.2f}".replace(".", ",")]
    for name, c in zip(names, cols, strict=True):
        if name:
            _total_or_review(ctx, has_total, name, sum(c), ctx.num(sum(c)), c)
    sub = ""
    if rng.random() < 0.15:  # a second, different period on the page: must be flagged
        other_start = start.replace(year=start.year - 1)
        other_end = end.replace(year=end.year - 1) if not (end.month == 2 and end.day == 29) \
            else end.replace(year=end.year - 1, day=28)
        sub = (f'<div class="sub">Số liệu từ ngày {dmy(other_start)} đến ngày '
               f'{dmy(other_end)}</div>')
        ctx.need_review("period_start", start.isoformat())
        ctx.need_review("period_start", other_start.isoformat())
        ctx.need_review("period_end", end.isoformat())
        ctx.need_review("period_end", other_end.isoformat())
        ctx.v.extra["two_periods"] = True
    table = grid(headers, rows, total, numeric_from=2)
    title = rng.choice(["Thống kê hồ sơ theo lĩnh vực", "BÁO CÁO TÌNH HÌNH GIẢI QUYẾT TTHC",
                        "Tổng hợp kết quả giải quyết hồ sơ theo lĩnh vực"])
    content = filt + sub + f'<div class="panel">{table}</div>'
    shell = Shell(rng.choice(ONESTOP_SYSTEMS), ("Trang chủ", "Hồ sơ", "Thống kê", "Danh mục"),
                  menu_onestop(), 10, ("Báo cáo", "Theo lĩnh vực"))
    return page(ctx, shell, title, content, end)


# ---------------------------------------------------------------- 5. mail administration

def mail_admin(ctx: Ctx) -> str:
    """Administration of the official mail system: a summary box and the list of
    accounts (quota in MB, last login), filtered to one office or not."""
    rng = ctx.rng
    domain = rng.choice(["haiha.quangninh.gov.vn", "aluoi.thuathienhue.gov.vn",
                         "namdong.thuathienhue.gov.vn", "gialai.gov.vn", "quangbinh.gov.vn"])
    total = rng.randint(40, 1800)
    active = rng.randint(int(total * 0.8), total)
    locked = total - active
    w_tot = ctx.word("mail.total", ("Tổng số tài khoản", "Số tài khoản thư công vụ",
                                    "Tổng số hộp thư", "Tài khoản thư điện tử"))
    w_act = ctx.word("mail.active", ("Đang hoạt động", "Tài khoản hoạt động",
                                     "Số tài khoản đang sử dụng"))
    ctx.fact("email_accounts", total, ctx.num(total))
    ctx.fact("email_accounts_active", active, ctx.num(active))
    used = rng.randint(2000, 900000)
    kv = [(w_tot, ctx.num(total)), (w_act, ctx.num(active)), ("Đã khóa", ctx.num(locked)),
          ("Dung lượng đã dùng (MB)", ctx.num(used))]
    rng.shuffle(kv)
    if rng.random() < 0.5:
        summary = '<div class="panel"><table class="kv">' + "".join(
            f"<tr><td>{esc(k)}:</td><td><b>{esc(v)}</b></td></tr>" for k, v in kv) + \
            "</table></div>"
    else:
        summary = tiles(ctx, [(k, v) for k, v in kv])
    filtered = rng.random() < 0.5
    shown_n = rng.randint(5, max(6, total // 6)) if filtered else total
    if filtered:
        ctx.trap("email_accounts", shown_n)
        ctx.trap("email_accounts_active", shown_n)
    per_page = min(rng.choice([10, 15, 20]), shown_n)
    rows = []
    for i in range(per_page):
        nm = rng.choice(NAMES)
        login = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2018, 2023)}"
        state = '<span class="ok">Hoạt động</span>' if rng.random() < 0.9 else \
            '<span class="no">Khóa</span>'
        user = "".join(w[0] for w in nm.split()[:-1]).lower() + nm.split()[-1].lower()
        rows.append(f"<tr><td>{i + 1}</td><td>{esc(nm)}</td><td>{esc(user)}@{domain}</td>"
                    f"<td>{esc(rng.choice(SUBUNITS))}</td><td class='n'>"
                    f"{ctx.num(rng.randint(10, 4900))}</td><td>{login}</td><td>{state}</td>"
                    "</tr>")
    table = ('<table class="grid"><tr><th>STT</th><th>Họ và tên</th><th>Địa chỉ thư</th>'
             '<th>Đơn vị</th><th>Dung lượng (MB)</th><th>Đăng nhập cuối</th>'
             '<th>Trạng thái</th></tr>' + "".join(rows) + "</table>")
    filt = ('<div class="filter"><label>Đơn vị</label><select><option>'
            f'{esc(rng.choice(SUBUNITS)) if filtered else "Tất cả đơn vị"}</option></select>'
            '<label>Trạng thái</label><select><option>Tất cả</option></select>'
            '<input value="" placeholder="Tìm theo tên, địa chỉ thư"><button>Tìm kiếm</button>'
            '</div>')
    end = None
    if rng.random() < 0.4:
        pf, _s, end = period_filter(ctx, ("inputs", "thoigian"))
        filt = pf + filt
    if end is None:
        end = date(rng.randint(2019, 2023), rng.randint(1, 12), 1)
    by_unit = ""
    if rng.random() < 0.35:  # some offices' accounts, no total row: rows are no facts
        units = rng.sample(SUBUNITS, rng.randint(3, 6))
        accs = [rng.randint(3, max(4, total // 4)) for _ in units]
        acts = [rng.randint(int(x * 0.7), x) for x in accs]
        for x, y in zip(accs, acts, strict=True):
            ctx.trap("email_accounts", x)
            ctx.trap("email_accounts_active", y)
        by_unit = ('<div class="panel"><div class="k">Tài khoản theo đơn vị</div>'
                   + grid([[("Đơn vị", 1, 1), ("Số tài khoản", 1, 1),
                            ("Đang hoạt động", 1, 1)]],
                          [[u, ctx.num(x), ctx.num(y)] for u, x, y in
                           zip(units, accs, acts, strict=True)]) + "</div>")
        ctx.v.extra["by_unit"] = True
    content = (summary + filt + by_unit + f'<div class="panel">{table}'
               f'{pagination(ctx, 1, per_page, shown_n)}</div>')
    title = rng.choice(["Quản trị tài khoản thư điện tử", "Danh sách hộp thư công vụ",
                        "Quản lý người dùng thư điện tử"])
    shell = Shell(rng.choice(["HỆ THỐNG THƯ ĐIỆN TỬ CÔNG VỤ", "Mail Admin - Thư công vụ",
                              "QUẢN TRỊ HỆ THỐNG EMAIL"]),
                  ("Hộp thư", "Quản trị", "Thống kê", "Cấu hình"),
                  ("#Quản trị", "Tên miền", "Tài khoản", "Nhóm thư", "Bí danh",
                   "#Thống kê", "Thống kê đăng nhập", "Dung lượng", "#Hệ thống", "Nhật ký"),
                  2, ("Quản trị", "Tài khoản"))
    return page(ctx, shell, title, content, end)


# ---------------------------------------------------------------- 6. staff list

POSTS = ("Chủ tịch", "Phó Chủ tịch", "Trưởng phòng", "Phó Trưởng phòng", "Chuyên viên",
         "Kế toán", "Văn thư", "Cán sự", "Nhân viên")


def staff_list(ctx: Ctx) -> str:
    """The list of cán bộ, công chức, viên chức with pagination; a summary by kind
    (cards or a small table with a total), or none."""
    rng = ctx.rng
    cb, cc, vc = rng.randint(3, 40), rng.randint(10, 300), rng.randint(0, 600)
    total = cb + cc + vc
    style = rng.choice(["cards", "table", "none", "cards", "table", "units"])
    ctx.v.extra["summary"] = style
    w_tot = ctx.word("staff.total", ("Tổng số CBCCVC", "Tổng số cán bộ, công chức, viên chức",
                                     "Tổng số CBCC, VC", "Tổng số"))
    summary = ""
    if style == "cards":
        summary = tiles(ctx, [(w_tot, ctx.num(total)), ("Cán bộ", ctx.num(cb)),
                              ("Công chức", ctx.num(cc)), ("Viên chức", ctx.num(vc))])
        ctx.fact("staff_total", total, ctx.num(total))
    elif style == "table":
        tw = rng.choice(TOTAL_WORDS)
        summary = '<div class="panel">' + grid(
            [[("Loại", 1, 1), ("Số lượng", 1, 1)]],
            [["Cán bộ", ctx.num(cb)], ["Công chức", ctx.num(cc)], ["Viên chức", ctx.num(vc)]],
            [tw + " CBCCVC" if tw in ("Tổng số", "Tổng") else tw, ctx.num(total)]) + "</div>"
        ctx.fact("staff_total", total, ctx.num(total))
    elif style == "units":  # headcount by office, no total row: for a reviewer
        units = rng.sample(SUBUNITS, rng.randint(3, 6))
        parts = split_total(rng, total, len(units))
        w_col = ctx.word("staff.unit_col", ("Số CBCCVC", "Số lượng CBCC", "Số cán bộ, công chức"))
        summary = '<div class="panel">' + grid(
            [[("Phòng ban", 1, 1), (w_col, 1, 1)]],
            [[u, ctx.num(x)] for u, x in zip(units, parts, strict=True)]) + "</div>"
        ctx.need_review("staff_total", total)
        for x in parts:
            ctx.trap("staff_total", x)
    else:
        ctx.need_review("staff_total", total)
    for x in (cb, cc, vc):
        ctx.trap("staff_total", x)
    per_page = rng.choice([10, 15, 20])
    rows = []
    for i in range(per_page):
        born = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1965, 1998)}"
        rows.append(f"<tr><td>{i + 1}</td><td>{esc(rng.choice(NAMES))}</td><td>{born}</td>"
                    f"<td>{rng.choice(POSTS)}</td><td>{esc(rng.choice(SUBUNITS))}</td>"
                    f"<td>{rng.choice(['Đại học', 'Thạc sĩ', 'Cao đẳng', 'Trung cấp'])}</td>"
                    "</tr>")
    table = ('<table class="grid"><tr><th>STT</th><th>Họ và tên</th><th>Ngày sinh</th>'
             '<th>Chức vụ</th><th>Phòng ban</th><th>Trình độ</th></tr>' + "".join(rows)
             + "</table>")
    end = date(rng.randint(2019, 2023), rng.randint(1, 12), rng.randint(1, 28))
    filt = ('<div class="filter"><label>Phòng ban</label><select><option>Tất cả</option>'
            '</select><label>Loại</label><select><option>CBCCVC</option></select>'
            '<button>Lọc</button><button class="sec">Xuất Excel</button></div>')
    content = (filt + summary + f'<div class="panel">{table}'
               f'{pagination(ctx, 1, per_page, total)}</div>')
    title = rng.choice(["Danh sách cán bộ, công chức, viên chức", "Hồ sơ CBCCVC",
                        "Quản lý cán bộ công chức"])
    shell = Shell(rng.choice(["PHẦN MỀM QUẢN LÝ CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC",
                              "HỆ THỐNG QUẢN LÝ HỒ SƠ CBCCVC"]),
                  ("Hồ sơ", "Biến động", "Báo cáo", "Danh mục"),
                  ("#Hồ sơ", "Danh sách CBCCVC", "Thêm mới hồ sơ", "Nghỉ hưu",
                   "#Báo cáo", "Báo cáo số lượng", "Báo cáo chất lượng"), 1,
                  ("Hồ sơ", "Danh sách"))
    return page(ctx, shell, title, content, end)


# ---------------------------------------------------------------- 7. ICT report

def ict_report(ctx: Ctx) -> str:
    """A unit's report on IT use (seed 002's readiness and results criteria):
    computers and those connected to the Internet or the dedicated network, online
    meetings, articles on the portal; cards or a key–value list, and a table of
    computers by office with a total row or without one."""
    rng = ctx.rng
    filt, _start, end = period_filter(ctx)
    units = rng.sample(SUBUNITS, rng.randint(3, 8))
    comp = [rng.randint(2, 60) for _ in units]
    conn = [rng.randint(int(x * 0.7), x) for x in comp]
    meetings, points = rng.randint(4, 160), rng.randint(3, 40)
    articles = rng.randint(30, 2500)
    w_comp = ctx.word("ict.computers", ("Tổng số máy tính", "Số máy vi tính", "Máy tính hiện có",
                                        "Tổng số máy tính (PC)"))
    w_conn = ctx.word("ict.connected", ("Máy tính kết nối Internet", "Máy tính có kết nối mạng",
                                        "Số máy tính được kết nối", "Kết nối mạng TSLCD"))
    w_meet = ctx.word("ict.meetings", ("Cuộc họp trực tuyến", "Số cuộc họp trực tuyến",
                                       "Hội nghị trực tuyến", "Họp trực tuyến đã tổ chức"))
    w_art = ctx.word("ict.articles", ("Tin bài đã đăng", "Số tin, bài", "Bài viết đã đăng",
                                      "Tin tức đã xuất bản"))
    has_total = rng.random() > 0.35
    ctx.v.extra["no_total"] = not has_total
    summary_items = [(w_meet, meetings, "online_meetings"), (w_art, articles,
                                                              "articles_published"),
                     ("Số điểm cầu", points, "")]
    if rng.random() < 0.5:  # the computers in the summary too
        summary_items += [(w_comp, sum(comp), "computers_total"),
                          (w_conn, sum(conn), "computers_connected")]
    rng.shuffle(summary_items)
    for _l, x, name in summary_items:
        if name:
            ctx.fact(name, x, ctx.num(x))
    ctx.trap("online_meetings", points)  # endpoints are no meetings
    if rng.random() < 0.5:
        summary = tiles(ctx, [(lb, ctx.num(x)) for lb, x, _n in summary_items])
    else:
        summary = '<div class="panel"><table class="kv">' + "".join(
            f"<tr><td>{esc(lb)}:</td><td><b>{ctx.num(x)}</b></td></tr>"
            for lb, x, _n in summary_items) + "</table></div>"
    in_summary = any(n == "computers_total" for _l, _x, n in summary_items)
    for name, col in (("computers_total", comp), ("computers_connected", conn)):
        if not in_summary:
            _total_or_review(ctx, has_total, name, sum(col), ctx.num(sum(col)), col)
        else:
            _rank_traps(ctx, name, col)
    total = ["", rng.choice(TOTAL_WORDS), ctx.num(sum(comp)), ctx.num(sum(conn))] \
        if has_total else None
    table = grid([[("STT", 1, 1), ("Đơn vị", 1, 1), (w_comp, 1, 1), (w_conn, 1, 1)]],
                 [[str(i + 1), u, ctx.num(a), ctx.num(b)]
                  for i, (u, a, b) in enumerate(zip(units, comp, conn, strict=True))],
                 total, numeric_from=2)
    title = rng.choice(["Báo cáo ứng dụng công nghệ thông tin", "Thống kê hạ tầng CNTT",
                        "Tình hình ứng dụng CNTT và chuyển đổi số"])
    content = filt + summary + f'<div class="panel"><div class="k">Máy tính theo đơn vị</div>' \
        f'{table}</div>'
    shell = Shell(rng.choice(["HỆ THỐNG BÁO CÁO CHUYỂN ĐỔI SỐ", "CỔNG THÔNG TIN ĐIỆN TỬ - QUẢN TRỊ",
                              "PHẦN MỀM BÁO CÁO CNTT"]),
                  ("Trang chủ", "Báo cáo", "Danh mục", "Hệ thống"),
                  ("#Báo cáo", "Hạ tầng kỹ thuật", "Ứng dụng CNTT", "Cổng thông tin",
                   "#Hệ thống", "Người dùng", "Nhật ký"), 2, ("Báo cáo", "Ứng dụng CNTT"))
    return page(ctx, shell, title, content, end)


# ---------------------------------------------------------------- 8. services by level

def dvc_levels(ctx: Ctx) -> str:
    """Administrative procedures by field and by online level («Mức độ 2 | Mức độ 3 |
    Mức độ 4», or since 2022 «Một phần | Toàn trình»), total row or none."""
    rng = ctx.rng
    filt, _start, end = period_filter(ctx)
    fields = rng.sample(FIELDS, rng.randint(4, 9))
    tot = [rng.randint(3, 60) for _ in fields]
    l4 = [rng.randint(0, x // 2) for x in tot]
    l3 = [rng.randint(0, x - y) for x, y in zip(tot, l4, strict=True)]
    l2 = [x - a - b for x, a, b in zip(tot, l3, l4, strict=True)]
    new_names = rng.random() < 0.4
    w_tot = ctx.word("lv.total", ("Tổng số TTHC", "Số thủ tục hành chính", "Tổng số thủ tục"))
    if new_names:
        w3 = ctx.word("lv.l3", ("DVC một phần", "Một phần", "DVCTT một phần"))
        w4 = ctx.word("lv.l4", ("DVC toàn trình", "Toàn trình", "DVCTT toàn trình"))
        heads = [(w_tot, 1, 1), ("Dịch vụ công cung cấp thông tin", 1, 1), (w3, 1, 1), (w4, 1, 1)]
    else:
        w3 = ctx.word("lv.l3", ("Mức độ 3", "DVC mức độ 3", "Mức 3"))
        w4 = ctx.word("lv.l4", ("Mức độ 4", "DVC mức độ 4", "Mức 4"))
        heads = [(w_tot, 1, 1), ("Mức độ 2", 1, 1), (w3, 1, 1), (w4, 1, 1)]
    two_level = rng.random() < 0.4
    if two_level:
        headers = [[("STT", 1, 2), ("Lĩnh vực", 1, 2), (heads[0][0], 1, 2),
                    ("Dịch vụ công trực tuyến", 3, 1)], [(h, 1, 1) for h, _c, _r in heads[1:]]]
    else:
        headers = [[("STT", 1, 1), ("Lĩnh vực", 1, 1), *heads]]
    has_total = rng.random() > 0.3
    ctx.v.extra["no_total"] = not has_total
    cols = [tot, l2, l3, l4]
    for name, c in (("services_total", tot), ("services_level3", l3), ("services_level4", l4)):
        _total_or_review(ctx, has_total, name, sum(c), ctx.num(sum(c)), c)
    rows = [[str(i + 1), f] + [ctx.num(c[i]) for c in cols] for i, f in enumerate(fields)]
    total = ["", rng.choice(TOTAL_WORDS)] + [ctx.num(sum(c)) for c in cols] if has_total else None
    table = grid(headers, rows, total, numeric_from=2)
    title = rng.choice(["Thống kê thủ tục hành chính theo mức độ",
                        "DANH MỤC DỊCH VỤ CÔNG TRỰC TUYẾN", "Tổng hợp TTHC theo lĩnh vực"])
    content = filt + f'<div class="panel">{table}</div>'
    shell = Shell(rng.choice(ONESTOP_SYSTEMS), ("Trang chủ", "Thủ tục", "Thống kê", "Danh mục"),
                  menu_onestop(), 7, ("Thống kê", "Thủ tục hành chính"))
    return page(ctx, shell, title, content, end)


FAMILIES: dict[str, Callable[[Ctx], str]] = {
    "qlvb_stats_units": qlvb_stats_units,
    "outgoing_list": outgoing_list,
    "onestop_dashboard": onestop_dashboard,
    "dvc_by_field": dvc_by_field,
    "mail_admin": mail_admin,
    "staff_list": staff_list,
    "ict_report": ict_report,
    "dvc_levels": dvc_levels,
}
