#include "engine/statistics.h"

#include <algorithm>
#include <cmath>

namespace wfsim {

namespace {

// The q quantile of values already sorted.
double sorted_quantile(const std::vector<double>& values, double q) {
  const double pos = q * (values.size() - 1);
  const std::size_t lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (pos - lo) * (values[hi] - values[lo]);
}

}  // namespace

double quantile(std::vector<double>& values, double q) {
  std::sort(values.begin(), values.end());
  return sorted_quantile(values, q);
}

void summarize(const std::vector<double>& data, int replicates, const std::vector<double>& quantiles,
               std::vector<double>& quantile_out, std::vector<double>& mean_out) {
  const std::size_t cells = data.size() / replicates;
  quantile_out.assign(quantiles.size() * cells, 0.0);
  mean_out.assign(cells, 0.0);
  std::vector<double> column(replicates);
  for (std::size_t c = 0; c < cells; ++c) {
    double sum = 0;
    for (int r = 0; r < replicates; ++r) sum += column[r] = data[r * cells + c];
    mean_out[c] = sum / replicates;
    std::sort(column.begin(), column.end());
    for (std::size_t q = 0; q < quantiles.size(); ++q) quantile_out[q * cells + c] = sorted_quantile(column, quantiles[q]);
  }
}

FlagCounts::FlagCounts(int years, int groups)
    : years_(years), groups_(groups), raised_(years * (groups + 1) * kFlagKindCount, 0), critical_(raised_.size(), 0) {}

void FlagCounts::add(const std::vector<Flag>& flags) {
  ++replicates_;
  for (const Flag& f : flags) {
    ++raised_[index(f.year, f.group, f.kind)];
    critical_[index(f.year, f.group, f.kind)] += f.severity == Severity::critical;
  }
}

std::vector<Flag> FlagCounts::rows(const Model& model, const AnnualTrajectory& mean, std::vector<double>& share) const {
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
        out.push_back({y, g, kind, m.value, m.threshold,
                       2 * critical_[index(y, g, kind)] > n ? Severity::critical : Severity::warning});
        share.push_back(static_cast<double>(n) / replicates_);
      }
    }
  return out;
}

}  // namespace wfsim
