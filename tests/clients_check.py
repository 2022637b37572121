"""Every kind of wfsim file, opened by one of the clients our users have.

Usage: clients_check.py WFSIM SOURCE_DIR CLIENT
  CLIENT: h5netcdf or netcdf4 (xarray's engines), ncdump (netcdf-bin),
          hdf5r or ncdf4 (R)

Writes a plain run, a Monte Carlo run, a sweep, a national run and a
Monte Carlo run that keeps only its summary (--keep summary) with
WFSIM, then, with the client, opens every group of each file as its users
do: xarray opens each group alone (its run's metadata with it), converts it
to a table (never with the flag dimension multiplied in), and plots an
annual variable against the numeric `year_start`; ncdump reads the layout
(-h) and decodes time to dates (-t); R reads an annual variable of each file
with its dimensions kept and the scenario's name. Exit status 0 when all
holds, 1 with a message otherwise, 77 (a skip, said so) when the client is
not installed (tools/install-deps --test installs every one).
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

wfsim, source, client = sys.argv[1:4]


def fail(message):
    print("FAIL:", message)
    sys.exit(1)


def skip(why):
    print(f"wfsim-test-skipped: {client}: {why} (tools/install-deps --test installs it)")
    sys.exit(77)


try:
    import h5py
except ImportError as e:
    skip(f"h5py, which lists the files' groups, cannot be imported: {e}")

work = tempfile.mkdtemp(prefix="wfsim-clients-")
KINDS = {
    "plain.h5": ["tests/scenarios/tiny.toml"],
    "mc.h5": ["tests/scenarios/uncertain.toml", "-r", "3"],
    "sweep.h5": ["tests/scenarios/sweep.toml"],
    "national.h5": ["tests/scenarios/national/align.toml"],
    "summary.h5": ["tests/scenarios/uncertain.toml", "-r", "3", "--keep", "summary"],
}


def groups_of(path):
    """Every group of a file, "" for the root, in the file's order."""
    out = [""]
    with h5py.File(path) as f:
        f.visititems(lambda name, obj: out.append(name) if isinstance(obj, h5py.Group) else None)
    return out


def annual_variable(path):
    """An annual workforce_gap_fte and its shape: /annual's, or /summary's
    quantiles in a file that keeps only its summary (--keep summary)."""
    with h5py.File(path) as f:
        name = "annual/workforce_gap_fte" if "annual" in f else "summary/workforce_gap_fte"
        return name, list(f[name].shape)


def check_xarray(engine, path, groups):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import xarray as xr
        if engine == "h5netcdf":
            import h5netcdf  # noqa: F401
        else:
            import netCDF4  # noqa: F401
    except ImportError as e:
        skip(f"cannot import xarray with its {engine} engine: {e}")
    scenario = None
    for group in groups:
        where = f"{os.path.basename(path)}:/{group}"
        ds = xr.open_dataset(path, engine=engine, group=group or None)
        # Each group alone carries the run's key metadata.
        for key in ("scenario_name", "wfsim_version", "format_version", "seed", "Conventions"):
            if key not in ds.attrs:
                fail(f"{where} opened alone has no {key} attribute: {sorted(ds.attrs)}")
        if not isinstance(ds.attrs["scenario_name"], str):
            fail(f"{where}: scenario_name reads as {type(ds.attrs['scenario_name'])}, not text")
        scenario = scenario or ds.attrs["scenario_name"]
        if ds.attrs["scenario_name"] != scenario:
            fail(f"{where}: scenario_name differs between groups")
        if group != "flags" and "flag" in ds.dims:
            fail(f"{where} has the flag dimension: its table would multiply by every flag")
        if "time" in ds.coords and "time_bnds" in ds:
            if ds.time.dtype.kind != "M" or ds.time_bnds.dtype.kind != "M":
                fail(f"{where}: time or its bounds do not decode to dates")
        if ds.data_vars:
            table = ds.to_dataframe()
            if len(table) == 0 and all(ds.sizes[d] for d in ds.dims):
                fail(f"{where}: an empty table from a group with values")
        if "year_start" in ds.coords:
            numeric = [n for n, v in ds.data_vars.items() if "year" in v.dims and v.dtype.kind == "f"]
            if not numeric:
                fail(f"{where}: no numeric variable along year")
            series = ds[numeric[0]].isel({d: 0 for d in ds[numeric[0]].dims if d != "year"})
            series.plot(x="year_start")
            matplotlib.pyplot.close("all")
        ds.close()
    print(f"{engine}: {os.path.basename(path)}: {len(groups)} groups opened, tabled and plotted")


