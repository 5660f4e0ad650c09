"""What a table's rows say about its total row: rows that are kinds of one thing, a ratio
column's formula, and a row cell the page's read missed or misread.

The first tests draw ruled tables with Pillow and read them with the real Tesseract;
the others build word boxes by hand (fast) for the cases a drawing cannot pin down."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

from verifiers.extract.facts import TextLine, Token, extract
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
