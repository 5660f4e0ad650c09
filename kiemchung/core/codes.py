"""The catalogue of finding codes.

Every problem kiemchung reports about evidence or claims has one stable code here,
with a severity, a Vietnamese message for people and an English one for logs.
Codes never change meaning; new ones are appended. Messages are ``str.format``
templates filled from a finding's ``params``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum


class Severity(StrEnum):
    BLOCKING = "blocking"
    """The evidence cannot confirm a claim until this is resolved."""
    WARNING = "warning"
    """Worth a reviewer's look; does not by itself stop confirmation."""


@dataclass(frozen=True)
class CodeInfo:
    severity: Severity
    vi: str
    """Message for people (Vietnamese), a format template."""
    en: str
    """Message for logs (English), a format template."""
    title: str = ""
    """A short Vietnamese name for people (filled from ``TITLES`` below)."""


class FindingCode(StrEnum):
    # Ingest: files and folders
    FILE_EMPTY = "FILE_EMPTY"
    FILE_TYPE_UNKNOWN = "FILE_TYPE_UNKNOWN"
    FILE_UNREADABLE = "FILE_UNREADABLE"
    FILE_TOO_LARGE = "FILE_TOO_LARGE"
    UPLOAD_PATH_UNKNOWN = "UPLOAD_PATH_UNKNOWN"
    UNIT_UNKNOWN = "UNIT_UNKNOWN"
    CRITERION_UNKNOWN = "CRITERION_UNKNOWN"
    # Claims sheet
    CLAIM_ROW_INVALID = "CLAIM_ROW_INVALID"
    # Verification (NOT_YET_VERIFIED: for a verifier that exists in name only; unused now)
    NOT_YET_VERIFIED = "NOT_YET_VERIFIED"
    SIG_MISSING = "SIG_MISSING"
    SIG_INVALID = "SIG_INVALID"
    SIG_UNTRUSTED = "SIG_UNTRUSTED"
    SIG_ORG_MISSING = "SIG_ORG_MISSING"
    SIG_PERSONAL_MISSING = "SIG_PERSONAL_MISSING"
    SIG_ORDER_WRONG = "SIG_ORDER_WRONG"
    SIG_OUTSIDE_WINDOW = "SIG_OUTSIDE_WINDOW"
    COVERAGE_QUARTER_MISSING = "COVERAGE_QUARTER_MISSING"
    CLAIM_MISMATCH = "CLAIM_MISMATCH"
    PERIOD_MISMATCH = "PERIOD_MISMATCH"
    DATE_OUTSIDE_WINDOW = "DATE_OUTSIDE_WINDOW"
    OCR_LOW_CONFIDENCE = "OCR_LOW_CONFIDENCE"
    OCR_FAILED = "OCR_FAILED"
    FILE_LIMIT_EXCEEDED = "FILE_LIMIT_EXCEEDED"
    VERIFIER_CRASHED = "VERIFIER_CRASHED"
    LATE_UPLOAD = "LATE_UPLOAD"
    EVIDENCE_MISSING = "EVIDENCE_MISSING"
    EVIDENCE_KIND_WRONG = "EVIDENCE_KIND_WRONG"
    # --- units' loop (loop) ---
    REASON_MISSING = "REASON_MISSING"
    """A self-assessment row below the criterion's maximum without a reason (Gia Lai)."""
    # --- screen reading (ocr-core) ---
    FACT_AMBIGUOUS = "FACT_AMBIGUOUS"
    FACT_CROSSCHECK_FAILED = "FACT_CROSSCHECK_FAILED"

    @property
    def info(self) -> CodeInfo:
        return CATALOGUE[self]

    @property
    def severity(self) -> Severity:
        return CATALOGUE[self].severity

    def message_vi(self, **params: object) -> str:
        return _fill(CATALOGUE[self].vi, params)

    def message_en(self, **params: object) -> str:
        return _fill(CATALOGUE[self].en, params)

    @property
    def title_vi(self) -> str:
        """A short Vietnamese name for the problem (queue rows, headings, reports)."""
        return CATALOGUE[self].title


