// Monte Carlo replicates: streams, thread-independence, common random
// numbers, distributions and integer flows (MODEL.md section 8).

#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <stdexcept>

#include "engine/flows.h"
#include "engine/replicates.h"
#include "engine/result_bytes.h"
#include "engine/sampling.h"
#include "engine/statistics.h"
#include "model/targets.h"
#include "model_fixture.h"
#include "scenario/load.h"

using namespace wfsim;
using namespace wfsim::testing;

namespace {

// Two groups with every kind of flow, uncertain leaving and recruitment,
// and stochastic flows.
Model uncertain_model() {
  Model m = tiny_model(3, 2);
  m.seed = 42;
  int nurse = add_group(m, "nurse", 900);
  int hcsw = add_group(m, "hcsw", 400);
  set_leaver_rate(m, nurse, 0.11);
  set_leaver_rate(m, hcsw, 0.15);
  m.groups[nurse].basic_pay_gbp = 30000;
  JoinerFlow j{"domestic", hcsw, false, flat(m, 50), {}, {0.5, 0.5}, kEvenMonths};
  m.joiners.push_back(j);
  InternationalFlow f;
  f.id = "ir";
  f.group = nurse;
  f.per_year = flat(m, 60);
  f.lag_months = 4;
  f.success_rate = flat(m, 0.8);
  f.age_profile = {0.5, 0.5};
  m.international.push_back(f);
  Pipeline p = apprenticeship(m, "apprentice", hcsw, nurse, 24, 24);
  p.attrition_rate = flat(m, 0.1);
  p.joining_rate = flat(m, 0.9);
  m.pipelines.push_back(p);
  m.uncertainty.push_back(
      {"staff_group.nurse.leaver_rate", {}, Distribution::normal, 0.11, 0.02, 0, false});
  m.uncertainty.push_back({"international.ir.success_rate", {}, Distribution::beta, 8, 2, 0, true});
  m.stochastic_flows = true;
  return finalized(m);
}

std::map<int, std::vector<double>> run_all(const Model& m, int count, int threads) {
  std::map<int, std::vector<double>> out;
  run_replicates(m, count, threads,
                 [&](const ReplicateResult& r) { out[r.replicate] = r.monthly.monthly; });
  return out;
}

struct Moments {
  double mean = 0, variance = 0;
};

Moments moments(const std::vector<double>& xs) {
  Moments m;
  for (double x : xs) m.mean += x;
  m.mean /= xs.size();
  for (double x : xs) m.variance += (x - m.mean) * (x - m.mean);
  m.variance /= xs.size() - 1;
  return m;
}

// Draws `n` replicates of one parameter and returns the year-0 values.
std::vector<double> draws(UncertainParameter u, int n, double start_value = 0.5) {
  Model m = tiny_model(2);
  int g = add_group(m, "nurse", 100);
  set_leaver_rate(m, g, start_value);
  m.seed = 7;
  m.uncertainty.push_back(u);
  m = finalized(m);
  std::vector<double> xs;
  for (int i = 0; i < n; ++i) xs.push_back(sample_model(m, i).groups[0].leaver_rate[0]);
  return xs;
}

// Three groups, each with leavers, ageing and joiners; "a" also recruits
// internationally, and "c" has a degree from outside with attrition, so
// every kind of draw runs. Nothing links the groups.
Model three_groups() {
  Model m = tiny_model(3, 3);
  m.seed = 5;
  m.stochastic_flows = true;
  for (const char* id : {"a", "b", "c"}) {
    const int g = add_group(m, id, 500);
    set_leaver_rate(m, g, 0.1);
    m.joiners.push_back(
        {std::string(id) + "_joiners", g, false, flat(m, 40), {}, {0.5, 0.3, 0.2}, kEvenMonths});
  }
  InternationalFlow ir;
  ir.id = "a_ir";
  ir.group = 0;
  ir.per_year = flat(m, 30);
  ir.lag_months = 3;
  ir.success_rate = flat(m, 0.8);
  ir.age_profile = {0.6, 0.4, 0.0};
  m.international.push_back(ir);
  Pipeline degree = apprenticeship(m, "c_degree", -1, 2, 36, 36);
  degree.while_training = -1;
  degree.employed = false;
  degree.attrition_rate = flat(m, 0.08);
  degree.joining_rate = flat(m, 0.9);
  m.pipelines.push_back(degree);
  m.uncertainty.push_back(
      {"staff_group.b.leaver_rate", {}, Distribution::uniform, 0.05, 0.15, 0, false});
  return finalized(m);
}

// Every monthly value of group g, its headcount by age and, for "c", its
// pipeline, in one array per replicate.
std::map<int, std::vector<double>> group_values(const Model& m, int g, int count) {
  std::map<int, std::vector<double>> out;
  run_replicates(m, count, 2, [&](const ReplicateResult& r) {
    auto& values = out[r.replicate];
    for (std::size_t v = 0; v < kMonthlyVarCount; ++v)
      for (int month = 0; month < r.monthly.months; ++month)
        values.push_back(r.monthly.at(static_cast<Var>(v), month, g));
    for (int month = 0; month < r.monthly.months; ++month)
      for (int a = 0; a < r.monthly.bands; ++a)
        values.push_back(
            r.monthly.headcount_by_age[(month * r.monthly.groups + g) * r.monthly.bands + a]);
    if (m.groups[g].id == "c")
      values.insert(values.end(), r.monthly.in_training.begin(), r.monthly.in_training.end());
  });
  return out;
}

// Whole people, and nobody moves: the start exactly as the engine rounds it.
class NoFlows final : public FlowDraws {
 public:
  bool integer() const override { return true; }
  double binomial(std::uint64_t, int, double, double) override { return 0; }
  double poisson(std::uint64_t, int, double) override { return 0; }
};

}  // namespace

