#include "engine/statistics.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <stdexcept>

#include "engine/workers.h"

namespace wfsim {

namespace {

// The q quantile of n values whose order statistics at floor(q (n - 1))
// and the one after are in place (sorted, or selected).
double interpolate(const double* ordered, std::size_t n, double q) {
  const double pos = q * (n - 1);
  const std::size_t lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, n - 1);
  return ordered[lo] + (pos - lo) * (ordered[hi] - ordered[lo]);
}

// Puts the order statistics `ranks` (ascending, all in [first, last)) of
// values[first, last) in place, as a full sort would, in about n log k
// steps: the middle rank first, then the others within its two sides. A
// rank right after one just placed is the least of what lies above it: a
// scan, not another partition (quantiles interpolate between such pairs).
void select(double* values, std::size_t first, std::size_t last, const std::size_t* ranks,
            const std::size_t* ranks_end) {
  if (ranks == ranks_end) return;
  const std::size_t* middle = ranks + (ranks_end - ranks) / 2;
  std::nth_element(values + first, values + *middle, values + last);
  const std::size_t* right = middle + 1;
  std::size_t above = *middle + 1;
  if (right != ranks_end && *right == above) {
    std::iter_swap(values + above, std::min_element(values + above, values + last));
    ++right;
    ++above;
  }
  select(values, first, *middle, ranks, middle);
  select(values, above, last, right, ranks_end);
}

// Cells summarised together: a row of a tile is one cache line of the
// [replicate][cell] data, so gathering the columns does not miss the cache
// once per value.
constexpr std::size_t kTileCells = 8;

// Summarises cells [first, last) into the outputs; `column` is scratch of
// kTileCells * replicates values and `ranks` of 2 * quantiles entries.
void summarize_cells(const std::vector<double>& data, std::size_t replicates, std::size_t cells,
                     const std::vector<double>& quantiles, std::size_t first, std::size_t last,
                     std::vector<double>& quantile_out, std::vector<double>& mean_out,
                     std::vector<double>& column, std::vector<std::size_t>& ranks) {
  // The order statistics the quantiles interpolate between, ascending.
  ranks.clear();
  for (double q : quantiles) {
    const std::size_t lo = static_cast<std::size_t>(std::floor(q * (replicates - 1)));
    ranks.push_back(lo);
    ranks.push_back(std::min(lo + 1, replicates - 1));
  }
  std::sort(ranks.begin(), ranks.end());
  ranks.erase(std::unique(ranks.begin(), ranks.end()), ranks.end());

  for (std::size_t tile = first; tile < last; tile += kTileCells) {
    const std::size_t width = std::min(kTileCells, last - tile);
    for (std::size_t r = 0; r < replicates; ++r)
      for (std::size_t k = 0; k < width; ++k)
        column[k * replicates + r] = data[r * cells + tile + k];
    for (std::size_t k = 0; k < width; ++k) {
      const auto begin = column.begin() + k * replicates, end = begin + replicates;
      double sum = 0;
      for (auto v = begin; v != end; ++v) sum += *v;
      mean_out[tile + k] = sum / replicates;
      select(&*begin, 0, replicates, ranks.data(), ranks.data() + ranks.size());
      for (std::size_t q = 0; q < quantiles.size(); ++q)
        quantile_out[q * cells + tile + k] = interpolate(&*begin, replicates, quantiles[q]);
    }
  }
}

}  // namespace

double quantile(std::vector<double>& values, double q) {
  std::sort(values.begin(), values.end());
  return interpolate(values.data(), values.size(), q);
}

