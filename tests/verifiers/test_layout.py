"""The layout model and the table rules on synthetic word boxes (no OCR: fast).

Pages are drawn as text rows: each cell is (x, text); words of a cell get boxes 8 px
apart, cells stand where their x says, rows 26 px apart, text 14 px high."""

from __future__ import annotations

from verifiers.extract.facts import TextLine, Token, extract, pages_of
from verifiers.ocr.tiles import tiles

H = 14


def page(rows: list[tuple[int, list[tuple[int, str]]]], conf: float = 95.0) -> list[TextLine]:
    """Each row: (y, [(x, cell text), …]); one OCR line per cell."""
    out = []
    for y, cells in rows:
        for x, text in cells:
            tokens, cx = [], float(x)
            for w in text.split():
                width = 8.0 * len(w)
                tokens.append(Token(w, conf, (cx, float(y), cx + width, float(y + H))))
                cx += width + 4
            out.append(TextLine(tokens, 1, "ocr"))
    return out


def facts_of(lines: list[TextLine]) -> dict[str, object]:
    return {f.name: f.value for f in extract(lines).facts}




def qlvb_table(total: str | None = "Tổng cộng", signed_total: str = "763") -> list[TextLine]:
    rows = [
        (100, [(40, "Báo cáo văn bản điện tử theo phòng ban")]),
        (140, [(500, "Văn bản đến"), (760, "Văn bản phát hành đi")]),
        (152, [(40, "STT"), (120, "Đơn vị")]),
        (166, [(460, "Số lượng"), (580, "Đã số hóa"), (720, "Số lượng"), (860, "Ký số")]),
        (200, [(44, "1"), (120, "Phòng Nội vụ"), (480, "412"), (600, "300"), (740, "398"),
               (880, "390")]),
        (226, [(44, "2"), (120, "Thanh tra huyện"), (480, "230"), (600, "200"), (740, "365"),
               (880, "373")]),
    ]
    if total:
        rows.append((252, [(120, total), (480, "642"), (600, "500"), (740, "763"),
                           (880, signed_total)]))
    return page(rows)


def test_rows_lines_and_a_two_level_header() -> None:
    (p,) = pages_of(qlvb_table())
    (t,) = p.tables
    assert [c.path for c in t.columns if c is not t.columns[t.index_col or 0]] == [
        ("Văn bản đến", "Số lượng"), ("Văn bản đến", "Đã số hóa"),
        ("Văn bản phát hành đi", "Số lượng"), ("Văn bản phát hành đi", "Ký số")]
    assert t.index_col == 0  # the STT column holds row numbers, never values
    assert t.labels == ("Phòng Nội vụ", "Thanh tra huyện", "Tổng cộng")


def test_the_units_value_is_the_total_rows_cell_under_its_header() -> None:
    f = {x.name: x for x in extract(qlvb_table()).facts}
    assert {n: f[n].value for n in ("incoming_total", "incoming_digitized", "outgoing_total",
                                    "outgoing_signed")} == {
        "incoming_total": 642, "incoming_digitized": 500, "outgoing_total": 763,
        "outgoing_signed": 763}
    src = f["outgoing_total"].source or {}
    assert src["kind"] == "cell" and src["row"] == "Tổng cộng" and src["total_row"]
    assert src["header"] == ["Văn bản phát hành đi", "Số lượng"]
    assert not f["incoming_total"].needs_review  # rows add up: checked


def test_a_total_that_does_not_add_up_goes_to_review() -> None:
    ex = extract(qlvb_table(signed_total="768"))
    f = {x.name: x for x in ex.facts}
    assert f["outgoing_signed"].value == 768 and f["outgoing_signed"].needs_review
    assert any(n.code == "FACT_CROSSCHECK_FAILED" for n in ex.notes)


def test_without_a_total_row_nothing_is_summed_silently() -> None:
    ex = extract(qlvb_table(total=None))
    f = {x.name: x for x in ex.facts}
    assert f["incoming_total"].value == 642 and f["incoming_total"].needs_review
    assert [c["value"] for c in (f["incoming_total"].source or {})["candidates"]] == [412, 230]
    assert any(n.code == "FACT_AMBIGUOUS" for n in ex.notes)


