#pragma once
// The figures of the report's headline (docs/report.md "Headline"), plain
// arithmetic on a PlanView, shared by the HTML and the workbook so that
// both say the same.

#include <cstddef>
#include <string>
#include <vector>

#include "report/report_data.h"

namespace wfsim::report {

// Gaps within this share of demand count as matching it (docs/report.md).
inline constexpr double kMatchShare = 0.02;

struct LargestGap {
  std::size_t group = 0, year = 0;
  double fte = 0;    // workforce_gap_fte, positive: short
  double share = 0;  // of the group's demand_fte that year
};

struct Headline {
  std::string period;    // "2019/20 to 2023/24"
  std::string system;    // the system's name, else the scenario's
  std::size_t last = 0;  // the last plan year
  // Sums over groups in the last plan year (means over replicates).
  double demand = 0, supply = 0, funded = 0, gap = 0, funding_gap = 0;
  double gap_share = 0, funding_gap_share = 0;  // of demand; NaN without demand
  double pay_cost = 0, budget = 0, pay_gap = 0;
  int critical = 0, warning = 0;
  std::vector<LargestGap> largest;  // up to three, one per group, largest first
  std::string workforce_verdict, funding_verdict, money_verdict;  // one sentence each
};

// The flags of the plan shown: a sweep's first variant; a national run's
// reconciled plan; Monte Carlo runs: those raised in at least half of the
// futures (as `wfsim compare` counts them).
std::vector<const Flag*> plan_flags(const ReportData& data);

Headline make_headline(const ReportData& data, const PlanView& plan,
                       const std::vector<const Flag*>& flags);

// "1,234" with `decimals` after the point; "-" for NaN.
std::string thousands(double value, int decimals = 0);
// "£152.8m", "£12.3k" or "£512".
std::string money(double gbp);
// "3.4 %" of a share 0.034; "-" for NaN.
std::string percent(double share, int decimals = 1);

}  // namespace wfsim::report
