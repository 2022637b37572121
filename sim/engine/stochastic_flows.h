#pragma once
// Integer flows for Monte Carlo runs with `stochastic_flows = true`:
// binomial leavers, ageing, attrition, success and joining; Poisson
// arrivals and intakes. Stocks stay whole people, and no draw can take
// more people than a stock holds, so headcount is conserved exactly and
// never goes negative. Each draw comes from a KeyedGenerator of
// (replicate key, site, month), so it does not depend on any other draw.
//
// Flow stream version 2 (kFlowStreamVersion, written to every output
// file): inversion below Boost's own BTRD bound of m = 11 with
// f(0) = exp(n log1p(-p)) and a 53-bit uniform; version 1 (wfsim 0.1.0, and
// files without the attribute) switched at a mean of 12 and took (1-p)^n by
// repeated squaring, so the same seed gave slightly different draws.

#include <array>
#include <boost/random/binomial_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <cmath>
#include <cstring>

#include "engine/flows.h"
#include "engine/random.h"

namespace wfsim {

// Final, and the engine is instantiated on it (engine.h), so a draw is a
// direct, inlined call: the virtual interface serves tests and other
// policies only. One instance serves every replicate a thread runs
// (set_replicate), keeping its cache of log(1 - p).
class StochasticFlows final : public FlowDraws {
 public:
  // `replicate_key` is flow_key(seed, replicate).
  explicit StochasticFlows(std::uint64_t replicate_key) : key_(replicate_key) {}
  void set_replicate(std::uint64_t replicate_key) { key_ = replicate_key; }

  bool integer() const override { return true; }

  double binomial(std::uint64_t site, int month, double n, double p) override {
    if (!(n >= 0.5) || p <= 0) return 0.0;
    const auto trials = static_cast<long long>(n + 0.5);  // n is a whole number of people
    if (p >= 1) return static_cast<double>(trials);
    KeyedGenerator stream(key_, site, month);
    // Drawing the stayers instead keeps the mean of the draw small.
    if (p > 0.5) return static_cast<double>(trials - draw_binomial(stream, trials, 1 - p));
    return static_cast<double>(draw_binomial(stream, trials, p));
  }

  double poisson(std::uint64_t site, int month, double mean) override {
    if (!(mean > 0)) return 0.0;
    KeyedGenerator stream(key_, site, month);
    return static_cast<double>(
        boost::random::poisson_distribution<long long, double>(mean)(stream));
  }

 private:
  // Below m = floor((n + 1) p) = 11, the bound Boost.Random's
  // binomial_distribution itself uses, inversion: nearly all of a run's
  // draws (monthly leaving, ageing, attrition; in the example 7 in 10 have
  // a mean under 3) are there, and walking a few terms of the distribution
  // is cheaper than any rejection method's set-up. From it up, Boost's BTRD
  // (Hormann, 1993), O(1) whatever n p is. p is at most 0.5.
  long long draw_binomial(KeyedGenerator& stream, long long trials, double p) {
    if (std::floor((trials + 1) * p) < 11) return inversion(stream, trials, p);
    return boost::random::binomial_distribution<long long, double>(trials, p)(stream);
  }

  // BINV (Kachitvichyanukul and Schmeiser, 1988): walk the cumulative
  // distribution from 0 with the recurrence f(x) = f(x-1) (a/x - s), from
  // f(0) = (1 - p)^n = exp(n log(1 - p)).
  long long inversion(KeyedGenerator& stream, long long trials, double p) {
    const double n = static_cast<double>(trials);
    double u = uniform(stream);
    // Squeeze: (1 - p)^n >= 1 - n p (Bernoulli's inequality), so a uniform
    // below that, less a margin far wider than the rounding of exp(), draws
    // 0 exactly as the walk below would, without computing f(0). Most draws
    // of a small mean are 0, and so skip exp() and the walk.
    if (u < 1 - n * p - 1e-12) return 0;
    const double s = p / (1 - p);
    const double a = (n + 1) * s;
    const double start = std::exp(n * log_q(p));
    for (;;) {
      double f = start;
      long long x = 0;
      while (u > f) {
        u -= f;
        ++x;
        if (x > trials) break;  // rounding ran past the support: draw again
        f *= a / x - s;
      }
      if (x <= trials) return x;
      u = uniform(stream);
    }
  }

  // log1p(-p), remembered for the last few p: the same monthly
  // probabilities recur every month and every replicate. The value is
  // log1p's whether remembered or not, so the cache changes no draw.
  double log_q(double p) {
    std::uint64_t bits;
    std::memcpy(&bits, &p, sizeof bits);
    Cached& c = cache_[(bits ^ (bits >> 23) ^ (bits >> 41)) % cache_.size()];
    if (c.p != p) c = {p, std::log1p(-p)};
    return c.log_q;
  }

  // A uniform on [0, 1) from the top 53 bits: every value a multiple of
  // 2^-53, so the same on every platform.
  static double uniform(KeyedGenerator& stream) {
    return static_cast<double>(stream() >> 11) * 0x1.0p-53;
  }

  struct Cached {
    double p = -1, log_q = 0;
  };
  std::uint64_t key_;
  std::array<Cached, 512> cache_{};
};

}  // namespace wfsim
