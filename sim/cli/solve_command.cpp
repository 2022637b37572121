#include <fmt/format.h>
#include <fmt/ostream.h>

#include <filesystem>
#include <fstream>
#include <ostream>

#include "cli/cli.h"
#include "cli/commands.h"
#include "engine/replicates.h"
#include "output/hdf5_writer.h"
#include "output/solve_report.h"
#include "output/solve_writer.h"
#include "output/solved_scenario.h"
#include "scenario/load.h"
#include "scenario/national_load.h"
#include "solve/solve_plan.h"

namespace wfsim {
namespace {

namespace fs = std::filesystem;

// Writes beside the target and renames into place, so a failure never
// leaves half a file or destroys an earlier one.
void write_file(const fs::path& target, const std::string& text) {
  fs::path temporary = target;
  temporary += ".tmp";
  {
    std::ofstream file(temporary, std::ios::binary);
    file << text;
    if (!file.flush()) {
      std::error_code ignored;
      fs::remove(temporary, ignored);
      throw std::runtime_error("cannot write " + target.string());
    }
  }
  fs::rename(temporary, target);
}

void write_h5(const fs::path& target, const Model& solved_model, const ReplicateResult& run,
              const Model& model, const SolvedPlan& solved) {
  RunWriter writer(target, OutputLayout::for_model(solved_model, 1),
                   RunInfo::for_model(solved_model, 1));
  writer.write_replicate({}, 0, run.monthly, run.annual);
  writer.write_flags(FlagTable::from_flags(solved_model, run.flags));
  write_solve_group(writer, model, solved);
  writer.commit();
}

}  // namespace

int solve_command(const SolveOptions& options, std::ostream& out, std::ostream& err) {
  if (is_national_file(options.scenario)) {
    err << "wfsim solve: " << options.scenario
        << ": a national file; solve one system's scenario at a time\n";
    return kExitBadInput;
  }
  LoadResult loaded = load_scenario(options.scenario);
  for (const Diagnostic& d : loaded.diagnostics) err << d.format() << '\n';
  if (!loaded.ok()) return kExitBadInput;
  const Model& model = *loaded.model;
  if (model.levers.empty()) {
    err << Diagnostic{model.solve.where, "lever",
                      "wfsim solve needs at least one [[lever]]: the volumes it may change"}
               .format()
        << '\n';
    return kExitBadInput;
  }

  SolvedPlan solved;
  try {
    solved = solve_plan(model, {options.threads});
  } catch (const BudgetInfeasible& e) {
    err << "wfsim solve: infeasible: " << e.what() << '\n';
    return kExitInfeasible;
  }

  // The solved scenario, loaded and run as `wfsim run` would: the answer
  // stands only if that run is the one the solver predicted.
  const fs::path scenario_path =
      options.output.empty() ? fs::path(options.scenario).parent_path() /
                                   (fs::path(options.scenario).stem().string() + "-solved.toml")
                             : fs::path(options.output);
  const std::string text = solved_scenario_text(model, solved, options.scenario, scenario_path);
  LoadResult reloaded = load_scenario_text(text, scenario_path);
  if (!reloaded.ok()) {
    err << "wfsim solve: error: the solved scenario does not load:\n";
    for (const Diagnostic& d : reloaded.diagnostics) err << "  " << d.format() << '\n';
    return kExitError;
  }
  ReplicateResult run;
  run_replicate(*reloaded.model, 0, false, run);
  std::string broken;
  const double error = verification_error(model, solved, run.annual, broken);
  if (error > kVerifyTolerance || !broken.empty()) {
    fmt::print(err,
               "wfsim solve: error: the run of the solved scenario differs from the solver's "
               "prediction by {:.3g} (relative){}{}; no plan is printed\n",
               error, broken.empty() ? "" : ": ", broken);
    return kExitError;
  }
  solved.verified_error = std::max(solved.verified_error, error);

  print_solve_report(out, model, solved);
  if (!solved.feasible) {
    err << "wfsim solve: infeasible: the targets cannot be met\n";
    print_infeasible(err, model, solved);
  }
  if (!options.output.empty()) {
    write_file(options.output, text);
    fmt::print(out, "\nwrote {}\n", options.output);
  }
  if (!options.h5.empty()) {
    write_h5(options.h5, *reloaded.model, run, model, solved);
    fmt::print(out, "{}wrote {}\n", options.output.empty() ? "\n" : "", options.h5);
  }
  return solved.feasible ? kExitOk : kExitInfeasible;
}

}  // namespace wfsim
