#pragma once
// `wfsim solve`: the least-cost lever values that meet every target (or
// the least shortfall the budget allows), checked against the engine.
//
// The problem is built from the engine's responses at a point (first the
// plan itself), solved, and the engine is run on the answer. When the
// model is affine in the levers, as it is unless an internal training
// route takes trainees from a group whose age bands leave at different
// rates, the run equals the prediction and one pass is enough; otherwise
// the responses are measured again at the answer, a few times at most.
// A plan whose run does not equal its prediction to 1e-6 is never
// returned: that is a bug, reported as an exception.

#include <stdexcept>
#include <string>
#include <vector>

#include "engine/trajectory.h"
#include "model/model.h"
#include "solve/levers.h"

namespace wfsim {

struct SolveRunOptions {
  int threads = 0;  // for the engine runs of superposition; 0: every core
};

// What one more FTE of demand in a group-year costs (GBP per FTE; for the
// "gap" objective, FTE-years of shortfall per FTE).
struct TargetPrice {
  int group = 0, year = 0;
  double value = 0;
};
// What one more GBP of budget in a year saves (GBP, or FTE-years, per GBP).
struct BudgetPrice {
  int year = 0;
  double value = 0;
};
// A lever-year held at a bound: what one unit past it would save.
struct BoundPrice {
  int lever = 0, year = 0;
  bool at_max = true;
  double value = 0;  // objective units per unit of the lever, > 0: a saving
};
// A target the plan cannot meet: FTE above the allowed gap.
struct Shortfall {
  int group = 0, year = 0;
  double fte = 0;
};

struct SolvedPlan {
  bool feasible = true;
  LeverPlan levers;  // solved values, [lever][year]; the plan's before from_year
  LeverPlan plan;    // the scenario's own values
  // Predicted annual values, [year * groups + group].
  std::vector<double> demand_fte, gap_fte, allowed_gap_fte, pay_gbp;
  std::vector<double> lever_cost_gbp;  // [year]
  double total_cost_gbp = 0;           // pay and levers from from_year
  double total_shortfall_fte = 0;      // FTE-years above the allowed gaps
  // The scenario's own plan, run by the engine.
  std::vector<double> plan_gap_fte, plan_pay_gbp, plan_lever_cost_gbp;
  double plan_total_cost_gbp = 0;

  std::vector<TargetPrice> target_prices;  // binding targets
  std::vector<BudgetPrice> budget_prices;  // binding budgets
  std::vector<BoundPrice> bound_prices;    // binding lever bounds
  bool prices_in_fte = false;              // shortfall units ("gap" or closest plan)
  // Infeasible: what the targets miss with every lever at its maximum
  // (empty when each can be met alone but not all together), and what
  // the closest plan leaves.
  std::vector<Shortfall> short_at_max, short_left;

  int rows = 0, columns = 0, integer_columns = 0, binary_columns = 0;
  int engine_runs = 0, linearisations = 0;
  double solver_seconds = 0;
  double verified_error = 0;  // largest relative difference, engine against prediction
  bool budget_applied = false;
};

// No lever values keep pay within the budget, whatever the shortfall: an
// answer about the input, not a failure of the solve.
struct BudgetInfeasible : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Throws BudgetInfeasible as above, std::runtime_error when COIN-OR fails,
// and std::logic_error when the engine's run does not equal the prediction.
SolvedPlan solve_plan(const Model& model, const SolveRunOptions& options = {});

// Compares a run of the solved plan with its prediction: the largest
// relative difference of gap (relative to demand), pay and total cost,
// and the first target or budget it breaks, in words (empty: none).
double verification_error(const Model& model, const SolvedPlan& solved, const AnnualTrajectory& run,
                          std::string& broken);

inline constexpr double kVerifyTolerance = 1e-6;

}  // namespace wfsim