def _fill(template: str, params: dict[str, object]) -> str:
    """Fill a template; a missing parameter shows as ``?`` instead of raising."""

    class _Lenient(dict[str, object]):
        def __missing__(self, key: str) -> str:
            return "?"

    return template.format_map(_Lenient(params))


B, W = Severity.BLOCKING, Severity.WARNING

CATALOGUE: dict[FindingCode, CodeInfo] = {
    FindingCode.FILE_EMPTY: CodeInfo(
        B, "Tệp «{file}» rỗng (0 byte). Đề nghị gửi lại tệp có nội dung.",
        "file {file} is empty (0 bytes)"),
    FindingCode.FILE_TYPE_UNKNOWN: CodeInfo(
        B, "Tệp «{file}» không thuộc loại được chấp nhận (PDF, PNG, JPEG, WebP). "
           "Đề nghị gửi lại đúng định dạng.",
        "file {file} has an unsupported type ({detail})"),
    FindingCode.FILE_UNREADABLE: CodeInfo(
        B, "Không đọc được tệp «{file}»: {detail}. Đề nghị gửi lại bản không bị lỗi.",
        "file {file} cannot be read: {detail}"),
    FindingCode.FILE_TOO_LARGE: CodeInfo(
        B, "Tệp «{file}» quá lớn ({size} byte, tối đa {limit} byte).",
        "file {file} is too large ({size} bytes, limit {limit})"),
    FindingCode.UPLOAD_PATH_UNKNOWN: CodeInfo(
        B, "Tệp «{file}» không nằm trong thư mục đúng quy ước «mã đơn vị/mã tiêu chí/tệp». "
           "Đề nghị đặt lại tệp vào đúng thư mục.",
        "upload {file} is not under <unit>/<criterion>/"),
    FindingCode.UNIT_UNKNOWN: CodeInfo(
        B, "Thư mục «{folder}» không khớp với mã đơn vị nào của đợt đánh giá (tệp «{file}»).",
        "folder {folder} matches no unit (file {file})"),
    FindingCode.CRITERION_UNKNOWN: CodeInfo(
        B, "Thư mục «{folder}» không khớp với mã tiêu chí nào của đợt đánh giá (tệp «{file}»).",
        "folder {folder} matches no criterion (file {file})"),
    FindingCode.CLAIM_ROW_INVALID: CodeInfo(
        B, "Dòng {row} của bảng tự đánh giá «{file}» không hợp lệ: {detail}.",
        "claims sheet {file} row {row} is invalid: {detail}"),
    FindingCode.NOT_YET_VERIFIED: CodeInfo(
        W, "Tệp «{file}» chưa được kiểm tra tự động ({detail}); cần người thẩm định xem.",
        "file {file} not yet verified: {detail}"),
    FindingCode.SIG_MISSING: CodeInfo(
        B, "Tệp «{file}» không có chữ ký số.",
        "file {file} carries no digital signature"),
    FindingCode.SIG_INVALID: CodeInfo(
        B, "Chữ ký số trong tệp «{file}» không hợp lệ: {detail}.",
        "signature in {file} is invalid: {detail}"),
    FindingCode.SIG_UNTRUSTED: CodeInfo(
        B, "Chữ ký số trong tệp «{file}» không xác thực được với chứng thư gốc tin cậy: {detail}.",
        "signature in {file} does not chain to a trust anchor: {detail}"),
    FindingCode.SIG_ORG_MISSING: CodeInfo(
        B, "Tệp «{file}» thiếu chữ ký số của cơ quan, tổ chức.",
        "file {file} lacks the organization's signature"),
    FindingCode.SIG_PERSONAL_MISSING: CodeInfo(
        B, "Tệp «{file}» thiếu chữ ký số cá nhân của người có thẩm quyền.",
        "file {file} lacks a leader's personal signature"),
    FindingCode.SIG_ORDER_WRONG: CodeInfo(
        W, "Trong tệp «{file}», chữ ký số của cơ quan được ký trước chữ ký số cá nhân "
           "(Nghị định 30/2020/NĐ-CP yêu cầu ký cá nhân trước).",
        "file {file}: organization signed before the leader"),
    FindingCode.SIG_OUTSIDE_WINDOW: CodeInfo(
        B, "Tệp «{file}» được ký ngày {date}, ngoài thời gian đánh giá {window}.",
        "file {file} signed {date}, outside the window {window}"),
    FindingCode.COVERAGE_QUARTER_MISSING: CodeInfo(
        B, "Đơn vị «{unit}» thiếu văn bản ký số ({who}) trong quý {quarter} ({slice}).",
        "unit {unit} has no signed document ({who}) in quarter {quarter} ({slice})"),
    FindingCode.CLAIM_MISMATCH: CodeInfo(
        B, "Số liệu tự đánh giá «{fact}» = {claimed} không khớp với minh chứng = {found} "
           "({source}).",
        "claim {fact}={claimed} disagrees with evidence {found} ({source})"),
    FindingCode.PERIOD_MISMATCH: CodeInfo(
        B, "Kỳ số liệu trong «{file}» ({period}) không khớp với thời gian đánh giá {window}.",
        "period in {file} ({period}) does not match the window {window}"),
    FindingCode.DATE_OUTSIDE_WINDOW: CodeInfo(
        B, "Ngày {date} trong «{file}» nằm ngoài thời gian đánh giá {window}.",
        "date {date} in {file} is outside the window {window}"),
    FindingCode.OCR_LOW_CONFIDENCE: CodeInfo(
        W, "Không đọc chắc chắn được số liệu trong «{file}» ({detail}); "
           "cần người thẩm định kiểm tra.",
        "low OCR confidence in {file}: {detail}"),
    FindingCode.OCR_FAILED: CodeInfo(
        W, "Không nhận dạng được chữ trong «{file}» ({detail}); cần người thẩm định xem.",
        "OCR failed for {file}: {detail}"),
    FindingCode.FILE_LIMIT_EXCEEDED: CodeInfo(
        W, "Không kiểm tra hết được tệp «{file}»: {detail}; cần người thẩm định xem.",
        "file {file} exceeded a verification limit: {detail}"),
    FindingCode.VERIFIER_CRASHED: CodeInfo(
        W, "Chưa kiểm tra được tệp «{file}»: {detail}.",
        "verification of {file} crashed: {detail}"),
    FindingCode.LATE_UPLOAD: CodeInfo(
        B, "Tệp «{file}» nộp ngày {received}, sau hạn {deadline}{consequence}.",
        "file {file} received {received}, after the deadline {deadline}"),
    FindingCode.EVIDENCE_KIND_WRONG: CodeInfo(
        B, "Tệp «{file}» là {kind}, không phải loại minh chứng tiêu chí này chấp nhận "
           "({accepted}).",
        "file {file} is {kind}; the criterion accepts {accepted}"),
    FindingCode.EVIDENCE_MISSING: CodeInfo(
        B, "Đơn vị «{unit}» chưa có minh chứng cho tiêu chí «{criterion}».",
        "unit {unit} has no evidence for criterion {criterion}"),
    # --- units' loop (loop) ---
    FindingCode.REASON_MISSING: CodeInfo(
        B, "Tiêu chí «{criterion}»: đơn vị tự chấm {claimed}/{max} điểm nhưng chưa nêu rõ lý "
           "do không đạt điểm tối đa (cột «Lý do» của bảng tự đánh giá «{file}», dòng {row}).",
        "criterion {criterion}: self-assessed {claimed} of {max} points without a reason"),
    # --- screen reading (ocr-core) ---
    FindingCode.FACT_AMBIGUOUS: CodeInfo(
        W, "Trong «{file}» không xác định chắc chắn được số liệu ({detail}); cần người "
           "thẩm định chọn giá trị đúng.",
        "ambiguous fact in {file}: {detail}"),
    FindingCode.FACT_CROSSCHECK_FAILED: CodeInfo(
        W, "Các số liệu trong «{file}» không khớp với nhau ({detail}); có thể đã đọc sai, "
           "cần người thẩm định kiểm tra.",
        "facts in {file} fail a cross-check: {detail}"),
}

