#pragma once
// What `wfsim solve` prints: within 100 columns, the lever values by year
// beside the plan's, cost by year against the plan's, the gaps left, and
// what binds with its shadow price (docs/solve.md).

#include <iosfwd>
#include <string>

#include "model/model.h"
#include "solve/solve_plan.h"

namespace wfsim {

void print_solve_report(std::ostream& out, const Model& model, const SolvedPlan& solved);

// The infeasibility lines, "nurse_mh 2021/22: 42.3 FTE short with every
// lever at max", one per target that cannot be met.
void print_infeasible(std::ostream& out, const Model& model, const SolvedPlan& solved);

// "GBP 61,400": whole pounds with thousands separated.
std::string gbp(double value);

}  // namespace wfsim