TEST_CASE(
    "common random numbers: changing one group's flows leaves the groups it cannot reach "
    "bit-identical",
    "[replicates]") {
  const Model plan = three_groups();
  Model stress = plan;
  // More joiners and no international recruits for "a", a parameter drawn
  // for "a" that the plan does not draw, and a new group with flows of its
  // own: none of it reaches "b" or "c".
  stress.joiners[0].per_year = flat(stress, 90);
  stress.international[0].per_year = flat(stress, 0);
  stress.uncertainty.insert(
      stress.uncertainty.begin(),
      {"staff_group.a.sickness_rate", {}, Distribution::uniform, 0.02, 0.06, 0, false});
  const int d = add_group(stress, "d", 300);
  set_leaver_rate(stress, d, 0.2);
  stress.joiners.insert(stress.joiners.begin(),
                        {"d_joiners", d, false, flat(stress, 20), {}, {1, 0, 0}, kEvenMonths});
  stress = finalized(stress);

  for (int g : {1, 2}) {
    INFO("group " << plan.groups[g].id);
    const auto before = group_values(plan, g, 6), after = group_values(stress, g, 6);
    for (int i = 0; i < 6; ++i) REQUIRE(after.at(i) == before.at(i));
    REQUIRE(before.at(0) != before.at(1));  // the replicates do draw
  }
  // The change does reach "a".
  REQUIRE(group_values(stress, 0, 1) != group_values(plan, 0, 1));
}

TEST_CASE("whole people at the start keep each group's and pipeline's total", "[replicates]") {
  Model m = tiny_model(2, 3);
  const int g = add_group(m, "nurse", 1000);
  // Once a year in September, two years long: the steady start holds the
  // cohorts of September 2017 and 2018, 10.5 each, in slots 5 and 17.
  Pipeline degree = apprenticeship(m, "degree", -1, g, 10.5, 24);
  degree.while_training = -1;
  degree.employed = false;
  degree.intake_month = 9;
  degree.joining_rate = flat(m, 0.0);  // so that the group keeps its 1000
  m.pipelines.push_back(degree);
  m.stochastic_flows = true;
  m = finalized(m);

  Trajectory t;
  t.resize_for(m);
  NoFlows still;
  Engine(m).run(t, still);
  // 1000 / 3 a band: floors of 333, and the one left over to the first band
  // (the remainders tie); rounding each band alone would give 999.
  REQUIRE(std::vector<double>(t.headcount_by_age.begin(), t.headcount_by_age.begin() + 3) ==
          std::vector<double>{334, 333, 333});
  // 21 trainees, not 22 (11 + 11).
  REQUIRE(t.in_training[0] == 21);
  // Ageing moves people between bands but keeps the total.
  run_replicates(m, 3, 1, [&](const ReplicateResult& r) {
    for (int month = 0; month < r.monthly.months; ++month)
      REQUIRE(r.monthly.at(Var::headcount, month, g) == 1000);
  });
}

TEST_CASE("adding an uncertain parameter leaves the draws of the others as they were",
          "[replicates][distributions]") {
  Model one = tiny_model(2);
  add_group(one, "nurse", 100);
  one.seed = 9;
  one.uncertainty.push_back(
      {"staff_group.nurse.leaver_rate", {}, Distribution::uniform, 0.05, 0.15, 0, true});
  Model two = one;
  two.uncertainty.insert(
      two.uncertainty.begin(),
      {"staff_group.nurse.sickness_rate", {}, Distribution::uniform, 0.02, 0.06, 0, true});
  one = finalized(one);
  two = finalized(two);
  for (int i = 0; i < 4; ++i)
    REQUIRE(sample_model(two, i).groups[0].leaver_rate ==
            sample_model(one, i).groups[0].leaver_rate);
}

