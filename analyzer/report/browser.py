"""Headless Chromium helpers: a screenshot of an HTML report, or its DOM after scripts ran.

Used by ``scripts/screenshot_report.py`` and the browser tests. The browser runs with a
fresh profile, no network services, and is given only ``file://`` URLs.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import ConfigError, OutputError

__all__ = ["dump_dom", "find_chromium", "screenshot"]

log = logging.getLogger(__name__)

_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    "--mute-audio",
)


def find_chromium() -> str | None:
    """Path of a Chromium/Chrome executable on PATH, or None."""
    for name in _NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def _run(args: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    exe = find_chromium()
    if exe is None:
        raise ConfigError("no Chromium on PATH; install it (e.g. `apt-get install chromium`)")
    with tempfile.TemporaryDirectory(prefix="analyze-posts-chromium-") as profile:
        cmd = [exe, *_FLAGS, f"--user-data-dir={profile}", *args]
        log.debug("running %s", cmd)
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise OutputError(f"Chromium did not finish within {timeout:.0f} s") from exc
    if proc.returncode != 0:
        raise OutputError(f"Chromium failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
    return proc


def dump_dom(page: Path, *, fragment: str = "", timeout: float = 60.0) -> str:
    """The serialised DOM of ``page`` (opened at ``#fragment``) after its scripts ran."""
    url = page.resolve().as_uri() + (f"#{fragment}" if fragment else "")
    return _run(["--virtual-time-budget=2000", "--dump-dom", url], timeout).stdout


def screenshot(
    page: Path,
    out: Path,
    *,
    width: int = 1280,
    height: int = 900,
    fragment: str = "",
    timeout: float = 60.0,
) -> Path:
    """A PNG of the top ``width`` x ``height`` pixels of ``page`` (opened at ``#fragment``),
    written to ``out``."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    _run(
        [
            f"--window-size={width},{height}",
            f"--screenshot={out}",
            "--virtual-time-budget=2000",
            page.resolve().as_uri() + (f"#{fragment}" if fragment else ""),
        ],
        timeout,
    )
    if not out.is_file():
        raise OutputError(f"Chromium wrote no screenshot to {out}")
    return out
