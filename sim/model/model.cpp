#include "model/model.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/depth_first_search.hpp>
#include <boost/graph/topological_sort.hpp>
#include <cassert>
#include <cmath>

namespace wfsim {
namespace {

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
using Vertex = boost::graph_traits<Graph>::vertex_descriptor;
using Edge = boost::graph_traits<Graph>::edge_descriptor;

// prod_{k=1..y}(1 + sign * growth[k]) for every y, into `out` (element 0,
// the base year, is 1); in place, so a sized `out` is not reallocated.
void compound(const PerYear& growth, double sign, PerYear& out) {
  out.resize(growth.size());
  if (growth.empty()) return;
  out[0] = 1.0;
  for (std::size_t y = 1; y < growth.size(); ++y) out[y] = out[y - 1] * (1 + sign * growth[y]);
}

// Records the first back edge met by a depth-first search: it closes a cycle,
// which the predecessor chain then spells out.
struct CycleFinder : boost::default_dfs_visitor {
  std::vector<Vertex>* parent;
  std::vector<Vertex>* cycle;
  void tree_edge(Edge e, const Graph& g) const {
    (*parent)[boost::target(e, g)] = boost::source(e, g);
  }
  void back_edge(Edge e, const Graph& g) const {
    if (!cycle->empty()) return;
    Vertex from = boost::source(e, g), to = boost::target(e, g);
    for (Vertex v = from; v != to; v = (*parent)[v]) cycle->push_back(v);
    cycle->push_back(to);
    std::reverse(cycle->begin(), cycle->end());
  }
};

}  // namespace

Diagnostics order_skill_mix(Model& model) {
  Graph graph(model.groups.size());
  for (const auto& edge : model.skill_mix)
    if (edge.from >= 0 && edge.to >= 0) boost::add_edge(edge.from, edge.to, graph);

  std::vector<Vertex> parent(model.groups.size()), cycle;
  boost::depth_first_search(graph, boost::visitor(CycleFinder{{}, &parent, &cycle}));
  if (!cycle.empty()) {
    std::string names;
    for (Vertex v : cycle) names += model.groups[v].id + " -> ";
    names += model.groups[cycle.front()].id;
    // Point at an edge on the cycle so the user knows where to look.
    const SkillMixEdge* culprit = &model.skill_mix.front();
    for (const auto& edge : model.skill_mix)
      if (edge.from == static_cast<int>(cycle.back()) && edge.to == static_cast<int>(cycle.front()))
        culprit = &edge;
    return {Diagnostic{culprit->where, "skill_mix." + culprit->id,
                       "skill-mix edges form a cycle: " + names}};
  }
  std::vector<Vertex> reversed;
  boost::topological_sort(graph, std::back_inserter(reversed));
  model.skill_mix_order.assign(reversed.rbegin(), reversed.rend());
  return {};
}

double monthly_probability(double annual_rate) {
  return 1.0 - std::pow(1.0 - annual_rate, 1.0 / 12.0);
}

std::string Model::year_label(int y) const {
  int first = start_year + y;
  return fmt::format("{}/{:02d}", first, (first + 1) % 100);
}

Diagnostics derive_values(Model& model) {
  Diagnostics problems;
  // Per-year inputs with a default: a model built in code may leave them
  // empty (the scenario layer always fills them).
  auto or_default = [&](PerYear& values, double fallback) {
    if (values.empty()) values.assign(model.years, fallback);
    assert(values.size() == static_cast<std::size_t>(model.years));
  };
  for (auto& group : model.groups) or_default(group.productive_hours_per_fte, 1650);
  for (auto& pipeline : model.pipelines) or_default(pipeline.productive_share, 1);
  for (auto& edge : model.skill_mix) or_default(edge.ratio, 1);
  TemporaryStaffing& temporary = model.temporary_staffing;
  for (PerYear* values : {&temporary.max_cover, &temporary.bank_share, &temporary.bank_premium,
                          &temporary.agency_premium})
    or_default(*values, 0);

  for (auto& group : model.groups) {
    group.cost_per_fte_gbp.resize(model.years);
    double uplift_factor = 1.0;  // prod_{k=1..y}(1 + uplift[k])
    for (int y = 0; y < model.years; ++y) {
      if (y > 0) uplift_factor *= 1 + group.uplift[y];
      group.cost_per_fte_gbp[y] = group.basic_pay_gbp * (1 + group.on_cost) * uplift_factor;
    }

    group.funded_fte.assign(model.years, 0.0);
    group.budget_gbp.assign(model.years, 0.0);
    for (int y = 0; y < model.years; ++y) {
      double cost = group.cost_per_fte_gbp[y];
      if (group.funded_fte_input) group.funded_fte[y] = (*group.funded_fte_input)[y];
      if (group.pay_budget_gbp_input) group.budget_gbp[y] = (*group.pay_budget_gbp_input)[y];
      if (group.funded_fte_input && !group.pay_budget_gbp_input)
        group.budget_gbp[y] = group.funded_fte[y] * cost;
      if (group.pay_budget_gbp_input && !group.funded_fte_input) {
        if (cost > 0) {
          group.funded_fte[y] = group.budget_gbp[y] / cost;
        } else if (y == 0) {
          problems.push_back({group.where, "staff_group." + group.id + ".pay_budget_gbp",
                              "cannot derive funded_fte from a budget when the cost per FTE is 0"});
        }
      }
    }
  }

  for (auto& activity : model.activities) {
    if (activity.per_year) {
      activity.volume = *activity.per_year;
    } else {
      compound(activity.growth, +1, activity.volume);
      for (double& v : activity.volume) v *= activity.base;
    }
  }

  // One factor per group: compounded from the group's gain where
  // [productivity] gives one, else 1 in every year.
  model.productivity_factor.resize(model.groups.size());
  for (std::size_t g = 0; g < model.groups.size(); ++g) {
    if (g < model.productivity_gain.size())
      compound(model.productivity_gain[g], -1, model.productivity_factor[g]);
    else
      model.productivity_factor[g].assign(model.years, 1.0);
  }
  return problems;
}

// Inputs each within bounds can still multiply or compound past what a
// double holds, or past any workforce (docs/reliability.md): refused at
// the table that gave them, before a run prints inf or nan.
static Diagnostics check_derived_values(const Model& model) {
  Diagnostics problems;
  auto derived = [&](const SourceLocation& where, const std::string& key, const char* what,
                     const PerYear& values) {
    for (int y = 0; y < static_cast<int>(values.size()); ++y)
      if (!std::isfinite(values[y]) || std::abs(values[y]) > kMaxDerivedValue) {
        problems.push_back({where, key,
                            fmt::format("{} reaches {:g} in {}, beyond the limit of {:g} on "
                                        "derived values",
                                        what, values[y], model.year_label(y), kMaxDerivedValue)});
        return;
      }
  };
  for (const auto& group : model.groups) {
    const std::string key = "staff_group." + group.id;
    derived(group.where, key, "the cost per FTE (pay, on-costs and uplifts)",
            group.cost_per_fte_gbp);
    derived(group.where, key, "the pay budget", group.budget_gbp);
    derived(group.where, key, "the funded FTE", group.funded_fte);
  }
  for (const auto& activity : model.activities)
    derived(activity.where, "activity." + activity.id, "the volume after growth", activity.volume);
  for (std::size_t g = 0; g < model.productivity_factor.size() && g < model.groups.size(); ++g)
    derived(model.groups[g].where, "productivity.gain." + model.groups[g].id,
            "the productivity factor", model.productivity_factor[g]);
  return problems;
}

Diagnostics finalize_model(Model& model) {
  Diagnostics problems = derive_values(model);
  if (problems.empty()) problems = check_derived_values(model);
  auto cycle = order_skill_mix(model);
  problems.insert(problems.end(), cycle.begin(), cycle.end());
  return problems;
}

}  // namespace wfsim