TEST_CASE("each uncertain parameter draws from its own stream", "[replicates][distributions]") {
  // Two parameters with the same distribution on different targets: from
  // one shared stream they would draw the same value in every replicate.
  Model m = tiny_model(2);
  add_group(m, "nurse", 100);
  m.seed = 9;
  m.uncertainty.push_back(
      {"staff_group.nurse.leaver_rate", {}, Distribution::uniform, 0.05, 0.15, 0, false});
  m.uncertainty.push_back(
      {"staff_group.nurse.sickness_rate", {}, Distribution::uniform, 0.05, 0.15, 0, false});
  m = finalized(m);
  for (int i = 0; i < 4; ++i) {
    const Model s = sample_model(m, i);
    INFO("replicate " << i);
    CHECK(s.groups[0].leaver_rate[0] != s.groups[0].sickness_rate[0]);
  }
}

TEST_CASE("replicates give the same numbers on 1, 2 and 4 threads", "[replicates]") {
  const Model m = uncertain_model();
  auto one = run_all(m, 12, 1);
  REQUIRE(one.size() == 12);
  REQUIRE(run_all(m, 12, 2) == one);
  REQUIRE(run_all(m, 12, 4) == one);
  // And the replicates differ from each other.
  REQUIRE(one[0] != one[1]);
}

TEST_CASE("ranks share the replicates: each once, in order, a block on one rank alone",
          "[replicates][mpi]") {
  for (int block : {1, kReplicateBlock})
    for (int ranks = 1; ranks <= 5; ++ranks)
      for (int count : {1, 2, 7, 63, 64, 65, 128, 129, 200, 321}) {
        CAPTURE(block, ranks, count);
        std::vector<int> owner(count, -1);
        for (int rank = 0; rank < ranks; ++rank) {
          const RankShare share{rank, ranks, count, block};
          int previous = -1;
          for (int k = 0; k < share.size(); ++k) {
            const int r = share.replicate(k);
            REQUIRE(r > previous);
            REQUIRE(r < count);
            REQUIRE(owner[r] == -1);
            owner[r] = rank;
            previous = r;
          }
        }
        for (int r = 0; r < count; ++r) {
          REQUIRE(owner[r] == (r / block) % ranks);  // block b on rank b % ranks
        }
      }
  // 200 replicates over 3 ranks by blocks of 64: blocks 0 and 3 (64 + 8) on
  // rank 0, block 1 on rank 1, block 2 on rank 2; a rank past the blocks has none.
  REQUIRE(RankShare{0, 3, 200, 64}.size() == 72);
  REQUIRE(RankShare{0, 3, 200, 64}.replicate(64) == 192);
  REQUIRE(RankShare{1, 3, 200, 64}.size() == 64);
  REQUIRE(RankShare{2, 3, 200, 64}.replicate(0) == 128);
  REQUIRE(RankShare{3, 4, 150, 64}.size() == 0);
}

TEST_CASE("a consumer's exception stops the run and reaches the caller", "[replicates]") {
  const Model m = uncertain_model();
  for (int threads : {1, 2, 4}) {
    int consumed = 0;
    REQUIRE_THROWS_WITH(run_replicates(m, 40, threads,
                                       [&](const ReplicateResult&) {
                                         if (++consumed == 5) throw std::runtime_error("disk full");
                                       }),
                        "disk full");
    REQUIRE(consumed == 5);
  }
}

TEST_CASE("a replicate's numbers do not depend on how many replicates run", "[replicates]") {
  const Model m = uncertain_model();
  auto few = run_all(m, 3, 2);
  auto many = run_all(m, 9, 2);
  for (int i = 0; i < 3; ++i) REQUIRE(few[i] == many[i]);
}

TEST_CASE("common random numbers: the same seed and a zero change give exactly zero difference",
          "[replicates]") {
  const Model plan = uncertain_model();
  Model stress = plan;
  // A stress test that sets a value to what it already was.
  apply_sweep_point(stress, {{"pipeline.apprentice.intake_per_year", 24.0}});
  finalize_model(stress);
  auto a = run_all(plan, 5, 2);
  auto b = run_all(stress, 5, 1);  // one thread, five replicates
  for (int i = 0; i < 5; ++i)
    for (std::size_t k = 0; k < a[i].size(); ++k) REQUIRE(a[i][k] - b[i][k] == 0.0);
  // A different seed gives different numbers.
  Model other = plan;
  other.seed = 43;
  REQUIRE(run_all(other, 5, 2)[0] != a[0]);
}

TEST_CASE("a single replicate is the deterministic run, whatever [uncertainty] says",
          "[replicates]") {
  const Model m = uncertain_model();
  Model plain = m;
  plain.uncertainty.clear();
  plain.stochastic_flows = false;
  REQUIRE(run_all(m, 1, 1)[0] == run(plain).monthly.monthly);
}

TEST_CASE("with no distributions and no stochastic flows, Monte Carlo equals the deterministic run",
          "[replicates]") {
  Model m = uncertain_model();
  m.uncertainty.clear();
  m.stochastic_flows = false;
  Run deterministic = run(m);
  auto replicates = run_all(m, 4, 2);
  for (const auto& [i, values] : replicates) REQUIRE(values == deterministic.monthly.monthly);
}

