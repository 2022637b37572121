#pragma once
// JUnit XML for `wfsim check`, in the shape GitLab, Jenkins and GitHub
// Actions display: one <testsuite> per scenario, one <testcase> per
// assertion, the figure and bound in each failure's message.

#include <filesystem>
#include <string>
#include <vector>

namespace wfsim {

struct JunitCase {
  std::string name;       // the assertion id
  std::string classname;  // the scenario, as a dotted name
  bool failed = false;
  bool error = false;   // the scenario could not run (bad input)
  std::string message;  // one line: figure and bound, or the error
  std::string detail;   // more lines (diagnostics), may be empty
};

struct JunitSuite {
  std::string name;  // the scenario file
  double seconds = 0;
  std::vector<JunitCase> cases;
};

std::string junit_xml(const std::vector<JunitSuite>& suites);

// Writes atomically: a temporary file beside the target, then a rename.
void write_junit(const std::filesystem::path& path, const std::vector<JunitSuite>& suites);

}  // namespace wfsim
