#include "engine/trajectory.h"

#include <cassert>

#include "model/model.h"

namespace wfsim {

void Trajectory::resize(int months_, int groups_, int bands_, int pipelines_, int international_) {
  // Reused across replicates: the engine zeroes what it writes, so keep
  // buffers of the right size as they are.
  if (months == months_ && groups == groups_ && bands == bands_ && pipelines == pipelines_ &&
      international == international_ && !monthly.empty())
    return;
  months = months_;
  international = international_;
  pipeline_started.assign(static_cast<std::size_t>(months) * pipelines_, 0.0);
  pipeline_joined.assign(static_cast<std::size_t>(months) * pipelines_, 0.0);
  international_arrived.assign(static_cast<std::size_t>(months) * international_, 0.0);
  groups = groups_;
  bands = bands_;
  pipelines = pipelines_;
  monthly.assign(kMonthlyVarCount * months * groups, 0.0);
  headcount_by_age.assign(static_cast<std::size_t>(months) * groups * bands, 0.0);
  in_training.assign(static_cast<std::size_t>(months) * pipelines, 0.0);
}

void Trajectory::resize_for(const Model& model) {
  resize(model.months(), static_cast<int>(model.groups.size()), model.bands(),
         static_cast<int>(model.pipelines.size()), static_cast<int>(model.international.size()));
}

double AnnualTrajectory::total(std::size_t var, int y) const {
  double sum = 0;
  for (int g = 0; g < groups; ++g) sum += at(var, y, g);
  return sum;
}

namespace {

// Rolls a [months][width] block into [years][width] by mean of month-ends.
void mean_by_year(const double* monthly, double* annual, int years, int width) {
  for (int y = 0; y < years; ++y) {
    double* out = annual + static_cast<std::size_t>(y) * width;
    for (int i = 0; i < width; ++i) out[i] = 0;
    for (int m = 12 * y; m < 12 * y + 12; ++m)
      for (int i = 0; i < width; ++i) out[i] += monthly[static_cast<std::size_t>(m) * width + i];
    for (int i = 0; i < width; ++i) out[i] /= 12.0;
  }
}

}  // namespace

void aggregate_years(const Trajectory& t, AnnualTrajectory& a) {
  assert(t.months % 12 == 0);
  a.years = t.months / 12;
  a.groups = t.groups;
  a.bands = t.bands;
  a.pipelines = t.pipelines;
  a.values.assign(kAnnualVarCount * a.years * a.groups, 0.0);
  for (std::size_t v = 0; v < kAnnualVarCount; ++v) {
    const VariableInfo& info = kAnnualVariables[v];
    for (int y = 0; y < a.years; ++y) {
      for (int g = 0; g < a.groups; ++g) {
        double& out = a.at(v, y, g);
        switch (info.aggregation) {
          case Aggregation::year_end:
            out = t.at(info.source, 12 * y + 11, g);
            break;
          case Aggregation::sum:
          case Aggregation::mean:
            for (int m = 12 * y; m < 12 * y + 12; ++m) out += t.at(info.source, m, g);
            if (info.aggregation == Aggregation::mean) out /= 12.0;
            break;
        }
      }
    }
  }
  a.headcount_by_age.assign(static_cast<std::size_t>(a.years) * a.groups * a.bands, 0.0);
  mean_by_year(t.headcount_by_age.data(), a.headcount_by_age.data(), a.years, a.groups * a.bands);
  a.in_training.assign(static_cast<std::size_t>(a.years) * a.pipelines, 0.0);
  if (a.pipelines > 0)
    mean_by_year(t.in_training.data(), a.in_training.data(), a.years, a.pipelines);
}

}  // namespace wfsim