TEST_CASE("stochastic flows are whole people, conserve headcount exactly and never go negative",
          "[replicates]") {
  Model m = uncertain_model();
  // Heavy leaving and a big intake from a small group stress the bounds.
  set_leaver_rate(m, 1, 0.9);
  m.pipelines[0].intake_per_year = flat(m, 600);
  m = finalized(m);
  run_replicates(m, 20, 2, [&](const ReplicateResult& r) {
    for (int g = 0; g < 2; ++g) {
      double before = std::round(m.groups[g].headcount);  // the group's total, rounded at the start
      for (int month = 0; month < r.monthly.months; ++month) {
        auto at = [&](Var v) { return r.monthly.at(v, month, g); };
        const double h = at(Var::headcount);
        REQUIRE(h >= 0);
        REQUIRE(h == std::round(h));
        REQUIRE(at(Var::leavers) == std::round(at(Var::leavers)));
        REQUIRE(h == before - at(Var::leavers) - at(Var::transfers_out) + at(Var::transfers_in) +
                         at(Var::joiners_domestic) + at(Var::joiners_international) +
                         at(Var::joiners_pipeline));
        before = h;
      }
    }
  });
}

TEST_CASE("binomial leavers have the binomial mean and variance", "[replicates][distributions]") {
  Model m = tiny_model(1);
  int g = add_group(m, "nurse", 1000);
  set_leaver_rate(m, g, 0.12);
  m.stochastic_flows = true;
  m.seed = 11;
  m = finalized(m);
  std::vector<double> first_month;
  run_replicates(m, 4000, 2, [&](const ReplicateResult& r) {
    first_month.push_back(r.monthly.at(Var::leavers, 0, g));
  });
  const double p = monthly_probability(0.12), n = 1000;
  Moments s = moments(first_month);
  // Mean within 4 standard errors; variance within 10 %.
  REQUIRE(std::abs(s.mean - n * p) < 4 * std::sqrt(n * p * (1 - p) / 4000));
  REQUIRE(s.variance == Approx(n * p * (1 - p)).epsilon(0.1));
}

TEST_CASE("parameter distributions have their means and variances", "[replicates][distributions]") {
  const int n = 4000;
  SECTION("normal, truncated far from its bounds") {
    Moments s = moments(draws(
        {"staff_group.nurse.leaver_rate", {}, Distribution::normal, 0.12, 0.01, 0, false}, n));
    REQUIRE(std::abs(s.mean - 0.12) < 4 * 0.01 / std::sqrt(n));
    REQUIRE(s.variance == Approx(0.0001).epsilon(0.1));
  }
  SECTION("normal truncated to [0, 1] never leaves the range") {
    for (double x : draws(
             {"staff_group.nurse.leaver_rate", {}, Distribution::normal, 0.02, 0.05, 0, false}, n))
      REQUIRE((x >= 0 && x <= 1));
  }
  SECTION("uniform") {
    Moments s = moments(
        draws({"staff_group.nurse.leaver_rate", {}, Distribution::uniform, 0.1, 0.2, 0, false}, n));
    REQUIRE(std::abs(s.mean - 0.15) < 4 * std::sqrt(0.01 / 12 / n));
    REQUIRE(s.variance == Approx(0.01 / 12).epsilon(0.1));
  }
  SECTION("triangular") {
    // mean (a + b + c) / 3; variance (a² + b² + c² - ab - ac - bc) / 18
    Moments s = moments(draws(
        {"staff_group.nurse.leaver_rate", {}, Distribution::triangular, 0.1, 0.15, 0.3, false}, n));
    const double var = (0.01 + 0.0225 + 0.09 - 0.015 - 0.03 - 0.045) / 18;
    REQUIRE(std::abs(s.mean - 0.55 / 3) < 4 * std::sqrt(var / n));
    REQUIRE(s.variance == Approx(var).epsilon(0.1));
  }
  SECTION("beta") {
    // mean a / (a + b); variance ab / ((a + b)² (a + b + 1))
    Moments s = moments(
        draws({"staff_group.nurse.leaver_rate", {}, Distribution::beta, 2, 8, 0, false}, n));
    const double var = 16.0 / (100 * 11);
    REQUIRE(std::abs(s.mean - 0.2) < 4 * std::sqrt(var / n));
    REQUIRE(s.variance == Approx(var).epsilon(0.1));
  }
  SECTION("lognormal is a multiplier on the value") {
    // value 0.1 times exp(N(log 1, 0.1)): mean 0.1 e^{0.005}
    Moments s = moments(
        draws({"staff_group.nurse.leaver_rate", {}, Distribution::lognormal, 1.0, 0.1, 0, false}, n,
              0.1));
    const double var = 0.01 * (std::exp(0.01) - 1) * std::exp(0.01);
    REQUIRE(std::abs(s.mean - 0.1 * std::exp(0.005)) < 4 * std::sqrt(var / n));
    REQUIRE(s.variance == Approx(var).epsilon(0.1));
  }
}