assert set(CATALOGUE) == set(FindingCode), "every finding code needs a catalogue entry"

# A short Vietnamese title per code, beside its message: what a reviewer reads in the
# queue instead of the code.
TITLES: dict[FindingCode, str] = {
    FindingCode.FILE_EMPTY: "Tệp rỗng",
    FindingCode.FILE_TYPE_UNKNOWN: "Loại tệp không được chấp nhận",
    FindingCode.FILE_UNREADABLE: "Không đọc được tệp",
    FindingCode.FILE_TOO_LARGE: "Tệp quá lớn",
    FindingCode.UPLOAD_PATH_UNKNOWN: "Tệp đặt sai thư mục",
    FindingCode.UNIT_UNKNOWN: "Thư mục không khớp đơn vị",
    FindingCode.CRITERION_UNKNOWN: "Thư mục không khớp tiêu chí",
    FindingCode.CLAIM_ROW_INVALID: "Dòng tự đánh giá không hợp lệ",
    FindingCode.NOT_YET_VERIFIED: "Chưa kiểm tra tự động",
    FindingCode.SIG_MISSING: "Không có chữ ký số",
    FindingCode.SIG_INVALID: "Chữ ký số không hợp lệ",
    FindingCode.SIG_UNTRUSTED: "Chữ ký số chưa xác thực được",
    FindingCode.SIG_ORG_MISSING: "Thiếu chữ ký số của cơ quan",
    FindingCode.SIG_PERSONAL_MISSING: "Thiếu chữ ký số cá nhân",
    FindingCode.SIG_ORDER_WRONG: "Thứ tự ký số chưa đúng",
    FindingCode.SIG_OUTSIDE_WINDOW: "Ký ngoài thời gian đánh giá",
    FindingCode.COVERAGE_QUARTER_MISSING: "Thiếu văn bản ký số trong quý",
    FindingCode.CLAIM_MISMATCH: "Số liệu tự đánh giá không khớp minh chứng",
    FindingCode.PERIOD_MISMATCH: "Kỳ số liệu không khớp thời gian đánh giá",
    FindingCode.DATE_OUTSIDE_WINDOW: "Ngày ngoài thời gian đánh giá",
    FindingCode.OCR_LOW_CONFIDENCE: "Số liệu đọc chưa chắc chắn",
    FindingCode.OCR_FAILED: "Không nhận dạng được chữ",
    FindingCode.FILE_LIMIT_EXCEEDED: "Vượt giới hạn kiểm tra",
    FindingCode.VERIFIER_CRASHED: "Lỗi khi kiểm tra tệp",
    FindingCode.LATE_UPLOAD: "Nộp sau hạn",
    FindingCode.EVIDENCE_MISSING: "Chưa có minh chứng",
    FindingCode.EVIDENCE_KIND_WRONG: "Sai loại minh chứng",
    FindingCode.REASON_MISSING: "Chưa nêu lý do không đạt điểm tối đa",
    FindingCode.FACT_AMBIGUOUS: "Số liệu chưa xác định được",
    FindingCode.FACT_CROSSCHECK_FAILED: "Số liệu không khớp nhau",
}
assert set(TITLES) == set(FindingCode), "every finding code needs a title"
CATALOGUE = {code: replace(info, title=TITLES[code]) for code, info in CATALOGUE.items()}


