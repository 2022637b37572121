#include <fmt/format.h>
#include <fmt/ostream.h>

#include <chrono>
#include <filesystem>
#include <ostream>

#include "cli/cli.h"
#include "cli/commands.h"
#include "engine/assertions.h"
#include "engine/replicates.h"
#include "engine/sampling.h"
#include "output/junit.h"
#include "scenario/load.h"
#include "scenario/national_load.h"

namespace wfsim {
namespace {

// "scenarios/stress/ir_stopped.toml" -> "scenarios.stress.ir_stopped", as
// JUnit viewers group classnames by their dots.
std::string classname(const std::string& file) {
  std::string name = std::filesystem::path(file).replace_extension().string();
  for (char& c : name)
    if (c == '/' || c == '\\' || c == '.') c = '.';
  while (!name.empty() && name.front() == '.') name.erase(name.begin());
  return name;
}

}  // namespace

int check_command(const CheckOptions& options, std::ostream& out, std::ostream& err) {
  std::vector<JunitSuite> suites;
  int passed = 0, failed = 0, broken = 0;
  for (const std::string& file : options.scenarios) {
    const auto started = std::chrono::steady_clock::now();
    JunitSuite suite{file, 0, {}};
    LoadResult loaded;
    if (is_national_file(file))  // its systems' own files are what check runs
      loaded.diagnostics.push_back(
          {{file, 1, 1},
           "national",
           "a national file: wfsim check runs system scenarios and their [[assert]] entries "
           "(check each system's file, or run this one with wfsim run)"});
    else
      loaded = load_scenario(file);
    if (!loaded.ok()) {
      std::string detail;
      for (const Diagnostic& d : loaded.diagnostics) {
        err << d.format() << '\n';
        detail += d.format() + '\n';
      }
      const std::size_t n = loaded.diagnostics.size();
      fmt::print(out, "{}: ERROR  bad input ({} problem{}, listed on stderr)\n", file, n,
                 n == 1 ? "" : "s");
      suite.cases.push_back(
          {"load", classname(file), false, true, "the scenario has bad input", detail});
      suites.push_back(std::move(suite));
      ++broken;
      continue;
    }
    const Model& model = *loaded.model;
    const int replicates = options.replicates > 0 ? options.replicates : model.replicates;
    // Every variant of the scenario's sweeps is checked on its own, with the
    // same random numbers.
    const std::vector<SweepPoint> points = sweep_points(model);
    const bool swept = !model.sweeps.empty();
    std::string lines;
    for (std::size_t v = 0; v < points.size(); ++v) {
      const Model variant = variant_model(model, points[v]);
      AssertionSamples samples(variant, replicates);
      run_replicates(variant, replicates, options.threads,
                     [&](const ReplicateResult& r) { samples.add(r); });
      const std::string label = sweep_label(points[v]);
      if (swept) lines += fmt::format("  variant {}: {}\n", v, label);
      const auto outcomes = samples.evaluate();
      if (outcomes.empty() && v == 0) lines += "  (no [[assert]] entries)\n";
      for (const AssertionOutcome& o : outcomes) {
        const std::string line = o.describe(variant);
        lines +=
            fmt::format("  {}  {:<24} {}\n", o.passed ? "PASS" : "FAIL", o.assertion->id, line);
        const std::string name =
            swept ? fmt::format("{} [{}]", o.assertion->id, label) : o.assertion->id;
        suite.cases.push_back({name, classname(file), !o.passed, false, line, ""});
        (o.passed ? passed : failed) += 1;
      }
    }
    suite.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    fmt::print(out, "{} ({} replicate{}{}, {:.2f} s)\n{}", file, replicates,
               replicates == 1 ? "" : "s", swept ? fmt::format(", {} variants", points.size()) : "",
               suite.seconds, lines);
    suites.push_back(std::move(suite));
  }
  fmt::print(
      out, "\ncheck: {} assertion{} in {} scenario{}: {} passed, {} failed{}\n", passed + failed,
      passed + failed == 1 ? "" : "s", options.scenarios.size(),
      options.scenarios.size() == 1 ? "" : "s", passed, failed,
      broken ? fmt::format(", {} scenario{} with bad input", broken, broken == 1 ? "" : "s") : "");
  if (!options.junit.empty()) write_junit(options.junit, suites);
  if (broken) return kExitBadInput;
  return failed ? kExitCheckFailed : kExitOk;
}

}  // namespace wfsim
