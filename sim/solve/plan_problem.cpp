#include "solve/plan_problem.h"

#include <algorithm>
#include <map>

namespace wfsim {

double cover_fte(const Model& model, double demand_fte, double effective_fte) {
  const TemporaryStaffing& t = model.temporary_staffing;
  if (!t.enabled) return 0;
  return std::min(std::max(0.0, demand_fte - effective_fte), t.max_cover * demand_fte);
}

double cover_price_gbp(const Model& model, int group, int year) {
  const TemporaryStaffing& t = model.temporary_staffing;
  const double premium =
      t.bank_share * (1 + t.bank_premium) + (1 - t.bank_share) * (1 + t.agency_premium);
  return model.groups[group].cost_per_fte_gbp[year] * premium / 12.0;
}

void PlanProblem::use_objective(bool minimise_shortfall) {
  lp.objective = minimise_shortfall ? shortfall : cost;
}

namespace {

class Builder {
 public:
  Builder(const Model& model, const Responses& r, const PlanProblemOptions& options)
      : m_(model),
        r_(r),
        o_(options),
        groups_(r.groups),
        years_(model.years),
        from_(model.solve.from_year) {}

  PlanProblem build() {
    shift_to_columns();
    lever_columns();
    targets();
    if (o_.budget) budget_rows();
    covers();
    p_.use_objective(false);
    return std::move(p_);
  }

 private:
  int gy(int y, int g) const { return y * groups_ + g; }

  // e(x) = e0 + sum_k R_k (x_k - x0_k) = const + sum_k R_k x_k: the
  // constants, and the bounds of e over the lever box.
  void shift_to_columns() {
    const std::size_t cells = r_.effective_fte.size();
    effective_const_ = r_.effective_fte;
    paid_const_ = r_.paid_gbp;
    low_ = high_ = r_.effective_fte;
    for (std::size_t k = 0; k < r_.columns.size(); ++k) {
      const LeverYear c = r_.columns[k];
      const Lever& lever = m_.levers[c.lever];
      const double x0 = r_.point[c.lever][c.year];
      for (const Responses::Entry& e : r_.by_column[k]) {
        effective_const_[e.cell] -= e.effective_fte * x0;
        paid_const_[e.cell] -= e.paid_gbp * x0;
        const double down = e.effective_fte * (lever.min[c.year] - x0);
        const double up = e.effective_fte * (lever.max[c.year] - x0);
        low_[e.cell] += std::min(down, up);
        high_[e.cell] += std::max(down, up);
      }
    }
    (void)cells;
  }

  void lever_columns() {
    p_.lever_columns = static_cast<int>(r_.columns.size());
    for (std::size_t k = 0; k < r_.columns.size(); ++k) {
      const LeverYear c = r_.columns[k];
      const Lever& lever = m_.levers[c.lever];
      double cost = lever.cost_gbp;
      for (const Responses::Entry& e : r_.by_column[k])
        if (e.cell / groups_ >= 12 * from_) cost += e.paid_gbp;
      column(lever.min[c.year], lever.max[c.year], cost, 0, lever.integer);
    }
    for (std::size_t c = 12 * from_ * groups_; c < paid_const_.size(); ++c)
      p_.cost_constant += paid_const_[c];
  }

  int column(double lower, double upper, double cost, double shortfall, bool integer) {
    p_.cost.push_back(cost);
    p_.shortfall.push_back(shortfall);
    return p_.lp.add_column(lower, upper, 0, integer);
  }

  double demand_of(int y, int g) const {
    double sum = 0;
    for (int m = 12 * y; m < 12 * y + 12; ++m) sum += r_.demand_fte[r_.cell(m, g)];
    return sum / 12.0;
  }

