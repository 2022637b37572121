#pragma once
// How the engine turns an expected flow into the flow that happens.
//
// A deterministic run keeps every flow at its expectation (real-valued
// headcount). A Monte Carlo run with stochastic flows draws integers
// instead: binomial for a share of a stock (leavers, ageing, attrition,
// success), Poisson for an arriving volume. The engine asks through this
// interface only, so one monthly step serves both.
//
// Every draw names where it happens: `site` (from draw_site(), fixed by the
// ids of the flow and band) and the month. A stochastic implementation
// must derive the draw from these and its replicate alone, never from the
// draws before it, so that common random numbers hold (random.h).

#include <cstdint>

namespace wfsim {

class FlowDraws {
 public:
  virtual ~FlowDraws() = default;
  // Whether flows are whole people (and so stocks stay integers).
  virtual bool integer() const = 0;
  // Of `n` people each moving with probability p, how many move.
  virtual double binomial(std::uint64_t site, int month, double n, double p) = 0;
  // How many arrive of a volume whose expectation is `mean`.
  virtual double poisson(std::uint64_t site, int month, double mean) = 0;
};

class ExpectedFlows final : public FlowDraws {
 public:
  bool integer() const override { return false; }
  double binomial(std::uint64_t, int, double n, double p) override { return n * p; }
  double poisson(std::uint64_t, int, double mean) override { return mean; }
};

}  // namespace wfsim
