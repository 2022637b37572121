#include "engine/flags.h"

#include <array>

#include "model/model.h"

namespace wfsim {
namespace {

struct KindInfo {
  std::string_view name;
  std::string_view metric;
};

constexpr std::array<KindInfo, kFlagKindCount> kKinds{{
    {"unfunded_demand", "funding_gap_fte"},
    {"unfilled_posts", "vacancy_fte"},
    {"over_establishment", "over_establishment_fte"},  // fte - funded_fte
    {"unmet_demand", "unmet_fte"},
    {"overspend", "pay_gap_gbp"},
}};

struct Measure {
  double value, base;
};

// The metric a flag kind compares and its base, for one group (or the sum
// over groups when g < 0) in plan year y.
Measure measure(FlagKind kind, const AnnualTrajectory& a, int y, int g) {
  auto get = [&](Var v) { return g < 0 ? a.total(index_of(v), y) : a.at(index_of(v), y, g); };
  switch (kind) {
    case FlagKind::unfunded_demand:
      return {get(Var::funding_gap_fte), get(Var::demand_fte)};
    case FlagKind::unfilled_posts:
      return {get(Var::vacancy_fte), get(Var::funded_fte)};
    case FlagKind::over_establishment:
      return {get(Var::fte) - get(Var::funded_fte), get(Var::funded_fte)};
    case FlagKind::unmet_demand:
      return {get(Var::unmet_fte), get(Var::demand_fte)};
    case FlagKind::overspend:
      return {get(Var::pay_gap_gbp), get(Var::budget_gbp)};
  }
  return {0, 0};
}

}  // namespace

std::string_view flag_kind_name(FlagKind kind) {
  return kKinds[static_cast<int>(kind)].name;
}
std::string_view flag_metric_name(FlagKind kind) {
  return kKinds[static_cast<int>(kind)].metric;
}
std::string_view severity_name(Severity severity) {
  return severity == Severity::critical ? "critical" : "warning";
}

bool parse_flag_kind(std::string_view name, FlagKind& kind) {
  for (int k = 0; k < kFlagKindCount; ++k) {
    if (kKinds[k].name == name) {
      kind = static_cast<FlagKind>(k);
      return true;
    }
  }
  return false;
}

FlagMeasure flag_measure(const Model& model, const AnnualTrajectory& annual, FlagKind kind, int y,
                         int g) {
  const double tolerance = g < 0 ? model.default_tolerance : model.groups[g].tolerance;
  const Measure m = measure(kind, annual, y, g);
  return {m.value, tolerance * m.base};
}

std::vector<Flag> compute_flags(const Model& model, const AnnualTrajectory& annual) {
  std::vector<Flag> flags;
  const int groups = static_cast<int>(model.groups.size());
  for (int y = 0; y < annual.years; ++y) {
    // Groups in file order, then the whole system as "all" (-1).
    for (int i = 0; i <= groups; ++i) {
      const int g = i < groups ? i : -1;
      for (int k = 0; k < kFlagKindCount; ++k) {
        const auto kind = static_cast<FlagKind>(k);
        const FlagMeasure m = flag_measure(model, annual, kind, y, g);
        if (!(m.value > m.threshold)) continue;
        flags.push_back({y, g, kind, m.value, m.threshold,
                         m.value > 3 * m.threshold ? Severity::critical : Severity::warning});
      }
    }
  }
  return flags;
}

}  // namespace wfsim
