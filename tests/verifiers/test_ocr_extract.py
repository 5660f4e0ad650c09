"""OCR with the real Tesseract `vie` model, and fact extraction."""

import io
import json
from datetime import date

import pytest
from PIL import Image

from kiemchung.core.text import fold
from sample_evidence.generator.screens import ScreenSpec, render_screen
from tests.conftest import SAMPLE
from verifiers.extract.dates import parse_date, parse_month, parse_period, parse_place_date
from verifiers.extract.facts import TextLine, Token, extract_facts
from verifiers.ocr.images import ImageRejected, open_image, prepare
from verifiers.ocr.read import read_image, read_pdf
from verifiers.pipeline import VerifyOptions, verify_bytes

MANIFEST = json.loads((SAMPLE / "expected.json").read_text(encoding="utf-8"))
WITH_FACTS = sorted(rel for rel, e in MANIFEST["files"].items()
                    if e["facts"] and e["kind"] in ("image", "pdf_scan"))


@pytest.mark.parametrize("rel", WITH_FACTS)
def test_sample_screens_and_scans_give_their_facts(rel: str) -> None:
    data = (SAMPLE / "uploads" / rel).read_bytes()
    reading = read_pdf(data) if rel.endswith(".pdf") else read_image(data)
    facts = {f.name: f for f in extract_facts(reading.lines)}
    for name, expected in MANIFEST["files"][rel]["facts"].items():
        assert name in facts, (name, reading.report().text)
        assert str(facts[name].value) == str(expected), name
        assert facts[name].bbox is not None and facts[name].page == 1
        assert facts[name].method == "ocr"


def test_signed_pdf_text_layer_gives_the_document_date() -> None:
    rel = "ubnd-huyen/ky-so-to-chuc/cv-2018-10-13-nguyen-van-an.pdf"
    facts = {f.name: f for f in extract_facts(read_pdf((SAMPLE / "uploads" / rel).read_bytes())
                                                .lines)}
    assert facts["document_date"].value == "2018-10-13"
    assert facts["document_date"].method == "text_layer"
    assert facts["document_date"].confidence == 1.0


def test_screenshot_inside_a_signed_pdf_is_read() -> None:
    rel = "ubnd-huyen/ty-le-ky-so/thong-ke-van-ban-di-ky-so.pdf"
    options = VerifyOptions(trust_roots=(SAMPLE / "pki" / "roots",))
    report = verify_bytes((SAMPLE / "uploads" / rel).read_bytes(), rel, options)
    facts = {f.name: f.value for f in report.facts}
    exp = MANIFEST["files"][rel]["facts"]
    assert report.verdict == "valid" and report.signatures
    assert facts["outgoing_total"] == exp["outgoing_total"]
    assert facts["outgoing_signed"] == exp["outgoing_signed"]
    assert report.ocr is not None and report.ocr.mean_confidence


@pytest.mark.parametrize(("layout", "theme", "font"), [
    ("lines", "dark", "sans"), ("table", "light", "condensed"), ("tiles", "dark", "serif"),
])
def test_layouts_themes_and_fonts(layout: str, theme: str, font: str) -> None:
    spec = ScreenSpec("HỆ THỐNG MỘT CỬA ĐIỆN TỬ", "Thống kê hồ sơ",
                      "Kỳ báo cáo: 01/11/2019 - 31/10/2020",
                      (("Tổng số hồ sơ tiếp nhận", "12.408"), ("Hồ sơ trực tuyến", "3.177"),
                       ("Hồ sơ trả đúng hạn", "12.310")), layout=layout, theme=theme,  # type: ignore[arg-type]
                      font=font, font_px=12)
    buf = io.BytesIO()
    render_screen(spec).image.save(buf, "PNG")
    facts = {f.name: f.value for f in extract_facts(read_image(buf.getvalue()).lines)}
    assert facts["dossiers_received"] == 12408 and facts["dossiers_online"] == 3177
    assert facts["dossiers_on_time"] == 12310
    assert (facts["period_start"], facts["period_end"]) == ("2019-11-01", "2020-10-31")


def test_exif_rotation_is_honoured() -> None:
    spec = ScreenSpec("THƯ CÔNG VỤ", "Tài khoản", "Từ ngày 01/10/2018 đến ngày 30/09/2019",
                      (("Số tài khoản thư công vụ", "57"),), layout="lines")
    img = render_screen(spec).image.rotate(90, expand=True)  # as a phone stores it
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=90, exif=exif.tobytes())
    facts = {f.name: f.value for f in extract_facts(read_image(buf.getvalue()).lines)}
    assert facts["email_accounts"] == 57


def test_decompression_bomb_is_refused_before_decoding() -> None:
    buf = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buf, "PNG")  # tiny file, 400 megapixels
    with pytest.raises(ImageRejected, match=r"limit|bomb"):
        open_image(buf.getvalue())
    report = verify_bytes(buf.getvalue(), "bom.png")
    assert report.verdict == "error" and report.reasons[0].code == "FILE_UNREADABLE"


