#pragma once
// Commands that read output files (export, compare, report) run their work
// in a child process. A file may be damaged in ways HDF5 1.10 does not
// survive (a corrupt global heap crashes H5HG_read before any check of ours
// can see it); in a child, such a crash is one clear message and exit 2,
// never a crash of wfsim, and the child's temporaries are swept up
// (docs/reliability.md).

#include <filesystem>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace wfsim {

struct Isolation {
  std::string command;                         // "export": messages start "wfsim export: "
  std::vector<std::string> files;              // the files read, named when the child crashes
  std::vector<std::filesystem::path> folders;  // where the child may leave temporaries
};

// Runs `work` in a child process and relays what it wrote to `out` and `err`
// and its exit status. A child that dies of a fault (SIGSEGV, SIGBUS,
// SIGABRT, SIGFPE, SIGILL) gives exit 2, blaming the files; of any other
// signal, exit 1. Exceptions thrown by `work` are reported as cli_main
// reports them.
int run_isolated(const Isolation& isolation,
                 const std::function<int(std::ostream& out, std::ostream& err)>& work,
                 std::ostream& out, std::ostream& err);

// Lifts the child's cap on memory once the files are read (Chromium, which
// `report --pdf` starts, reserves far more address space than it uses).
void lift_memory_cap();

}  // namespace wfsim
