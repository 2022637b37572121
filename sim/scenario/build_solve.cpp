// [solve] and [[lever]]: what `wfsim solve` may change and what it must
// achieve (docs/solve.md). Read after the rest of the model, as levers
// name its flows and must not clash with its draws and sweeps.

#include <fmt/format.h>

#include <algorithm>

#include "scenario/build_model.h"

namespace wfsim::scenario {
namespace {

constexpr std::string_view kLeverTargets =
    "international.<id>.per_year, pipeline.<id>.intake_per_year or joiners.<id>.per_year";

template <class T>
int index_of_id(const std::vector<T>& items, std::string_view id) {
  for (std::size_t i = 0; i < items.size(); ++i)
    if (items[i].id == id) return static_cast<int>(i);
  return -1;
}

void read_settings(Reader& r, const toml::table& doc, Model& m) {
  SolveSettings& s = m.solve;
  s.from_year = m.years > 1 ? 1 : 0;
  s.where = SourceLocation{m.file, 1, 1};
  const toml::table* t = r.table(doc.get("solve"), "solve");
  if (!t) return;
  s.where = r.where(*t);
  r.check_keys(*t, "solve", {"objective", "from_year", "max_gap_share", "within_budget"});
  if (auto objective = r.string(t->get("objective"), "solve.objective")) {
    if (*objective == "cost")
      s.objective = SolveObjective::cost;
    else if (*objective == "gap")
      s.objective = SolveObjective::gap;
    else
      r.error(*t->get("objective"), "solve.objective",
              fmt::format("unknown objective '{}' (cost or gap)", *objective));
  }
  if (auto label = r.string(t->get("from_year"), "solve.from_year")) {
    int found = -1;
    for (int y = 0; y < m.years && found < 0; ++y)
      if (m.year_label(y) == *label) found = y;
    if (found < 0)
      r.error(*t->get("from_year"), "solve.from_year",
              fmt::format("unknown plan year '{}' (the plan runs {} to {})", *label,
                          m.year_label(0), m.year_label(m.years - 1)));
    else
      s.from_year = found;
  }
  if (auto share = r.number(t->get("max_gap_share"), "solve.max_gap_share", kShare)) {
    s.max_gap_share_given = true;
    s.max_gap_share = *share;
  }
  s.within_budget = r.boolean(t->get("within_budget"), "solve.within_budget").value_or(false);
}

// The flow a lever's target names; false after reporting why it cannot be one.
bool read_lever_target(Reader& r, const Model& m, const toml::node& node, const std::string& key,
                       Lever& lever) {
  auto fail = [&](std::string message) {
    r.error(node, key, std::move(message));
    return false;
  };
  const std::string& text = lever.target;
  const auto first = text.find('.');
  const auto second = first == std::string::npos ? first : text.find('.', first + 1);
  const std::string kind = text.substr(0, first);
  const std::string id =
      second == std::string::npos ? "" : text.substr(first + 1, second - first - 1);
  const std::string name = second == std::string::npos ? "" : text.substr(second + 1);
  if (kind == "international" && name == "per_year") {
    lever.kind = LeverKind::international;
    lever.index = index_of_id(m.international, id);
    if (lever.index < 0) return fail(fmt::format("unknown international flow '{}'", id));
  } else if (kind == "pipeline" && name == "intake_per_year") {
    lever.kind = LeverKind::pipeline;
    lever.index = index_of_id(m.pipelines, id);
    if (lever.index < 0) return fail(fmt::format("unknown pipeline '{}'", id));
  } else if (kind == "joiners" && name == "per_year") {
    lever.kind = LeverKind::joiners;
    lever.index = index_of_id(m.joiners, id);
    if (lever.index < 0) return fail(fmt::format("unknown joiners flow '{}'", id));
    if (m.joiners[lever.index].by_rate)
      return fail(fmt::format("joiners flow '{}' is given as a rate, not a per_year volume", id));
  } else {
    return fail(
        fmt::format("'{}' is not a per-year volume the system controls ({})", text, kLeverTargets));
  }
  return true;
}

// A lever's values are the solve's to choose: a draw that replaces them
// or a sweep over them would undo the solved plan.
void check_clashes(Reader& r, const Model& m, const toml::node& node, const std::string& key,
                   const Lever& lever) {
  for (const UncertainParameter& u : m.uncertainty)
    if (u.target == lever.target && u.dist != Distribution::lognormal) {
      r.error(node, key,
              fmt::format("{} is drawn by an [[uncertainty.parameter]] ({}:{}) that replaces "
                          "its values, which would undo the solved plan; only a lognormal "
                          "multiplier may draw a lever's target",
                          lever.target, u.where.file, u.where.line));
      return;
    }
  for (const Sweep& s : m.sweeps)
    if (s.target == lever.target) {
      r.error(node, key,
              fmt::format("{} is also swept ({}:{}); a lever's values are the solve's to choose",
                          lever.target, s.where.file, s.where.line));
      return;
    }
}

void read_levers(Reader& r, const toml::table& doc, Model& m) {
  std::vector<std::string> paths;
  for (const Element& e : elements(r, doc.get("lever"), "lever", false)) {
    r.check_keys(*e.table, e.path, {"target", "min", "max", "cost_gbp", "integer"});
    Lever lever;
    lever.where = r.where(*e.table);
    bool ok = true;
    const toml::node* target = e.table->get("target");
    if (!target) {
      r.missing(*e.table, e.path + ".target");
      ok = false;
    } else if (auto text = r.string(target, e.path + ".target")) {
      lever.target = *text;
      ok = read_lever_target(r, m, *target, e.path + ".target", lever);
      if (ok) {
        for (std::size_t i = 0; i < m.levers.size() && ok; ++i)
          if (m.levers[i].target == lever.target) {
            r.error(*target, e.path + ".target",
                    fmt::format("'{}' already has a lever ({})", lever.target, paths[i]));
            ok = false;
          }
        if (ok) check_clashes(r, m, *target, e.path + ".target", lever);
      }
    } else {
      ok = false;
    }
    lever.min = r.per_year(e.table->get("min"), e.path + ".min", kNonNegative)
                    .value_or(PerYear(m.years, 0.0));
    if (!e.table->get("max")) r.missing(*e.table, e.path + ".max");
    auto max = r.per_year(e.table->get("max"), e.path + ".max", kNonNegative);
    lever.max = max.value_or(lever.min);
    if (max && e.table->get("min"))
      for (int y = 0; y < m.years; ++y)
        if (lever.min[y] > lever.max[y]) {
          r.error(*e.table->get("min"), e.path + ".min",
                  fmt::format("must not exceed max ({}) in {}, got {}", number_text(lever.max[y]),
                              m.year_label(y), number_text(lever.min[y])));
          break;
        }
    lever.cost_gbp =
        r.number(e.table->get("cost_gbp"), e.path + ".cost_gbp", kNonNegative).value_or(0);
    lever.integer = r.boolean(e.table->get("integer"), e.path + ".integer").value_or(false);
    if (ok) {
      m.levers.push_back(std::move(lever));
      paths.push_back(e.path);
    }
  }
}

}  // namespace

void build_solve(Reader& reader, const toml::table& document, Model& model) {
  read_settings(reader, document, model);
  read_levers(reader, document, model);
}

}  // namespace wfsim::scenario
