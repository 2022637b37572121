#include "engine/assertions.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "engine/statistics.h"

namespace wfsim {
namespace {

double reduce(const std::string& stat, std::vector<double> values) {
  if (stat == "mean") return std::accumulate(values.begin(), values.end(), 0.0) / values.size();
  if (stat == "min") return *std::min_element(values.begin(), values.end());
  if (stat == "max") return *std::max_element(values.begin(), values.end());
  return quantile(values, std::stod(stat.substr(1)) / 100.0);  // "pNN", checked when loaded
}

// How far a figure is past its bounds (positive: breached).
double excess(const Assertion& a, double figure) {
  double worst = -std::numeric_limits<double>::infinity();
  if (a.max) worst = std::max(worst, figure - *a.max);
  if (a.min) worst = std::max(worst, *a.min - figure);
  return worst;
}

std::string number(double v) {
  if (std::abs(v) >= 1e5) return fmt::format("{:.0f}", v);
  return fmt::format("{:.4g}", v);
}

// Money in millions, as the run's summary prints it ("24.53m").
std::string money(double gbp) {
  return fmt::format("{:.2f}m", gbp / 1e6);
}

}  // namespace

AssertionSamples::AssertionSamples(const Model& model, int replicates)
    : model_(model), replicates_(replicates) {
  samples_.assign(model.assertions.size(), std::vector<std::vector<double>>(
                                               model.years, std::vector<double>(replicates, 0.0)));
}

void AssertionSamples::add(const ReplicateResult& r) {
  for (std::size_t i = 0; i < model_.assertions.size(); ++i) {
    const Assertion& a = model_.assertions[i];
    for (int y = 0; y < model_.years; ++y) {
      double& sample = samples_[i][y][r.replicate];
      if (!a.flag.empty()) {
        FlagKind kind{};
        parse_flag_kind(a.flag, kind);
        sample = std::any_of(r.flags.begin(), r.flags.end(), [&](const Flag& f) {
          return f.kind == kind && f.group == a.group && f.year == y;
        });
      } else {
        const std::size_t v = annual_variable_index(a.metric);
        sample = a.group < 0 ? r.annual.total(v, y) : r.annual.at(v, y, a.group);
      }
    }
  }
}

std::vector<AssertionOutcome> AssertionSamples::evaluate() const {
  std::vector<AssertionOutcome> outcomes;
  for (std::size_t i = 0; i < model_.assertions.size(); ++i) {
    const Assertion& a = model_.assertions[i];
    AssertionOutcome worst{&a, true, 0, -1};
    double worst_excess = -std::numeric_limits<double>::infinity();
    for (int y = 0; y < model_.years; ++y) {
      if (a.year >= 0 && y != a.year) continue;
      const double figure =
          a.flag.empty() ? reduce(a.stat, samples_[i][y]) : reduce("mean", samples_[i][y]);
      const double e = excess(a, figure);
      if (e > worst_excess) {
        worst_excess = e;
        worst.figure = figure;
        worst.year = y;
      }
    }
    worst.passed = !(worst_excess > 0);
    outcomes.push_back(worst);
  }
  return outcomes;
}

std::string AssertionOutcome::describe(const Model& model) const {
  const Assertion& a = *assertion;
  const std::string group = a.group < 0 ? "all" : model.groups[a.group].id;
  const std::string where = fmt::format("{}, {}", group, model.year_label(year));
  std::string what = a.flag.empty() ? fmt::format("{} {}[{}]", a.stat, a.metric, where)
                                    : fmt::format("share raising {}[{}]", a.flag, where);
  const auto text = a.metric.ends_with("_gbp") ? money : number;
  std::string bounds;
  if (a.min) bounds += fmt::format("{} {}", passed || figure >= *a.min ? ">=" : "<", text(*a.min));
  if (a.max) {
    if (!bounds.empty()) bounds += " and ";
    bounds += fmt::format("{} {}", passed || figure <= *a.max ? "<=" : ">", text(*a.max));
  }
  return fmt::format("{} = {} {}{}", what, text(figure), bounds, a.year < 0 ? " (worst year)" : "");
}

}  // namespace wfsim
