#pragma once
// What one replicate of a run produces: monthly values of every variable,
// and their annual roll-up. Plain contiguous arrays, sized once, so a
// replicate can reuse its buffers and writers can stream them.

#include <cstddef>
#include <vector>

#include "engine/variables.h"

namespace wfsim {

struct Model;

struct Trajectory {
  int months = 0, groups = 0, bands = 0, pipelines = 0;
  std::vector<double> monthly;           // [kMonthlyVarCount][months][groups]
  std::vector<double> headcount_by_age;  // [months][groups][bands]
  std::vector<double> in_training;       // [months][pipelines]
  // Per-flow arrivals, for reconciling claims on shared supply pools:
  std::vector<double> pipeline_started;       // [months][pipelines]: this month's intake
  std::vector<double> pipeline_joined;        // [months][pipelines]: completers who joined
  std::vector<double> international_arrived;  // [months][international flows]
  int international = 0;

  void resize(int months_, int groups_, int bands_, int pipelines_, int international_ = 0);
  void resize_for(const Model& model);

  double& at(Var v, int m, int g) { return monthly[(index_of(v) * months + m) * groups + g]; }
  double at(Var v, int m, int g) const { return monthly[(index_of(v) * months + m) * groups + g]; }
  // Contiguous [groups] row of one variable in one month.
  double* row(Var v, int m) { return &monthly[(index_of(v) * months + m) * groups]; }
  const double* row(Var v, int m) const { return &monthly[(index_of(v) * months + m) * groups]; }
};

struct AnnualTrajectory {
  int years = 0, groups = 0, bands = 0, pipelines = 0;
  std::vector<double> values;            // [kAnnualVarCount][years][groups]
  std::vector<double> headcount_by_age;  // [years][groups][bands], mean of month-ends
  std::vector<double> in_training;       // [years][pipelines], mean of month-ends

  double& at(std::size_t var, int y, int g) { return values[(var * years + y) * groups + g]; }
  double at(std::size_t var, int y, int g) const { return values[(var * years + y) * groups + g]; }
  // Sum over groups, for the system-wide "all".
  double total(std::size_t var, int y) const;
};

// Rolls months up to plan years as kAnnualVariables say (MODEL.md section 1).
void aggregate_years(const Trajectory& monthly, AnnualTrajectory& annual);

}  // namespace wfsim
