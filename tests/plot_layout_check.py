"""Checks that tools/plot's comparison chart keeps all its text inside the figure.

Usage: plot_layout_check.py OUT.png FILE... [--measure M]

Draws the comparison chart of the FILEs as tools/plot does, writes it to
OUT.png, and checks that every piece of text drawn (the title, panel titles,
tick labels, legends) lies within the figure: a title wider than a narrow
figure was cut off at both sides. Exit status 0 when all holds; 1 with a
message otherwise; 77 when matplotlib, xarray or h5netcdf cannot be imported.
"""
import importlib.machinery
import importlib.util
import os
import sys

try:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import matplotlib.text
    import numpy as np
    import xarray as xr
    import h5netcdf  # noqa: F401  (the engine xarray opens the files with)
except ImportError as e:
    print(f"skipped: {e}")
    sys.exit(77)

# tools/plot has no .py extension: load it by path.
PLOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools", "plot")
loader = importlib.machinery.SourceFileLoader("wfsim_plot", PLOT)
spec = importlib.util.spec_from_loader("wfsim_plot", loader)
plot = importlib.util.module_from_spec(spec)
loader.exec_module(plot)

out, rest = sys.argv[1], sys.argv[2:]
args = plot.parse_args(rest + ["-o", out])
fig = plot.comparison_chart(plt, xr, np, args.files, args)

# Measured at the figure's own dpi, before savefig leaves a renderer at its dpi.
fig.canvas.draw()
renderer = fig.canvas.get_renderer()
width, height = fig.bbox.width, fig.bbox.height
outside = []
for text in fig.findobj(matplotlib.text.Text):
    if not text.get_visible() or not text.get_text().strip():
        continue
    box = text.get_window_extent(renderer)
    if box.x0 < -0.5 or box.y0 < -0.5 or box.x1 > width + 0.5 or box.y1 > height + 0.5:
        outside.append(f"{text.get_text()!r} at x {box.x0:.0f} to {box.x1:.0f}, "
                       f"y {box.y0:.0f} to {box.y1:.0f}")
fig.savefig(out, format="png", dpi=120)
if outside:
    print(f"text outside the {width:.0f} x {height:.0f} figure:")
    for line in outside:
        print("  " + line)
    sys.exit(1)
print("all text inside the figure")
