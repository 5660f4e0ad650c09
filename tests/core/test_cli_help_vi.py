"""The frame Typer prints around our help and errors is Vietnamese too: panel titles,
the help and completion options, the usage line, usage errors. Fails if a Typer upgrade
moves the strings ``kiemchung.cli.help_vi`` replaces."""

import pytest
from typer.testing import CliRunner

from kiemchung.cli import app
from kiemchung.cli.help_vi import translate_error

ENGLISH = ("Show this message", "Usage:", "Options", "Commands", "Arguments",
           "Install completion", "[default:", "[required]", "Error", "Try '")


@pytest.mark.parametrize("args", [["--help"], ["verify", "--help"], ["users", "--help"]])
def test_help_pages_have_no_english_frame(args: list[str]) -> None:
    out = CliRunner().invoke(app, args, prog_name="kiemchung", env={"COLUMNS": "120"}).output
    assert "Cách dùng: kiemchung" in out and "Tùy chọn" in out
    assert "Hiển thị trợ giúp này rồi thoát." in out
    assert [w for w in ENGLISH if w in out] == []


@pytest.mark.parametrize(("args", "vietnamese"), [
    (["verify", "--bogus", "a.pdf"], "Không có tùy chọn --bogus."),
    (["verify"], "Thiếu đối số «files»."),
    (["verify", "--trust", "x", "a.pdf"], "«x» không thuộc các giá trị"),
    (["khong-co-lenh"], "Không có lệnh «khong-co-lenh»."),
])
def test_usage_errors_are_vietnamese(args: list[str], vietnamese: str) -> None:
    r = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
    assert r.exit_code == 2
    assert vietnamese in r.output and "Lỗi" in r.output
    assert "No such" not in r.output and "Missing" not in r.output


def test_an_unknown_message_is_left_as_it_is() -> None:
    assert translate_error("Something new in Typer 1.0") == "Something new in Typer 1.0"
    assert translate_error("Option '--crl' requires an argument.") == \
        "Tùy chọn «--crl» cần một giá trị."
