"""Labels map to facts through concepts: word order, abbreviations, header paths,
glued OCR words; unknown qualifiers lower the certainty instead of mapping silently."""

from __future__ import annotations

import pytest

from verifiers.extract.concepts import UNKNOWN_WORD_CERTAINTY, is_total_label, map_label, meaning


@pytest.mark.parametrize(("parts", "fact"), [
    (("Tổng số văn bản đi",), "outgoing_total"),
    (("VB đi - Tổng số",), "outgoing_total"),
    (("Văn bản phát hành đi", "Số lượng"), "outgoing_total"),
    (("Văn bản đi có ký số",), "outgoing_signed"),
    (("VB đi", "Ký số"), "outgoing_signed"),
    (("Văn bản đi", "Chữ ký số", "cơ quan"), "outgoing_signed_org"),
    (("Ký số của tổ chức",), "outgoing_signed_org"),
    (("Ký số cá nhân lãnh đạo",), "outgoing_signed_personal"),
    (("Văn bản đến (VB)", "Được số hóa"), "incoming_digitized"),
    (("Số hồ sơ tiếp nhận", "Tổng"), "dossiers_received"),
    (("HS tiếp nhận",), "dossiers_received"),
    (("Hồ sơ tiếp nhận", "Qua DVCTT"), "dossiers_online"),
    (("Hồ sơ tiếp nhận", "Trực tiếp/BCCI"), "dossiers_direct"),
    (("Hồ sơ đã giải quyết", "Đúng hạn"), "dossiers_on_time"),
    (("Hồ sơ đã giải quyết", "Trễ hạn"), "dossiers_late"),
    (("Số hồ sơ đã giải quyết", "Trước và đúng hạn"), "dossiers_on_time"),
    (("HS đã giải quyết", "Trước hạn và đúng hạn"), "dossiers_on_time"),
    (("Hồ sơ đã giải quyết", "Tổng số"), "dossiers_resolved"),
    (("Tổng số CBCCVC",), "staff_total"),
    (("Số tài khoản thư công vụ",), "email_accounts"),
    (("Số tài khoản đang sử dụng",), "email_accounts_active"),
    (("Tổng số máy tính",), "computers_total"),
    (("Giá trị hợp đồng",), "amount"),
    (("Tổngsố văn bản đi",), "outgoing_total"),  # OCR glued two words
    (("Tông sô văn bàn đi",), "outgoing_total"),  # and slipped on diacritics
])
def test_labels_and_header_paths_map_to_facts(parts: tuple[str, ...], fact: str) -> None:
    m = map_label(*parts)
    assert m.fact == fact and m.certainty >= 0.9, (parts, m)


@pytest.mark.parametrize("label", [
    "Hồ sơ đang giải quyết", "Tỷ lệ đúng hạn (%)", "Tiếp nhận hôm nay", "Đã khóa",
    "Dung lượng đã dùng (MB)", "Văn bản đi Tỷ lệ (%)",
    "V/v cử cán bộ tham gia tập huấn chuyển đổi số",  # a sentence, not a label
])
def test_labels_that_say_another_thing_map_to_nothing(label: str) -> None:
    assert map_label(label).fact is None, label


def test_an_unknown_qualifier_sends_the_fact_to_review() -> None:
    m = map_label("Văn bản đi liên thông")
    assert m.fact == "outgoing_total" and m.certainty == UNKNOWN_WORD_CERTAINTY < 0.8


def test_total_row_labels() -> None:
    for label in ("Tổng cộng", "Tổng số", "Cộng", "Toàn đơn vị", "Tổng", "TỔNG CỘNG"):
        assert is_total_label(label), label
    for label in ("Phòng Nội vụ", "Tổng số CBCCVC", "Thanh tra huyện"):
        assert not is_total_label(label), label
    assert meaning("Văn bản đến").concepts == {"document", "incoming"}


