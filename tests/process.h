#pragma once
// Runs the wfsim program as a user would, for end-to-end tests: exit
// status, standard output and standard error.

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

namespace wfsim::testing {

struct ProcessResult {
  int status = -1;
  std::string out, err;
};

inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A fresh empty directory, removed when the object goes.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::random_device rd;
    path = std::filesystem::temp_directory_path() /
           ("wfsim-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::filesystem::path operator/(const std::string& name) const { return path / name; }
};

// Runs a shell command line from the repository root, no standard input,
// capturing its output and exit status.
inline ProcessResult run_in_source_dir(const std::string& command_line) {
  TempDir io;
  const std::string command = std::string("cd '") + WFSIM_SOURCE_DIR + "' && " + command_line +
                              " >'" + (io / "out").string() + "' 2>'" + (io / "err").string() +
                              "' </dev/null";
  const int raw = std::system(command.c_str());
  ProcessResult r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = slurp(io / "out");
  r.err = slurp(io / "err");
  return r;
}

// Runs `WFSIM_PROGRAM args` (args as a shell would split them) from the
// repository root.
inline ProcessResult run_wfsim(const std::string& args) {
  return run_in_source_dir(std::string("'") + WFSIM_PROGRAM + "' " + args);
}

}  // namespace wfsim::testing
