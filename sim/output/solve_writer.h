#pragma once
// The /solve group of `wfsim solve --h5` (docs/output.md): the solve's
// inputs, lever values, costs and shadow prices, over labelled dimensions
// (lever, year, staff_group), beside the run of the solved plan.

#include "model/model.h"
#include "output/hdf5_writer.h"
#include "solve/solve_plan.h"

namespace wfsim {

// Adds /solve to the file `writer` is writing (before commit()).
void write_solve_group(RunWriter& writer, const Model& model, const SolvedPlan& solved);

}  // namespace wfsim