class SigReason(StrEnum):
    """Why a signature (or a signed file) got its verdict. Stable codes; each maps to
    the finding it raises (if any) and carries a Vietnamese message."""

    # integrity
    DIGEST_MISMATCH = "SIG_DIGEST_MISMATCH"
    CRYPTO_INVALID = "SIG_CRYPTO_INVALID"
    COVERAGE_PARTIAL = "SIG_COVERAGE_PARTIAL"
    MODIFIED_AFTER_SIGNING = "SIG_MODIFIED_AFTER_SIGNING"
    ANNOTATED_AFTER_SIGNING = "SIG_ANNOTATED_AFTER_SIGNING"
    DOCMDP_VIOLATION = "SIG_DOCMDP_VIOLATION"
    DIFF_UNAVAILABLE = "SIG_DIFF_UNAVAILABLE"
    # trust and certificates
    CHAIN_UNTRUSTED = "SIG_CHAIN_UNTRUSTED"
    CERT_REVOKED = "SIG_CERT_REVOKED"
    CERT_EXPIRED = "SIG_CERT_EXPIRED"
    CERT_NOT_YET_VALID = "SIG_CERT_NOT_YET_VALID"
    REVOCATION_UNKNOWN = "SIG_REVOCATION_UNKNOWN"
    KEY_USAGE = "SIG_KEY_USAGE"
    TRUST_OTHER = "SIG_TRUST_OTHER"
    # algorithms
    WEAK_ALGORITHM = "SIG_WEAK_ALGORITHM"
    WEAK_KEY = "SIG_WEAK_KEY"
    # time
    TIMESTAMP_INVALID = "SIG_TIMESTAMP_INVALID"
    # structure
    UNSUPPORTED_SUBFILTER = "SIG_UNSUPPORTED_SUBFILTER"
    PROCESSING_ERROR = "SIG_PROCESSING_ERROR"
    PDF_ENCRYPTED = "PDF_ENCRYPTED"
    PDF_MALFORMED = "PDF_MALFORMED"
    # issue 15 (sig-core): CMS structure, signer certificate, time notes, field summary
    CMS_MALFORMED = "SIG_CMS_MALFORMED"
    NO_SIGNER_CERT = "SIG_NO_SIGNER_CERT"
    SIGNING_TIME_OFFSET = "SIG_SIGNING_TIME_OFFSET"
    FIELD_FAILED = "SIG_FIELD_FAILED"
    # --- revisions (sig-rev) ---
    INCREMENT_MALFORMED = "SIG_INCREMENT_MALFORMED"
    SIGNED_REVISION_UNREADABLE = "SIG_SIGNED_REVISION_UNREADABLE"
    VISUAL_DIFFERENCE = "SIG_VISUAL_DIFFERENCE"
    ANNOTATION_OVER_TEXT = "SIG_ANNOTATION_OVER_TEXT"
    VISUAL_CHECK_UNAVAILABLE = "SIG_VISUAL_CHECK_UNAVAILABLE"

    @property
    def finding(self) -> FindingCode | None:
        return SIG_REASON_FINDING[self]

    @property
    def message_vi(self) -> str:
        return SIG_REASON_VI[self]


