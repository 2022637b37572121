#include "cli/cli.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <exception>
#include <iostream>
#include <new>
#include <optional>

#include "cli/commands.h"
#include "engine/ranks.h"
#include "model/printable.h"
#include "output/compare.h"

namespace wfsim {
namespace scenario {
int edit_distance(std::string_view a, std::string_view b);  // scenario/reader.h, without TOML
}
namespace {

// An integer option of at least `low`: "must be at least 1, got 0"
// (CLI11's own range check names the range of a double).
CLI::Validator at_least(long long low) {
  return CLI::Validator(
      [low](std::string& text) -> std::string {
        long long value = 0;
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (error != std::errc() || end != text.data() + text.size())
          return fmt::format("must be a whole number, got '{}'", printable(text));
        if (value < low) return fmt::format("must be at least {}, got {}", low, value);
        return "";
      },
      fmt::format("INT>={}", low));
}

// The first word names no subcommand: say so, and which one was meant
// (CLI11 would only say that a subcommand is required).
std::optional<std::string> unknown_command(int argc, char** argv, const CLI::App& app) {
  if (argc < 2 || argv[1][0] == '-') return std::nullopt;
  const std::string word = argv[1];
  std::string best, names;
  int distance = 3;
  for (const CLI::App* sub : app.get_subcommands({})) {
    if (sub->get_name() == word) return std::nullopt;
    names += (names.empty() ? "" : ", ") + sub->get_name();
    const int d = scenario::edit_distance(word, sub->get_name());
    if (d < distance) distance = d, best = sub->get_name();
  }
  return fmt::format("wfsim: unknown command '{}'{}; the commands are {} (wfsim --help)",
                     printable(word), best.empty() ? "" : " (did you mean '" + best + "'?)", names);
}

// The quantile axis of /summary: strictly increasing, each in (0, 1), so
// that it is a coordinate readers can select on. nullopt when it is.
std::optional<std::string> quantiles_problem(const std::vector<double>& quantiles) {
  std::string given;
  for (double q : quantiles) given += fmt::format("{}{}", given.empty() ? "" : " ", q);
  for (std::size_t i = 0; i < quantiles.size(); ++i) {
    if (!(quantiles[i] > 0 && quantiles[i] < 1))
      return fmt::format("each must be in (0, 1), got {}", given);
    if (i > 0 && !(quantiles[i] > quantiles[i - 1]))
      return fmt::format("must be strictly increasing, got {}", given);
  }
  return std::nullopt;
}

}  // namespace

int cli_main(int argc, char** argv) {
  CLI::App app{
      "wfsim: NHS workforce demand-and-supply simulator.\n"
      "Runs a scenario's staff groups against its activity plans and funding, month by\n"
      "month, writes trajectories to HDF5 and flags every gap."};
  app.set_version_flag("--version", "wfsim " WFSIM_VERSION);
  app.require_subcommand(1);

  RunOptions run;
  auto* run_cmd =
      app.add_subcommand("run", "Run a scenario, print a summary and write an HDF5 file");
  run_cmd->add_option("scenario", run.scenario, "Scenario file (TOML)")->required();
  run_cmd->add_option("-o,--output", run.output,
                      "Output HDF5 file (default: the scenario's name with .h5, here)");
  run_cmd->add_flag("-q,--quiet", run.quiet, "Print nothing but errors");
  run_cmd
      ->add_option("-r,--replicates", run.replicates,
                   "Monte Carlo replicates (default: the scenario's `replicates`, else 1)")
      ->check(at_least(1));
  run_cmd
      ->add_option("-j,--threads", run.threads,
                   "Threads for replicates (default: every core; under mpirun, each rank its "
                   "share of its machine's cores)")
      ->check(at_least(0));
  run_cmd
      ->add_option("--quantiles", run.quantiles,
                   "Quantiles written to /summary, strictly increasing, each in (0, 1) "
                   "(default: 0.05 0.5 0.95)")
      ->delimiter(',');
  run_cmd
      ->add_option("--keep", run.keep,
                   "What the file keeps: all (monthly and annual values of every replicate, "
                   "the default), annual (no monthly values: /annual and /summary) or summary "
                   "(only /summary and /flags: Monte Carlo runs)")
      ->check(CLI::IsMember({"all", "annual", "summary"}));
  run_cmd->add_flag("--compress", run.compress,
                    "Compress every variable (HDF5 shuffle and deflate): smaller files, slower "
                    "writes");

  CheckOptions check;
  auto* check_cmd = app.add_subcommand(
      "check", "Run scenarios and evaluate their [[assert]] entries (exit 3 when any fails)");
  check_cmd->add_option("scenarios", check.scenarios, "Scenario files (TOML)")->required();
  check_cmd->add_option("--junit", check.junit, "Write a JUnit XML report to this file");
  check_cmd
      ->add_option("-r,--replicates", check.replicates,
                   "Replicates for every scenario (default: each scenario's own)")
      ->check(at_least(1));
  check_cmd
      ->add_option("-j,--threads", check.threads, "Threads for replicates (default: every core)")
      ->check(at_least(0));

  std::string to_validate;
  auto* validate_cmd = app.add_subcommand("validate", "Check a scenario file without running it");
  validate_cmd->add_option("scenario", to_validate, "Scenario file (TOML)")->required();

  CompareOptions compare;
  auto* compare_cmd = app.add_subcommand(
      "compare", "Headline measures of output files side by side, with differences and outliers");
  compare_cmd->add_option("files", compare.files, "Output HDF5 files (run or national)")
      ->required();
  compare_cmd
      ->add_option("--by", compare.by,
                   "system: a row per system; scenario: a column per file (default: system "
                   "when a file has several systems, else scenario)")
      ->check(CLI::IsMember({"system", "scenario"}));
  compare_cmd
      ->add_option("--per", compare.per, "Population base of per-capita measures (default 100000)")
      ->check(CLI::PositiveNumber);
  compare_cmd->add_option("--year", compare.year, "Plan year, as \"2023/24\" (default: the last)");
  compare_cmd->add_option("--plan", compare.plan, "Plan of national files (default: reconciled)")
      ->check(CLI::IsMember({"submitted", "reconciled"}));
  compare_cmd->add_option("--csv", compare.csv, "Also write the table as CSV to this file");

  ExportOptions export_options;
  auto* export_cmd = app.add_subcommand(
      "export", "Write an output file as CSV files that spreadsheets and R read");
  export_cmd->add_option("run", export_options.run, "Output HDF5 file")->required();
  export_cmd
      ->add_option("--csv", export_options.csv_directory,
                   "Directory for annual.csv, monthly.csv, flags.csv, variables.csv (and "
                   "summary.csv; national files: national_annual.csv, pools.csv)")
      ->required();
  export_cmd->add_flag("--wide", export_options.wide,
                       "Tables with a column per year (or month): *_wide.csv");
  export_cmd->add_flag("--summary-only", export_options.summary_only,
                       "Monte Carlo files: only summary.csv (quantiles and means), flags.csv and "
                       "variables.csv");
  export_cmd->add_flag("--allow-large", export_options.allow_large,
                       "Write files of more than 1,048,576 rows, which spreadsheets cut short");
  export_cmd->add_flag("-q,--quiet", export_options.quiet, "Print nothing but errors");

  ReportOptions report_options;
  auto* report_cmd = app.add_subcommand(
      "report", "A board report of an output file: self-contained HTML, Excel, PDF");
  report_cmd
      ->add_option("files", report_options.files,
                   "Output HDF5 file; a second one is shown as the alternative to the first")
      ->required()
      ->expected(1, 2);
  report_cmd->add_option("-o,--output", report_options.html,
                         "HTML file (default: the first file's name with .html, here, unless "
                         "only --xlsx or --pdf is given)");
  report_cmd->add_option("--xlsx", report_options.xlsx, "Also write an Excel workbook");
  report_cmd->add_option("--pdf", report_options.pdf,
                         "Also print the report to PDF, A4, with headless Chromium");
  report_cmd->add_flag("-q,--quiet", report_options.quiet, "Print nothing but errors");
  SolveOptions solve;
  auto* solve_cmd = app.add_subcommand(
      "solve",
      "Find the least-cost lever values that meet demand within funding (exit 4: infeasible)");
  solve_cmd->add_option("scenario", solve.scenario, "Scenario file with [[lever]] entries (TOML)")
      ->required();
  solve_cmd->add_option("-o,--output", solve.output,
                        "Write the solved plan as a scenario that extends the input");
  solve_cmd->add_option("--h5", solve.h5, "Write the run of the solved plan, with /solve");
  solve_cmd
      ->add_option("-j,--threads", solve.threads,
                   "Threads for the engine runs (default: every core)")
      ->check(CLI::NonNegativeNumber);

  if (auto problem = unknown_command(argc, argv, app)) {
    std::cerr << *problem << '\n';
    return kExitBadInput;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version are "errors" with status 0; a usage error is bad input.
    return app.exit(e) == 0 ? kExitOk : kExitBadInput;
  }

  if (*run_cmd) {
    if (auto problem = quantiles_problem(run.quantiles)) {
      std::cerr << "wfsim run: --quantiles: " << *problem << '\n';
      return kExitBadInput;
    }
  }

  // Only `run` spreads over the ranks of an MPI run; any other command is
  // rank 0's alone, or every rank would write the same files.
  if (!*run_cmd && this_rank() > 0) return kExitOk;
  int status = kExitError;
  try {
    if (*run_cmd) status = run_command(run, std::cout, std::cerr);
    if (*validate_cmd) status = validate_command(to_validate, std::cout, std::cerr);
    if (*check_cmd) status = check_command(check, std::cout, std::cerr);
    if (*compare_cmd) status = compare_command(compare, std::cout, std::cerr);
    if (*export_cmd) status = export_command(export_options, std::cout, std::cerr);
    if (*report_cmd) status = report_command(report_options, std::cout, std::cerr);
    if (*solve_cmd) status = solve_command(solve, std::cout, std::cerr);
  } catch (const std::bad_alloc&) {
    std::cerr << "wfsim: error: out of memory: this run needs more memory than the machine "
                 "gives it (fewer replicates, a shorter plan or fewer -j threads need less)\n";
    return kExitError;
  } catch (const std::exception& e) {
    std::cerr << "wfsim: error: " << printable(e.what()) << '\n';
    return kExitError;
  }
  // What was printed must have reached standard output (`> /dev/full`, a
  // closed pipe): a summary that was lost is a failure, not a success.
  errno = 0;
  std::cout.flush();
  if (!std::cout) {
    const int error = errno;
    std::cerr << "wfsim: error: cannot write to standard output"
              << (error ? std::string(": ") + std::strerror(error) : std::string()) << '\n';
    return kExitError;
  }
  return status;
}

}  // namespace wfsim
