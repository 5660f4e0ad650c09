"""What a notice tells a unit (issue 16, point 5): every fixable finding grouped under its
criterion's title, what to send, by when, where (the portal), «Số: 01/…», Liberation
Serif embedded, no word or code broken across lines; and a clear error without the font."""

import io
from datetime import date

import pytest
from pypdf import PdfReader

from flows.campaign_keys import portal_url, reason_required_below_max, resubmit_days
from kiemchung.core.errors import ConfigError
from notices import fonts, rejection

TITLE = "Văn bản được ký số cá nhân của từng lãnh đạo cơ quan (3 tháng 01 văn bản)"


def letter(**kw: object) -> rejection.NoticeLetter:
    it = rejection.RejectedItem
    items = (
        it("ky-so-ca-nhan", "cv-2019-05-10-chung-thu-het-han.pdf", "SIG_INVALID",
           "Chữ ký số trong tệp không hợp lệ: chứng thư hết hạn.", TITLE),
        it("ky-so-ca-nhan", "", "COVERAGE_QUARTER_MISSING",
           "Đơn vị thiếu văn bản ký số trong quý 3.", TITLE),
        it("thu-cong-vu", "anh-chup.png", "FILE_EMPTY", "Tệp rỗng (0 byte).",
           "Tài khoản thư điện tử công vụ / tổng số cán bộ, công chức, viên chức"),
        it("ty-le-ky-so", "thong-ke.png", "PERIOD_MISMATCH", "Kỳ số liệu không khớp.",
           "Số văn bản đi được ký số / tổng số văn bản đi",
           (("window", "01/10/2018–30/09/2019"),)),
        it("", "ky-so-to-chu/cv.pdf", "CRITERION_UNKNOWN", "Thư mục «ky-so-to-chu» sai.", "",
           (("suggestion", "ky-so-to-chuc"),)),
    )
    base = dict(number=rejection.notice_number(1, "VHTT-KC"), day=date(2019, 10, 25),
                deadline=date(2019, 11, 4), subject=rejection.SUBJECT,
                unit_name="UBND xã Quảng Phong", campaign_name="Đánh giá CQĐT 2019",
                items=items, issuer_parent="UBND HUYỆN HẢI HÀ",
                issuer="PHÒNG VĂN HÓA VÀ THÔNG TIN", place="Hải Hà",
                portal_url="https://minhchung.haiha.example.test")
    base.update(kw)
    return rejection.NoticeLetter(**base)  # type: ignore[arg-type]


def test_a_notice_groups_by_title_and_says_what_when_and_where() -> None:
    n = letter()
    assert rejection.notice_number(1, "X") == "01/X" and rejection.notice_number(12, "X") == "12/X"
    reader = PdfReader(io.BytesIO(rejection.pdf(n)))
    text = "\n".join(p.extract_text() or "" for p in reader.pages)
    words = text.split()
    assert "01/VHTT-KC" in text
    assert "1. Văn bản được ký số cá nhân" in text and "3. Số văn bản đi" in text
    assert rejection.NO_CRITERION in text and "«ky-so-to-chuc»?)" in "".join(words)
    assert "https://minhchung.haiha.example.test" in words and "04/11/2019." in words
    assert "cv-2019-05-10-chung-thu-het-han.pdf" in words  # never broken
    assert "ky-so-ca-nhan" not in text  # criteria by title
    assert "01/10/2018–30/09/2019)" in "".join(words)  # «what to send» filled from params
    fonts_used = {str(f["/BaseFont"]) for p in reader.pages
                  for f in p["/Resources"]["/Font"].get_object().values()}
    assert any("LiberationSerif" in f for f in fonts_used), fonts_used
    body = rejection.email_text(n)
    assert "https://minhchung.haiha.example.test" in body and "1. " + TITLE in body
    assert 'href="https://minhchung.haiha.example.test"' in rejection.email_html(n)


def test_a_missing_letter_font_names_the_package(monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: object) -> None:
    monkeypatch.setattr(fonts, "LETTER_DIRS", (tmp_path,))
    with pytest.raises(ConfigError, match="fonts-liberation2"):
        fonts.letter_font_path("LiberationSerif-Regular.ttf")


def test_campaign_keys_have_defaults() -> None:
    from pathlib import Path

    from storage.campaign_file import load_campaign

    cfg = load_campaign(Path(__file__).resolve().parents[2] / "sample_evidence" / "campaign.toml")
    assert cfg.notices is not None
    bare = cfg.model_copy(update={"portal_url": None, "reason_required_below_max": False,
                                  "notices": None})
    assert portal_url(bare) == "" and reason_required_below_max(bare) is False
    assert resubmit_days(bare) == 10
    notices = cfg.notices.model_copy(update={"resubmit_days": 7})
    set_ = cfg.model_copy(update={"portal_url": "https://x.test",
                                  "reason_required_below_max": True, "notices": notices})
    assert portal_url(set_) == "https://x.test" and reason_required_below_max(set_)
    assert resubmit_days(set_) == 7
