#pragma once
// The engine's response to each lever-year, by superposition.
//
// A deterministic run is affine in the lever volumes once the rates are
// fixed (MODEL.md sections 3-6: every flow is a rate times a stock or a
// volume, and the stocks evolve linearly). So one run at a point and one
// more per lever-year, each with that lever-year one unit higher, give the
// exact change per unit of every month's effective supply and substantive
// pay. The problem is built from these runs, never from a second copy of
// the model's equations, so the two cannot disagree.

#include <vector>

#include "model/model.h"
#include "solve/levers.h"

namespace wfsim {

struct Responses {
  int months = 0, groups = 0;
  std::vector<LeverYear> columns;
  LeverPlan point;  // the lever values of the base run
  // The base run, [month * groups + group].
  std::vector<double> effective_fte, demand_fte;
  std::vector<double> paid_gbp;  // pay less bank and agency: substantive and trainee pay
  std::vector<double> temporary_cost_gbp;
  // What one more unit of a column changes, where it changes anything.
  struct Entry {
    int cell = 0;  // month * groups + group
    double effective_fte = 0, paid_gbp = 0;
  };
  std::vector<std::vector<Entry>> by_column;
  int engine_runs = 0;

  int cell(int month, int group) const { return month * groups + group; }
};

// Runs the engine at `point` and at each column one unit up, on `threads`
// threads (0: every core). The result does not depend on the thread count.
Responses measure_responses(const Model& model, const LeverPlan& point, int from_year, int threads);

}  // namespace wfsim
