// wfsim solve: least-cost lever values, derived by hand on one-group plans
// (no leavers, no sickness, one FTE a head, so supply is headcount), the
// plan re-run against the prediction, infeasibility, and bad input.
//
// Arrivals of a per-year volume V spread evenly over a plan year land at
// the end of each month, so the year's mean of month-ends gains
// V/12 * (1 + 2 + ... + 12)/12 = 13 V / 24 (MODEL.md sections 1 and 3).

#include <hdf5.h>
#include <hdf5_hl.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "engine/replicates.h"
#include "engine/variables.h"
#include "output/solved_scenario.h"
#include "process.h"
#include "scenario/load.h"
#include "solve/solve_plan.h"

using namespace wfsim;
using namespace wfsim::testing;
using Catch::Detail::Approx;

namespace {

// One group of 100, its demand a fixed establishment, and what follows.
std::string plan(const std::string& demand, const std::string& rest, int years = 3,
                 const std::string& cost = "0") {
  return "[scenario]\nname = \"one group\"\nyears = " + std::to_string(years) +
         "\n\n[[staff_group]]\nid = \"nurse\"\nheadcount = 100\nleaver_rate = 0\n"
         "sickness_rate = 0\ncost_per_fte = " +
         cost +
         "\nfunded_fte = 100\n\n[[establishment]]\nid = \"ward\"\ngroup = \"nurse\"\nfte = " +
         demand + "\n\n" + rest;
}

Model load(const std::string& text, const std::string& name = "plan.toml") {
  LoadResult loaded = load_scenario_text(text, name);
  if (!loaded.ok()) FAIL(loaded.diagnostics.front().format());
  return *loaded.model;
}

std::vector<std::string> messages(const std::string& text, const std::string& name = "plan.toml") {
  std::vector<std::string> out;
  for (const Diagnostic& d : load_scenario_text(text, name).diagnostics) out.push_back(d.format());
  return out;
}

// The solved scenario, written beside the plan in `dir` and loaded back
// as `wfsim run` would, run.
AnnualTrajectory rerun(const std::filesystem::path& dir, const Model& model,
                       const SolvedPlan& solved) {
  const std::string text = solved_scenario_text(model, solved, dir / "plan.toml", dir / "s.toml");
  CHECK(text.find("extends = \"plan.toml\"") != std::string::npos);
  LoadResult loaded = load_scenario_text(text, dir / "s.toml");
  REQUIRE(loaded.ok());
  ReplicateResult run;
  run_replicate(*loaded.model, 0, false, run);
  return run.annual;
}

const std::string kIr =
    "[[international]]\nid = \"ir\"\ngroup = \"nurse\"\nper_year = 0\nlag_months = LAG\n\n";

std::string ir(int lag) {
  std::string s = kIr;
  s.replace(s.find("LAG"), 3, std::to_string(lag));
  return s;
}

}  // namespace

TEST_CASE("solve: the least recruits that meet a fixed demand, with a six-month lag", "[solve]") {
  // Lag 6: of year 1's recruits x1, the first arrive in month 7 of the
  // year, so the year's mean gains x1/12 * (1 + ... + 6)/12 = 7 x1 / 48.
  // Demand 107 from 2020/21 needs 7 x1/48 = 7: x1 = 48. Half of them are
  // committed by September 2020 and so arrive by March 2021, the other
  // half through 2021/22's first six months: its mean is 100 + 24 +
  // 4 * 21/12 + 24 * 6/12 = 143 > 107, so x2 = 0. Recruits at GBP 1,000
  // and no pay cost: the least cost is GBP 48,000.
  const Model m =
      load(plan("[100, 107, 107]", ir(6) + "[solve]\nmax_gap_share = 0\n\n[[lever]]\n"
                                           "target = \"international.ir.per_year\"\nmax = 500\n"
                                           "cost_gbp = 1000\n"));
  const SolvedPlan s = solve_plan(m);
  REQUIRE(s.feasible);
  CHECK(s.levers[0][0] == 0);  // before from_year: the plan's value
  CHECK(s.levers[0][1] == Approx(48).margin(1e-6));
  CHECK(s.levers[0][2] == Approx(0).margin(1e-6));
  CHECK(s.total_cost_gbp == Approx(48000).margin(1e-3));
  CHECK(s.gap_fte[1] == Approx(0).margin(1e-6));
  CHECK(s.gap_fte[2] == Approx(107 - 143).margin(1e-6));
  CHECK(s.verified_error <= kVerifyTolerance);
  // One more FTE of demand in 2020/21 takes 48/7 more recruits.
  REQUIRE(s.target_prices.size() == 1);
  CHECK(s.target_prices[0].year == 1);
  CHECK(s.target_prices[0].value == Approx(1000 * 48.0 / 7));
}

