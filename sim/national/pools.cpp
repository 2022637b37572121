#include "national/pools.h"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/edmonds_karp_max_flow.hpp>
#include <cassert>
#include <cmath>

namespace wfsim {
namespace {

using Traits = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;
using FlowGraph = boost::adjacency_list<
    boost::vecS, boost::vecS, boost::directedS, boost::no_property,
    boost::property<
        boost::edge_capacity_t, double,
        boost::property<boost::edge_residual_capacity_t, double,
                        boost::property<boost::edge_reverse_t, Traits::edge_descriptor>>>>;
using EdgeId = boost::graph_traits<FlowGraph>::edge_descriptor;

// Adds an edge and its zero-capacity reverse, as the max-flow algorithms need.
EdgeId add_arc(FlowGraph& g, std::size_t from, std::size_t to, double capacity) {
  auto capacity_of = boost::get(boost::edge_capacity, g);
  auto reverse_of = boost::get(boost::edge_reverse, g);
  EdgeId e = boost::add_edge(from, to, g).first;
  EdgeId r = boost::add_edge(to, from, g).first;
  capacity_of[e] = capacity;
  capacity_of[r] = 0;
  reverse_of[e] = r;
  reverse_of[r] = e;
  return e;
}

}  // namespace

std::vector<double> share_out(double amount, const std::vector<double>& caps,
                              const std::vector<double>& weights) {
  const std::size_t n = caps.size();
  std::vector<double> out(n, 0.0);
  std::vector<bool> full(n, false);
  // Water-filling: each round either places everything or fills at least
  // one claimant, so n + 1 rounds suffice.
  auto fill = [&](const std::vector<double>& by) {
    for (std::size_t round = 0; round <= n && amount > 1e-12; ++round) {
      double total_weight = 0;
      for (std::size_t i = 0; i < n; ++i)
        if (!full[i]) total_weight += std::max(0.0, by[i]);
      if (total_weight <= 0) return;
      double placed = 0;
      for (std::size_t i = 0; i < n; ++i) {
        if (full[i]) continue;
        const double share = amount * std::max(0.0, by[i]) / total_weight;
        const double room = caps[i] - out[i];
        const double take = std::min(share, room);
        out[i] += take;
        placed += take;
        if (share >= room) full[i] = true;
      }
      amount -= placed;
    }
  };
  fill(weights);
  // What the weights cannot place (every claimant with a weight is capped,
  // the others have none) goes to those with room, pro rata to their caps:
  // a pool is never left unused while a claim on it is unmet.
  fill(caps);
  return out;
}

PoolAllocation allocate_pools(const std::vector<std::vector<double>>& volumes,
                              const std::vector<PoolClaim>& claims, AllocationRule rule) {
  const std::size_t pools = volumes.size();
  const std::size_t years = pools ? volumes[0].size() : 0;
  int systems = 0;
  for (const auto& c : claims) systems = std::max(systems, c.system + 1);

  PoolAllocation result;
  result.allocated.assign(claims.size(), std::vector<double>(years, 0.0));
  result.total_claimed.assign(pools, std::vector<double>(years, 0.0));
  result.delivered.assign(pools, std::vector<double>(years, 0.0));
  result.overclaim.assign(pools, std::vector<double>(years, 0.0));
  result.max_flow.assign(years, 0.0);

  // Vertices: 0 source, 1 sink, then pools, then systems.
  const std::size_t source = 0, sink = 1, first_pool = 2, first_system = 2 + pools;
  for (std::size_t y = 0; y < years; ++y) {
    FlowGraph graph(first_system + systems);
    std::vector<EdgeId> pool_arcs;
    for (std::size_t p = 0; p < pools; ++p)
      pool_arcs.push_back(add_arc(graph, source, first_pool + p, volumes[p][y]));
    for (const auto& c : claims)
      add_arc(graph, first_pool + c.pool, first_system + c.system, c.claimed[y]);
    // A system can take whatever reaches it: any bound above the total volume.
    double unbounded = 1;
    for (const auto& volume : volumes) unbounded += volume[y];
    for (int s = 0; s < systems; ++s) add_arc(graph, first_system + s, sink, unbounded);
    result.max_flow[y] = boost::edmonds_karp_max_flow(graph, source, sink);

    auto capacity = boost::get(boost::edge_capacity, graph);
    auto residual = boost::get(boost::edge_residual_capacity, graph);
    for (std::size_t p = 0; p < pools; ++p) {
      const double delivered = capacity[pool_arcs[p]] - residual[pool_arcs[p]];
      std::vector<std::size_t> members;
      std::vector<double> caps, weights;
      for (std::size_t i = 0; i < claims.size(); ++i) {
        if (claims[i].pool != static_cast<int>(p)) continue;
        members.push_back(i);
        caps.push_back(claims[i].claimed[y]);
        weights.push_back(rule == AllocationRule::pro_rata ? claims[i].claimed[y]
                                                           : claims[i].weight[y]);
        result.total_claimed[p][y] += claims[i].claimed[y];
      }
      result.delivered[p][y] = delivered;
      result.overclaim[p][y] = std::max(0.0, result.total_claimed[p][y] - volumes[p][y]);
      const auto shares = share_out(delivered, caps, weights);
      // The rule splits the flow; it never creates or loses any of it.
      [[maybe_unused]] double placed = 0;
      for (double v : shares) placed += v;
      assert(std::abs(placed - delivered) <= 1e-9 * std::max(1.0, delivered));
      for (std::size_t k = 0; k < members.size(); ++k) result.allocated[members[k]][y] = shares[k];
    }
  }
  return result;
}

}  // namespace wfsim