def test_the_total_row_may_come_first_and_be_called_toan_don_vi() -> None:
    rows = [
        (140, [(40, "Đơn vị"), (460, "Tổng số văn bản đến"), (700, "Văn bản đến số hóa")]),
        (170, [(40, "Toàn đơn vị"), (480, "1.203"), (720, "1.000")]),
        (196, [(40, "Phòng Nội vụ"), (480, "1.000"), (720, "900")]),
        (222, [(40, "Văn phòng"), (480, "203"), (720, "100")]),
    ]
    assert facts_of(page(rows)) == {"incoming_total": 1203, "incoming_digitized": 1000}


def test_side_menu_badges_and_navigation_are_chrome() -> None:
    menu = [(y, [(10, t)]) for y, t in ((80, "Văn bản đến 12"), (110, "Văn bản đi 3"),
                                       (140, "Hồ sơ công việc"), (170, "Thống kê"),
                                       (200, "Lịch công tác"), (230, "Danh bạ"))]
    body = [(80, [(300, "Tổng số văn bản đi: 1.245")]),
            (110, [(300, "Văn bản đi có ký số: 1.190")]),
            (140, [(300, "Lĩnh vực"), (600, "Số liệu")]), (170, [(300, "a"), (600, "b")]),
            (200, [(300, "c"), (600, "d")]), (230, [(300, "e f g"), (600, "h i")]),
            (260, [(300, "j"), (600, "k l m n o p")])]
    lines = page([(10, [(10, "HỆ THỐNG QLVB"), (300, "Trang chủ"), (420, "Văn bản"),
                        (540, "Báo cáo"), (660, "Nguyễn Văn An")]), *menu, *body])

    def menu_edge(_page: int, box: tuple[float, float, float, float]) -> bool:
        return box[0] <= 250 <= box[2]  # the menu's border, as the image shows it

    got = {f.name: f.value for f in extract(lines, menu_edge).facts}
    assert got == {"outgoing_total": 1245, "outgoing_signed": 1190}
    # without the image's evidence of a menu edge the same words are not split off
    assert "incoming_total" in {f.name for f in extract(lines).facts}


def test_tiles_with_wrapped_captions() -> None:
    rows = [(100, [(40, "12.716"), (240, "518"), (440, "10.818")]),
            (122, [(40, "Tiếp nhận hồ sơ"), (240, "Giải quyết"), (440, "Đã giải quyết")]),
            (138, [(240, "quá hạn")])]
    lines = page(rows)
    (p,) = pages_of(lines)
    caps = {t.value.text: t.label.text for t in tiles(p)}
    assert caps["518"] == "Giải quyết quá hạn"
    assert facts_of(lines) == {"dossiers_received": 12716, "dossiers_late": 518,
                               "dossiers_resolved": 10818}


def test_a_pagination_count_is_a_separate_doubtful_fact() -> None:
    rows = [(100, [(40, "STT"), (100, "Số, ký hiệu"), (400, "Trích yếu")]),
            (130, [(40, "1"), (100, "672/QĐ-UBND"), (400, "Kế hoạch tổ chức hội nghị")]),
            (160, [(40, "Hiển thị 1 - 20 trên tổng số 245 bản ghi")])]
    f = {x.name: x for x in extract(page(rows)).facts}
    assert set(f) == {"list_total"}
    assert f["list_total"].value == 245 and f["list_total"].needs_review


def test_unmapped_labels_are_kept_not_dropped() -> None:
    rows = [(100, [(40, "Dung lượng đã dùng (MB):"), (400, "588.781")]),
            (130, [(40, "Tổng số máy tính:"), (400, "57")])]
    ex = extract(page(rows))
    assert {f.name: f.value for f in ex.facts} == {"computers_total": 57}
    (u,) = ex.unmapped
    assert u.name == "" and u.value == 588781 and "Dung lượng" in u.raw and u.bbox


def test_a_ratio_column_confirms_or_doubts_its_row() -> None:
    def table(ratio: str) -> list[TextLine]:
        return page([(100, [(40, "Đơn vị"), (400, "Tổng số văn bản đi"), (600, "VB đi ký số"),
                            (800, "Tỷ lệ (%)")]),
                     (130, [(40, "Toàn đơn vị"), (420, "798"), (620, "763"), (820, ratio)])])
    good = {f.name: f for f in extract(table("95,6")).facts}
    bad = {f.name: f for f in extract(table("75,6")).facts}
    assert not good["outgoing_signed"].needs_review
    assert bad["outgoing_signed"].needs_review and bad["outgoing_total"].needs_review