TEST_CASE("one draw serves every year unless per_year is set", "[replicates][distributions]") {
  Model m = tiny_model(3);
  add_group(m, "nurse", 100);
  m.uncertainty.push_back(
      {"staff_group.nurse.sickness_rate", {}, Distribution::uniform, 0.0, 0.1, 0, false});
  m.uncertainty.push_back(
      {"staff_group.nurse.fte_per_head", {}, Distribution::uniform, 0.5, 1.0, 0, true});
  m = finalized(m);
  Model s = sample_model(m, 3);
  REQUIRE(s.groups[0].sickness_rate[0] == s.groups[0].sickness_rate[2]);
  REQUIRE(s.groups[0].fte_per_head[0] != s.groups[0].fte_per_head[1]);
  // Replicate 3's draws are its own: sampling it again gives the same.
  REQUIRE(sample_model(m, 3).groups[0].fte_per_head == s.groups[0].fte_per_head);
}

TEST_CASE("sweep points are the cross product of the sweeps, first outermost", "[sweeps]") {
  Model m = tiny_model(1);
  add_group(m, "nurse", 100);
  m.sweeps.push_back({"staff_group.nurse.leaver_rate", {}, {0.1, 0.2}});
  m.sweeps.push_back({"staff_group.nurse.sickness_rate", {}, {0.03, 0.04, 0.05}});
  auto points = sweep_points(m);
  REQUIRE(points.size() == 6);
  REQUIRE(points[4] == SweepPoint{{"staff_group.nurse.leaver_rate", 0.2},
                                  {"staff_group.nurse.sickness_rate", 0.04}});
  apply_sweep_point(m, points[4]);
  REQUIRE(m.groups[0].leaver_rate[0] == 0.2);
  REQUIRE(m.groups[0].sickness_rate[0] == 0.04);
}

TEST_CASE("targets resolve to per-year slots and respect leaver_rate_by_age", "[targets]") {
  Model m = tiny_model(2, 2);
  int g = add_group(m, "nurse", 100);
  m.groups[g].leaver_rate_by_age = {false, true};
  m.groups[g].leaver_rate = {0.1, 0.3, 0.1, 0.3};
  auto slots = resolve_target(m, "staff_group.nurse.leaver_rate");
  REQUIRE(slots);
  REQUIRE(slots->by_year.size() == 2);
  REQUIRE(slots->by_year[1].size() == 1);
  REQUIRE(slots->by_year[1][0] == &m.groups[g].leaver_rate[2]);
  REQUIRE_FALSE(resolve_target(m, "staff_group.nurse.leaver_rat"));
  REQUIRE_FALSE(resolve_target(m, "staff_group.midwife.leaver_rate"));
  REQUIRE_FALSE(resolve_target(m, "nonsense"));
}

namespace {

// The one-group, one-activity plan of the review's reproductions, three
// years long, with `more` appended.
Model loaded(const std::string& more) {
  const std::string text = R"([scenario]
name = "t"
years = 3
seed = 7

[[age_band]]
id = "under_55"
from = 16
to = 55

[[age_band]]
id = "age_55_plus"
from = 55

[[staff_group]]
id = "nurse"
headcount = 1000
leaver_rate = 0.1
leaver_rate_by_age = { age_55_plus = 0.2 }
sickness_rate = 0.05
cost_per_fte = 30000
funded_fte = 1000

[[staff_group]]
id = "doctor"
headcount = 200
leaver_rate = 0.05
sickness_rate = 0.02
cost_per_fte = 90000
funded_fte = 200

[[activity]]
id = "visits"
base = 100000
growth = 0.02
hours_per_unit = { nurse = 15, doctor = 2 }
)" + more;
  LoadResult r = load_scenario_text(text, "t.toml");
  for (const auto& d : r.diagnostics) FAIL(d.format());
  return *r.model;
}

}  // namespace

TEST_CASE("a draw on a single-value target applies once, not once a year",
          "[replicates][distributions]") {
  // median 2, sigma 1e-9: a multiplier of 2 (to 1e-8), which used to compound to 2^3 over three
  // years.
  SECTION("an activity's base") {
    const Model m = loaded(R"(
[[uncertainty.parameter]]
target = "activity.visits.base"
dist = "lognormal"
median = 2
sigma = 1e-9
)");
    const Model s = sample_model(m, 1);
    REQUIRE(s.activities[0].base == Approx(200000).epsilon(1e-8));
    REQUIRE(s.activities[0].volume[2] == Approx(200000 * 1.02 * 1.02).epsilon(1e-8));
  }
  SECTION("a headcount, by lognormal and by a replacing draw") {
    Model m = loaded(R"(
[[uncertainty.parameter]]
target = "staff_group.nurse.headcount"
dist = "lognormal"
median = 2
sigma = 1e-9

[[uncertainty.parameter]]
target = "staff_group.doctor.headcount"
dist = "uniform"
low = 300
high = 301
)");
    const Model s = sample_model(m, 1);
    REQUIRE(s.groups[0].headcount == Approx(2000).epsilon(1e-8));
    REQUIRE((s.groups[1].headcount >= 300 && s.groups[1].headcount <= 301));
    apply_sweep_point(m, {{"staff_group.nurse.headcount", 500.0}});
    REQUIRE(m.groups[0].headcount == 500);
  }
}

