#pragma once
// Per-year inputs named "kind.id.key", as uncertainty parameters and
// sweeps name them (SCENARIO.md "Uncertainty and sweeps").
//
// A target resolves, on one Model, to the slots that hold its value in each
// plan year and the range a value must stay in. Sampling and sweeps write
// through these slots on a copy of the model and then call
// finalize_model(), so derived values follow.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/model.h"

namespace wfsim {

struct ValueRange {
  double low, high;
  bool low_open = false, high_open = false;  // (0, 1] for fte_per_head
  bool contains(double v) const {
    return (low_open ? v > low : v >= low) && (high_open ? v < high : v <= high);
  }
  // The nearest value inside the range (open ends are nudged inside).
  double clamp(double v) const;
};

struct TargetSlots {
  // [year]: every slot holding that year's value. A single value that
  // serves every year (a headcount, an activity's base) has one entry, so
  // a draw or a sweep writes it exactly once.
  std::vector<std::vector<double*>> by_year;
  ValueRange range;
  bool single = false;  // one value for the whole plan, not one per year
  // Whether the value is a rate or a share, drawn in [0, 1] (beta's support).
  bool is_share() const { return range.low >= 0 && range.high <= 1; }
};

// Every key a target may name, by kind ("staff_group" -> {"leaver_rate", ...}).
// "leaver_rate_by_age.<band>" stands for a key with a band id after it.
const std::vector<std::pair<std::string, std::vector<std::string>>>& target_keys();

// The slots of `target` in `model`, or nullopt when the kind, id or key is
// unknown or the element does not set that value. For
// staff_group.<id>.leaver_rate the slots are the bands that
// leaver_rate_by_age does not override; staff_group.<id>.leaver_rate_by_age.<band>
// is one band it does override. productivity.gain is the gain of every
// group that [productivity] gain covers (nullopt when none);
// productivity.gain.<group> that group's own.
std::optional<TargetSlots> resolve_target(Model& model, std::string_view target);

}  // namespace wfsim
