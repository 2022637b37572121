#!/usr/bin/python3
"""Runs the code blocks of a Markdown file as a reader would: in order, each
as written, in a fresh folder that holds the repository's scenarios, data,
tests and tools, with build/ the build under test and `wfsim` on PATH.

usage: doc_snippets.py BUILD_DIR SOURCE_DIR DOC.md LANGUAGE[,LANGUAGE...]

Blocks fenced as ```sh, ```python or ```r of the languages asked for run;
in README.md every sh block runs, elsewhere only those marked to run, since
the reference docs also show synopses (`wfsim compare A.h5 B.h5 ...`). A
comment on the line before a fence says otherwise:
  <!-- snippet: skip -->    not run (set-up that builds and installs)
  <!-- snippet: run -->     run (a sh block in a reference doc)
  <!-- snippet: exit N -->  run, and expected to exit with status N
Each Python block runs in its own interpreter and each R block in its own
Rscript, so every block must stand alone, as a reader pastes it.
Exit status: 0 all ran and passed, 1 a block failed, 77 a language's
interpreter (or a package it needs) is missing: skipped, and said why.
"""
import os
import re
import subprocess
import sys
import tempfile

FENCE = re.compile(r"^```(\w*)\s*$")
NOTE = re.compile(r"^<!--\s*snippet:\s*(skip|run|exit\s+(\d+))\s*-->\s*$")
INTERPRETERS = {"sh": ["bash", "-e", "-o", "pipefail"], "python": ["/usr/bin/python3"],
                "r": ["Rscript", "--vanilla"]}
# What a language's blocks need before they can run, as a command that fails without it.
NEEDS = {"python": (["/usr/bin/python3", "-c", "import xarray, h5netcdf, h5py"],
                    "python3-xarray, python3-h5netcdf and python3-h5py"),
         "r": (["Rscript", "-e", "library(hdf5r); library(ncdf4)"],
               "r-base-core, r-cran-hdf5r and r-cran-ncdf4")}


def blocks(path, readme):
    """(line, language, expected exit status) of each block to run, in order."""
    out, note, language, start, body = [], None, None, 0, []
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for number, line in enumerate(lines, 1):
        if language is None:
            m = FENCE.match(line)
            if m and m.group(1):
                language, start, body = m.group(1).lower(), number, []
                continue
            n = NOTE.match(line)
            if n:
                note = n
            elif line.strip():
                note = None
        elif line.startswith("```"):
            kind = note.group(1) if note else None
            wanted = language in ("python", "r") or (language == "sh" and (readme or kind == "run"
                                                                            or (kind or "").startswith("exit")))
            if kind != "skip" and wanted:
                status = int(note.group(2)) if note and note.group(2) else 0
                out.append((start, language, status, "\n".join(body) + "\n"))
            language, note = None, None
        else:
            body.append(line)
    return out


def main():
    build, source, doc, languages = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4].split(",")
    build, source = os.path.abspath(build), os.path.abspath(source)
    doc_path = os.path.join(source, doc)
    todo = [b for b in blocks(doc_path, os.path.basename(doc) == "README.md") if b[1] in languages]
    if not todo:
        print(f"{doc}: no {' or '.join(languages)} block to run")
        return 1
    for language in sorted({b[1] for b in todo}):
        if language in NEEDS:
            command, packages = NEEDS[language]
            try:
                ok = subprocess.run(command, capture_output=True).returncode == 0
            except FileNotFoundError:
                ok = False
            if not ok:
                print(f"skipped: {doc}'s {language} blocks need {packages} "
                      "(tools/install-deps --test installs them)")
                return 77
    with tempfile.TemporaryDirectory(prefix="wfsim-doc-") as work:
        for name in ("scenarios", "data", "tests", "tools"):
            os.symlink(os.path.join(source, name), os.path.join(work, name))
        os.symlink(build, os.path.join(work, "build"))
        bin_dir = os.path.join(work, ".bin")
        os.mkdir(bin_dir)
        os.symlink(os.path.join(build, "wfsim"), os.path.join(bin_dir, "wfsim"))
        env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ.get("PATH", ""),
                   MPLBACKEND="Agg")
        for line, language, status, code in todo:
            suffix = {"sh": ".sh", "python": ".py", "r": ".R"}[language]
            script = os.path.join(work, f".snippet-{line}{suffix}")
            with open(script, "w", encoding="utf-8") as f:
                f.write(code)
            result = subprocess.run(INTERPRETERS[language] + [script], cwd=work, env=env,
                                    capture_output=True, text=True)
            if result.returncode != status:
                print(f"{doc}:{line}: the {language} block exited {result.returncode}, "
                      f"expected {status}:\n{code}--- output:\n{result.stdout}{result.stderr}")
                return 1
            print(f"{doc}:{line}: {language} block ran (exit {status})")
    print(f"{doc}: {len(todo)} blocks ran as written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
