#include "output/solve_report.h"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <algorithm>
#include <cmath>
#include <ostream>
#include <vector>

namespace wfsim {
namespace {

// A label column and then plan years, 7 to a block: 22 + 7 * 11 = 99.
constexpr std::size_t kLabelWidth = 22;
constexpr int kYearsPerBlock = 7;

struct Row {
  std::string label;
  std::vector<std::string> cells;  // [year], from from_year
};

void print_wrapped(std::ostream& out, const std::string& text, std::size_t indent);

void print_years(std::ostream& out, const Model& model, const std::vector<Row>& rows) {
  const int from = model.solve.from_year;
  for (int first = from; first < model.years; first += kYearsPerBlock) {
    const int last = std::min(model.years, first + kYearsPerBlock);
    std::string header(kLabelWidth, ' ');
    for (int y = first; y < last; ++y) header += fmt::format("{:>11}", model.year_label(y));
    out << header << '\n';
    for (const Row& row : rows) {
      std::string line = row.label;
      if (line.size() > kLabelWidth || row.cells.empty()) {
        print_wrapped(out, line, 4);
        if (row.cells.empty()) continue;
        line.clear();
      }
      line.resize(kLabelWidth, ' ');
      for (int y = first; y < last; ++y) line += fmt::format("{:>11}", row.cells[y - from]);
      out << line << '\n';
    }
  }
}

std::string number(double v, int decimals) {
  if (std::abs(v) < 0.5 * std::pow(10.0, -decimals)) v = 0;  // no "-0.0"
  return fmt::format("{:.{}f}", v, decimals);
}

std::vector<std::string> cells(const Model& model, auto&& value, int decimals) {
  std::vector<std::string> out;
  for (int y = model.solve.from_year; y < model.years; ++y)
    out.push_back(number(value(y), decimals));
  return out;
}

// Prints `text` within 99 columns, breaking at spaces; continuation lines
// are indented by `indent`.
void print_wrapped(std::ostream& out, const std::string& text, std::size_t indent) {
  constexpr std::size_t kWidth = 99;
  std::size_t at = text.find_first_not_of(' ');
  if (at == std::string::npos) at = text.size();
  std::string line = text.substr(0, at);  // the indent of the first line
  while (at < text.size()) {
    std::size_t end = text.find(' ', at);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(at, end - at);
    const bool fresh = line.find_first_not_of(' ') == std::string::npos;
    if (!fresh && line.size() + 1 + word.size() > kWidth) {
      out << line << '\n';
      line = std::string(indent, ' ') + word;
    } else {
      line += (fresh ? "" : " ") + word;
    }
    at = end + 1;
  }
  out << line << '\n';
}

std::string objective_words(const Model& model) {
  if (model.solve.objective == SolveObjective::gap) return "least shortfall within the pay budget";
  return model.solve.within_budget ? "least cost meeting every target within the pay budget"
                                   : "least cost meeting every target";
}

std::string price_text(const SolvedPlan& s, double value) {
  return s.prices_in_fte ? fmt::format("{:.3f} FTE-years of shortfall", value) : gbp(value);
}

}  // namespace

std::string gbp(double value) {
  const long long whole = std::llround(std::abs(value));
  std::string digits = std::to_string(whole), grouped;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
    grouped += digits[i];
  }
  return (value < 0 && whole != 0 ? "GBP -" : "GBP ") + grouped;
}

void print_infeasible(std::ostream& out, const Model& model, const SolvedPlan& s) {
  if (s.short_at_max.empty())
    out << "Each target can be met alone with every lever at its maximum, but not all together"
        << (s.budget_applied ? " within the pay budget" : "") << ".\n";
  for (const Shortfall& f : s.short_at_max)
    fmt::print(out, "{} {}: {:.1f} FTE short with every lever at max\n", model.groups[f.group].id,
               model.year_label(f.year), f.fte);
}

