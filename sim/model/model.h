#pragma once
// The validated, immutable model of one scenario (MODEL.md, SCENARIO.md).
//
// The scenario layer fills the *inputs* of a Model from TOML, checks every
// value, then calls finalize_model() once, which computes the *derived*
// fields (marked below). Nothing downstream sees TOML. A Monte Carlo
// worker copies the Model once, and for each replicate overwrites the
// sampled inputs and calls derive_values(), so every derived value stays
// consistent.
//
// Conventions:
//  - PerYear vectors hold exactly `years` values (scalars are expanded).
//    A model built in code may leave a per-year input that has a default
//    empty (productive hours, productive share, skill-mix ratio, temporary
//    staffing): finalize_model() fills it.
//  - Group, band, pipeline and activity references are indices into the
//    vectors of this struct, in file order; -1 means "none".
//  - Rates are annual fractions; volumes are per year; money is GBP.

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "model/diagnostic.h"
#include "model/lazy_text.h"
#include "model/solve_spec.h"

namespace wfsim {

using PerYear = std::vector<double>;
using MonthProfile = std::array<double, 12>;  // index 0 = the start month of the plan year

inline constexpr MonthProfile kEvenMonths = {1.0 / 12, 1.0 / 12, 1.0 / 12, 1.0 / 12,
                                             1.0 / 12, 1.0 / 12, 1.0 / 12, 1.0 / 12,
                                             1.0 / 12, 1.0 / 12, 1.0 / 12, 1.0 / 12};
inline constexpr MonthProfile kFlatSickness = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};

struct AgeBand {
  std::string id;
  double from_years = 0;
  double to_years = std::numeric_limits<double>::infinity();  // the last band may be open
  double width_years() const { return to_years - from_years; }
};

enum class PaySystem { afc, other };

struct StaffGroup {
  std::string id;
  std::string name;  // defaults to id
  SourceLocation where;

  double headcount = 0;                    // people at the start, excluding employed trainees
  PerYear fte_per_head;                    // (0, 1], default 1
  std::vector<double> age_profile;         // [bands], sums to 1 (even when absent)
  std::vector<double> joiner_age_profile;  // [bands], default age_profile
  std::vector<double> leaver_rate;         // [years * bands], index y * bands + a; annual
  std::vector<bool> leaver_rate_by_age;    // [bands]: set by leaver_rate_by_age (empty: none)
  PerYear sickness_rate;                   // annual mean share of FTE absent
  MonthProfile sickness_profile = kFlatSickness;  // mean 1
  // The per-year form of sickness_profile: one profile per plan year, each
  // of mean 1 (a winter worse in one year only). Empty: sickness_profile
  // serves every year.
  std::vector<MonthProfile> sickness_profile_by_year;
  const MonthProfile& sickness_profile_in(int y) const {
    return sickness_profile_by_year.empty() ? sickness_profile : sickness_profile_by_year[y];
  }

  PaySystem pay_system = PaySystem::afc;
  double basic_pay_gbp = 0;  // cost_per_fte, or sum_b band_mix[b] * salary[b]; before on-cost
  double on_cost = 0;        // employer pension and NI, share of basic pay
  PerYear uplift;            // the series of pay_system; element 0 unused

  // Exactly one of these is given by the user, or both.
  std::optional<PerYear> funded_fte_input;
  std::optional<PerYear> pay_budget_gbp_input;

  PerYear productive_hours_per_fte;  // per FTE-year, sickness not deducted; default 1650
  double tolerance = 0.02;           // flag threshold, share of the base

  // Derived by finalize_model().
  PerYear cost_per_fte_gbp;  // c[g,y] = basic_pay * (1 + on_cost) * prod_{k=1..y}(1 + uplift[k])
  PerYear funded_fte;        // given, or budget / c
  PerYear budget_gbp;        // given, or funded * c
};