TEST_CASE("solve: the cheaper lever is used up to its cap before the dearer one", "[solve]") {
  // Two flows with no lag; demand 113 in 2020/21: 13 (xa + xb)/24 = 13,
  // so xa + xb = 24: the GBP 1,000 lever to its cap of 10, the GBP 3,000
  // one the other 14. Cost 10,000 + 42,000. One more FTE of demand takes
  // 24/13 more of the dearer: GBP 5,538.46; a unit past the cheaper's cap
  // saves GBP 2,000.
  const std::string flows =
      "[[international]]\nid = \"cheap\"\ngroup = \"nurse\"\nper_year = 0\n\n"
      "[[international]]\nid = \"dear\"\ngroup = \"nurse\"\nper_year = 0\n\n"
      "[solve]\nmax_gap_share = 0\n\n"
      "[[lever]]\ntarget = \"international.dear.per_year\"\nmax = 1000\ncost_gbp = 3000\n\n"
      "[[lever]]\ntarget = \"international.cheap.per_year\"\nmax = 10\ncost_gbp = 1000\n";
  const Model m = load(plan("[100, 113]", flows, 2));
  const SolvedPlan s = solve_plan(m);
  REQUIRE(s.feasible);
  CHECK(s.levers[1][1] == Approx(10));
  CHECK(s.levers[0][1] == Approx(14));
  CHECK(s.total_cost_gbp == Approx(52000));
  REQUIRE(s.target_prices.size() == 1);
  CHECK(s.target_prices[0].value == Approx(3000 * 24.0 / 13));
  REQUIRE(s.bound_prices.size() == 1);
  CHECK(s.bound_prices[0].lever == 1);
  CHECK(s.bound_prices[0].at_max);
  CHECK(s.bound_prices[0].value == Approx(2000));

  SECTION("integer levers give whole values and cost no less than the linear plan") {
    // Demand 114: xa + xb = 24 * 14/13 = 25.846; linear cost 10,000 +
    // 3,000 * 15.846 = 57,538.46; whole recruits: 10 and 16, GBP 58,000.
    const SolvedPlan linear = solve_plan(load(plan("[100, 114]", flows, 2)));
    std::string whole = flows;
    whole += "integer = true\n";
    whole.insert(whole.find("cost_gbp = 3000\n") + 16, "integer = true\n");
    const SolvedPlan integer = solve_plan(load(plan("[100, 114]", whole, 2)));
    CHECK(linear.total_cost_gbp == Approx(10000 + 3000 * (24.0 * 14 / 13 - 10)));
    CHECK(integer.levers[0][1] == 16);
    CHECK(integer.levers[1][1] == 10);
    CHECK(integer.total_cost_gbp == Approx(58000));
    CHECK(integer.total_cost_gbp >= linear.total_cost_gbp);
    CHECK(integer.integer_columns == 2);
  }
}

