#include <fmt/format.h>
#include <fmt/ostream.h>

#include <cmath>
#include <filesystem>
#include <map>
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
#include "output/hdf5_shared.h"
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

// An annual trajectory of zeros, for the means over replicates.
AnnualTrajectory zero_means(const Model& model) {
  AnnualTrajectory mean;
  mean.years = model.years;
  mean.groups = static_cast<int>(model.groups.size());
  mean.values.assign(kAnnualVarCount * mean.years * mean.groups, 0.0);
  return mean;
}

// The quantiles and means of one annual variable over the replicates.
struct VariableSummary {
  std::vector<double> quantiles, means;
};

// Annual variable `v` summarised from the replicates as written; its means
// go into `mean` where the summary printed shows them (the table's
// variables).
VariableSummary summarize_variable(const Model& model, std::span<const int> outer, std::size_t v,
                                   int replicates, const RunOptions& options, RunWriter& writer,
                                   AnnualTrajectory& mean) {
  VariableSummary summary;
  summarize_by_year(
      model.years, replicates, options.quantiles,
      [&](int y) { return writer.read_annual(outer, v, y, kSummaryReadBytes); }, summary.quantiles,
      summary.means, options.threads);
  if (v < kAnnualVarCount)
    std::copy(summary.means.begin(), summary.means.end(),
              mean.values.begin() + v * summary.means.size());
  return summary;
}

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
  result.annual = zero_means(model);
  for (std::size_t v = 0; v < writer.summary_variables(); ++v) {
    const VariableSummary summary =
        summarize_variable(model, outer, v, replicates, options, writer, result.annual);
    writer.write_summary(outer, v, summary.quantiles, summary.means);
  }
  result.flags = counts.rows(model, result.annual, result.share);
  return result;
}

// Whether the ranks of this run write its file together (docs/mpi.md): a
// Monte Carlo run or sweep over more than one rank.
bool ranks_write_together(int replicates) {
  return rank_count() > 1 && replicates > 1;
}