@pytest.mark.parametrize(("parts", "fact"), [
    (("Tổng số VB đi",), "outgoing_total"),
    (("Số VB đến được số hóa",), "incoming_digitized"),
    (("HS giải quyết đúng hạn",), "dossiers_on_time"),
    (("HS quá hạn",), "dossiers_late"),
    (("Số HS tiếp nhận trực tuyến",), "dossiers_online"),
    (("Hồ sơ nộp qua DVC trực tuyến",), "dossiers_online"),
    (("Tổng số TTHC",), "services_total"),
    (("Số TTHC mức độ 3",), "services_level3"),
    (("DVCTT toàn trình",), "services_level4"),
    (("Số lượng TTHC cung cấp DVC trực tuyến toàn trình",), "services_level4"),
    (("Số CBCC",), "staff_total"),
    (("VB ký số của cơ quan",), "outgoing_signed_org"),
    (("Máy tính kết nối Internet",), "computers_connected"),
    (("trong đó ký số", "VB đi"), "outgoing_signed"),
    (("HS tiếp nhận trong kỳ",), "dossiers_received"),
])
def test_clear_complete_labels_map_with_full_certainty(parts: tuple[str, ...],
                                                       fact: str) -> None:
    """Head noun and every qualifier matched, abbreviations included: nothing to doubt."""
    m = map_label(*parts)
    assert m.fact == fact and m.certainty == 1.0, (parts, m)


@pytest.mark.parametrize(("label", "fact"), [
    ("Tổng số hồ sơ", "dossiers_received"),  # received or resolved? a one-stop page's
    ("Đúng hạn", "dossiers_on_time"),         # no head noun
    ("Tổng số tài khoản", "email_accounts"),  # accounts of which system?
])
def test_partial_labels_map_with_a_mild_doubt(label: str, fact: str) -> None:
    m = map_label(label)
    assert m.fact == fact and 0.8 <= m.certainty < 1.0, (label, m)


@pytest.mark.parametrize("label", ["Nộp trực tuyến", "Giải quyết quá hạn", "Trễ hạn",
                                   "Hồ sơ giải quyết trước hạn"])
def test_labels_without_their_head_noun_need_the_page(label: str) -> None:
    assert map_label(label).fact is None, label


def test_a_digit_read_for_a_letter_in_a_label_word() -> None:
    # «(HS)» read «(H5)»: still dossiers; a real level «MĐ3» keeps its digit
    assert map_label("Hồ sơ đã giải quyết", "Đúng hạn (H5)").fact == "dossiers_on_time"
    assert map_label("Số VB đi đã ký s0").fact == "outgoing_signed"
    assert map_label("DVC MĐ3").fact == "services_level3"
    assert meaning("Phòng 5").unknown == meaning("Phòng").unknown


@pytest.mark.parametrize(("label", "fact"), [
    # the criteria's own wordings (seed 002): signed and sent online is signed
    ("Số văn bản đi được ký số và gửi đi trên môi trường mạng", "outgoing_signed"),
    ("Văn bản đến được số hóa và quản lý trên môi trường mạng", "incoming_digitized"),
    # «đăng» (posted) is not «đang» (being); «trang TTĐT» is the portal, no qualifier
    ("Số tin, bài đăng trên Cổng TTĐT", "articles_published"),
    ("Số tin bài đăng tải trên trang TTĐT", "articles_published"),
    ("Số tài khoản thư điện tử thường xuyên sử dụng", "email_accounts_active"),
])
def test_the_criteria_wordings_map_sure(label: str, fact: str) -> None:
    m = map_label(label)
    assert m.fact == fact and m.certainty >= 0.9, (label, m)


@pytest.mark.parametrize("parts", [
    ("Văn bản đến", "Qua mạng"),  # a part of the incoming documents, not their total
    ("Văn bản đi", "Trực tuyến"),
    ("Số tin bài đang chờ duyệt",),  # «đang» (being), not posted
])
def test_a_part_sent_online_or_a_pending_post_maps_to_no_total(parts: tuple[str, ...]) -> None:
    assert map_label(*parts).fact is None


def test_dang_ky_is_no_posting() -> None:
    assert "published" not in meaning("Hồ sơ đăng ký trực tuyến").concepts
