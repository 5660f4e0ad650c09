"""What a table's rows say about its total row: rows that are kinds of one thing, a ratio
column's formula, and a row cell the page's read missed or misread.

The first tests draw ruled tables with Pillow and read them with the real Tesseract;
the others build word boxes by hand (fast) for the cases a drawing cannot pin down."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

from tests.verifiers.test_layout import page
from verifiers.extract.facts import TextLine, extract
from verifiers.ocr.read import read_image

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def drawn_table(rows: list[list[str]], widths: list[int], title: str = "",
                below: str = "") -> bytes:
    """A ruled table, the first row its header, label column left and figures right
    aligned, as a screen shows it; PNG bytes."""
    font = ImageFont.truetype(FONT, 15)
    pad, rh = 40, 34
    top = 80 if title else 40
    w = pad * 2 + sum(widths)
    h = top + rh * len(rows) + (80 if below else 40)
    img = Image.new("RGB", (w, h), "white")
    d = ImageDraw.Draw(img)
    if title:
        d.text((pad, 30), title, font=font, fill="black")
    for i, row in enumerate(rows):
        y = top + i * rh
        x = pad
        for j, (text, cw) in enumerate(zip(row, widths, strict=True)):
            d.rectangle((x, y, x + cw, y + rh), outline=(190, 190, 190))
            tw = d.textlength(text, font=font)
            tx = x + 8 if j == 0 or i == 0 else x + cw - 8 - tw
            d.text((tx, y + 8), text, font=font, fill="black")
            x += cw
    if below:
        d.text((pad, top + rh * len(rows) + 30), below, font=font, fill="black")
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def facts_read(png: bytes) -> dict[str, object]:
    return {f.name: f for f in extract(read_image(png).lines).facts}


def test_a_total_row_over_kinds_of_staff_is_the_staff_total() -> None:
    # «Số lượng» says nothing and the total row says only «Toàn đơn vị»: the rows,
    # all kinds of staff, say what the total counts
    png = drawn_table([["Loại", "Số lượng"], ["Cán bộ", "33"], ["Công chức", "61"],
                       ["Viên chức", "492"], ["Toàn đơn vị", "586"]], [420, 300],
                      title="Danh sách cán bộ, công chức, viên chức",
                      below="Có 586 kết quả")
    f = facts_read(png)
    assert f["staff_total"].value == 586  # type: ignore[attr-defined]
    assert not f["staff_total"].needs_review  # type: ignore[attr-defined]
    assert (f["staff_total"].source or {}).get("check") == "total = sum of rows"  # type: ignore[attr-defined]


def test_a_misread_ratio_does_not_doubt_totals_their_columns_confirm() -> None:
    # the total row's ratio reads «4,7» (74,7 on the page): the rows give the formula
    # (signed / outgoing), the columns add up, so the ratio cell is the misread one
    png = drawn_table([["Đơn vị", "VB đi", "VB đi ký số", "Tỷ lệ ký số (%)"],
                       ["Phòng Nội vụ", "601", "509", "84,7"],
                       ["Thanh tra huyện", "751", "589", "78,4"],
                       ["Văn phòng", "256", "254", "99,2"],
                       ["Cộng", "1.608", "1.352", "4,7"]], [300, 160, 180, 200],
                      title="Thống kê văn bản đi")
    f = facts_read(png)
    assert f["outgoing_total"].value == 1608 and f["outgoing_signed"].value == 1352  # type: ignore[attr-defined]
    assert not f["outgoing_total"].needs_review  # type: ignore[attr-defined]
    assert not f["outgoing_signed"].needs_review  # type: ignore[attr-defined]


# ---------------------------------------------------------------- word boxes by hand

def facts_of(lines: list[TextLine]) -> dict[str, object]:
    return {f.name: f for f in extract(lines).facts}


def kinds_table(labels: list[str], header: str = "Loại") -> list[TextLine]:
    rows = [(100, [(40, header), (400, "Số lượng")])]
    for i, (lab, v) in enumerate(zip(labels, ["22", "34", "283", "339"], strict=False)):
        rows.append((130 + 26 * i, [(40, lab), (420, v)]))
    return page(rows)


def test_a_total_row_over_sub_units_is_no_fact() -> None:
    # names of offices hold words no concept says: their total counts nothing known
    ex = extract(kinds_table(["Phòng Nội vụ", "Thư viện huyện", "Văn phòng", "Tổng cộng"]))
    assert "staff_total" not in {f.name for f in ex.facts}
    # and a label column headed «Đơn vị» says its rows are sub-units, whatever they say
    ex = extract(kinds_table(["Cán bộ", "Công chức", "Viên chức", "Tổng cộng"],
                             header="Đơn vị"))
    assert "staff_total" not in {f.name for f in ex.facts}


def test_kinds_that_do_not_add_up_go_to_review() -> None:
    f = facts_of(page([(100, [(40, "Loại"), (400, "Số lượng")]),
                       (130, [(40, "Cán bộ"), (420, "22")]),
                       (156, [(40, "Công chức"), (420, "34")]),
                       (182, [(40, "Viên chức"), (420, "283")]),
                       (208, [(40, "Tổng cộng"), (420, "349")])]))
    assert f["staff_total"].value == 349 and f["staff_total"].needs_review  # type: ignore[attr-defined]


def _dvc(rows: list[list[str]]) -> list[TextLine]:
    """Received = online + direct per row; cells "" are not read."""
    xs = [40, 420, 540, 660]
    out = [(100, [(420, "Số hồ sơ tiếp nhận")]),
           (126, [(40, "Lĩnh vực"), (420, "Tổng số"), (540, "Trực tuyến"), (660, "Trực tiếp")])]
    for i, row in enumerate(rows):
        out.append((160 + 26 * i, [(x, t) for x, t in zip(xs, row, strict=True) if t]))
    return page(out)


def test_an_unread_row_cell_given_by_its_rows_arithmetic_still_checks_the_total() -> None:
    f = facts_of(_dvc([["Hộ tịch", "121", "81", ""], ["Tư pháp", "303", "5", "298"],
                       ["Đất đai", "852", "369", "483"], ["Tổng số", "1276", "455", "821"]]))
    assert f["dossiers_direct"].value == 821  # type: ignore[attr-defined]
    assert "arithmetic" in (f["dossiers_direct"].source or {}).get("check", "")  # type: ignore[attr-defined]


def test_an_unread_cell_the_row_cannot_give_leaves_the_total_unchecked() -> None:
    # the direct cell of «Hộ tịch» is unread and so is its received: nothing gives it
    f = facts_of(_dvc([["Hộ tịch", "", "81", ""], ["Tư pháp", "303", "5", "298"],
                       ["Đất đai", "852", "369", "483"], ["Tổng số", "1276", "455", "821"]]))
    assert not (f["dossiers_direct"].source or {}).get("check", "").startswith("total")  # type: ignore[attr-defined]


def test_one_misread_row_its_own_arithmetic_corrects_checks_the_total() -> None:
    # «Đất đai» received read 825 for 852: online + direct give 852, and with it the
    # column adds up to the total
    f = facts_of(_dvc([["Hộ tịch", "121", "81", "40"], ["Tư pháp", "303", "5", "298"],
                       ["Đất đai", "825", "369", "483"], ["Tổng số", "1276", "455", "821"]]))
    assert f["dossiers_received"].value == 1276 and not f["dossiers_received"].needs_review  # type: ignore[attr-defined]
    # a total that is wrong stays doubted: no one row's arithmetic makes it add up
    f = facts_of(_dvc([["Hộ tịch", "121", "81", "40"], ["Tư pháp", "303", "5", "298"],
                       ["Đất đai", "852", "369", "483"], ["Tổng số", "1376", "455", "821"]]))
    assert f["dossiers_received"].needs_review  # type: ignore[attr-defined]


def _signed(ratio_total: str, signed_total: str = "1352") -> list[TextLine]:
    rows = [(100, [(40, "Đơn vị"), (400, "Tổng số văn bản đi"), (600, "VB đi ký số"),
                   (800, "Tỷ lệ (%)")]),
            (130, [(40, "Phòng Nội vụ"), (420, "601"), (620, "509"), (820, "84,7")]),
            (156, [(40, "Thanh tra huyện"), (420, "751"), (620, "589"), (820, "78,4")]),
            (182, [(40, "Văn phòng"), (420, "256"), (620, "254"), (820, "99,2")]),
            (208, [(40, "Cộng"), (420, "1.608"), (620, signed_total), (820, ratio_total)])]
    return page(rows)


def test_a_ratio_that_contradicts_an_unconfirmed_cell_still_doubts_it() -> None:
    # the signed total misread 1.852: its column does not add up, nor does the ratio
    f = facts_of(_signed("84,1", signed_total="1.852"))
    assert f["outgoing_signed"].needs_review  # type: ignore[attr-defined]
    # the ratio is right and the columns add up: all sure
    f = facts_of(_signed("84,1"))
    assert not f["outgoing_signed"].needs_review and not f["outgoing_total"].needs_review  # type: ignore[attr-defined]
    # the ratio misread, the columns add up: the ratio cell is the misread one
    f = facts_of(_signed("8,41"))
    assert not f["outgoing_signed"].needs_review and not f["outgoing_total"].needs_review  # type: ignore[attr-defined]


def test_a_column_of_totals_that_lost_its_group_header_is_the_whole_its_rows_add_up_to(
) -> None:
    # «Tổng» lost «Số hồ sơ tiếp nhận» above it: on every row it is online + direct
    rows = [(100, [(40, "Báo cáo giải quyết hồ sơ")]),
            (126, [(40, "Lĩnh vực"), (420, "Tổng"), (540, "Trực tuyến"), (660, "Trực tiếp")])]
    data = [["Hộ tịch", "121", "81", "40"], ["Tư pháp", "303", "5", "298"],
            ["Đất đai", "852", "369", "483"], ["Tổng số", "1276", "455", "821"]]
    xs = [40, 420, 540, 660]
    rows += [(160 + 26 * i, list(zip(xs, r, strict=True))) for i, r in enumerate(data)]
    f = facts_of(page(rows))
    assert f["dossiers_received"].value == 1276 and not f["dossiers_received"].needs_review  # type: ignore[attr-defined]
    # a «Tổng» column that is no such sum stays unmapped
    data[1][1] = "310"
    data[2][1] = "860"
    rows = rows[:2] + [(160 + 26 * i, list(zip(xs, r, strict=True))) for i, r in enumerate(data)]
    assert "dossiers_received" not in facts_of(page(rows))


# ------------------------------------------- an adversarial review's cases: never sure

def cells(rows: list[tuple[int, list[tuple[int, str]]]],
          confs: dict[tuple[int, int], float] | None = None) -> list[TextLine]:
    """``page`` with some cells read at a lower confidence: {(y, x): conf}."""
    out = []
    for y, row in rows:
        for x, text in row:
            out += page([(y, [(x, text)])], conf=(confs or {}).get((y, x), 95.0))
    return out


def grid(title: str, header: list[str], data: list[list[str]], xs: list[int],
         group: list[tuple[int, str]] | None = None,
         confs: dict[tuple[int, int], float] | None = None) -> list[TextLine]:
    """A title, a group header, a header and data rows 26 apart from y=130."""
    rows: list[tuple[int, list[tuple[int, str]]]] = []
    if title:
        rows.append((40, [(40, title)]))
    if group:
        rows.append((74, group))
    rows.append((100, [(x, t) for x, t in zip(xs, header, strict=True) if t]))
    rows += [(130 + 26 * i, [(x, t) for x, t in zip(xs, r, strict=True) if t])
             for i, r in enumerate(data)]
    return cells(rows, confs)


def sure_and_wrong(lines: list[TextLine], name: str, true: object) -> bool:
    """Whether the fact is given, wrong, and not for a reviewer (``true`` None: the
    page holds no such fact)."""
    f = facts_of(lines).get(name)
    return f is not None and f.value != true and not f.needs_review  # type: ignore[attr-defined]


KINDS = [["Cán bộ", "22"], ["Công chức", "34"], ["Viên chức", "283"], ["Tổng cộng", "339"]]


def test_kinds_of_staff_count_something_else_on_a_page_about_it() -> None:
    # certificates, signatures, trainees, attendees, mail accounts per kind of staff
    for title, head in [("Thống kê cấp chứng thư số", "Số lượng"),
                        ("Tình hình sử dụng chữ ký số", "Số lượng"),
                        ("", "Đã cấp"),
                        ("Kết quả tập huấn chuyển đổi số", "Số người"),
                        ("Số cán bộ tham dự hội nghị", "Số lượng"),
                        ("Cấp tài khoản thư công vụ", "Số lượng"),
                        ("Tháng 11", "Lũy kế")]:
        assert not sure_and_wrong(grid(title, ["Loại", head], KINDS, [40, 420]),
                                  "staff_total", None), (title, head)


def test_kinds_of_staff_that_are_not_all_of_it_or_more_are_not_sure() -> None:
    title = "Danh sách cán bộ, công chức, viên chức"
    # contract workers are no CBCCVC: 380 counts them with the staff (339)
    more = [*KINDS[:3], ["Hợp đồng lao động", "41"], ["Tổng cộng", "380"]]
    assert not sure_and_wrong(grid(title, ["Loại", "Số lượng"], more, [40, 420]),
                              "staff_total", 339)
    # «Cộng» over two kinds of three: a subtotal
    some = [*KINDS[:2], ["Cộng", "56"]]
    assert not sure_and_wrong(grid(title, ["Loại", "Số lượng"], some, [40, 420]),
                              "staff_total", 339)
    # a listing showing 4 of its 9 rows: the total row is the page's
    lines = grid(title, ["Loại", "Số lượng"], KINDS, [40, 420])
    lines += page([(300, [(40, "Hiển thị 1 - 4 trên tổng số 9 bản ghi")])])
    assert not sure_and_wrong(lines, "staff_total", None)
    # the page about the staff, every kind, the column only how many: sure
    f = facts_of(grid(title, ["Loại", "Số lượng"], KINDS, [40, 420]))
    assert f["staff_total"].value == 339 and not f["staff_total"].needs_review  # type: ignore[attr-defined]


DVC_X = [40, 420, 540, 660]
DVC_GROUP = [(420, "Số hồ sơ tiếp nhận")]


def test_two_misreads_that_cancel_out_do_not_outweigh_the_ratio() -> None:
    # the signed total 1.352 read 1.325 and a row's 509 read 482, both unclear: the
    # column adds up, but the rows' ratio (84,7) says the row is misread
    rows = [(100, [(40, "Đơn vị"), (400, "Tổng số văn bản đi"), (600, "VB đi ký số"),
                   (800, "Tỷ lệ (%)")]),
            (130, [(40, "Phòng Nội vụ"), (420, "601"), (620, "482"), (820, "84,7")]),
            (156, [(40, "Thanh tra huyện"), (420, "751"), (620, "589"), (820, "78,4")]),
            (182, [(40, "Văn phòng"), (420, "256"), (620, "254"), (820, "99,2")]),
            (208, [(40, "Cộng"), (420, "1.608"), (620, "1.325"), (820, "84,1")])]
    assert not sure_and_wrong(cells(rows, {(130, 620): 60.0, (208, 620): 60.0}),
                              "outgoing_signed", 1352)
    # a ratio column beside two misreads a row's arithmetic would explain away
    head = ["Lĩnh vực", "Tổng số", "Trực tuyến", "Trực tiếp", "Tỷ lệ trực tiếp (%)"]
    data = [["Hộ tịch", "121", "81", "40", "33,1"], ["Tư pháp", "303", "5", "298", "98,3"],
            ["Đất đai", "1177", "280", "947", "80,5"], ["Tổng số", "1601", "316", "1235", "80,3"]]
    lines = grid("", head, data, [*DVC_X, 800], DVC_GROUP, {(182, 540): 60.0, (208, 660): 60.0})
    assert not sure_and_wrong(lines, "dossiers_direct", 1285)


def test_a_rows_arithmetic_fixes_nothing_the_total_row_breaks() -> None:
    # «Đất đai» online 230 read 280 and the direct total 1285 read 1235: «fixing» the
    # row makes both columns add up, but the total row's 1601 != 316 + 1235
    head = ["Lĩnh vực", "Tổng số", "Trực tuyến", "Trực tiếp"]
    data = [["Hộ tịch", "121", "81", "40"], ["Tư pháp", "303", "5", "298"],
            ["Đất đai", "1177", "280", "947"], ["Tổng số", "1601", "316", "1235"]]
    lines = grid("", head, data, DVC_X, DVC_GROUP, {(182, 540): 60.0, (208, 660): 60.0})
    assert not sure_and_wrong(lines, "dossiers_direct", 1285)
    assert not sure_and_wrong(lines, "dossiers_online", 316)


def test_no_rows_arithmetic_when_the_whole_holds_a_figure_beside_its_parts() -> None:
    # received = carried over + online + direct: the direct total 13 misread 18
    xs = [40, 300, 440, 640, 780]
    head = ["Lĩnh vực", "Tổng số", "Kỳ trước chuyển sang", "Trực tuyến", "Trực tiếp"]
    data = [["Hộ tịch", "5", "0", "3", "2"], ["Chứng thực", "11", "5", "0", "6"],
            ["Đất đai", "6", "0", "1", "5"], ["Tổng số", "22", "5", "4", "18"]]
    group = [(300, "Số hồ sơ tiếp nhận")]
    assert not sure_and_wrong(grid("", head, data, xs, group, {(208, 780): 55.0}),
                              "dossiers_direct", 13)
    # the carried-over row's direct cell unread, the total misread: 4 + 18 = 22 is no
    # check of it on this page
    data[1][4] = ""
    assert not sure_and_wrong(grid("", head, data, xs, group, {(208, 780): 55.0}),
                              "dossiers_direct", 13)
    # read right: all sure
    data[1][4], data[3][4] = "6", "13"
    f = facts_of(grid("", head, data, xs, group))
    assert f["dossiers_direct"].value == 13 and not f["dossiers_direct"].needs_review  # type: ignore[attr-defined]
    assert f["dossiers_received"].value == 22 and not f["dossiers_received"].needs_review  # type: ignore[attr-defined]


def test_a_lone_total_column_is_a_sum_only_when_its_total_row_says_so() -> None:
    head = ["Lĩnh vực", "Tổng", "Trực tuyến", "Trực tiếp"]
    # «Tổng» holds 7 carried over in «Tư pháp»: the total row's online cell unread,
    # then the row's own online cell unread (the total row breaks)
    c1 = [["Hộ tịch", "121", "81", "40"], ["Tư pháp", "310", "5", "298"],
          ["Đất đai", "852", "369", "483"], ["Chứng thực", "60", "12", "48"],
          ["Tổng số", "1343", "", "869"]]
    assert not sure_and_wrong(grid("Báo cáo giải quyết hồ sơ", head, c1, DVC_X),
                              "dossiers_received", 1336)
    c2 = [r[:] for r in c1]
    c2[1][2], c2[4][2] = "", "467"
    assert not sure_and_wrong(grid("Báo cáo giải quyết hồ sơ", head, c2, DVC_X),
                              "dossiers_received", 1336)
    # «Tổng» is the resolved: fields with nothing in them hold any sum
    z = [["Hộ tịch", "5", "3", "2"], ["Tư pháp", "0", "0", "0"], ["Đất đai", "0", "0", "0"],
         ["Chứng thực", "0", "0", "0"], ["Xây dựng", "4", "2", "4"], ["Tổng số", "9", "", "6"]]
    assert not sure_and_wrong(grid("Thống kê hồ sơ", head, z, DVC_X), "dossiers_received", 11)
    z[4][2], z[5][2] = "", "5"
    assert not sure_and_wrong(grid("Thống kê hồ sơ", head, z, DVC_X), "dossiers_received", 11)
    # «Tổng» is the resolved, its group header lost, and the layout stretched
    # «Số hồ sơ tiếp nhận» over it and over «Đúng hạn | Quá hạn»: 455 + 821 != 1264
    xs = [40, 300, 420, 540, 660, 780]
    stretched = [["Hộ tịch", "81", "40", "121", "120", "1"],
                 ["Tư pháp", "5", "298", "303", "300", "3"],
                 ["Đất đai", "", "483", "840", "800", "40"],
                 ["Tổng số", "455", "821", "1264", "1220", "44"]]
    lines = grid("", ["Lĩnh vực", "Trực tuyến", "Trực tiếp", "Tổng", "Đúng hạn", "Quá hạn"],
                 stretched, xs, [(300, "Số hồ sơ tiếp nhận")])
    assert not sure_and_wrong(lines, "dossiers_received", 1276)


def _units_table(last_label: str) -> list[TextLine]:
    return page([
        (100, [(40, "Thống kê văn bản đi")]),
        (140, [(40, "Đơn vị"), (460, "Số VB đi"), (620, "Đã ký số")]),
        (170, [(40, "Phòng Nông nghiệp và PTNT"), (470, "38"), (630, "27")]),
        (200, [(40, "Phòng Kinh tế và Hạ tầng"), (470, "168"), (630, "51")]),
        (230, [(40, last_label), (470, "206"), (630, "78")]),
    ])


def test_a_named_sub_unit_that_adds_up_to_the_others_is_no_total_row() -> None:
    # 38 + 168 = 206 by chance (dev2-fonts seed 5150): the third office's own figure, not
    # the unit's total; no sure outgoing_total from it
    facts = {f.name: f for f in extract(_units_table("Phòng Văn hóa và Thông tin")).facts}
    assert "outgoing_total" not in facts or facts["outgoing_total"].needs_review, facts


def test_a_last_row_whose_label_was_not_read_and_adds_up_is_the_total_row() -> None:
    facts = {f.name: f for f in extract(_units_table("")).facts}
    f = facts["outgoing_total"]
    assert f.value == 206 and (f.source or {}).get("check") == "this row = sum of the other rows"


def test_indicator_rows_naming_dossiers_complete_a_row_that_leaves_them_unsaid() -> None:
    # a comparison of two periods: no subject on the page, period headers; «Tiếp nhận
    # trực tuyến» and «Đã giải quyết» count what their sibling rows name
    lines = page([(60, [(40, "So sánh số liệu giữa các kỳ")]),
                  (100, [(40, "Chỉ tiêu"), (300, "Kỳ trước"), (420, "Kỳ này")]),
                  (124, [(40, "Tổng số hồ sơ tiếp nhận"), (300, "1.388"), (420, "1.134")]),
                  (148, [(40, "Tiếp nhận trực tuyến"), (300, "787"), (420, "659")]),
                  (172, [(40, "Đã giải quyết"), (300, "943"), (420, "1.077")]),
                  (196, [(40, "Hồ sơ đúng hạn"), (300, "1.336"), (420, "1.036")])])
    got = {f.name: f for f in extract(lines).facts}
    assert {n: got[n].value for n in ("dossiers_received", "dossiers_online",
                                      "dossiers_resolved", "dossiers_on_time")} == {
        "dossiers_received": 1134, "dossiers_online": 659, "dossiers_resolved": 1077,
        "dossiers_on_time": 1036}
    assert not any(got[n].needs_review for n in ("dossiers_online", "dossiers_resolved"))


def test_rows_of_sub_units_lend_no_head_noun() -> None:
    # one row names dossiers and no fact: the rows are no indicators of one thing
    lines = page([(60, [(40, "Báo cáo tổng hợp")]),
                  (100, [(40, "Chỉ tiêu"), (420, "Số lượng")]),
                  (124, [(40, "Số hồ sơ tiếp nhận"), (420, "500")]),
                  (148, [(40, "Số hồ sơ đang giải quyết"), (420, "80")]),
                  (172, [(40, "Đã giải quyết"), (420, "420")])])
    got = {f.name: f for f in extract(lines).facts}
    assert "dossiers_resolved" not in got or got["dossiers_resolved"].needs_review