TEST_CASE("solve: recruits committed a year ahead arrive a year later", "[solve]") {
  // Lag 12: 2020/21's commitments arrive through 2021/22, adding 13 x1/24
  // to its mean; 2021/22's arrive after the plan. Demand 113 in 2021/22:
  // x1 = 24, x2 = 0.
  const std::string lever =
      "[[lever]]\ntarget = \"international.ir.per_year\"\nmax = 100\ncost_gbp = 1000\n";
  const Model m = load(plan("[100, 100, 113]", ir(12) + "[solve]\nmax_gap_share = 0\n\n" + lever));
  const SolvedPlan s = solve_plan(m);
  REQUIRE(s.feasible);
  CHECK(s.levers[0][1] == Approx(24));
  CHECK(s.levers[0][2] == Approx(0).margin(1e-9));

  SECTION("from 2021/22 it is too late: infeasible, and by how much") {
    // Nothing committed from 2021/22 arrives in the plan: 13 FTE short.
    const Model late =
        load(plan("[100, 100, 113]",
                  ir(12) + "[solve]\nmax_gap_share = 0\nfrom_year = \"2021/22\"\n\n" + lever));
    const SolvedPlan t = solve_plan(late);
    CHECK_FALSE(t.feasible);
    REQUIRE(t.short_at_max.size() == 1);
    CHECK(t.short_at_max[0].year == 2);
    CHECK(t.short_at_max[0].fte == Approx(13));
    CHECK(t.total_shortfall_fte == Approx(13));
    CHECK(t.levers[0][2] == Approx(0).margin(1e-9));  // the closest plan spends nothing in vain
  }
}

TEST_CASE("solve: objective gap with a budget that binds", "[solve]") {
  // Pay GBP 12,000 an FTE-year, GBP 1,000 a month. Demand 126 in 2020/21
  // needs x = 48 recruits (13 x/24 = 26), but their pay is
  // 1,000 * sum_k k x/12 = 6,500 x, and the budget leaves room for
  // 6,500 * 24: x = 24, supply 113, 13 FTE-years short. Each GBP more
  // buys 1/6,500 recruits, 13/(24 * 6,500) FTE less short: 83.33 FTE-years
  // per GBP million.
  const std::string rest = ir(0) +
                           "[solve]\nobjective = \"gap\"\nmax_gap_share = 0\n\n"
                           "[[lever]]\ntarget = \"international.ir.per_year\"\nmax = 100\n";
  std::string text = plan("[100, 126]", rest, 2, "12000");
  text.replace(text.find("funded_fte = 100"), 16,
               "pay_budget_gbp = [1_200_000, " + std::to_string(1200000 + 6500 * 24) + "]");
  const SolvedPlan s = solve_plan(load(text));
  CHECK(s.levers[0][1] == Approx(24));
  CHECK(s.total_shortfall_fte == Approx(13));
  REQUIRE(s.budget_prices.size() == 1);
  CHECK(s.budget_prices[0].value * 1e6 == Approx(1e6 * 13 / (24.0 * 6500)));
  CHECK(s.prices_in_fte);
}

TEST_CASE("solve: the solved plan re-run equals the prediction", "[solve]") {
  TempDir dir;
  const std::string text =
      plan("[100, 107, 110]", ir(6) +
                                  "[solve]\nmax_gap_share = 0\n\n[[lever]]\n"
                                  "target = \"international.ir.per_year\"\nmax = 500\n"
                                  "cost_gbp = 1000\n");
  std::ofstream(dir / "plan.toml") << text;
  const Model m = load(text, (dir / "plan.toml").string());
  const SolvedPlan s = solve_plan(m);
  const AnnualTrajectory run = rerun(dir.path, m, s);
  for (int y = 1; y < 3; ++y) {
    CHECK(run.at(index_of(Var::workforce_gap_fte), y, 0) == Approx(s.gap_fte[y]).margin(1e-6));
    CHECK(run.at(index_of(Var::workforce_gap_fte), y, 0) <= 1e-6);
  }
}

