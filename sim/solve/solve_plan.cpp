#include "solve/solve_plan.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "engine/replicates.h"
#include "engine/variables.h"
#include "solve/plan_problem.h"
#include "solve/responses.h"

namespace wfsim {
namespace {

// Measuring the responses again at the answer converges in one or two
// passes when an internal route makes the model slightly non-affine.
constexpr int kMaxPasses = 4;
// Duals and reduced costs below this are no price at all.
constexpr double kPriceFloor = 1e-7;

AnnualTrajectory run_with(const Model& model, const LeverPlan& levers) {
  Model copy = model;
  set_lever_values(copy, levers);
  ReplicateResult result;
  run_replicate(copy, 0, false, result);
  return std::move(result.annual);
}

double annual(const AnnualTrajectory& a, Var v, int y, int g) {
  return a.at(index_of(v), y, g);
}

// The solve prices cover itself (plan_problem.h); the engine must agree.
void check_cover_pricing(const Model& model, const Responses& r) {
  for (int m = 0; m < r.months; ++m)
    for (int g = 0; g < r.groups; ++g) {
      const int cell = r.cell(m, g);
      const double mine = cover_fte(model, r.demand_fte[cell], r.effective_fte[cell]) *
                          cover_price_gbp(model, g, m / 12);
      const double engine = r.temporary_cost_gbp[cell];
      if (std::abs(mine - engine) > 1e-9 * std::max(1.0, std::abs(engine)))
        throw std::logic_error(fmt::format(
            "solve: bank and agency cost of {} in month {} is GBP {} in the engine but GBP {} in "
            "the solve",
            model.groups[g].id, m, engine, mine));
    }
}

struct Attempt {
  bool feasible = true;
  std::vector<double> x;  // lever columns
  LinearSolution priced;  // the solve whose duals are reported
  PlanProblem problem;    // the problem `priced` solved
  bool prices_in_fte = false;
  int rows = 0, columns = 0, integers = 0, binaries = 0;
  double seconds = 0;
};

LinearSolution must_solve(const LinearProblem& lp, double& seconds) {
  LinearSolution s = solve_linear(lp);
  seconds += s.seconds;
  if (s.status == LinearSolution::Status::failed)
    throw std::runtime_error("solve: COIN-OR did not reach an optimum");
  return s;
}

// Least shortfall, then least cost at that shortfall.
void least_shortfall(const Model& model, const Responses& r, bool budget, Attempt& a) {
  PlanProblem p = build_plan_problem(model, r, {true, budget});
  p.use_objective(true);
  LinearSolution first = must_solve(p.lp, a.seconds);
  if (first.status == LinearSolution::Status::infeasible)
    throw BudgetInfeasible(
        "the pay budget cannot be met by any lever values, whatever the shortfall");
  PlanProblem second = p;
  const int row = second.lp.add_row(-kUnbounded, first.objective * (1 + 1e-9) + 1e-7);
  for (int u : second.shortfall_col)
    if (u >= 0) second.lp.add(row, u, 1);
  second.use_objective(false);
  LinearSolution last = must_solve(second.lp, a.seconds);
  if (last.status != LinearSolution::Status::optimal)
    throw std::logic_error("solve: the least shortfall has no least-cost plan");
  a.x.assign(last.x.begin(), last.x.begin() + p.lever_columns);
  a.rows = second.lp.rows();
  a.columns = second.lp.columns();
  a.integers = second.lp.integers();
  a.binaries = second.binary_columns;
  a.priced = std::move(first);
  a.problem = std::move(p);
  a.prices_in_fte = true;
}

Attempt optimise(const Model& model, const Responses& r) {
  Attempt a;
  const bool gap = model.solve.objective == SolveObjective::gap;
  if (gap) {
    least_shortfall(model, r, true, a);
    return a;
  }
  PlanProblem p = build_plan_problem(model, r, {false, model.solve.within_budget});
  LinearSolution s = must_solve(p.lp, a.seconds);
  if (s.status == LinearSolution::Status::infeasible) {
    a.feasible = false;
    least_shortfall(model, r, model.solve.within_budget, a);
    return a;
  }
  a.x.assign(s.x.begin(), s.x.begin() + p.lever_columns);
  a.rows = p.lp.rows();
  a.columns = p.lp.columns();
  a.integers = p.lp.integers();
  a.binaries = p.binary_columns;
  a.priced = std::move(s);
  a.problem = std::move(p);
  return a;
}

LeverPlan lever_values(const Model& model, const Responses& r, std::vector<double>& x) {
  LeverPlan values = plan_values(model);
  for (std::size_t k = 0; k < r.columns.size(); ++k) {
    const Lever& lever = model.levers[r.columns[k].lever];
    const int y = r.columns[k].year;
    if (lever.integer) x[k] = std::round(x[k]);
    x[k] = std::clamp(x[k], lever.min[y], lever.max[y]);  // solver tolerances
    values[r.columns[k].lever][y] = x[k];
  }
  return values;
}

void read_prices(const Model& model, const Responses& r, const Attempt& a, SolvedPlan& out) {
  const PlanProblem& p = a.problem;
  const LinearSolution& s = a.priced;
  const int groups = r.groups;
  std::vector<double> price(p.cost_per_demand.size(), 0.0);
  if (!a.prices_in_fte) price = p.cost_per_demand;
  for (const DemandLink& link : p.demand_links)
    price[link.group_year] +=
        s.row_dual[link.row] * link.coef * (link.times_col >= 0 ? s.x[link.times_col] : 1.0);
  for (int y = model.solve.from_year; y < model.years; ++y)
    for (int g = 0; g < groups; ++g) {
      const int row = p.target_row[y * groups + g];
      if (row >= 0 && std::abs(s.row_dual[row]) > kPriceFloor)
        out.target_prices.push_back({g, y, price[y * groups + g]});
    }
  if (!p.budget_row.empty())
    for (int y = model.solve.from_year; y < model.years; ++y)
      if (const int row = p.budget_row[y]; row >= 0 && std::abs(s.row_dual[row]) > 1e-12)
        out.budget_prices.push_back({y, -s.row_dual[row]});
  for (std::size_t k = 0; k < r.columns.size(); ++k) {
    const Lever& lever = model.levers[r.columns[k].lever];
    const int y = r.columns[k].year;
    const double rc = s.reduced_cost[k], x = s.x[k];
    const double scale = std::max(1.0, std::abs(lever.max[y]));
    if (rc < -kPriceFloor && std::abs(x - lever.max[y]) <= 1e-7 * scale)
      out.bound_prices.push_back({r.columns[k].lever, y, true, -rc});
    else if (rc > kPriceFloor && lever.min[y] > 0 && std::abs(x - lever.min[y]) <= 1e-7 * scale)
      out.bound_prices.push_back({r.columns[k].lever, y, false, rc});
  }
  out.prices_in_fte = a.prices_in_fte;
}

std::vector<Shortfall> shortfalls(const Model& model, const SolvedPlan& s,
                                  const std::vector<double>& gap) {
  std::vector<Shortfall> out;
  const int groups = static_cast<int>(model.groups.size());
  for (int y = model.solve.from_year; y < model.years; ++y)
    for (int g = 0; g < groups; ++g) {
      const int i = y * groups + g;
      const double over = gap[i] - s.allowed_gap_fte[i];
      if (over > kVerifyTolerance * std::max(1.0, s.demand_fte[i])) out.push_back({g, y, over});
    }
  return out;
}

}  // namespace

double verification_error(const Model& model, const SolvedPlan& s, const AnnualTrajectory& run,
                          std::string& broken) {
  broken.clear();
  const int groups = static_cast<int>(model.groups.size());
  double worst = 0, total = 0;
  // Hard targets: the cost objective's, when it could meet them.
  const bool hard = s.feasible && model.solve.objective == SolveObjective::cost;
  for (int y = model.solve.from_year; y < model.years; ++y) {
    double pay = 0, budget = 0;
    for (int g = 0; g < groups; ++g) {
      const int i = y * groups + g;
      const double gap = annual(run, Var::workforce_gap_fte, y, g);
      const double paid = annual(run, Var::pay_cost_gbp, y, g);
      worst = std::max(worst, std::abs(gap - s.gap_fte[i]) / std::max(1.0, s.demand_fte[i]));
      worst = std::max(worst, std::abs(paid - s.pay_gbp[i]) / std::max(1.0, s.pay_gbp[i]));
      pay += paid;
      budget += annual(run, Var::budget_gbp, y, g);
      const double allowed =
          s.allowed_gap_fte[i] + kVerifyTolerance * std::max(1.0, s.demand_fte[i]);
      if (hard && gap > allowed && broken.empty())
        broken = fmt::format("{} {}: workforce gap {:.6g} FTE, above the allowed {:.6g}",
                             model.groups[g].id, model.year_label(y), gap, s.allowed_gap_fte[i]);
    }
    total += pay + s.lever_cost_gbp[y];
    if (s.budget_applied && pay > budget * (1 + kVerifyTolerance) && broken.empty())
      broken = fmt::format("{}: pay GBP {:.6g} above the budget GBP {:.6g}", model.year_label(y),
                           pay, budget);
  }
  worst = std::max(worst, std::abs(total - s.total_cost_gbp) / std::max(1.0, s.total_cost_gbp));
  for (std::size_t j = 0; j < model.levers.size(); ++j)
    for (int y = model.solve.from_year; y < model.years; ++y) {
      const double v = s.levers[j][y];
      const Lever& lever = model.levers[j];
      if ((lever.integer && v != std::round(v)) || v < lever.min[y] || v > lever.max[y])
        if (broken.empty())
          broken = fmt::format("{} {}: {} is outside its bounds or not whole", lever.target,
                               model.year_label(y), v);
    }
  return worst;
}

SolvedPlan solve_plan(const Model& model, const SolveRunOptions& options) {
  SolvedPlan out;
  const int groups = static_cast<int>(model.groups.size());
  const int from = model.solve.from_year;
  out.plan = plan_values(model);
  out.budget_applied = model.solve.within_budget || model.solve.objective == SolveObjective::gap;

  const AnnualTrajectory plan_run = run_with(model, out.plan);
  out.plan_lever_cost_gbp.assign(model.years, 0.0);
  for (int y = 0; y < model.years; ++y) {
    for (int g = 0; g < groups; ++g) {
      out.plan_gap_fte.push_back(annual(plan_run, Var::workforce_gap_fte, y, g));
      out.plan_pay_gbp.push_back(annual(plan_run, Var::pay_cost_gbp, y, g));
      if (y >= from) out.plan_total_cost_gbp += out.plan_pay_gbp.back();
    }
    for (std::size_t j = 0; j < model.levers.size(); ++j)
      out.plan_lever_cost_gbp[y] += model.levers[j].cost_gbp * out.plan[j][y];
    if (y >= from) out.plan_total_cost_gbp += out.plan_lever_cost_gbp[y];
  }
  out.engine_runs = 1;

  LeverPlan point = out.plan;
  std::string broken;
  for (int pass = 1; pass <= kMaxPasses; ++pass) {
    const Responses r = measure_responses(model, point, from, options.threads);
    out.engine_runs += r.engine_runs;
    check_cover_pricing(model, r);
    Attempt a = optimise(model, r);
    out.levers = lever_values(model, r, a.x);
    const Prediction p = predict(model, r, a.x);

    out.feasible = a.feasible;
    out.demand_fte = p.demand_fte;
    out.gap_fte = p.gap_fte;
    out.pay_gbp = p.pay_gbp;
    out.lever_cost_gbp = p.lever_cost_gbp;
    out.total_cost_gbp = p.total_cost_gbp;
    out.allowed_gap_fte.assign(p.demand_fte.size(), 0.0);
    for (int y = 0; y < model.years; ++y)
      for (int g = 0; g < groups; ++g)
        out.allowed_gap_fte[y * groups + g] =
            a.problem.target_share[g] * p.demand_fte[y * groups + g];
    out.short_left = shortfalls(model, out, out.gap_fte);
    out.total_shortfall_fte = 0;
    for (const Shortfall& s : out.short_left) out.total_shortfall_fte += s.fte;
    out.rows = a.rows;
    out.columns = a.columns;
    out.integer_columns = a.integers - a.binaries;
    out.binary_columns = a.binaries;
    out.solver_seconds += a.seconds;
    out.linearisations = pass;
    out.target_prices.clear();
    out.budget_prices.clear();
    out.bound_prices.clear();
    read_prices(model, r, a, out);

    const AnnualTrajectory run = run_with(model, out.levers);
    ++out.engine_runs;
    out.verified_error = verification_error(model, out, run, broken);
    if (out.verified_error <= kVerifyTolerance && broken.empty()) break;
    point = out.levers;
  }
  if (out.verified_error > kVerifyTolerance || !broken.empty())
    throw std::logic_error(fmt::format(
        "solve: the engine's run of the solved plan differs from the solver's prediction by "
        "{:.3g} (relative){}{}; no plan is printed",
        out.verified_error, broken.empty() ? "" : ": ", broken));

  if (!out.feasible) {
    LeverPlan at_max = out.plan;
    for (std::size_t j = 0; j < model.levers.size(); ++j)
      for (int y = from; y < model.years; ++y) at_max[j][y] = model.levers[j].max[y];
    const AnnualTrajectory run = run_with(model, at_max);
    ++out.engine_runs;
    std::vector<double> gap;
    for (int y = 0; y < model.years; ++y)
      for (int g = 0; g < groups; ++g) gap.push_back(annual(run, Var::workforce_gap_fte, y, g));
    out.short_at_max = shortfalls(model, out, gap);
  }
  return out;
}

}  // namespace wfsim
