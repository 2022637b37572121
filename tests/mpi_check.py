#!/usr/bin/env python3
"""A run spread over MPI ranks writes the file one process writes.

Usage:
  mpi_check.py WFSIM MPIEXEC same RANKS SCENARIO [RUN OPTIONS...]
  mpi_check.py WFSIM MPIEXEC failing SCENARIO [RUN OPTIONS...]
  mpi_check.py WFSIM MPIEXEC refused SCENARIO [RUN OPTIONS...]
  mpi_check.py WFSIM MPIEXEC write-fails SCENARIO [RUN OPTIONS...]

same: runs SCENARIO once without mpirun (one rank) and then under
`MPIEXEC -n N --oversubscribe` for each N of RANKS ("1,2,3"), with 1 and 2
threads a rank, and requires every file to hold the same data as the first,
bit for bit (tests/same_data.py), the same summary on standard output, and
no temporary left. failing: rank 1 of 2 is killed at a limit of 1 s of
processor time part way through; the run must fail, leaving neither the
output file nor a temporary. refused: a run that one process refuses
(bad input, a target that is a directory) must end under 3 ranks with the
same status and the same message, printed once (beside mpirun's notes).
write-fails: rank 1 of 2 may write no file past 12 MB (ulimit -f, with
SIGXFSZ ignored, so its write fails rather than kills it); the run must
fail with that rank's message, leaving neither the output file nor a
temporary. Exit 0 when all holds (docs/mpi.md).
"""
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def mpi_environment():
    env = dict(os.environ)
    if os.geteuid() == 0:  # containers and CI run as root, which OpenMPI refuses unless told
        env.update(OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
    # Shared memory between the ranks of one machine, no network probing.
    env.setdefault("OMPI_MCA_btl", "self,vader")
    env.setdefault("OMPI_MCA_btl_vader_single_copy_mechanism", "none")
    return env


def run(command, env, timeout=900):
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=timeout)
    return done.returncode, done.stdout, done.stderr


def summary(text, output):
    # The summary names the file it wrote; the rest must match word for word.
    return text.replace(str(output), "OUTPUT")


def leftovers(folder, keep):
    return sorted(p.name for p in Path(folder).iterdir() if p.name not in keep)


def same(wfsim, mpiexec, ranks, scenario, options):
    env = mpi_environment()
    with tempfile.TemporaryDirectory() as folder:
        serial = Path(folder) / "serial.h5"
        status, out, err = run([wfsim, "run", scenario, *options, "-o", str(serial)], env)
        if status != 0:
            print(f"the run of one process failed ({status}):\n{err}")
            return 1
        expected = summary(out, serial)
        made = ["serial.h5"]
        failures = 0
        for n in ranks:
            for threads in (1, 2):
                name = f"ranks{n}-threads{threads}.h5"
                target = Path(folder) / name
                command = [mpiexec, "-n", str(n), "--oversubscribe", wfsim, "run", scenario,
                           *options, "-j", str(threads), "-o", str(target)]
                status, out, err = run(command, env)
                made.append(name)
                label = f"{n} rank{'s' if n > 1 else ''}, {threads} thread{'s' if threads > 1 else ''} each"
                if status != 0:
                    print(f"{label}: exit {status}\n{err}")
                    failures += 1
                    continue
                if summary(out, target) != expected:
                    print(f"{label}: the summary differs from one process's:\n{out}")
                    failures += 1
                compared = subprocess.run([sys.executable, str(HERE / "same_data.py"), str(serial),
                                           str(target)], capture_output=True, text=True)
                if compared.returncode != 0:
                    print(f"{label}: the file differs from one process's:\n{compared.stdout}")
                    failures += 1
                else:
                    print(f"{label}: the same data as one process")
        left = leftovers(folder, made)
        if left:
            print(f"left behind: {left}")
            failures += 1
        return 1 if failures else 0


def failing(wfsim, mpiexec, scenario, options):
    env = mpi_environment()
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "out.h5"
        inner = ('[ "${OMPI_COMM_WORLD_RANK:-0}" = 1 ] && ulimit -t 1; exec "$@"')
        command = [mpiexec, "-n", "2", "--oversubscribe", "sh", "-c", inner, "sh", wfsim, "run",
                   scenario, *options, "-j", "1", "-q", "-o", str(target)]
        status, out, err = run(command, env)
        left = leftovers(folder, set())
        print(f"exit {status}; left in the folder: {left or 'nothing'}; what mpirun said:\n{err}")
        if status == 0:
            print("the run succeeded although rank 1 was killed")
            return 1
        return 1 if left else 0


def write_fails(wfsim, mpiexec, scenario, options):
    env = mpi_environment()
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "out.h5"
        inner = ('if [ "${OMPI_COMM_WORLD_RANK:-0}" = 1 ]; then trap "" XFSZ; ulimit -f 12000; fi; '
                 'exec "$@"')
        command = [mpiexec, "-n", "2", "--oversubscribe", "sh", "-c", inner, "sh", wfsim, "run",
                   scenario, *options, "-q", "-o", str(target)]
        # A rank that waited for the others to close the file would hang the run.
        status, out, err = run(command, env, timeout=120)
        left = leftovers(folder, set())
        print(f"exit {status}; left in the folder: {left or 'nothing'}; what was said:\n{err}")
        said = f"rank 1: wfsim: error: cannot write {target}: HDF5: cannot write a block"
        if status == 0 or said not in err.splitlines():
            print(f"the run did not fail with: {said}")
            return 1
        return 1 if left else 0


def refused(wfsim, mpiexec, scenario, options):
    env = mpi_environment()
    with tempfile.TemporaryDirectory() as folder:
        one = run([wfsim, "run", scenario, *options], env)
        many = run([mpiexec, "-n", "3", "--oversubscribe", wfsim, "run", scenario, *options], env)
        left = leftovers(folder, set())
    print(f"one process: exit {one[0]}, said:\n{one[2]}3 ranks: exit {many[0]}, said:\n{many[2]}")
    if one[0] == 0:
        print("one process did not refuse the run")
        return 1
    # mpirun adds notes of its own on a non-zero exit; wfsim's lines must be
    # there once each, as one process says them, and no rank's besides.
    said = many[2].splitlines()
    once = all(said.count(line) == 1 for line in one[2].splitlines())
    others = [line for line in said if line.startswith("rank ")]
    return 0 if many[0] == one[0] and once and not others and not left else 1


def main(argv):
    if len(argv) >= 6 and argv[3] == "same":
        ranks = [int(n) for n in argv[4].split(",")]
        return same(argv[1], argv[2], ranks, argv[5], argv[6:])
    if len(argv) >= 5 and argv[3] == "refused":
        return refused(argv[1], argv[2], argv[4], argv[5:])
    if len(argv) >= 5 and argv[3] == "write-fails":
        return write_fails(argv[1], argv[2], argv[4], argv[5:])
    if len(argv) >= 5 and argv[3] == "failing":
        return failing(argv[1], argv[2], argv[4], argv[5:])
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
