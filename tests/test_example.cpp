// The example plan as users run it: headcount is conserved in every group
// and month, and it raises the flags its comments promise.

#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <string>
#include <tuple>

#include "engine/engine.h"
#include "engine/flags.h"
#include "engine/replicates.h"
#include "scenario/load.h"

using namespace wfsim;

namespace {

Model example() {
  LoadResult loaded = load_scenario("scenarios/example-ics.toml");
  for (const auto& d : loaded.diagnostics) FAIL(d.format());
  return *loaded.model;
}

// H_end = H_start - leavers - transfers_out + transfers_in + joiners, for
// every group and month, to `tolerance` of the stock. Month 0 starts from
// the scenario's headcount, spread over the bands; with `whole_people` the
// bands are rounded so that the group's total is its headcount rounded.
void require_conserved(const Model& model, const Trajectory& t, double tolerance,
                       bool whole_people = false) {
  for (int g = 0; g < t.groups; ++g) {
    const StaffGroup& group = model.groups[g];
    double before = 0;
    for (double share : group.age_profile) before += group.headcount * share;
    if (whole_people) before = std::round(before);
    for (int m = 0; m < t.months; ++m) {
      auto at = [&](Var v) { return t.at(v, m, g); };
      const double inflow = at(Var::transfers_in) + at(Var::joiners_domestic) +
                            at(Var::joiners_international) + at(Var::joiners_pipeline);
      const double outflow = at(Var::leavers) + at(Var::transfers_out);
      INFO(group.id << " month " << m);
      REQUIRE(std::abs(at(Var::headcount) - (before - outflow + inflow)) <=
              tolerance * std::max(1.0, before));
      before = at(Var::headcount);
    }
  }
}

}  // namespace

TEST_CASE("the example conserves headcount in every group and month", "[example]") {
  const Model model = example();
  REQUIRE(model.groups.size() == 12);
  Trajectory t;
  t.resize_for(model);
  Engine(model).run(t);
  require_conserved(model, t, 1e-9);
}

TEST_CASE("the example conserves whole people exactly with stochastic flows",
          "[example][replicates]") {
  const Model model = example();
  REQUIRE(model.stochastic_flows);
  run_replicates(model, 4, 2, [&](const ReplicateResult& r) {
    require_conserved(model, r.monthly, 0.0, true);
    for (double h : r.monthly.headcount_by_age) REQUIRE((h >= 0 && h == std::round(h)));
  });
}

TEST_CASE(
    "common random numbers: stopping international recruitment leaves the groups it cannot reach "
    "unchanged",
    "[example][replicates]") {
  const Model plan = example();
  LoadResult loaded = load_scenario("scenarios/stress/ir-stopped.toml");
  for (const auto& d : loaded.diagnostics) FAIL(d.format());
  const Model& stress = *loaded.model;
  REQUIRE(stress.seed == plan.seed);
  // Every monthly value of every replicate of the groups IR does not touch.
  auto values = [](const Model& m, int threads) {
    std::map<std::pair<int, std::string>, std::vector<double>> out;
    run_replicates(m, 6, threads, [&](const ReplicateResult& r) {
      for (int g = 0; g < r.monthly.groups; ++g)
        for (const char* id : {"pharmacist", "gp", "paramedic"})
          if (m.groups[g].id == id)
            for (std::size_t v = 0; v < kMonthlyVarCount; ++v)
              for (int month = 0; month < r.monthly.months; ++month)
                out[{r.replicate, id}].push_back(r.monthly.at(static_cast<Var>(v), month, g));
    });
    return out;
  };
  const auto before = values(plan, 2), after = values(stress, 1);
  REQUIRE(before.size() == 18);
  REQUIRE(after == before);
}

TEST_CASE("the example raises the flags a planner would act on", "[example][flags]") {
  const Model model = example();
  Trajectory t;
  t.resize_for(model);
  Engine(model).run(t);
  AnnualTrajectory a;
  aggregate_years(t, a);
  const auto flags = compute_flags(model, a);
  // Every flag, worked here from the annual values by MODEL.md section 7's
  // table (metric against tolerance x base, strictly above; critical
  // strictly above 3x), for each year, group and the whole system.
  std::vector<std::tuple<int, int, FlagKind, Severity>> expected, got;
  const int groups = static_cast<int>(model.groups.size());
  for (int y = 0; y < a.years; ++y)
    for (int g = 0; g <= groups; ++g) {
      const bool all = g == groups;
      auto v = [&](Var var) {
        double sum = 0;
        for (int k = 0; k < groups; ++k)
          if (all || k == g) sum += a.at(index_of(var), y, k);
        return sum;
      };
      const double tolerance = all ? model.default_tolerance : model.groups[g].tolerance;
      const std::pair<double, double> measures[] = {
          {v(Var::funding_gap_fte), v(Var::demand_fte)},
          {v(Var::vacancy_fte), v(Var::funded_fte)},
          {v(Var::fte) - v(Var::funded_fte), v(Var::funded_fte)},
          {v(Var::unmet_fte), v(Var::demand_fte)},
          {v(Var::pay_gap_gbp), v(Var::budget_gbp)}};
      const FlagKind kinds[] = {FlagKind::unfunded_demand, FlagKind::unfilled_posts,
                                FlagKind::over_establishment, FlagKind::unmet_demand,
                                FlagKind::overspend};
      for (int k = 0; k < 5; ++k) {
        const auto [value, base] = measures[k];
        if (value > tolerance * base)
          expected.emplace_back(
              y, all ? -1 : g, kinds[k],
              value > 3 * (tolerance * base) ? Severity::critical : Severity::warning);
      }
    }
  for (const Flag& f : flags) got.emplace_back(f.year, f.group, f.kind, f.severity);
  REQUIRE(got == expected);
  REQUIRE(flags.size() >= 5);  // the five below, at least
  auto raised = [&](const char* group, FlagKind kind, int year, Severity severity) {
    for (const Flag& f : flags)
      if ((f.group < 0 ? std::string("all") : model.groups[f.group].id) == group &&
          f.kind == kind && f.year == year)
        return f.severity == severity;
    return false;
  };
  // Mental health posts funded by the investment standard stay unfilled.
  REQUIRE(raised("nurse_mh", FlagKind::unfilled_posts, 1, Severity::warning));
  REQUIRE(raised("nurse_mh", FlagKind::unfilled_posts, 4, Severity::critical));
  // The 2023/24 adult nursing allocation does not cover the plan's recruits.
  REQUIRE(raised("nurse_adult", FlagKind::unfunded_demand, 4, Severity::warning));
  REQUIRE(raised("nurse_adult", FlagKind::over_establishment, 4, Severity::critical));
  // The consultant pay budget falls short of cost in 2023/24.
  REQUIRE(raised("consultant", FlagKind::overspend, 4, Severity::warning));
}

