#pragma once
// The solved plan as a scenario file: it `extends` the input (by a path
// relative to where it is written) and sets each lever's per-year values,
// written so that they read back as the very same doubles. `wfsim run` on
// it reproduces the solve's figures.

#include <filesystem>
#include <string>

#include "model/model.h"
#include "solve/solve_plan.h"

namespace wfsim {

// `input`: the scenario solved, as named on the command line; `output`:
// where the text will be written (it anchors the relative `extends`).
std::string solved_scenario_text(const Model& model, const SolvedPlan& solved,
                                 const std::filesystem::path& input,
                                 const std::filesystem::path& output);

}  // namespace wfsim
