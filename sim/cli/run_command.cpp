#include <fmt/format.h>
#include <fmt/ostream.h>

#include <cmath>
#include <filesystem>
#include <optional>
#include <ostream>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/progress.h"
#include "engine/ranks.h"
#include "engine/replicates.h"
#include "engine/sampling.h"
#include "engine/statistics.h"
#include "model/printable.h"
#include "output/hdf5_writer.h"
#include "output/summary.h"
#include "output/temporary_files.h"
#include "scenario/load.h"
#include "scenario/national_load.h"

namespace wfsim {
namespace {

// Prints every problem, one per line; true when there were none.
bool report(const LoadResult& loaded, std::ostream& err) {
  for (const Diagnostic& d : loaded.diagnostics) err << d.format() << '\n';
  return loaded.ok();
}

// The `variant` dimension: one label per sweep point, and each swept
// parameter as a coordinate along it.
OuterDim variant_dim(const Model& model, const std::vector<SweepPoint>& points) {
  OuterDim dim{"variant", {}, {}};
  for (const Sweep& sweep : model.sweeps) dim.coords.push_back({sweep.target, {}});
  for (const SweepPoint& point : points) {
    dim.labels.push_back(sweep_label(point));
    for (std::size_t s = 0; s < point.size(); ++s) dim.coords[s].second.push_back(point[s].second);
  }
  return dim;
}

// What one variant's run shows: the annual values (replicate 0 of a
// deterministic run, the mean over replicates otherwise) and its flags.
struct VariantResult {
  AnnualTrajectory annual;
  std::vector<Flag> flags;
  std::vector<double> share;  // of replicates raising each flag
};

// Runs every replicate of one variant into the writer, then its summary.
VariantResult run_variant(const Model& model, std::span<const int> outer, int replicates,
                          const RunOptions& options, RunWriter& writer, Progress& progress) {
  VariantResult result;
  FlagCounts counts(model.years, static_cast<int>(model.groups.size()));
  auto consume = [&](const ReplicateResult& r) {
    writer.write_replicate(outer, r.replicate, r.monthly, r.annual);
    counts.add(r.flags);
    if (replicates == 1) {
      result.annual = r.annual;
      result.flags = r.flags;
    }
    progress.tick();
  };
  run_replicates(model, replicates, options.threads, consume, Spread::ranks);
  if (replicates == 1) {
    result.share.assign(result.flags.size(), 1.0);
    return result;
  }
  // Quantiles and means from the replicates as written, one variable at a time.
  AnnualTrajectory& mean = result.annual;
  mean.years = model.years;
  mean.groups = static_cast<int>(model.groups.size());
  mean.values.assign(kAnnualVarCount * mean.years * mean.groups, 0.0);
  std::vector<double> quantile_values, mean_values;
  for (std::size_t v = 0; v < writer.summary_variables(); ++v) {
    summarize_by_year(
        model.years, replicates, options.quantiles,
        [&](int y) { return writer.read_annual(outer, v, y, kSummaryReadBytes); }, quantile_values,
        mean_values, options.threads);
    writer.write_summary(outer, v, quantile_values, mean_values);
    if (v < kAnnualVarCount)  // the summary printed: the table's variables
      std::copy(mean_values.begin(), mean_values.end(),
                mean.values.begin() + v * mean_values.size());
  }
  result.flags = counts.rows(model, mean, result.share);
  return result;
}

// The first value of a run that is not finite, as a problem at the staff
// group it belongs to: inputs each within bounds that still overflow (a
// tiny productive_hours_per_fte dividing a large demand). nullopt if none.
std::optional<Diagnostic> not_finite(const Model& model, const AnnualTrajectory& annual) {
  for (std::size_t v = 0; v < kAnnualVarCount; ++v)
    for (int y = 0; y < annual.years; ++y)
      for (int g = 0; g < annual.groups; ++g)
        if (!std::isfinite(annual.at(v, y, g))) {
          const StaffGroup& group = model.groups[g];
          return Diagnostic{
              group.where, "staff_group." + group.id,
              fmt::format("the run gives {} = {} in {}: the group's inputs are too "
                          "large or too small to model",
                          kAnnualVariables[v].name, annual.at(v, y, g), model.year_label(y))};
        }
  return std::nullopt;
}

// The deflate level of --compress, chosen by measurement (docs/output.md
// "Storage"): past it, files barely shrink and writing slows.
constexpr int kDeflateLevel = 1;

// Past this many replicates the summary says what the monthly values cost.
constexpr int kManyReplicates = 1000;

// Bytes of a file's monthly values: every replicate at every outer index.
double monthly_bytes(const OutputLayout& layout) {
  double cells = static_cast<double>(layout.group_ids.size()) * kMonthlyVarCount +
                 static_cast<double>(layout.group_ids.size() * layout.age_band_ids.size()) +
                 static_cast<double>(layout.pipeline_ids.size());
  double points = layout.replicates;
  for (const OuterDim& d : layout.outer) points *= static_cast<double>(d.labels.size());
  const double value = layout.replicates > 1 ? sizeof(float) : sizeof(double);
  return points * layout.months() * cells * value;
}

}  // namespace

Storage storage_of(const RunOptions& options) {
  Storage storage;
  storage.monthly = options.keep == "all";
  storage.annual = options.keep != "summary";
  storage.deflate = options.compress ? kDeflateLevel : 0;
  return storage;
}

std::string keep_problem(const RunOptions& options, int replicates) {
  if (options.keep != "summary" || replicates > 1) return {};
  return "wfsim run: --keep summary needs a Monte Carlo run (-r 2 or more): a run of one "
         "replicate has no /summary";
}

namespace {

// The summary's note on a large file kept whole: how much of it is monthly
// values, and the option that leaves them out.
void note_storage(std::ostream& out, const OutputLayout& layout,
                  const std::filesystem::path& file) {
  if (!layout.storage.monthly || layout.replicates <= kManyReplicates) return;
  std::error_code error;
  const auto bytes = std::filesystem::file_size(file, error);
  if (error) return;
  auto size = [](double b) {
    return b >= 1e9 ? fmt::format("{:.1f} GB", b / 1e9) : fmt::format("{:.1f} MB", b / 1e6);
  };
  fmt::print(out,
             "\n{} is {}, with {} of monthly values of every replicate (before compression): "
             "--keep annual writes only /annual and /summary, --keep summary only /summary{}.\n",
             file.string(), size(static_cast<double>(bytes)), size(monthly_bytes(layout)),
             layout.storage.deflate > 0 ? "" : ", and --compress shrinks what is kept");
}

}  // namespace

int validate_command(const std::string& scenario, std::ostream& out, std::ostream& err) {
  if (is_national_file(scenario)) return national_validate_command(scenario, out, err);
  LoadResult loaded = load_scenario(scenario);
  if (!report(loaded, err)) return kExitBadInput;
  const Model& model = *loaded.model;
  fmt::print(out,
             "{}: ok: {} staff groups, {} age bands, {} pipelines, {} activity lines, {} to {}\n",
             scenario, model.groups.size(), model.bands(), model.pipelines.size(),
             model.activities.size(), model.year_label(0), model.year_label(model.years - 1));
  return kExitOk;
}

int run_command(const RunOptions& options, std::ostream& out, std::ostream& err) {
  if (is_national_file(options.scenario)) return national_run_command(options, out, err);
  LoadResult loaded = load_scenario(options.scenario);
  if (!report(loaded, err)) return ranks_agree(kExitBadInput);  // found alike on every rank
  const Model& model = *loaded.model;
  const std::filesystem::path output = options.output_path();
  const int replicates = options.replicates > 0 ? options.replicates : model.replicates;
  const std::vector<SweepPoint> points = sweep_points(model);
  if (const std::string problem = keep_problem(options, replicates); !problem.empty()) {
    err << problem << '\n';
    return ranks_agree(kExitBadInput);  // found alike on every rank
  }
  if (this_rank() > 0) {  // another rank of an MPI run: its share of each variant, for rank 0
    if (const int status = ranks_agree(kExitOk); status != kExitOk) return status;
    for (const SweepPoint& point : points)
      run_replicates(variant_model(model, point), replicates, options.threads, {}, Spread::ranks);
    return kExitOk;
  }
  // Refused before the run, not after it: a device, a directory, the scenario itself.
  if (auto problem = target_problem(output, loaded.files)) {
    if (problem->named_wrong) {  // a missing folder is the writer's to report (exit 1)
      err << "wfsim run: cannot write " << printable(problem->message) << '\n';
      return ranks_agree(kExitBadInput);
    }
  }

  OutputLayout layout = OutputLayout::for_model(model, replicates);
  if (replicates > 1) layout.quantiles = options.quantiles;
  if (!model.sweeps.empty()) layout.outer.push_back(variant_dim(model, points));
  layout.storage = storage_of(options);
  RunWriter writer(output, layout, RunInfo::for_model(model, replicates));
  // The other ranks may start, unless one of them cannot.
  if (const int status = ranks_agree(kExitOk); status != kExitOk) return status;

  FlagTable flags;
  std::vector<double> share, variant_of_flag;
  std::vector<VariantResult> results;
  {
    Progress progress(err, static_cast<long>(points.size()) * replicates,
                      !options.quiet && stderr_is_terminal());
    for (std::size_t v = 0; v < points.size(); ++v) {
      const Model variant = variant_model(model, points[v]);
      const int index = static_cast<int>(v);
      const std::span<const int> outer =
          model.sweeps.empty() ? std::span<const int>{} : std::span<const int>(&index, 1);
      results.push_back(run_variant(variant, outer, replicates, options, writer, progress));
      flags.append(FlagTable::from_flags(model, results.back().flags));
      share.insert(share.end(), results.back().share.begin(), results.back().share.end());
      variant_of_flag.insert(variant_of_flag.end(), results.back().flags.size(),
                             static_cast<double>(v));
    }
  }
  // Nothing is written when a result is not a number (the temporary goes with the writer).
  for (const VariantResult& r : results)
    if (auto problem = not_finite(model, r.annual)) {
      err << problem->format() << '\n';
      return kExitBadInput;
    }
  if (replicates > 1) flags.extra_numbers.push_back({"flag_share", share});
  if (!model.sweeps.empty()) flags.extra_numbers.push_back({"flag_variant", variant_of_flag});
  writer.write_flags(flags);
  writer.commit();

  if (options.quiet) return kExitOk;
  fmt::print(out, "{} ({})\n{} staff groups, {} months from {}-{:02d}, {} replicate{}\nwrote {}\n",
             printable(model.name), printable(options.scenario), model.groups.size(),
             model.months(), model.start_year, model.start_month, replicates,
             replicates == 1 ? "" : "s", output.string());
  for (std::size_t v = 0; v < points.size(); ++v) {
    if (!model.sweeps.empty()) fmt::print(out, "\nvariant {}: {}\n", v, sweep_label(points[v]));
    out << '\n';
    if (replicates > 1)
      fmt::print(out, "Means over {} replicates; quantiles are in the file's /summary.\n",
                 replicates);
    print_summary(out, model, results[v].annual);
    out << '\n';
    print_flags(out, model, results[v].flags, replicates > 1 ? &results[v].share : nullptr);
  }
  note_storage(out, layout, output);
  return kExitOk;
}

}  // namespace wfsim
