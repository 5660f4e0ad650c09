"""A column holding one of the project's StrEnums as its plain text value: the schema
stays a VARCHAR (no database enum type, no migration), rows read back as the enum."""

from __future__ import annotations

import logging
from enum import StrEnum
from typing import Any

from sqlalchemy import Column
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator
from sqlmodel.sql.sqltypes import AutoString

log = logging.getLogger(__name__)


class EnumText(TypeDecorator[StrEnum]):
    impl = AutoString
    cache_ok = True

    def __init__(self, enum: type[StrEnum]) -> None:
        super().__init__()
        self.enum = enum

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        """Only the enum's values are written (a typo is our bug, caught here)."""
        return None if value is None else self.enum(value).value

    def process_result_value(self, value: Any, dialect: Dialect) -> StrEnum | None:
        if value is None:
            return None
        try:
            return self.enum(value)
        except ValueError:  # a row older than the enum: kept readable, as its text
            log.warning("%s: unknown stored value %r", self.enum.__name__, value)
            return value  # type: ignore[no-any-return]


def enum_column(enum: type[StrEnum], *, nullable: bool = False, index: bool = False
                ) -> Any:
    """``sa_column=enum_column(FindingStatus)``: a fresh Column per table field."""
    return Column(EnumText(enum), nullable=nullable, index=index)
