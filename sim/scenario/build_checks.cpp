// [[assert]], [[uncertainty.parameter]] and [[sweep]]: the entries that
// refer to the rest of the model (groups, plan years, per-year targets).

#include <fmt/format.h>

#include <algorithm>

#include "engine/flags.h"
#include "engine/variables.h"
#include "scenario/build_model.h"

namespace wfsim::scenario {
namespace {

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// "staff group", "joiners flow" ...: how messages name an element of a kind.
std::string kind_words(std::string_view kind) {
  if (kind == "joiners") return "joiners flow";
  if (kind == "international") return "international flow";
  if (kind == "skill_mix") return "skill-mix edge";
  std::string words(kind);
  std::replace(words.begin(), words.end(), '_', ' ');
  return words;
}

std::vector<std::string> ids_of_kind(const Model& m, std::string_view kind) {
  std::vector<std::string> ids;
  auto collect = [&](const auto& items) {
    for (const auto& item : items) ids.push_back(item.id);
  };
  if (kind == "staff_group") collect(m.groups);
  if (kind == "joiners") collect(m.joiners);
  if (kind == "international") collect(m.international);
  if (kind == "pipeline") collect(m.pipelines);
  if (kind == "activity") collect(m.activities);
  if (kind == "activity_shift") collect(m.activity_shifts);
  if (kind == "establishment") collect(m.establishments);
  if (kind == "skill_mix") collect(m.skill_mix);
  return ids;
}

// Checks a target; returns its slots in `m` (for the range its values must
// stay in, and whether it is one value or one per year).
std::optional<TargetSlots> read_target(Reader& r, Model& m, const toml::node* node,
                                       const std::string& key, std::string& target) {
  auto text = r.string(node, key);
  if (!text) return std::nullopt;
  target = *text;
  auto fail = [&](std::string message) -> std::optional<TargetSlots> {
    r.error(*node, key, std::move(message));
    return std::nullopt;
  };
  const std::string gain = "productivity.gain";
  if (*text == gain) {
    if (auto slots = resolve_target(m, *text)) return slots;
    return fail("no staff group has a productivity gain ([productivity] gain names none)");
  }
  if (text->rfind(gain + ".", 0) == 0) {
    const std::string group = text->substr(gain.size() + 1);
    const auto ids = ids_of_kind(m, "staff_group");
    if (std::find(ids.begin(), ids.end(), group) == ids.end())
      return fail(fmt::format("unknown staff group '{}'", group));
    if (auto slots = resolve_target(m, *text)) return slots;
    return fail(fmt::format("[productivity] gain gives staff group '{}' no gain", group));
  }
  const std::string temporary = "temporary_staffing.";
  if (text->rfind(temporary, 0) == 0) {
    if (auto slots = resolve_target(m, *text)) return slots;
    if (!m.temporary_staffing.enabled) return fail("the scenario has no [temporary_staffing]");
    const auto& kinds = target_keys();
    const auto k = std::find_if(kinds.begin(), kinds.end(),
                                [](const auto& e) { return e.first == "temporary_staffing"; });
    return fail(fmt::format("'{}' is not a per-year value of temporary_staffing (one of: {})",
                            text->substr(temporary.size()), join_names(k->second)));
  }
  // kind.id.key; ids hold no dots, and of the keys only leaver_rate_by_age.<band>.
  const auto first = text->find('.');
  const auto second = first == std::string::npos ? first : text->find('.', first + 1);
  if (second == std::string::npos)
    return fail(fmt::format("expected 'kind.id.key' or 'productivity.gain', got '{}'", *text));
  const std::string kind = text->substr(0, first);
  const std::string id = text->substr(first + 1, second - first - 1);
  const std::string name = text->substr(second + 1);
  const std::string by_age = "leaver_rate_by_age.";
  const bool band_key = kind == "staff_group" && name.rfind(by_age, 0) == 0;
  const auto& kinds = target_keys();
  auto k = std::find_if(kinds.begin(), kinds.end(), [&](const auto& e) { return e.first == kind; });
  if (k == kinds.end() || kind == "productivity" || kind == "temporary_staffing")
    return fail(fmt::format("unknown target kind '{}'", kind));
  if (!band_key && (name.find('.') != std::string::npos ||
                    std::find(k->second.begin(), k->second.end(), name) == k->second.end()))
    return fail(fmt::format("'{}' is not a per-year value of {} (one of: {})", name, kind,
                            join_names(k->second)));
  const auto ids = ids_of_kind(m, kind);
  if (id.empty() || std::find(ids.begin(), ids.end(), id) == ids.end())
    return fail(fmt::format("unknown {} '{}'", kind_words(kind), id));
  if (band_key) {
    const std::string band = name.substr(by_age.size());
    auto b = std::find_if(m.age_bands.begin(), m.age_bands.end(),
                          [&](const AgeBand& a) { return a.id == band; });
    if (!m.has_age_bands || b == m.age_bands.end())
      return fail(fmt::format("unknown age band '{}'", band));
  }
  if (auto slots = resolve_target(m, *text)) return slots;
  return fail(fmt::format("{} '{}' does not set {}", kind_words(kind), id, name));
}

struct Shape {
  std::string_view name;
  Distribution dist;
  std::vector<std::string_view> params;
};
const std::vector<Shape> kShapes = {
    {"normal", Distribution::normal, {"mean", "sd"}},
    {"uniform", Distribution::uniform, {"low", "high"}},
    {"triangular", Distribution::triangular, {"low", "mode", "high"}},
    {"beta", Distribution::beta, {"alpha", "beta"}},
    {"lognormal", Distribution::lognormal, {"median", "sigma"}},
};

std::string_view distribution_name(Distribution d) {
  for (const Shape& s : kShapes)
    if (s.dist == d) return s.name;
  return "";
}

// Whether two targets write any slot in common (productivity.gain and
// productivity.gain.<group>, or one target named twice).
bool overlap(Model& m, const std::string& a, const std::string& b) {
  auto sa = resolve_target(m, a), sb = resolve_target(m, b);
  if (!sa || !sb) return false;
  for (const auto& year_a : sa->by_year)
    for (const double* p : year_a)
      for (const auto& year_b : sb->by_year)
        if (std::find(year_b.begin(), year_b.end(), p) != year_b.end()) return true;
  return false;
}

void read_assertions(Reader& r, const toml::table& doc, Model& m) {
  std::vector<std::string> group_ids;
  for (const auto& g : m.groups) group_ids.push_back(g.id);
  for (const Element& e : elements(r, doc.get("assert"), "assert", true)) {
    r.check_keys(*e.table, e.path, {"id", "metric", "flag", "group", "year", "stat", "max", "min"});
    Assertion a;
    a.id = e.id;
    a.where = r.where(*e.table);
    const toml::node* metric = e.table->get("metric");
    const toml::node* flag = e.table->get("flag");
    if (metric && flag) {
      r.error(*flag, e.path + ".flag", "give metric or flag, not both");
    } else if (!metric && !flag) {
      r.error(*e.table, e.path, "one of metric or flag is required");
    } else if (metric) {
      if (auto name = r.string(metric, e.path + ".metric")) {
        if (annual_variable_index(*name) == kAnnualVarCount)
          r.error(*metric, e.path + ".metric", fmt::format("unknown metric '{}'", *name));
        else
          a.metric = *name;
      }
    } else if (auto name = r.string(flag, e.path + ".flag")) {
      FlagKind kind;
      if (!parse_flag_kind(*name, kind))
        r.error(*flag, e.path + ".flag", fmt::format("unknown flag kind '{}'", *name));
      else
        a.flag = *name;
    }

    if (const toml::node* group = e.table->get("group")) {
      auto name = r.string(group, e.path + ".group");
      if (name && *name != "all")
        a.group = r.reference(group, e.path + ".group", group_ids, "staff group");
    }
    if (const toml::node* year = e.table->get("year")) {
      if (auto label = r.string(year, e.path + ".year"); label && *label != "any") {
        for (int y = 0; y < m.years && a.year < 0; ++y)
          if (m.year_label(y) == *label) a.year = y;
        if (a.year < 0)
          r.error(*year, e.path + ".year",
                  fmt::format("unknown plan year '{}' (the plan runs {} to {}; or \"any\")", *label,
                              m.year_label(0), m.year_label(m.years - 1)));
      }
    }
    if (const toml::node* stat = e.table->get("stat"); stat && flag) {
      r.error(*stat, e.path + ".stat",
              "not allowed with flag (a flag's figure is the share of replicates raising it)");
    } else if (stat) {
      if (auto s = r.string(stat, e.path + ".stat")) {
        bool ok = *s == "mean" || *s == "min" || *s == "max";
        if (!ok && s->size() >= 2 && s->size() <= 3 && (*s)[0] == 'p' && (*s)[1] >= '1' &&
            (*s)[1] <= '9' &&
            std::all_of(s->begin() + 1, s->end(), [](char c) { return c >= '0' && c <= '9'; }))
          ok = true;
        if (ok)
          a.stat = *s;
        else
          r.error(*stat, e.path + ".stat",
                  fmt::format("must be mean, min, max or p1 ... p99, got '{}'", *s));
      }
    }
    const ValueRange bound = flag ? kShare : kAnyNumber;
    a.max = r.number(e.table->get("max"), e.path + ".max", bound);
    a.min = r.number(e.table->get("min"), e.path + ".min", bound);
    if (!e.table->get("max") && !e.table->get("min"))
      r.error(*e.table, e.path, "one of max or min is required");
    m.assertions.push_back(std::move(a));
  }
}

// The node a target's value was written at ("staff_group.hcsw.leaver_rate"
// -> that element's key, or the [defaults] one it falls back to), or null.
const toml::node* value_node(const toml::table& doc, const std::string& target) {
  std::vector<std::string> parts;
  for (std::size_t at = 0, dot; at <= target.size(); at = dot + 1) {
    dot = target.find('.', at);
    if (dot == std::string::npos) dot = target.size();
    parts.push_back(target.substr(at, dot - at));
  }
  const toml::node* node = doc.get(parts[0]);
  std::size_t next = 1;
  if (const toml::array* elements = node ? node->as_array() : nullptr) {
    node = nullptr;
    if (parts.size() < 3) return nullptr;
    for (const toml::node& element : *elements)
      if (const toml::table* t = element.as_table())
        if (const toml::node* id = t->get("id"); id && id->value<std::string>() == parts[1])
          node = t;
    next = 2;
    if (node && parts[0] == "staff_group" && !node->as_table()->get(parts[2]))
      if (const toml::table* defaults = doc.get_as<toml::table>("defaults")) node = defaults;
  }
  for (; node && next < parts.size(); ++next)
    node = node->as_table() ? node->as_table()->get(parts[next]) : nullptr;
  return node;
}

// A distribution that replaces a value (all but lognormal) undoes a later
// layer's change to that value in every replicate: a stress file that
// raises a leaver rate the plan draws from a normal would lose its stress
// in Monte Carlo. Such a change, in the file being loaded, must restate the
// distribution (by target, in that file) or the plan must draw a lognormal
// multiplier. (A file that adds a distribution over a value it inherits is
// fine: the distribution is the change.)
void check_change_kept(Reader& r, const toml::table& doc, const Model& m, const Element& e,
                       const UncertainParameter& p, const Shape& shape) {
  const toml::node* value = value_node(doc, p.target);
  if (!value) return;
  const SourceLocation changed = r.where(*value);
  if (changed.file != m.file) return;
  for (std::string_view key : shape.params)
    if (const toml::node* param = e.table->get(key); param && r.where(*param).file == changed.file)
      return;
  const SourceLocation drawn = r.where(*e.table);
  if (drawn.file == changed.file) return;
  r.error(changed, p.target,
          fmt::format("changed here, but the {} of {} ({}:{}) replaces it in every replicate: "
                      "restate that distribution here by its target, or draw a lognormal "
                      "multiplier",
                      shape.name, e.path, drawn.file, drawn.line));
}

void read_uncertainty(Reader& r, const toml::table& doc, Model& m) {
  const toml::table* u = r.table(doc.get("uncertainty"), "uncertainty");
  if (!u) return;
  r.check_keys(*u, "uncertainty", {"stochastic_flows", "parameter"});
  m.stochastic_flows =
      r.boolean(u->get("stochastic_flows"), "uncertainty.stochastic_flows").value_or(false);

  const auto& shapes = kShapes;
  for (const Element& e : elements(r, u->get("parameter"), "uncertainty.parameter", false)) {
    UncertainParameter p;
    p.where = r.where(*e.table);
    const toml::node* target = e.table->get("target");
    if (!target) r.missing(*e.table, e.path + ".target");
    auto slots = read_target(r, m, target, e.path + ".target", p.target);
    // One distribution per value: of two on the same values (one target
    // twice, or productivity.gain and productivity.gain.<group>) the later
    // would silently win, and one target's stream would be drawn twice.
    if (slots)
      for (const UncertainParameter& earlier : m.uncertainty)
        if (overlap(m, earlier.target, p.target)) {
          r.error(
              *target, e.path + ".target",
              fmt::format("'{}' draws values that '{}' already draws (one distribution per value)",
                          p.target, earlier.target));
          break;
        }
    const toml::node* per_year = e.table->get("per_year");
    p.per_year = r.boolean(per_year, e.path + ".per_year").value_or(false);
    if (p.per_year && slots && slots->single)
      r.error(*per_year, e.path + ".per_year",
              fmt::format("not allowed: {} is one value for the whole plan, drawn once", p.target));

    const toml::node* dist = e.table->get("dist");
    if (!dist) r.missing(*e.table, e.path + ".dist");
    auto name = r.string(dist, e.path + ".dist");
    auto shape = std::find_if(shapes.begin(), shapes.end(),
                              [&](const Shape& s) { return name && s.name == *name; });
    if (name && shape == shapes.end())
      r.error(
          *dist, e.path + ".dist",
          fmt::format("unknown distribution '{}' (normal, uniform, triangular, beta or lognormal)",
                      *name));
    if (shape == shapes.end()) {
      r.check_keys(*e.table, e.path,
                   {"target", "dist", "per_year", "mean", "sd", "low", "high", "mode", "alpha",
                    "beta", "median", "sigma"});
      m.uncertainty.push_back(std::move(p));
      continue;
    }
    p.dist = shape->dist;
    if (p.dist == Distribution::beta && slots && !slots->is_share())
      r.error(*dist, e.path + ".dist",
              fmt::format("beta draws a share in (0, 1), but {} is not a rate or share (lognormal "
                          "draws a multiplier)",
                          p.target));
    std::vector<std::string_view> keys = {"target", "dist", "per_year"};
    keys.insert(keys.end(), shape->params.begin(), shape->params.end());
    r.check_keys(*e.table, e.path, keys);

    auto param = [&](std::string_view key, const ValueRange& allowed) {
      const toml::node* node = e.table->get(key);
      if (!node) r.missing(*e.table, e.path + "." + std::string(key));
      return r.number(node, e.path + "." + std::string(key), allowed);
    };
    auto check = [&](std::string_view key, std::optional<double> v, const ValueRange& allowed) {
      if (v && !allowed.contains(*v))
        r.error(*e.table->get(key), e.path + "." + std::string(key), range_message(allowed, *v));
    };
    const ValueRange values = slots ? slots->range : kAnyNumber;
    std::optional<double> p1, p2, p3;
    switch (p.dist) {
      case Distribution::normal:
        p1 = param("mean", kAnyNumber);
        check("mean", p1, values);
        p2 = param("sd", kPositive);
        break;
      case Distribution::uniform:
        p1 = param("low", kAnyNumber);
        p2 = param("high", kAnyNumber);
        check("low", p1, values);
        check("high", p2, values);
        if (p1 && p2 && !(*p2 > *p1))
          r.error(*e.table->get("high"), e.path + ".high",
                  fmt::format("must be greater than low ({}), got {}", number_text(*p1),
                              number_text(*p2)));
        break;
      case Distribution::triangular:
        p1 = param("low", kAnyNumber);
        p2 = param("mode", kAnyNumber);
        p3 = param("high", kAnyNumber);
        check("low", p1, values);
        check("high", p3, values);
        if (p1 && p3 && !(*p3 > *p1))
          r.error(*e.table->get("high"), e.path + ".high",
                  fmt::format("must be greater than low ({}), got {}", number_text(*p1),
                              number_text(*p3)));
        else if (p1 && p2 && p3 && (*p2 < *p1 || *p2 > *p3))
          r.error(*e.table->get("mode"), e.path + ".mode",
                  fmt::format("must be between low and high ([{}, {}]), got {}", number_text(*p1),
                              number_text(*p3), number_text(*p2)));
        break;
      case Distribution::beta:
        p1 = param("alpha", kPositive);
        p2 = param("beta", kPositive);
        break;
      case Distribution::lognormal:
        p1 = param("median", kPositive);
        p2 = param("sigma", kPositive);
        break;
    }
    p.p1 = p1.value_or(0);
    p.p2 = p2.value_or(0);
    p.p3 = p3.value_or(0);
    if (p.dist != Distribution::lognormal && m.replicates > 1)
      check_change_kept(r, doc, m, e, p, *shape);
    m.uncertainty.push_back(std::move(p));
  }
}

void read_sweeps(Reader& r, const toml::table& doc, Model& m) {
  for (const Element& e : elements(r, doc.get("sweep"), "sweep", false)) {
    r.check_keys(*e.table, e.path, {"target", "values"});
    Sweep s;
    s.where = r.where(*e.table);
    const toml::node* target = e.table->get("target");
    if (!target) r.missing(*e.table, e.path + ".target");
    auto slots = read_target(r, m, target, e.path + ".target", s.target);
    const ValueRange range = slots ? slots->range : kAnyNumber;
    // A draw that replaces the value would undo the sweep (the variant
    // labelled 0.5 would run at the draw); a lognormal multiplier composes.
    for (const UncertainParameter& u : m.uncertainty)
      if (slots && u.dist != Distribution::lognormal && overlap(m, s.target, u.target))
        r.error(*target, e.path + ".target",
                fmt::format("{} is also drawn from a {} distribution ({}:{}), which would "
                            "replace the swept values; only a lognormal multiplier may draw a "
                            "swept target",
                            s.target, distribution_name(u.dist), u.where.file, u.where.line));
    // Two sweeps of one parameter would give each variant two values for
    // it, and two coordinates of one name in the file.
    for (const Sweep& earlier : m.sweeps)
      if (slots && !earlier.target.empty() && overlap(m, s.target, earlier.target))
        r.error(*target, e.path + ".target",
                fmt::format("{} is already swept by the [[sweep]] at {}:{} ({}); list every "
                            "value in one [[sweep]]",
                            s.target, earlier.where.file, earlier.where.line, earlier.target));
    const toml::node* node = e.table->get("values");
    const std::string key = e.path + ".values";
    if (!node) {
      r.missing(*e.table, key);
    } else if (const toml::array* values = node->as_array()) {
      if (values->empty()) r.error(*node, key, "must not be empty");
      for (std::size_t i = 0; i < values->size(); ++i)
        if (auto v = r.number(values->get(i), fmt::format("{}[{}]", key, i), range))
          s.values.push_back(*v);
    } else {
      r.error(*node, key, "expected an array of numbers, got " + type_name(*node));
    }
    m.sweeps.push_back(std::move(s));
  }
}

}  // namespace

void build_checks(Reader& reader, const toml::table& document, Model& model) {
  read_assertions(reader, document, model);
  read_uncertainty(reader, document, model);
  read_sweeps(reader, document, model);
}

}  // namespace wfsim::scenario
