#pragma once
// What `wfsim solve` is asked ([solve] and [[lever]], docs/solve.md): the
// levers the system controls, their bounds and unit costs, and what the
// least-cost plan must achieve. Read and checked by the scenario layer;
// other commands carry it and ignore it.

#include <string>
#include <vector>

#include "model/diagnostic.h"

namespace wfsim {

using PerYear = std::vector<double>;

enum class SolveObjective {
  cost,  // least total cost that meets every target
  gap,   // least total shortfall (FTE-years) within the budget
};

// A per-year volume the system controls.
enum class LeverKind {
  international,  // international.<id>.per_year: recruits committed
  pipeline,       // pipeline.<id>.intake_per_year: trainees started
  joiners,        // joiners.<id>.per_year: domestic joiners
};

struct Lever {
  std::string target;  // as written, "international.nurse_ir.per_year"
  SourceLocation where;
  LeverKind kind = LeverKind::international;
  int index = -1;       // into Model::international, pipelines or joiners
  PerYear min, max;     // [years], min <= max; the solved value lies between
  double cost_gbp = 0;  // per unit, counted in the plan year it is committed
  bool integer = false;
};

struct SolveSettings {
  SolveObjective objective = SolveObjective::cost;
  int from_year = 1;  // first plan year the levers may change (index)
  // workforce_gap_fte <= share * demand_fte; empty: each group's tolerance.
  bool max_gap_share_given = false;
  double max_gap_share = 0;
  bool within_budget = false;  // the "gap" objective always applies the budget
  SourceLocation where;        // the [solve] table, or the file when absent
};

}  // namespace wfsim
