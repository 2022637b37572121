#include "engine/engine.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numeric>

#include "engine/stochastic_flows.h"

namespace wfsim {
namespace {

int plan_year(int m) {
  return m / 12;
}
// Month of the plan year, 0..11, also for months before the start.
int month_of_year(int m) {
  return ((m % 12) + 12) % 12;
}

// Rounds n values to whole people without changing their total by more
// than rounding the total would: the total rounds to the nearest whole
// number, each value gets its floor, and the largest remainders (the first
// on ties) one more each. Rounding each value alone would turn 1000 people
// over three even bands into 999. `order` is scratch for n indices.
void round_keeping_total(double* values, int n, int* order) {
  double total = 0, floors = 0;
  for (int i = 0; i < n; ++i) {
    total += values[i];
    floors += std::floor(values[i]);
  }
  const int extra = static_cast<int>(std::round(total) - floors);
  assert(extra >= 0 && extra <= n);
  std::iota(order, order + n, 0);
  auto remainder = [&](int i) { return values[i] - std::floor(values[i]); };
  std::sort(order, order + n, [&](int a, int b) {
    return remainder(a) != remainder(b) ? remainder(a) > remainder(b) : a < b;
  });
  for (int i = 0; i < n; ++i) values[i] = std::floor(values[i]);
  for (int k = 0; k < extra; ++k) values[order[k]] += 1;
}

}  // namespace

EdgesByGroup::EdgesByGroup(const Model& model) : start(model.groups.size() + 1, 0) {
  for (const SkillMixEdge& edge : model.skill_mix)
    if (edge.from >= 0) ++start[edge.from + 1];
  for (std::size_t g = 0; g < model.groups.size(); ++g) start[g + 1] += start[g];
  edges.resize(start.back());
  std::vector<int> fill(start.begin(), start.end() - 1);
  for (std::size_t e = 0; e < model.skill_mix.size(); ++e)
    if (model.skill_mix[e].from >= 0) edges[fill[model.skill_mix[e].from]++] = static_cast<int>(e);
}

std::vector<double> compute_demand_fte(const Model& model) {
  std::vector<double> volume, demand;
  compute_demand_fte(model, EdgesByGroup(model), volume, demand);
  return demand;
}

void compute_demand_fte(const Model& model, const EdgesByGroup& edges, std::vector<double>& volume,
                        std::vector<double>& demand) {
  const int groups = static_cast<int>(model.groups.size());
  const int months = model.months();
  demand.assign(static_cast<std::size_t>(months) * groups, 0.0);
  volume.resize(model.activities.size());
  for (int m = 0; m < months; ++m) {
    const int y = plan_year(m);
    double* row = &demand[static_cast<std::size_t>(m) * groups];
    for (std::size_t k = 0; k < model.activities.size(); ++k) {
      const Activity& a = model.activities[k];
      volume[k] = a.volume[y] * a.month_profile[month_of_year(m)];
    }
    // Shifts in file order, each on the current volume of its source line.
    for (const ActivityShift& shift : model.activity_shifts) {
      double moved = shift.share[y] * volume[shift.from];
      volume[shift.from] -= moved;
      volume[shift.to] += moved;
    }
    for (std::size_t k = 0; k < model.activities.size(); ++k)
      for (const auto& [g, hours] : model.activities[k].hours_per_unit)
        row[g] += volume[k] * hours * model.productivity_factor[g][y];
    for (int g = 0; g < groups; ++g) row[g] /= model.groups[g].productive_hours_per_fte[y] / 12.0;
    for (const Establishment& e : model.establishments) row[e.group] += e.fte[y];

    // Skill mix: a group's whole demand, inflows included, is known once its
    // predecessors in topological order are done; its outflows all use it.
    for (int g : model.skill_mix_order) {
      const double whole = row[g];
      for (int k = edges.start[g]; k < edges.start[g + 1]; ++k) {
        const SkillMixEdge& edge = model.skill_mix[edges.edges[k]];
        row[g] -= edge.share[y] * whole;
        row[edge.to] += edge.share[y] * edge.ratio[y] * whole;
      }
    }
  }
}

Engine::Engine(const Model& model)
    : model_(model),
      groups_(static_cast<int>(model.groups.size())),
      bands_(model.bands()),
      stock_(groups_ * bands_),
      survivors_(groups_ * bands_),
      group_start_(groups_),
      completers_(model.pipelines.size(), 0.0),
      leave_prob_(groups_ * bands_, model.years),
      attrition_prob_(model.pipelines.size(), model.years),
      age_share_(bands_, 0.0),
      skill_mix_out_(model),
      sites_(model) {
  // The last band never ages out; the others pass on 1/(12 w) of survivors.
  for (int a = 0; a + 1 < bands_; ++a)
    age_share_[a] = 1.0 / (12.0 * model.age_bands[a].width_years());
  std::size_t longest = bands_;
  for (const Pipeline& pipe : model.pipelines) {
    cohorts_.emplace_back(pipe.duration_months, 0.0);
    longest = std::max(longest, cohorts_.back().size());
  }
  rounding_order_.resize(longest);
  refresh();
}

void Engine::refresh() {
  const Model& model = model_;
  for (int g = 0; g < groups_; ++g)
    for (int y = 0; y < model.years; ++y)
      for (int a = 0; a < bands_; ++a)
        leave_prob_(g * bands_ + a, y) =
            monthly_probability(model.groups[g].leaver_rate[y * bands_ + a]);
  for (std::size_t p = 0; p < model.pipelines.size(); ++p)
    for (int y = 0; y < model.years; ++y)
      attrition_prob_(p, y) = monthly_probability(model.pipelines[p].attrition_rate[y]);
  compute_demand_fte(model, skill_mix_out_, volume_, demand_fte_);
}

void Engine::run(Trajectory& out) {
  ExpectedFlows expected;
  simulate(out, expected);
}

void Engine::run(Trajectory& out, FlowDraws& flows) {
  simulate(out, flows);
}

void Engine::run(Trajectory& out, StochasticFlows& flows) {
  simulate(out, flows);
}

template <class Flows>
void Engine::simulate(Trajectory& out, Flows& flows) {
  assert(out.months == model_.months() && out.groups == groups_ && out.bands == bands_);
  std::fill(out.monthly.begin(), out.monthly.end(), 0.0);
  start();
  if (flows.integer()) {  // whole people from the start, each group and pipeline keeping its total
    for (int g = 0; g < groups_; ++g)
      round_keeping_total(&stock_(g * bands_), bands_, rounding_order_.data());
    for (auto& pipeline : cohorts_)
      round_keeping_total(pipeline.data(), static_cast<int>(pipeline.size()),
                          rounding_order_.data());
  }
  for (int m = 0; m < model_.months(); ++m) {
    leave_and_age(m, out, flows);
    start_intakes(m, out, flows);
    advance_pipelines(m, flows);
    arrive(m, out, flows);
    account(m, out);
  }
}

// Stocks at month 0, and every training cohort that began before it, taken
// as having begun at the year-0 volume with the attrition it has had since
// (MODEL.md section 3, steady start).
void Engine::start() {
  for (int g = 0; g < groups_; ++g)
    for (int a = 0; a < bands_; ++a)
      stock_(g * bands_ + a) = model_.groups[g].headcount * model_.groups[g].age_profile[a];
  for (std::size_t p = 0; p < model_.pipelines.size(); ++p) {
    const Pipeline& pipe = model_.pipelines[p];
    const int d = pipe.duration_months;
    const double keep = 1.0 - monthly_probability(pipe.attrition_rate[0]);
    for (int s = -d; s < 0; ++s)
      cohorts_[p][((s % d) + d) % d] = intake(pipe, s) * std::pow(keep, -s);
  }
}

double Engine::intake(const Pipeline& p, int m) const {
  const double volume = p.intake_per_year[std::max(0, plan_year(m))];
  if (p.intake_month == 0) return volume / 12.0;
  int calendar = ((model_.start_month - 1 + m) % 12 + 12) % 12 + 1;
  return calendar == p.intake_month ? volume : 0.0;
}

double Engine::committed_recruits(const InternationalFlow& f, int m) const {
  return f.per_year[std::max(0, plan_year(m))] * f.month_profile[month_of_year(m)];
}

// Phases 1 and 2: leavers on the start-of-month stock, then ageing of the
// survivors, 1/(12 w) of a band a month.
template <class Flows>
void Engine::leave_and_age(int m, Trajectory& out, Flows& flows) {
  const int y = plan_year(m);
  double* leavers = out.row(Var::leavers, m);
  for (int g = 0; g < groups_; ++g) {
    group_start_(g) = stock_.segment(g * bands_, bands_).sum();
    double left = 0;
    for (int a = 0; a < bands_; ++a) {
      const int i = g * bands_ + a;
      const double l = flows.binomial(sites_.leavers[i], m, stock_(i), leave_prob_(i, y));
      survivors_(i) = stock_(i) - l;
      left += l;
    }
    leavers[g] = left;
    double moving_in = 0;
    for (int a = 0; a < bands_; ++a) {
      const int i = g * bands_ + a;
      const double moving_out =
          age_share_[a] > 0 ? flows.binomial(sites_.ageing[i], m, survivors_(i), age_share_[a])
                            : 0.0;
      stock_(i) = survivors_(i) - moving_out + moving_in;
      moving_in = moving_out;
    }
  }
}

// Phase 3: this month's intakes join their pipelines; an internal route
// takes its trainees from its `from` group, pro rata over the bands and
// never more than the group holds. The cohort that completes this month
// leaves its slot first, which the new intake then takes.
template <class Flows>
void Engine::start_intakes(int m, Trajectory& out, Flows& flows) {
  for (std::size_t p = 0; p < model_.pipelines.size(); ++p) {
    const Pipeline& pipe = model_.pipelines[p];
    double& slot = cohorts_[p][m % pipe.duration_months];
    completers_[p] = slot;
    double people = intake(pipe, m) * pool_share_of(pipe.pool_intake_share, plan_year(m));
    if (flows.integer()) people = flows.poisson(sites_.intake[p], m, people);
    if (pipe.from >= 0) {
      auto source = stock_.segment(pipe.from * bands_, bands_);
      const double held = source.sum();
      people = std::min(people, held);
      if (people > 0) {
        if (flows.integer()) {
          // Whole people, pro rata in expectation: a chain of binomials over
          // the bands; what a band cannot give comes from the others.
          double left = people, pool = held;
          for (int a = 0; a < bands_ && left > 0; ++a) {
            const double wanted = a + 1 == bands_ ? left
                                                  : flows.binomial(sites_.route[p * bands_ + a], m,
                                                                   left, source(a) / pool);
            const double taken = std::min(wanted, source(a));
            pool -= source(a);
            source(a) -= taken;
            left -= taken;
          }
          for (int a = 0; a < bands_ && left > 0; ++a) {
            const double taken = std::min(left, source(a));
            source(a) -= taken;
            left -= taken;
          }
        } else {
          source *= 1.0 - people / held;
        }
      }
      out.row(Var::transfers_out, m)[pipe.from] += people;
    }
    slot = people;
    out.pipeline_started[static_cast<std::size_t>(m) * out.pipelines + p] = people;
  }
}

// Phase 4: every cohort in training, this month's intake included, loses
// the monthly share of its pipeline's attrition.
template <class Flows>
void Engine::advance_pipelines(int m, Flows& flows) {
  const int y = plan_year(m);
  for (std::size_t p = 0; p < model_.pipelines.size(); ++p) {
    const double lost = attrition_prob_(p, y);
    std::vector<double>& cohorts = cohorts_[p];
    for (std::size_t s = 0; s < cohorts.size(); ++s)  // most slots of a yearly intake are empty
      if (cohorts[s] > 0) cohorts[s] -= flows.binomial(sites_.attrition[p][s], m, cohorts[s], lost);
  }
}

template <class Flows>
void Engine::add_people(int g, double people, const std::vector<double>& profile,
                        const std::uint64_t* band_sites, int m, Flows& flows) {
  auto target = stock_.segment(g * bands_, bands_);
  if (!flows.integer()) {
    for (int a = 0; a < bands_; ++a) target(a) += people * profile[a];
    return;
  }
  // Whole people: a multinomial split as a chain of binomials, skipping
  // bands the profile leaves empty.
  double left = people, share_left = 1.0;
  for (int a = 0; a < bands_ && left > 0; ++a) {
    if (profile[a] <= 0) continue;
    const bool last = a + 1 == bands_ || profile[a] >= share_left - 1e-12;
    const double placed =
        last ? left : flows.binomial(band_sites[a], m, left, profile[a] / share_left);
    target(a) += placed;
    left -= placed;
    share_left -= profile[a];
  }
}

// Phase 5: arrivals, after leaving and ageing.
template <class Flows>
void Engine::arrive(int m, Trajectory& out, Flows& flows) {
  const int y = plan_year(m);
  for (std::size_t j = 0; j < model_.joiners.size(); ++j) {
    const JoinerFlow& f = model_.joiners[j];
    double people = f.by_rate ? f.rate[y] / 12.0 * group_start_(f.group)
                              : f.per_year[y] * f.month_profile[month_of_year(m)];
    people = flows.poisson(sites_.joiners[j], m, people);
    add_people(f.group, people, f.age_profile, &sites_.joiner_bands[j * bands_], m, flows);
    out.row(Var::joiners_domestic, m)[f.group] += people;
  }
  for (std::size_t i = 0; i < model_.international.size(); ++i) {
    const InternationalFlow& f = model_.international[i];
    const double committed =
        flows.poisson(sites_.committed[i], m, committed_recruits(f, m - f.lag_months));
    const double people = flows.binomial(sites_.success[i], m, committed,
                                         f.success_rate[y] * pool_share_of(f.pool_share, y));
    add_people(f.group, people, f.age_profile, &sites_.international_bands[i * bands_], m, flows);
    out.row(Var::joiners_international, m)[f.group] += people;
    out.international_arrived[static_cast<std::size_t>(m) * out.international + i] = people;
  }
  for (std::size_t p = 0; p < model_.pipelines.size(); ++p) {
    const Pipeline& pipe = model_.pipelines[p];
    const double people =
        flows.binomial(sites_.joining[p], m, completers_[p],
                       pipe.joining_rate[y] * pool_share_of(pipe.pool_joining_share, y));
    add_people(pipe.into, people, pipe.age_profile, &sites_.joining_bands[p * bands_], m, flows);
    out.row(pipe.from >= 0 ? Var::transfers_in : Var::joiners_pipeline, m)[pipe.into] += people;
    out.pipeline_joined[static_cast<std::size_t>(m) * out.pipelines + p] = people;
  }
}

// Month-end accounts: FTE, effective supply, demand, funding, pay and gaps
// (MODEL.md sections 3, 4, 6 and 7).
void Engine::account(int m, Trajectory& out) {
  const int y = plan_year(m);
  const int month = month_of_year(m);
  double* headcount = out.row(Var::headcount, m);
  double* fte = out.row(Var::fte, m);
  double* trainee_fte = out.row(Var::trainee_fte, m);
  double* effective = out.row(Var::effective_fte, m);
  double* by_age = &out.headcount_by_age[static_cast<std::size_t>(m) * groups_ * bands_];
  std::copy(stock_.data(), stock_.data() + stock_.size(), by_age);

  // Productive trainee FTE, gathered into `effective` before sickness.
  for (std::size_t p = 0; p < model_.pipelines.size(); ++p) {
    const Pipeline& pipe = model_.pipelines[p];
    double trainees = 0;
    for (double cohort : cohorts_[p]) trainees += cohort;
    if (out.pipelines > 0)
      out.in_training[static_cast<std::size_t>(m) * out.pipelines + p] = trainees;
    if (!pipe.employed) continue;
    const int g = pipe.while_training;
    const double trainee = trainees * model_.groups[g].fte_per_head[y];
    trainee_fte[g] += trainee;
    effective[g] += pipe.productive_share[y] * trainee;
  }

  const TemporaryStaffing& temp = model_.temporary_staffing;
  for (int g = 0; g < groups_; ++g) {
    const StaffGroup& group = model_.groups[g];
    headcount[g] = stock_.segment(g * bands_, bands_).sum();
    fte[g] = headcount[g] * group.fte_per_head[y];
    const double absent = group.sickness_rate[y] * group.sickness_profile_in(y)[month];
    effective[g] = (fte[g] + effective[g]) * (1.0 - absent);

    const double demand = demand_fte_[static_cast<std::size_t>(m) * groups_ + g];
    const double cost = group.cost_per_fte_gbp[y];
    const double shortfall = std::max(0.0, demand - effective[g]);
    const double cover = temp.enabled ? std::min(shortfall, temp.max_cover[y] * demand) : 0.0;
    const double cover_price = temp.enabled
                                   ? temp.bank_share[y] * (1 + temp.bank_premium[y]) +
                                         (1 - temp.bank_share[y]) * (1 + temp.agency_premium[y])
                                   : 0.0;
    const double temporary_cost = cover * cost * cover_price / 12.0;
    const double pay = (fte[g] + trainee_fte[g]) * cost / 12.0 + temporary_cost;
    const double budget = group.budget_gbp[y] / 12.0;

    out.at(Var::demand_fte, m, g) = demand;
    out.at(Var::funded_fte, m, g) = group.funded_fte[y];
    out.at(Var::workforce_gap_fte, m, g) = demand - effective[g];
    out.at(Var::funding_gap_fte, m, g) = demand - group.funded_fte[y];
    out.at(Var::vacancy_fte, m, g) = group.funded_fte[y] - fte[g];
    out.at(Var::temporary_cover_fte, m, g) = cover;
    out.at(Var::unmet_fte, m, g) = shortfall - cover;
    out.at(Var::temporary_cost_gbp, m, g) = temporary_cost;
    out.at(Var::pay_cost_gbp, m, g) = pay;
    out.at(Var::budget_gbp, m, g) = budget;
    out.at(Var::pay_gap_gbp, m, g) = pay - budget;
  }
}

}  // namespace wfsim