_I, _U = FindingCode.SIG_INVALID, FindingCode.SIG_UNTRUSTED
SIG_REASON_FINDING: dict[SigReason, FindingCode | None] = {
    SigReason.DIGEST_MISMATCH: _I, SigReason.CRYPTO_INVALID: _I, SigReason.COVERAGE_PARTIAL: _I,
    SigReason.MODIFIED_AFTER_SIGNING: _I, SigReason.ANNOTATED_AFTER_SIGNING: _U,
    SigReason.DOCMDP_VIOLATION: _I, SigReason.DIFF_UNAVAILABLE: _U, SigReason.CHAIN_UNTRUSTED: _U,
    SigReason.CERT_REVOKED: _I, SigReason.CERT_EXPIRED: _I, SigReason.CERT_NOT_YET_VALID: _I,
    SigReason.REVOCATION_UNKNOWN: _U, SigReason.KEY_USAGE: _U, SigReason.TRUST_OTHER: _U,
    SigReason.WEAK_ALGORITHM: _U, SigReason.WEAK_KEY: _U, SigReason.TIMESTAMP_INVALID: _U,
    SigReason.UNSUPPORTED_SUBFILTER: _U, SigReason.PROCESSING_ERROR: _U,
    SigReason.PDF_ENCRYPTED: FindingCode.FILE_UNREADABLE,
    SigReason.PDF_MALFORMED: FindingCode.FILE_UNREADABLE,
    SigReason.CMS_MALFORMED: FindingCode.FILE_UNREADABLE, SigReason.NO_SIGNER_CERT: _U,
    SigReason.SIGNING_TIME_OFFSET: None,
    SigReason.FIELD_FAILED: None,
    # --- revisions (sig-rev) ---
    SigReason.INCREMENT_MALFORMED: _I, SigReason.SIGNED_REVISION_UNREADABLE:
    FindingCode.FILE_UNREADABLE, SigReason.VISUAL_DIFFERENCE: _I,
    SigReason.ANNOTATION_OVER_TEXT: _U, SigReason.VISUAL_CHECK_UNAVAILABLE: _U,
}
SIG_REASON_VI: dict[SigReason, str] = {
    SigReason.DIGEST_MISMATCH: "nội dung đã bị thay đổi sau khi ký (mã băm không khớp)",
    SigReason.CRYPTO_INVALID: "giá trị chữ ký không đúng với khóa công khai của chứng thư",
    SigReason.COVERAGE_PARTIAL: "chữ ký không bao phủ toàn bộ tài liệu",
    SigReason.MODIFIED_AFTER_SIGNING: "tài liệu bị sửa nội dung sau khi ký",
    SigReason.ANNOTATED_AFTER_SIGNING: "tài liệu được thêm chú thích sau khi ký, cần xem xét",
    SigReason.DOCMDP_VIOLATION: "thay đổi sau khi ký vượt quá quyền mà chữ ký chứng thực cho phép",
    SigReason.DIFF_UNAVAILABLE: "không phân tích được các thay đổi sau khi ký",
    SigReason.CHAIN_UNTRUSTED: "chứng thư số không thuộc chuỗi tin cậy (không dẫn tới chứng thư "
                               "gốc được chấp nhận)",
    SigReason.CERT_REVOKED: "chứng thư số đã bị thu hồi tại thời điểm ký",
    SigReason.CERT_EXPIRED: "chứng thư số đã hết hạn tại thời điểm ký",
    SigReason.CERT_NOT_YET_VALID: "chứng thư số chưa có hiệu lực tại thời điểm ký",
    SigReason.REVOCATION_UNKNOWN: "không kiểm tra được tình trạng thu hồi của chứng thư số",
    SigReason.KEY_USAGE: "chứng thư số không được phép dùng để ký số",
    SigReason.TRUST_OTHER: "không xác thực được chứng thư số",
    SigReason.WEAK_ALGORITHM: "thuật toán băm hoặc chữ ký đã hết thời hạn được chấp nhận tại "
                              "thời điểm ký (như SHA-1, MD5), không có dấu thời gian chứng minh "
                              "chữ ký có trước thời hạn đó",
    SigReason.WEAK_KEY: "khóa RSA quá ngắn, đã hết thời hạn được chấp nhận tại thời điểm ký",
    SigReason.TIMESTAMP_INVALID: "dấu thời gian không hợp lệ hoặc không được tin cậy",
    SigReason.UNSUPPORTED_SUBFILTER: "định dạng chữ ký không được hỗ trợ",
    SigReason.PROCESSING_ERROR: "không xử lý được chữ ký",
    SigReason.PDF_ENCRYPTED: "tệp PDF bị mã hóa",
    SigReason.PDF_MALFORMED: "tệp PDF bị hỏng, không đọc được cấu trúc",
    SigReason.CMS_MALFORMED: "dữ liệu chữ ký (CMS) bị hỏng, không giải mã được",
    SigReason.NO_SIGNER_CERT: "không tìm thấy chứng thư số của người ký trong chữ ký",
    SigReason.SIGNING_TIME_OFFSET: "thời gian ký ghi trong chữ ký lệch đúng 7 giờ so với thời "
                                   "gian ghi trong tệp (phần mềm ký ghi giờ Việt Nam như giờ "
                                   "UTC); đã dùng thời gian trong tệp",
    SigReason.FIELD_FAILED: "chữ ký này không hợp lệ",
    # --- revisions (sig-rev) ---
    SigReason.INCREMENT_MALFORMED: "phần thêm vào sau khi ký có cấu trúc bất thường",
    SigReason.SIGNED_REVISION_UNREADABLE: "không đọc được phiên bản tài liệu đã ký",
    SigReason.VISUAL_DIFFERENCE: "nội dung hiển thị khác với bản đã ký (ngoài chữ ký, ô nhập "
                                 "liệu và số, ngày văn thư ghi theo Nghị định 30)",
    SigReason.ANNOTATION_OVER_TEXT: "có chú thích thêm sau khi ký đè lên nội dung văn bản, "
                                    "cần xem xét",
    SigReason.VISUAL_CHECK_UNAVAILABLE: "không so sánh được hình ảnh bản đã ký với bản cuối",
}
assert set(SIG_REASON_FINDING) == set(SigReason) == set(SIG_REASON_VI)

