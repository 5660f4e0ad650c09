from decimal import Decimal

from kiemchung.core.text import fold
from storage.claims_sheet import read_claims_csv


def test_vietnamese_headers_and_numbers() -> None:
    text = ("\ufeffMã đơn vị,Mã tiêu chí,Giá trị,Tử số,Mẫu số,Ghi chú\n"
            "xa-a,ty-le,,1.190,1.245,ok\n"
            "xa-a,ha-tang,245.000.000,,,\n")
    r = read_claims_csv(text)
    assert r.errors == ()
    assert r.claims[0].numerator == Decimal(1190) and r.claims[0].denominator == Decimal(1245)
    assert r.claims[1].value == Decimal(245000000) and r.claims[1].row == 3


def test_english_headers_in_any_order() -> None:
    r = read_claims_csv("note,denominator,numerator,criterion,unit\n,10,5,c,u\n")
    assert r.claims[0].unit == "u" and r.claims[0].numerator == 5


def test_bad_rows_are_reported_and_good_rows_kept() -> None:
    text = ("Mã đơn vị,Mã tiêu chí,Giá trị,Tử số,Mẫu số\n"
            "u1,c1,,1.2O5,1.310\n"   # letter O
            "u1,c2,,5,\n"            # numerator without denominator
            ",c3,1,,\n"              # no unit
            "u1,c4,,,\n"             # nothing claimed
            "u1,c5,,11,10\n"         # numerator above denominator
            "u1,c6,-3,,\n"           # negative
            "\n"
            "u2,c1,,3,4\n")
    r = read_claims_csv(text)
    assert [c.unit for c in r.claims] == ["u2"]
    assert [e.row for e in r.errors] == [2, 3, 4, 5, 6, 7]
    assert "1.2O5" in r.errors[0].detail and r.errors[0].unit == "u1"
    assert "mẫu số" in r.errors[1].detail


def test_missing_columns_and_empty_sheet() -> None:
    assert "thiếu cột" in read_claims_csv("Giá trị\n1\n").errors[0].detail
    assert read_claims_csv("").errors[0].row == 1


def test_fold_is_for_matching_only() -> None:
    assert fold("  Mã Đơn  Vị ") == "ma don vi"
    assert fold("Tổng số văn bản đi") == "tong so van ban di"


def test_xlsx_sheet_with_vietnamese_headers() -> None:
    import io

    from openpyxl import Workbook

    from storage.claims_sheet import read_claims_xlsx

    wb = Workbook()
    ws = wb.active
    ws.append(["Mã đơn vị", "Mã tiêu chí", "Giá trị", "Tử số", "Mẫu số", "Ghi chú"])
    ws.append(["xa-a", "ty-le", None, 1190, 1245, "theo phần mềm"])
    ws.append(["xa-a", "ha-tang", 245000000, None, None, None])
    ws.append(["xa-b", "ty-le", None, "12a", 5, None])
    buf = io.BytesIO()
    wb.save(buf)
    r = read_claims_xlsx(buf.getvalue())
    assert [(c.unit, c.numerator, c.denominator, c.value) for c in r.claims] == [
        ("xa-a", Decimal(1190), Decimal(1245), None), ("xa-a", None, None, Decimal(245000000))]
    assert [e.row for e in r.errors] == [4]
    assert read_claims_xlsx(b"not a workbook").errors[0].row == 0
