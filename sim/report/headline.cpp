#include "report/headline.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace wfsim::report {
namespace {

double ratio(double a, double b) {
  return b != 0 ? a / b : std::nan("");
}

// "falls short of demand by 120 FTE (2.1 %)", "matches demand ...",
// "exceeds demand by ...": `gap` is demand less the supply compared.
std::string against(double gap, double share) {
  if (std::isnan(share)) return "cannot be compared with demand: there is none";
  if (std::fabs(share) <= kMatchShare)
    return fmt::format("matches demand (within {} of it: {} FTE {})", percent(kMatchShare, 0),
                       thousands(std::fabs(gap)), gap > 0 ? "short" : "over");
  return gap > 0
             ? fmt::format("falls short of demand by {} FTE ({})", thousands(gap), percent(share))
             : fmt::format("exceeds demand by {} FTE ({})", thousands(-gap), percent(-share));
}

}  // namespace

std::vector<const Flag*> plan_flags(const ReportData& data) {
  std::vector<const Flag*> out;
  for (const Flag& f : data.flags) {
    if (data.kind == FileKind::sweep && f.variant > 0) continue;
    if (data.kind == FileKind::national && !f.plan.empty() && f.plan != "reconciled") continue;
    if (f.share >= 0 && f.share < 0.5) continue;
    out.push_back(&f);
  }
  return out;
}

Headline make_headline(const ReportData& data, const PlanView& plan,
                       const std::vector<const Flag*>& flags) {
  Headline h;
  h.period =
      data.years.size() == 1 ? data.years.front() : data.years.front() + " to " + data.years.back();
  h.system = !data.system_name.empty() ? data.system_name : data.scenario_name;
  h.last = data.years.size() - 1;
  h.demand = plan.total("demand_fte", h.last);
  h.supply = plan.total("effective_fte", h.last);
  h.funded = plan.total("funded_fte", h.last);
  h.gap = plan.total("workforce_gap_fte", h.last);
  h.funding_gap = plan.total("funding_gap_fte", h.last);
  h.gap_share = ratio(h.gap, h.demand);
  h.funding_gap_share = ratio(h.funding_gap, h.demand);
  h.pay_cost = plan.total("pay_cost_gbp", h.last);
  h.budget = plan.total("budget_gbp", h.last);
  h.pay_gap = plan.total("pay_gap_gbp", h.last);
  for (const Flag* f : flags) {
    if (f->severity == "critical") ++h.critical;
    if (f->severity == "warning") ++h.warning;
  }
  // Each group's largest shortage over the plan, then the three largest of
  // those: three different groups, not one group's three worst years.
  const Grid& gap = plan.at("workforce_gap_fte");
  const Grid& demand = plan.at("demand_fte");
  std::vector<LargestGap> worst;
  for (std::size_t g = 0; g < data.group_ids.size(); ++g) {
    if (!plan.modelled.empty() && !plan.modelled[g]) continue;
    LargestGap best{g, 0, 0, 0};
    bool any = false;
    for (std::size_t y = 0; y < gap.size(); ++y)
      if (gap[y][g] > 0 && (!any || gap[y][g] > best.fte)) {
        best = {g, y, gap[y][g], ratio(gap[y][g], demand.empty() ? 0 : demand[y][g])};
        any = true;
      }
    if (any) worst.push_back(best);
  }
  std::stable_sort(worst.begin(), worst.end(),
                   [](const LargestGap& a, const LargestGap& b) { return a.fte > b.fte; });
  if (worst.size() > 3) worst.resize(3);
  h.largest = worst;

  const std::string year = data.years[h.last];
  h.workforce_verdict =
      fmt::format("In {}, effective supply {}.", year, against(h.gap, h.gap_share));
  h.funding_verdict =
      fmt::format("The funded establishment {}.", against(h.funding_gap, h.funding_gap_share));
  if (h.budget == 0)
    h.money_verdict =
        fmt::format("In {}, the pay bill is {} with no pay budget given.", year, money(h.pay_cost));
  else
    h.money_verdict = fmt::format("In {}, the pay bill is {} against a budget of {}: {} {}.", year,
                                  money(h.pay_cost), money(h.budget),
                                  h.pay_gap > 0 ? "an overspend of" : "an underspend of",
                                  money(std::fabs(h.pay_gap)));
  return h;
}

std::string thousands(double value, int decimals) {
  if (std::isnan(value)) return "-";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  std::string digits = fmt::format("{:.{}f}", std::fabs(value), decimals);
  // A value that rounds to zero is not shown as "-0".
  const bool negative = value < 0 && digits.find_first_not_of("0.") != std::string::npos;
  const std::size_t point = digits.find('.');
  std::string whole = digits.substr(0, point),
              rest = point == std::string::npos ? "" : digits.substr(point);
  std::string grouped;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ',';
    grouped += whole[i];
  }
  return (negative ? "-" : "") + grouped + rest;
}

std::string money(double gbp) {
  if (std::isnan(gbp)) return "-";
  const double a = std::fabs(gbp);
  const std::string sign = gbp < 0 ? "-" : "";
  if (a >= 1e6) return fmt::format("{}£{}m", sign, thousands(a / 1e6, 1));
  if (a >= 1e4) return fmt::format("{}£{}k", sign, thousands(a / 1e3, 1));
  return fmt::format("{}£{}", sign, thousands(a, 0));
}

std::string percent(double share, int decimals) {
  if (std::isnan(share)) return "-";
  return fmt::format("{:.{}f} %", share * 100, decimals);
}

}  // namespace wfsim::report
