#pragma once
// Shared supply pools (newly qualified nurses by field, international
// recruits the country can bring in, apprenticeship places): what systems
// claim from a pool against what it holds, and how the pool is shared out.
//
// Each plan year is one flow network: source -> pool (capacity: the pool's
// volume) -> system (capacity: the system's claim on that pool) -> sink.
// Its maximum flow (Boost.Graph, Edmonds-Karp: exact for real-valued
// capacities, where push-relabel asserts on rounding) is what can be delivered
// from each pool: all the claims when they fit, the whole pool when they
// over-claim it. That flow is then shared among the pool's claimants pro
// rata to their claims, or to their unmet demand (never above a claim).

#include <string>
#include <vector>

namespace wfsim {

enum class AllocationRule { pro_rata, unmet_demand };

struct PoolClaim {
  int pool = 0;
  int system = 0;
  std::vector<double> claimed;  // [year], people
  std::vector<double> weight;   // [year], unmet demand (FTE) for AllocationRule::unmet_demand
};

struct PoolAllocation {
  std::vector<std::vector<double>> allocated;      // [claim][year]
  std::vector<std::vector<double>> total_claimed;  // [pool][year]
  std::vector<std::vector<double>> delivered;      // [pool][year]: the pool's flow
  std::vector<std::vector<double>>
      overclaim;                 // [pool][year]: total_claimed - volume, when positive
  std::vector<double> max_flow;  // [year], over all pools
};

// volumes: [pool][year]. Claims may name a (pool, system) pair once only.
PoolAllocation allocate_pools(const std::vector<std::vector<double>>& volumes,
                              const std::vector<PoolClaim>& claims, AllocationRule rule);

// Shares `amount` (at most the sum of the caps) among claimants in
// proportion to `weights`, none getting more than its cap; what a capped
// claimant cannot take goes to the others (water-filling). What the
// weights cannot place, as when only claimants of weight 0 have room left,
// is then shared pro rata to the caps, so the whole amount is placed.
std::vector<double> share_out(double amount, const std::vector<double>& caps,
                              const std::vector<double>& weights);

}  // namespace wfsim