void summarize(const std::vector<double>& data, int replicates,
               const std::vector<double>& quantiles, std::vector<double>& quantile_out,
               std::vector<double>& mean_out, int threads, std::size_t values_per_thread) {
  const std::size_t n = static_cast<std::size_t>(replicates);
  const std::size_t cells = data.size() / n;
  quantile_out.assign(quantiles.size() * cells, 0.0);
  mean_out.assign(cells, 0.0);
  const std::size_t tiles = (cells + kTileCells - 1) / kTileCells;
  if (threads <= 0) threads = hardware_threads();
  const std::size_t workers = std::min(
      {static_cast<std::size_t>(threads), tiles,
       std::max<std::size_t>(1, data.size() / std::max<std::size_t>(1, values_per_thread))});
  // Each worker takes a contiguous run of whole tiles and writes only its cells.
  auto work = [&](std::size_t w) {
    std::vector<double> column(kTileCells * n);
    std::vector<std::size_t> ranks;
    const std::size_t first = tiles * w / workers * kTileCells;
    const std::size_t last = std::min(cells, tiles * (w + 1) / workers * kTileCells);
    summarize_cells(data, n, cells, quantiles, first, last, quantile_out, mean_out, column, ranks);
  };
  if (workers <= 1) {
    if (cells > 0) work(0);
    return;
  }
  run_workers(static_cast<int>(workers), [&](int w) { work(static_cast<std::size_t>(w)); });
}

void summarize_by_year(int years, int replicates, const std::vector<double>& quantiles,
                       const std::function<AnnualSlab(int)>& read,
                       std::vector<double>& quantile_out, std::vector<double>& mean_out,
                       int threads) {
  std::vector<double> q, m;
  for (int y = 0; y < years;) {
    const AnnualSlab slab = read(y);
    assert(slab.years >= 1 && y + slab.years <= years);
    summarize(slab.values, replicates, quantiles, q, m, threads);
    const std::size_t slab_cells = m.size(), cells = slab_cells / slab.years;
    if (y == 0) {
      quantile_out.assign(quantiles.size() * years * cells, 0.0);
      mean_out.assign(years * cells, 0.0);
    }
    for (std::size_t k = 0; k < quantiles.size(); ++k)
      std::copy(q.begin() + k * slab_cells, q.begin() + (k + 1) * slab_cells,
                quantile_out.begin() + (k * years + y) * cells);
    std::copy(m.begin(), m.end(), mean_out.begin() + y * cells);
    y += slab.years;
  }
}

FlagCounts::FlagCounts(int years, int groups)
    : years_(years),
      groups_(groups),
      raised_(years * (groups + 1) * kFlagKindCount, 0),
      critical_(raised_.size(), 0) {}

void FlagCounts::add(const std::vector<Flag>& flags) {
  ++replicates_;
  for (const Flag& f : flags) {
    ++raised_[index(f.year, f.group, f.kind)];
    critical_[index(f.year, f.group, f.kind)] += f.severity == Severity::critical;
  }
}

void FlagCounts::add(const FlagCounts& other) {
  if (other.raised_.size() != raised_.size())
    throw std::invalid_argument("FlagCounts: counts of another plan's size");
  replicates_ += other.replicates_;
  for (std::size_t i = 0; i < raised_.size(); ++i) {
    raised_[i] += other.raised_[i];
    critical_[i] += other.critical_[i];
  }
}

void FlagCounts::append_to(std::vector<double>& out) const {
  out.push_back(replicates_);
  out.insert(out.end(), raised_.begin(), raised_.end());
  out.insert(out.end(), critical_.begin(), critical_.end());
}

std::size_t FlagCounts::read_from(const std::vector<double>& in, std::size_t at) {
  if (in.size() < at + 1 + raised_.size() + critical_.size())
    throw std::runtime_error("flag counts arrived damaged from another rank");
  replicates_ = static_cast<int>(in[at++]);
  for (int& n : raised_) n = static_cast<int>(in[at++]);
  for (int& n : critical_) n = static_cast<int>(in[at++]);
  return at;
}

std::vector<Flag> FlagCounts::rows(const Model& model, const AnnualTrajectory& mean,
                                   std::vector<double>& share) const {
  std::vector<Flag> out;
  share.clear();
  for (int y = 0; y < years_; ++y)
    for (int i = 0; i <= groups_; ++i) {
      const int g = i < groups_ ? i : -1;
      for (int k = 0; k < kFlagKindCount; ++k) {
        const auto kind = static_cast<FlagKind>(k);
        const int n = raised_[index(y, g, kind)];
        if (n == 0) continue;
        const FlagMeasure m = flag_measure(model, mean, kind, y, g);
        out.push_back(
            {y, g, kind, m.value, m.threshold,
             2 * critical_[index(y, g, kind)] > n ? Severity::critical : Severity::warning});
        share.push_back(static_cast<double>(n) / replicates_);
      }
    }
  return out;
}

}  // namespace wfsim