def test_two_different_values_for_one_fact_go_to_review() -> None:
    rows = [(100, [(40, "Tổng số CBCCVC: 57")]), (300, [(40, "Tổng số CBCCVC: 75")])]
    (f,) = extract(page(rows)).facts
    assert f.needs_review and (f.source or {}).get("alternatives")


def dvc_table(groups: tuple[str, str],
              title: str = "Báo cáo tình hình giải quyết TTHC") -> list[TextLine]:
    """A public-service table whose second group header does not repeat «hồ sơ»."""
    rows = [
        (100, [(40, title)]),
        (140, [(460, groups[0]), (720, groups[1])]),
        (166, [(40, "Lĩnh vực"), (440, "Tổng"), (540, "Trực tuyến"), (700, "Tổng"),
               (800, "Đúng hạn"), (900, "Quá hạn")]),
        (200, [(40, "Hộ tịch"), (450, "1.154"), (550, "939"), (710, "1.027"), (810, "1.021"),
               (910, "6")]),
        (226, [(40, "Tư pháp"), (450, "65"), (550, "40"), (710, "55"), (810, "55"),
               (910, "0")]),
        (252, [(40, "Tổng số"), (450, "1.219"), (550, "979"), (710, "1.082"), (810, "1.076"),
               (910, "6")]),
    ]
    return page(rows)


def test_sibling_columns_count_what_the_table_header_names() -> None:
    f = {x.name: x for x in extract(dvc_table(("Số hồ sơ tiếp nhận", "Đã giải quyết"))).facts}
    assert {n: f[n].value for n in ("dossiers_received", "dossiers_online", "dossiers_resolved",
                                    "dossiers_on_time", "dossiers_late")} == {
        "dossiers_received": 1219, "dossiers_online": 979, "dossiers_resolved": 1082,
        "dossiers_on_time": 1076, "dossiers_late": 6}
    assert not f["dossiers_resolved"].needs_review and not f["dossiers_late"].needs_review


def test_a_header_naming_two_things_lends_neither() -> None:
    # «Văn bản đến» and «Hồ sơ tiếp nhận»: «Đã giải quyết / Tổng» stays unmapped (under a
    # title that names no subject: a report on resolving TTHC names dossiers for the page)
    ex = extract(dvc_table(("Văn bản đến hồ sơ tiếp nhận", "Đã giải quyết"),
                           title="Bảng tổng hợp số liệu"))
    assert "dossiers_resolved" not in {x.name for x in ex.facts}
    assert any(u.value == 1082 for u in ex.unmapped)


def test_an_empty_total_cell_is_located_for_a_second_read() -> None:
    from verifiers.extract.facts import totals_without_value

    # the page read lost the «Quá hạn» cell of the total row (small text on a shade)
    lines = [ln for ln in dvc_table(("Số hồ sơ tiếp nhận", "Đã giải quyết"))
             if (ln.box() or (0, 0))[:2] != (910.0, 252.0)]
    ex = extract(lines)
    assert "dossiers_late" not in {f.name for f in ex.facts}
    ((fact, label, _page, boxes, read),) = totals_without_value(lines, list(ex.facts))
    assert fact == "dossiers_late" and label == "Đã giải quyết / Quá hạn / Tổng số"
    assert read == 6  # the rows read add up to this: the cell read again must say it
    ((x0, y0, _x1, y1),) = boxes
    assert (y0, y1) == (252, 252 + H)
    assert 810 + 8 * 5 < x0 < 910  # right of the «Đúng hạn» total, never over it


def test_a_column_of_no_fact_is_not_read_again() -> None:
    from verifiers.extract.facts import totals_without_value

    lines = [ln for ln in dvc_table(("Số hồ sơ tiếp nhận", "Đang giải quyết"))
             if (ln.box() or (0, 0))[:2] != (910.0, 252.0)]
    assert totals_without_value(lines, list(extract(lines).facts)) == []


