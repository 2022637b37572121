#pragma once
// The solve as a linear programme over lever-years (docs/solve.md).
//
// Effective supply and substantive pay are affine in the lever-years
// (responses.h). What is not affine is modelled piece by piece, exactly:
// bank and agency cover is min(max(0, demand - supply), max_cover *
// demand) each month, which costs money. Where the lever bounds cannot
// take a month past either kink, cover is a constant or an affine
// expression; where they can pass only the first (convex) kink, a column
// above zero and above the shortfall; where they can pass the cap (a
// concave kink), a binary column chooses the piece, so the optimum of the
// programme is the optimum of the simulation.

#include <vector>

#include "model/model.h"
#include "solve/linear_problem.h"
#include "solve/responses.h"

namespace wfsim {

struct PlanProblemOptions {
  bool soft_targets = false;  // a shortfall column per target (the "gap" objective)
  bool budget = false;        // pay cost <= budget, summed over groups, each year
};

// A row's right-hand side moves with demand_fte of a group-year: by `coef`
// per FTE (times the value of column `times_col` when it is not -1).
struct DemandLink {
  int row = -1;
  int group_year = 0;  // year * groups + group
  double coef = 0;
  int times_col = -1;
};

struct PlanProblem {
  LinearProblem lp;
  int lever_columns = 0;             // columns 0 .. lever_columns-1 are Responses::columns
  std::vector<double> cost;          // [column] GBP: pay and lever cost per unit
  std::vector<double> shortfall;     // [column] FTE-years: 1 on shortfall columns
  double cost_constant = 0;          // GBP: cost not moved by any column
  std::vector<int> target_row;       // [year * groups + group], -1 before from_year
  std::vector<int> shortfall_col;    // [year * groups + group], -1 when targets are hard
  std::vector<int> budget_row;       // [year], -1 when no budget row
  std::vector<double> target_share;  // [group]: allowed gap, share of demand
  std::vector<DemandLink> demand_links;
  std::vector<double> cost_per_demand;  // [year * groups + group]: constant cost per FTE of demand
  int binary_columns = 0;

  // The objective: cost, or shortfall.
  void use_objective(bool minimise_shortfall);
};

PlanProblem build_plan_problem(const Model& model, const Responses& responses,
                               const PlanProblemOptions& options);

// What the responses say a set of lever-year values gives, with cover
// evaluated exactly: annual values [year * groups + group].
struct Prediction {
  std::vector<double> effective_fte, demand_fte, gap_fte, pay_gbp;
  std::vector<double> lever_cost_gbp;  // [year]
  double total_cost_gbp = 0;           // pay and levers, plan years from from_year
};
Prediction predict(const Model& model, const Responses& responses,
                   const std::vector<double>& column_values);

// Bank and agency cover in one month (MODEL.md section 6), and its price
// per FTE-month.
double cover_fte(const Model& model, int year, double demand_fte, double effective_fte);
double cover_price_gbp(const Model& model, int group, int year);

}  // namespace wfsim
