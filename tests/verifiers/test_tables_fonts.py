"""Table pages in other faces and wordings (condensed, serif, a narrow face's JPEG): a
row label wrapped onto lines of its own, a group header row beside a word split off a
rowspan header, a total row's label misread by one letter, a gap whose word edge a
JPEG blurred, a side menu beside the table's last rows.

The first tests draw tables with Pillow and read them with the real Tesseract; the
others lay words out by hand (exact geometry modelled on the pages where these went
wrong)."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

from tests.verifiers.test_layout import page
from verifiers.extract.concepts import is_total_label
from verifiers.extract.facts import TextLine, Token, extract, labels_without_value, pages_of
from verifiers.ocr.images import prepare
from verifiers.ocr.read import read_image, rules_in
from verifiers.results import FactReport

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _wrapped_rows_table() -> bytes:
    """A dossiers page whose field names wrap over two lines in their cells, the
    figures centred between the lines: «Công chức, / viên chức» twice says staff
    more often than the title says dossiers."""
    font = ImageFont.truetype(FONT, 15)
    rows = [("Bảo trợ xã hội", "", "120", "17"), ("Công chức,", "viên chức", "85", "23"),
            ("Chứng thực", "", "64", "12"), ("Cán bộ, công", "chức cấp xã", "31", "11"),
            ("Tổng cộng", "", "300", "63")]
    img = Image.new("RGB", (760, 420), "white")
    d = ImageDraw.Draw(img)
    d.text((40, 20), "Tổng hợp kết quả giải quyết hồ sơ theo lĩnh vực", font=font, fill="black")
    xs, widths = [40, 300, 500], [260, 200, 200]
    y = 70
    for x, w, head in zip(xs, widths, ("Lĩnh vực", "Tiếp nhận", "Trễ hạn"), strict=True):
        d.rectangle((x, y, x + w, y + 34), outline=(190, 190, 190))
        d.text((x + 8, y + 8), head, font=font, fill="black")
    y += 34
    for first, second, received, late in rows:
        rh = 52 if second else 34
        for x, w in zip(xs, widths, strict=True):
            d.rectangle((x, y, x + w, y + rh), outline=(190, 190, 190))
        d.text((48, y + 8), first, font=font, fill="black")
        if second:
            d.text((48, y + 27), second, font=font, fill="black")
        for x, w, fig in zip(xs[1:], widths[1:], (received, late), strict=True):
            d.text((x + w - 8 - d.textlength(fig, font=font), y + rh / 2 - 8), fig, font=font,
                   fill="black")
        y += rh
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def test_a_row_label_wrapped_onto_lines_of_its_own_says_nothing_of_the_page() -> None:
    reading = read_image(_wrapped_rows_table())
    found = extract(reading.lines)
    (p,) = found.pages
    (t,) = p.tables
    wrapped = [ln for lab in t.label_lines for ln in lab if "viên" in ln.text]
    assert wrapped and all(ln.id in p.in_table for ln in wrapped)
    facts = {f.name: f.value for f in found.facts}
    assert facts.get("dossiers_received") == 300
    assert facts.get("dossiers_late") == 63


def test_a_word_split_off_a_rowspan_header_is_no_group_header() -> None:
    # «Tỷ» of «Tỷ lệ ký số (%)» read apart, lower than the groups' row and touching it:
    # «Văn bản nhận đến» and «Văn bản đi» still stand over their columns
    ends = (461, 572, 672, 792, 900)  # the figure columns' right edges

    def figures(*texts: str) -> list[tuple[int, str]]:
        return [(end - 8 * len(t), t) for end, t in zip(ends, texts, strict=True)]

    lines = page([
        (186, [(438, "Văn bản nhận đến"), (676, "Văn bản đi")]),
        (208, [(441, "SL"), (500, "Đã số hóa"), (650, "SL"), (740, "Ký số")]),
        (230, [(233, "Tổng số"), *figures("8.144", "6.486", "2.731", "2.290", "83,9")]),
        (252, [(233, "Bộ phận Một cửa"), *figures("640", "456", "154", "152", "98,7")]),
        (274, [(233, "Phòng Nội vụ"), *figures("7.504", "6.030", "2.577", "2.138", "83,0")]),
    ])
    # the rowspan header, vertically centred over the header: it reaches into the
    # groups' row, its «Tỷ» read apart
    lines.append(TextLine([Token("Tỷ", 90.0, (826.0, 196.7, 835.3, 214.7))], 1, "ocr"))
    lines.append(TextLine([Token("lệ", 90.0, (844.0, 196.7, 858.0, 214.7)),
                           Token("ký", 90.0, (862.0, 196.7, 876.0, 214.7)),
                           Token("số", 90.0, (880.0, 196.7, 894.0, 214.7)),
                           Token("(%)", 90.0, (898.0, 196.7, 918.0, 214.7))], 1, "ocr"))

    def cut(_page: int, band: tuple[float, float, float, float]) -> bool:
        return 835 <= band[0] < 845  # the read saw an edge between «Tỷ» and «lệ»

    (p,) = pages_of(lines, cut)
    (t,) = p.tables
    assert [ln.text for r in t.header_rows for ln in r.lines if "ký số (%)" in ln.text] == [
        "lệ ký số (%)"]
    paths = [c.path for c in t.columns]
    assert paths[:4] == [("Văn bản nhận đến", "SL"), ("Văn bản nhận đến", "Đã số hóa"),
                         ("Văn bản đi", "SL"), ("Văn bản đi", "Ký số")]
    facts = {f.name: f.value for f in extract(lines, cut).facts}
    assert facts.get("incoming_total") == 8144
    assert facts.get("outgoing_total") == 2731


def test_a_total_label_misread_by_one_letter_is_still_the_total_row() -> None:
    assert is_total_label("Tổng cậng")
    assert is_total_label("Tổng công")
    for other in ("Tổng cục Thuế", "Tổng đài", "Tổng hợp", "Tổng cục", "Tổng xxxx"):
        assert not is_total_label(other), other


def test_a_words_blurred_edge_is_no_ruling_line() -> None:
    # a gap between two words on a grey header: the left word's edge blurred over the
    # first pixels (a JPEG scaled up) is no rule; a thin line in the middle is one
    img = Image.new("L", (200, 40), 200)
    d = ImageDraw.Draw(img)
    d.rectangle((20, 10, 60, 30), fill=30)  # the left word's ink
    for k, v in enumerate((60, 110, 150, 180)):  # its blurred edge
        d.line((61 + k, 10, 61 + k, 30), fill=v)
    d.rectangle((140, 10, 180, 30), fill=30)  # the right word
    prep = prepare(img.convert("RGB"), "screen")
    assert not rules_in(prep, (61.0, 12.0, 139.0, 28.0))
    d.line((100, 0, 100, 40), fill=60)  # a cell border between them
    prep = prepare(img.convert("RGB"), "screen")
    assert rules_in(prep, (61.0, 12.0, 139.0, 28.0))


def test_a_gap_is_looked_at_over_the_height_both_words_share() -> None:
    # «4» boxed with the rule over it (twice the text's height) beside «(thủ tục)»: the
    # gap between them is looked at over their shared height only
    asked: list[tuple[float, float, float, float]] = []

    def rules(_page: int, band: tuple[float, float, float, float]) -> bool:
        asked.append(band)
        return False

    lines = [TextLine([Token("Mức", 95.0, (1082.0, 252.7, 1111.0, 263.3)),
                       Token("độ", 95.0, (1115.7, 252.7, 1134.3, 266.3)),
                       Token("4", 95.0, (1135.7, 246.0, 1143.0, 268.0)),
                       Token("(thủ", 95.0, (1152.7, 251.7, 1182.3, 265.0)),
                       Token("tục)", 95.0, (1186.7, 252.7, 1216.0, 266.3))], 1, "ocr")]
    (p,) = pages_of(lines, rules)
    gap = [b for b in asked if b[0] == 1143.0]
    assert gap == [(1143.0, 251.7, 1152.7, 265.0)]
    assert [ln.text for r in p.rows for ln in r.lines] == ["Mức độ 4 (thủ tục)"]


def test_a_side_menu_beside_the_last_rows_bridges_no_gap_to_a_title_below() -> None:
    # the side menu's items run on past the table: a chart's title under it, far from
    # the total row, is no wrapped line of the total row's label
    menu = [(y, [(13, item)]) for y, item in (
        (206, "Hồ sơ"), (228, "Hồ sơ công việc"), (253, "Số văn bản"), (283, "Báo cáo"),
        (305, "Thống kê văn bản"), (331, "Báo cáo ký số"), (361, "Hệ thống"),
        (383, "Quản trị người dùng"), (405, "Nhật ký"), (430, "Cấu hình"))]
    rows = [
        (150, [(183, "Báo cáo văn bản điện tử theo phòng ban")]),
        (195, [(576, "Văn bản đến"), (895, "Văn bản đi")]),
        (219, [(211, "STT"), (300, "Đơn vị"), (553, "Tổng"), (638, "Đã số hóa"),
               (751, "Tổng"), (842, "Ký số")]),
        (243, [(259, "Phòng Giáo dục"), (582, "607"), (702, "401"), (779, "217"), (934, "186")]),
        (266, [(259, "Phòng Văn hóa"), (572, "1.327"), (702, "876"), (779, "266"),
               (933, "239")]),
        (289, [(259, "Bộ phận Một cửa"), (572, "1.158"), (693, "1.041"), (779, "744"),
               (933, "560")]),
        (335, [(258, "Tổng"), (568, "3.092"), (689, "2.318"), (766, "1.227"), (921, "985")]),
        (385, [(193, "Biểu đồ văn bản theo tháng")]),
    ]
    def gutter(_page: int, band: tuple[float, float, float, float]) -> bool:
        return band[0] >= 140 and band[2] <= 200  # the side menu's edge

    lines = page(sorted(menu + rows))
    (p,) = pages_of(lines, gutter)
    (t,) = p.tables
    assert t.labels[-1] == "Tổng"
    facts = {f.name: f.value for f in extract(lines, gutter).facts}
    assert facts.get("incoming_total") == 3092


def test_a_rows_sum_without_a_total_row_leaves_the_cards_label_looked_for() -> None:
    # the card's figure was garbled; the table under it has no total row, so its rows
    # were added up for review: the card's caption is still a label whose figure the
    # second pass looks for (the rows of a listing may be a page of it only)
    lines = page([
        (100, [(40, "Quản lý người dùng thư điện tử")]),
        (180, [(300, "Tổng số hộp thư"), (500, "Đã khóa")]),
        (220, [(500, "189")]),
        (300, [(40, "Đơn vị"), (300, "Số tài khoản")]),
        (326, [(40, "Phòng Tư pháp"), (330, "174")]),
        (352, [(40, "Phòng Nội vụ"), (330, "253")]),
    ])
    summed = FactReport("email_accounts", 427, "Số tài khoản: sum of 2 rows", 1,
                        (330.0, 326.0, 354.0, 366.0), 0.95, "ocr",
                        {"kind": "cell", "summed": True}, 0.3)
    found = [f for f, _ln, _b in labels_without_value(lines, [summed])]
    assert "email_accounts" in found
    sure = FactReport("email_accounts", 1095, "Tổng số hộp thư: 1.095", 1,
                      (300.0, 150.0, 340.0, 176.0), 0.95, "ocr", {"kind": "line"}, 0.9)
    assert "email_accounts" not in [f for f, _ln, _b in labels_without_value(lines, [sure])]


def test_a_narrow_word_gap_is_no_side_menu_edge() -> None:
    """«Kỳ báo» | «cáo»: the 6 px gap between two words of one header, its ends shaded
    by the letters beside it, is no side menu's background edge; a gutter as wide as
    the regions ask for, with a background step, still is."""
    from PIL import Image, ImageDraw

    from verifiers.ocr.images import Prepared
    from verifiers.ocr.read import rules_in

    img = Image.new("L", (900, 360), 255)  # prepared ×3, as screenshots are
    d = ImageDraw.Draw(img)
    d.rectangle((0, 0, 449, 359), fill=225)  # a panel's background ends at x = 150
    prep = Prepared(img, 3.0, 0, False, 0.0)
    assert not rules_in(prep, (147.0, 20.0, 153.0, 60.0))  # a word gap, 6 px
    assert rules_in(prep, (140.0, 10.0, 160.0, 110.0))  # a gutter, 20 px


def test_two_group_headers_a_few_pixels_apart_stand_in_one_row() -> None:
    """«Hồ sơ tiếp nhận» (209–223) beside a group header OCR read only in part, a few
    pixels lower («quyết», 217–231: overlapping 6 of 14 px): one row of groups, each
    over its own columns, not one group under the other."""
    from verifiers.ocr.layout import Line, Word, _Cell, _levels

    def cell(i: int, text: str, box: tuple[float, float, float, float]) -> _Cell:
        return _Cell([Line.make(i, [Word(text, 95.0, box)], 1, "ocr")])

    levels = _levels([cell(1, "Hồ sơ tiếp nhận", (465, 209, 577, 223)),
                      cell(2, "quyết", (678, 217, 718, 231))])
    assert len(levels) == 1
