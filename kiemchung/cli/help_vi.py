"""Vietnamese for the words Typer and its bundled Click print themselves: the help
panels' titles, «[mặc định: …]», the help and completion options, the usage line and
the usage errors («Thiếu đối số …», «Không có tùy chọn …»). Our own help strings are
Vietnamese already; this covers the frame around them.

Typer (pinned by ``uv.lock``) keeps these strings as module constants, option defaults
and f-strings; ``install()`` replaces the constants and wraps the two functions that
print, and ``tests/core/test_cli_help_vi.py`` fails if an upgrade moves them."""

from __future__ import annotations

import importlib.abc
import importlib.util
import inspect
import re
import sys
from collections.abc import Callable
from typing import Any

TITLES = {
    "ARGUMENTS_PANEL_TITLE": "Đối số",
    "OPTIONS_PANEL_TITLE": "Tùy chọn",
    "COMMANDS_PANEL_TITLE": "Lệnh",
    "ERRORS_PANEL_TITLE": "Lỗi",
    "ABORTED_TEXT": "Đã dừng.",
    "DEFAULT_STRING": "[mặc định: {}]",
    "ENVVAR_STRING": "[biến môi trường: {}]",
    "REQUIRED_LONG_STRING": "[bắt buộc]",
    "DEPRECATED_STRING": "(không còn dùng) ",
    "RICH_HELP": "Xem [blue]'{command_path} {help_option}'[/] để biết cách dùng.",
}
HELP_OPTION = "Hiển thị trợ giúp này rồi thoát."
COMPLETION = {
    "install_completion": "Cài gợi ý lệnh (tab) cho shell đang dùng.",
    "show_completion": "In mã gợi ý lệnh cho shell đang dùng, để sao chép hoặc tùy chỉnh.",
}
USAGE = "Cách dùng: "

ERRORS: list[tuple[re.Pattern[str], str]] = [(re.compile(p), r) for p, r in (
    (r"^Missing argument '(.+?)'\.(.*)$", r"Thiếu đối số «\1».\2"),
    (r"^Missing option '(.+?)'\.(.*)$", r"Thiếu tùy chọn «\1».\2"),
    (r"^Missing parameter: (.+)$", r"Thiếu tham số: \1"),
    (r"^No such option: (\S+)", r"Không có tùy chọn \1."),
    (r"^No such command '(.+?)'\.$", r"Không có lệnh «\1»."),
    (r"^Missing command\.$", "Thiếu lệnh."),
    (r"^Got unexpected extra arguments? \((.+)\)$", r"Thừa đối số: \1"),
    (r"^Option '(.+?)' requires an argument\.$", r"Tùy chọn «\1» cần một giá trị."),
    (r"^Option '(.+?)' requires (\d+) arguments\.$", r"Tùy chọn «\1» cần \2 giá trị."),
    (r"^Option '(.+?)' does not take a value\.$", r"Tùy chọn «\1» không nhận giá trị."),
    (r"^Invalid value for '(.+?)': (.+)$", r"Giá trị không hợp lệ cho «\1»: \2"),
    (r"^Invalid value: (.+)$", r"Giá trị không hợp lệ: \1"),
)]
VALUE_ERRORS: list[tuple[re.Pattern[str], str]] = [(re.compile(p), r) for p, r in (
    (r"'(.*?)' is not one of (.+)\.$", r"«\1» không thuộc các giá trị: \2."),
    (r"'(.*?)' is not (?:a valid )?(integer|float|int)(?: range)?\.?$", r"«\1» không phải là số."),
    (r"File '(.+?)' does not exist\.$", r"Không có tệp «\1»."),
    (r"Path '(.+?)' does not exist\.$", r"Không có đường dẫn «\1»."),
    (r"Directory '(.+?)' is a file\.$", r"«\1» là tệp, không phải thư mục."),
    (r"File '(.+?)' is a directory\.$", r"«\1» là thư mục, không phải tệp."),
    (r"'(.+?)' is not a valid boolean\.$", r"«\1» không phải có/không."),
)]


def translate_error(message: str) -> str:
    """A usage error's message in Vietnamese; an unknown one is left as it is."""
    message = message.strip()
    for pattern, repl in ERRORS:
        if pattern.match(message):
            message = pattern.sub(repl, message)
            break
    for pattern, repl in VALUE_ERRORS:
        message = pattern.sub(repl, message)
    message = message.replace("Value error, ", "").replace(" Did you mean ", " Có phải ý bạn là ")
    return message.replace("(Possible options: ", "(Có thể là: ")


def install() -> None:
    """Put the Vietnamese in place (idempotent). Typer imports ``typer.rich_utils`` (and
    Rich's markdown, about half a second) only to print help or an error, so its part is
    applied when that import happens, not here."""
    import typer.completion as completion
    from typer._click import core, formatting

    if getattr(core.Command.get_help_option, "_vi", False):
        return

    original_help: Callable[..., Any] = core.Command.get_help_option

    def get_help_option(self: Any, ctx: Any) -> Any:
        opt = original_help(self, ctx)
        if opt is not None:
            opt.help = HELP_OPTION
        return opt

    get_help_option._vi = True  # type: ignore[attr-defined]
    core.Command.get_help_option = get_help_option  # type: ignore[method-assign]

    for fn in (completion._install_completion_placeholder_function,
               completion._install_completion_no_auto_placeholder_function):
        for pname, param in inspect.signature(fn).parameters.items():
            if pname in COMPLETION and hasattr(param.default, "help"):
                param.default.help = COMPLETION[pname]

    original_usage: Callable[..., None] = formatting.HelpFormatter.write_usage

    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        original_usage(self, prog, args, USAGE if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = write_usage  # type: ignore[method-assign]
    if "typer.rich_utils" in sys.modules:
        _patch_rich_utils(sys.modules["typer.rich_utils"])
    else:
        sys.meta_path.insert(0, _RichUtilsHook())


class _RichUtilsHook(importlib.abc.MetaPathFinder):
    """Patches ``typer.rich_utils`` right after Typer first imports it."""

    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        if name != "typer.rich_utils":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        original_exec = loader.exec_module

        def exec_module(module: Any) -> None:
            original_exec(module)
            _patch_rich_utils(module)

        loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def _patch_rich_utils(rich_utils: Any) -> None:
    for name, text in TITLES.items():
        setattr(rich_utils, name, text)
    rich_utils.OptionHighlighter.highlights = [  # the usage prefix keeps its colour
        h.replace("Usage: ", USAGE) for h in rich_utils.OptionHighlighter.highlights]
    original_error: Callable[[Any], None] = rich_utils.rich_format_error

    def rich_format_error(self: Any) -> None:
        original_format = self.format_message

        def format_message() -> str:
            return translate_error(original_format())

        self.format_message = format_message
        original_error(self)

    rich_utils.rich_format_error = rich_format_error
