// The example plan as users run it: headcount is conserved in every group
// and month, and it raises the flags its comments promise.

#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <string>

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
      const double inflow = at(Var::transfers_in) + at(Var::joiners_domestic) + at(Var::joiners_international) +
                            at(Var::joiners_pipeline);
      const double outflow = at(Var::leavers) + at(Var::transfers_out);
      INFO(group.id << " month " << m);
      REQUIRE(std::abs(at(Var::headcount) - (before - outflow + inflow)) <= tolerance * std::max(1.0, before));
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

TEST_CASE("the example conserves whole people exactly with stochastic flows", "[example][replicates]") {
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
  REQUIRE(flags.size() == 14);
  auto raised = [&](const char* group, FlagKind kind, int year, Severity severity) {
    for (const Flag& f : flags)
      if ((f.group < 0 ? std::string("all") : model.groups[f.group].id) == group && f.kind == kind &&
          f.year == year)
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