def test_a_wide_group_keeps_its_first_column_that_stands_nearer_a_narrow_groups_centre(
) -> None:
    # «Văn bản đến» over two columns, «Văn bản đi» over three: the outgoing «Tổng số»
    # stands nearer the incoming group's centre than its own group's
    rows = [
        (140, [(474, "Văn bản đến"), (830, "Văn bản đi")]),
        (152, [(40, "STT"), (120, "Đơn vị")]),
        (166, [(440, "Tổng số"), (540, "Số hóa"), (640, "Tổng số"), (800, "Ký số cơ quan"),
               (1000, "Ký số cá nhân")]),
        (200, [(44, "1"), (120, "Phòng Nội vụ"), (465, "412"), (560, "300"), (660, "398"),
               (860, "390"), (1060, "200")]),
        (226, [(44, "2"), (120, "Thanh tra huyện"), (465, "230"), (560, "200"), (660, "365"),
               (860, "300"), (1060, "100")]),
        (252, [(120, "Tổng cộng"), (465, "642"), (560, "500"), (660, "763"), (860, "690"),
               (1060, "300")]),
    ]
    (t,) = pages_of(page(rows))[0].tables
    assert [c.path for k, c in enumerate(t.columns) if k != t.index_col] == [
        ("Văn bản đến", "Tổng số"), ("Văn bản đến", "Số hóa"), ("Văn bản đi", "Tổng số"),
        ("Văn bản đi", "Ký số cơ quan"), ("Văn bản đi", "Ký số cá nhân")]
    f = {x.name: x for x in extract(page(rows)).facts}
    assert f["incoming_total"].value == 642 and not f["incoming_total"].needs_review
    assert f["outgoing_total"].value == 763 and not f["outgoing_total"].needs_review


def _computers(third: list[tuple[int, str]], y3: int = 222) -> list[TextLine]:
    return page([
        (140, [(40, "Đơn vị"), (460, "Máy tính hiện có"), (700, "Kết nối mạng")]),
        (170, [(40, "Thanh tra huyện"), (480, "51"), (720, "50")]),
        (196, [(40, "Đội Quản lý trật tự đô thị"), (480, "14"), (720, "10")]),
        (y3, third),
        (248, [(40, "Ban Quản lý dự án"), (480, "32"), (720, "22")]),
        (274, [(40, "Toàn đơn vị"), (480, "105"), (720, "87")]),
    ])


def test_a_row_whose_figures_were_not_read_is_no_wrapped_label() -> None:
    # the third row's cells unread (a dark theme): a row of its own, one row pitch
    # from its neighbours, so the total row cannot be checked against the rows
    (t,) = pages_of(_computers([(40, "Phòng Nông nghiệp và PTNT")]))[0].tables
    assert t.labels == ("Thanh tra huyện", "Đội Quản lý trật tự đô thị",
                        "Phòng Nông nghiệp và PTNT", "Ban Quản lý dự án", "Toàn đơn vị")
    f = {x.name: x for x in extract(_computers([(40, "Phòng Nông nghiệp và PTNT")])).facts}
    assert f["computers_total"].value == 105
    assert "not checked" in " ".join((f["computers_total"].source or {}).get("doubts", []))
    # read, the same row adds up and confirms the total
    f = {x.name: x for x in extract(_computers([(40, "Phòng Nông nghiệp và PTNT"),
                                                (480, "8"), (720, "5")])).facts}
    assert (f["computers_total"].source or {}).get("check") == "total = sum of rows"


def test_a_label_wrapped_under_its_row_stays_that_rows_label() -> None:
    # the second line of a wrapped label, a line spacing under the first
    rows = [
        (140, [(40, "Đơn vị"), (460, "Máy tính hiện có"), (700, "Kết nối mạng")]),
        (170, [(40, "Thanh tra huyện"), (480, "51"), (720, "50")]),
        (196, [(40, "Trung tâm Phục vụ"), (480, "14"), (720, "10")]),
        (212, [(40, "hành chính công")]),
        (240, [(40, "Ban Quản lý dự án"), (480, "32"), (720, "22")]),
        (266, [(40, "Toàn đơn vị"), (480, "97"), (720, "82")]),
    ]
    (t,) = pages_of(page(rows))[0].tables
    assert t.labels[1] == "Trung tâm Phục vụ hành chính công" and len(t.labels) == 4
    f = {x.name: x for x in extract(page(rows)).facts}
    assert (f["computers_total"].source or {}).get("check") == "total = sum of rows"


