#pragma once
// Every output variable, declared once (OUTPUT.md "Variables"). The engine
// fills them by index, aggregation reads how each one rolls up to years,
// and every writer takes names, units and long names from here.

#include <array>
#include <cstddef>
#include <string_view>

namespace wfsim {

// How a monthly variable becomes an annual one (MODEL.md section 1).
enum class Aggregation {
  mean,      // stocks, FTE, *_fte: mean of the 12 month-ends
  sum,       // flows and money: total over the 12 months
  year_end,  // the last month of the plan year
};

// Monthly variables, dims (time, staff_group). The order is the order of
// the output file and of the state arrays.
enum class Var : int {
  headcount,
  fte,
  effective_fte,
  trainee_fte,
  demand_fte,
  funded_fte,
  workforce_gap_fte,
  funding_gap_fte,
  vacancy_fte,
  temporary_cover_fte,
  unmet_fte,
  leavers,
  joiners_domestic,
  joiners_international,
  joiners_pipeline,
  transfers_in,
  transfers_out,
  pay_cost_gbp,
  temporary_cost_gbp,
  budget_gbp,
  pay_gap_gbp,
};
inline constexpr std::size_t kMonthlyVarCount = 21;

struct VariableInfo {
  std::string_view name;
  std::string_view units;
  std::string_view long_name;
  Var source;               // for annual variables: the monthly variable it rolls up
  Aggregation aggregation;  // how it becomes annual
};

inline constexpr std::array<VariableInfo, kMonthlyVarCount> kMonthlyVariables{{
    {"headcount", "people", "Staff in post, headcount (excluding employed trainees)",
     Var::headcount, Aggregation::mean},
    {"fte", "FTE", "Staff in post, full-time equivalent", Var::fte, Aggregation::mean},
    {"effective_fte", "FTE",
     "Effective supply after sickness absence, including productive trainees", Var::effective_fte,
     Aggregation::mean},
    {"trainee_fte", "FTE", "Employed trainees working in the group", Var::trainee_fte,
     Aggregation::mean},
    {"demand_fte", "FTE", "Demand from activity, establishments and skill mix", Var::demand_fte,
     Aggregation::mean},
    {"funded_fte", "FTE", "Funded establishment", Var::funded_fte, Aggregation::mean},
    {"workforce_gap_fte", "FTE", "Demand less effective supply (positive: short)",
     Var::workforce_gap_fte, Aggregation::mean},
    {"funding_gap_fte", "FTE", "Demand less funded establishment (positive: unfunded)",
     Var::funding_gap_fte, Aggregation::mean},
    {"vacancy_fte", "FTE", "Funded establishment less staff in post (negative: over establishment)",
     Var::vacancy_fte, Aggregation::mean},
    {"temporary_cover_fte", "FTE", "Shortfall covered by bank and agency staff",
     Var::temporary_cover_fte, Aggregation::mean},
    {"unmet_fte", "FTE", "Shortfall that temporary staffing could not cover", Var::unmet_fte,
     Aggregation::mean},
    {"leavers", "people", "Leavers from the system", Var::leavers, Aggregation::sum},
    {"joiners_domestic", "people", "Domestic experienced joiners and returners",
     Var::joiners_domestic, Aggregation::sum},
    {"joiners_international", "people", "International recruits arriving",
     Var::joiners_international, Aggregation::sum},
    {"joiners_pipeline", "people", "Newly qualified joiners from external training pipelines",
     Var::joiners_pipeline, Aggregation::sum},
    {"transfers_in", "people", "Completers of internal routes joining the group", Var::transfers_in,
     Aggregation::sum},
    {"transfers_out", "people", "Staff leaving the group to start an internal training route",
     Var::transfers_out, Aggregation::sum},
    {"pay_cost_gbp", "GBP", "Total pay cost: substantive, employed trainees and temporary cover",
     Var::pay_cost_gbp, Aggregation::sum},
    {"temporary_cost_gbp", "GBP", "Pay cost of bank and agency cover", Var::temporary_cost_gbp,
     Aggregation::sum},
    {"budget_gbp", "GBP", "Pay budget", Var::budget_gbp, Aggregation::sum},
    {"pay_gap_gbp", "GBP", "Pay cost less budget (positive: overspend)", Var::pay_gap_gbp,
     Aggregation::sum},
}};

// Annual variables, dims (year, staff_group): every monthly variable with
// its own aggregation, in the same order and at the same index, then the
// March snapshots.
inline constexpr std::size_t kAnnualVarCount = kMonthlyVarCount + 2;
inline constexpr std::size_t kHeadcountAtYearEnd = kMonthlyVarCount;
inline constexpr std::size_t kFteAtYearEnd = kMonthlyVarCount + 1;

inline constexpr std::array<VariableInfo, kAnnualVarCount> kAnnualVariables = [] {
  std::array<VariableInfo, kAnnualVarCount> all{};
  for (std::size_t i = 0; i < kMonthlyVarCount; ++i) all[i] = kMonthlyVariables[i];
  all[kHeadcountAtYearEnd] = {"headcount_at_year_end", "people",
                              "Staff in post at the end of the plan year", Var::headcount,
                              Aggregation::year_end};
  all[kFteAtYearEnd] = {"fte_at_year_end", "FTE", "Staff in post FTE at the end of the plan year",
                        Var::fte, Aggregation::year_end};
  return all;
}();

constexpr std::size_t index_of(Var v) {
  return static_cast<std::size_t>(v);
}

// Index into kAnnualVariables of a name, or kAnnualVarCount when unknown.
constexpr std::size_t annual_variable_index(std::string_view name) {
  for (std::size_t i = 0; i < kAnnualVarCount; ++i)
    if (kAnnualVariables[i].name == name) return i;
  return kAnnualVarCount;
}

}  // namespace wfsim
