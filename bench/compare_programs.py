#!/usr/bin/env python3
"""Times two wfsim programs side by side on the same command, alternating.

Usage: bench/compare_programs.py BASELINE CANDIDATE [--repeats N] [--ranks N] -- ARGS...

Runs `BASELINE ARGS` and `CANDIDATE ARGS` in turn, N times each (default 5),
so that both see the same machine load, and prints for each the median
wall time, the median CPU time (user + system) and the largest peak
resident memory, then the ratio of the medians (baseline / candidate: above
1 means the candidate is faster). An argument `{out}` is replaced by an
output path of the program's own in a temporary directory, removed before
each run (replacing a file frees its blocks inside the run's rename, which
is not the program's work). Every run must exit 0. With --ranks N both
programs run under `mpirun --bind-to none -n N` (the mpi preset's builds,
docs/mpi.md); CPU time then counts every rank, and peak memory is the
largest rank's.

Example, 10,000 replicates of the example against today's main:
  bench/compare_programs.py /work/main/build/wfsim build/wfsim --repeats 5 -- \\
      run scenarios/example-ics.toml -q -r 10000 -o {out}
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time


def run_once(launcher, program, args, out):
    if os.path.exists(out):
        os.remove(out)
    argv = launcher + [program] + [out if a == "{out}" else a for a in args]
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(argv)}: exit status {os.waitstatus_to_exitcode(status)}")
    size = os.path.getsize(out) if os.path.exists(out) else 0
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, size


def main():
    argv = sys.argv[1:]
    if "--" not in argv or argv.index("--") < 2:
        sys.exit(__doc__)
    split = argv.index("--")
    head, args = argv[:split], argv[split + 1:]
    repeats = 5
    if "--repeats" in head:
        i = head.index("--repeats")
        repeats = int(head[i + 1])
        del head[i:i + 2]
    launcher = []
    if "--ranks" in head:
        i = head.index("--ranks")
        launcher = ["mpirun", "--bind-to", "none", "-n", head[i + 1]]
        if os.geteuid() == 0:  # OpenMPI refuses root unless told
            launcher[1:1] = ["--allow-run-as-root"]
        del head[i:i + 2]
    programs = head[:2]
    with tempfile.TemporaryDirectory(prefix="wfsim-compare-") as tmp:
        outs = [os.path.join(tmp, f"out{i}.h5") for i in range(2)]
        results = [[], []]
        for _ in range(repeats):
            for i, program in enumerate(programs):
                results[i].append(run_once(launcher, program, args, outs[i]))
        medians = []
        for program, runs in zip(programs, results):
            wall = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[1] for r in runs)
            rss = max(r[2] for r in runs)
            size = runs[-1][3]
            medians.append((wall, cpu))
            print(f"{program}: median wall {wall:.3f} s, median cpu {cpu:.3f} s, "
                  f"peak RSS {rss / 1024:.1f} MiB, output {size / 1e6:.1f} MB "
                  f"(walls: {', '.join(f'{r[0]:.3f}' for r in runs)})")
        print(f"ratio baseline/candidate: wall {medians[0][0] / medians[1][0]:.2f}x, "
              f"cpu {medians[0][1] / medians[1][1]:.2f}x")


if __name__ == "__main__":
    main()