namespace {

Model load(const char* file) {
  LoadResult loaded = load_scenario(file);
  for (const auto& d : loaded.diagnostics) FAIL(d.format());
  return *loaded.model;
}

// The mean over `replicates` Monte Carlo replicates of one annual value.
double mc_mean(const Model& model, int replicates, Var var, int group, int year) {
  double sum = 0;
  run_replicates(model, replicates, 2,
                 [&](const ReplicateResult& r) { sum += r.annual.at(index_of(var), year, group); });
  return sum / replicates;
}

double deterministic(const Model& model, Var var, int group, int year) {
  double value = 0;
  run_replicates(model, 1, 1, [&](const ReplicateResult& r) {
    value = r.annual.at(index_of(var), year, group);
  });
  return value;
}

int group_index(const Model& m, const std::string& id) {
  for (std::size_t g = 0; g < m.groups.size(); ++g)
    if (m.groups[g].id == id) return static_cast<int>(g);
  FAIL("no group " << id);
  return -1;
}

}  // namespace

TEST_CASE("the pandemic-like winter doubles sickness absence in Nov-Feb 2020/21 and nowhere else",
          "[example][stress]") {
  const Model plan = load("scenarios/example-ics.toml");
  const Model stress = load("scenarios/stress/pandemic-winter.toml");
  REQUIRE(stress.groups.size() == plan.groups.size());
  for (std::size_t g = 0; g < plan.groups.size(); ++g) {
    for (int m = 0; m < plan.months(); ++m) {
      const int y = m / 12, month = m % 12;  // month 7 is November, 10 February
      auto absence = [&](const Model& model) {
        const StaffGroup& group = model.groups[g];
        return group.sickness_rate[y] * group.sickness_profile_in(y)[month];
      };
      const bool winter = y == 1 && month >= 7 && month <= 10;
      INFO(plan.groups[g].id << " month " << m);
      REQUIRE(absence(stress) == Approx((winter ? 2 : 1) * absence(plan)).epsilon(1e-9));
    }
  }
}

namespace {

// A stress file's effect on one annual value in the last plan year (stress
// minus plan), deterministic and as the mean of `n` Monte Carlo replicates
// with common random numbers.
struct Effect {
  double deterministic, monte_carlo;
};
Effect stress_effect(const char* stress_file, const std::string& group, Var var, int n) {
  const Model plan = load("scenarios/example-ics.toml");
  const Model stress = load(stress_file);
  const int g = group_index(plan, group), last = plan.years - 1;
  return {deterministic(stress, var, g, last) - deterministic(plan, var, g, last),
          mc_mean(stress, n, var, g, last) - mc_mean(plan, n, var, g, last)};
}

}  // namespace

TEST_CASE("stress tests keep their stress under Monte Carlo", "[example][stress][replicates]") {
  // The plan's replacing draws must not undo them.
  SECTION("hcsw leave two points more") {
    const Effect e =
        stress_effect("scenarios/stress/leavers-plus-2pts.toml", "hcsw", Var::headcount, 100);
    INFO("deterministic " << e.deterministic << ", Monte Carlo " << e.monte_carlo);
    REQUIRE(e.deterministic < -250);
    REQUIRE(e.monte_carlo == Approx(e.deterministic).epsilon(0.05));
  }
  SECTION("community contacts grow a point faster") {
    // Adult nurses' demand from every line, the community's the largest.
    const Effect e = stress_effect("scenarios/stress/activity-plus-1pt.toml", "nurse_adult",
                                   Var::demand_fte, 100);
    INFO("deterministic " << e.deterministic << ", Monte Carlo " << e.monte_carlo);
    REQUIRE(e.deterministic > 100);
    REQUIRE(e.monte_carlo == Approx(e.deterministic).epsilon(0.05));
  }
}
