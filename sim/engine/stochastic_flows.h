#pragma once
// Integer flows for Monte Carlo runs with `stochastic_flows = true`:
// binomial leavers, ageing, attrition, success and joining; Poisson
// arrivals and intakes. Stocks stay whole people, and no draw can take
// more people than a stock holds, so headcount is conserved exactly and
// never goes negative.

#include <boost/random/binomial_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <cmath>

#include "engine/flows.h"
#include "engine/random.h"

namespace wfsim {

class StochasticFlows final : public FlowDraws {
 public:
  explicit StochasticFlows(RandomEngine stream) : stream_(stream) {}

  bool integer() const override { return true; }

  double binomial(double n, double p) override {
    const long long trials = std::llround(n);
    if (trials <= 0 || p <= 0) return 0.0;
    if (p >= 1) return static_cast<double>(trials);
    return static_cast<double>(boost::random::binomial_distribution<long long, double>(trials, p)(stream_));
  }

  double poisson(double mean) override {
    if (!(mean > 0)) return 0.0;
    return static_cast<double>(boost::random::poisson_distribution<long long, double>(mean)(stream_));
  }

 private:
  RandomEngine stream_;
};

}  // namespace wfsim