TEST_CASE("productivity.gain draws only the groups that have a gain", "[replicates][targets]") {
  // The review's pg.toml: a per-group table that leaves doctor out.
  const Model m = loaded(R"(
[productivity]
gain = { nurse = 0.05 }

[[uncertainty.parameter]]
target = "productivity.gain"
dist = "uniform"
low = 0.2
high = 0.3
)");
  const Model s = sample_model(m, 0);
  REQUIRE((s.productivity_gain[0][1] >= 0.2 && s.productivity_gain[0][1] <= 0.3));
  REQUIRE(s.productivity_gain[0][2] == s.productivity_gain[0][1]);
  REQUIRE(s.productivity_gain[1] == PerYear{0, 0, 0});
  REQUIRE(s.productivity_factor[1] == PerYear{1, 1, 1});
}

TEST_CASE("per-group gain and per-band leaver rate targets write only their own slots",
          "[replicates][targets]") {
  const Model m = loaded(R"(
[productivity]
gain = 0.01

[[uncertainty.parameter]]
target = "productivity.gain.doctor"
dist = "uniform"
low = 0.2
high = 0.3

[[uncertainty.parameter]]
target = "staff_group.nurse.leaver_rate_by_age.age_55_plus"
dist = "uniform"
low = 0.3
high = 0.4
per_year = true
)");
  const Model s = sample_model(m, 2);
  REQUIRE(s.productivity_gain[0] == PerYear{0.01, 0.01, 0.01});
  REQUIRE((s.productivity_gain[1][1] >= 0.2 && s.productivity_gain[1][1] <= 0.3));
  // leaver_rate is [year * bands + band]: band 0 keeps 0.1, band 1 draws each year.
  const auto& rate = s.groups[0].leaver_rate;
  for (int y = 0; y < 3; ++y) {
    REQUIRE(rate[y * 2] == 0.1);
    REQUIRE((rate[y * 2 + 1] >= 0.3 && rate[y * 2 + 1] <= 0.4));
  }
  REQUIRE(rate[1] != rate[3]);
}

TEST_CASE("a lognormal on a swept target multiplies the swept value", "[replicates][sweeps]") {
  // The review's swu.toml drew a normal over the sweep: now an input error
  // (tests/bad/sweep_drawn.toml); a multiplier composes with it.
  const Model m = loaded(R"(
[[sweep]]
target = "staff_group.doctor.leaver_rate"
values = [0.05, 0.5]

[[uncertainty.parameter]]
target = "staff_group.doctor.leaver_rate"
dist = "lognormal"
median = 1.2
sigma = 1e-9
)");
  const auto points = sweep_points(m);
  REQUIRE(points.size() == 2);
  REQUIRE(sweep_label(points[1]) == "staff_group.doctor.leaver_rate = 0.5");
  const Model s = sample_model(variant_model(m, points[1]), 4);
  REQUIRE(s.groups[1].leaver_rate[0] == Approx(0.6).epsilon(1e-8));
  REQUIRE(s.groups[1].leaver_rate[5] == Approx(0.6).epsilon(1e-8));
}

TEST_CASE("Poisson arrivals have the Poisson mean and variance", "[replicates][distributions]") {
  Model m = tiny_model(1);
  int g = add_group(m, "nurse", 100);
  m.joiners.push_back(JoinerFlow{"domestic", g, false, flat(m, 120), {}, {1.0}, kEvenMonths});
  m.stochastic_flows = true;
  m.seed = 5;
  m = finalized(m);
  std::vector<double> first_month;
  const int n = 4000;
  run_replicates(m, n, 2, [&](const ReplicateResult& r) {
    first_month.push_back(r.monthly.at(Var::joiners_domestic, 0, g));
  });
  Moments s = moments(first_month);
  // Poisson(10): mean 10 within 4 standard errors, variance 10 within 10 %.
  REQUIRE(std::abs(s.mean - 10) < 4 * std::sqrt(10.0 / n));
  REQUIRE(s.variance == Approx(10).epsilon(0.1));
  for (double x : first_month) REQUIRE(x == std::round(x));
}

