"""Take a screenshot of an HTML report with headless Chromium.

    python scripts/screenshot_report.py REPORT.html OUT.png [--width 1280] [--height 900]

The page is opened from disk (``file://``) with a fresh browser profile; it makes no
network requests. Needs ``chromium`` (or Chrome) on PATH.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analyzer.errors import AnalyzerError
from analyzer.report.browser import screenshot


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("report", type=Path, help="the HTML report (from --format html)")
    parser.add_argument("out", type=Path, help="where to write the PNG")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=900)
    args = parser.parse_args(argv)
    if not args.report.is_file():
        parser.error(f"no such file: {args.report}")
    try:
        path = screenshot(args.report, args.out, width=args.width, height=args.height)
    except AnalyzerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
