"""Concepts for the second wording pool (``bench/screens/words_dev2.py``): abbreviations
(CKS, TK), the public-service portal as online, finished and early-with-on-time
resolutions, qualifiers that say nothing (công vụ, trang bị, cuộc), whom a thing is
for («cho CBCCVC») as no head noun, and phrases that say several concepts (resolving
TTHC is resolving their dossiers). The last tests draw small pages with PIL and read
them with the real Tesseract."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw, ImageFont

from verifiers.extract.concepts import map_label, meaning
from verifiers.extract.facts import TextLine, Token, extract
from verifiers.pipeline import verify_bytes

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


@pytest.mark.parametrize(("parts", "fact"), [
    (("Văn bản đi", "CKS cơ quan"), "outgoing_signed_org"),
    (("VB phát hành đi", "CKS cá nhân"), "outgoing_signed_personal"),
    (("Số TK thư",), "email_accounts"),
    (("Hồ sơ tiếp nhận", "Qua cổng DVC"), "dossiers_online"),
    (("Hồ sơ nộp qua Cổng dịch vụ công",), "dossiers_online"),
    (("Hồ sơ nộp trên môi trường mạng",), "dossiers_online"),
    (("HS đã giải quyết", "Trước hạn, đúng hạn"), "dossiers_on_time"),
    (("Giải quyết trước hạn, đúng hạn",), "dossiers_on_time"),
    (("Hồ sơ đã xử lý xong",), "dossiers_resolved"),
    (("Hồ sơ đã có kết quả",), "dossiers_resolved"),
    (("Kết quả giải quyết TTHC", "Tổng số"), "dossiers_resolved"),
    (("Tổng số hộp thư công vụ", "tài khoản"), "email_accounts"),
    (("Số máy tính được trang bị",), "computers_total"),
    (("Máy tính trang bị cho CBCCVC",), "computers_total"),
    (("Hội nghị trực tuyến (cuộc)",), "online_meetings"),
    (("Tổng số hộp thư",), "email_accounts"),  # a mailbox is a mail account
    (("Hộp thư đang sử dụng",), "email_accounts_active"),
    (("Văn bản đi lũy kế đến ngày",), "outgoing_total"),
])
def test_second_pool_wordings_map_to_their_facts(parts: tuple[str, ...], fact: str) -> None:
    m = map_label(*parts)
    assert m.fact == fact and m.certainty >= 0.9, (parts, m)


@pytest.mark.parametrize("label", [
    "Trước hạn",  # the early ones alone are no on-time count
    "Qua cổng DVC",  # online, but of what?
    "Tiếp nhận hôm nay", "Hồ sơ đang xử lý", "Đang sử dụng",
    "CBCCVC được trang bị máy tính",  # staff with a computer: neither fact
    "Tổng cộng",  # «cộng» is no portal («cổng»), nor the other way round
    "Dung lượng hộp thư (MB)",  # a mailbox's size is no count of mailboxes
    "Hộp thư đã khóa",
    "Tổng số văn bản lũy kế đến ngày",  # «đến ngày» bounds a time: no direction said
    "TK đang hoạt động",  # «TK» alone: accounts of which system? (the page says: below)
])
def test_second_pool_concepts_make_no_other_label_a_fact(label: str) -> None:
    assert map_label(label).fact is None, (label, map_label(label))


def test_a_head_noun_after_cho_is_whom_the_thing_is_for() -> None:
    assert "staff" not in meaning("Máy tính trang bị cho CBCCVC").concepts
    assert "staff" in meaning("Máy tính của CBCCVC").concepts
    # a label that counts the staff still says so
    assert map_label("Tổng số CBCCVC").fact == "staff_total"


def test_resolving_procedures_says_dossiers_but_a_list_of_procedures_does_not() -> None:
    # a report on resolving them counts dossiers, for the page too
    assert {"dossier", "resolved"} <= meaning("BÁO CÁO TÌNH HÌNH GIẢI QUYẾT TTHC").concepts
    # resolving them in a system's name: for the label only, never the page's subject
    m = meaning("HỆ THỐNG THÔNG TIN GIẢI QUYẾT TTHC")
    assert "dossier" in m.said and "dossier" not in m.concepts
    assert "dossier" not in meaning("Thống kê thủ tục hành chính theo mức độ").concepts
    assert map_label("Tổng số TTHC").fact == "services_total"


def _page(lines: list[tuple[str, bool]]) -> bytes:
    """Lines of text on a white page (bold for the flagged ones), as a PNG."""
    font, bold = ImageFont.truetype(FONT, 22), ImageFont.truetype(BOLD, 22)
    img = Image.new("RGB", (900, 60 + 48 * len(lines)), "white")
    d = ImageDraw.Draw(img)
    for i, (text, b) in enumerate(lines):
        d.text((40, 30 + 48 * i), text, font=bold if b else font, fill=(20, 20, 20))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def _facts(data: bytes) -> dict[str, object]:
    rep = verify_bytes(data, "page.png")
    return {f.name: f for f in rep.facts}


def test_a_drawn_mail_panel_in_second_pool_words_is_read_sure() -> None:
    facts = _facts(_page([("QUẢN TRỊ HỆ THỐNG THƯ CÔNG VỤ", True),
                          ("Tổng số TK thư: 1.245", False),
                          ("TK đang hoạt động: 1.180", False),
                          ("Đã khóa: 65", False)]))
    total, active = facts["email_accounts"], facts["email_accounts_active"]
    assert total.value == 1245 and not total.needs_review  # type: ignore[attr-defined]
    assert active.value == 1180 and not active.needs_review  # type: ignore[attr-defined]


def test_a_drawn_one_stop_panel_in_second_pool_words_is_read() -> None:
    facts = _facts(_page([("BÁO CÁO TÌNH HÌNH GIẢI QUYẾT TTHC", True),
                          ("Hồ sơ đã có kết quả: 934", False),
                          ("Giải quyết trước hạn, đúng hạn: 920", False),
                          ("HS nộp qua cổng DVC: 512", False),
                          ("Đang xử lý: 57", False)]))
    assert facts["dossiers_resolved"].value == 934  # type: ignore[attr-defined]
    assert facts["dossiers_on_time"].value == 920  # type: ignore[attr-defined]
    assert facts["dossiers_online"].value == 512  # type: ignore[attr-defined]
    assert not facts["dossiers_on_time"].needs_review  # type: ignore[attr-defined]
    assert "dossiers_received" not in facts  # the pending ones are no dossiers received


def _cell(x: float, y: float, text: str) -> TextLine:
    """One OCR line laid out by hand: 7 px per character, words 4 px apart."""
    tokens, cx = [], float(x)
    for w in text.split():
        tokens.append(Token(w, 95.0, (cx, float(y), cx + 7.0 * len(w), float(y + 12))))
        cx += 7.0 * len(w) + 4
    return TextLine(tokens, 1, "ocr")


def _right(x1: float, y: float, text: str) -> TextLine:
    return _cell(x1 - 7.0 * len(text), y, text)


@pytest.mark.parametrize(("title", "dossiers"), [
    ("BÁO CÁO TÌNH HÌNH GIẢI QUYẾT TTHC", True),
    # a system's name: its pages list procedures as well as dossiers
    ("HỆ THỐNG THÔNG TIN GIẢI QUYẾT TTHC", False),
])
def test_a_table_of_outcomes_under_a_title_on_resolving_tthc(title: str, dossiers: bool) -> None:
    # the headers say only what became of them; a report's title on resolving TTHC says
    # they are dossiers, a system's name does not; the portal's name in the footer, read
    # in two pieces, says no articles
    lines = [_cell(100, 60, title),
             _cell(100, 120, "STT"), _cell(140, 120, "Lĩnh vực"),
             _cell(330, 120, "Đã tiếp nhận"), _cell(470, 120, "Giải quyết xong")]
    for i, (label, a, b) in enumerate((("Tư pháp", "120", "100"), ("Y tế", "60", "50"),
                                       ("Xây dựng", "45", "40"))):
        y = 150 + 26 * i
        lines += [_cell(100, y, str(i + 1)), _cell(140, y, label), _right(420, y, a),
                  _right(570, y, b)]
    lines += [_cell(140, 228, "Tổng cộng"), _right(420, 228, "225"), _right(570, 228, "190"),
              _cell(100, 300, "Cổng thông"), _cell(100, 316, "tin điện tử")]
    facts = {f.name: f for f in extract(lines).facts}
    if dossiers:
        assert facts["dossiers_received"].value == 225
        assert facts["dossiers_resolved"].value == 190
    else:
        for name in ("dossiers_received", "dossiers_resolved"):
            assert name not in facts or facts[name].needs_review, facts[name]
    assert "articles_published" not in facts


@pytest.mark.parametrize("parts", [
    # «TK» alone: a bank account, statistics, a document system's users
    ("Số TK",), ("Kỳ TK",), ("Số liệu TK",), ("Số TK đang hoạt động",), ("Tổng số TK",),
    ("Tài khoản số",),  # an account's number
    # a size, and letters in a mailbox, are no accounts
    ("Hộp thư đã sử dụng (MB)",), ("Hộp thư", "Đã sử dụng (MB)"), ("Số thư trong hộp thư",),
    ("Tổng số thư trong hộp thư",),
    # a label naming the procedures as what it counts counts no dossiers
    ("Kết quả giải quyết TTHC", "Số TTHC"), ("Kết quả giải quyết TTHC", "Số thủ tục"),
    ("Giải quyết TTHC", "TTHC"),
    # «chờ» (waiting) is not «cho» (for)
    ("Văn bản chờ ký số",), ("Hồ sơ chờ tiếp nhận",), ("Văn bản chờ phát hành",),
    ("Chứng thư số cá nhân",),
])
def test_review_labels_make_no_fact(parts: tuple[str, ...]) -> None:
    assert map_label(*parts).fact is None, (parts, map_label(*parts))


@pytest.mark.parametrize(("parts", "fact"), [
    (("Số TK thư",), "email_accounts"), (("TK thư công vụ",), "email_accounts"),
    (("Kết quả giải quyết TTHC", "Tổng số"), "dossiers_resolved"),
    (("Giải quyết TTHC", "Đúng hạn"), "dossiers_on_time"),
    (("Văn bản đi", "CKS cơ quan"), "outgoing_signed_org"),
    (("Văn bản cho ký số",), "outgoing_signed"),  # «cho» with the page's marks: for
    (("Tài khoản thư CBCC đang hoạt động",), "email_accounts_active"),  # the mail first
])
def test_review_labels_still_map(parts: tuple[str, ...], fact: str) -> None:
    m = map_label(*parts)
    assert m.fact == fact and m.certainty == 1.0, (parts, m)


@pytest.mark.parametrize("parts", [
    ("CKS cá nhân",), ("CKS cơ quan",),  # signatures of documents or certificates?
    ("Van ban cho ky so",),  # read without marks: «cho» may have been «chờ»
    ("Văn bản đến ngày 30/9",), ("Văn bản đến hết ngày",),  # incoming, or a time bound?
    ("Số CBCC được cấp hộp thư",),  # counts staff first: the accounts are its qualifier
    ("Số CBCC sử dụng hộp thư",),  # the fact's own label names the mail as its head
    # on the portal: all of them, or the online ones only?
    ("Cổng DVC", "Hồ sơ đã giải quyết"), ("Số TTHC công khai trên Cổng DVCQG",),
])
def test_review_labels_map_with_a_doubt(parts: tuple[str, ...]) -> None:
    m = map_label(*parts)
    assert m.fact is not None and m.certainty < 1.0, (parts, m)


def test_a_compounds_head_noun_is_implied_for_its_label_only() -> None:
    m = meaning("Hệ thống thông tin giải quyết thủ tục hành chính")
    assert "dossier" not in m.concepts and "dossier" in m.said
    assert "dossier" not in (m | meaning("Số TTHC")).said
    # named on its own, the head noun stays («Hồ sơ» beside «giải quyết TTHC»)
    assert "dossier" in (m | meaning("Số hồ sơ TTHC")).said


@pytest.mark.parametrize(("name", "lines"), [
    ("bank", ["HỢP ĐỒNG CUNG CẤP DỊCH VỤ VIỄN THÔNG", "Bên A: Ủy ban nhân dân huyện A Lưới",
              "Số TK: 0123456789 tại Ngân hàng Vietcombank", "Tài khoản số: 0123456789"]),
    ("catalogue", ["Hệ thống thông tin giải quyết thủ tục hành chính",
                   "Danh mục thủ tục hành chính", "Trực tuyến: 730", "Trực tiếp: 515"]),
    ("mailbox", ["THÔNG TIN TÀI KHOẢN", "Tài khoản: nguyenvana@quangbinh.gov.vn",
                 "Hộp thư đã sử dụng (MB): 2.350"]),
    ("users", ["PHẦN MỀM QUẢN LÝ VĂN BẢN VÀ ĐIỀU HÀNH", "Quản lý người dùng văn bản",
               "Số TK đang hoạt động: 85"]),
    ("waiting", ["PHẦN MỀM QUẢN LÝ VĂN BẢN VÀ ĐIỀU HÀNH", "Văn bản chờ ký số: 35",
                 "Hồ sơ chờ tiếp nhận: 12"]),
])
def test_drawn_review_pages_give_no_sure_count(name: str, lines: list[str]) -> None:
    facts = _facts(_page([(t, i == 0) for i, t in enumerate(lines)]))
    sure = {n: f.value for n, f in facts.items()  # type: ignore[attr-defined]
            if not f.needs_review and n != "amount"}  # type: ignore[attr-defined]
    assert not sure, (name, sure)


def test_a_drawn_certificate_page_flags_its_signature_counts() -> None:
    facts = _facts(_page([("CHỨNG THƯ SỐ", True), ("CKS cá nhân: 85", False),
                          ("CKS cơ quan: 12", False)]))
    for f in facts.values():
        assert f.needs_review, f  # type: ignore[attr-defined]


def test_a_drawn_document_page_keeps_its_signature_counts_sure() -> None:
    facts = _facts(_page([("PHẦN MỀM QUẢN LÝ VĂN BẢN", True), ("Văn bản đi", False),
                          ("CKS cá nhân: 85", False), ("CKS cơ quan: 12", False)]))
    assert facts["outgoing_signed_personal"].value == 85  # type: ignore[attr-defined]
    assert not facts["outgoing_signed_personal"].needs_review  # type: ignore[attr-defined]


def test_the_current_periods_column_is_neutral_the_previous_one_a_doubt() -> None:
    # «Kỳ trước | Kỳ này»: «kỳ này» says which period, not which fact; «kỳ trước» is
    # another period's and keeps its doubt (tables lower that column on their own)
    now = map_label("Tổng số máy tính", "Kỳ này")
    before = map_label("Tổng số máy tính", "Kỳ trước")
    assert now.fact == "computers_total" and now.certainty >= 0.9, now
    assert before.certainty < 0.8, before
