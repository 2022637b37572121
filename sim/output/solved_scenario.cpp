#include "output/solved_scenario.h"

#include <fmt/format.h>

#include "output/solve_report.h"
#include "output/timestamp.h"

namespace wfsim {
namespace {

// A TOML basic string: quotes and backslashes escaped.
std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string_view table_of(LeverKind kind) {
  switch (kind) {
    case LeverKind::international:
      return "international";
    case LeverKind::pipeline:
      return "pipeline";
    case LeverKind::joiners:
      break;
  }
  return "joiners";
}

std::string_view key_of(LeverKind kind) {
  return kind == LeverKind::pipeline ? "intake_per_year" : "per_year";
}

const std::string& id_of(const Model& model, const Lever& lever) {
  switch (lever.kind) {
    case LeverKind::international:
      return model.international[lever.index].id;
    case LeverKind::pipeline:
      return model.pipelines[lever.index].id;
    case LeverKind::joiners:
      break;
  }
  return model.joiners[lever.index].id;
}

}  // namespace

std::string solved_scenario_text(const Model& model, const SolvedPlan& s,
                                 const std::filesystem::path& input,
                                 const std::filesystem::path& output) {
  namespace fs = std::filesystem;
  const fs::path base = fs::absolute(output).parent_path();
  const std::string extends = fs::relative(fs::absolute(input), base).generic_string();
  const int from = model.solve.from_year, last = model.years - 1;
  std::string text = fmt::format(
      "# Solved plan, written by wfsim solve (wfsim {}) on {}.\n"
      "# Solved: {}\n"
      "# Objective: {}; levers from {}{}.\n"
      "# Total cost {} to {} (pay of every group and levers): {}; the plan's: {}.\n",
      WFSIM_VERSION, utc_timestamp(), input.generic_string(),
      model.solve.objective == SolveObjective::gap ? "least shortfall within the pay budget"
                                                   : "least cost meeting every target",
      model.year_label(from),
      model.solve.within_budget && model.solve.objective == SolveObjective::cost
          ? ", within the pay budget"
          : "",
      model.year_label(from), model.year_label(last), gbp(s.total_cost_gbp),
      gbp(s.plan_total_cost_gbp));
  if (!s.feasible)
    text += fmt::format(
        "# INFEASIBLE: the targets cannot all be met; this is the closest plan, which leaves\n"
        "# {:.1f} FTE-years above the allowed gaps.\n",
        s.total_shortfall_fte);
  text += "# `wfsim run` on this file reproduces the solve's figures.\n\n";
  text += fmt::format("[scenario]\nextends = {}\n", quoted(extends));
  for (std::size_t j = 0; j < model.levers.size(); ++j) {
    const Lever& lever = model.levers[j];
    std::string values;
    for (int y = 0; y < model.years; ++y)
      values += fmt::format("{}{}", y == 0 ? "" : ", ", s.levers[j][y]);  // shortest round trip
    text += fmt::format("\n[[{}]]\nid = {}\n{} = [{}]\n", table_of(lever.kind),
                        quoted(id_of(model, lever)), key_of(lever.kind), values);
  }
  return text;
}

}  // namespace wfsim