// Every variant's replicates and summary, with the ranks writing the file
// together: each rank its own blocks of replicates (Spread::ranks)
// and its share of /summary, annual variable v on rank v % ranks. Rank 0
// receives the others' flag counts and printed means, and returns every
// variant's result; the other ranks return nothing. Each variable's
// summary is computed by the same code from the same values as in one
// process, and the counts are whole numbers, so the file and what is
// printed are the single process's.
std::vector<VariantResult> run_together(const Model& model, const std::vector<SweepPoint>& points,
                                        int replicates, const OutputLayout& layout,
                                        const SharedFile& shared, const RunOptions& options,
                                        Progress* progress) {
  const int rank = this_rank(), ranks = rank_count();
  std::vector<VariantResult> results;
  RunWriter writer(shared, layout);
  for (std::size_t p = 0; p < points.size(); ++p) {
    const Model variant = variant_model(model, points[p]);
    const int index = static_cast<int>(p);
    const std::span<const int> outer =
        model.sweeps.empty() ? std::span<const int>{} : std::span<const int>(&index, 1);
    FlagCounts counts(model.years, static_cast<int>(model.groups.size()));
    auto consume = [&](const ReplicateResult& r) {
      writer.write_replicate(outer, r.replicate, r.monthly, r.annual);
      counts.add(r.flags);
      if (progress) progress->tick();
    };
    run_replicates(variant, replicates, options.threads, consume, Spread::ranks);
    writer.synchronise();  // every rank's replicates in, for every rank's summaries

    VariantResult result;
    result.annual = zero_means(model);
    std::vector<double> message;  // this rank's flag counts, then [v, means of v...]
    counts.append_to(message);
    const std::size_t cells = static_cast<std::size_t>(model.years) * model.groups.size();
    // This rank's variables are all summarised before any is written: in a
    // compressed file each variable's writing is every rank's call together.
    std::map<std::size_t, VariableSummary> mine;
    for (std::size_t v = rank; v < writer.summary_variables(); v += ranks) {
      mine[v] = summarize_variable(variant, outer, v, replicates, options, writer, result.annual);
      if (v >= kAnnualVarCount) continue;
      message.push_back(static_cast<double>(v));
      message.insert(message.end(), result.annual.values.begin() + v * cells,
                     result.annual.values.begin() + (v + 1) * cells);
    }
    for (std::size_t v = 0; v < writer.summary_variables(); ++v) {
      if (auto it = mine.find(v); it != mine.end())
        writer.write_summary(outer, v, it->second.quantiles, it->second.means);
      else
        writer.skip_summary(outer, v);
    }
    const int round = next_round();
    if (rank > 0) {
      send_values(round, rank, message);
      flush_results();
      continue;
    }
    std::vector<double> values;
    for (int received = 1; received < ranks; ++received) {
      receive_values(round, values, [] { return false; });
      FlagCounts theirs(model.years, static_cast<int>(model.groups.size()));
      std::size_t at = theirs.read_from(values, 0);
      counts.add(theirs);
      for (; at < values.size(); at += 1 + cells) {
        const auto v = static_cast<std::size_t>(values[at]);
        if (v >= kAnnualVarCount || at + 1 + cells > values.size())
          throw std::runtime_error("a summary arrived damaged from another rank");
        std::copy(values.begin() + at + 1, values.begin() + at + 1 + cells,
                  result.annual.values.begin() + v * cells);
      }
    }
    result.flags = counts.rows(variant, result.annual, result.share);
    results.push_back(std::move(result));
  }
  writer.commit();
  return results;
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
  OutputLayout layout = OutputLayout::for_model(model, replicates);
  if (replicates > 1) layout.quantiles = options.quantiles;
  if (!model.sweeps.empty()) layout.outer.push_back(variant_dim(model, points));
  layout.storage = storage_of(options);
  const bool together = ranks_write_together(replicates);

  if (this_rank() > 0) {  // another rank of an MPI run: its share of each variant
    if (const int status = ranks_agree(kExitOk); status != kExitOk) return status;
    // A deterministic run is rank 0's alone.
    if (together)
      run_together(model, points, replicates, layout, broadcast_shared({}), options, nullptr);
    return kExitOk;
  }
  // Refused before the run, not after it: a device, a directory, the scenario itself.
  if (auto problem = target_problem(output, loaded.files)) {
    if (problem->named_wrong) {  // a missing folder is the writer's to report (exit 1)
      err << "wfsim run: cannot write " << printable(problem->message) << '\n';
      return ranks_agree(kExitBadInput);
    }
  }

  RunWriter writer(output, layout, RunInfo::for_model(model, replicates));
  // The other ranks may start, unless one of them cannot.
  if (const int status = ranks_agree(kExitOk); status != kExitOk) return status;

  FlagTable flags;
  std::vector<double> share, variant_of_flag;
  std::vector<VariantResult> results;
  {
    const int consumed_here = replicates_here(replicates, Spread::ranks);
    Progress progress(err, static_cast<long>(points.size()) * consumed_here,
                      !options.quiet && stderr_is_terminal());
    if (together) {
      results = run_together(model, points, replicates, layout, broadcast_shared(writer.share()),
                             options, &progress);
      writer.take_back();
    } else {
      for (std::size_t v = 0; v < points.size(); ++v) {
        const int index = static_cast<int>(v);
        const std::span<const int> outer =
            model.sweeps.empty() ? std::span<const int>{} : std::span<const int>(&index, 1);
        results.push_back(run_variant(variant_model(model, points[v]), outer, replicates, options,
                                      writer, progress));
      }
    }
  }
  for (std::size_t v = 0; v < points.size(); ++v) {
    flags.append(FlagTable::from_flags(model, results[v].flags));
    share.insert(share.end(), results[v].share.begin(), results[v].share.end());
    variant_of_flag.insert(variant_of_flag.end(), results[v].flags.size(), static_cast<double>(v));
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
