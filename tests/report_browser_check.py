#!/usr/bin/python3
"""`wfsim report` in a real browser: headless Chromium opens the HTML report
of a Monte Carlo run of the example without a console error, draws every
chart (a screenshot has ink in each chart's box), and prints it to an A4
PDF whose text holds the report's sections.

Usage: report_browser_check.py WFSIM SOURCE_DIR
Exit 77 (a skip for ctest) when Chromium, pdfinfo or PIL is missing.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

SKIP = 77


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def browse(browser, profile, *args):
    return subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=120)


# Runs first in <head>: records every error and console.error.
CATCH = """<script>window.__errors = [];
window.addEventListener("error", function (e) { window.__errors.push(String(e.message)); });
(function () { var e = console.error; console.error = function () {
  window.__errors.push(Array.prototype.join.call(arguments, " ")); e.apply(console, arguments); };
})();</script>"""
# Runs last: the boxes of the charts, in page pixels, and the errors.
PROBE = """<script>(function () {
  var boxes = Array.prototype.map.call(document.querySelectorAll("canvas"), function (c) {
    var r = c.getBoundingClientRect();
    return { id: c.id, x: r.left + scrollX, y: r.top + scrollY, w: r.width, h: r.height };
  });
  var pre = document.createElement("pre");
  pre.id = "wfsim-probe";
  pre.textContent = JSON.stringify({ errors: window.__errors, boxes: boxes,
                                     height: document.documentElement.scrollHeight,
                                     charts: typeof Chart === "function" });
  document.body.appendChild(pre);
})();</script>"""


def main():
    wfsim, source = sys.argv[1], sys.argv[2]
    browser = chromium()
    if not browser:
        print("SKIP: Chromium is not installed (Debian: chromium); the browser checks did not run")
        return SKIP
    if not shutil.which("pdfinfo") or not shutil.which("pdftotext"):
        print("SKIP: pdfinfo and pdftotext (Debian: poppler-utils) are not installed")
        return SKIP
    try:
        from PIL import Image
    except ImportError:
        print("SKIP: python3-pil is not installed")
        return SKIP
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        h5 = os.path.join(tmp, "mc.h5")
        html = os.path.join(tmp, "mc.html")
        pdf = os.path.join(tmp, "mc.pdf")
        subprocess.run([wfsim, "run", "-q", os.path.join(source, "scenarios/example-ics.toml"),
                        "-r", "8", "-o", h5], check=True)
        subprocess.run([wfsim, "report", "-q", h5, "-o", html, "--pdf", pdf], check=True)

        text = open(html, encoding="utf-8").read()
        probe_html = os.path.join(tmp, "probe.html")
        with open(probe_html, "w", encoding="utf-8") as f:
            f.write(text.replace("<head>", "<head>" + CATCH, 1)
                        .replace("</body>", PROBE + "</body>", 1))
        profile = os.path.join(tmp, "profile")
        dom = browse(browser, profile, "--window-size=1100,900", "--dump-dom",
                     "file://" + probe_html)
        found = re.search(r'<pre id="wfsim-probe">(.*?)</pre>', dom.stdout, re.S)
        if not found:
            print("FAIL: Chromium did not run the report's scripts", dom.stderr[-2000:])
            return 1
        probe = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&")
                           .replace("&lt;", "<").replace("&gt;", ">"))
        if probe["errors"]:
            failures.append(f"console errors: {probe['errors']}")
        if not probe["charts"]:
            failures.append("Chart.js is not defined in the page")
        boxes = probe["boxes"]
        # A chart per staff group (12) and two of money.
        if len(boxes) < 14:
            failures.append(f"{len(boxes)} charts, expected at least 14")

        png = os.path.join(tmp, "page.png")
        height = int(probe["height"]) + 50
        browse(browser, profile, f"--window-size=1100,{height}", "--hide-scrollbars",
               "--force-device-scale-factor=1", f"--screenshot={png}", "file://" + probe_html)
        image = Image.open(png).convert("L")
        for b in boxes:
            box = (int(b["x"]), int(b["y"]), int(b["x"] + b["w"]), int(b["y"] + b["h"]))
            if b["w"] < 50 or b["h"] < 50 or box[3] > image.size[1]:
                failures.append(f"chart {b['id']}: box {box} is not on the page")
                continue
            crop = image.crop(box)
            ink = sum(1 for p in crop.getdata() if p < 200)
            # Axes, grid and three lines cover well over 1 % of a chart's box.
            if ink < 0.01 * crop.size[0] * crop.size[1]:
                failures.append(f"chart {b['id']}: blank ({ink} dark pixels)")

        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
        # A4 is 595 x 842 points; a section a page at least: headline, flags,
        # one per staff group (12), money, levers, provenance.
        if not size or abs(float(size.group(1)) - 595) > 2 or abs(float(size.group(2)) - 842) > 2:
            failures.append(f"PDF pages are not A4: {size.group(0) if size else info}")
        if pages < 17:
            failures.append(f"PDF has {pages} pages, expected at least 17")
        words = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
        for expected in ("Headline", "Example ICS: workforce plan", "Registered nurses: adult",
                         "Flags", "Money", "Levers of the plan", "Provenance", "Plan year"):
            if expected not in words:
                failures.append(f"PDF text lacks {expected!r}")
    for f in failures:
        print("FAIL:", f)
    if not failures:
        print(f"ok: {len(boxes)} charts drawn, no console errors, PDF of {pages} A4 pages")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
