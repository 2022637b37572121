#pragma once
// Monte Carlo parameter draws and sweep values, applied to a copy of the
// model (MODEL.md section 8, SCENARIO.md "Uncertainty and sweeps").

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "model/model.h"

namespace wfsim {

// The model of replicate `replicate`: every [[uncertainty.parameter]] drawn
// from its own stream of (seed, replicate, target), written into a copy of
// `base`, which is then finalized. normal, uniform, triangular and beta
// draws replace the value (normal is truncated to the value's range by
// redrawing); lognormal draws a multiplier on the value (on a swept value,
// the swept one). One draw serves every plan year unless per_year is set;
// a single-value target (a headcount, an activity's base) gets one draw,
// applied once.
Model sample_model(const Model& base, std::uint64_t replicate);

// A sweep variant: each (target, value) sets that input to `value` in
// every plan year.
using SweepPoint = std::vector<std::pair<std::string, double>>;
void apply_sweep_point(Model& model, const SweepPoint& point);
// A copy of `base` with the point applied, finalized.
Model variant_model(const Model& base, const SweepPoint& point);
// "target = value, target = value": how output and reports name a variant.
std::string sweep_label(const SweepPoint& point);

// The cross product of the model's sweeps, first sweep outermost; one
// empty point when there are none.
std::vector<SweepPoint> sweep_points(const Model& model);

}  // namespace wfsim
