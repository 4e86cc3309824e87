"""Render the HTML report of ``imbtools compare`` in headless Chromium and save a screenshot.

Checks by eye that the single-file report reads well in a real browser (issue #13).
Needs a Chromium binary (Debian: ``apt-get install chromium``).

Usage::

    python benchmarks/screenshot_report.py                       # bundled data, lr
    python benchmarks/screenshot_report.py --report report.html  # an existing report
    python benchmarks/screenshot_report.py --out shot.png --height 3000

Without ``--report`` it runs ``imbtools compare --out <tmp>/report.html`` first. The
screenshot is a full-width page of ``--height`` pixels; ``--markdown`` also writes the
Markdown report beside it and lists the files (the plots must be PNG files next to it).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    sys.exit("no Chromium found: apt-get install chromium (Debian) or set PATH")


def make_report(directory, suffix):
    path = Path(directory) / f"report{suffix}"
    subprocess.run([sys.executable, "-m", "imbtools", "compare", "--out", str(path)],
                   check=True, stdout=subprocess.DEVNULL)
    return path


def screenshot(report, out, width, height):
    command = [chromium(), "--headless", "--no-sandbox", "--disable-gpu",
               "--hide-scrollbars", f"--window-size={width},{height}",
               f"--screenshot={Path(out).resolve()}", Path(report).resolve().as_uri()]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--report", help="an existing HTML report (default: make one)")
    parser.add_argument("--out", default="report_screenshot.png")
    parser.add_argument("--width", type=int, default=1100)
    parser.add_argument("--height", type=int, default=2600)
    parser.add_argument("--markdown", action="store_true",
                        help="also write the Markdown report and list its files")
    args = parser.parse_args(argv)
    directory = tempfile.mkdtemp(prefix="imbtools_report_")
    report = args.report or make_report(directory, ".html")
    print(f"report: {report} ({Path(report).stat().st_size / 1024:.0f} KiB)")
    print(f"screenshot: {screenshot(report, args.out, args.width, args.height)}")
    if args.markdown:
        markdown = make_report(directory, ".md")
        for path in sorted(Path(markdown).parent.glob("report*")):
            print(f"  {path.name}: {path.stat().st_size / 1024:.1f} KiB")


if __name__ == "__main__":
    main()