def test_rows_above_the_first_figures_belong_to_the_table_under_its_header() -> None:
    # the first row's figures unread: the header still stands over the table, the row
    # is one of its rows (the total cannot be checked), and a border read as marks
    # between two rows does not cut the table in two
    rows = [
        (140, [(40, "Lĩnh vực"), (460, "Tổng số TTHC"), (700, "Mức độ 3")]),
        (170, [(40, "Xuất bản, In và Phát hành")]),
        (196, [(40, "Bảo trợ xã hội"), (480, "18"), (720, "7")]),
        (210, [(300, "—=——=^~")]),
        (222, [(40, "Tư pháp"), (480, "40"), (720, "12")]),
        (248, [(40, "Toàn đơn vị"), (480, "74"), (720, "23")]),
    ]
    (t,) = pages_of(page(rows))[0].tables
    assert t.labels == ("Xuất bản, In và Phát hành", "Bảo trợ xã hội", "Tư pháp", "Toàn đơn vị")
    assert [c.path for c in t.columns] == [("Tổng số TTHC",), ("Mức độ 3",)]
    f = {x.name: x for x in extract(page(rows)).facts}
    assert f["services_total"].value == 74 and f["services_level3"].value == 23
    assert "not checked" in " ".join((f["services_total"].source or {}).get("doubts", []))


def test_a_row_of_figures_between_its_labels_two_lines() -> None:
    # «Phòng Giáo dục và» over the figures, «Đào tạo» under them: one row, no header
    rows = [
        (130, [(40, "Đơn vị"), (460, "Số VB đến"), (700, "Số VB đi")]),
        (160, [(40, "Phòng Giáo dục và")]),
        (168, [(480, "412"), (720, "300")]),
        (176, [(40, "Đào tạo")]),
        (210, [(40, "Phòng Nội vụ"), (480, "230"), (720, "200")]),
        (236, [(40, "Tổng cộng"), (480, "642"), (720, "500")]),
    ]
    (t,) = pages_of(page(rows))[0].tables
    assert t.labels == ("Phòng Giáo dục và Đào tạo", "Phòng Nội vụ", "Tổng cộng")
    assert [c.path for c in t.columns] == [("Số VB đến",), ("Số VB đi",)]
    f = {x.name: x for x in extract(page(rows)).facts}
    assert f["incoming_total"].value == 642 and not f["incoming_total"].needs_review


def _big(y: int, cells: list[tuple[int, str]], height: int) -> list[TextLine]:
    return [TextLine([Token(t, 95.0, (float(x), float(y), float(x + 14 * len(t)),
                                      float(y + height)))], 1, "ocr") for x, t in cells]


def test_cards_whose_caption_stands_above_their_big_figure_are_tiles_not_a_table() -> None:
    lines = [*page([(100, [(40, "Tiếp nhận hôm nay"), (300, "HS tiếp nhận"),
                           (560, "HS đã giải quyết")])]),
             *_big(124, [(40, "3"), (300, "5.405"), (560, "4.401")], 24)]
    (p,) = pages_of(lines)
    assert not p.tables
    assert {t.value.text: (t.label.text, t.where) for t in tiles(p)}["5.405"] == (
        "HS tiếp nhận", "above")
    f = {x.name: x for x in extract(lines).facts}
    assert f["dossiers_received"].value == 5405 and f["dossiers_resolved"].value == 4401
    # the same figures no bigger than the text over them: a table under its header
    (p,) = pages_of([*page([(100, [(40, "Tiếp nhận hôm nay"), (300, "HS tiếp nhận"),
                                   (560, "HS đã giải quyết")])]),
                     *_big(124, [(40, "3"), (300, "5.405"), (560, "4.401")], 14)])
    assert len(p.tables) == 1


def test_chart_ticks_level_with_bar_labels_are_chrome_and_the_users_name_too() -> None:
    rows = [(10, [(900, "Xin chào, Nguyễn Văn Hùng")]),
            (318, [(40, "Tình hình tiếp nhận và giải quyết hồ sơ")]),
            (330, [(40, "800")]),
            (385, [(40, "600"), (120, "575"), (260, "569")]),
            (440, [(40, "400"), (190, "431")]),
            (495, [(40, "200")]),
            (550, [(48, "0")]),
            (570, [(100, "T1"), (180, "T2"), (260, "T3")])]
    (p,) = pages_of(page(rows))
    chrome = {ln.text for ln in p.lines() if ln.id in p.chrome}
    assert {"800", "600", "400", "200", "575", "431", "Xin chào, Nguyễn Văn Hùng"} <= chrome
    assert "Tình hình tiếp nhận và giải quyết hồ sơ" not in chrome  # the page's context
    assert not p.tables and not tiles(p)
    # a row-number column rises down the page: no axis
    rows = [(140, [(40, "STT"), (120, "Đơn vị"), (460, "Số VB đến")]),
            *[(170 + 26 * k, [(44, str(k + 1)), (120, f"Phòng {k + 1}"), (480, str(10 + k))])
              for k in range(4)]]
    (p,) = pages_of(page(rows))
    assert not p.chrome and len(p.tables) == 1


