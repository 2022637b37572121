#include "output/summary.h"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <ostream>
#include <string>
#include <utility>

#include "model/model.h"
#include "model/printable.h"

namespace wfsim {
namespace {

constexpr Var kColumns[] = {Var::demand_fte,        Var::effective_fte,   Var::funded_fte,
                            Var::workforce_gap_fte, Var::funding_gap_fte, Var::vacancy_fte,
                            Var::unmet_fte};

// The summary fits a 100-column terminal: longer names are cut, marked '~'.
constexpr std::size_t kWidth = 99;
constexpr std::size_t kGroupIdWidth = 20;
// Monte Carlo flags raised in fewer replicates than this (1 future in 20)
// are counted, not listed.
constexpr double kListedShare = 0.05;

std::string fit(const std::string& text, std::size_t width) {
  return text.size() <= width ? text : text.substr(0, width - 1) + "~";
}

// Value and threshold with as many decimals as it takes to tell them apart
// (2.01 > 2.00 must not read "2.0 > 2.0"); money in millions.
std::pair<std::string, std::string> value_and_threshold(const Flag& f) {
  const bool money = f.kind == FlagKind::overspend;
  const double scale = money ? 1e-6 : 1.0;
  const char* unit = money ? "m" : "";
  int decimals = money ? 2 : 1;
  auto text = [&](double x) { return fmt::format("{:.{}f}{}", x * scale, decimals, unit); };
  while (decimals < 6 && text(f.value) == text(f.threshold)) ++decimals;
  return {text(f.value), text(f.threshold)};
}

// A number right-aligned in `width` columns, at least one of them blank so
// that columns never touch: `decimals` places while that fits, else none,
// else scientific notation with as many digits as fit (1.23e+09).
std::string cell(double x, std::size_t width, int decimals) {
  std::string text = fmt::format("{:.{}f}", x, decimals);
  if (text.size() >= width) text = fmt::format("{:.0f}", x);
  for (int digits = 3; text.size() >= width && digits >= 0; --digits)
    text = fmt::format("{:.{}e}", x, digits);
  return fmt::format("{:>{}}", text, width);
}

void print_rows(std::ostream& os, const Model& model, const AnnualTrajectory& a, int g) {
  for (int y = 0; y < a.years; ++y) {
    std::string line = fmt::format("  {:<10}", model.year_label(y));
    for (Var v : kColumns) {
      const std::size_t i = index_of(v);
      line += cell(g < 0 ? a.total(i, y) : a.at(i, y, g), 10, 1);
    }
    const std::size_t pay = index_of(Var::pay_gap_gbp);
    line += cell((g < 0 ? a.total(pay, y) : a.at(pay, y, g)) / 1e6, 11, 2);
    os << line << '\n';
  }
}

}  // namespace

void print_summary(std::ostream& os, const Model& model, const AnnualTrajectory& annual) {
  fmt::print(os, "{:<12}{:>10}{:>10}{:>10}{:>10}{:>10}{:>10}{:>10}{:>11}\n", "", "demand",
             "effective", "funded", "workforce", "funding", "vacancy", "unmet", "pay gap");
  fmt::print(os, "{:<12}{:>10}{:>10}{:>10}{:>10}{:>10}{:>10}{:>10}{:>11}\n", "annual mean", "FTE",
             "FTE", "FTE", "gap FTE", "gap FTE", "FTE", "FTE", "GBP m");
  for (int g = 0; g < annual.groups; ++g) {
    const StaffGroup& group = model.groups[g];
    // A name may hold any text: printed so that it cannot drive the terminal.
    os << fit(printable(group.name == group.id ? group.id
                                               : fmt::format("{} ({})", group.name, group.id)),
              kWidth)
       << '\n';
    print_rows(os, model, annual, g);
  }
  os << "all staff groups\n";
  print_rows(os, model, annual, -1);
}

void print_flags(std::ostream& os, const Model& model, const std::vector<Flag>& flags,
                 const std::vector<double>* share) {
  if (flags.empty()) {
    os << "No flags: workforce matches demand and funding within tolerance in every year.\n";
    return;
  }
  int critical = 0;
  for (const Flag& f : flags) critical += f.severity == Severity::critical;
  fmt::print(os, "Flags: {} ({} critical, {} warning)\n", flags.size(), critical,
             flags.size() - critical);
  if (share) {
    // Monte Carlo: the share of replicates where the metric's name would
    // be (the kind names it), so lines still fit 100 columns; flags that
    // hardly any future raises are counted, not listed.
    os << "  (share of replicates raising the flag; value and threshold of the replicates' mean)\n";
    std::size_t rare = 0;
    for (std::size_t i = 0; i < flags.size(); ++i) {
      const Flag& f = flags[i];
      if ((*share)[i] < kListedShare) {
        ++rare;
        continue;
      }
      const auto [value, threshold] = value_and_threshold(f);
      const std::string group = f.group < 0 ? "all" : fit(model.groups[f.group].id, kGroupIdWidth);
      fmt::print(os, "  {:<8} {:<8} {:>4.0f}% {:<20} {:<18} {} {} {}\n", model.year_label(f.year),
                 severity_name(f.severity), 100 * (*share)[i], group, flag_kind_name(f.kind), value,
                 f.value > f.threshold ? ">" : "<=", threshold);
    }
    if (rare > 0)
      fmt::print(
          os, "  and {} more, each raised in under {:.0f}% of replicates (all are in the file)\n",
          rare, 100 * kListedShare);
    return;
  }
  for (const Flag& f : flags) {
    const auto [value, threshold] = value_and_threshold(f);
    const std::string group = f.group < 0 ? "all" : fit(model.groups[f.group].id, kGroupIdWidth);
    fmt::print(os, "  {:<8} {:<8} {:<20} {:<18} {} = {} {} {}\n", model.year_label(f.year),
               severity_name(f.severity), group, flag_kind_name(f.kind), flag_metric_name(f.kind),
               value, f.value > f.threshold ? ">" : "<=", threshold);
  }
}

}  // namespace wfsim
