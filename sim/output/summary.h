#pragma once
// The compact terminal summary of a run: per staff group and plan year,
// demand, effective supply, funded FTE and the gaps, then the flags.
// Fits a 100-column terminal.

#include <iosfwd>
#include <vector>

#include "engine/flags.h"
#include "engine/trajectory.h"

namespace wfsim {

struct Model;

void print_summary(std::ostream& os, const Model& model, const AnnualTrajectory& annual);
// `share`, for Monte Carlo runs: the share of replicates raising each flag.
void print_flags(std::ostream& os, const Model& model, const std::vector<Flag>& flags,
                 const std::vector<double>* share = nullptr);

}  // namespace wfsim
