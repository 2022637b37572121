#pragma once
// How the engine turns an expected flow into the flow that happens.
//
// A deterministic run keeps every flow at its expectation (real-valued
// headcount). A Monte Carlo run with stochastic flows draws integers
// instead: binomial for a share of a stock (leavers, ageing, attrition,
// success), Poisson for an arriving volume. The engine asks through this
// interface only, so one monthly step serves both.

namespace wfsim {

class FlowDraws {
 public:
  virtual ~FlowDraws() = default;
  // Whether flows are whole people (and so stocks stay integers).
  virtual bool integer() const = 0;
  // Of `n` people each moving with probability p, how many move.
  virtual double binomial(double n, double p) = 0;
  // How many arrive of a volume whose expectation is `mean`.
  virtual double poisson(double mean) = 0;
};

class ExpectedFlows final : public FlowDraws {
 public:
  bool integer() const override { return false; }
  double binomial(double n, double p) override { return n * p; }
  double poisson(double mean) override { return mean; }
};

}  // namespace wfsim