TEST_CASE("summaries read in slabs of years are the quantiles and mean of each year's cells",
          "[replicates][summary]") {
  // 7 replicates, 5 years of 3 cells: value (r * 37 % 11) + 10 y + c. Over
  // r = 0..6, r * 37 % 11 is {0, 4, 8, 1, 5, 9, 2}, sorted {0, 1, 2, 4, 5, 8, 9}
  // (sum 29): p10 at position 0.6 is 0.6, p50 at 3 is 4, p95 at 5.7 is
  // 8 + 0.7 = 8.7, the mean 29 / 7; each plus 10 y + c.
  const int replicates = 7, years = 5, cells = 3;
  auto value = [](int r, int y, int c) { return (r * 37 % 11) + 10.0 * y + c; };
  const std::vector<double> quantiles{0.1, 0.5, 0.95};
  const double by_hand[] = {0.6, 4, 8.7};
  std::vector<double> q_slabs, m_slabs;
  // Slabs of 2, 2 and 1 years.
  std::vector<int> firsts;
  summarize_by_year(
      years, replicates, quantiles,
      [&](int first) {
        firsts.push_back(first);
        AnnualSlab slab;
        slab.years = std::min(2, years - first);
        for (int r = 0; r < replicates; ++r)
          for (int y = first; y < first + slab.years; ++y)
            for (int c = 0; c < cells; ++c) slab.values.push_back(value(r, y, c));
        return slab;
      },
      q_slabs, m_slabs);
  CHECK(firsts == std::vector<int>{0, 2, 4});
  REQUIRE(q_slabs.size() == quantiles.size() * years * cells);
  REQUIRE(m_slabs.size() == std::size_t(years * cells));
  // Laid out [quantile][year][cell] and [year][cell].
  for (int y = 0; y < years; ++y)
    for (int c = 0; c < cells; ++c) {
      INFO("year " << y << ", cell " << c);
      CHECK(m_slabs[y * cells + c] == Approx(29.0 / 7 + 10 * y + c).epsilon(1e-14));
      for (std::size_t k = 0; k < quantiles.size(); ++k)
        CHECK(q_slabs[(k * years + y) * cells + c] ==
              Approx(by_hand[k] + 10 * y + c).epsilon(1e-14));
    }
}

TEST_CASE("summaries are numpy's linear quantiles and the mean, whatever the thread count",
          "[replicates][summary]") {
  // 5 replicates of 20 cells (three tiles of 8); cell c of replicate r is
  // r's value of {4, 1, 3, 0, 2}, times c + 1, so every cell sorts to
  // (c + 1) {0, 1, 2, 3, 4}.
  const std::vector<double> values = {4, 1, 3, 0, 2};
  const int cells = 20;
  std::vector<double> data;
  for (double v : values)
    for (int c = 0; c < cells; ++c) data.push_back(v * (c + 1));
  std::vector<double> quantiles_out, means;
  summarize(data, 5, {0.25, 0.5, 0.875, 0.0}, quantiles_out, means, 1);
  for (int c = 0; c < cells; ++c) {
    const double scale = c + 1;
    REQUIRE(means[c] == 10 * scale / 5);
    REQUIRE(quantiles_out[0 * cells + c] == 1 * scale);    // position 1
    REQUIRE(quantiles_out[1 * cells + c] == 2 * scale);    // position 2
    REQUIRE(quantiles_out[2 * cells + c] == 3.5 * scale);  // half way from 3 to 4
    REQUIRE(quantiles_out[3 * cells + c] == 0);
  }
  for (int threads : {2, 3, 0}) {
    std::vector<double> q, m;
    summarize(data, 5, {0.25, 0.5, 0.875, 0.0}, q, m, threads);
    REQUIRE(q == quantiles_out);
    REQUIRE(m == means);
  }
}

TEST_CASE("a summary shared by several workers gives every cell its own quantiles and mean",
          "[replicates][summary]") {
  // Large enough that summarize() starts a worker per thread (it starts one
  // per some 64k values): 5 replicates of 2^19 cells, 2.6 million values.
  // Cell c of replicate r is {4, 1, 3, 0, 2}[r] * s + c with s = c % 97 + 1,
  // so it sorts to s {0, 1, 2, 3, 4} + c: the mean is 2 s + c, p25 s + c,
  // p50 2 s + c, p87.5 3.5 s + c and p0 c, all exact in binary.
  const std::vector<double> values = {4, 1, 3, 0, 2};
  const std::size_t cells = std::size_t{1} << 19;
  std::vector<double> data;
  data.reserve(values.size() * cells);
  for (double v : values)
    for (std::size_t c = 0; c < cells; ++c) data.push_back(v * double(c % 97 + 1) + double(c));
  for (int threads : {4, 3}) {
    INFO(threads << " threads");
    std::vector<double> q, mean;
    summarize(data, 5, {0.25, 0.5, 0.875, 0.0}, q, mean, threads);
    REQUIRE(mean.size() == cells);
    REQUIRE(q.size() == 4 * cells);
    std::size_t wrong = 0;  // counted, so that a broken worker reports once
    for (std::size_t c = 0; c < cells; ++c) {
      const double s = double(c % 97 + 1), base = double(c);
      wrong += mean[c] != 2 * s + base;
      wrong += q[0 * cells + c] != 1 * s + base;
      wrong += q[1 * cells + c] != 2 * s + base;
      wrong += q[2 * cells + c] != 3.5 * s + base;
      wrong += q[3 * cells + c] != base;
    }
    CHECK(wrong == 0);
  }
}

