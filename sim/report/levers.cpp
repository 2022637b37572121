#include "report/levers.h"

#include <fmt/format.h>

#include "scenario/load.h"

namespace wfsim::report {
namespace {

// A per-year vector of `years` values; a shorter one (a model of fewer
// years) is padded with its last value so that the table stays rectangular.
std::vector<double> by_year(const PerYear& values, std::size_t years) {
  std::vector<double> out(values.begin(), values.end());
  out.resize(years, out.empty() ? 0.0 : out.back());
  return out;
}

}  // namespace

Levers read_levers(const ReportData& data) {
  Levers levers;
  if (data.scenario_resolved.empty()) {
    levers.problem = "the file holds no resolved scenario";
    return levers;
  }
  if (data.kind == FileKind::national) {
    levers.problem =
        "a national file holds the plans of many systems: report a system's own run for its "
        "levers";
    return levers;
  }
  const LoadResult loaded = load_scenario_text(
      data.scenario_resolved, data.scenario_file.empty() ? "scenario.toml" : data.scenario_file);
  if (!loaded.ok()) {
    levers.problem = fmt::format("the resolved scenario could not be read again ({} problems)",
                                 loaded.diagnostics.size());
    return levers;
  }
  const Model& m = *loaded.model;
  const std::size_t years = data.years.size();
  const int bands = m.bands();
  auto group_name = [&](int g) { return g >= 0 ? m.groups[g].name : std::string("outside"); };
  auto add = [&](std::string lever, std::string item, std::string key, std::string units,
                 bool share, const PerYear& values) {
    levers.rows.push_back({std::move(lever), std::move(item), std::move(key), std::move(units),
                           share, by_year(values, years)});
  };

  for (const StaffGroup& g : m.groups) {
    // leaver_rate is [years * bands]: the first band's rate (bands only
    // differ where leaver_rate_by_age overrides them, shown apart below).
    PerYear rate;
    for (int y = 0; y < m.years; ++y) rate.push_back(g.leaver_rate[y * bands]);
    add("Retention", g.name, "leaver_rate", "share leaving a year", true, rate);
  }
  for (const InternationalFlow& f : m.international) {
    add("International recruitment", group_name(f.group) + " (" + f.id + ")", "per_year",
        "recruits a year", false, f.per_year);
    add("International recruitment", group_name(f.group) + " (" + f.id + ")", "success_rate",
        "share arriving", true, f.success_rate);
  }
  for (const JoinerFlow& f : m.joiners)
    add("Domestic recruitment", group_name(f.group) + " (" + f.id + ")",
        f.by_rate ? "rate" : "per_year", f.by_rate ? "share of headcount a year" : "joiners a year",
        f.by_rate, f.by_rate ? f.rate : f.per_year);
  for (const Pipeline& p : m.pipelines)
    add(p.employed ? "Apprenticeships" : "Training", group_name(p.into) + " (" + p.id + ")",
        "intake_per_year", "trainees a year", false, p.intake_per_year);
  for (const SkillMixEdge& e : m.skill_mix)
    add("Skill mix", group_name(e.from) + " to " + group_name(e.to) + " (" + e.id + ")", "share",
        "share of demand moved", true, e.share);
  for (std::size_t g = 0; g < m.groups.size(); ++g) {
    if (g < m.productivity_gain_given.size() && !m.productivity_gain_given[g]) continue;
    if (g >= m.productivity_gain.size()) continue;
    add("Productivity", m.groups[g].name, "gain", "gain a year", true, m.productivity_gain[g]);
  }
  for (const StaffGroup& g : m.groups)
    add("Sickness", g.name, "sickness_rate", "share of FTE absent", true, g.sickness_rate);
  for (const Activity& a : m.activities) {
    if (a.per_year)
      add("Activity", a.name, "per_year", "units a year", false, *a.per_year);
    else
      add("Activity", a.name, "growth", "growth a year", true, a.growth);
  }
  for (const ActivityShift& s : m.activity_shifts)
    add("Activity shifts",
        m.activities[s.from].name + " to " + m.activities[s.to].name + " (" + s.id + ")", "share",
        "share moved", true, s.share);
  for (const StaffGroup& g : m.groups)
    add("Funding", g.name, "funded_fte", "FTE", false, g.funded_fte);

  const TemporaryStaffing& ts = m.temporary_staffing;
  if (ts.enabled) {
    add("Temporary staffing", "Bank and agency", "max_cover", "share of demand covered", true,
        ts.max_cover);
    add("Temporary staffing", "Bank and agency", "bank_share", "share of cover", true,
        ts.bank_share);
    add("Temporary staffing", "Bank and agency", "agency_premium", "premium on pay", true,
        ts.agency_premium);
    // Each year's split of temporary spend, as its own inputs set it.
    const PerYear share = by_year(ts.bank_share, years),
                  bank_premium = by_year(ts.bank_premium, years),
                  agency_premium = by_year(ts.agency_premium, years);
    levers.bank_cost_share.assign(years, 0.0);
    for (std::size_t y = 0; y < years; ++y) {
      const double bank = share[y] * (1 + bank_premium[y]);
      const double agency = (1 - share[y]) * (1 + agency_premium[y]);
      if (bank + agency > 0) levers.bank_cost_share[y] = bank / (bank + agency);
    }
  }
  return levers;
}

}  // namespace wfsim::report
