#pragma once
// Lever values: reading them from a model and writing them into a copy.
// A plan is [lever][plan year] volumes, in the order of Model::levers.

#include <vector>

#include "model/model.h"

namespace wfsim {

using LeverPlan = std::vector<PerYear>;

// The values the scenario itself gives each lever's target.
LeverPlan plan_values(const Model& model);
// Writes `values` into the targets of `model`'s levers. Flow volumes are
// inputs that finalize_model() does not derive from, so the model stays
// consistent without it.
void set_lever_values(Model& model, const LeverPlan& values);
// The per-year vector a lever's target names.
PerYear& lever_slot(Model& model, const Lever& lever);
const PerYear& lever_slot(const Model& model, const Lever& lever);

// A lever-year the solve may change: one column of the problem.
struct LeverYear {
  int lever = 0;
  int year = 0;
};
// Every lever in every plan year from `from_year`, lever by lever.
std::vector<LeverYear> lever_years(const Model& model, int from_year);

}  // namespace wfsim
