"""Opens a wfsim output file as analysts do and checks its labels and values.

Usage: xarray_check.py FILE GROUP YEAR VALUE
Checks that xarray (engine h5netcdf) opens the root and /annual with labelled
dimensions, decodes time as datetimes from the start month, and that
/annual workforce_gap_fte for GROUP in YEAR (replicate 0) equals VALUE.
Exit status 0 when all holds; 1 with a message otherwise; 77 when xarray or
h5netcdf cannot be imported.
"""
import sys

try:
    import numpy as np
    import xarray as xr
    import h5netcdf  # noqa: F401
except ImportError as e:
    print(f"skipped: {e}")
    sys.exit(77)

path, group, year, value = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
root = xr.open_dataset(path, engine="h5netcdf")
annual = xr.open_dataset(path, engine="h5netcdf", group="annual")


def check(condition, message):
    if not condition:
        print("FAIL:", message)
        sys.exit(1)


check(root.headcount.dims == ("replicate", "time", "staff_group"), f"monthly dims {root.headcount.dims}")
check(annual.workforce_gap_fte.dims == ("replicate", "year", "staff_group"), f"annual dims {annual.workforce_gap_fte.dims}")
check(group in list(annual.staff_group.values), f"staff_group labels {list(annual.staff_group.values)}")
check(year in list(annual.year.values), f"year labels {list(annual.year.values)}")
check(np.issubdtype(root.time.dtype, np.datetime64), f"time dtype {root.time.dtype}")
check(str(root.time.values[0])[:10] == "2019-04-01", f"first month {root.time.values[0]}")
check(str(root.time.values[10])[:10] == "2020-02-01", f"eleventh month {root.time.values[10]}")
got = float(annual.workforce_gap_fte.sel(staff_group=group, year=year, replicate=0))
check(abs(got - value) <= 1e-9 * max(1.0, abs(value)), f"workforce_gap_fte {got} != {value}")
check(root.headcount.attrs["units"] == "people", "units attribute")
check(root.attrs["format_version"] == 1, "format_version")
print("ok")