// Domestic experienced joiners and returners ([[joiners]]).
struct JoinerFlow {
  std::string id;
  int group = -1;
  bool by_rate = false;                      // true: rate[y]/12 * H_total at the start of the month
  PerYear per_year;                          // when !by_rate
  PerYear rate;                              // when by_rate
  std::vector<double> age_profile;           // [bands]; default the group's joiner_age_profile
  MonthProfile month_profile = kEvenMonths;  // shares of per_year, sum 1
};

// International recruitment ([[international]]).
struct InternationalFlow {
  std::string id;
  int group = -1;
  PerYear per_year;  // committed recruits
  int lag_months = 0;
  PerYear success_rate;             // of the arrival year, default 1
  std::vector<double> age_profile;  // [bands]
  MonthProfile month_profile = kEvenMonths;
  std::string pool;  // shared national supply pool it draws on (national runs only); empty: none
  SourceLocation pool_where;  // where `pool` was written, for a national run's messages
  // A national run's reconciliation: the share of arrivals its pool allows,
  // per arrival year; empty: all of them. Kept apart from success_rate so
  // that a Monte Carlo draw of that rate does not undo it.
  PerYear pool_share;
};

// The share a reconciled plan keeps of a flow (pool_share), 1 when none.
inline double pool_share_of(const PerYear& share, int y) {
  return share.empty() ? 1.0 : share[y];
}

// Education and training routes ([[pipeline]]).
struct Pipeline {
  std::string id;
  int from = -1;            // group trainees are drawn from; -1: from outside
  int while_training = -1;  // group employed trainees work in (default: from)
  int into = -1;
  PerYear intake_per_year;
  int intake_month = 0;  // calendar month 1..12 of a once-a-year intake; 0: every month
  int duration_months = 1;
  PerYear attrition_rate;  // annual, default 0
  PerYear joining_rate;    // of the completion year, default 1
  bool employed = false;
  PerYear productive_share;         // of trainee FTE counted as effective supply; default 1
  std::vector<double> age_profile;  // [bands] of completers joining; default into's joiner profile
  std::string pool;  // shared national supply pool it draws on (national runs only); empty: none
  SourceLocation pool_where;  // where `pool` was written, for a national run's messages
  // A national run's reconciliation, per plan year (empty: 1): the share of
  // intakes (a pool of training places) or of joining completers (a pool
  // of newly qualified staff) that the pool allows.
  PerYear pool_intake_share, pool_joining_share;
};

// Derived values (costs after uplift, budgets, volumes after growth) larger
// than this are refused as bad input: a thousand times the NHS's budget in
// pounds, and past any volume of activity (docs/reliability.md).
inline constexpr double kMaxDerivedValue = 1e15;

struct Activity {
  std::string id;
  std::string name;
  // Inputs: per_year, or base with growth (element 0 unused).
  std::optional<PerYear> per_year;
  double base = 0;
  PerYear growth;
  MonthProfile month_profile = kEvenMonths;
  std::vector<std::pair<int, double>> hours_per_unit;  // (group, hours per unit), file order
  SourceLocation where;  // the [[activity]] table, for messages about derived volumes

  PerYear volume;  // derived: per_year, or base * prod_{k=1..y}(1 + growth[k])
};

struct ActivityShift {
  std::string id;
  int from = -1;  // activity
  int to = -1;    // activity
  PerYear share;
};

struct Establishment {
  std::string id;
  int group = -1;
  PerYear fte;
};

struct SkillMixEdge {
  std::string id;
  SourceLocation where;
  int from = -1;  // group
  int to = -1;    // group
  PerYear share;
  PerYear ratio;  // FTE of `to` per FTE of `from`'s demand moved; default 1
};

// Each value per plan year: systems plan agency spend down year by year.
struct TemporaryStaffing {
  bool enabled = false;  // no [temporary_staffing] table: no cover
  PerYear max_cover;     // share of demand_fte that bank and agency can cover
  PerYear bank_share;
  PerYear bank_premium;
  PerYear agency_premium;
};

