"""The flow tests' whole-pass fixture, shared."""

from tests.flows.conftest import sqlite_ctx

__all__ = ["sqlite_ctx"]
