// The binomial sampler of stochastic flows (flow stream version 2) and the
// reusable replicate runner (docs/model.md section 7).

#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "engine/engine.h"
#include "engine/random.h"
#include "engine/replicates.h"
#include "engine/sampling.h"
#include "engine/statistics.h"
#include "engine/stochastic_flows.h"
#include "model_fixture.h"

using namespace wfsim;
using namespace wfsim::testing;

namespace {

struct Sample {
  double mean = 0, variance = 0, zeros = 0;  // zeros: the share of draws that are 0
};

// `count` draws of Binomial(n, p), one per site, as the engine makes them.
Sample binomial_sample(double n, double p, int count) {
  StochasticFlows flows(flow_key(20190627, 3));
  std::vector<double> xs;
  for (int i = 0; i < count; ++i)
    xs.push_back(flows.binomial(draw_site("test", "site", std::to_string(i)), i % 60, n, p));
  Sample s;
  for (double x : xs) {
    s.mean += x;
    s.zeros += x == 0;
  }
  s.mean /= count;
  s.zeros /= count;
  for (double x : xs) s.variance += (x - s.mean) * (x - s.mean);
  s.variance /= count - 1;
  return s;
}

}  // namespace

TEST_CASE("binomial flows have the binomial's mean, variance and chance of none",
          "[replicates][flows]") {
  // Each regime of the sampler: the squeeze (n p < 1), inversion (m < 11),
  // BTRD (m >= 11) and, for p > 0.5, the stayers drawn instead. With N
  // draws the sample mean has standard error sqrt(n p q / N); the variance,
  // about n p q sqrt(2 / N) for these near-normal counts; the share of
  // zeros, sqrt(f0 (1 - f0) / N) with f0 = q^n. Each bound is 5 of them,
  // so a correct sampler fails one in millions of seeds, while an error in
  // f(0), the recurrence or the switch moves a moment by far more.
  const int count = 40000;
  struct Case {
    double n, p;
  };
  for (Case c :
       {Case{10, 0.01}, Case{40, 0.01}, Case{300, 0.002}, Case{120, 0.03}, Case{1945, 0.0049},
        Case{2000, 0.0074}, Case{6000, 0.01}, Case{100, 0.3}, Case{50, 0.9}}) {
    INFO("n = " << c.n << ", p = " << c.p);
    const Sample s = binomial_sample(c.n, c.p, count);
    const double mean = c.n * c.p, variance = c.n * c.p * (1 - c.p);
    CHECK(std::abs(s.mean - mean) < 5 * std::sqrt(variance / count));
    CHECK(std::abs(s.variance - variance) < 5 * variance * std::sqrt(2.0 / count) + 0.01);
    const double f0 = std::pow(1 - c.p, c.n);
    CHECK(std::abs(s.zeros - f0) < 5 * std::sqrt(f0 * (1 - f0) / count) + 1e-9);
  }
}

TEST_CASE("a binomial flow draw depends on its site and month alone", "[replicates][flows]") {
  // The log(1 - p) cache and the replicate key of a reused policy must not
  // leak from one draw into another: the same draw, made first or after
  // thousands of others with other p, is the same number.
  const std::uint64_t key = flow_key(5, 1), site = draw_site("leavers", "nurse", "under_35");
  StochasticFlows fresh(key);
  const double first = fresh.binomial(site, 7, 1200, 0.004);
  StochasticFlows used(flow_key(5, 2));
  for (int i = 0; i < 5000; ++i)
    used.binomial(static_cast<std::uint64_t>(i), i % 60, 300, 1e-4 * i);
  used.set_replicate(key);
  REQUIRE(used.binomial(site, 7, 1200, 0.004) == first);
  // ...and another month or site is another draw (these differ for this seed).
  REQUIRE(fresh.binomial(site, 8, 1200, 0.004) != first);
}

TEST_CASE("the flow stream version is 2", "[replicates][flows]") {
  // Raised with the sampler of this version (docs/model.md): files record it.
  REQUIRE(kFlowStreamVersion == 2);
}

TEST_CASE("a reused replicate runner gives each replicate's numbers as a fresh one does",
          "[replicates][flows]") {
  // The runner writes sampled inputs into its own copy of the model and
  // refreshes its engine in place; running replicate 3 after 0, 1 and 2
  // must give what a copy made by sample_model() and a new Engine give.
  Model m = tiny_model(3, 2);
  m.seed = 11;
  int nurse = add_group(m, "nurse", 900);
  int hcsw = add_group(m, "hcsw", 400);
  set_leaver_rate(m, nurse, 0.11);
  set_leaver_rate(m, hcsw, 0.15);
  m.groups[nurse].basic_pay_gbp = 30000;
  Pipeline p = apprenticeship(m, "apprentice", hcsw, nurse, 24, 24);
  p.attrition_rate = flat(m, 0.1);
  p.joining_rate = flat(m, 0.9);
  m.pipelines.push_back(p);
  m.uncertainty.push_back(
      {"staff_group.nurse.leaver_rate", {}, Distribution::lognormal, 1.0, 0.2, 0, true});
  m.uncertainty.push_back(
      {"pipeline.apprentice.intake_per_year", {}, Distribution::uniform, 10, 40, 0, false});
  m.stochastic_flows = true;
  m = finalized(m);

  ReplicateRunner runner(m, true);
  ReplicateResult reused;
  for (int i = 0; i <= 3; ++i) runner.run(i, reused);

  const Model sampled = sample_model(m, 3);
  Engine engine(sampled);
  Trajectory fresh;
  fresh.resize_for(sampled);
  StochasticFlows flows(flow_key(m.seed, 3));
  engine.run(fresh, flows);
  REQUIRE(reused.replicate == 3);
  REQUIRE(reused.monthly.monthly == fresh.monthly);
  REQUIRE(reused.monthly.pipeline_started == fresh.pipeline_started);
  // The lognormal multiplies the planned rate, not replicate 2's draw.
  REQUIRE(sampled.groups[nurse].leaver_rate != m.groups[nurse].leaver_rate);
  REQUIRE(sample_model(m, 3).groups[nurse].leaver_rate == sampled.groups[nurse].leaver_rate);
}

TEST_CASE("summaries shared among threads equal the one-thread summaries, small data too",
          "[replicates][summary]") {
  // A small values_per_thread sends 7 replicates of 300 cells down the
  // shared path (several workers, each its own run of tiles), which the
  // default keeps for large runs only; the numbers must not change.
  const int replicates = 7, cells = 300;
  std::vector<double> data(replicates * cells);
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<double>((i * 7919) % 1009);
  const std::vector<double> quantiles{0.05, 0.5, 0.95};
  std::vector<double> q1, m1;
  summarize(data, replicates, quantiles, q1, m1, 1);
  for (int threads : {2, 3}) {
    std::vector<double> q, m;
    summarize(data, replicates, quantiles, q, m, threads, 64);
    REQUIRE(q == q1);
    REQUIRE(m == m1);
  }
  // Cell 0 by hand: replicates hold (7919 r cells) mod 1009 for r = 0..6.
  double sum = 0;
  for (int r = 0; r < replicates; ++r) sum += static_cast<double>((r * cells * 7919) % 1009);
  REQUIRE(m1[0] == Approx(sum / replicates));
}