// One [[assert]] entry, evaluated by `wfsim check`.
struct Assertion {
  std::string id;
  SourceLocation where;
  std::string metric;         // an annual variable name, or empty when `flag` is set
  std::string flag;           // a flag kind, or empty when `metric` is set
  int group = -1;             // -1: "all"
  int year = -1;              // plan year index; -1: "any"
  std::string stat = "mean";  // mean, min, max, pNN
  std::optional<double> max;
  std::optional<double> min;
};

// Distributions for Monte Carlo parameters (MODEL.md section 8).
enum class Distribution { normal, uniform, triangular, beta, lognormal };

struct UncertainParameter {
  std::string target;  // "kind.id.key" as written
  SourceLocation where;
  Distribution dist = Distribution::normal;
  // normal: mean, sd; uniform: low, high; triangular: low, mode, high;
  // beta: alpha, beta; lognormal: median, sigma (a multiplier on the value).
  double p1 = 0, p2 = 0, p3 = 0;
  bool per_year = false;
};

struct Sweep {
  std::string target;
  SourceLocation where;
  std::vector<double> values;
};

struct Model {
  std::string name;
  std::string file;        // the scenario file as named on the command line
  LazyText resolved_toml;  // the merged scenario after extends and include, as TOML
  int start_year = 2019;
  int start_month = 4;  // calendar month 1..12
  int years = 5;
  std::uint64_t seed = 0;
  int replicates = 1;

  std::string system_id;
  std::string system_name;
  double population = 0;

  bool has_age_bands = false;
  std::vector<AgeBand> age_bands;  // one band "all" when the scenario has none

  std::vector<StaffGroup> groups;
  std::vector<JoinerFlow> joiners;
  std::vector<InternationalFlow> international;
  std::vector<Pipeline> pipelines;
  std::vector<Activity> activities;
  std::vector<ActivityShift> activity_shifts;
  std::vector<Establishment> establishments;
  std::vector<SkillMixEdge> skill_mix;
  std::vector<std::vector<double>> productivity_gain;  // [group][year]; element 0 unused
  // [group]: whether [productivity] gain covers the group (a per-group table
  // leaves some out: they have no gain, and draws of the gain skip them).
  std::vector<bool> productivity_gain_given;
  TemporaryStaffing temporary_staffing;
  double default_tolerance = 0.02;

  std::vector<Assertion> assertions;
  bool stochastic_flows = false;
  std::vector<UncertainParameter> uncertainty;
  std::vector<Sweep> sweeps;

  // `wfsim solve` only ([solve], [[lever]]).
  SolveSettings solve;
  std::vector<Lever> levers;

  // Derived by finalize_model().
  std::vector<int> skill_mix_order;  // group indices in topological order of the skill-mix DAG
  std::vector<std::vector<double>> productivity_factor;  // [group][year] prod_{k=1..y}(1 - gain)

  int months() const { return 12 * years; }
  int bands() const { return static_cast<int>(age_bands.size()); }
  // "2019/20" for plan year y.
  std::string year_label(int y) const;
  // Calendar month 1..12 of month index m.
  int calendar_month(int m) const { return (start_month - 1 + m) % 12 + 1; }
};

// Computes every derived field from the inputs. Returns diagnostics for
// problems that only show once inputs are combined (a skill-mix cycle, a
// zero cost with a budget to divide); empty when the model is sound.
Diagnostics finalize_model(Model& model);

// The value part of finalize_model(): costs, funded posts, budgets,
// volumes and productivity factors from the inputs, written in place. Once
// a model has been finalized it allocates nothing, which is what a Monte
// Carlo replicate needs after writing its sampled inputs (the skill-mix
// order depends on no value, so it stays).
Diagnostics derive_values(Model& model);

// The skill-mix part of finalize_model(): orders the groups topologically,
// or reports a cycle naming the groups on it. Edges whose ends did not
// resolve (-1) are left out, so a model with other problems can still be
// checked for cycles.
Diagnostics order_skill_mix(Model& model);

// p(r) = 1 - (1 - r)^(1/12): the monthly probability of an annual rate.
double monthly_probability(double annual_rate);

}  // namespace wfsim