# ETSI EN 319 102-1 (§5.1.3) main indication and sub-indication each reason stands for,
# when it is the reason that decides a signature's verdict. TOTAL_FAILED only for proof
# of a problem (``INVALIDATING`` in verifiers/signatures/validate.py); a reason missing
# here counts as INDETERMINATE with no sub-indication of its own.
_F, _N = "TOTAL_FAILED", "INDETERMINATE"
SIG_REASON_ETSI: dict[SigReason, tuple[str, str]] = {
    SigReason.DIGEST_MISMATCH: (_F, "HASH_FAILURE"),
    SigReason.CRYPTO_INVALID: (_F, "SIG_CRYPTO_FAILURE"),
    SigReason.COVERAGE_PARTIAL: (_F, "FORMAT_FAILURE"),
    SigReason.MODIFIED_AFTER_SIGNING: (_F, "FORMAT_FAILURE"),
    SigReason.DOCMDP_VIOLATION: (_F, "FORMAT_FAILURE"),
    SigReason.CERT_REVOKED: (_F, "REVOKED"),
    SigReason.CERT_EXPIRED: (_F, "EXPIRED"),
    SigReason.CERT_NOT_YET_VALID: (_F, "NOT_YET_VALID"),
    SigReason.ANNOTATED_AFTER_SIGNING: (_N, "SIG_CONSTRAINTS_FAILURE"),
    SigReason.DIFF_UNAVAILABLE: (_N, "SIG_CONSTRAINTS_FAILURE"),
    SigReason.KEY_USAGE: (_N, "CHAIN_CONSTRAINTS_FAILURE"),
    SigReason.CHAIN_UNTRUSTED: (_N, "NO_CERTIFICATE_CHAIN_FOUND"),
    SigReason.REVOCATION_UNKNOWN: (_N, "TRY_LATER"),
    SigReason.TRUST_OTHER: (_N, "CERTIFICATE_CHAIN_GENERAL_FAILURE"),
    SigReason.WEAK_ALGORITHM: (_N, "CRYPTO_CONSTRAINTS_FAILURE_NO_POE"),
    SigReason.WEAK_KEY: (_N, "CRYPTO_CONSTRAINTS_FAILURE_NO_POE"),
    SigReason.TIMESTAMP_INVALID: (_N, "NO_POE"),
    SigReason.UNSUPPORTED_SUBFILTER: (_N, "FORMAT_FAILURE"),
    SigReason.PROCESSING_ERROR: (_N, "TRY_LATER"),
    SigReason.PDF_ENCRYPTED: (_N, "FORMAT_FAILURE"),
    SigReason.PDF_MALFORMED: (_N, "FORMAT_FAILURE"),
    SigReason.CMS_MALFORMED: (_N, "FORMAT_FAILURE"),
    SigReason.NO_SIGNER_CERT: (_N, "NO_SIGNING_CERTIFICATE_FOUND"),
    SigReason.INCREMENT_MALFORMED: (_F, "FORMAT_FAILURE"),
    SigReason.SIGNED_REVISION_UNREADABLE: (_N, "FORMAT_FAILURE"),
    SigReason.VISUAL_DIFFERENCE: (_F, "FORMAT_FAILURE"),
    SigReason.ANNOTATION_OVER_TEXT: (_N, "SIG_CONSTRAINTS_FAILURE"),
    SigReason.VISUAL_CHECK_UNAVAILABLE: (_N, "TRY_LATER"),
}
