#!/usr/bin/env python3
"""Whether two wfsim output files hold the same data, bit for bit.

Usage: same_data.py A.h5 B.h5

Every group, dataset and attribute of one must be in the other with the
same type, shape and bytes (NaN equal to NaN, as bytes are), except the
root's `created` timestamp. Exit 0 when they match, 1 with the first
differences otherwise. Used by the MPI tests (docs/mpi.md): a run spread
over ranks must write the file a single process writes.
"""
import sys

import h5py
import numpy as np

IGNORED_ATTRIBUTES = {("/", "created")}


def attributes(obj):
    return {k: obj.attrs[k] for k in obj.attrs.keys() if (obj.name, k) not in IGNORED_ATTRIBUTES}


def same_value(a, b):
    a, b = np.asarray(a), np.asarray(b)
    if a.dtype != b.dtype or a.shape != b.shape:
        return False
    if a.dtype.kind == "O":  # variable-length strings: the bytes are pointers
        return a.tolist() == b.tolist()
    return a.tobytes() == b.tobytes()


# Dimension scales' references point into their own file: the scales
# themselves are compared as datasets.
REFERENCES = {"DIMENSION_LIST", "REFERENCE_LIST"}


def compare_attributes(x, y, problems):
    ax, ay = attributes(x), attributes(y)
    for k in sorted(set(ax) | set(ay)):
        if k not in ax or k not in ay:
            problems.append(f"{x.name} @{k}: in one file only")
        elif k not in REFERENCES and not same_value(ax[k], ay[k]):
            problems.append(f"{x.name} @{k}: {ax[k]!r} against {ay[k]!r}")


def compare(a, b, problems):
    compare_attributes(a, b, problems)
    for name in sorted(set(a.keys()) | set(b.keys())):
        if name not in a or name not in b:
            problems.append(f"{a.name.rstrip('/')}/{name}: in one file only")
            continue
        x, y = a[name], b[name]
        if isinstance(x, h5py.Group) != isinstance(y, h5py.Group):
            problems.append(f"{x.name}: a group in one file, a dataset in the other")
        elif isinstance(x, h5py.Group):
            compare(x, y, problems)
        elif x.dtype != y.dtype or x.shape != y.shape:
            problems.append(f"{x.name}: {x.dtype}{x.shape} against {y.dtype}{y.shape}")
        else:
            if not same_value(x[()], y[()]):
                problems.append(f"{x.name}: values differ")
            compare_attributes(x, y, problems)


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    problems = []
    with h5py.File(argv[1], "r") as a, h5py.File(argv[2], "r") as b:
        compare(a, b, problems)
    for p in problems[:20]:
        print(f"{argv[1]} against {argv[2]}: {p}")
    if len(problems) > 20:
        print(f"... and {len(problems) - 20} more")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