  // Mean effective supply over the year >= (1 - share) * mean demand.
  void targets() {
    p_.target_row.assign(years_ * groups_, -1);
    p_.shortfall_col.assign(years_ * groups_, -1);
    p_.cost_per_demand.assign(years_ * groups_, 0.0);
    for (int g = 0; g < groups_; ++g)
      p_.target_share.push_back(m_.solve.max_gap_share_given ? m_.solve.max_gap_share
                                                             : m_.groups[g].tolerance);
    for (int y = from_; y < years_; ++y)
      for (int g = 0; g < groups_; ++g) {
        double constant = 0;
        for (int m = 12 * y; m < 12 * y + 12; ++m) constant += effective_const_[r_.cell(m, g)];
        const double share = 1 - p_.target_share[g];
        const int row = p_.lp.add_row(share * demand_of(y, g) - constant / 12.0, kUnbounded);
        p_.target_row[gy(y, g)] = row;
        p_.demand_links.push_back({row, gy(y, g), share, -1});
        if (o_.soft_targets) {
          const int u = column(0, kUnbounded, 0, 1, false);
          p_.shortfall_col[gy(y, g)] = u;
          p_.lp.add(row, u, 1);
        }
      }
    for (std::size_t k = 0; k < r_.columns.size(); ++k) {
      std::map<int, double> by_row;
      for (const Responses::Entry& e : r_.by_column[k]) {
        const int row = p_.target_row[gy(e.cell / groups_ / 12, e.cell % groups_)];
        if (row >= 0) by_row[row] += e.effective_fte / 12.0;
      }
      for (auto [row, value] : by_row) p_.lp.add(row, static_cast<int>(k), value);
    }
  }

  // Sum over groups of pay <= sum of budgets, each year from from_year;
  // the cover terms are added by covers().
  void budget_rows() {
    p_.budget_row.assign(years_, -1);
    for (int y = from_; y < years_; ++y) {
      double budget = 0, paid = 0;
      for (int g = 0; g < groups_; ++g) {
        budget += m_.groups[g].budget_gbp[y];
        for (int m = 12 * y; m < 12 * y + 12; ++m) paid += paid_const_[r_.cell(m, g)];
      }
      p_.budget_row[y] = p_.lp.add_row(-kUnbounded, budget - paid);
    }
    for (std::size_t k = 0; k < r_.columns.size(); ++k) {
      std::map<int, double> by_row;
      for (const Responses::Entry& e : r_.by_column[k]) {
        const int row = p_.budget_row[e.cell / groups_ / 12];
        if (row >= 0) by_row[row] += e.paid_gbp;
      }
      for (auto [row, value] : by_row) p_.lp.add(row, static_cast<int>(k), value);
    }
  }

  int budget_row_of(int y) const { return o_.budget ? p_.budget_row[y] : -1; }

  // A constant cover cost: in the objective's constant and off the budget.
  void constant_cover(int y, int g, double cost, double cost_per_demand) {
    p_.cost_constant += cost;
    p_.cost_per_demand[gy(y, g)] += cost_per_demand;
    if (const int row = budget_row_of(y); row >= 0) {
      p_.lp.row_upper[row] -= cost;
      p_.demand_links.push_back({row, gy(y, g), -cost_per_demand, -1});
    }
  }

  // A cover column (price per FTE-month), in the objective and the budget.
  int cover_column(int y, double price) {
    const int col = column(0, kUnbounded, price, 0, false);
    if (const int row = budget_row_of(y); row >= 0) p_.lp.add(row, col, price);
    return col;
  }

  // The entries of supply in a cell, by column, times `scale`, into `row`.
  void add_supply(int row, int cell, double scale) {
    for (const auto& [k, value] : cell_entries_[cell]) p_.lp.add(row, k, scale * value);
  }