void print_solve_report(std::ostream& out, const Model& model, const SolvedPlan& s) {
  const int groups = static_cast<int>(model.groups.size());
  const int from = model.solve.from_year, last = model.years - 1;
  fmt::print(out, "{} ({})\n", model.name, model.file);
  fmt::print(out, "objective: {}, levers from {}\n", objective_words(model),
             model.year_label(from));
  fmt::print(out, "targets: workforce gap at most {} of demand, every group, {} to {}\n",
             model.solve.max_gap_share_given
                 ? fmt::format("{:g} %", 100 * model.solve.max_gap_share)
                 : std::string("each group's tolerance"),
             model.year_label(from), model.year_label(last));
  fmt::print(out,
             "problem: {} rows, {} columns ({} integer levers, {} binary); COIN-OR {} {:.3f} s\n",
             s.rows, s.columns, s.integer_columns, s.binary_columns,
             s.integer_columns + s.binary_columns > 0 ? "Cbc" : "Clp", s.solver_seconds);
  fmt::print(out, "built from {} engine runs, {} linearisation{}\n", s.engine_runs,
             s.linearisations, s.linearisations == 1 ? "" : "s");
  fmt::print(out, "verified: the engine's run of this plan matches the prediction to {:.1e}\n",
             s.verified_error);
  if (!s.feasible) {
    out << "\nINFEASIBLE: the targets cannot be met.\n";
    print_infeasible(out, model, s);
    fmt::print(out, "The closest plan below leaves {:.1f} FTE-years above the allowed gaps.\n",
               s.total_shortfall_fte);
  }

  out << "\nLever values by year\n";
  std::vector<Row> rows;
  for (std::size_t j = 0; j < model.levers.size(); ++j) {
    const Lever& lever = model.levers[j];
    rows.push_back(
        {lever.target + (lever.cost_gbp > 0 ? ", " + gbp(lever.cost_gbp) + " each" : ""), {}});
    rows.push_back({"  solved", cells(
                                    model, [&](int y) { return s.levers[j][y]; }, 1)});
    rows.push_back({"  plan", cells(
                                  model, [&](int y) { return s.plan[j][y]; }, 1)});
  }
  print_years(out, model, rows);

  out << "\nCost by year, GBP million (pay of every group, and levers)\n";
  auto pay = [&](const std::vector<double>& by_group, int y) {
    double sum = 0;
    for (int g = 0; g < groups; ++g) sum += by_group[y * groups + g];
    return sum;
  };
  auto total = [&](const std::vector<double>& p, const std::vector<double>& l, int y) {
    return (pay(p, y) + l[y]) / 1e6;
  };
  print_years(
      out, model,
      {{"pay: solved", cells(
                           model, [&](int y) { return pay(s.pay_gbp, y) / 1e6; }, 1)},
       {"pay: plan", cells(
                         model, [&](int y) { return pay(s.plan_pay_gbp, y) / 1e6; }, 1)},
       {"levers: solved", cells(
                              model, [&](int y) { return s.lever_cost_gbp[y] / 1e6; }, 1)},
       {"levers: plan", cells(
                            model, [&](int y) { return s.plan_lever_cost_gbp[y] / 1e6; }, 1)},
       {"total: solved",
        cells(
            model, [&](int y) { return total(s.pay_gbp, s.lever_cost_gbp, y); }, 1)},
       {"total: plan",
        cells(
            model, [&](int y) { return total(s.plan_pay_gbp, s.plan_lever_cost_gbp, y); }, 1)},
       {"change", cells(
                      model,
                      [&](int y) {
                        return total(s.pay_gbp, s.lever_cost_gbp, y) -
                               total(s.plan_pay_gbp, s.plan_lever_cost_gbp, y);
                      },
                      1)}});
  const double change = s.total_cost_gbp - s.plan_total_cost_gbp;
  fmt::print(out, "Total {} to {}: {}, {} {} than the plan's {}\n", model.year_label(from),
             model.year_label(last), gbp(s.total_cost_gbp), gbp(std::abs(change)),
             change <= 0 ? "less" : "more", gbp(s.plan_total_cost_gbp));

  out << "\nGaps left: workforce gap, FTE (* above the allowed gap; plan in brackets at the end)\n";
  rows.clear();
  for (int g = 0; g < groups; ++g) {
    std::vector<std::string> c;
    for (int y = from; y < model.years; ++y) {
      const int i = y * groups + g;
      const bool over =
          s.gap_fte[i] - s.allowed_gap_fte[i] > kVerifyTolerance * std::max(1.0, s.demand_fte[i]);
      c.push_back(number(s.gap_fte[i], 1) + (over ? "*" : " "));
    }
    rows.push_back({"  " + model.groups[g].id, c});
  }
  print_years(out, model, rows);
  std::string plan_last;
  for (int g = 0; g < groups; ++g) {
    const double solved_gap = s.gap_fte[last * groups + g];
    const double plan_gap = s.plan_gap_fte[last * groups + g];
    if (std::abs(solved_gap - plan_gap) > 0.05)
      plan_last += fmt::format("{}{} {} ({})", plan_last.empty() ? "" : ", ", model.groups[g].id,
                               number(solved_gap, 1), number(plan_gap, 1));
  }
  if (!plan_last.empty())
    print_wrapped(out, fmt::format("In {}, solved (plan): {}", model.year_label(last), plan_last),
                  4);

  out << "\nBinding targets: what one more FTE of demand would cost\n";
  if (s.target_prices.empty()) out << "  none\n";
  for (const TargetPrice& p : s.target_prices)
    print_wrapped(out,
                  fmt::format("  {} {}: {} per FTE", model.groups[p.group].id,
                              model.year_label(p.year), price_text(s, p.value)),
                  6);
  if (s.budget_applied) {
    out << "\nBinding pay budgets: what one more GBP million of budget would save\n";
    if (s.budget_prices.empty()) out << "  none\n";
    for (const BudgetPrice& p : s.budget_prices)
      fmt::print(out, "  {}: {}\n", model.year_label(p.year), price_text(s, p.value * 1e6));
  }
  out << "\nBinding lever bounds: what one unit past the bound would save\n";
  if (s.bound_prices.empty()) out << "  none\n";
  for (const BoundPrice& p : s.bound_prices) {
    const Lever& lever = model.levers[p.lever];
    print_wrapped(out,
                  fmt::format("  {} {}: at its {} ({}), {} per unit", lever.target,
                              model.year_label(p.year), p.at_max ? "max" : "min",
                              number(p.at_max ? lever.max[p.year] : lever.min[p.year], 1),
                              price_text(s, p.value)),
                  6);
  }
}

}  // namespace wfsim
