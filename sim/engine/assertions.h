#pragma once
// [[assert]] entries evaluated over the replicates of a run, for
// `wfsim check` (SCENARIO.md).
//
// A metric assertion takes one annual variable for a group (or the sum over
// groups, "all") in a plan year, collects its value in every replicate and
// reduces them with its statistic (mean, min, max or the pNN quantile). A
// flag assertion takes the share of replicates that raised that flag kind
// for the group ("all": the whole-system flag) in the year; it has no
// statistic (the scenario layer refuses one). With year
// "any", every plan year is checked and the assertion fails if any year
// breaches; the figure reported is that of the worst year.

#include <optional>
#include <string>
#include <vector>

#include "engine/flags.h"
#include "engine/replicates.h"
#include "model/model.h"

namespace wfsim {

struct AssertionOutcome {
  const Assertion* assertion = nullptr;
  bool passed = true;
  double figure = 0;  // the statistic (a share, for a flag) in the reported year
  int year = 0;       // the plan year reported: the worst one for "any"
  std::string describe(const Model& model) const;  // one line for people
};

class AssertionSamples {
 public:
  AssertionSamples(const Model& model, int replicates);
  void add(const ReplicateResult& result);
  std::vector<AssertionOutcome> evaluate() const;

 private:
  const Model& model_;
  int replicates_;
  // [assertion][year][replicate]: the metric, or 1/0 for a flag raised.
  std::vector<std::vector<std::vector<double>>> samples_;
};

}  // namespace wfsim
