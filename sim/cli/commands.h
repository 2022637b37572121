#pragma once
// One function per subcommand, each returning the process exit status.
// They print to the streams they are given, so tests can drive them.

#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

namespace wfsim {

struct RunOptions {
  std::string scenario;
  std::string output;  // empty: <scenario stem>.h5 in the working directory
  bool quiet = false;  // no summary on stdout
  int replicates = 0;  // 0: the scenario's own
  int threads = 0;     // 0: every core
  std::vector<double> quantiles{0.05, 0.5, 0.95};
  // --keep: all; annual (no monthly variables); or summary (only /summary
  // and /flags, not the replicates: Monte Carlo runs only).
  std::string keep = "all";
  bool compress = false;  // --compress: shuffle and deflate every variable

  // The file to write: `output`, or <scenario stem>.h5 in the working directory.
  std::filesystem::path output_path() const {
    return output.empty()
               ? std::filesystem::path(std::filesystem::path(scenario).stem().string() + ".h5")
               : std::filesystem::path(output);
  }
};

struct Storage;
// What `run --keep` and `--compress` ask the file to keep, and how.
Storage storage_of(const RunOptions& options);
// Why `run` cannot keep what it is asked to of a run of `replicates`, as
// the message to print, or empty: a run of one replicate has no /summary
// for --keep summary to keep.
std::string keep_problem(const RunOptions& options, int replicates);

struct CheckOptions {
  std::vector<std::string> scenarios;
  std::string junit;   // JUnit XML report, or empty
  int replicates = 0;  // 0: each scenario's own
  int threads = 0;     // 0: every core
};

struct ExportOptions {
  std::string run;            // the HDF5 file
  std::string csv_directory;  // where annual.csv, monthly.csv, flags.csv go
  bool wide = false;          // a column per year or month
  bool allow_large = false;   // files past a spreadsheet's 1,048,576 rows
  bool summary_only = false;  // a Monte Carlo file's quantiles and means only
  bool quiet = false;
};

struct SolveOptions {
  std::string scenario;
  std::string output;  // the solved scenario (TOML), or empty
  std::string h5;      // the run of the solved plan with /solve, or empty
  int threads = 0;     // 0: every core
};

struct CompareOptions;  // output/compare.h

struct ReportOptions {
  std::vector<std::string> files;  // one output file, or two: the plan and its alternative
  std::string html;                // "": <first file's stem>.html here, unless only --xlsx/--pdf
  std::string xlsx, pdf;           // "": not written
  bool quiet = false;
};

int run_command(const RunOptions& options, std::ostream& out, std::ostream& err);
int check_command(const CheckOptions& options, std::ostream& out, std::ostream& err);
int validate_command(const std::string& scenario, std::ostream& out, std::ostream& err);
// Output files side by side, and as CSV (docs/output.md).
int compare_command(const CompareOptions& options, std::ostream& out, std::ostream& err);
int export_command(const ExportOptions& options, std::ostream& out, std::ostream& err);
// A board report of an output file: HTML, xlsx, PDF (docs/report.md).
int report_command(const ReportOptions& options, std::ostream& out, std::ostream& err);
// The least-cost plan that meets demand within funding (docs/solve.md).
int solve_command(const SolveOptions& options, std::ostream& out, std::ostream& err);
// National runs (a file with a [national] table; docs/national.md). run_command
// and validate_command hand such a file to these.
int national_run_command(const RunOptions& options, std::ostream& out, std::ostream& err);
int national_validate_command(const std::string& file, std::ostream& out, std::ostream& err);

}  // namespace wfsim