def test_a_level_number_stays_with_its_word_and_a_short_wrapped_header_joins() -> None:
    # a rule seen between «Mức độ» and «4» (a header's background) cuts no cell; «Trễ»
    # (no descender) over «hạn» (no accent) is one wrapped header, not a group
    lines = page([
        (140, [(460, "Tổng số TTHC"), (640, "Mức độ 3"), (800, "Mức độ 4"), (960, "Trễ")]),
        (156, [(972, "hạn")]),
        (190, [(40, "Tư pháp"), (480, "40"), (660, "12"), (820, "9"), (975, "1")]),
        (216, [(40, "Hộ tịch"), (480, "30"), (660, "10"), (820, "8"), (975, "2")]),
        (242, [(40, "Tổng"), (480, "70"), (660, "22"), (820, "17"), (975, "3")]),
    ])
    for ln in lines:  # «hạn» sits 3 px lower than a wrapped line's box would
        if ln.text == "hạn":
            ln.tokens[0].box = (972.0, 159.0, 996.0, 169.0)

    def in_level_cells(_page: int, box: tuple[float, float, float, float]) -> bool:
        return 640 <= box[0] < 900 and box[1] < 160  # a dark header's edge, seen as a rule

    (t,) = pages_of(lines, in_level_cells)[0].tables
    assert [c.path for c in t.columns] == [("Tổng số TTHC",), ("Mức độ 3",), ("Mức độ 4",),
                                           ("Trễ hạn",)]
    assert len(t.rows) == 3


def test_a_rowspan_header_wrapped_up_into_the_group_row_has_no_group() -> None:
    rows = [
        (140, [(40, "Lĩnh vực"), (628, "Đã giải quyết"), (800, "Đang")]),
        (156, [(800, "giải")]),
        (172, [(600, "Đúng hạn"), (700, "Quá hạn"), (800, "quyết")]),
        (200, [(40, "Tư pháp"), (620, "40"), (720, "2"), (810, "9")]),
        (226, [(40, "Hộ tịch"), (620, "30"), (720, "1"), (810, "8")]),
        (252, [(40, "Tổng cộng"), (620, "70"), (720, "3"), (810, "17")]),
    ]
    (t,) = pages_of(page(rows))[0].tables
    assert [c.path for c in t.columns] == [("Đã giải quyết", "Đúng hạn"),
                                           ("Đã giải quyết", "Quá hạn"), ("Đang giải quyết",)]


def test_a_group_header_close_over_a_wrapped_header_is_no_part_of_it() -> None:
    # «Văn bản đến» a line spacing over «Tổng» / «số»: it stands over «Đã số» too
    rows = [
        (140, [(440, "Văn bản đến"), (668, "VB đi")]),
        (154, [(440, "Tổng"), (500, "Đã số"), (640, "Tổng"), (700, "Ký số")]),
        (168, [(446, "số"), (506, "hóa"), (646, "số"), (706, "tổ chức")]),
        (200, [(40, "Phòng Nội vụ"), (450, "412"), (510, "300"), (650, "98"), (710, "90")]),
        (226, [(40, "Thanh tra huyện"), (450, "230"), (510, "200"), (650, "65"), (710, "60")]),
        (252, [(40, "Tổng cộng"), (450, "642"), (510, "500"), (650, "163"), (710, "150")]),
    ]
    (t,) = pages_of(page(rows))[0].tables
    assert [c.path for c in t.columns] == [
        ("Văn bản đến", "Tổng số"), ("Văn bản đến", "Đã số hóa"), ("VB đi", "Tổng số"),
        ("VB đi", "Ký số tổ chức")]


def test_cards_whose_figures_stand_at_two_heights_are_no_table() -> None:
    # captions wrapped over two lines lift their card's figure: two rows of figures
    lines = [*_big(100, [(40, "21.190"), (560, "17.392")], 24),
             *_big(114, [(300, "23.310"), (820, "959")], 24),
             *page([(134, [(40, "Đã giải"), (560, "Nộp trực")]),
                    (142, [(300, "HS tiếp nhận"), (820, "Quá hạn")]),
                    (150, [(40, "quyết"), (560, "tuyến")])])]
    (p,) = pages_of(lines)
    assert not p.tables
    caps = {t.value.text: t.label.text for t in tiles(p)}
    assert caps["21.190"] == "Đã giải quyết" and caps["23.310"] == "HS tiếp nhận"
    assert caps["959"] == "Quá hạn"


