#include "output/national_summary.h"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <ostream>
#include <sstream>

#include "output/summary.h"

namespace wfsim {
namespace {

std::string clip(const std::string& text, std::size_t width) {
  return text.size() <= width ? text : text.substr(0, width - 1) + "~";
}

void print_systems(std::ostream& os, const NationalPlan& plan, const NationalResult& r) {
  const std::size_t demand = index_of(Var::demand_fte), supply = index_of(Var::effective_fte),
                    gap = index_of(Var::workforce_gap_fte);
  fmt::print(os, "Systems, all staff groups (annual mean FTE)\n");
  fmt::print(os, "{:<22}{:<9}{:>11}{:>11}{:>11}{:>11}{:>11}{:>11}\n", "", "", "submitted", "", "",
             "reconciled", "", "");
  fmt::print(os, "{:<22}{:<9}{:>11}{:>11}{:>11}{:>11}{:>11}{:>11}\n", "system", "year", "demand",
             "supply", "gap", "demand", "supply", "gap");
  const Model& labels = plan.systems.front();
  auto rows = [&](const std::string& name, const AnnualTrajectory& a, const AnnualTrajectory& b) {
    for (int y = 0; y < a.years; ++y)
      fmt::print(os, "{:<22}{:<9}{:>11.1f}{:>11.1f}{:>11.1f}{:>11.1f}{:>11.1f}{:>11.1f}\n",
                 y == 0 ? clip(name, 21) : "", labels.year_label(y), a.total(demand, y),
                 a.total(supply, y), a.total(gap, y), b.total(demand, y), b.total(supply, y),
                 b.total(gap, y));
  };
  for (std::size_t s = 0; s < plan.systems.size(); ++s)
    rows(plan.systems[s].system_id, r.systems[0][s].annual, r.systems[1][s].annual);
  rows("national", r.national[0], r.national[1]);
}

void print_pools(std::ostream& os, const NationalPlan& plan, const NationalResult& r) {
  if (plan.pools.empty()) {
    os << "No supply pools: the reconciled plans are the submitted ones.\n";
    return;
  }
  fmt::print(
      os, "Supply pools (people a year; allocation {})\n",
      plan.allocation == AllocationRule::pro_rata ? "pro rata to claims" : "by unmet demand");
  fmt::print(os, "{:<30}{:<9}{:>11}{:>11}{:>12}{:>11}{:>10}\n", "pool", "year", "volume", "claimed",
             "over-claim", "allocated", "systems");
  const Model& labels = plan.systems.front();
  const PoolAllocation& a = r.pools.allocation;
  for (std::size_t p = 0; p < plan.pools.size(); ++p) {
    int claimants = 0;
    for (const PoolClaim& c : r.pools.claims) claimants += c.pool == static_cast<int>(p);
    for (int y = 0; y < labels.years; ++y) {
      // What the systems were given, not the network's flow: the two agree
      // only when the allocation rule places the whole flow.
      double allocated = 0;
      for (std::size_t c = 0; c < r.pools.claims.size(); ++c)
        if (r.pools.claims[c].pool == static_cast<int>(p)) allocated += a.allocated[c][y];
      fmt::print(os, "{:<30}{:<9}{:>11.1f}{:>11.1f}{:>12.1f}{:>11.1f}{:>10}\n",
                 y == 0 ? clip(plan.pools[p].id, 29) : "", labels.year_label(y),
                 plan.pools[p].volume[y], a.total_claimed[p][y], a.overclaim[p][y], allocated,
                 y == 0 ? std::to_string(claimants) : "");
    }
  }
}

void print_all_flags(std::ostream& os, const NationalPlan& plan, const NationalResult& r) {
  const Model& labels = plan.systems.front();
  std::size_t count = r.pools.flags.size(), critical = 0;
  for (const PoolFlag& f : r.pools.flags) critical += f.severity == Severity::critical;
  for (const SystemResult& s : r.systems[1]) {
    count += s.flags.size();
    for (const Flag& f : s.flags) critical += f.severity == Severity::critical;
  }
  if (count == 0) {
    os << "No flags.\n";
    return;
  }
  fmt::print(os, "Flags: {} ({} critical, {} warning): pools, then systems' reconciled plans\n",
             count, critical, count - critical);
  for (const PoolFlag& f : r.pools.flags) {
    const double claimed = r.pools.allocation.total_claimed[f.pool][f.year];
    fmt::print(os,
               "  {:<8} {:<8} {:<22} overclaimed_pool  claimed {:.1f} > volume {:.1f} by {:.1f}\n",
               labels.year_label(f.year), severity_name(f.severity),
               clip(plan.pools[f.pool].id, 22), claimed, f.threshold, f.value);
  }
  // Systems: counts by kind; every flag, with its values, is in the file.
  fmt::print(os, "  {:<20}{:>7}{:>9}{:>10}{:>10}{:>10}{:>10}{:>10}\n", "system", "flags",
             "critical", "unfunded", "unfilled", "over est.", "unmet", "overspend");
  for (std::size_t s = 0; s < plan.systems.size(); ++s) {
    const auto& flags = r.systems[1][s].flags;
    int kinds[kFlagKindCount] = {}, severe = 0;
    for (const Flag& f : flags) {
      ++kinds[static_cast<int>(f.kind)];
      severe += f.severity == Severity::critical;
    }
    fmt::print(os, "  {:<20}{:>7}{:>9}{:>10}{:>10}{:>10}{:>10}{:>10}\n",
               clip(plan.systems[s].system_id, 19), flags.size(), severe, kinds[0], kinds[1],
               kinds[2], kinds[3], kinds[4]);
  }
  os << "  (each flag, in both plans, is in the file: flag_* along `flag`)\n";
}

}  // namespace

void print_national_summary(std::ostream& os, const NationalPlan& plan,
                            const NationalResult& result) {
  if (result.replicates > 1)
    fmt::print(os, "Means over {} replicates; quantiles are in the file's /summary.\n\n",
               result.replicates);
  os << "National totals, reconciled plan (sum over systems)\n";
  print_summary(os, result.alignment.label_model(), result.national[1]);
  os << '\n';
  print_systems(os, plan, result);
  os << '\n';
  print_pools(os, plan, result);
  os << '\n';
  print_all_flags(os, plan, result);
}

}  // namespace wfsim
