#include <fmt/format.h>
#include <fmt/ostream.h>

#include <filesystem>
#include <ostream>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/progress.h"
#include "engine/ranks.h"
#include "model/printable.h"
#include "national/national_run.h"
#include "output/hdf5_shared.h"
#include "output/national_summary.h"
#include "output/national_writer.h"
#include "output/temporary_files.h"
#include "scenario/national_load.h"

namespace wfsim {
namespace {

bool report(const NationalLoadResult& loaded, std::ostream& err) {
  for (const Diagnostic& d : loaded.diagnostics) err << d.format() << '\n';
  return loaded.ok();
}

}  // namespace

int national_validate_command(const std::string& file, std::ostream& out, std::ostream& err) {
  NationalLoadResult loaded = load_national(file);
  if (!report(loaded, err)) return kExitBadInput;
  const NationalPlan& plan = *loaded.plan;
  const Alignment a = align_systems(plan.systems);
  fmt::print(out, "{}: ok: {} systems, {} staff groups, {} supply pools, {} to {}\n", file,
             plan.systems.size(), a.groups(), plan.pools.size(), plan.systems.front().year_label(0),
             plan.systems.front().year_label(plan.years() - 1));
  return kExitOk;
}

int national_run_command(const RunOptions& options, std::ostream& out, std::ostream& err) {
  NationalLoadResult loaded = load_national(options.scenario);
  if (!report(loaded, err)) return ranks_agree(kExitBadInput);  // found alike on every rank
  const NationalPlan& plan = *loaded.plan;
  const std::filesystem::path output = options.output_path();
  NationalRunOptions run_options;
  run_options.replicates = options.replicates > 0 ? options.replicates : plan.replicates;
  run_options.threads = options.threads;
  run_options.quantiles = options.quantiles;
  run_options.spread = Spread::ranks;
  if (const std::string problem = keep_problem(options, run_options.replicates); !problem.empty()) {
    err << problem << '\n';
    return ranks_agree(kExitBadInput);  // found alike on every rank
  }
  // The ranks of a Monte Carlo run write the file together (docs/mpi.md):
  // each its systems' replicates and summaries. Rank 0 writes a compressed
  // file alone: HDF5 writes compressed chunks over MPI only in calls every
  // rank makes together, and each rank's threads write its systems in no
  // fixed order. A deterministic run sends rank 0 its one replicate a system.
  const bool together = rank_count() > 1 && run_options.replicates > 1 && !options.compress;
  const Alignment alignment = align_systems(plan.systems);
  if (this_rank() > 0) {  // another rank of an MPI run: its systems, for rank 0
    if (const int status = ranks_agree(kExitOk); status != kExitOk) return status;
    if (together) {
      NationalWriter shared(broadcast_shared({}), plan, alignment, run_options.replicates,
                            run_options.quantiles, storage_of(options));
      serve_national(plan, run_options, &shared);
      shared.commit_part();
      return kExitOk;
    }
    if (options.keep == "summary") {
      // Rank 0 keeps only the summary, so this rank summarises its own
      // systems and sends that alone. Their replicates go to files of its
      // own beside the target, named by rank (ranks on other machines may
      // share a process id) and unlinked as soon as they are made.
      const std::filesystem::path own_target =
          output.parent_path() / fmt::format(".{}.rank{}", output.filename().string(), this_rank());
      Storage storage = storage_of(options);
      storage.unlinked = true;
      NationalWriter own(own_target, plan, alignment, run_options.replicates, run_options.quantiles,
                         storage);
      serve_national(plan, run_options, &own);
      return kExitOk;
    }
    serve_national(plan, run_options);
    return kExitOk;
  }
  std::vector<std::string> inputs{plan.file};
  for (const Model& system : plan.systems) inputs.push_back(system.file);
  if (auto problem = target_problem(output, inputs)) {
    if (problem->named_wrong) {  // a missing folder is the writer's to report (exit 1)
      err << "wfsim run: cannot write " << printable(problem->message) << '\n';
      return ranks_agree(kExitBadInput);
    }
  }
  NationalWriter writer(output, plan, alignment, run_options.replicates, run_options.quantiles,
                        storage_of(options));
  // The other ranks may start, unless one of them cannot.
  if (const int status = ranks_agree(kExitOk); status != kExitOk) return status;
  NationalResult result;
  {
    Progress progress(err, 2L * static_cast<long>(plan.systems.size()) * run_options.replicates,
                      !options.quiet && stderr_is_terminal());
    if (together) {
      NationalWriter shared(broadcast_shared(writer.share()), plan, alignment,
                            run_options.replicates, run_options.quantiles, storage_of(options));
      result = run_national(plan, run_options, shared, [&] { progress.tick(); });
      shared.commit_part();
    } else {
      result = run_national(plan, run_options, writer, [&] { progress.tick(); });
    }
  }
  if (together) writer.take_back();
  writer.commit(result, national_flag_table(plan, result));

  if (options.quiet) return kExitOk;
  fmt::print(out,
             "{} ({})\n{} systems, {} staff groups, {} months from {}-{:02d}, {} "
             "replicate{}\nwrote {}\n\n",
             plan.name, options.scenario, plan.systems.size(), alignment.groups(),
             12 * alignment.years, alignment.start_year, alignment.start_month, result.replicates,
             result.replicates == 1 ? "" : "s", output.string());
  print_national_summary(out, plan, result);
  return kExitOk;
}

}  // namespace wfsim