def test_a_caption_wrapped_above_its_figure_is_read_whole() -> None:
    lines = [*page([(84, [(40, "Hồ sơ đã"), (300, "Trước và đúng")]),
                    (100, [(40, "giải quyết"), (300, "hạn"), (560, "Nộp trực tuyến")])]),
             *_big(124, [(40, "611"), (300, "597"), (560, "580")], 24)]
    (p,) = pages_of(lines)
    caps = {t.value.text: t.label.text for t in tiles(p)}
    assert caps == {"611": "Hồ sơ đã giải quyết", "597": "Trước và đúng hạn",
                    "580": "Nộp trực tuyến"}


def test_a_top_bar_with_a_badge_and_a_date_starts_no_table_over_a_key_value_list() -> None:
    rows = [(20, [(200, "TỬ CÔNG VỤ"), (320, "Hộp thư"), (420, "Quản trị"), (520, "Thống kê"),
                  (620, "Thông báo"), (700, "5"), (900, "Thứ Ba, ngày 7 tháng 11 năm 2023")]),
            (40, [(900, "Đăng nhập lúc 06/11/2023 10:14")]),
            (70, [(200, "Trang chủ › Quản trị › Tài khoản")]),
            (92, [(200, "Quản trị tài khoản thư điện tử")]),
            (114, [(200, "UBND huyện Hải Hà")]),
            (150, [(210, "Dung lượng đã dùng (MB):"), (400, "81.725")]),
            (172, [(210, "Số tài khoản thư công vụ:"), (400, "662")]),
            (194, [(210, "Đã khóa:"), (400, "126")]),
            (216, [(210, "Đang hoạt động:"), (400, "536")])]
    # a line without boxes keeps the rows in reading order, the top bar not first
    lines = [*page(rows[5:]), TextLine([Token("Quản trị", 90.0, None)], 1, "ocr"),
             *page(rows[:5])]
    f = {x.name: x.value for x in extract(lines).facts}
    assert f["email_accounts"] == 662 and f["email_accounts_active"] == 536
    (p,) = pages_of(lines)
    assert all("Trang chủ" not in lab for t in p.tables for lab in t.labels)


def test_one_row_of_a_sub_unit_table_is_never_sure_even_without_its_name() -> None:
    # the label column says «Đơn vị» and the one row's name was lost (a wrapped label
    # split off, as on a printed page's text layer): the figure may be one office's
    rows = [
        (130, [(40, "Đơn vị"), (460, "Chữ ký số cơ quan"), (700, "Chữ ký số cá nhân")]),
        (168, [(480, "553"), (720, "421")]),
    ]
    f = {x.name: x for x in extract(page(rows)).facts}
    assert f["outgoing_signed_org"].value == 553 and f["outgoing_signed_org"].needs_review
    assert f["outgoing_signed_personal"].needs_review
    assert "one row" in " ".join((f["outgoing_signed_org"].source or {}).get("doubts", []))


def test_a_row_label_wrapped_before_its_figures_keeps_the_table_going() -> None:
    # «Lao động - | Thương | binh và Xã | hội»: the label's first two lines stand above the
    # row's figures, the first a cell's padding under the row before (dev seed 5150):
    # the row and the total row under it stay in the table
    rows = [
        (100, [(40, "Lĩnh vực"), (400, "Hồ sơ tiếp nhận"), (560, "Đã giải quyết")]),
        (130, [(40, "Bưu chính"), (410, "2480"), (570, "1762")]),
        (160, [(40, "Chứng thực"), (410, "379"), (570, "288")]),
        (190, [(40, "Lao động -")]),
        (208, [(40, "Thương")]),
        (218, [(410, "1130"), (570, "947")]),
        (224, [(40, "binh và Xã")]),
        (241, [(40, "hội")]),
        (268, [(40, "Toàn đơn vị"), (410, "3989"), (570, "2997")]),
    ]
    f = {x.name: x for x in extract(page(rows)).facts}
    assert f["dossiers_received"].value == 3989 and not f["dossiers_received"].needs_review
    assert f["dossiers_resolved"].value == 2997
