"""HELD-OUT page families and wordings. DEVELOPERS OF THE EXTRACTION: DO NOT OPEN THIS
FILE, DO NOT LOOK AT ITS IMAGES OR AT HELD-OUT LABELS. The held-out split measures how
the extraction does on screens it was never tuned on; it is run by the lead at the end
and reported separately. Reading it makes it a development set.

Families: public-service statistics by unit, computer inventories, website article
statistics, online meeting lists, administrative procedures by service level. Also
the held-out wordings and fonts of the development families (``HELDOUT_WORDS``,
``HELDOUT_FONTS``), used for the ``heldout-variant`` samples.
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
    page,
    pagination,
    period_filter,
    split_total,
    tiles,
)
from bench.screens.families_dev import NAMES, ONESTOP_SYSTEMS, SUBUNITS

HELDOUT_FONTS = ("Liberation Serif", "Noto Serif", "Noto Sans Display")

HELDOUT_WORDS: dict[str, tuple[str, ...]] = {
    "period.from_to": ("Từ ngày|Tới ngày", "Thời gian từ|tới", "Bắt đầu|Kết thúc"),
    "period.sep": (" ~ ", " tới "),
    "period.time": ("Khoảng thời gian:", "Giai đoạn:"),
    "period.report": ("Kỳ tổng hợp", "Giai đoạn báo cáo"),
    "qlvb.group_incoming": ("Văn bản nhận", "Văn bản đến trong kỳ"),
    "qlvb.group_outgoing": ("Văn bản phát hành", "VB ban hành", "Văn bản đi trong kỳ"),
    "qlvb.sub_total": ("Tổng số VB", "Tổng số văn bản"),
    "qlvb.sub_digitized": ("Số hóa toàn văn", "Có bản số hóa"),
    "qlvb.sub_org": ("Ký số đơn vị", "Ký số của cơ quan, tổ chức", "CKS tổ chức"),
    "qlvb.sub_personal": ("Ký số của cá nhân", "Ký số người có thẩm quyền", "CKS cá nhân"),
    "qlvb.incoming": ("Số văn bản nhận", "VB đến trong kỳ", "Tiếp nhận văn bản đến"),
    "qlvb.outgoing": ("Số văn bản phát hành", "VB phát hành", "Văn bản ban hành"),
    "qlvb.signed": ("VB phát hành có chữ ký số", "Số VB đi ký điện tử", "Ký số (VB đi)"),
    "outlist.sigcol": ("Chữ ký điện tử", "Xác thực ký số"),
    "outlist.sum_total": ("Số văn bản phát hành", "Tổng VB đi trong kỳ"),
    "outlist.sum_signed": ("có chữ ký số", "ký điện tử"),
    "os.received": ("Tổng số hồ sơ nhận", "Hồ sơ đã nhận", "Nhận mới"),
    "os.online": ("Qua DVC trực tuyến", "Hồ sơ nộp online", "Nộp qua Cổng DVC"),
    "os.resolved": ("Hồ sơ đã trả kết quả", "Đã xử lý xong", "Hoàn thành"),
    "os.on_time": ("Trả đúng hạn", "Hoàn thành đúng hạn", "Đúng và trước hạn"),
    "os.late": ("Trả quá hạn", "Hoàn thành trễ hạn", "Chậm muộn"),
    "dvc.group_received": ("Số hồ sơ nhận giải quyết", "Hồ sơ nhận", "Tiếp nhận trong kỳ"),
    "dvc.group_resolved": ("Kết quả giải quyết", "Hồ sơ đã xử lý", "Đã trả kết quả"),
    "dvc.sub_total": ("Cộng", "Tổng số hồ sơ"),
    "dvc.sub_online": ("Trực tuyến (DVCTT)", "Online", "Qua mạng"),
    "dvc.sub_direct": ("Nộp trực tiếp", "Tại quầy", "Qua bưu chính và trực tiếp"),
    "dvc.sub_on_time": ("Trả đúng hạn", "Đúng và trước hạn"),
    "dvc.sub_late": ("Trả quá hạn", "Chậm hạn"),
    "mail.total": ("Số hộp thư được cấp", "Tổng số địa chỉ thư", "Tài khoản thư đã cấp"),
    "mail.active": ("Đang sử dụng", "Hoạt động", "Hộp thư đang hoạt động"),
    "staff.total": ("Tổng số cán bộ công chức viên chức", "Tổng số người",
                    "Tổng số CB, CC, VC"),
}

COMMUNES = ("UBND xã Quảng Đức", "UBND xã Quảng Sơn", "UBND xã Quảng Thành", "UBND xã Đường Hoa",
            "UBND thị trấn Quảng Hà", "UBND xã Quảng Long", "UBND xã Tiến Tới", "UBND xã Cái Chiên",
            "UBND xã Quảng Phong", "UBND xã Quảng Minh", "UBND xã Hồng Kim", "UBND xã A Ngo")
TOTAL_WORDS = ("Toàn huyện", "Tổng cộng toàn huyện", "Tổng cộng", "Cộng toàn đơn vị")


def _traps(ctx: Ctx, name: str, per_row: list[int]) -> None:
    for x in per_row:
        ctx.trap(name, x)


# ---------------------------------------------------------------- DVC by unit

def dvc_by_unit(ctx: Ctx) -> str:
    """Dossiers by commune: «Đã giải quyết» over «Tổng số | Đúng hạn | Quá hạn» and
    «Đang giải quyết» over «Trong hạn | Quá hạn» (two «Quá hạn» columns), a carried-over
    column, a district total row."""
    rng = ctx.rng
    filt, _start, end = period_filter(ctx)
    units = rng.sample(COMMUNES, rng.randint(5, 10))
    carried = [rng.randint(0, 80) for _ in units]
    rec = [rng.randint(20, 4000) for _ in units]
    onl = [rng.randint(0, r) for r in rec]
    res = [rng.randint(int(r * 0.75), r) for r in rec]
    late = [rng.randint(0, max(0, x // 12)) for x in res]
    ontime = [x - y for x, y in zip(res, late, strict=True)]
    pend = [r + c - x for r, c, x in zip(rec, carried, res, strict=True)]
    pend_late = [rng.randint(0, p // 5) for p in pend]
    pend_ok = [p - q for p, q in zip(pend, pend_late, strict=True)]
    headers = [[("TT", 1, 2), ("Đơn vị", 1, 2), ("Tồn kỳ trước", 1, 2),
                (rng.choice(["Tiếp nhận trong kỳ", "Hồ sơ tiếp nhận"]), 2, 1),
                ("Đã giải quyết", 3, 1), ("Đang giải quyết", 2, 1)],
               [("Tổng số", 1, 1), (rng.choice(["Trực tuyến", "Trong đó trực tuyến"]), 1, 1),
                ("Tổng số", 1, 1), (rng.choice(["Đúng hạn", "Trước hạn và đúng hạn"]), 1, 1),
                ("Quá hạn", 1, 1), ("Trong hạn", 1, 1), ("Quá hạn", 1, 1)]]
    cols = [carried, rec, onl, res, ontime, late, pend_ok, pend_late]
    names = ["", "dossiers_received", "dossiers_online", "dossiers_resolved",
             "dossiers_on_time", "dossiers_late", "", ""]
    rows = [[str(i + 1), u] + [ctx.num(c[i]) for c in cols] for i, u in enumerate(units)]
    total = ["", rng.choice(TOTAL_WORDS)] + [ctx.num(sum(c)) for c in cols]
    for name, c in zip(names, cols, strict=True):
        if name:
            ctx.fact(name, sum(c), ctx.num(sum(c)))
            _traps(ctx, name, c)
    ctx.trap("dossiers_late", sum(pend_late))
    ctx.trap("dossiers_received", sum(rec) + sum(carried))
    table = grid(headers, rows, total, numeric_from=2, total_first=rng.random() < 0.3)
    content = filt + f'<div class="panel">{table}</div>'
    title = rng.choice(["Tổng hợp tình hình giải quyết TTHC cấp xã",
                        "THỐNG KÊ HỒ SƠ THEO ĐƠN VỊ",
                        "Báo cáo kết quả giải quyết hồ sơ theo đơn vị"])
    shell = Shell(rng.choice(ONESTOP_SYSTEMS), ("Trang chủ", "Thống kê", "Tra cứu"),
                  menu_onestop(), 11, ("Báo cáo", "Theo đơn vị"))
    return page(ctx, shell, title, content, end)


# ---------------------------------------------------------------- computer inventory

def computer_inventory(ctx: Ctx) -> str:
    """Inventory of computers: a per-office summary with a total row (or key–value
    lines) and the asset list."""
    rng = ctx.rng
    offices = rng.sample(SUBUNITS, rng.randint(4, 8))
    desk = [rng.randint(2, 30) for _ in offices]
    lap = [rng.randint(0, 10) for _ in offices]
    tot = [a + b for a, b in zip(desk, lap, strict=True)]
    conn = [rng.randint(int(t * 0.7), t) for t in tot]
    total, connected = sum(tot), sum(conn)
    style = rng.choice(["table", "kv"])
    ctx.v.extra["summary"] = style
    if style == "table":
        summary = grid([[("Phòng, ban", 1, 1), ("Máy để bàn", 1, 1), ("Máy xách tay", 1, 1),
                         (rng.choice(["Tổng số máy tính", "Số máy tính"]), 1, 1),
                         (rng.choice(["Kết nối Internet", "Có kết nối mạng"]), 1, 1)]],
                       [[o, ctx.num(a), ctx.num(b), ctx.num(t), ctx.num(c)]
                        for o, a, b, t, c in zip(offices, desk, lap, tot, conn, strict=True)],
                       [rng.choice(["Tổng cộng", "Cộng", "Toàn cơ quan"]), ctx.num(sum(desk)),
                        ctx.num(sum(lap)), ctx.num(total), ctx.num(connected)])
        summary = f'<div class="panel">{summary}</div>'
    else:
        lines = [(rng.choice(["Tổng số máy tính", "Số lượng máy tính hiện có"]), total),
                 (rng.choice(["Máy tính kết nối Internet", "Số máy có kết nối Internet"]),
                  connected),
                 ("Máy chủ", rng.randint(1, 6)), ("Máy in", rng.randint(3, 40))]
        summary = '<div class="panel"><table class="kv">' + "".join(
            f"<tr><td>{esc(k)}</td><td><b>{ctx.num(v)}</b></td></tr>" for k, v in lines) + \
            "</table></div>"
    ctx.fact("computers_total", total, ctx.num(total))
    ctx.fact("computers_connected", connected, ctx.num(connected))
    _traps(ctx, "computers_total", tot)
    _traps(ctx, "computers_connected", conn)
    ctx.trap("computers_total", sum(desk))
    per_page = rng.choice([10, 15])
    rows = []
    for i in range(per_page):
        rows.append(f"<tr><td>{i + 1}</td><td>TS-{rng.randint(1000, 9999)}</td>"
                    f"<td>{rng.choice(['Máy tính để bàn', 'Máy tính xách tay'])}</td>"
                    f"<td>Core i{rng.choice([3, 5, 7])}, RAM {rng.choice([4, 8, 16])} GB</td>"
                    f"<td>{esc(rng.choice(offices))}</td><td>{rng.randint(2012, 2023)}</td>"
                    f"<td>{rng.choice(['Có', 'Có', 'Không'])}</td></tr>")
    table = ('<table class="grid"><tr><th>STT</th><th>Mã tài sản</th><th>Loại</th>'
             '<th>Cấu hình</th><th>Nơi sử dụng</th><th>Năm trang bị</th><th>Internet</th></tr>'
             + "".join(rows) + "</table>")
    end = date(rng.randint(2019, 2023), rng.randint(1, 12), rng.randint(1, 28))
    content = (summary + f'<div class="panel">{table}{pagination(ctx, 1, per_page, total)}'
               '</div>')
    title = rng.choice(["Danh mục thiết bị CNTT", "Thống kê máy tính", "Quản lý tài sản CNTT"])
    shell = Shell(rng.choice(["PHẦN MỀM QUẢN LÝ TÀI SẢN CÔNG", "QUẢN LÝ HẠ TẦNG CNTT"]),
                  ("Tài sản", "Thiết bị", "Báo cáo"),
                  ("#Tài sản", "Danh mục tài sản", "Máy tính", "Thiết bị mạng", "#Báo cáo",
                   "Báo cáo kiểm kê"), 2, ("Tài sản", "Máy tính"))
    return page(ctx, shell, title, content, end)


# ---------------------------------------------------------------- website articles

CATEGORIES = ("Tin tức - Sự kiện", "Chỉ đạo điều hành", "Cải cách hành chính", "Chuyển đổi số",
              "Văn hóa - Xã hội", "Kinh tế", "Thông báo", "Gương người tốt việc tốt")


def website_articles(ctx: Ctx) -> str:
    """Web portal statistics: articles by category with a total row, view counts and
    visitor tiles (numbers that are no facts)."""
    rng = ctx.rng
    filt, _start, end = period_filter(ctx)
    cats = rng.sample(CATEGORIES, rng.randint(4, 8))
    arts = [rng.randint(3, 400) for _ in cats]
    views = [rng.randint(500, 90000) for _ in cats]
    total = sum(arts)
    w = rng.choice(["Số tin bài", "Số bài viết", "Tin bài đã đăng", "Số tin, bài"])
    table = grid([[("STT", 1, 1), ("Chuyên mục", 1, 1), (w, 1, 1), ("Lượt xem", 1, 1)]],
                 [[str(i + 1), c, ctx.num(a), ctx.num(v)]
                  for i, (c, a, v) in enumerate(zip(cats, arts, views, strict=True))],
                 ["", rng.choice(["Tổng cộng", "Tổng", "Cộng"]), ctx.num(total),
                  ctx.num(sum(views))], numeric_from=2)
    ctx.fact("articles_published", total, ctx.num(total))
    _traps(ctx, "articles_published", arts)
    visits = rng.randint(10000, 3_000_000)
    cards = tiles(ctx, [("Lượt truy cập", ctx.num(visits)), ("Đang trực tuyến",
                                                             ctx.num(rng.randint(3, 300))),
                        ("Tin chờ duyệt", ctx.num(rng.randint(0, 25)))])
    ctx.trap("articles_published", visits)
    months = [f"Th{m}" for m in range(1, 13)]
    content = (filt + cards + f'<div class="panel">{table}</div>'
               + chart(ctx, "Số tin bài theo tháng", months,
                       [("Tin bài", split_total(rng, total, 12))]))
    title = rng.choice(["Thống kê tin bài theo chuyên mục", "Báo cáo hoạt động cổng thông tin",
                        "THỐNG KÊ BÀI VIẾT"])
    shell = Shell(rng.choice(["CỔNG THÔNG TIN ĐIỆN TỬ - QUẢN TRỊ", "Portal CMS",
                              "TRANG THÔNG TIN ĐIỆN TỬ"]),
                  ("Nội dung", "Chuyên mục", "Thống kê", "Người dùng"),
                  ("#Nội dung", "Tin bài", "Tin chờ duyệt", "Văn bản", "Hỏi đáp",
                   "#Thống kê", "Thống kê tin bài", "Lượt truy cập"), 6,
                  ("Thống kê", "Tin bài"))
    return page(ctx, shell, title, content, end)


# ---------------------------------------------------------------- online meetings

MEETINGS = ("Hội nghị giao ban trực tuyến", "Họp triển khai nhiệm vụ chuyển đổi số",
            "Hội nghị trực tuyến về cải cách hành chính", "Họp Ban chỉ đạo phòng chống dịch",
            "Hội nghị sơ kết 6 tháng", "Họp trực tuyến với các xã, thị trấn",
            "Hội nghị tập huấn phần mềm QLVB")


def online_meetings(ctx: Ctx) -> str:
    """List of online meetings (date and time, chair, connected points) with
    pagination; a summary line or tiles, or only the pagination count."""
    rng = ctx.rng
    filt, start, end = period_filter(ctx)
    total = rng.randint(8, 260)
    per_page = min(rng.choice([10, 15]), total)
    rows = []
    span = max((end - start).days, 1)
    first = None
    for i in range(per_page):
        d = end - timedelta(days=int(span * i / (per_page + 3)))
        first = first or d
        pts = rng.randint(2, 40)
        ctx.trap("online_meetings", pts)
        rows.append(f"<tr><td>{i + 1}</td><td>{esc(rng.choice(MEETINGS))}</td>"
                    f"<td>{dmy(d)} {rng.randint(7, 16):02d}:{rng.choice(['00', '30'])}</td>"
                    f"<td>{esc(rng.choice(NAMES))}</td><td class='n'>{pts}</td>"
                    f"<td>{rng.choice(['Trực tuyến', 'Kết hợp'])}</td></tr>")
    assert first is not None
    ctx.trap("document_date", first.isoformat())
    table = ('<table class="grid"><tr><th>STT</th><th>Tên cuộc họp</th><th>Thời gian</th>'
             '<th>Chủ trì</th><th>Số điểm cầu</th><th>Hình thức</th></tr>' + "".join(rows)
             + "</table>")
    style = rng.choice(["line", "tiles", "none"])
    ctx.v.extra["summary"] = style
    summary = ""
    w = rng.choice(["Tổng số cuộc họp trực tuyến", "Số cuộc họp trực tuyến", "Cuộc họp trực tuyến"])
    if style == "line":
        summary = f'<div class="panel">{esc(w)}: <b>{ctx.num(total)}</b></div>'
        ctx.fact("online_meetings", total, ctx.num(total))
    elif style == "tiles":
        summary = tiles(ctx, [(w, ctx.num(total)),
                              ("Điểm cầu tham gia", ctx.num(rng.randint(20, 900))),
                              ("Tháng này", ctx.num(rng.randint(0, 12)))])
        ctx.fact("online_meetings", total, ctx.num(total))
    else:
        ctx.need_review("online_meetings", total)
    content = (filt + summary + f'<div class="panel">{table}'
               f'{pagination(ctx, 1, per_page, total)}</div>')
    title = rng.choice(["Danh sách cuộc họp trực tuyến", "Lịch sử hội nghị truyền hình",
                        "Quản lý phòng họp trực tuyến"])
    shell = Shell(rng.choice(["HỆ THỐNG HỘI NGHỊ TRUYỀN HÌNH TRỰC TUYẾN", "Phòng họp không giấy"]),
                  ("Cuộc họp", "Lịch họp", "Tài liệu", "Báo cáo"),
                  ("#Cuộc họp", "Tạo cuộc họp", "Cuộc họp sắp tới", "Cuộc họp đã kết thúc",
                   "#Báo cáo", "Thống kê cuộc họp"), 3, ("Cuộc họp", "Đã kết thúc"))
    return page(ctx, shell, title, content, end)


# ---------------------------------------------------------------- TTHC by service level

def dvc_service_levels(ctx: Ctx) -> str:
    """Administrative procedures by level of online service: «Dịch vụ công trực tuyến»
    over «Mức độ 2 | Mức độ 3 | Mức độ 4», rows by field, a total row; or key–value
    lines."""
    rng = ctx.rng
    from bench.screens.families_dev import FIELDS

    fields = rng.sample(FIELDS, rng.randint(5, 9))
    l3 = [rng.randint(0, 30) for _ in fields]
    l4 = [rng.randint(0, 25) for _ in fields]
    l2 = [rng.randint(0, 20) for _ in fields]
    tot = [a + b + c + rng.randint(0, 15) for a, b, c in zip(l2, l3, l4, strict=True)]
    ctx.fact("services_total", sum(tot), ctx.num(sum(tot)))
    ctx.fact("services_level3", sum(l3), ctx.num(sum(l3)))
    ctx.fact("services_level4", sum(l4), ctx.num(sum(l4)))
    for name, c in (("services_total", tot), ("services_level3", l3), ("services_level4", l4)):
        _traps(ctx, name, c)
    ctx.trap("services_level3", sum(l2))
    ctx.trap("services_level4", sum(l3))
    if rng.random() < 0.7:
        mw = rng.choice(["Mức độ", "Mức"])
        headers = [[("STT", 1, 2), ("Lĩnh vực", 1, 2),
                    (rng.choice(["Tổng số TTHC", "Số thủ tục hành chính"]), 1, 2),
                    (rng.choice(["Dịch vụ công trực tuyến", "DVC trực tuyến"]), 3, 1)],
                   [(f"{mw} 2", 1, 1), (f"{mw} 3", 1, 1), (f"{mw} 4", 1, 1)]]
        body = grid(headers, [[str(i + 1), f, ctx.num(t), ctx.num(a), ctx.num(b), ctx.num(c)]
                              for i, (f, t, a, b, c) in
                              enumerate(zip(fields, tot, l2, l3, l4, strict=True))],
                    ["", rng.choice(["Tổng cộng", "Tổng số", "Cộng"]), ctx.num(sum(tot)),
                     ctx.num(sum(l2)), ctx.num(sum(l3)), ctx.num(sum(l4))], numeric_from=2)
        ctx.v.extra["layout"] = "table"
    else:
        body = ('<table class="kv">'
                f'<tr><td>Tổng số TTHC thuộc thẩm quyền:</td><td><b>{ctx.num(sum(tot))}</b></td>'
                f'</tr><tr><td>Trong đó: DVC trực tuyến mức độ 2:</td><td><b>{ctx.num(sum(l2))}'
                f'</b></td></tr><tr><td>DVC trực tuyến mức độ 3:</td><td><b>{ctx.num(sum(l3))}'
                f'</b></td></tr><tr><td>DVC trực tuyến mức độ 4:</td><td><b>{ctx.num(sum(l4))}'
                '</b></td></tr></table>')
        ctx.v.extra["layout"] = "kv"
    end = date(rng.randint(2019, 2023), rng.randint(1, 12), rng.randint(1, 28))
    note = (f'<div class="sub">Cập nhật đến ngày {dmy(end)}. Quyết định công bố số '
            f'{rng.randint(100, 3000)}/QĐ-UBND.</div>')
    ctx.trap("document_date", end.isoformat())
    ctx.trap("period_end", end.isoformat())
    content = note + f'<div class="panel">{body}</div>'
    title = rng.choice(["Danh mục thủ tục hành chính theo mức độ",
                        "THỐNG KÊ DỊCH VỤ CÔNG TRỰC TUYẾN",
                        "Tổng hợp TTHC và DVC trực tuyến"])
    shell = Shell(rng.choice(ONESTOP_SYSTEMS), ("Thủ tục", "Dịch vụ công", "Thống kê"),
                  menu_onestop(), 7, ("Dịch vụ công", "Thống kê mức độ"))
    return page(ctx, shell, title, content, end)


FAMILIES: dict[str, Callable[[Ctx], str]] = {
    "dvc_by_unit": dvc_by_unit,
    "computer_inventory": computer_inventory,
    "website_articles": website_articles,
    "online_meetings": online_meetings,
    "dvc_service_levels": dvc_service_levels,
}
