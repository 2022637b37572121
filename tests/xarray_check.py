"""Opens a wfsim output file as analysts do and checks its labels and values.

Usage: xarray_check.py FILE GROUP YEAR VALUE [--replicate R] [--variant LABEL]
                       [--flags N] [--start YYYY-MM] [--monthly YYYY-MM VALUE]

Checks that xarray (engine h5netcdf) opens the root and /annual with
labelled dimensions in the contract's order, decodes time as the first day
of each month from the start month, and that /annual workforce_gap_fte for
GROUP in YEAR (at replicate R and variant LABEL) equals VALUE; with
--monthly, that root headcount in that month equals its VALUE; with
--flags, that the flag dimension has N entries.
Exit status 0 when all holds; 1 with a message otherwise; 77 when xarray or
h5netcdf cannot be imported.
"""
import argparse
import re
import sys

try:
    import numpy as np
    import xarray as xr
    import h5netcdf  # noqa: F401
except ImportError as e:
    print(f"skipped: {e}")
    sys.exit(77)

parser = argparse.ArgumentParser()
parser.add_argument("path")
parser.add_argument("group")
parser.add_argument("year")
parser.add_argument("value", type=float)
parser.add_argument("--replicate", type=int, default=0)
parser.add_argument("--variant")
parser.add_argument("--flags", type=int)
parser.add_argument("--start", default="2019-04")
parser.add_argument("--monthly", nargs=2, metavar=("MONTH", "VALUE"))
args = parser.parse_args()


def check(condition, message):
    if not condition:
        print("FAIL:", message)
        sys.exit(1)


def close(got, want):
    return abs(got - want) <= 1e-9 * max(1.0, abs(want))


root = xr.open_dataset(args.path, engine="h5netcdf")
annual = xr.open_dataset(args.path, engine="h5netcdf", group="annual")
lead = ("variant",) if args.variant is not None else ()
at = {"replicate": args.replicate}
if args.variant is not None:
    at["variant"] = args.variant

# Dimension order: outer dims, replicate, time or year, staff_group, age_band or pipeline.
check(root.headcount.dims == lead + ("replicate", "time", "staff_group"), f"monthly dims {root.headcount.dims}")
check(annual.workforce_gap_fte.dims == lead + ("replicate", "year", "staff_group"),
      f"annual dims {annual.workforce_gap_fte.dims}")
for ds, axis in ((root, "time"), (annual, "year")):
    if "age_band" in ds.dims:
        want = lead + ("replicate", axis, "staff_group", "age_band")
        check(ds.headcount_by_age.dims == want, f"headcount_by_age dims {ds.headcount_by_age.dims}")
        check(all(isinstance(b, str) for b in ds.age_band.values), f"age_band labels {ds.age_band.values}")
    if "pipeline" in ds.dims:
        want = lead + ("replicate", axis, "pipeline")
        check(ds.in_training.dims == want, f"in_training dims {ds.in_training.dims}")
        check(all(isinstance(p, str) for p in ds.pipeline.values), f"pipeline labels {ds.pipeline.values}")
    # Every variable of the table carries units and a long name.
    for name, variable in ds.data_vars.items():
        if "staff_group" in variable.dims and name != "staff_group_name" or "pipeline" in variable.dims:
            check("units" in variable.attrs and "long_name" in variable.attrs, f"{name} attributes {variable.attrs}")

# Labelled coordinates, the same in both groups.
groups = list(annual.staff_group.values)
check(all(isinstance(g, str) for g in groups), f"staff_group labels {groups}")
check(groups == list(root.staff_group.values), "staff_group differs between / and /annual")
check(args.group in groups, f"staff_group labels {groups}")
check(root.staff_group_name.dims == ("staff_group",), "staff_group_name dims")
years = list(annual.year.values)
check(all(isinstance(y, str) and re.fullmatch(r"\d{4}/\d{2}", y) for y in years), f"year labels {years}")
check(args.year in years, f"year labels {years}")
check(list(annual.replicate.values) == list(range(annual.sizes["replicate"])), "replicate coordinate")
check(list(root.replicate.values) == list(annual.replicate.values), "replicate differs between / and /annual")
if args.variant is not None:
    check(args.variant in list(annual.variant.values), f"variant labels {list(annual.variant.values)}")
    numeric = [n for n, v in annual.variables.items() if v.dims == ("variant",) and v.dtype.kind == "f"]
    check(numeric, "no numeric coordinate along variant")

# Time: datetimes, the first of every month from the start month.
check(np.issubdtype(root.time.dtype, np.datetime64), f"time dtype {root.time.dtype}")
months = root.time.values.astype("datetime64[M]")
check(str(months[0]) == args.start, f"first month {root.time.values[0]}")
check(all(root.time.values == months.astype(root.time.dtype)), "a time value is not the first of its month")
check(all(np.diff(months).astype(int) == 1), "time is not consecutive months")
check(root.sizes["time"] == 12 * annual.sizes["year"], "12 months per plan year")

got = float(annual.workforce_gap_fte.sel(staff_group=args.group, year=args.year, **at))
check(close(got, args.value), f"workforce_gap_fte {got} != {args.value}")
if args.monthly:
    month, want = args.monthly[0], float(args.monthly[1])
    got = float(root.headcount.sel(staff_group=args.group, time=month, **at))
    check(close(got, want), f"headcount in {month}: {got} != {want}")
if args.flags is not None:
    # In their own group (format version 2), so the root has no flag dimension.
    flags = xr.open_dataset(args.path, engine="h5netcdf", group="flags")
    check("flag" not in root.dims, f"the root group has the flag dimension: {dict(root.sizes)}")
    check(flags.flag_kind.dims == ("flag",), f"flag_kind dims {flags.flag_kind.dims}")
    check(flags.sizes["flag"] == args.flags, f"{flags.sizes['flag']} flags, not {args.flags}")
    check(all(isinstance(k, str) for k in flags.flag_kind.values), "flag_kind values are not str")

check(root.headcount.attrs["units"] == "people", "units attribute")
check(root.attrs["format_version"] == 2, "format_version")
check(root.attrs["Conventions"] == "CF-1.10", "Conventions")
check(list(annual.year_start.values) == [int(y[:4]) for y in years], "year_start")
check(isinstance(root.attrs["scenario_name"], str), "scenario_name is not str")
check(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", root.attrs["created"]), f"created {root.attrs['created']}")
print("ok")