def check_ncdump(path):
    ncdump = shutil.which("ncdump")
    if not ncdump:
        skip("ncdump (netcdf-bin) is not installed")
    for flags in (["-h"], ["-t", "-v", "time"]):
        p = subprocess.run([ncdump, *flags, path], capture_output=True, text=True)
        if p.returncode != 0:
            fail(f"ncdump {' '.join(flags)} {path}: {p.stderr.strip()}")
    dates = re.search(r'time = "(\d{4}-\d\d-01)"', p.stdout)
    if not dates:
        fail(f"ncdump -t does not decode time to dates in {path}:\n{p.stdout[-600:]}")
    print(f"ncdump: {os.path.basename(path)}: layout read; time decoded from {dates.group(1)}")


R_CODE = {
    "hdf5r": """
library(hdf5r)
f <- H5File$new(path, mode = "r")
gap <- f[[variable]]$read(drop = FALSE)
cat(paste(dim(gap), collapse = " "), "\\n")
cat(h5attr(f, "scenario_name"), "\\n")
f$close_all()
""",
    "ncdf4": """
library(ncdf4)
nc <- nc_open(path)
gap <- ncvar_get(nc, variable, collapse_degen = FALSE)
cat(paste(dim(gap), collapse = " "), "\\n")
cat(ncatt_get(nc, 0, "scenario_name")$value, "\\n")
nc_close(nc)
""",
}


def check_r(package, path):
    rscript = shutil.which("Rscript")
    if not rscript:
        skip("Rscript (r-base-core) is not installed")
    probe = subprocess.run([rscript, "-e", f"library({package})"], capture_output=True, text=True)
    if probe.returncode != 0:
        skip(f"R cannot load {package} (r-cran-{package}): {probe.stderr.strip()}")
    variable, shape = annual_variable(path)
    code = f"path <- {path!r}\nvariable <- {variable!r}\n" + R_CODE[package]
    p = subprocess.run([rscript, "-e", code], capture_output=True, text=True)
    if p.returncode != 0:
        fail(f"R {package} on {path}: {p.stderr.strip()}")
    lines = p.stdout.splitlines()
    # R reverses the axes (column-major) and keeps every one of them.
    want = " ".join(str(n) for n in reversed(shape))
    if lines[0].strip() != want:
        fail(f"R {package}: {variable} has dims {lines[0].strip()}, not {want}")
    with h5py.File(path) as f:
        name = f.attrs["scenario_name"]
        name = name.decode() if isinstance(name, bytes) else name
    if lines[1].strip() != name:
        fail(f"R {package}: scenario_name reads as {lines[1]!r}, not {name!r}")
    print(f"{package}: {os.path.basename(path)}: dims {want} kept, scenario_name read")


try:
    for name, args in KINDS.items():
        path = os.path.join(work, name)
        subprocess.run([wfsim, "run", "-q", "-j", "1", *args, "-o", path], cwd=source, check=True)
        if client in ("h5netcdf", "netcdf4"):
            check_xarray(client, path, groups_of(path))
        elif client == "ncdump":
            check_ncdump(path)
        elif client in R_CODE:
            check_r(client, path)
        else:
            fail(f"no client {client!r}")
finally:
    shutil.rmtree(work, ignore_errors=True)
print("ok")