TEST_CASE("solve: the example plan closes its gaps, and its re-run equals the prediction",
          "[solve][example]") {
  const std::string file =
      std::string(WFSIM_SOURCE_DIR) + "/scenarios/solve/example-ics-solve.toml";
  LoadResult loaded = load_scenario(file);
  REQUIRE(loaded.ok());
  const Model& m = *loaded.model;
  const SolvedPlan s = solve_plan(m);
  REQUIRE(s.feasible);
  CHECK(s.binary_columns > 0);  // bank and agency cover that can reach its cap
  std::string broken;
  const AnnualTrajectory run = [&] {
    const std::string text = solved_scenario_text(m, s, file, file + "-solved.toml");
    LoadResult again = load_scenario_text(text, file + "-solved.toml");
    REQUIRE(again.ok());
    ReplicateResult r;
    run_replicate(*again.model, 0, false, r);
    return r.annual;
  }();
  CHECK(verification_error(m, s, run, broken) <= kVerifyTolerance);
  CHECK(broken.empty());
  const int groups = static_cast<int>(m.groups.size());
  for (int y = 1; y < m.years; ++y)
    for (int g = 0; g < groups; ++g)
      CHECK(run.at(index_of(Var::workforce_gap_fte), y, g) <=
            m.groups[g].tolerance * run.at(index_of(Var::demand_fte), y, g) * (1 + 1e-6) + 1e-6);
  CHECK(s.total_cost_gbp < s.plan_total_cost_gbp);
}

TEST_CASE("solve: every bad [solve] and [[lever]] entry, word for word", "[solve][bad]") {
  const std::string flows =
      "[[international]]\nid = \"ir\"\ngroup = \"nurse\"\nper_year = 0\n\n"
      "[[joiners]]\nid = \"by_rate\"\ngroup = \"nurse\"\nrate = 0.1\n\n"
      "[[uncertainty.parameter]]\ntarget = \"international.ir.per_year\"\ndist = \"normal\"\n"
      "mean = 10\nsd = 1\n\n";
  const std::string text = plan(
      "100", flows +
                 "[solve]\nobjective = \"fastest\"\nfrom_year = \"2030/31\"\nmax_gap_share = 2\n\n"
                 "[[lever]]\ntarget = \"staff_group.nurse.leaver_rate\"\nmax = 10\n\n"
                 "[[lever]]\ntarget = \"international.nope.per_year\"\nmax = 10\n\n"
                 "[[lever]]\ntarget = \"joiners.by_rate.per_year\"\nmax = 10\n\n"
                 "[[lever]]\ntarget = \"international.ir.per_year\"\nmin = [5, 20, 5]\nmax = 10\n"
                 "cost_gbp = -1\n\n"
                 "[[lever]]\ntarget = \"international.ir.per_year\"\n\n");
  const std::vector<std::string> got = messages(text);
  for (const auto& line : got) INFO(line);
  REQUIRE(got == std::vector<std::string>{
                     "plan.toml:35:13: solve.objective: unknown objective 'fastest' (cost or gap)",
                     "plan.toml:36:13: solve.from_year: unknown plan year '2030/31' (the plan "
                     "runs 2019/20 to 2021/22)",
                     "plan.toml:37:17: solve.max_gap_share: must be in [0, 1], got 2",
                     "plan.toml:40:10: lever[0].target: 'staff_group.nurse.leaver_rate' is not a "
                     "per-year volume the system controls (international.<id>.per_year, "
                     "pipeline.<id>.intake_per_year or joiners.<id>.per_year)",
                     "plan.toml:44:10: lever[1].target: unknown international flow 'nope'",
                     "plan.toml:48:10: lever[2].target: joiners flow 'by_rate' is given as a "
                     "rate, not a per_year volume",
                     "plan.toml:52:10: lever[3].target: international.ir.per_year is drawn by an "
                     "[[uncertainty.parameter]] (plan.toml:28) that replaces its values, which "
                     "would undo the solved plan; only a lognormal multiplier may draw a lever's "
                     "target",
                     "plan.toml:53:7: lever[3].min: must not exceed max (10) in 2020/21, got 20",
                     "plan.toml:55:12: lever[3].cost_gbp: must be >= 0, got -1",
                     "plan.toml:57:1: lever[4].max: missing required key",
                     "plan.toml:58:10: lever[4].target: 'international.ir.per_year' already has a "
                     "lever (lever[3])",
                 });
}
