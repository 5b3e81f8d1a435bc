"""What the browser tests share: Debian's Chromium, how it is launched, what a clean page is.

Chromium comes from Debian (scripts/test.sh installs it); no test tool downloads a browser.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]


def require_browser() -> ModuleType:
    """playwright.sync_api, or skip the module; in CI a missing browser is an error, not a skip."""
    reason = "playwright is in the test extra: pip install -e '.[test]'"
    sync_api = pytest.importorskip("playwright.sync_api", reason=reason)
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            raise RuntimeError("Chromium is missing: scripts/test.sh installs it with apt-get install -y chromium")
        message = "Chromium is missing: apt-get install -y chromium (scripts/test.sh does it)"
        pytest.skip(message, allow_module_level=True)
    return sync_api


@dataclass
class Watched:
    """What a page did that it should not: console errors, failed or outside requests."""

    console_errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.outside == [], f"requests outside the page's own origin: {self.outside}"
        assert self.failed == [], f"failed requests: {self.failed}"
        assert self.console_errors == [], f"console errors: {self.console_errors}"
