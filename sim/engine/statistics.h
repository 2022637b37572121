#pragma once
// Summary statistics over Monte Carlo replicates.

#include <cstddef>
#include <functional>
#include <vector>

#include "engine/flags.h"
#include "engine/trajectory.h"

namespace wfsim {

struct Model;

// The q quantile of values (sorted in place), interpolated linearly
// between order statistics as numpy's default does.
double quantile(std::vector<double>& values, double q);

// For data laid out [replicate][cell], the quantiles [quantile][cell] and
// the mean [cell] of every cell, computed in replicate order so that the
// result does not depend on the order replicates finished in, nor on
// `threads`, the number of threads that share the cells (0: all cores).
// A thread is started for each `values_per_thread` values at most (a
// thread is worth its start for some 64k values, not a few cells); tests
// pass a small one to reach the shared path with small data.
inline constexpr std::size_t kSummaryValuesPerThread = std::size_t{1} << 16;
void summarize(const std::vector<double>& data, int replicates,
               const std::vector<double>& quantiles, std::vector<double>& quantile_out,
               std::vector<double>& mean_out, int threads = 1,
               std::size_t values_per_thread = kSummaryValuesPerThread);

// Consecutive plan years of one annual variable of every replicate, as
// read back for the summaries: values [replicate][year in slab][cell].
struct AnnualSlab {
  std::vector<double> values;
  int years = 0;
};

// What a summary reads back at once, at most (but one plan year always):
// exact quantiles need every replicate's value of a cell, so memory grows
// with the replicates only up to this, and a larger run reads a variable
// in several slabs of years.
inline constexpr std::size_t kSummaryReadBytes = std::size_t{64} << 20;

// summarize() for a variable read in slabs of years: `read(first_year)`
// gives the slab that starts there (at least one year). Outputs
// [quantile][year][cell] and [year][cell], as summarize() of the whole.
void summarize_by_year(int years, int replicates, const std::vector<double>& quantiles,
                       const std::function<AnnualSlab(int)>& read,
                       std::vector<double>& quantile_out, std::vector<double>& mean_out,
                       int threads = 1);

// How often each flag was raised over the replicates of a run.
class FlagCounts {
 public:
  FlagCounts(int years, int groups);
  void add(const std::vector<Flag>& flags);
  // Adds the counts of other replicates (another rank's): whole numbers, so
  // the sum is the same in any order.
  void add(const FlagCounts& other);
  int replicates() const { return replicates_; }
  // One row per (year, group, kind) raised in any replicate, in flag order.
  // value and threshold are those of `mean` (the replicates' mean annual
  // values); severity is critical when most raising replicates had it so.
  // share[i] is the share of replicates that raised row i.
  std::vector<Flag> rows(const Model& model, const AnnualTrajectory& mean,
                         std::vector<double>& share) const;
  // The counts as numbers (each whole, so exact), appended to `out`; and
  // read back from `in` at `at`, returning the position after them: how
  // another rank sends the counts of the replicates it ran.
  void append_to(std::vector<double>& out) const;
  std::size_t read_from(const std::vector<double>& in, std::size_t at);

 private:
  int index(int y, int g, FlagKind kind) const {
    return (y * (groups_ + 1) + (g < 0 ? groups_ : g)) * kFlagKindCount + static_cast<int>(kind);
  }
  int years_, groups_, replicates_ = 0;
  std::vector<int> raised_, critical_;
};

}  // namespace wfsim
