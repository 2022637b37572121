#include "output/summary.h"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <ostream>

#include "model/model.h"

namespace wfsim {
namespace {

constexpr Var kColumns[] = {Var::demand_fte,        Var::effective_fte,   Var::funded_fte,
                            Var::workforce_gap_fte, Var::funding_gap_fte, Var::vacancy_fte,
                            Var::unmet_fte};

void print_rows(std::ostream& os, const Model& model, const AnnualTrajectory& a, int g) {
  for (int y = 0; y < a.years; ++y) {
    std::string line = fmt::format("  {:<10}", model.year_label(y));
    for (Var v : kColumns) {
      const std::size_t i = index_of(v);
      line += fmt::format("{:>10.1f}", g < 0 ? a.total(i, y) : a.at(i, y, g));
    }
    const std::size_t pay = index_of(Var::pay_gap_gbp);
    line += fmt::format("{:>11.2f}", (g < 0 ? a.total(pay, y) : a.at(pay, y, g)) / 1e6);
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
    os << (group.name == group.id ? group.id : fmt::format("{} ({})", group.name, group.id)) << '\n';
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
  if (share) os << "  (value and threshold of the mean; % of replicates raising the flag)\n";
  for (std::size_t i = 0; i < flags.size(); ++i) {
    const Flag& f = flags[i];
    const bool money = f.kind == FlagKind::overspend;
    const std::string value = money ? fmt::format("{:.2f}m", f.value / 1e6) : fmt::format("{:.1f}", f.value);
    const std::string threshold =
        money ? fmt::format("{:.2f}m", f.threshold / 1e6) : fmt::format("{:.1f}", f.threshold);
    fmt::print(os, "  {:<8} {:<8} {:<20} {:<18} {} = {} {} {}{}\n", model.year_label(f.year),
               severity_name(f.severity), f.group < 0 ? "all" : model.groups[f.group].id,
               flag_kind_name(f.kind), flag_metric_name(f.kind), value, f.value > f.threshold ? ">" : "<=",
               threshold, share ? fmt::format("  {:.0f}%", 100 * (*share)[i]) : "");
  }
}

}  // namespace wfsim
