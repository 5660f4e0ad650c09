"""Debian's chromium for the tests that need a real browser: where it is, the check
that fails (CI sets ``KIEMCHUNG_REQUIRE_BROWSER``) or skips without it, and launching it
through Playwright (no downloaded browser)."""

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("KIEMCHUNG_CHROMIUM", "/usr/bin/chromium")


def need_browser(what: str = "") -> None:
    """Fail (``KIEMCHUNG_REQUIRE_BROWSER`` set) or skip when chromium is missing."""
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        why = f"{CHROMIUM} is missing{': ' + what if what else ''}"
        if os.environ.get("KIEMCHUNG_REQUIRE_BROWSER"):
            pytest.fail(f"{why} (scripts/setup.sh installs Debian's chromium)")
        pytest.skip(why)


def launch(playwright: Any) -> Any:
    """A headless chromium browser from a ``sync_playwright()`` context."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                      args=["--no-sandbox", "--disable-dev-shm-usage"])
