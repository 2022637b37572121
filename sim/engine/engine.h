#pragma once
// The monthly stock-flow simulation of one replicate (MODEL.md sections 1-7).
//
// The constructor turns the model into per-month tables (demand, monthly
// leaving probabilities); run() then steps through the months in the
// phases MODEL.md gives, touching only arrays sized in the constructor: it
// allocates nothing. An Engine holds a reference to its Model, which must
// outlive it; keep one Engine per thread and reuse it across replicates.

#include <Eigen/Core>
#include <vector>

#include "engine/draw_sites.h"
#include "engine/flows.h"
#include "engine/trajectory.h"
#include "model/model.h"

namespace wfsim {

class StochasticFlows;

// The skill-mix edges leaving each group, in file order: edges[start[g]]
// up to edges[start[g + 1]], so substitution visits each edge once.
struct EdgesByGroup {
  explicit EdgesByGroup(const Model& model);
  std::vector<int> start, edges;
};

class Engine {
 public:
  explicit Engine(const Model& model);

  // Recomputes the tables taken from the model's values (leaving
  // probabilities, demand), in place: a Monte Carlo worker calls it after
  // writing a replicate's sampled inputs into the model it was built on.
  // The model's shape (groups, bands, pipelines, ids) must not change.
  void refresh();

  // Runs every month and writes each variable's month-end value or monthly
  // total into `out`, which must have been sized with resize_for(model).
  // `flows` decides how expected flows become actual ones: ExpectedFlows
  // (the default) keeps them real-valued and deterministic.
  void run(Trajectory& out, FlowDraws& flows);
  void run(Trajectory& out, StochasticFlows& flows);  // the same, every draw a direct call
  void run(Trajectory& out);

  const Model& model() const { return model_; }

 private:
  // The phases are templates on the flow policy so that the deterministic
  // path (ExpectedFlows, final) is inlined and vectorised; they are
  // instantiated in engine.cpp for ExpectedFlows, StochasticFlows (final,
  // so its draws inline) and FlowDraws.
  template <class Flows>
  void simulate(Trajectory& out, Flows& flows);
  void start();
  template <class Flows>
  void leave_and_age(int m, Trajectory& out, Flows& flows);
  template <class Flows>
  void start_intakes(int m, Trajectory& out, Flows& flows);
  template <class Flows>
  void advance_pipelines(int m, Flows& flows);
  template <class Flows>
  void arrive(int m, Trajectory& out, Flows& flows);
  void account(int m, Trajectory& out);

  // Adds `people` to group g, spread over the bands by `profile`; a
  // stochastic split draws at `band_sites` ([band]) in month m.
  template <class Flows>
  void add_people(int g, double people, const std::vector<double>& profile,
                  const std::uint64_t* band_sites, int m, Flows& flows);
  double intake(const Pipeline& p, int m) const;  // expected intake in month m (m may be < 0)
  double committed_recruits(const InternationalFlow& f, int m) const;

  const Model& model_;
  int groups_, bands_;

  // State, [group * bands + band]: headcount, excluding employed trainees.
  Eigen::ArrayXd stock_;
  Eigen::ArrayXd survivors_;
  Eigen::ArrayXd group_start_;  // [group]: headcount at the start of the month
  // Pipelines: ring buffer of cohorts by intake month, [pipeline][duration].
  std::vector<std::vector<double>> cohorts_;
  std::vector<double> completers_;   // this month's, [pipeline]
  std::vector<int> rounding_order_;  // scratch for rounding the start to whole people

  // Precomputed from the model.
  Eigen::ArrayXXd leave_prob_;      // [group * bands + band, year]
  Eigen::ArrayXXd attrition_prob_;  // [pipeline, year]
  std::vector<double> age_share_;   // [band]: share of survivors moving up a band each month
  std::vector<double> demand_fte_;  // [month * groups + group]
  std::vector<double> volume_;      // scratch for the demand: [activity]
  EdgesByGroup skill_mix_out_;
  DrawSites sites_;  // where each integer-flow draw happens
};

// Demand per month and group, [month * groups + group] (MODEL.md section 5):
// activity volumes after shifts, hours with productivity, fixed
// establishments, then skill-mix substitution in topological order.
// Linear in groups, activities and edges for each month.
std::vector<double> compute_demand_fte(const Model& model);
// The same into `demand`, with `volume` as scratch: allocates nothing once
// both are sized.
void compute_demand_fte(const Model& model, const EdgesByGroup& edges, std::vector<double>& volume,
                        std::vector<double>& demand);

}  // namespace wfsim
