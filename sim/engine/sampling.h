#pragma once
// Monte Carlo parameter draws and sweep values, applied to a copy of the
// model (MODEL.md section 8, SCENARIO.md "Uncertainty and sweeps").

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "model/model.h"
#include "model/targets.h"

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

// What sample_model() does, into one model again and again: a Monte Carlo
// worker keeps a copy of the model and this sampler over it, so a
// replicate writes only the sampled inputs and re-derives values in place
// (derive_values), with no copy, no target parsing and no allocation.
// The targets are resolved once, here; the values they overwrite are kept
// so that every replicate starts from the planned ones.
class ParameterSampler {
 public:
  // `model` must be finalized and outlive the sampler, and its vectors
  // must not be resized while it lives (the slots point into them).
  explicit ParameterSampler(Model& model);
  // Writes replicate `replicate`'s draws into the model and re-derives it.
  void sample(std::uint64_t replicate);

 private:
  struct Target {
    const UncertainParameter* parameter;
    std::uint64_t stream;  // stream_id of the target, hashed once
    TargetSlots slots;
    std::vector<double> planned;  // the slots' values before any draw, in slot order
  };
  Model& model_;
  std::vector<Target> targets_;
};

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