// The ranks of an MPI run send rank 0 each result as bytes (ranks.h): what
// arrives is what was run, every number and flag, into a buffer of any
// earlier shape; bytes cut short or run on are refused, not read.
TEST_CASE("a result with empty parts packs and unpacks: no flags, pipelines or recruits",
          "[replicates][mpi]") {
  // What a rank sends of a deterministic national run's system without
  // pipelines or flags: every list empty, so their data() may be null
  // (the sanitize preset catches a null given to memcpy).
  ReplicateResult sent;
  sent.replicate = 5;
  sent.monthly.months = 12;
  std::vector<char> bytes;
  pack(sent, bytes);
  ReplicateResult got;
  unpack(bytes, got);
  CHECK(got.replicate == 5);
  CHECK(got.monthly.months == 12);
  CHECK(got.monthly.monthly.empty());
  CHECK(got.monthly.international_arrived.empty());
  CHECK(got.annual.values.empty());
  CHECK(got.flags.empty());
  std::vector<char> again;
  pack(got, again);
  CHECK(again == bytes);
}

TEST_CASE("a replicate's result survives packing into bytes exactly", "[replicates][mpi]") {
  const Model m = uncertain_model();
  ReplicateResult sent;
  run_replicate(m, 3, true, sent);
  REQUIRE(!sent.flags.empty());
  std::vector<char> bytes;
  pack(sent, bytes);
  ReplicateResult got;
  Model small = tiny_model(2, 1);
  add_group(small, "other", 10);
  run_replicate(finalized(small), 0, false, got);  // another shape, to be replaced
  unpack(bytes, got);
  CHECK(got.replicate == 3);
  CHECK(got.monthly.months == sent.monthly.months);
  CHECK(got.monthly.groups == sent.monthly.groups);
  CHECK(got.monthly.bands == sent.monthly.bands);
  CHECK(got.monthly.pipelines == sent.monthly.pipelines);
  CHECK(got.monthly.international == sent.monthly.international);
  CHECK(got.monthly.monthly == sent.monthly.monthly);
  CHECK(got.monthly.headcount_by_age == sent.monthly.headcount_by_age);
  CHECK(got.monthly.in_training == sent.monthly.in_training);
  CHECK(got.monthly.pipeline_started == sent.monthly.pipeline_started);
  CHECK(got.monthly.pipeline_joined == sent.monthly.pipeline_joined);
  CHECK(got.monthly.international_arrived == sent.monthly.international_arrived);
  CHECK(got.annual.years == sent.annual.years);
  CHECK(got.annual.values == sent.annual.values);
  CHECK(got.annual.headcount_by_age == sent.annual.headcount_by_age);
  CHECK(got.annual.in_training == sent.annual.in_training);
  REQUIRE(got.flags.size() == sent.flags.size());
  for (std::size_t i = 0; i < sent.flags.size(); ++i) {
    CHECK(got.flags[i].year == sent.flags[i].year);
    CHECK(got.flags[i].group == sent.flags[i].group);
    CHECK(got.flags[i].kind == sent.flags[i].kind);
    CHECK(got.flags[i].value == sent.flags[i].value);
    CHECK(got.flags[i].severity == sent.flags[i].severity);
  }
  std::vector<char> again;
  pack(got, again);
  CHECK(again == bytes);

  const std::string damaged = "a replicate's result arrived damaged from another rank";
  std::vector<char> cut(bytes.begin(), bytes.end() - 1);
  CHECK_THROWS_WITH(unpack(cut, got), damaged);
  std::vector<char> longer = bytes;
  longer.push_back(0);
  CHECK_THROWS_WITH(unpack(longer, got), damaged);
  CHECK_THROWS_WITH(unpack(std::span<const char>(bytes.data(), 3), got), damaged);
}

// Outside mpirun there is one rank, and a run spread over ranks is the
// local run: every replicate consumed, here.
TEST_CASE("a run spread over the ranks of one process is the local run", "[replicates][mpi]") {
  const Model m = uncertain_model();
  std::vector<double> local(8), spread(8);
  run_replicates(m, 8, 2,
                 [&](const ReplicateResult& r) { local[r.replicate] = r.annual.at(0, 2, 0); });
  run_replicates(
      m, 8, 2, [&](const ReplicateResult& r) { spread[r.replicate] = r.annual.at(0, 2, 0); },
      Spread::ranks);
  CHECK(local == spread);
  CHECK(local[0] != local[1]);
}
