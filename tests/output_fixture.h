#pragma once
// A synthetic output, built without the engine: a layout of two staff
// groups, two age bands, one pipeline, two replicates and two plan years,
// and trajectories whose every value encodes where it sits, so a value read
// back at the wrong index is caught.

#include <string>
#include <vector>

#include "engine/trajectory.h"
#include "engine/variables.h"
#include "output/hdf5_writer.h"

namespace wfsim::testing {

// With a leading "variant" dim of two points ("low", "high") and a numeric
// coordinate along it when `variant` is true.
inline OutputLayout synthetic_layout(bool variant = false) {
  OutputLayout l;
  if (variant)
    l.outer.push_back(OuterDim{"variant", {"low", "high"}, {{"leaver_rate", {0.1, 0.2}}}});
  l.replicates = 2;
  l.start_year = 2019;
  l.start_month = 4;
  l.years = 2;
  l.group_ids = {"nurse", "hcsw"};
  l.group_names = {"Registered nurses", "Healthcare support workers"};
  l.has_age_bands = true;
  l.age_band_ids = {"under_40", "40_plus"};
  l.pipeline_ids = {"apprenticeship"};
  return l;
}

// Whole numbers below 2^24, so exact in the float32 of Monte Carlo monthly
// values. `o` is the outer (variant) index, `r` the replicate.
inline double monthly_value(int o, int r, std::size_t v, int m, int g) {
  return o * 4e6 + r * 2e6 + v * 1e4 + m * 10 + g;
}
inline double monthly_by_age(int o, int r, int m, int g, int b) {
  return o * 4e6 + r * 2e6 + 5e5 + m * 100 + g * 10 + b;
}
inline double monthly_in_training(int o, int r, int m, int p) {
  return o * 4e6 + r * 2e6 + 7e5 + m * 10 + p;
}
// Annual values are float64: fractions survive.
inline double annual_value(int o, int r, std::size_t v, int y, int g) {
  return o * 1e7 + r * 1e6 + v * 1e3 + y * 10 + g + 0.25;
}
inline double annual_by_age(int o, int r, int y, int g, int b) {
  return o * 1e7 + r * 1e6 + 9e5 + y * 100 + g * 10 + b + 0.5;
}
inline double annual_in_training(int o, int r, int y, int p) {
  return o * 1e7 + r * 1e6 + 8e5 + y * 10 + p + 0.75;
}

struct SyntheticReplicate {
  Trajectory monthly;
  AnnualTrajectory annual;
};

inline SyntheticReplicate synthetic_replicate(const OutputLayout& l, int o, int r) {
  const int months = l.months(), years = l.years;
  const int groups = static_cast<int>(l.group_ids.size()),
            bands = static_cast<int>(l.age_band_ids.size());
  const int pipelines = static_cast<int>(l.pipeline_ids.size());
  SyntheticReplicate s;
  s.monthly.resize(months, groups, bands, pipelines);
  for (std::size_t v = 0; v < kMonthlyVarCount; ++v)
    for (int m = 0; m < months; ++m)
      for (int g = 0; g < groups; ++g)
        s.monthly.at(static_cast<Var>(v), m, g) = monthly_value(o, r, v, m, g);
  s.monthly.headcount_by_age.assign(static_cast<std::size_t>(months) * groups * bands, 0.0);
  for (int m = 0; m < months; ++m)
    for (int g = 0; g < groups; ++g)
      for (int b = 0; b < bands; ++b)
        s.monthly.headcount_by_age[(m * groups + g) * bands + b] = monthly_by_age(o, r, m, g, b);
  s.monthly.in_training.assign(static_cast<std::size_t>(months) * pipelines, 0.0);
  for (int m = 0; m < months; ++m)
    for (int p = 0; p < pipelines; ++p)
      s.monthly.in_training[m * pipelines + p] = monthly_in_training(o, r, m, p);

  AnnualTrajectory& a = s.annual;
  a.years = years;
  a.groups = groups;
  a.bands = bands;
  a.pipelines = pipelines;
  a.values.assign(kAnnualVarCount * years * groups, 0.0);
  for (std::size_t v = 0; v < kAnnualVarCount; ++v)
    for (int y = 0; y < years; ++y)
      for (int g = 0; g < groups; ++g) a.at(v, y, g) = annual_value(o, r, v, y, g);
  a.headcount_by_age.assign(static_cast<std::size_t>(years) * groups * bands, 0.0);
  for (int y = 0; y < years; ++y)
    for (int g = 0; g < groups; ++g)
      for (int b = 0; b < bands; ++b)
        a.headcount_by_age[(y * groups + g) * bands + b] = annual_by_age(o, r, y, g, b);
  a.in_training.assign(static_cast<std::size_t>(years) * pipelines, 0.0);
  for (int y = 0; y < years; ++y)
    for (int p = 0; p < pipelines; ++p)
      a.in_training[y * pipelines + p] = annual_in_training(o, r, y, p);
  return s;
}

inline RunInfo synthetic_info(int replicates) {
  RunInfo info;
  info.scenario_name =
      "Synthetic plan \xE2\x80\x93 caf\xC3\xA9";  // an en dash and an e acute: UTF-8 survives
  info.scenario_file = "scenarios/synthetic.toml";
  info.scenario_resolved = "name = \"Synthetic\"\nyears = 2\n";
  info.seed = 18446744073709551557ULL;  // above 2^63: stored unsigned
  info.replicates = replicates;
  return info;
}

// Two flags, with an extra column of each kind.
inline FlagTable synthetic_flags() {
  FlagTable f;
  f.kind = {"unfilled_posts", "overspend"};
  f.group = {"nurse", "all"};
  f.year = {"2019/20", "2020/21"};
  f.metric = {"vacancy_fte", "pay_gap_gbp"};
  f.severity = {"warning", "critical"};
  f.value = {12.5, 4.5e6};
  f.threshold = {10, 1e6};
  f.extra_numbers = {{"flag_share", {0.5, 1.0}}};
  f.extra_strings = {{"flag_note", {"first", "second"}}};
  return f;
}

// Writes every replicate (in reverse order, as threads may finish) of every
// outer index, the flags, and commits.
inline void write_synthetic(const std::filesystem::path& path, const OutputLayout& layout,
                            const FlagTable& flags = synthetic_flags()) {
  RunWriter writer(path, layout, synthetic_info(layout.replicates));
  const int points = layout.outer.empty() ? 1 : static_cast<int>(layout.outer[0].labels.size());
  for (int o = 0; o < points; ++o)
    for (int r = layout.replicates - 1; r >= 0; --r) {
      const SyntheticReplicate s = synthetic_replicate(layout, o, r);
      const std::vector<int> outer =
          layout.outer.empty() ? std::vector<int>{} : std::vector<int>{o};
      writer.write_replicate(outer, r, s.monthly, s.annual);
    }
  writer.write_flags(flags);
  writer.commit();
}

}  // namespace wfsim::testing
