#pragma once
// Integer flows for Monte Carlo runs with `stochastic_flows = true`:
// binomial leavers, ageing, attrition, success and joining; Poisson
// arrivals and intakes. Stocks stay whole people, and no draw can take
// more people than a stock holds, so headcount is conserved exactly and
// never goes negative. Each draw comes from a KeyedGenerator of
// (replicate key, site, month), so it does not depend on any other draw.

#include <array>
#include <boost/random/binomial_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <cmath>
#include <cstring>

#include "engine/flows.h"
#include "engine/random.h"

namespace wfsim {

class StochasticFlows final : public FlowDraws {
 public:
  // `replicate_key` is flow_key(seed, replicate).
  explicit StochasticFlows(std::uint64_t replicate_key) : key_(replicate_key) {}

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
  static constexpr double kInversionMean = 12;

  // Small means, most of a run's draws (monthly leaving, ageing,
  // attrition): inversion, cheap with log(1 - p) cached. Large means:
  // Boost's BTRD. p is at most 0.5.
  long long draw_binomial(KeyedGenerator& stream, long long trials, double p) {
    if (trials * p < kInversionMean) return inversion(stream, trials, p);
    return boost::random::binomial_distribution<long long, double>(trials, p)(stream);
  }

  // BINV (Kachitvichyanukul and Schmeiser, 1988): walk the cumulative
  // distribution from 0 with the recurrence f(x) = f(x-1) (a/x - s).
  long long inversion(KeyedGenerator& stream, long long trials, double p) {
    const double s = p / (1 - p);
    const double a = (trials + 1) * s;
    const double start = power_of_q(trials, p);  // f(0) = (1 - p)^n
    for (;;) {
      double u = uniform_(stream), f = start;
      long long x = 0;
      while (u > f) {
        u -= f;
        ++x;
        if (x > trials) break;  // rounding ran past the support: draw again
        f *= a / x - s;
      }
      if (x <= trials) return x;
    }
  }

  // (1 - p)^n from the binary powers (1 - p)^(2^k), remembered for the last
  // few p: the same monthly probabilities recur every month, and a handful
  // of multiplications is far cheaper than exp() on every draw.
  double power_of_q(long long n, double p) {
    if (n >= (1LL << kPowers)) return std::exp(n * std::log1p(-p));
    std::uint64_t bits;
    std::memcpy(&bits, &p, sizeof bits);
    Cached& c = cache_[(bits ^ (bits >> 29)) % cache_.size()];
    if (c.p != p) {
      c.p = p;
      c.powers[0] = 1 - p;
      for (int k = 1; k < kPowers; ++k) c.powers[k] = c.powers[k - 1] * c.powers[k - 1];
    }
    double result = 1;
    for (int k = 0; n > 0; ++k, n >>= 1)
      if (n & 1) result *= c.powers[k];
    return result;
  }

  static constexpr int kPowers = 24;  // stocks below 16.7 million people
  struct Cached {
    double p = -1;
    std::array<double, kPowers> powers{};
  };
  std::uint64_t key_;
  boost::random::uniform_01<double> uniform_;
  std::array<Cached, 64> cache_{};
};

}  // namespace wfsim
