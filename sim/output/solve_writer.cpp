#include "output/solve_writer.h"

#include <limits>
#include <map>

#include "output/hdf5_axes.h"
#include "output/hdf5_handles.h"

namespace wfsim {
namespace {

using h5::check;
using h5::Id;

// Datasets of float64 over the group's own dimension scales.
class SolveGroup {
 public:
  explicit SolveGroup(hid_t file)
      : group_(H5Gcreate2(file, "solve", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
               "create /solve") {}
  hid_t id() const { return group_; }

  void axis(const std::string& name, const std::vector<std::string>& labels) {
    Id d = h5::write_strings(group_, name, labels);
    check(H5DSset_scale(d, name.c_str()), "make " + name + " a dimension scale");
    sizes_[name] = labels.size();
    axes_[name] = std::move(d);
  }

  void put(const std::string& name, const std::vector<std::string>& dims, const std::string& units,
           const std::string& long_name, const std::vector<double>& values) {
    std::vector<hsize_t> shape;
    for (const auto& d : dims) shape.push_back(sizes_.at(d));
    Id space(H5Screate_simple(static_cast<int>(shape.size()), shape.data(), nullptr), H5Sclose,
             "make a space for " + name);
    Id properties(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "make dataset properties");
    h5::fill_with_nan(properties);  // NaN marks values that do not apply (before from_year)
    Id d(H5Dcreate2(group_, name.c_str(), H5T_IEEE_F64LE, space, H5P_DEFAULT, properties,
                    H5P_DEFAULT),
         H5Dclose, "create /solve/" + name);
    for (std::size_t i = 0; i < dims.size(); ++i)
      check(H5DSattach_scale(d, axes_.at(dims[i]), static_cast<unsigned>(i)),
            "attach " + dims[i] + " to " + name);
    h5::describe_variable(d, H5T_IEEE_F64LE, {units, long_name});  // /solve has no year_start
    if (!values.empty())
      check(H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
            "write /solve/" + name);
  }

 private:
  Id group_;
  std::map<std::string, Id> axes_;
  std::map<std::string, hsize_t> sizes_;
};

}  // namespace

void write_solve_group(RunWriter& writer, const Model& model, const SolvedPlan& s) {
  const hid_t file = static_cast<hid_t>(writer.native_file());
  const int years = model.years, groups = static_cast<int>(model.groups.size());
  const int from = model.solve.from_year;
  const std::size_t levers = model.levers.size();
  const double none = std::numeric_limits<double>::quiet_NaN();
  SolveGroup g(file);
  writer.describe_group(g.id());

  std::vector<std::string> targets, group_ids;
  for (const Lever& lever : model.levers) targets.push_back(lever.target);
  for (const StaffGroup& group : model.groups) group_ids.push_back(group.id);
  g.axis("lever", targets);
  g.axis("year", h5::year_labels(model.start_year, years));
  g.axis("staff_group", group_ids);

  auto by_lever_year = [&](auto&& value) {
    std::vector<double> out;
    for (std::size_t j = 0; j < levers; ++j)
      for (int y = 0; y < years; ++y) out.push_back(value(j, y));
    return out;
  };
  const std::string per_year = "per year";
  g.put("lever_value", {"lever", "year"}, per_year, "Solved value of each lever",
        by_lever_year([&](std::size_t j, int y) { return s.levers[j][y]; }));
  g.put("lever_plan_value", {"lever", "year"}, per_year, "The plan's own value of each lever",
        by_lever_year([&](std::size_t j, int y) { return s.plan[j][y]; }));
  g.put("lever_min", {"lever", "year"}, per_year, "Lower bound of each lever",
        by_lever_year([&](std::size_t j, int y) { return model.levers[j].min[y]; }));
  g.put("lever_max", {"lever", "year"}, per_year, "Upper bound of each lever",
        by_lever_year([&](std::size_t j, int y) { return model.levers[j].max[y]; }));
  std::vector<double> unit_cost, integer;
  for (const Lever& lever : model.levers) {
    unit_cost.push_back(lever.cost_gbp);
    integer.push_back(lever.integer ? 1 : 0);
  }
  g.put("lever_unit_cost_gbp", {"lever"}, "GBP", "Cost of one unit, in the year committed",
        unit_cost);
  g.put("lever_integer", {"lever"}, "1", "1 where the lever takes whole units", integer);
  const std::string price_units = s.prices_in_fte ? "FTE-years" : "GBP";
  std::vector<double> bound_price(levers * years, 0.0);
  for (const BoundPrice& p : s.bound_prices) bound_price[p.lever * years + p.year] = p.value;
  g.put("lever_bound_price", {"lever", "year"}, price_units + " per unit",
        "What one unit past a binding lever bound would save (0: not binding)", bound_price);

  auto sum_groups = [&](const std::vector<double>& v, int y) {
    double sum = 0;
    for (int gi = 0; gi < groups; ++gi) sum += v[y * groups + gi];
    return sum;
  };
  std::vector<double> pay, plan_pay, cost, plan_cost;
  for (int y = 0; y < years; ++y) {
    pay.push_back(sum_groups(s.pay_gbp, y));
    plan_pay.push_back(sum_groups(s.plan_pay_gbp, y));
    cost.push_back(pay.back() + s.lever_cost_gbp[y]);
    plan_cost.push_back(plan_pay.back() + s.plan_lever_cost_gbp[y]);
  }
  g.put("pay_cost_gbp", {"year"}, "GBP", "Pay cost of every group, solved plan", pay);
  g.put("plan_pay_cost_gbp", {"year"}, "GBP", "Pay cost of every group, the plan", plan_pay);
  g.put("lever_cost_gbp", {"year"}, "GBP", "Cost of the levers, solved plan", s.lever_cost_gbp);
  g.put("plan_lever_cost_gbp", {"year"}, "GBP", "Cost of the levers, the plan",
        s.plan_lever_cost_gbp);
  g.put("cost_gbp", {"year"}, "GBP", "Pay and lever cost, solved plan", cost);
  g.put("plan_cost_gbp", {"year"}, "GBP", "Pay and lever cost, the plan", plan_cost);

  g.put("workforce_gap_fte", {"year", "staff_group"}, "FTE",
        "Workforce gap the solver predicts for the solved plan", s.gap_fte);
  g.put("plan_workforce_gap_fte", {"year", "staff_group"}, "FTE", "Workforce gap of the plan",
        s.plan_gap_fte);
  std::vector<double> allowed = s.allowed_gap_fte, price(years * groups, 0.0);
  for (int y = 0; y < from; ++y)
    for (int gi = 0; gi < groups; ++gi) allowed[y * groups + gi] = price[y * groups + gi] = none;
  for (const TargetPrice& p : s.target_prices) price[p.year * groups + p.group] = p.value;
  g.put("allowed_gap_fte", {"year", "staff_group"}, "FTE",
        "Target: the largest workforce gap allowed (NaN before from_year)", allowed);
  g.put("shadow_price", {"year", "staff_group"}, price_units + " per FTE",
        "What one more FTE of demand would cost (0: target not binding)", price);
  std::vector<double> budget_price(years, s.budget_applied ? 0.0 : none);
  for (const BudgetPrice& p : s.budget_prices) budget_price[p.year] = p.value;
  g.put("budget_shadow_price", {"year"}, price_units + " per GBP",
        "What one more GBP of pay budget would save (NaN: no budget constraint)", budget_price);

  const hid_t id = g.id();
  h5::set_string_attribute(id, "objective",
                           model.solve.objective == SolveObjective::gap ? "gap" : "cost");
  h5::set_string_attribute(id, "from_year", model.year_label(from));
  h5::set_string_attribute(id, "max_gap_share",
                           model.solve.max_gap_share_given
                               ? std::to_string(model.solve.max_gap_share)
                               : std::string("each group's tolerance"));
  h5::set_number_attribute(id, "within_budget", H5T_NATIVE_INT, s.budget_applied ? 1 : 0);
  h5::set_number_attribute(id, "feasible", H5T_NATIVE_INT, s.feasible ? 1 : 0);
  h5::set_number_attribute(id, "total_cost_gbp", H5T_NATIVE_DOUBLE, s.total_cost_gbp);
  h5::set_number_attribute(id, "plan_total_cost_gbp", H5T_NATIVE_DOUBLE, s.plan_total_cost_gbp);
  h5::set_number_attribute(id, "total_shortfall_fte", H5T_NATIVE_DOUBLE, s.total_shortfall_fte);
  h5::set_number_attribute(id, "rows", H5T_NATIVE_INT, s.rows);
  h5::set_number_attribute(id, "columns", H5T_NATIVE_INT, s.columns);
  h5::set_number_attribute(id, "verified_error", H5T_NATIVE_DOUBLE, s.verified_error);
}

}  // namespace wfsim