  void covers() {
    const TemporaryStaffing& t = m_.temporary_staffing;
    if (!t.enabled || t.max_cover <= 0) return;
    cell_entries_.assign(r_.effective_fte.size(), {});
    for (std::size_t k = 0; k < r_.columns.size(); ++k)
      for (const Responses::Entry& e : r_.by_column[k])
        if (e.effective_fte != 0)
          cell_entries_[e.cell].push_back({static_cast<int>(k), e.effective_fte});
    for (int m = 12 * from_; m < 12 * years_; ++m) {
      const int y = m / 12;
      for (int g = 0; g < groups_; ++g) {
        const int cell = r_.cell(m, g);
        const double d = r_.demand_fte[cell], cap = t.max_cover * d;
        const double price = cover_price_gbp(m_, g, y);
        const double short_low = d - high_[cell], short_high = d - low_[cell];
        if (short_high <= 0 || cap <= 0) continue;  // never short, or no cover
        if (short_low >= cap) {                     // always at the cap
          constant_cover(y, g, price * cap, price * t.max_cover);
          continue;
        }
        // Shortfall d - e = (d - const) - sum_k R_k x_k.
        const double open = d - effective_const_[cell];
        if (short_high <= cap && short_low >= 0) {  // always short, never capped: affine
          constant_cover(y, g, price * open, price);
          for (const auto& [k, value] : cell_entries_[cell]) {
            p_.cost[k] -= price * value;
            if (const int row = budget_row_of(y); row >= 0) p_.lp.add(row, k, -price * value);
          }
          continue;
        }
        // cover >= d - e (and >= 0): exact when its price is minimised.
        const int cover = cover_column(y, price);
        const int above = p_.lp.add_row(open, kUnbounded);
        p_.lp.add(above, cover, 1);
        add_supply(above, cell, 1);
        p_.demand_links.push_back({above, gy(y, g), 1, -1});
        if (short_high <= cap) continue;
        // The cap can bind: binary z picks the piece. z = 1: cover >= cap
        // and the shortfall row is relaxed by short_high - cap; z = 0:
        // cover >= max(0, d - e). The minimum of the two is the cover.
        const int z = column(0, 1, 0, 0, true);
        ++p_.binary_columns;
        p_.lp.add(above, z, short_high - cap);
        const int at_cap = p_.lp.add_row(0, kUnbounded);
        p_.lp.add(at_cap, cover, 1);
        p_.lp.add(at_cap, z, -cap);
        p_.demand_links.push_back({at_cap, gy(y, g), t.max_cover, z});
      }
    }
  }

  const Model& m_;
  const Responses& r_;
  PlanProblemOptions o_;
  int groups_, years_, from_;
  PlanProblem p_;
  std::vector<double> effective_const_, paid_const_, low_, high_;
  std::vector<std::vector<std::pair<int, double>>> cell_entries_;
};

}  // namespace

PlanProblem build_plan_problem(const Model& model, const Responses& responses,
                               const PlanProblemOptions& options) {
  return Builder(model, responses, options).build();
}

Prediction predict(const Model& model, const Responses& r, const std::vector<double>& x) {
  const int groups = r.groups, years = model.years, from = model.solve.from_year;
  std::vector<double> effective = r.effective_fte, paid = r.paid_gbp;
  for (std::size_t k = 0; k < r.columns.size(); ++k) {
    const double dx = x[k] - r.point[r.columns[k].lever][r.columns[k].year];
    if (dx == 0) continue;
    for (const Responses::Entry& e : r.by_column[k]) {
      effective[e.cell] += e.effective_fte * dx;
      paid[e.cell] += e.paid_gbp * dx;
    }
  }
  Prediction p;
  const std::size_t n = static_cast<std::size_t>(years) * groups;
  p.effective_fte.assign(n, 0.0);
  p.demand_fte.assign(n, 0.0);
  p.gap_fte.assign(n, 0.0);
  p.pay_gbp.assign(n, 0.0);
  p.lever_cost_gbp.assign(years, 0.0);
  for (int m = 0; m < r.months; ++m)
    for (int g = 0; g < groups; ++g) {
      const int cell = r.cell(m, g), y = m / 12;
      const double cover = cover_fte(model, r.demand_fte[cell], effective[cell]);
      p.effective_fte[y * groups + g] += effective[cell] / 12.0;
      p.demand_fte[y * groups + g] += r.demand_fte[cell] / 12.0;
      p.pay_gbp[y * groups + g] += paid[cell] + cover * cover_price_gbp(model, g, y);
    }
  for (std::size_t i = 0; i < n; ++i) p.gap_fte[i] = p.demand_fte[i] - p.effective_fte[i];
  for (std::size_t k = 0; k < r.columns.size(); ++k)
    p.lever_cost_gbp[r.columns[k].year] += model.levers[r.columns[k].lever].cost_gbp * x[k];
  for (int y = from; y < years; ++y) {
    p.total_cost_gbp += p.lever_cost_gbp[y];
    for (int g = 0; g < groups; ++g) p.total_cost_gbp += p.pay_gbp[y * groups + g];
  }
  return p;
}

}  // namespace wfsim
