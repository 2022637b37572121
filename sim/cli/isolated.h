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
  // Processor time the child may use before it is stopped as reading a
  // damaged file (0: reading_seconds(files), the default).
  double processor_seconds = 0;
};

// The processor time a child reading `files` may use: 10 s and 4 s per MiB
// of the files, a hundred times what reading and exporting them takes.
// HDF5 1.10 loops without end on some damaged files (a cycle in a B-tree);
// under this limit such a read is damage, not a hang.
double reading_seconds(const std::vector<std::string>& files);

// Runs `work` in a child process and relays what it wrote to `out` and `err`
// and its exit status. A child that dies of a fault (SIGSEGV, SIGBUS,
// SIGABRT, SIGFPE, SIGILL) gives exit 2, blaming the files, as does one
// stopped at its limit of processor time; of any other signal, exit 1.
// Exceptions thrown by `work` are reported as cli_main reports them.
int run_isolated(const Isolation& isolation,
                 const std::function<int(std::ostream& out, std::ostream& err)>& work,
                 std::ostream& out, std::ostream& err);

// Lifts the child's caps on memory and processor time once the files are
// read (Chromium, which `report --pdf` starts, reserves far more address
// space than it uses; what follows the reading is not the file's doing).
void lift_reading_limits();

}  // namespace wfsim
