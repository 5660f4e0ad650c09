"""The templates' formatting filters: ``kiemchung.core.formatting.jinja_filters``
(numbers «1.811», dates dd/mm/yyyy, Vietnam time, Vietnamese labels) and the finding
titles, installed once here."""

from __future__ import annotations

from jinja2 import Environment

from kiemchung.core.codes import FindingCode
from kiemchung.core.formatting import jinja_filters


def finding_title(code: str, message: str = "") -> str:
    """The finding code's Vietnamese title from the catalogue, else its message."""
    try:
        title = FindingCode(code).title_vi
    except ValueError:
        title = ""
    return title or message or code


def install(env: Environment) -> None:
    env.filters.update(jinja_filters())
    env.filters["tieu_de"] = finding_title
