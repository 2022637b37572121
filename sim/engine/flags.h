#pragma once
// Gap flags (MODEL.md section 7): annual values over a share of their base.

#include <string>
#include <string_view>
#include <vector>

#include "engine/trajectory.h"

namespace wfsim {

struct Model;

// In the order flags are listed within a year and group.
enum class FlagKind {
  unfunded_demand,
  unfilled_posts,
  over_establishment,
  unmet_demand,
  overspend
};
inline constexpr int kFlagKindCount = 5;

enum class Severity { warning, critical };

struct Flag {
  int year = 0;
  int group = -1;  // -1: the whole system, "all"
  FlagKind kind = FlagKind::unfunded_demand;
  double value = 0;      // the metric
  double threshold = 0;  // tolerance * base
  Severity severity = Severity::warning;
};

std::string_view flag_kind_name(FlagKind kind);
// The metric a flag kind compares ("funding_gap_fte", ...).
std::string_view flag_metric_name(FlagKind kind);
std::string_view severity_name(Severity severity);
// The kind named, or false when the name is not a flag kind.
bool parse_flag_kind(std::string_view name, FlagKind& kind);

// A flag kind's metric for group g (-1: the sum over groups) in plan year
// y, and its threshold: the group's tolerance times the base.
struct FlagMeasure {
  double value, threshold;
};
FlagMeasure flag_measure(const Model& model, const AnnualTrajectory& annual, FlagKind kind, int y,
                         int g);

// Every flag raised, ordered by year, then group (file order, "all" last),
// then kind.
std::vector<Flag> compute_flags(const Model& model, const AnnualTrajectory& annual);

}  // namespace wfsim