def test_dark_theme_is_inverted_and_small_text_upscaled() -> None:
    dark = Image.new("RGB", (300, 100), (20, 20, 30))
    p = prepare(dark, "screen")
    assert p.inverted and p.scale == 3.0 and p.image.width == 900 + 2 * p.offset


def test_scan_skew_is_estimated() -> None:
    from sample_evidence.generator.scans import render_page

    page = render_page([("text", "Điều 1. Bên B cung cấp dịch vụ thuê phần mềm quản lý")] * 12,
                       seed="skew", skew_deg=1.6, noise=0.0)
    assert abs(prepare(page, "scan").skew - (-1.6)) <= 0.4


@pytest.mark.parametrize(("text", "expected"), [
    ("Từ ngày 01/10/2018 đến ngày 30/09/2019", (date(2018, 10, 1), date(2019, 9, 30))),
    ("Kỳ báo cáo: 01/11/2019 - 31/10/2020", (date(2019, 11, 1), date(2020, 10, 31))),
    ("tu ngay 1-10-2020 den ngay 1-10-2021", (date(2020, 10, 1), date(2021, 10, 1))),
])
def test_periods(text: str, expected: tuple[date, date]) -> None:
    assert parse_period(fold(text)) == expected


def test_dates_months_and_the_document_own_date() -> None:
    assert parse_date(fold("ngày 7 tháng 10 năm 2019")) == date(2019, 10, 7)
    assert parse_date("07-10-2019") == date(2019, 10, 7)
    assert parse_date("31/02/2019") is None
    assert parse_month(fold("Kỳ cước: tháng 10/2019")) == "2019-10"
    assert parse_place_date(fold("Hải Hà, ngày 7 tháng 10 năm 2019")) == date(2019, 10, 7)
    assert parse_place_date(fold("Căn cứ Quyết định ngày 7 tháng 10 năm 2019")) is None
    lines = [TextLine([Token(w, None, None) for w in t.split()], 1, "text_layer") for t in (
        "Căn cứ công văn số 1436/UBND-VHTT ngày 22/8/2019 của UBND huyện;",
        "Hải Hà, ngày 7 tháng 10 năm 2019")]
    facts = {f.name: f.value for f in extract_facts(lines)}
    assert facts["document_date"] == "2019-10-07"  # its own date, not the one it cites


def test_labels_survive_missing_diacritics_and_ocr_slips() -> None:
    for text in ("Tong so van ban di: 1.245", "Tổng sô văn bàn đi: 1.245",
                 "TỔNG SỐ VĂN BẢN ĐI 1.245"):
        line = TextLine([Token(w, 90.0, (0, 0, 1, 1)) for w in text.split()], 1, "ocr")
        facts = {f.name: f.value for f in extract_facts([line])}
        assert facts == {"outgoing_total": 1245}, text
    words = ["Văn", "bản", "đi", "có", "ký", "số", "1.190"]
    line = TextLine([Token(w, 90.0, (0, 0, 1, 1)) for w in words], 1, "ocr")
    assert {f.name for f in extract_facts([line])} == {"outgoing_signed"}  # the longer label


def test_low_confidence_is_flagged_never_silently_confirmed() -> None:
    line = TextLine([Token("Tổng", 95, (0, 0, 1, 1)), Token("số", 95, (0, 0, 1, 1)),
                     Token("CBCCVC", 95, (0, 0, 1, 1)), Token("4O", 31, (0, 0, 1, 1)),
                     Token("45", 40, (0, 0, 1, 1))], 1, "ocr")
    (fact,) = extract_facts([line])
    assert fact.value == 45 and fact.confidence is not None and fact.confidence < 0.8


def test_tesseract_missing_is_reported_and_the_file_still_verified() -> None:
    rel = "ubnd-huyen/ty-le-ky-so/thong-ke-van-ban-di-ky-so.pdf"
    options = VerifyOptions(trust_roots=(SAMPLE / "pki" / "roots",),
                            tesseract_cmd="/nonexistent/tesseract")
    try:
        report = verify_bytes((SAMPLE / "uploads" / rel).read_bytes(), rel, options)
        assert report.verdict == "valid"  # the signature check does not need Tesseract
        assert "OCR_FAILED" in {r.code for r in report.reasons} and report.retry
        png = (SAMPLE / "uploads" / "ubnd-huyen/thu-cong-vu/tai-khoan-thu-cong-vu.png")
        report = verify_bytes(png.read_bytes(), "x.png", options)
        assert report.facts == () and report.reasons[0].code == "OCR_FAILED" and report.retry
    finally:
        from verifiers.ocr.engine import configure

        configure()  # this process's engine back to the default (set per file read)


def test_a_contract_article_is_not_a_reporting_period() -> None:
    assert parse_period(fold("Điều 3. Thời gian thực hiện: từ ngày 15/3/2019 đến ngày "
                             "31/12/2019.")) is None
